"""Store: idempotent ingest, replacement, all-or-nothing batches, round trip of a spec §2 record."""

from __future__ import annotations

import copy
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from store.kit import PLACE, TEXT, spec_record, sql_rows

from marsad.errors import StoreError
from marsad.store import EventQuery, Store

pytest_plugins = ("store.fixtures",)


def test_same_document_twice_is_stored_once(store: Store) -> None:
    assert store.add(spec_record()) is True
    assert store.add(copy.deepcopy(spec_record())) is False
    assert store.count_documents() == 1
    assert store.count_events() == 2
    assert sql_rows(store, "SELECT COUNT(*) FROM casualties") == [(2,)]
    assert sql_rows(store, "SELECT COUNT(*) FROM claims") == [(2,)]
    assert sql_rows(store, "SELECT COUNT(*) FROM contradictions") == [(1,)]
    assert sql_rows(store, "SELECT COUNT(*) FROM places") == [(1,)]


def test_same_id_with_new_text_replaces_the_document_and_its_rows(store: Store) -> None:
    store.add(spec_record())
    corrected = spec_record(text=TEXT + " وأضافت الوكالة أن فرق الإسعاف نقلت المصابين.")
    corrected["events"] = corrected["events"][:1]
    corrected["places"] = []
    assert store.add(corrected) is True
    assert store.count_documents() == 1
    assert [e["id"] for e in store.events(EventQuery(background="include")).items] == ["doc-1:e1"]
    assert sql_rows(store, "SELECT COUNT(*) FROM places") == [(0,)]
    stored = store.record("doc-1")
    assert stored is not None and stored["text"] == corrected["text"]
    assert store.document_hashes()["doc-1"] != store.document_hashes().get("doc-2")


def test_two_documents_are_both_stored(store: Store) -> None:
    assert store.add(spec_record("doc-1"))
    assert store.add(spec_record("doc-2"))
    assert store.count_documents() == 2
    assert {e["doc_id"] for e in store.events(EventQuery(background="include")).items} == {"doc-1", "doc-2"}


def test_record_round_trips_unchanged(store: Store) -> None:
    record = spec_record()
    store.add(record)
    assert store.record("doc-1") == record
    assert store.record("no-such-doc") is None


def test_records_and_hashes_in_doc_id_order(store: Store) -> None:
    for doc_id in ("doc-b", "doc-a", "doc-c"):
        store.add(spec_record(doc_id))
    assert [r["doc_id"] for r in store.records()] == ["doc-a", "doc-b", "doc-c"]
    assert [r["doc_id"] for r in store.records(["doc-c", "doc-a", "nope"])] == ["doc-a", "doc-c"]
    assert list(store.document_hashes()) == ["doc-a", "doc-b", "doc-c"]


def test_event_summary_carries_the_record_fields(store: Store) -> None:
    store.add(spec_record())
    events = {e["id"]: e for e in store.events(EventQuery(background="include")).items}
    e1 = events["doc-1:e1"]
    assert e1 == {
        "id": "doc-1:e1", "doc_id": "doc-1", "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike", "background": False,
        "date": {"start": "2018-02-07", "end": "2018-02-07", "precision": "day"},
        "location": {"text": "خشام", "name_en": "Khasham", "lat": 35.30088, "lon": 40.28916, "country": "SY",
                     "admin1": "Deir ez-Zor", "precision": 1},
        "actor1": "Unidentified air force", "actor2": "Syrian pro-government forces",
        "fatalities": 20, "injured": 12, "incident_id": None,
        "document": {"published": "2018-02-08", "publisher": "أمثلة مرصد", "title": "غارة قرب خشام",
                     "url": "https://example.org/a"},
    }
    e2 = events["doc-1:e2"]
    assert e2["background"] is True
    assert (e2["date"]["start"], e2["location"]["text"], e2["actor1"], e2["fatalities"]) == (None, None, None, None)


def test_casualty_and_claim_rows(store: Store) -> None:
    store.add(spec_record())
    assert sql_rows(store, "SELECT event_id, ord, category, grp, low, high, approximate, claim_id FROM casualties"
                           " ORDER BY event_id, ord") == [
        ("e1", 0, "injured", "combatants", 12, 12, 0, "c1"),
        ("e1", 1, "killed", "combatants", 20, 20, 1, "c2"),
    ]
    assert sql_rows(store, "SELECT claim_id, source_canonical, source_kind, stance, cue FROM claims"
                           " ORDER BY claim_id") == [
        ("c1", "State news agency", "media", "asserts", "قالت"),
        ("c2", "Human rights monitor", "ngo", "asserts", "تحدث"),
    ]
    assert sql_rows(store, "SELECT event_id, field, claims_json, summary FROM contradictions") == [
        ("e1", "casualties", '["c1", "c2"]', "12 injured vs about 20 killed"),
    ]
    assert sql_rows(store, 'SELECT ord, start, "end", text, name_en, country, feature, gazetteer_id, confidence'
                           " FROM places") == [(0, *PLACE, "خشام", "Khasham", "SY", "town", "wof:1276330927", 0.9)]
    assert sql_rows(store, "SELECT published, publisher, url, title FROM documents") == [
        ("2018-02-08", "أمثلة مرصد", "https://example.org/a", "غارة قرب خشام"),
    ]


def test_add_many_stores_a_batch_and_reports_each(store: Store) -> None:
    store.add(spec_record("doc-1"))
    assert store.add_many([spec_record("doc-1"), spec_record("doc-2"), spec_record("doc-2")]) == [False, True, False]
    assert store.count_documents() == 2
    assert store.add_many([]) == []


def test_add_many_applies_its_records_in_order(store: Store) -> None:
    """Within a batch, a later text of the same doc_id replaces the earlier one, as it would one
    record at a time."""
    store.add(spec_record("doc-1"))
    newer = spec_record("doc-1", text=TEXT + " تحديث أول.")
    newest = spec_record("doc-1", text=TEXT + " تحديث ثان.")
    assert store.add_many([spec_record("doc-1"), newer, newest, spec_record("doc-9")]) == [False, True, True, True]
    stored = store.record("doc-1")
    assert stored is not None and stored["text"] == newest["text"]
    assert store.count_documents() == 2 and store.count_events() == 4
    assert store.add_many([newest, spec_record("doc-1")]) == [False, True]
    stored = store.record("doc-1")
    assert stored is not None and stored["text"] == TEXT


@pytest.mark.parametrize("spoil", ["no_text", "event_without_id", "repeated_event_id", "repeated_claim_id"])
def test_add_many_stores_nothing_when_one_record_is_bad(store: Store, spoil: str) -> None:
    bad = spec_record("doc-3")
    if spoil == "no_text":
        del bad["text"]
    elif spoil == "event_without_id":
        del bad["events"][1]["id"]
    elif spoil == "repeated_event_id":  # refused by the database itself, after doc-1 and doc-2 were written
        bad["events"][1]["id"] = "e1"
    else:
        bad["claims"][1]["id"] = "c1"
    with pytest.raises(StoreError):
        store.add_many([spec_record("doc-1"), spec_record("doc-2"), bad])
    assert store.count_documents() == 0
    assert store.count_events() == 0
    assert sql_rows(store, "SELECT COUNT(*) FROM claims") == [(0,)]
    # The store is usable after the failed batch.
    assert store.add_many([spec_record("doc-1")]) == [True]


def test_failed_replacement_keeps_the_old_document(store: Store) -> None:
    store.add(spec_record())
    broken = spec_record(text=TEXT + " نص جديد")
    broken["events"][1]["id"] = "e1"
    with pytest.raises(StoreError):
        store.add(broken)
    stored = store.record("doc-1")
    assert stored is not None and stored["text"] == TEXT
    assert store.count_events() == 2


@pytest.mark.parametrize("doc_id", ["it's", 'say "hi"', "x'); DROP TABLE documents; --", "تقرير-١", "50%_off\\"])
def test_awkward_ids_are_stored_as_values(store: Store, doc_id: str) -> None:
    assert store.add(spec_record(doc_id))
    assert store.record(doc_id) is not None
    assert "documents" in store.tables()
    page = store.events(EventQuery(doc_id=doc_id, background="include"))
    assert {e["id"] for e in page.items} == {f"{doc_id}:e1", f"{doc_id}:e2"}
    assert store.event(f"{doc_id}:e1") is not None


@pytest.mark.parametrize("broken", [{"text": TEXT}, {"doc_id": "", "text": TEXT}, {"doc_id": "d"}])
def test_record_without_id_or_text_is_a_store_error(store: Store, broken: dict[str, Any]) -> None:
    with pytest.raises(StoreError):
        store.add(broken)
    assert store.count_documents() == 0


def test_documents_persist_across_connections(target: str) -> None:
    with Store.open(target) as first:
        first.add(spec_record())
    with Store.open(target) as second:
        assert second.count_documents() == 1
        assert second.add(spec_record()) is False


def test_one_store_shared_by_threads(store: Store) -> None:
    """The API calls one store from a pool of threads: writes and reads must not interleave."""
    def work(n: int) -> int:
        for k in range(5):
            store.add(spec_record(f"doc-{n}-{k}"))
            store.events(EventQuery(limit=3))
        return store.count_documents()

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(work, range(4)))
    assert store.count_documents() == 20
    assert store.events(EventQuery(background="include")).total == 40
