"""The store over SQL, shared by both backends.

Every statement here is written once, with ``?`` placeholders; a backend runs it through its own
driver (PostgreSQL translates the placeholders). The dialects agree on everything used here:
``INSERT ... ON CONFLICT ... DO UPDATE``, row values, ``LIKE ... ESCAPE``, ``COALESCE``. What
differs (connecting, transactions, the list of tables, locks between processes) is left to the
subclasses. Dynamic filters are composed from the fixed fragments in ``_event_filters`` and
``_incident_filters``; values only ever travel as parameters.

One connection per store, guarded by a lock: the API calls a store from several threads, and a
transaction must not interleave with another thread's statements.
"""

from __future__ import annotations

import abc
import datetime as dt
import json
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any

from marsad.errors import StoreError
from marsad.store.base import EventQuery, IncidentChanges, IncidentQuery, IncidentState, Page, Store
from marsad.store.records import (
    EVENT_COLUMNS,
    PLACE_COLUMNS,
    AmbiguousId,
    InvalidQuery,
    casualty_rows,
    chunks,
    claim_rows,
    content_sha1,
    contradiction_rows,
    decode_cursor,
    dumps,
    encode_cursor,
    event_row,
    incident_columns,
    like_pattern,
    meta,
    place_rows,
    prefix_pattern,
    quote,
)
from marsad.store.schema import SCHEMA_VERSION, Migrations

_READ_BATCH = 200

_INSERT_DOCUMENT = (
    "INSERT INTO documents (doc_id, published, publisher, url, title, text, record_json, content_sha1,"
    " added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_EVENT = f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ({', '.join('?' for _ in EVENT_COLUMNS)})"
_INSERT_CASUALTY = (
    "INSERT INTO casualties (doc_id, event_id, ord, category, grp, low, high, approximate, claim_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_CLAIM = (
    "INSERT INTO claims (doc_id, claim_id, source_canonical, source_kind, stance, cue) VALUES (?, ?, ?, ?, ?, ?)"
)
_INSERT_CONTRADICTION = (
    "INSERT INTO contradictions (doc_id, event_id, field, claims_json, summary) VALUES (?, ?, ?, ?, ?)"
)
_INSERT_PLACE = f"INSERT INTO places ({', '.join(PLACE_COLUMNS)}) VALUES ({', '.join('?' for _ in PLACE_COLUMNS)})"

_SUMMARY_COLUMNS = (
    "e.global_id, e.doc_id, e.event_type, e.sub_event_type, e.background, e.date_start, e.date_end,"
    " e.date_precision, e.location_text, e.name_en, e.lat, e.lon, e.country, e.admin1, e.geo_precision,"
    " e.actor1, e.actor2, e.fatalities, e.injured, r.incident_id, d.published, d.publisher, d.title, d.url,"
    " e.sort_date"
)
_EVENT_ORDER = " ORDER BY e.sort_date DESC, e.global_id"
# Keyset: rows after (sort_date, global_id) in (sort_date desc, global_id asc) order. The first
# conjunct bounds the index range; the second drops the rows of the same day already shown.
_EVENT_AFTER = "e.sort_date <= ? AND (e.sort_date < ? OR e.global_id > ?)"
_INCIDENT_AFTER = "i.seq >= ? AND (i.seq > ? OR i.incident_id > ?)"


@dataclass(frozen=True)
class _Prepared:
    """One record turned into rows, before any lock is taken."""

    doc_id: str
    sha1: str
    document: tuple[Any, ...]
    events: list[tuple[Any, ...]]
    casualties: list[tuple[Any, ...]]
    claims: list[tuple[Any, ...]]
    contradictions: list[tuple[Any, ...]]
    places: list[tuple[Any, ...]]


def _prepare(record: Mapping[str, Any], where: str) -> _Prepared:
    if not isinstance(record, Mapping):
        raise StoreError(f"a record must be a JSON object, not {type(record).__name__}", origin=where)
    doc_id = record.get("doc_id")
    text = record.get("text")
    if not isinstance(doc_id, str) or not doc_id:
        raise StoreError("record has no doc_id; every stored record needs one", origin=where)
    if not isinstance(text, str):
        raise StoreError(f"record {doc_id} has no text; every stored record needs its cleaned text",
                         origin=doc_id)
    events = [e for e in record.get("events") or () if isinstance(e, Mapping)]
    title = meta(record, "title")
    sha1 = content_sha1(text)
    document = (doc_id, meta(record, "published"), meta(record, "publisher"), meta(record, "url"), title, text,
                dumps(record), sha1, _now())
    rows = [event_row(doc_id, n, event, title) for n, event in enumerate(events)]
    return _Prepared(
        doc_id, sha1, document, [tuple(row[c] for c in EVENT_COLUMNS) for row in rows],
        casualty_rows(doc_id, events), claim_rows(doc_id, record), contradiction_rows(doc_id, record),
        place_rows(doc_id, record),
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _check_limit(limit: int) -> None:
    if limit < 1:
        raise InvalidQuery(f"limit {limit} is below 1", origin="limit")


class _Where:
    """A WHERE clause built from fixed fragments, and the parameters they take, in order."""

    def __init__(self) -> None:
        self.conditions: list[str] = []
        self.params: list[Any] = []

    def add(self, fragment: str, *params: Any) -> None:
        self.conditions.append(fragment)
        self.params.extend(params)

    def add_in(self, column: str, values: Sequence[Any]) -> None:
        self.add(f"{column} IN ({', '.join('?' for _ in values)})", *values)

    def add_bbox(self, alias: str, bbox: tuple[float, float, float, float]) -> None:
        """Rows of table ``alias`` (fixed by the caller, never a value) with their point in ``bbox``."""
        min_lon, min_lat, max_lon, max_lat = bbox
        if min_lon > max_lon or min_lat > max_lat:
            raise InvalidQuery(f"bounding box {bbox} has a minimum above its maximum; give min_lon,min_lat,"
                               "max_lon,max_lat", origin="bbox")
        self.add(f"{alias}.lon >= ? AND {alias}.lon <= ? AND {alias}.lat >= ? AND {alias}.lat <= ?",
                 float(min_lon), float(max_lon), float(min_lat), float(max_lat))

    def sql(self) -> str:
        return " WHERE " + " AND ".join(self.conditions) if self.conditions else ""


class SQLStore(Store):
    """The store logic over a DB-API connection; see ``SQLiteStore`` and ``PostgresStore``."""

    migrations: Migrations

    def __init__(self, target: str) -> None:
        self.target = target
        self._lock = threading.RLock()

    # ------------------------------------------------------------------ backend hooks

    @abc.abstractmethod
    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    @abc.abstractmethod
    def _run(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    @abc.abstractmethod
    def _many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...

    @abc.abstractmethod
    def _transaction(self, write: bool) -> AbstractContextManager[None]:
        """One transaction on the connection: committed on success, rolled back on any error."""

    @abc.abstractmethod
    def _is_db_error(self, exc: BaseException) -> bool: ...

    def _hint(self, exc: BaseException) -> str:
        del exc
        return "check that the database is reachable and writable"

    def _lock_key(self, key: str) -> None:
        """Serialise writers on ``key`` across processes, until the transaction ends."""
        del key  # SQLite needs nothing: BEGIN IMMEDIATE already admits one writer at a time.

    @contextmanager
    def _tx(self, doing: str, *, write: bool = False) -> Iterator[None]:
        with self._lock:
            try:
                with self._transaction(write):
                    yield
            except StoreError:
                raise
            except Exception as exc:
                if not self._is_db_error(exc):
                    raise
                raise StoreError(f"{doing} failed on {self.target}: {exc}; {self._hint(exc)}",
                                 origin=self.target) from exc

    def _one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    # ------------------------------------------------------------------ schema

    def _migrate(self, upto: int | None = None) -> None:
        """Apply the migrations this database lacks, each in one transaction with its version row."""
        with self._tx("reading the schema version", write=True):
            self._lock_key("schema")
            self._run("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
                      " applied_at TEXT NOT NULL)")
            self._check_not_newer()
        for version, steps in self.migrations:
            if upto is not None and version > upto:
                break
            with self._tx(f"migrating the schema to version {version}", write=True):
                self._lock_key("schema")
                if self._version() >= version:  # another process got there first
                    continue
                for step in steps:
                    if isinstance(step, str):
                        self._run(step)
                    else:
                        step(self)
                self._run("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", (version, _now()))

    def _version(self) -> int:
        row = self._one("SELECT MAX(version) FROM schema_version")
        return int(row[0]) if row and row[0] is not None else 0

    def _check_not_newer(self) -> None:
        current = self._version()
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"the database {self.target} has schema version {current}, newer than this marsad "
                f"supports ({SCHEMA_VERSION}); upgrade marsad or use another --db",
                origin=self.target,
            )

    def schema_version(self) -> int:
        with self._tx("reading the schema version"):
            return self._version()

    # ------------------------------------------------------------------ documents

    def add(self, record: Mapping[str, Any]) -> bool:
        prepared = _prepare(record, self.target)
        with self._tx(f"storing document {prepared.doc_id}", write=True):
            return self._store(prepared)[0]

    def add_many(self, records: Iterable[Mapping[str, Any]]) -> list[bool]:
        prepared = [_prepare(record, self.target) for record in records]
        if not prepared:
            return []
        with self._tx(f"storing {len(prepared)} documents (none was stored)", write=True):
            return self._store(*prepared)

    def _store(self, *batch: _Prepared) -> list[bool]:
        """Store a batch in a few statements (not a few per document: on PostgreSQL each is a
        round trip). The outcome is that of storing the records one after the other."""
        # One writer of documents at a time across processes: the check below and the inserts
        # must not interleave with another ingest of the same doc_id.
        self._lock_key("documents")
        stored: dict[str, str] = {}
        for ids in chunks(sorted({p.doc_id for p in batch}), _READ_BATCH):
            where = _Where()
            where.add_in("doc_id", ids)
            stored.update(self._rows("SELECT doc_id, content_sha1 FROM documents" + where.sql(), where.params))
        current = dict(stored)
        pending: dict[str, _Prepared] = {}
        outcome = []
        for p in batch:
            if current.get(p.doc_id) == p.sha1:
                outcome.append(False)
                continue
            current[p.doc_id] = p.sha1
            pending[p.doc_id] = p  # a later text of the same doc_id in the batch wins, as in sequence
            outcome.append(True)
        # Same id, new text (a corrected article): the cascade removes the old rows.
        for ids in chunks(sorted(d for d in pending if d in stored), _READ_BATCH):
            where = _Where()
            where.add_in("doc_id", ids)
            self._run("DELETE FROM documents" + where.sql(), where.params)
        docs = list(pending.values())
        self._many(_INSERT_DOCUMENT, [p.document for p in docs])
        self._many(_INSERT_EVENT, [row for p in docs for row in p.events])
        self._many(_INSERT_CASUALTY, [row for p in docs for row in p.casualties])
        self._many(_INSERT_CLAIM, [row for p in docs for row in p.claims])
        self._many(_INSERT_CONTRADICTION, [row for p in docs for row in p.contradictions])
        self._many(_INSERT_PLACE, [row for p in docs for row in p.places])
        return outcome

    def record(self, doc_id: str) -> dict[str, Any] | None:
        with self._tx(f"reading document {doc_id}"):
            row = self._one("SELECT record_json FROM documents WHERE doc_id = ?", (doc_id,))
        if row is None:
            return None
        value = json.loads(row[0])
        return value if isinstance(value, dict) else None

    def records(self, doc_ids: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
        # Read in batches, each in its own short transaction, so that a long export does not hold
        # the lock (or a snapshot) while the caller works on the records.
        if doc_ids is not None:
            for batch in chunks(sorted(set(doc_ids)), _READ_BATCH):
                where = _Where()
                where.add_in("doc_id", batch)
                with self._tx("reading documents"):
                    rows = self._rows("SELECT record_json FROM documents" + where.sql() + " ORDER BY doc_id",
                                      where.params)
                for (record_json,) in rows:
                    yield json.loads(record_json)
            return
        after: str | None = None
        while True:
            with self._tx("reading documents"):
                if after is None:
                    rows = self._rows("SELECT doc_id, record_json FROM documents ORDER BY doc_id LIMIT ?",
                                      (_READ_BATCH,))
                else:
                    rows = self._rows("SELECT doc_id, record_json FROM documents WHERE doc_id > ?"
                                      " ORDER BY doc_id LIMIT ?", (after, _READ_BATCH))
            for _, record_json in rows:
                yield json.loads(record_json)
            if len(rows) < _READ_BATCH:
                return
            after = rows[-1][0]

    def document_hashes(self) -> dict[str, str]:
        with self._tx("reading document hashes"):
            return {str(d): str(h) for d, h in self._rows("SELECT doc_id, content_sha1 FROM documents ORDER BY doc_id")}

    def count_documents(self) -> int:
        with self._tx("counting documents"):
            row = self._one("SELECT COUNT(*) FROM documents")
        return int(row[0]) if row else 0

    def count_events(self) -> int:
        with self._tx("counting events"):
            row = self._one("SELECT COUNT(*) FROM events")
        return int(row[0]) if row else 0

    # ------------------------------------------------------------------ events

    def _event_filters(self, q: EventQuery) -> _Where:
        """The WHERE clause of ``q`` (reads the longest event span when ``q`` has a date_from:
        call it inside the transaction that runs the query)."""
        where = _Where()
        if q.bbox is not None:
            where.add_bbox("e", q.bbox)
        if q.date_to is not None:
            where.add("e.sort_date <> '' AND e.sort_date <= ?", q.date_to.isoformat())
        if q.date_from is not None:
            # An event overlapping date_from began at most the longest span before it: that bound
            # turns the test into a short index range instead of everything before date_to.
            row = self._one("SELECT MAX(span_days) FROM events")
            longest = int(row[0]) if row and row[0] is not None else 0
            try:
                earliest = q.date_from - dt.timedelta(days=longest)
            except OverflowError:
                earliest = dt.date.min
            where.add("e.sort_date >= ? AND e.date_last >= ?", earliest.isoformat(), q.date_from.isoformat())
        if q.event_types:
            where.add_in("e.event_type", q.event_types)
        if q.sub_event_types:
            where.add_in("e.sub_event_type", q.sub_event_types)
        if q.actor:
            where.add("e.actor_text LIKE ? ESCAPE '\\'", like_pattern(q.actor))
        if q.country:
            where.add("e.country = ?", q.country.upper())
        if q.text:
            where.add("e.search_text LIKE ? ESCAPE '\\'", like_pattern(q.text))
        if q.doc_id is not None:
            where.add("e.doc_id = ?", q.doc_id)
        if q.incident_id is not None:
            where.add("(e.doc_id, e.id) IN (SELECT doc_id, event_id FROM incident_reports WHERE incident_id = ?)",
                      q.incident_id)
        if q.background == "exclude":
            where.add("e.background = 0")
        elif q.background == "only":
            where.add("e.background = 1")
        elif q.background != "include":
            raise InvalidQuery(f"background must be include, exclude or only, not {q.background!r}",
                               origin="background")
        return where

    def events(self, query: EventQuery | None = None) -> Page:
        q = query or EventQuery()
        _check_limit(q.limit)
        after = decode_cursor("e", q.cursor, (str, str)) if q.cursor is not None else None
        with self._tx("listing events"):
            where = self._event_filters(q)
            count = self._one("SELECT COUNT(*) FROM events e" + where.sql(), where.params)
            if after is not None:
                where.add(_EVENT_AFTER, after[0], after[0], after[1])
            # The page's keys come from an index alone; only its rows are then read in full.
            rows = self._rows(
                f"SELECT {_SUMMARY_COLUMNS} FROM (SELECT e.global_id AS gid FROM events e" + where.sql()
                + _EVENT_ORDER + " LIMIT ?) k JOIN events e ON e.global_id = k.gid"
                " JOIN documents d ON d.doc_id = e.doc_id"
                " LEFT JOIN incident_reports r ON r.doc_id = e.doc_id AND r.event_id = e.id" + _EVENT_ORDER,
                [*where.params, q.limit + 1])
        more = len(rows) > q.limit
        rows = rows[:q.limit]
        cursor = encode_cursor("e", (rows[-1][-1], rows[-1][0])) if more and rows else None
        return Page([_summary(row) for row in rows], int(count[0]) if count else 0, cursor)

    def event(self, event_id: str) -> dict[str, Any] | None:
        with self._tx(f"reading event {event_id}"):
            row = self._one(
                "SELECT e.doc_id, e.id, d.record_json, r.incident_id FROM events e"
                " JOIN documents d ON d.doc_id = e.doc_id"
                " LEFT JOIN incident_reports r ON r.doc_id = e.doc_id AND r.event_id = e.id"
                " WHERE e.global_id = ?", (event_id,))
        if row is None:
            return None
        doc_id, raw_id, record_json, incident_id = row
        record = json.loads(record_json)
        event = next((e for e in record.get("events") or () if isinstance(e, dict) and e.get("id") == raw_id), {})
        text = record.get("text") or ""
        wanted = set(event.get("claims") or ())
        claims = [
            {**claim, "quote": quote(text, claim.get("evidence"))}
            for claim in record.get("claims") or ()
            if claim.get("id") in wanted or raw_id in (claim.get("events") or ())
        ]
        contradictions = [c for c in record.get("contradictions") or () if c.get("event") in (raw_id, event_id)]
        return {
            **event, "id": event_id, "doc_id": doc_id, "incident_id": incident_id,
            "document": {key: meta(record, key) for key in ("published", "publisher", "title", "url")},
            "claims": claims, "contradictions": contradictions,
        }

    # ------------------------------------------------------------------ incidents

    def incident_state(self) -> IncidentState:
        with self._tx("reading the incidents"):
            known = {str(d): str(h) for d, h in self._rows("SELECT doc_id, content_sha1 FROM incident_docs")}
            reports = self._rows(
                "SELECT r.incident_id, r.report_json FROM incident_reports r"
                " JOIN incidents i ON i.incident_id = r.incident_id ORDER BY i.seq, i.incident_id, r.ord")
            incidents = self._rows("SELECT incident_id, record_json FROM incidents ORDER BY seq, incident_id")
            last = self._one("SELECT COALESCE(MAX(run), 0) FROM incident_runs")
        members: dict[str, list[dict[str, Any]]] = {}
        for iid, report_json in reports:
            members.setdefault(iid, []).append(json.loads(report_json))
        return IncidentState(
            known_docs=known,
            incidents=[(iid, json.loads(rj), members.get(iid, [])) for iid, rj in incidents],
            last_run=int(last[0]) if last else 0,
        )

    def save_incidents(self, changes: IncidentChanges) -> None:
        incident_rows: list[tuple[Any, ...]] = []
        report_rows: list[tuple[Any, ...]] = []
        for iid, seq, record, members in changes.upserts:
            incident_rows.append((iid, seq, changes.run, json.dumps(record, ensure_ascii=False),
                                  *incident_columns(record)))
            report_rows.extend((doc_id, event_id, iid, json.dumps(report, ensure_ascii=False), n)
                               for n, (doc_id, event_id, report) in enumerate(members))
        with self._tx(f"saving incident build run {changes.run}", write=True):
            self._lock_key("incidents")
            # Deletes first: a report that moved from a deleted incident to a kept one is written
            # again by the upsert below, never removed after it.
            for iid in changes.deletes:
                self._run("DELETE FROM incident_reports WHERE incident_id = ?", (iid,))
                self._run("DELETE FROM incidents WHERE incident_id = ?", (iid,))
            for iid, *_ in changes.upserts:
                self._run("DELETE FROM incident_reports WHERE incident_id = ?", (iid,))
            self._many(
                "INSERT INTO incidents (incident_id, seq, updated_run, record_json, date_start, date_end, sort_date,"
                " event_type, lat, lon, country) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (incident_id) DO UPDATE SET seq = excluded.seq, updated_run = excluded.updated_run,"
                " record_json = excluded.record_json, date_start = excluded.date_start,"
                " date_end = excluded.date_end, sort_date = excluded.sort_date, event_type = excluded.event_type,"
                " lat = excluded.lat, lon = excluded.lon, country = excluded.country",
                incident_rows)
            self._many(
                "INSERT INTO incident_reports (doc_id, event_id, incident_id, report_json, ord)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (doc_id, event_id) DO UPDATE SET"
                " incident_id = excluded.incident_id, report_json = excluded.report_json, ord = excluded.ord",
                report_rows)
            self._many(
                "INSERT INTO incident_docs (doc_id, content_sha1, run) VALUES (?, ?, ?) ON CONFLICT (doc_id)"
                " DO UPDATE SET content_sha1 = excluded.content_sha1, run = excluded.run",
                [(doc_id, sha1, changes.run) for doc_id, sha1 in changes.assigned_docs])
            self._run("INSERT INTO incident_runs (run, at, documents, touched) VALUES (?, ?, ?, ?)",
                      (changes.run, _now(), changes.documents, changes.touched))

    @staticmethod
    def _incident_filters(q: IncidentQuery) -> _Where:
        where = _Where()
        if q.bbox is not None:
            where.add_bbox("i", q.bbox)
        if q.date_to is not None:
            where.add("i.sort_date <> '' AND i.sort_date <= ?", q.date_to.isoformat())
        if q.date_from is not None:
            where.add("COALESCE(i.date_end, i.date_start) >= ?", q.date_from.isoformat())
        if q.event_types:
            where.add_in("i.event_type", q.event_types)
        if q.country:
            where.add("i.country = ?", q.country.upper())
        return where

    def incidents(self, query: IncidentQuery | None = None) -> Page:
        q = query or IncidentQuery()
        _check_limit(q.limit)
        where = self._incident_filters(q)
        count_sql = "SELECT COUNT(*) FROM incidents i" + where.sql()
        count_params = list(where.params)
        if q.cursor is not None:
            seq, last_id = decode_cursor("i", q.cursor, (int, str))
            where.add(_INCIDENT_AFTER, seq, seq, last_id)
        sql = ("SELECT i.seq, i.incident_id, i.record_json FROM incidents i" + where.sql()
               + " ORDER BY i.seq, i.incident_id LIMIT ?")
        with self._tx("listing incidents"):
            count = self._one(count_sql, count_params)
            rows = self._rows(sql, [*where.params, q.limit + 1])
        more = len(rows) > q.limit
        rows = rows[:q.limit]
        cursor = encode_cursor("i", (int(rows[-1][0]), rows[-1][1])) if more and rows else None
        return Page([json.loads(row[2]) for row in rows], int(count[0]) if count else 0, cursor)

    def incident(self, incident_id: str) -> dict[str, Any] | None:
        with self._tx(f"reading incident {incident_id}"):
            rows = self._rows("SELECT incident_id, record_json FROM incidents WHERE incident_id = ?", (incident_id,))
            if not rows and incident_id:
                rows = self._rows("SELECT incident_id, record_json FROM incidents WHERE incident_id LIKE ? ESCAPE '\\'"
                                  " ORDER BY seq, incident_id LIMIT 2", (prefix_pattern(incident_id),))
        if not rows:
            return None
        if len(rows) > 1:
            raise AmbiguousId(f"{incident_id} names more than one incident ({rows[0][0]}, {rows[1][0]}, ...);"
                             " give more of the id", origin=incident_id)
        value = json.loads(rows[0][1])
        return value if isinstance(value, dict) else None


def _summary(row: Sequence[Any]) -> dict[str, Any]:
    (global_id, doc_id, event_type, sub_event_type, background, date_start, date_end, date_precision,
     location_text, name_en, lat, lon, country, admin1, geo_precision, actor1, actor2, fatalities, injured,
     incident_id, published, publisher, title, url, _sort_date) = row
    return {
        "id": global_id, "doc_id": doc_id, "event_type": event_type, "sub_event_type": sub_event_type,
        "background": bool(background),
        "date": {"start": date_start, "end": date_end, "precision": date_precision},
        "location": {"text": location_text, "name_en": name_en, "lat": lat, "lon": lon, "country": country,
                     "admin1": admin1, "precision": geo_precision},
        "actor1": actor1, "actor2": actor2, "fatalities": fatalities, "injured": injured,
        "incident_id": incident_id,
        "document": {"published": published, "publisher": publisher, "title": title, "url": url},
    }
