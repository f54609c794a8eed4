"""The store's schema, in one place: numbered migrations for each backend.

Each migration takes a database from the previous version to the next; ``schema_version`` holds a
row for every version applied. A step is a SQL statement or a function run against the open store
(a backfill computed in Python from the stored JSON, with the same functions as ingest). Append new
versions to both lists; never edit a version that has shipped. The two lists end at the same
version and give equivalent tables: PostgreSQL uses its own types (DOUBLE PRECISION, BIGINT) and
``COLLATE "C"`` on the keys, so that both backends order ids and dates byte-wise alike.

Version 1 is the original SQLite store (documents, events, claims, casualties, contradictions).
Version 2 adds what the API needs:
- events, rebuilt without the per-event JSON (the document's record holds it) and refilled from
  the documents: ``global_id`` (the store-wide event id, unique), ``ord`` (position in its
  document), ``sort_date``/``date_last``/``span_days`` (first and last ISO day, '' when undated,
  and the days between: ordering and date filters), location ``country``/``admin1``/``name_en``/``geo_precision``,
  ``fatalities``/``injured`` (the document's best figures), ``actor_text`` and ``search_text``
  (lower-cased, for the substring filters); indexes for keyset pages in (sort_date desc, global_id)
  order, alone and after background, type, sub-type or country, and on (lon, lat) for boxes;
- casualties: ``ord`` (their order within the event);
- places: every place mention of a document;
- the incident tables (an old SQLite file may already hold them, made by the incident builder
  before they were part of the schema), with filter columns on ``incidents``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from marsad.store.records import (
    EVENT_COLUMNS,
    PLACE_COLUMNS,
    event_row,
    incident_columns,
    place_rows,
)


class Executor(Protocol):
    """The part of a store a migration step uses (``?`` placeholders on both backends)."""

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def _run(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    def _many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...


Step = str | Callable[[Executor], None]
Migrations = tuple[tuple[int, tuple[Step, ...]], ...]

TABLES = ("documents", "events", "claims", "casualties", "contradictions", "places", "incident_runs",
          "incident_docs", "incidents", "incident_reports")

_BACKFILL_BATCH = 500


def backfill_documents(db: Executor) -> None:
    """The version 2 events table and the places table, from each stored document's JSON (what
    version 1 kept per event was a copy of the document's)."""
    insert_event = (f"INSERT INTO events ({', '.join(EVENT_COLUMNS)})"
                    f" VALUES ({', '.join('?' for _ in EVENT_COLUMNS)})")
    insert_place = (f"INSERT INTO places ({', '.join(PLACE_COLUMNS)})"
                    f" VALUES ({', '.join('?' for _ in PLACE_COLUMNS)})")
    after = ""
    while True:
        batch = db._rows("SELECT doc_id, title, record_json FROM documents WHERE doc_id > ?"
                         " ORDER BY doc_id LIMIT ?", (after, _BACKFILL_BATCH))
        if not batch:
            return
        events: list[tuple[Any, ...]] = []
        places: list[tuple[Any, ...]] = []
        for doc_id, title, record_json in batch:
            record = json.loads(record_json)
            for n, event in enumerate(e for e in record.get("events") or () if isinstance(e, dict)):
                row = event_row(doc_id, n, event, title)
                events.append(tuple(row[c] for c in EVENT_COLUMNS))
            places.extend(place_rows(doc_id, record))
        db._many(insert_event, events)
        db._many(insert_place, places)
        after = batch[-1][0]


def backfill_incidents(db: Executor) -> None:
    rows = []
    for incident_id, record_json in db._rows("SELECT incident_id, record_json FROM incidents"):
        rows.append([*incident_columns(json.loads(record_json)), incident_id])
    db._many("UPDATE incidents SET date_start = ?, date_end = ?, sort_date = ?, event_type = ?, lat = ?,"
             " lon = ?, country = ? WHERE incident_id = ?", rows)


# The same on both backends (a collation belongs to the column, not to its indexes).
# Pages are found from an index alone (the summary rows are fetched for the page's keys only):
# each events index leads with what one filter constrains (nothing, type, sub-type, country,
# longitude), holds the page order, and carries the columns the other common filters test
# (background, the last day, the coordinates, type, country), so that a filtered page or total
# reads no table rows. No index leads with background on purpose: without statistics SQLite would
# take "background = 0" for a selective test and prefer that index to a better one.
V2_INDEXES = (
    "CREATE INDEX events_order ON events(sort_date DESC, global_id, background, date_last, lon, lat,"
    " event_type, country)",
    "CREATE INDEX events_type_order ON events(event_type, sort_date DESC, global_id, background, date_last,"
    " lon, lat, country)",
    "CREATE INDEX events_subtype_order ON events(sub_event_type, sort_date DESC, global_id, background,"
    " date_last, lon, lat, country)",
    "CREATE INDEX events_country_order ON events(country, sort_date DESC, global_id, background, date_last,"
    " lon, lat, event_type)",
    "CREATE INDEX events_lonlat ON events(lon, lat, background, date_last, sort_date, global_id)",
    "CREATE INDEX events_span ON events(span_days)",
    "CREATE INDEX incidents_order ON incidents(seq, incident_id)",
    "CREATE INDEX incidents_date ON incidents(sort_date)",
    "CREATE INDEX incidents_type ON incidents(event_type)",
    "CREATE INDEX incidents_country ON incidents(country)",
    "CREATE INDEX incidents_lonlat ON incidents(lon, lat)",
)


SQLITE_MIGRATIONS: Migrations = (
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
    (
        2,
        (
            # Version 1 kept each event's JSON in its row, a copy of the document's: the table is
            # rebuilt lean (filter and summary columns only) and refilled from the documents.
            "DROP TABLE events",
            """
            CREATE TABLE events (
                global_id      TEXT NOT NULL UNIQUE,
                doc_id         TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
                id             TEXT NOT NULL,
                ord            INTEGER NOT NULL,
                event_type     TEXT,
                sub_event_type TEXT,
                background     INTEGER NOT NULL DEFAULT 0,
                date_start     TEXT,
                date_end       TEXT,
                date_precision TEXT,
                sort_date      TEXT NOT NULL,
                date_last      TEXT NOT NULL,
                span_days      INTEGER NOT NULL,
                location_text  TEXT,
                name_en        TEXT,
                lat            REAL,
                lon            REAL,
                country        TEXT,
                admin1         TEXT,
                geo_precision  INTEGER,
                actor1         TEXT,
                actor2         TEXT,
                actor_text     TEXT NOT NULL,
                fatalities     INTEGER,
                injured        INTEGER,
                search_text    TEXT NOT NULL,
                PRIMARY KEY (doc_id, id)
            )
            """,
            # Version 1 kept casualties in insertion order, which is rowid order.
            "ALTER TABLE casualties ADD COLUMN ord INTEGER NOT NULL DEFAULT 0",
            "UPDATE casualties SET ord = rowid",
            """
            CREATE TABLE places (
                doc_id       TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
                ord          INTEGER NOT NULL,
                start        INTEGER,
                "end"        INTEGER,
                text         TEXT,
                name         TEXT,
                name_en      TEXT,
                lat          REAL,
                lon          REAL,
                country      TEXT,
                admin1       TEXT,
                feature      TEXT,
                gazetteer_id TEXT,
                confidence   REAL,
                PRIMARY KEY (doc_id, ord)
            )
            """,
            "CREATE INDEX places_gazetteer ON places(gazetteer_id)",
            # The incident builder used to create these itself; they keep that shape and gain columns.
            """CREATE TABLE IF NOT EXISTS incident_runs (
                run INTEGER PRIMARY KEY, at TEXT NOT NULL, documents INTEGER NOT NULL, touched INTEGER NOT NULL)""",
            """CREATE TABLE IF NOT EXISTS incident_docs (
                doc_id TEXT PRIMARY KEY, content_sha1 TEXT NOT NULL, run INTEGER NOT NULL)""",
            """CREATE TABLE IF NOT EXISTS incidents (
                incident_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, updated_run INTEGER NOT NULL,
                record_json TEXT NOT NULL)""",
            """CREATE TABLE IF NOT EXISTS incident_reports (
                doc_id TEXT NOT NULL, event_id TEXT NOT NULL, incident_id TEXT NOT NULL, report_json TEXT NOT NULL,
                PRIMARY KEY (doc_id, event_id))""",
            "CREATE INDEX IF NOT EXISTS incident_reports_incident ON incident_reports(incident_id)",
            "ALTER TABLE incident_reports ADD COLUMN ord INTEGER NOT NULL DEFAULT 0",
            "UPDATE incident_reports SET ord = rowid",
            "ALTER TABLE incidents ADD COLUMN date_start TEXT",
            "ALTER TABLE incidents ADD COLUMN date_end TEXT",
            "ALTER TABLE incidents ADD COLUMN sort_date TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE incidents ADD COLUMN event_type TEXT",
            "ALTER TABLE incidents ADD COLUMN lat REAL",
            "ALTER TABLE incidents ADD COLUMN lon REAL",
            "ALTER TABLE incidents ADD COLUMN country TEXT",
            backfill_documents,
            backfill_incidents,
            *V2_INDEXES,
        ),
    ),
)

# Keys are COLLATE "C": byte order, as on SQLite, whatever locale the server was created with.
POSTGRES_MIGRATIONS: Migrations = (
    (
        1,
        (
            """
            CREATE TABLE documents (
                doc_id       TEXT COLLATE "C" PRIMARY KEY,
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
                id             TEXT COLLATE "C" NOT NULL,
                doc_id         TEXT COLLATE "C" NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
                event_type     TEXT,
                sub_event_type TEXT,
                background     INTEGER NOT NULL DEFAULT 0,
                date_start     TEXT COLLATE "C",
                date_end       TEXT COLLATE "C",
                date_precision TEXT,
                location_text  TEXT,
                lat            DOUBLE PRECISION,
                lon            DOUBLE PRECISION,
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
                doc_id           TEXT COLLATE "C" NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
                claim_id         TEXT COLLATE "C" NOT NULL,
                source_canonical TEXT,
                source_kind      TEXT,
                stance           TEXT,
                cue              TEXT,
                PRIMARY KEY (doc_id, claim_id)
            )
            """,
            """
            CREATE TABLE casualties (
                doc_id      TEXT COLLATE "C" NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
                event_id    TEXT COLLATE "C" NOT NULL,
                category    TEXT NOT NULL,
                grp         TEXT,
                low         BIGINT,
                high        BIGINT,
                approximate INTEGER NOT NULL DEFAULT 0,
                claim_id    TEXT
            )
            """,
            "CREATE INDEX casualties_event ON casualties(doc_id, event_id)",
            """
            CREATE TABLE contradictions (
                doc_id      TEXT COLLATE "C" NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
                event_id    TEXT COLLATE "C",
                field       TEXT NOT NULL,
                claims_json TEXT NOT NULL,
                summary     TEXT
            )
            """,
            "CREATE INDEX contradictions_event ON contradictions(doc_id, event_id)",
        ),
    ),
    (
        2,
        (
            # Version 1 kept each event's JSON in its row, a copy of the document's: the table is
            # rebuilt lean (filter and summary columns only) and refilled from the documents.
            "DROP TABLE events",
            """
            CREATE TABLE events (
                global_id      TEXT COLLATE "C" NOT NULL UNIQUE,
                doc_id         TEXT COLLATE "C" NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
                id             TEXT COLLATE "C" NOT NULL,
                ord            INTEGER NOT NULL,
                event_type     TEXT,
                sub_event_type TEXT,
                background     INTEGER NOT NULL DEFAULT 0,
                date_start     TEXT,
                date_end       TEXT,
                date_precision TEXT,
                sort_date      TEXT COLLATE "C" NOT NULL,
                date_last      TEXT COLLATE "C" NOT NULL,
                span_days      INTEGER NOT NULL,
                location_text  TEXT,
                name_en        TEXT,
                lat            DOUBLE PRECISION,
                lon            DOUBLE PRECISION,
                country        TEXT,
                admin1         TEXT,
                geo_precision  INTEGER,
                actor1         TEXT,
                actor2         TEXT,
                actor_text     TEXT NOT NULL,
                fatalities     BIGINT,
                injured        BIGINT,
                search_text    TEXT NOT NULL,
                PRIMARY KEY (doc_id, id)
            )
            """,
            # No PostgreSQL database was ever at version 1 with rows: there is no older order to keep.
            "ALTER TABLE casualties ADD COLUMN ord INTEGER NOT NULL DEFAULT 0",
            """
            CREATE TABLE places (
                doc_id       TEXT COLLATE "C" NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
                ord          INTEGER NOT NULL,
                start        INTEGER,
                "end"        INTEGER,
                text         TEXT,
                name         TEXT,
                name_en      TEXT,
                lat          DOUBLE PRECISION,
                lon          DOUBLE PRECISION,
                country      TEXT,
                admin1       TEXT,
                feature      TEXT,
                gazetteer_id TEXT,
                confidence   DOUBLE PRECISION,
                PRIMARY KEY (doc_id, ord)
            )
            """,
            "CREATE INDEX places_gazetteer ON places(gazetteer_id)",
            """CREATE TABLE incident_runs (
                run INTEGER PRIMARY KEY, at TEXT NOT NULL, documents INTEGER NOT NULL, touched INTEGER NOT NULL)""",
            """CREATE TABLE incident_docs (
                doc_id TEXT COLLATE "C" PRIMARY KEY, content_sha1 TEXT NOT NULL, run INTEGER NOT NULL)""",
            """CREATE TABLE incidents (
                incident_id TEXT COLLATE "C" PRIMARY KEY, seq INTEGER NOT NULL, updated_run INTEGER NOT NULL,
                record_json TEXT NOT NULL, date_start TEXT COLLATE "C", date_end TEXT COLLATE "C",
                sort_date TEXT COLLATE "C" NOT NULL DEFAULT '', event_type TEXT, lat DOUBLE PRECISION,
                lon DOUBLE PRECISION, country TEXT)""",
            """CREATE TABLE incident_reports (
                doc_id TEXT COLLATE "C" NOT NULL, event_id TEXT COLLATE "C" NOT NULL,
                incident_id TEXT COLLATE "C" NOT NULL, report_json TEXT NOT NULL, ord INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (doc_id, event_id))""",
            "CREATE INDEX incident_reports_incident ON incident_reports(incident_id)",
            backfill_documents,
            backfill_incidents,
            *V2_INDEXES,
        ),
    ),
)

SCHEMA_VERSION = SQLITE_MIGRATIONS[-1][0]
MIGRATIONS = SQLITE_MIGRATIONS  # the name the store tests and older callers know

if POSTGRES_MIGRATIONS[-1][0] != SCHEMA_VERSION:  # pragma: no cover - a mistake caught at import
    raise RuntimeError("the SQLite and PostgreSQL migrations must end at the same version")
