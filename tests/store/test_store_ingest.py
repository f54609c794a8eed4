"""Store: idempotent ingest, round trip of a spec §2 record, schema versioning."""

from __future__ import annotations

import copy
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from marsad.errors import StoreError
from marsad.store import Store

TEXT = (
    "قالت وكالة الأنباء الرسمية إن غارة جوية استهدفت موقعاً قرب بلدة خشام يوم الأربعاء، "
    "ما أدى إلى إصابة 12 عنصراً، فيما تحدث مرصد حقوقي عن مقتل نحو 20 عنصراً."
)


def spec_record(doc_id: str = "doc-1", text: str = TEXT) -> dict[str, Any]:
    """A record shaped as spec §2, built by hand."""
    return {
        "doc_id": doc_id,
        "published": "2018-02-08",
        "publisher": "أمثلة مرصد",
        "url": "https://example.org/a",
        "title": "غارة قرب خشام",
        "language": "ar",
        "text": text,
        "events": [
            {
                "id": "e1",
                "event_type": "Explosions/Remote violence",
                "sub_event_type": "Air/drone strike",
                "background": False,
                "trigger": {"text": "غارة", "start": 31, "end": 35},
                "date": {"start": "2018-02-07", "end": "2018-02-07", "precision": "day",
                         "anchor": "published", "text": "يوم الأربعاء"},
                "location": {"text": "خشام", "name_en": "Khasham", "lat": 35.30088, "lon": 40.28916,
                             "country": "SY", "admin1": "Deir ez-Zor", "precision": 1,
                             "gazetteer_id": "wof:1276330927"},
                "actors": [
                    {"role": "actor1", "text": "غارة جوية", "canonical": "Unidentified air force",
                     "country": None, "kind": "unknown"},
                    {"role": "actor2", "text": "عنصراً", "canonical": "Syrian pro-government forces",
                     "country": "SY", "kind": "pro_government_militia"},
                ],
                "casualties": [
                    {"category": "injured", "group": "combatants", "low": 12, "high": 12,
                     "approximate": False, "claim": "c1", "text": "إصابة 12 عنصراً"},
                    {"category": "killed", "group": "combatants", "low": 20, "high": 20,
                     "approximate": True, "claim": "c2", "text": "مقتل نحو 20 عنصراً"},
                ],
                "claims": ["c1", "c2"],
                "evidence": [{"start": 0, "end": 70}],
            },
            {
                "id": "e2",
                "event_type": "Battles",
                "sub_event_type": "Armed clash",
                "background": True,
                "date": {"start": None, "end": None, "precision": "unknown", "anchor": "none"},
                "location": None,
                "actors": [],
                "casualties": [],
                "claims": [],
                "evidence": [],
            },
        ],
        "claims": [
            {"id": "c1", "source": {"text": "وكالة الأنباء الرسمية", "canonical": "State news agency",
                                    "kind": "media", "country": "SY"},
             "via": [], "stance": "asserts", "cue": "قالت", "events": ["e1"],
             "evidence": {"start": 0, "end": 70}},
            {"id": "c2", "source": {"text": "مرصد حقوقي", "canonical": "Human rights monitor",
                                    "kind": "ngo", "country": None},
             "via": [], "stance": "asserts", "cue": "تحدث", "events": ["e1"],
             "evidence": {"start": 80, "end": 130}},
        ],
        "contradictions": [
            {"field": "casualties", "event": "e1", "claims": ["c1", "c2"],
             "summary": "12 injured vs about 20 killed"},
        ],
        "places": [
            {"text": "خشام", "start": 58, "end": 62, "name_en": "Khasham", "lat": 35.30088,
             "lon": 40.28916, "country": "SY", "admin1": "Deir ez-Zor", "feature": "town",
             "gazetteer_id": "wof:1276330927", "confidence": 0.9},
        ],
    }


@pytest.fixture
def store(tmp_path: Path) -> Any:
    with Store.open(tmp_path / "marsad.db") as opened:
        yield opened


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_same_document_twice_is_stored_once(store: Store, tmp_path: Path) -> None:
    assert store.add(spec_record()) is True
    assert store.add(copy.deepcopy(spec_record())) is False
    assert store.count_documents() == 1
    assert store.count_events() == 2
    db = tmp_path / "marsad.db"
    assert rows(db, "SELECT COUNT(*) FROM casualties") == [(2,)]
    assert rows(db, "SELECT COUNT(*) FROM claims") == [(2,)]
    assert rows(db, "SELECT COUNT(*) FROM contradictions") == [(1,)]


def test_same_id_with_new_text_replaces_the_document_and_its_rows(store: Store, tmp_path: Path) -> None:
    store.add(spec_record())
    corrected = spec_record(text=TEXT + " وأضافت الوكالة أن فرق الإسعاف نقلت المصابين.")
    corrected["events"] = corrected["events"][:1]
    assert store.add(corrected) is True
    assert store.count_documents() == 1
    assert [e["id"] for e in store.events()] == ["e1"]
    stored = store.record("doc-1")
    assert stored is not None and stored["text"] == corrected["text"]


def test_two_documents_are_both_stored(store: Store) -> None:
    assert store.add(spec_record("doc-1"))
    assert store.add(spec_record("doc-2"))
    assert store.count_documents() == 2
    assert {e["doc_id"] for e in store.events()} == {"doc-1", "doc-2"}


def test_record_round_trips_unchanged(store: Store) -> None:
    record = spec_record()
    store.add(record)
    assert store.record("doc-1") == record
    assert store.record("no-such-doc") is None


def test_event_rows_carry_the_record_fields(store: Store) -> None:
    store.add(spec_record())
    events = {e["id"]: e for e in store.events()}
    e1 = events["e1"]
    assert (e1["event_type"], e1["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert (e1["date_start"], e1["date_end"], e1["date_precision"]) == ("2018-02-07", "2018-02-07", "day")
    assert (e1["location_text"], e1["lat"], e1["lon"]) == ("خشام", 35.30088, 40.28916)
    assert (e1["actor1"], e1["actor2"]) == ("Unidentified air force", "Syrian pro-government forces")
    assert e1["background"] is False
    assert e1["casualties"] == [
        {"category": "injured", "grp": "combatants", "low": 12, "high": 12, "approximate": False,
         "claim_id": "c1"},
        {"category": "killed", "grp": "combatants", "low": 20, "high": 20, "approximate": True,
         "claim_id": "c2"},
    ]
    e2 = events["e2"]
    assert e2["background"] is True
    assert (e2["date_start"], e2["location_text"], e2["actor1"]) == (None, None, None)


def test_claims_and_contradictions_rows(store: Store, tmp_path: Path) -> None:
    store.add(spec_record())
    db = tmp_path / "marsad.db"
    assert rows(db, "SELECT claim_id, source_canonical, source_kind, stance, cue FROM claims ORDER BY claim_id") == [
        ("c1", "State news agency", "media", "asserts", "قالت"),
        ("c2", "Human rights monitor", "ngo", "asserts", "تحدث"),
    ]
    assert rows(db, "SELECT event_id, field, claims_json, summary FROM contradictions") == [
        ("e1", "casualties", '["c1", "c2"]', "12 injured vs about 20 killed"),
    ]
    assert rows(db, "SELECT published, publisher, url, title FROM documents") == [
        ("2018-02-08", "أمثلة مرصد", "https://example.org/a", "غارة قرب خشام"),
    ]


def test_events_limit_and_doc_filter(store: Store) -> None:
    store.add(spec_record("doc-1"))
    store.add(spec_record("doc-2"))
    assert len(store.events(limit=3)) == 3
    assert {e["doc_id"] for e in store.events(doc_id="doc-2")} == {"doc-2"}


@pytest.mark.parametrize("doc_id", ["it's", 'say "hi"', "x'); DROP TABLE documents; --", "تقرير-١"])
def test_awkward_ids_are_stored_as_values(store: Store, doc_id: str) -> None:
    assert store.add(spec_record(doc_id))
    assert store.record(doc_id) is not None
    assert "documents" in store.tables()


@pytest.mark.parametrize("broken", [{"text": TEXT}, {"doc_id": "", "text": TEXT}, {"doc_id": "d"}])
def test_record_without_id_or_text_is_a_store_error(store: Store, broken: dict[str, Any]) -> None:
    with pytest.raises(StoreError):
        store.add(broken)
    assert store.count_documents() == 0


def test_documents_persist_across_connections(tmp_path: Path) -> None:
    db = tmp_path / "sub" / "marsad.db"
    with Store.open(db) as first:
        first.add(spec_record())
    with Store.open(db) as second:
        assert second.count_documents() == 1
        assert second.add(spec_record()) is False
