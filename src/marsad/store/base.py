"""The one store interface, with two implementations: SQLite (default) and PostgreSQL.

Everything that reads or writes stored documents, events, claims, casualties, places and incidents
goes through ``Store``; the API, the CLI and the incident builder never touch a connection. Both
backends share one schema (``marsad.store.schema``) and pass the same test suite
(``tests/store``).

Events are addressed by their id (``"<doc_id>:e<n>"``, unique across the store; a record whose
event ids lack the ``<doc_id>:`` prefix has it added, see ``marsad.store.global_event_id``). Queries take an
``EventQuery``; every value is passed to the database as a parameter, never spliced into SQL.
"""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

Background = Literal["include", "exclude", "only"]


@dataclass(frozen=True)
class EventQuery:
    """Filters for ``Store.events``. Empty fields do not filter.

    bbox: (min_lon, min_lat, max_lon, max_lat), WGS84; events without coordinates never match.
    date_from / date_to: inclusive; an event matches when its date interval overlaps them.
    event_types / sub_event_types: exact ACLED names, any of them.
    actor: case-insensitive substring of either actor's canonical name or text.
    country: ISO 3166-1 alpha-2 of the event's location.
    text: case-insensitive substring of the event's searchable text (place, actors, trigger,
      document title).
    background: background events are left out unless asked for.
    cursor: the ``next_cursor`` of the previous page (opaque).
    Order: date_start descending (undated last), then event id.
    """

    bbox: tuple[float, float, float, float] | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    event_types: tuple[str, ...] = ()
    sub_event_types: tuple[str, ...] = ()
    actor: str | None = None
    country: str | None = None
    text: str | None = None
    doc_id: str | None = None
    incident_id: str | None = None
    background: Background = "exclude"
    limit: int = 100
    cursor: str | None = None


@dataclass(frozen=True)
class IncidentQuery:
    """Filters for ``Store.incidents``: as ``EventQuery`` where the names agree."""

    bbox: tuple[float, float, float, float] | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    event_types: tuple[str, ...] = ()
    country: str | None = None
    limit: int = 100
    cursor: str | None = None


@dataclass(frozen=True)
class Page:
    """One page of results: ``items`` as JSON-ready dicts, ``total`` rows matching the filters."""

    items: list[dict[str, Any]]
    total: int
    next_cursor: str | None = None


@dataclass
class IncidentState:
    """What the incident builder keeps between runs (see ``marsad.incidents.db``)."""

    known_docs: dict[str, str] = field(default_factory=dict)  # doc_id -> content_sha1 when assigned
    incidents: list[tuple[str, dict[str, Any], list[dict[str, Any]]]] = field(default_factory=list)
    # (incident_id, record, member reports) in incident order
    last_run: int = 0


@dataclass(frozen=True)
class IncidentChanges:
    """One incident build run to be written atomically by ``Store.save_incidents``."""

    run: int
    upserts: Sequence[tuple[str, int, dict[str, Any], Sequence[tuple[str, str, dict[str, Any]]]]]
    # (incident_id, seq, record, [(doc_id, event_id, report)])
    deletes: Sequence[str]
    assigned_docs: Sequence[tuple[str, str]]  # (doc_id, content_sha1)
    documents: int
    touched: int


class Store(abc.ABC):
    """A database of processed documents and incidents. Open one with ``Store.open(target)``:
    a path (or ``sqlite:///path``, or ``":memory:"``) for SQLite, a ``postgresql://`` URL for
    PostgreSQL. Use it as a context manager. Errors are ``marsad.errors.StoreError``."""

    backend: str  # "sqlite" or "postgresql"
    target: str  # the path or the URL with its password removed, for messages

    @classmethod
    def open(cls, target: str | Path) -> Store:
        from marsad.store import open_store

        return open_store(target)

    # ------------------------------------------------------------------ schema
    @abc.abstractmethod
    def schema_version(self) -> int: ...

    @abc.abstractmethod
    def tables(self) -> list[str]: ...

    # ------------------------------------------------------------------ documents
    @abc.abstractmethod
    def add(self, record: Mapping[str, Any]) -> bool:
        """Store one spec §2 record with its events, claims, casualties, places and contradictions.
        False when the same document (doc_id and text) is already stored; a known doc_id with a
        new text replaces the old document."""

    @abc.abstractmethod
    def add_many(self, records: Iterable[Mapping[str, Any]]) -> list[bool]:
        """``add`` for several records in one transaction: all are stored or none."""

    @abc.abstractmethod
    def record(self, doc_id: str) -> dict[str, Any] | None:
        """The stored spec §2 record (cleaned text, spans, removed spans), or None."""

    @abc.abstractmethod
    def records(self, doc_ids: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
        """Stored records by doc_id order; all of them when ``doc_ids`` is None."""

    @abc.abstractmethod
    def document_hashes(self) -> dict[str, str]:
        """doc_id -> content_sha1 of every stored document."""

    @abc.abstractmethod
    def count_documents(self) -> int: ...

    @abc.abstractmethod
    def count_events(self) -> int: ...

    # ------------------------------------------------------------------ events
    @abc.abstractmethod
    def events(self, query: EventQuery | None = None) -> Page:
        """Event summaries matching ``query``: id, doc_id, event_type, sub_event_type,
        background, date {start, end, precision}, location {text, name_en, lat, lon, country,
        admin1, precision} (always an object; its fields null when the event has no place),
        actor1, actor2, fatalities (killed, best figure or null), injured, incident_id,
        document {published, publisher, title, url}. ``total`` counts every match;
        ``next_cursor`` is None on the last page. A bad cursor, a bounding box with min > max
        or a limit below 1 raise ``marsad.store.InvalidQuery`` (a ``StoreError``)."""

    @abc.abstractmethod
    def event(self, event_id: str) -> dict[str, Any] | None:
        """One event by its store-wide id, or None: its full spec §2 event record, plus
        ``doc_id``, ``incident_id``, ``document`` metadata, its ``claims`` (full claim records
        instead of ids, each with a ``quote``: the text over the claim's evidence span, or null)
        and the ``contradictions`` that name it."""

    # ------------------------------------------------------------------ incidents
    @abc.abstractmethod
    def incident_state(self) -> IncidentState: ...

    @abc.abstractmethod
    def save_incidents(self, changes: IncidentChanges) -> None:
        """Write one build run atomically (upserts replace an incident's record and members)."""

    @abc.abstractmethod
    def incidents(self, query: IncidentQuery | None = None) -> Page:
        """Incident records (spec §3), in incident order."""

    @abc.abstractmethod
    def incident(self, incident_id: str) -> dict[str, Any] | None:
        """One incident record by id or unique id prefix; None when unknown.
        Raises ``marsad.store.AmbiguousId`` (a ``StoreError``) when a prefix names several."""

    # ------------------------------------------------------------------ lifetime
    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
