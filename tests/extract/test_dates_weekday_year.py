"""A document without a publication date: a weekday written with a day and month gives the year
(the most recent one, up to the day of the run, in which that day fell on that weekday)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import text_doc
from hypothesis import given
from hypothesis import strategies as st

from marsad.extract.dates import Calendar, find_dates, pinned_by_weekday
from marsad.extract.published import infer_published
from marsad.ingest import RawDocument
from marsad.model import DocMeta
from marsad.pipeline import Config, Pipeline

CAL = Calendar.load()
RUN_DAY = dt.date(2026, 11, 25)


def dates(text: str, latest: dt.date | None = RUN_DAY) -> list[tuple[str | None, str]]:
    doc = text_doc(text)  # no publication date
    return [(d.value.start.isoformat() if d.value.start else None, d.value.anchor)
            for d in find_dates(doc, CAL, latest)]


@pytest.mark.parametrize("text,expected", [
    # 16 October fell on a Saturday in 2021 (and in 2010, 2027): 2021 is the recent past one
    ("قصفت المدفعية القرية يوم السبت 16 تشرين الأول، وقتل مدنيان.", "2021-10-16"),
    ("وقعت الغارة مساء الأربعاء 3 نيسان على أطراف البلدة.", "2024-04-03"),
    ("استهدفت مسيرة سيارة يوم الخميس، 9 كانون الثاني/يناير، قرب الحاجز.", "2025-01-09"),
    ("قُتل ثلاثة أشخاص اليوم الإثنين 8 أيلول في انفجار عبوة.", "2025-09-08"),
])
def test_the_weekday_gives_the_year(text: str, expected: str) -> None:
    assert dates(text) == [(expected, "weekday")]


def test_without_a_weekday_or_a_run_day_the_year_stays_unknown() -> None:
    assert dates("قصفت المدفعية القرية في 16 تشرين الأول، وقتل مدنيان.") == [(None, "none")]
    assert dates("قصفت المدفعية القرية يوم السبت 16 تشرين الأول.", latest=None) == [(None, "none")]


def test_a_publication_date_still_wins() -> None:
    doc = text_doc("قصفت المدفعية القرية يوم السبت 16 تشرين الأول.", published=dt.date(2027, 10, 20))
    [d] = find_dates(doc, CAL, RUN_DAY)
    assert (d.value.start, d.value.anchor) == (dt.date(2027, 10, 16), "published")


def test_no_date_after_the_run_day() -> None:
    # 24 November 2026 is a Tuesday and before the run day; 1 December 2026 (a Tuesday) is after it
    assert dates("وقع الانفجار يوم الثلاثاء 24 تشرين الثاني.") == [("2026-11-24", "weekday")]
    assert dates("وقع الانفجار يوم الثلاثاء 1 كانون الأول.") == [("2020-12-01", "weekday")]


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=RUN_DAY))
def test_pinned_dates_fall_on_their_weekday_and_not_later(day: dt.date) -> None:
    got = pinned_by_weekday(RUN_DAY, day.month, day.day, day.weekday())
    assert got is not None
    assert got.weekday() == day.weekday() and (got.month, got.day) == (day.month, day.day)
    assert day <= got <= RUN_DAY  # the most recent match, never a later one


def test_today_with_its_weekday_is_the_publication_day() -> None:
    doc = text_doc("إدلب - اليوم الأحد 12 أيار\n\nقصفت قوات النظام أمس بلدة كنصفرة بالمدفعية الثقيلة.")
    infer_published(doc, CAL, RUN_DAY)
    assert doc.meta.published == dt.date(2024, 5, 12)
    assert "weekday" in doc.meta.extra["published_from"]


def test_through_the_pipeline_relative_dates_follow() -> None:
    engine = Pipeline.default(Config(latest_date=RUN_DAY))
    text = ("اليوم الأحد 12 أيار\n\nقصفت قوات النظام أمس بلدة كنصفرة في ريف إدلب بالمدفعية الثقيلة، "
            "ما أدى إلى مقتل مدنيين اثنين.")
    result = engine.process_raw(RawDocument("w", text, None, DocMeta(), "w"))
    assert result.doc is not None
    assert result.doc.meta.published == dt.date(2024, 5, 12)
    [ev] = [e for e in result.doc.events if not e.background]
    assert ev.date.start == dt.date(2024, 5, 11)  # أمس, from the pinned day
