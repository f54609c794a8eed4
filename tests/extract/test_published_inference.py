"""The publication date inferred from a byline when the input gives none (marsad.extract.published),
through the whole pipeline: relative dates then resolve against it, and the record says where it
came from. Bylines written for these tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from marsad.ingest import RawDocument
from marsad.model import DocMeta
from marsad.output import document_record
from marsad.pipeline import Pipeline

BODY = "قصفت قوات النظام بلدة كفرنبل أمس بالمدفعية الثقيلة."


def record(pipeline: Pipeline, text: str, published: dt.date | None = None,
           published_raw: str | None = None, url: str | None = None) -> dict[str, Any]:
    meta = DocMeta(published=published, published_raw=published_raw, publisher="موقع الاختبار", url=url)
    res = pipeline.process_raw(RawDocument(id="case", text=text, html=None, meta=meta, origin="case"))
    if res.doc is None:
        pytest.fail(f"the pipeline refused the case: {res.error!r}")
    return document_record(res.doc)


# (text, inferred publication date, date of the one event)
BYLINE_CASES = [
    ("دمشق - الثلاثاء 9 آذار 2021\n" + BODY, "2021-03-09", "2021-03-08"),
    ("القاهرة - الثلاثاء، ٩ مارس ٢٠٢١\n" + BODY, "2021-03-09", "2021-03-08"),
    ("March 9, 2021 · Shared with Public\n" + BODY, "2021-03-09", "2021-03-08"),
    ("7:36 PM · Nov 28, 2024\n" + BODY, "2024-11-28", "2024-11-27"),
    (BODY + "\n16 July 2025", "2025-07-16", "2025-07-15"),
]


@pytest.mark.parametrize(("text", "published", "event_day"), BYLINE_CASES)
def test_published_from_byline(pipeline: Pipeline, text: str, published: str, event_day: str) -> None:
    rec = record(pipeline, text)
    assert rec["published"] == published
    assert rec["published_from"] == "a date written in the text"
    assert any("inferred" in w for w in rec["warnings"])
    (ev,) = rec["events"]
    assert (ev["date"]["start"], ev["date"]["precision"], ev["date"]["anchor"]) == (event_day, "day", "published")


def test_published_from_metadata_string(pipeline: Pipeline) -> None:
    rec = record(pipeline, BODY, published_raw="16 يوليو 2025")
    assert (rec["published"], rec["published_from"]) == ("2025-07-16", "metadata")


def test_metadata_day_and_month_take_the_year_from_the_text(pipeline: Pipeline) -> None:
    rec = record(pipeline, "الأربعاء 16 تموز 2025\n" + BODY, published_raw="16 يوليو 2")
    assert rec["published"] == "2025-07-16"
    assert rec["published_from"] == "metadata day and month, year from the text"


def test_given_published_date_wins_over_a_byline(pipeline: Pipeline) -> None:
    rec = record(pipeline, "دمشق - الثلاثاء 9 آذار 2021\n" + BODY, published=dt.date(2021, 3, 12))
    assert (rec["published"], rec["published_from"]) == ("2021-03-12", "input")
    assert rec["events"][0]["date"]["start"] == "2021-03-11"


def test_no_byline_leaves_published_unknown(pipeline: Pipeline) -> None:
    rec = record(pipeline, BODY)
    assert (rec["published"], rec["published_from"]) == (None, None)
    assert rec["events"][0]["date"]["precision"] == "unknown"


def test_no_event_no_inference(pipeline: Pipeline) -> None:
    # the stage runs only for documents that report something: a byline alone changes nothing
    rec = record(pipeline, "دمشق - الثلاثاء 9 آذار 2021\nارتفعت أسعار الخبز في دمشق بنسبة عشرين بالمئة.")
    assert rec["published"] is None and rec["events"] == []


@pytest.mark.parametrize(("url", "published"), [
    # an X status id counts milliseconds since 2010-11-04 01:42:54.657 UTC in its top bits
    (f"https://x.com/someone/status/{(int(dt.datetime(2024, 11, 28, 12, tzinfo=dt.UTC).timestamp() * 1000) - 1288834974657) << 22}",
     "2024-11-28"),
    ("https://news.example.org/2021/03/09/strike-report/", "2021-03-09"),
])
def test_published_from_the_address(pipeline: Pipeline, url: str, published: str) -> None:
    rec = record(pipeline, BODY, url=url)
    assert (rec["published"], rec["published_from"]) == (published, "the address (URL)")
    assert rec["events"][0]["date"]["precision"] == "day"


def test_metadata_wins_over_the_address(pipeline: Pipeline) -> None:
    rec = record(pipeline, BODY, published_raw="16 يوليو 2025", url="https://news.example.org/2021/03/09/x/")
    assert rec["published"] == "2025-07-16"
