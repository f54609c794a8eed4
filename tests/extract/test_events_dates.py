"""Event dates resolved against the publication date, and background (earlier context) events,
through the whole pipeline. Sentences written for these tests; published is Wednesday 10 March 2021."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from conftest import case_record, strict_xfail

from marsad.pipeline import Pipeline

PUB = dt.date(2021, 3, 10)  # a Wednesday


xfail = strict_xfail


record = case_record


def only_event(rec: dict[str, Any]) -> dict[str, Any]:
    assert len(rec["events"]) == 1, [(e["event_type"], e["trigger"]["text"]) for e in rec["events"]]
    ev: dict[str, Any] = rec["events"][0]
    return ev


# (text, start, end, precision, anchor)
DATE_CASES = [
    ("قصفت قوات النظام بلدة كنصفرة يوم الخميس.", "2021-03-04", "2021-03-04", "day", "published"),
    ("قصفت قوات النظام بلدة كنصفرة أمس.", "2021-03-09", "2021-03-09", "day", "published"),
    ("قصف الطيران الروسي أطراف مدينة سراقب فجر اليوم.", "2021-03-10", "2021-03-10", "day", "published"),
    ("قصفت قوات النظام بلدة كنصفرة في 7 آذار.", "2021-03-07", "2021-03-07", "day", "published"),
    ("قصفت قوات النظام بلدة كنصفرة في 7 شباط.", "2021-02-07", "2021-02-07", "day", "published"),
    ("قصفت قوات النظام بلدة كنصفرة في 12 آذار.", "2020-03-12", "2020-03-12", "day", "published"),
    ("قصفت قوات النظام بلدة كنصفرة في 5 فبراير.", "2021-02-05", "2021-02-05", "day", "published"),
    ("قصفت قوات النظام بلدة كنصفرة في السابع من شهر آذار.", "2021-03-07", "2021-03-07", "day", "published"),
    ("قصفت قوات النظام بلدة كنصفرة في 7 شباط 2019.", "2019-02-07", "2019-02-07", "day", "text"),
    ("قصفت قوات النظام بلدة كنصفرة الأسبوع الماضي.", "2021-02-28", "2021-03-06", "week", "published"),
    ("وقال المرصد السوري يوم الثلاثاء إن قوات النظام قصفت بلدة كنصفرة يوم الأحد.", "2021-03-07", "2021-03-07", "day", "published"),  # noqa: E501
]


@pytest.mark.parametrize(("text", "start", "end", "precision", "anchor"), DATE_CASES)
def test_event_date(pipeline: Pipeline, text: str, start: str, end: str, precision: str, anchor: str) -> None:
    d = only_event(record(pipeline, text))["date"]
    assert (d["start"], d["end"], d["precision"], d["anchor"]) == (start, end, precision, anchor)


# A date beside a reporting verb is the date of the statement, not of the event.
STATEMENT_DATE_CASES = [
    ("وقال المرصد السوري، يوم الثلاثاء، إن طائرات روسية قصفت بلدة كنصفرة.", "2021-03-09"),
    ("قالت وزارة الدفاع الروسية، يوم الإثنين، إن طيرانها قصف مواقع لهيئة تحرير الشام قرب كبانة.", "2021-03-08"),
    ("قال المتحدث باسم البنتاغون يوم الاثنين إن غارة أمريكية قتلت قيادياً في تنظيم القاعدة قرب إدلب الأسبوع الماضي.", "2021-03-08"),  # noqa: E501
]


@pytest.mark.parametrize(("text", "statement_day"), STATEMENT_DATE_CASES)
def test_statement_date_is_not_the_event_date(pipeline: Pipeline, text: str, statement_day: str) -> None:
    rec = record(pipeline, text)
    ev = only_event(rec)
    d = ev["date"]
    assert not (d["precision"] == "day" and d["start"] == statement_day), d
    if d.get("text_start") is not None:
        # whatever date it took, it is not the one written next to the reporting verb
        assert rec["text"][d["text_start"]:d["text_end"]] == d["text"]
        assert "يوم الإثنين" not in d["text"] and "يوم الاثنين" not in d["text"] and "يوم الثلاثاء" not in d["text"]


def test_no_published_date_is_never_today(pipeline: Pipeline) -> None:
    rec = record(pipeline, "قصفت قوات النظام بلدة كفرنبل أمس بالمدفعية الثقيلة.", published=None)
    d = only_event(rec)["date"]
    assert rec["published"] is None
    assert (d["start"], d["end"], d["precision"], d["anchor"]) == (None, None, "unknown", "none")


def test_undated_event_is_the_week_before_publication(pipeline: Pipeline) -> None:
    d = only_event(record(pipeline, "قصفت طائرات النظام مدينة معرة النعمان بعدة صواريخ."))["date"]
    assert (d["start"], d["end"], d["precision"], d["anchor"], d["text"]) == (
        "2021-03-09", "2021-03-10", "week", "published", None)


# ----------------------------------------------------------------------------- background

# (text, background flags of the events, in the order their triggers appear in the text)
BACKGROUND_CASES = [
    ("قصفت قوات النظام بلدة كنصفرة أمس. وكانت طائرات روسية قد قصفت البلدة نفسها في 3 تشرين الأول 2020.", [False, True]),  # noqa: E501
    ("قصفت قوات النظام بلدة كنصفرة أمس. وسبق أن قصفت طائرات روسية مدينة سراقب الشهر الماضي.", [False, True]),
    ("قصفت قوات النظام بلدة كنصفرة في 7 شباط.", [True]),
    ("قصفت قوات النظام بلدة كنصفرة في 7 آذار.", [False]),
    ("قصفت قوات النظام بلدة كنصفرة الأسبوع الماضي.", [False]),
    pytest.param("قصفت قوات النظام بلدة كنصفرة أمس. يذكر أن طائرات التحالف استهدفت مواقع لتنظيم الدولة في المنطقة قبل عامين.", [False, True]),  # noqa: E501
]


@pytest.mark.parametrize(("text", "flags"), BACKGROUND_CASES)
def test_background(pipeline: Pipeline, text: str, flags: list[bool]) -> None:
    evs = sorted(record(pipeline, text)["events"], key=lambda e: e["trigger"]["start"])
    assert [e["background"] for e in evs] == flags


def test_background_event_keeps_its_own_date(pipeline: Pipeline) -> None:
    rec = record(pipeline, "قصفت قوات النظام بلدة كنصفرة أمس. وكانت طائرات روسية قد قصفت البلدة نفسها في 3 تشرين الأول 2020.")  # noqa: E501
    bg = [e for e in rec["events"] if e["background"]]
    assert len(bg) == 1
    assert (bg[0]["date"]["start"], bg[0]["date"]["precision"]) == ("2020-10-03", "day")
    assert {a["canonical"] for a in bg[0]["actors"] if a["role"] == "actor1"} == {"Russian military"}
