"""What the incident builder counts as evidence that two reports tell of one event: publication
dates read from addresses, the extraction stage's default date, places named elsewhere in a text,
and text similarity when a date is missing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from conftest import incident_source_record

from marsad.extract.posted import date_from_url
from marsad.incidents import IncidentCorpus, Report

_SNOWFLAKE_EPOCH_MS = 1288834974657


def _x_status_id(when: dt.datetime) -> int:
    return (int(when.timestamp() * 1000) - _SNOWFLAKE_EPOCH_MS) << 22 | 4095


def _undated(record: dict[str, Any], url: str | None = None) -> dict[str, Any]:
    """The record as a scraped post: no publication date, no date in the text."""
    record = dict(record, published=None, url=url)
    [event] = record["events"]
    record["events"] = [dict(event, date={"start": None, "end": None, "precision": "unknown", "anchor": "none"})]
    return record


def _groups(records: list[dict[str, Any]]) -> list[set[str]]:
    corpus = IncidentCorpus()
    corpus.add_records(records)
    return sorted(({m["doc_id"] for m in i["members"]} for i in corpus.incidents()), key=sorted)


@pytest.mark.parametrize("url, day", [
    (f"https://x.com/someone/status/{_x_status_id(dt.datetime(2024, 12, 6, 13, 19, tzinfo=dt.UTC))}",
     dt.date(2024, 12, 6)),
    (f"https://twitter.com/someone/status/{_x_status_id(dt.datetime(2021, 9, 30, 23, 59, tzinfo=dt.UTC))}?s=20",
     dt.date(2021, 9, 30)),
    ("https://example-news.net/2022/08/06/%d8%a7%d9%84%d9%82%d8%a7%d9%85%d8%b4%d9%84%d9%8a/", dt.date(2022, 8, 6)),
    ("https://example-news.net/ar/2019-10-22/strike", dt.date(2019, 10, 22)),
    ("https://www.facebook.com/page/posts/4762106697173200", None),
    ("https://example-news.net/2022/13/40/slug", None),
    ("https://example-news.net/archive/1999/12/31/slug", None),
    (None, None),
])
def test_posting_day_from_the_address(url: str | None, day: dt.date | None) -> None:
    assert date_from_url(url) == day


def test_a_post_without_dates_is_dated_by_its_address_and_joins_the_strike() -> None:
    dated = incident_source_record("a", killed=(3, 3), source="Syrian Civil Defence", day="2020-03-03",
                                   text="الدفاع المدني: ثلاثة قتلى بغارة روسية على معرة مصرين صباح اليوم")
    post = _undated(incident_source_record("b", killed=(3, 3), source="local page", day="2020-03-03",
                                           text="عاجل | مجزرة في معرة مصرين جراء قصف الطيران الروسي"),
                    url="https://local-news.example/2020/03/03/strike-on-the-town/")
    bare = _undated(incident_source_record("c", killed=(3, 3), source="local page", day="2020-03-03",
                                           text="رحم الله شهداء بلدتنا الذين ارتقوا بالقصف الغادر"))
    corpus = IncidentCorpus()
    _, [report] = corpus.extractor.extract(post)
    assert (report.day_lo, report.day_hi, report.dated_by) == (dt.date(2020, 3, 2), dt.date(2020, 3, 3), "published")
    _, [no_date] = corpus.extractor.extract(bare)
    assert no_date.day_lo is None and no_date.dated_by == "none"
    # The dated post joins; the one with nothing but its place and type stays on its own.
    assert _groups([dated, post, bare]) == [{"a", "b"}, {"c"}]


def test_the_extraction_default_date_counts_as_the_publication_date() -> None:
    record = incident_source_record("a", killed=None, source="Syrian Civil Defence", day="2020-03-03")
    [event] = record["events"]
    event["date"] = {"start": "2020-03-02", "end": "2020-03-03", "precision": "week", "anchor": "published",
                     "text": None}
    _, [report] = IncidentCorpus().extractor.extract(record)
    assert report.dated_by == "published"
    event["date"] = dict(event["date"], text="أمس", precision="day", start="2020-03-02", end="2020-03-02")
    _, [report] = IncidentCorpus().extractor.extract(record)
    assert (report.dated_by, report.day_lo) == ("event", dt.date(2020, 3, 2))


def test_a_place_named_in_the_other_text_brings_next_day_reports_together() -> None:
    def pair(named: bool) -> list[set[str]]:
        a = incident_source_record("a", killed=None, source="Syrian Civil Defence", day="2020-03-03")
        b = incident_source_record("b", killed=None, source="Syrian Observatory for Human Rights",
                                   day="2020-03-04", lat=35.93, lon=36.85)  # 20 km east, a day later
        b["events"][0]["location"] = dict(b["events"][0]["location"], gazetteer_id="x:2", text="تفتناز")
        b["places"] = [{"text": "تفتناز", "gazetteer_id": "x:2", "feature": "town"},
                       {"text": "سوريا", "gazetteer_id": "x:sy", "feature": "country"}]
        if named:
            b["places"].append({"text": "معرة مصرين", "gazetteer_id": "x:1", "feature": "town"})
        return _groups([a, b])

    assert pair(named=True) == [{"a", "b"}]
    assert pair(named=False) == [{"a"}, {"b"}]


def test_without_dates_only_the_text_can_join() -> None:
    story = ("قصفت طائرات حربية روسية بلدة معرة مصرين شمال إدلب فجر اليوم ما أدى إلى مقتل ثلاثة مدنيين "
             "بينهم طفل وإصابة آخرين بجروح، وفق ما أفاد الدفاع المدني السوري")
    other = "شهداء وجرحى في قصف جوي على ريف إدلب الشمالي والدفاع المدني ينتشل الضحايا من تحت الأنقاض"
    first = _undated(incident_source_record("a", killed=(3, 3), source="local page", text=story))
    copy = _undated(incident_source_record("b", killed=(3, 3), source="other page", text=story + " #إدلب"))
    reworded = _undated(incident_source_record("c", killed=(3, 3), source="third page", text=other))
    assert _groups([first, copy, reworded]) == [{"a", "b"}, {"c"}]


def test_reports_keep_the_places_of_their_document_when_stored() -> None:
    record = incident_source_record("a", killed=(3, 3), source="Syrian Civil Defence")
    record["places"] = [{"text": "معرة مصرين", "gazetteer_id": "x:1", "feature": "town"},
                        {"text": "إدلب", "gazetteer_id": "x:idlib", "feature": "city"},
                        {"text": "سوريا", "gazetteer_id": "x:sy", "feature": "country"}]
    _, [report] = IncidentCorpus().extractor.extract(record)
    assert report.places == frozenset({"x:1", "x:idlib"})
    assert Report.from_dict(report.as_dict()) == report
    stored_before = {k: v for k, v in report.as_dict().items() if k != "places"}
    assert Report.from_dict(stored_before).places == frozenset()
