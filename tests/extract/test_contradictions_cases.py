"""Contradictions between the claims of different sources about one event, through the whole
pipeline; and none when sources agree or one source repeats itself. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from conftest import case_record, strict_xfail

from marsad.pipeline import Pipeline

PUB = dt.date(2021, 3, 10)

SOHR = "SOHR (Syrian Observatory for Human Rights)"
RU_MOD = "Russian Ministry of Defence"
CD = "Syria Civil Defence (White Helmets)"
ACT = "activists (unnamed)"

# the first sentence of the presence cases: a coalition strike "with Russian soldiers among" the dead
STRIKE = "قال المرصد السوري لحقوق الإنسان إن غارة للتحالف الدولي على قرية الشعفة أمس أسفرت عن مقتل 9 أشخاص بينهم جنود روس."  # noqa: E501

DISPUTE = "قال المرصد السوري لحقوق الإنسان إن 15 مدنياً قتلوا بغارة روسية على بلدة كفرنبل أمس. وقالت وزارة الدفاع الروسية إن الغارة أسفرت عن مقتل ثلاثة مسلحين فقط."  # noqa: E501

Found = tuple[str, str, str]  # (field, first side's source canonical, second side's source canonical)


xfail = strict_xfail


def record(pipeline: Pipeline, text: str) -> dict[str, Any]:
    return case_record(pipeline, text, PUB)


def found(rec: dict[str, Any]) -> list[Found]:
    src = {c["id"]: c["source"]["canonical"] for c in rec["claims"]}
    events = {e["id"] for e in rec["events"]}
    out = []
    for x in rec["contradictions"]:
        assert x["event"] in events and len(x["claims"]) == 2 and x["summary"]
        out.append((x["field"], src[x["claims"][0]], src[x["claims"][1]]))
    return sorted(out)


CASES = [
    # casualties: two sources, figures far apart
    (DISPUTE, [("casualties", SOHR, RU_MOD)]),
    ("قال الدفاع المدني السوري إن 4 أشخاص أصيبوا بقصف مدفعي لقوات النظام على مدينة أريحا أمس. وتحدث ناشطون عن سقوط نحو 40 شخصاً بين قتيل وجريح في القصف.", [("casualties", CD, ACT)]),  # noqa: E501
    # agreement, or figures within tolerance: nothing
    ("قال المرصد السوري لحقوق الإنسان إن 15 مدنياً قتلوا بغارة روسية على بلدة كفرنبل أمس. وقال الدفاع المدني السوري إن الغارة أسفرت عن مقتل 15 مدنياً.", []),  # noqa: E501
    ("قال المرصد السوري إن قصف قوات النظام على بلدة كفرنبل أمس أسفر عن مقتل نحو 10 أشخاص. وقال الدفاع المدني السوري إن القصف أسفر عن مقتل 11 شخصاً.", []),  # noqa: E501
    # one source revising itself is not a contradiction
    ("قال المرصد السوري لحقوق الإنسان إن 40 شخصاً قتلوا بغارة روسية على بلدة كفرنبل أمس. وقال المرصد السوري في وقت لاحق إن الغارة أسفرت عن مقتل 4 أشخاص.", []),  # noqa: E501
    # presence: "بينهم جنود روس" against "عدم وجود عسكريين روس"
    (STRIKE + " وأكدت وزارة الدفاع الروسية عدم وجود عسكريين روس في القرية لحظة الغارة الأمريكية.", [("presence", SOHR, RU_MOD)]),  # noqa: E501
    # presence asserted twice by different sources: agreement
    (STRIKE + " وقال الدفاع المدني السوري إن الغارة قتلت 9 أشخاص بينهم جنود روس.", []),
    # a denial of the event
    ("قال ناشطون إن طائرات روسية قصفت مستشفى في بلدة كفرنبل أمس. ونفت وزارة الدفاع الروسية أن تكون طائراتها قد قصفت البلدة.", [("other", ACT, RU_MOD)]),  # noqa: E501
    # a single source: nothing to contradict
    ("قصفت قوات النظام بلدة كفرنبل أمس، ما أدى إلى مقتل ثلاثة مدنيين وإصابة عشرة آخرين.", []),
    pytest.param(STRIKE + " ونفت وزارة الدفاع الروسية وجود جنود روس في القرية عند وقوع الغارة.", [("presence", SOHR, RU_MOD)], marks=xfail("نفت وجود جنود روس: the soldiers named in the denial become actor1 of a second strike event, so the presence dispute is lost and the denial is read as denying the strike")),  # noqa: E501
    pytest.param(STRIKE + " وأكدت وزارة الدفاع الروسية عدم وجود عسكريين روس في موقع الغارة.", [("presence", SOHR, RU_MOD)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_contradictions(pipeline: Pipeline, text: str, expected: list[Found]) -> None:
    assert found(record(pipeline, text)) == sorted(expected)


def test_contradiction_summary_names_both_figures(pipeline: Pipeline) -> None:
    rec = record(pipeline, DISPUTE)
    (x,) = rec["contradictions"]
    assert "15" in x["summary"] and "3" in x["summary"]
