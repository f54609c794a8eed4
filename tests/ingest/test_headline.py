"""The page title's news opens a report whose body lacks it: site names and platform tails are not
news, a title the body already holds is not added twice, offsets keep pointing into the text."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from marsad.headline import Headliner, default_headliner
from marsad.ingest import RawDocument
from marsad.model import DocMeta
from marsad.output import document_record
from marsad.pipeline import Config, Pipeline

STRIKE = "مقتل أربعة مدنيين بقصف مدفعي على قرية الطويحينة غرب منبج"
BODY = ("قال مراسلنا إن القذائف سقطت صباح اليوم على منازل المدنيين في القرية، وإن فرق الإسعاف نقلت "
        "الجرحى إلى مشفى المدينة.")
# a page that kept only the site's list of other stories
STORY_LIST = ("افتتاح معرض للكتاب في مدينة الحسكة بمشاركة عشرات دور النشر\n\n"
              "ارتفاع أسعار الخبز في أسواق القامشلي مع بداية الشتاء\n\n"
              "فريق الجهاد يفوز على فريق عامودا في بطولة المنطقة لكرة القدم")


@pytest.fixture(scope="module")
def headliner() -> Headliner:
    return default_headliner()


@pytest.mark.parametrize("title", [
    f"{STRIKE} | شبكة الأخبار المحلية",
    f"{STRIKE} -ANHA",
    f"{STRIKE} - North Valley News",
    f"موقع الفرات اليوم - {STRIKE}",
    f"{STRIKE} Facebook Shared with Public",
    f'أبو خالد الحلبي on X: "{STRIKE}"',
    f"{STRIKE} | نبض الفرات {STRIKE} {STRIKE}",
])
def test_the_news_segment_is_taken_out_of_the_title(headliner: Headliner, title: str) -> None:
    assert headliner.headline(title, BODY, publisher="نبض الفرات") == STRIKE


def test_the_outlets_own_name_is_not_news(headliner: Headliner) -> None:
    assert headliner.headline("مركز الرقة الإعلامي Raqqa Media Center", BODY) is None
    assert headliner.headline("نبض الفرات", BODY, publisher="نبض الفرات") is None
    assert headliner.headline("Home | Latest", BODY) is None


def test_a_title_the_body_already_holds_is_not_added(headliner: Headliner) -> None:
    # quotes, hashes and diacritics differ between a title and its body line
    body = f'#عاجل\n\nمقتلُ أربعة مدنيين بقصف مدفعي على قرية "الطويحينة" غرب منبج\n\n{BODY}'
    assert headliner.headline(f"{STRIKE} - شبكة الأخبار", body) is None


def test_a_name_repeated_by_the_scraper_is_cut_to_one_copy(headliner: Headliner) -> None:
    assert headliner.segments("سامر عبد الكريم سامر عبد الكريم سامر عبد الكريم") == ["سامر عبد الكريم"]


@pytest.fixture(scope="module")
def engine() -> Pipeline:
    return Pipeline.default()


def _run(engine: Pipeline, text: str, title: str | None, doc_id: str | None = "p1"):
    raw = RawDocument(doc_id, text, None, DocMeta(published=dt.date(2024, 10, 3), title=title), "t")
    result = engine.process_raw(raw)
    assert result.doc is not None, result.error
    return result.doc


def test_a_page_of_other_stories_reports_what_its_title_says(engine: Pipeline) -> None:
    without = _run(engine, STORY_LIST, None)
    assert not [e for e in without.events if e.event_type == "Explosions/Remote violence"]

    doc = _run(engine, STORY_LIST, f"{STRIKE} | شبكة الأخبار المحلية")
    assert doc.headline is not None
    assert doc.text[doc.headline.start:doc.headline.end] == STRIKE
    assert doc.text.endswith(STORY_LIST)
    strikes = [e for e in doc.events if e.event_type == "Explosions/Remote violence"]
    assert strikes, [e.sub_event_type for e in doc.events]
    ev = strikes[0]
    assert doc.headline.start <= ev.trigger.start < doc.headline.end
    assert any(c.category == "killed" and c.low == 4 for c in ev.casualties)

    rec = document_record(doc)
    assert rec["headline"] == {"start": 0, "end": len(STRIKE)}
    trig = rec["events"][[e["id"] for e in rec["events"]].index(ev.id)]["trigger"]
    assert rec["text"][trig["start"]:trig["end"]] == trig["text"]


def test_the_body_keeps_its_id_and_the_headline_can_be_turned_off(engine: Pipeline) -> None:
    plain = _run(engine, STORY_LIST, None, doc_id=None)
    headed = _run(engine, STORY_LIST, STRIKE, doc_id=None)
    assert headed.headline is not None and plain.headline is None
    assert headed.id == plain.id  # an id made from the content does not move with the title

    off = dataclasses.replace(engine, config=Config(headline=False))
    doc = _run(off, STORY_LIST, STRIKE)
    assert doc.headline is None and doc.text == STORY_LIST


@pytest.mark.parametrize("flags,expect", [([], True), (["--no-headline"], False)])
def test_the_cli_reads_titles_unless_told_not_to(tmp_path, flags: list[str], expect: bool) -> None:
    import json

    from marsad.cli import EXIT_OK, main

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": STORY_LIST, "title": STRIKE, "published": "2024-10-03"},
                              ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(src), "-o", str(out), "-q", *flags]) == EXIT_OK
    rec = json.loads(out.read_text(encoding="utf-8"))
    assert (rec["headline"] is not None) is expect
    assert rec["text"].startswith(STRIKE) is expect
