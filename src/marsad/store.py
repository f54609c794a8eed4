"""SQLite store for per-document results (spec §2 records).

One writer, WAL journal. The schema lives in one place, ``MIGRATIONS``: each entry takes the
database from the previous version to the next, and ``schema_version`` records every version
applied. Ingest is idempotent: a document is identified by ``doc_id`` and the SHA-1 of its
cleaned text, so storing the same document twice stores it once. A document whose id is known
but whose text changed (a corrected article) replaces the stored one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from marsad.errors import StoreError

# (version, statements). Append new versions; never edit one that has shipped.
MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (
        1,
        (
            """
            CREATE TABLE documents (
                doc_id       TEXT PRIMARY KEY,
                published    TEXT,
                publisher    TEXT,
                url          TEXT,
                title        TEXT,
                text         TEXT NOT NULL,
                record_json  TEXT NOT NULL,
                content_sha1 TEXT NOT NULL,
                added_at     TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE events (
                id             TEXT NOT NULL,
                doc_id         TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
                event_type     TEXT,
                sub_event_type TEXT,
                background     INTEGER NOT NULL DEFAULT 0,
                date_start     TEXT,
                date_end       TEXT,
                date_precision TEXT,
                location_text  TEXT,
                lat            REAL,
                lon            REAL,
                actor1         TEXT,
                actor2         TEXT,
                record_json    TEXT NOT NULL,
                PRIMARY KEY (doc_id, id)
            )
            """,
            "CREATE INDEX events_type ON events(event_type, sub_event_type)",
            "CREATE INDEX events_date ON events(date_start)",
            """
            CREATE TABLE claims (
                doc_id           TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
                claim_id         TEXT NOT NULL,
                source_canonical TEXT,
                source_kind      TEXT,
                stance           TEXT,
                cue              TEXT,
                PRIMARY KEY (doc_id, claim_id)
            )
            """,
            """
            CREATE TABLE casualties (
                doc_id      TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
                event_id    TEXT NOT NULL,
                category    TEXT NOT NULL,
                grp         TEXT,
                low         INTEGER,
                high        INTEGER,
                approximate INTEGER NOT NULL DEFAULT 0,
                claim_id    TEXT
            )
            """,
            "CREATE INDEX casualties_event ON casualties(doc_id, event_id)",
            """
            CREATE TABLE contradictions (
                doc_id      TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
                event_id    TEXT,
                field       TEXT NOT NULL,
                claims_json TEXT NOT NULL,
                summary     TEXT
            )
            """,
            "CREATE INDEX contradictions_event ON contradictions(doc_id, event_id)",
        ),
    ),
)

SCHEMA_VERSION = MIGRATIONS[-1][0]
TABLES = ("documents", "events", "claims", "casualties", "contradictions")


def content_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _first_actor(event: Mapping[str, Any], role: str) -> str | None:
    for actor in event.get("actors") or ():
        if actor.get("role") == role:
            name = actor.get("canonical") or actor.get("text")
            return str(name) if name is not None else None
    return None


def _meta(record: Mapping[str, Any], key: str) -> Any:
    # The spec puts document metadata at the top level; accept a nested "meta" block as well.
    if record.get(key) is not None:
        return record[key]
    meta = record.get("meta")
    return meta.get(key) if isinstance(meta, Mapping) else None


class Store:
    """A SQLite database of processed documents. Use ``Store.open(path)`` (or ``":memory:"``)."""

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self._conn = conn
        self.path = path

    @classmethod
    def open(cls, path: str | Path) -> Store:
        where = str(path)
        conn: sqlite3.Connection | None = None
        try:
            if where != ":memory:":
                Path(where).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(where, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            if where != ":memory:":
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            store = cls(conn, where)
            store._migrate()
        except (sqlite3.Error, OSError, StoreError) as exc:
            if conn is not None:
                conn.close()
            if isinstance(exc, StoreError):
                raise
            raise StoreError(f"cannot open database {where}: {exc}", origin=where) from exc
        return store

    # ------------------------------------------------------------------ schema

    def _migrate(self) -> None:
        with self._transaction() as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                " version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"database schema version {current} is newer than this marsad supports "
                f"({SCHEMA_VERSION}); upgrade marsad or use another --db",
                origin=self.path,
            )
        for version, statements in MIGRATIONS:
            if version <= current:
                continue
            # SQLite DDL is transactional: a migration and its version row land together or not at all.
            with self._transaction() as conn:
                for statement in statements:
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", (version, _now())
                )

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        # The connection is in autocommit mode (isolation_level=None); transactions are explicit.
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def schema_version(self) -> int:
        row = self._conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    # ------------------------------------------------------------------ writes

    def add(self, record: Mapping[str, Any]) -> bool:
        """Store one spec §2 record with its events, claims, casualties and contradictions.

        Returns False when the same document (same ``doc_id`` and text) is already stored.
        """
        doc_id = record.get("doc_id")
        text = record.get("text")
        if not isinstance(doc_id, str) or not doc_id:
            raise StoreError("record has no doc_id", origin=self.path)
        if not isinstance(text, str):
            raise StoreError(f"record {doc_id} has no text", origin=doc_id)
        sha1 = content_sha1(text)
        try:
            with self._transaction() as conn:
                row = conn.execute(
                    "SELECT content_sha1 FROM documents WHERE doc_id = ?", (doc_id,)
                ).fetchone()
                if row is not None and row[0] == sha1:
                    return False
                if row is not None:
                    # Same id, new text: the cascade removes the old events, claims, ...
                    conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
                self._insert(doc_id, sha1, record)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot store document {doc_id}: {exc}", origin=doc_id) from exc
        return True

    def _insert(self, doc_id: str, sha1: str, record: Mapping[str, Any]) -> None:
        conn = self._conn
        conn.execute(
            "INSERT INTO documents (doc_id, published, publisher, url, title, text, record_json,"
            " content_sha1, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc_id,
                _meta(record, "published"),
                _meta(record, "publisher"),
                _meta(record, "url"),
                _meta(record, "title"),
                record["text"],
                json.dumps(record, ensure_ascii=False, sort_keys=True),
                sha1,
                _now(),
            ),
        )
        events: Sequence[Mapping[str, Any]] = record.get("events") or ()
        conn.executemany(
            "INSERT INTO events (id, doc_id, event_type, sub_event_type, background, date_start,"
            " date_end, date_precision, location_text, lat, lon, actor1, actor2, record_json)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [_event_row(doc_id, event) for event in events],
        )
        conn.executemany(
            "INSERT INTO casualties (doc_id, event_id, category, grp, low, high, approximate,"
            " claim_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (doc_id, event.get("id"), cas.get("category"), cas.get("group"), cas.get("low"),
                 cas.get("high"), int(bool(cas.get("approximate"))), cas.get("claim"))
                for event in events
                for cas in event.get("casualties") or ()
            ],
        )
        claim_rows = []
        for claim in record.get("claims") or ():
            source = claim.get("source") or {}
            claim_rows.append(
                (doc_id, claim.get("id"), source.get("canonical") or source.get("text"),
                 source.get("kind"), claim.get("stance"), claim.get("cue"))
            )
        conn.executemany(
            "INSERT INTO claims (doc_id, claim_id, source_canonical, source_kind, stance, cue)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            claim_rows,
        )
        conn.executemany(
            "INSERT INTO contradictions (doc_id, event_id, field, claims_json, summary)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                (doc_id, con.get("event"), con.get("field"),
                 json.dumps(list(con.get("claims") or ()), ensure_ascii=False), con.get("summary"))
                for con in record.get("contradictions") or ()
            ],
        )

    # ------------------------------------------------------------------ reads

    def count_documents(self) -> int:
        return int(self._conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def count_events(self) -> int:
        return int(self._conn.execute("SELECT COUNT(*) FROM events").fetchone()[0])

    def tables(self) -> list[str]:
        rows = self._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        return [str(row[0]) for row in rows]

    def events(self, limit: int = 100, *, doc_id: str | None = None) -> list[dict[str, Any]]:
        """Stored events, newest documents first; each row as a dict with its casualties."""
        sql = (
            "SELECT e.id, e.doc_id, e.event_type, e.sub_event_type, e.background, e.date_start,"
            " e.date_end, e.date_precision, e.location_text, e.lat, e.lon, e.actor1, e.actor2"
            " FROM events e JOIN documents d ON d.doc_id = e.doc_id"
        )
        params: list[Any] = []
        if doc_id is not None:
            sql += " WHERE e.doc_id = ?"
            params.append(doc_id)
        sql += " ORDER BY d.added_at DESC, e.doc_id, e.id LIMIT ?"
        params.append(int(limit))
        out = []
        for row in self._conn.execute(sql, params).fetchall():
            event = dict(row)
            event["background"] = bool(event["background"])
            event["casualties"] = [
                {**dict(cas), "approximate": bool(cas["approximate"])}
                for cas in self._conn.execute(
                    "SELECT category, grp, low, high, approximate, claim_id FROM casualties"
                    " WHERE doc_id = ? AND event_id = ? ORDER BY rowid",
                    (event["doc_id"], event["id"]),
                )
            ]
            out.append(event)
        return out

    def record(self, doc_id: str) -> dict[str, Any] | None:
        """The stored spec §2 record of one document, or None."""
        row = self._conn.execute(
            "SELECT record_json FROM documents WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            return None
        value = json.loads(row[0])
        return value if isinstance(value, dict) else None

    # ------------------------------------------------------------------ lifetime

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _event_row(doc_id: str, event: Mapping[str, Any]) -> tuple[Any, ...]:
    date = event.get("date") or {}
    location = event.get("location") or {}
    return (
        event.get("id"),
        doc_id,
        event.get("event_type"),
        event.get("sub_event_type"),
        int(bool(event.get("background"))),
        date.get("start"),
        date.get("end"),
        date.get("precision"),
        location.get("text"),
        location.get("lat"),
        location.get("lon"),
        _first_actor(event, "actor1"),
        _first_actor(event, "actor2"),
        json.dumps(event, ensure_ascii=False, sort_keys=True),
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
