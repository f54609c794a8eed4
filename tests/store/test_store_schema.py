"""Store schema: migrations from an empty database and from a version 1 one, WAL, newer schemas."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from store.kit import PLACE, corpus_record, spec_record, sql_rows

from marsad.errors import StoreError
from marsad.incidents import IncidentDB
from marsad.store import (
    MIGRATIONS,
    POSTGRES_MIGRATIONS,
    SCHEMA_VERSION,
    SQLITE_MIGRATIONS,
    TABLES,
    EventQuery,
    IncidentQuery,
    SQLiteStore,
    Store,
)
from marsad.store.sql import SQLStore

pytest_plugins = ("store.fixtures",)


def open_at(target: str, version: int) -> SQLStore:
    """A store migrated only up to ``version`` (what an older marsad left)."""
    if target.startswith("postgresql://"):
        from marsad.store.postgres import PostgresStore

        return PostgresStore.open_url(target, upto=version)
    return SQLiteStore.open_path(target, upto=version)


def test_new_database_has_every_table_and_records_its_versions(store: Store) -> None:
    assert set(TABLES) | {"schema_version"} <= set(store.tables())
    assert store.schema_version() == SCHEMA_VERSION == MIGRATIONS[-1][0]
    versions = [row[0] for row in sql_rows(store, "SELECT version FROM schema_version ORDER BY version")]
    assert versions == [version for version, _ in MIGRATIONS]


def test_both_backends_end_at_the_same_version() -> None:
    assert [v for v, _ in SQLITE_MIGRATIONS] == [v for v, _ in POSTGRES_MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))


def test_sqlite_database_uses_wal(tmp_path: Path) -> None:
    db = tmp_path / "marsad.db"
    Store.open(db).close()
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_reopening_does_not_apply_migrations_again(target: str) -> None:
    Store.open(target).close()
    with Store.open(target) as store:
        assert sql_rows(store, "SELECT COUNT(*) FROM schema_version") == [(len(MIGRATIONS),)]


def test_database_from_a_newer_marsad_is_refused(target: str) -> None:
    with Store.open(target) as store, store._tx("test", write=True):  # type: ignore[attr-defined]
        store._run("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",  # type: ignore[attr-defined]
                   (SCHEMA_VERSION + 1, "2030-01-01T00:00:00+00:00"))
    with pytest.raises(StoreError, match="newer") as caught:
        Store.open(target)
    assert "upgrade marsad" in str(caught.value)


def test_in_memory_store_works() -> None:
    with Store.open(":memory:") as store:
        assert store.count_documents() == 0
        assert store.schema_version() == SCHEMA_VERSION


# ---------------------------------------------------------------------- from version 1

V1_EVENT = ("INSERT INTO events (id, doc_id, event_type, sub_event_type, background, date_start, date_end,"
            " date_precision, location_text, lat, lon, actor1, actor2, record_json)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")

# The incident tables as the incident builder created them before they were part of the schema.
OLD_INCIDENT_TABLES = (
    "CREATE TABLE IF NOT EXISTS incident_runs (run INTEGER PRIMARY KEY, at TEXT NOT NULL,"
    " documents INTEGER NOT NULL, touched INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS incident_docs (doc_id TEXT PRIMARY KEY, content_sha1 TEXT NOT NULL,"
    " run INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS incidents (incident_id TEXT PRIMARY KEY, seq INTEGER NOT NULL,"
    " updated_run INTEGER NOT NULL, record_json TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS incident_reports (doc_id TEXT NOT NULL, event_id TEXT NOT NULL,"
    " incident_id TEXT NOT NULL, report_json TEXT NOT NULL, PRIMARY KEY (doc_id, event_id))",
    "CREATE INDEX IF NOT EXISTS incident_reports_incident ON incident_reports(incident_id)",
)


def write_v1(store: SQLStore, record: dict[str, Any]) -> None:
    """Store ``record`` the way version 1 did: documents, events, casualties, claims, contradictions."""
    from marsad.store import content_sha1

    doc_id = record["doc_id"]
    store._run("INSERT INTO documents (doc_id, published, publisher, url, title, text, record_json, content_sha1,"
               " added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
               (doc_id, record.get("published"), record.get("publisher"), record.get("url"), record.get("title"),
                record["text"], json.dumps(record, ensure_ascii=False, sort_keys=True), content_sha1(record["text"]),
                "2024-01-01T00:00:00+00:00"))
    for event in record["events"]:
        date, loc = event.get("date") or {}, event.get("location") or {}
        actors = {a["role"]: a.get("canonical") for a in reversed(event.get("actors") or [])}
        store._run(V1_EVENT, (event["id"], doc_id, event.get("event_type"), event.get("sub_event_type"),
                              int(bool(event.get("background"))), date.get("start"), date.get("end"),
                              date.get("precision"), loc.get("text"), loc.get("lat"), loc.get("lon"),
                              actors.get("actor1"), actors.get("actor2"),
                              json.dumps(event, ensure_ascii=False, sort_keys=True)))
        for cas in event.get("casualties") or ():
            store._run("INSERT INTO casualties (doc_id, event_id, category, grp, low, high, approximate, claim_id)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (doc_id, event["id"], cas["category"], cas.get("group"), cas.get("low"), cas.get("high"),
                        int(bool(cas.get("approximate"))), cas.get("claim")))
    for claim in record.get("claims") or ():
        store._run("INSERT INTO claims (doc_id, claim_id, source_canonical, source_kind, stance, cue)"
                   " VALUES (?, ?, ?, ?, ?, ?)",
                   (doc_id, claim["id"], claim["source"].get("canonical"), claim["source"].get("kind"),
                    claim.get("stance"), claim.get("cue")))


def make_v1(target: str, backend: str, records: list[dict[str, Any]]) -> None:
    with open_at(target, 1) as old:
        assert old.schema_version() == 1
        assert "places" not in old.tables()
        with old._tx("writing a version 1 database", write=True):
            if backend == "sqlite":
                for statement in OLD_INCIDENT_TABLES:
                    old._run(statement)
            for record in records:
                write_v1(old, record)


def summaries(store: Store) -> list[dict[str, Any]]:
    return store.events(EventQuery(background="include", limit=1000)).items


def test_version_1_database_migrates_and_keeps_its_documents(target: str, backend: str, tmp_path: Path) -> None:
    records = [spec_record("doc-1"), *(corpus_record(n) for n in range(6))]
    make_v1(target, backend, records)
    with Store.open(target) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert set(TABLES) <= set(store.tables())
        assert store.count_documents() == len(records)
        assert store.record("doc-1") == records[0]
        migrated = summaries(store)
        detail = store.event("doc-1:e1")
        places = sql_rows(store, 'SELECT doc_id, ord, start, "end", name_en FROM places')
        casualty_order = sql_rows(store, "SELECT claim_id FROM casualties WHERE doc_id = ? ORDER BY event_id, ord",
                                  ("doc-1",))
        # The migrated store takes new documents like any other.
        assert store.add(corpus_record(50)) is True
    # What the backfill derived equals what a fresh ingest of the same records stores.
    with Store.open(tmp_path / "fresh.db") as fresh:
        fresh.add_many(records)
        assert migrated == summaries(fresh)
        assert detail == fresh.event("doc-1:e1")
    assert migrated[0]["location"]["country"] and any(e["fatalities"] for e in migrated)
    assert places == [("doc-1", 0, *PLACE, "Khasham")]
    assert casualty_order == [("c1",), ("c2",)]


def test_version_1_sqlite_file_with_incident_tables_keeps_its_incidents(tmp_path: Path) -> None:
    """An old file where ``marsad incidents build`` had created its tables: they gain the new
    columns, their rows stay, and the next build goes on incrementally from them."""
    target = str(tmp_path / "old.db")
    records = [corpus_record(n) for n in range(4)]
    with Store.open(tmp_path / "build.db") as build:
        build.add_many(records)
        with IncidentDB(build) as db:
            db.build()
        state = build.incident_state()
        runs = sql_rows(build, "SELECT run, documents, touched FROM incident_runs")
    make_v1(target, "sqlite", records)
    conn = sqlite3.connect(target)
    with conn:
        conn.executemany("INSERT INTO incident_docs (doc_id, content_sha1, run) VALUES (?, ?, ?)",
                         [(d, h, 1) for d, h in state.known_docs.items()])
        conn.executemany("INSERT INTO incident_runs (run, at, documents, touched) VALUES (?, ?, ?, ?)",
                         [(r, "2024-01-01T00:00:00+00:00", d, t) for r, d, t in runs])
        for seq, (iid, record, reports) in enumerate(state.incidents):
            conn.execute("INSERT INTO incidents (incident_id, seq, updated_run, record_json) VALUES (?, ?, ?, ?)",
                         (iid, seq, 1, json.dumps(record, ensure_ascii=False)))
            conn.executemany("INSERT INTO incident_reports (doc_id, event_id, incident_id, report_json)"
                             " VALUES (?, ?, ?, ?)",
                             [(r["doc_id"], r["event_id"], iid, json.dumps(r)) for r in reports])
    conn.close()
    with Store.open(target) as store:
        assert store.incident_state() == state
        first = state.incidents[0]
        assert store.incident(first[0]) == first[1]
        country = first[1]["location"]["country"]
        assert first[0] in {i["incident_id"] for i in store.incidents(IncidentQuery(country=country)).items}
        members = store.events(EventQuery(incident_id=first[0], background="include")).items
        assert {(e["doc_id"], e["id"]) for e in members} == {(r["doc_id"], r["event_id"]) for r in first[2]}
        store.add(corpus_record(9))
        with IncidentDB(store) as db:
            report = db.build()
        assert (report["run"], report["documents"]) == (2, 1)
