"""Storage of processed documents and incidents behind one interface (see ``base.Store``).

``open_store(target)`` (or ``Store.open``) picks the backend from the target: a path,
``sqlite:///path`` or ``":memory:"`` opens SQLite; a ``postgresql://`` URL opens PostgreSQL (which
needs the ``postgres`` extra, psycopg 3).
"""

from __future__ import annotations

from pathlib import Path

from marsad.store.base import EventQuery, IncidentChanges, IncidentQuery, IncidentState, Page, Store
from marsad.store.records import AmbiguousId, InvalidQuery, content_sha1, global_event_id
from marsad.store.schema import MIGRATIONS, POSTGRES_MIGRATIONS, SCHEMA_VERSION, SQLITE_MIGRATIONS, TABLES
from marsad.store.sqlite import SQLiteStore

__all__ = [
    "AmbiguousId", "MIGRATIONS", "POSTGRES_MIGRATIONS", "SCHEMA_VERSION", "SQLITE_MIGRATIONS", "TABLES", "EventQuery",
    "IncidentChanges", "IncidentQuery", "IncidentState", "InvalidQuery", "Page", "SQLiteStore", "Store",
    "content_sha1", "global_event_id", "is_postgres_url", "open_store",
]


def is_postgres_url(target: str | Path) -> bool:
    return str(target).startswith(("postgresql://", "postgres://"))


def open_store(target: str | Path) -> Store:
    """A path, ``sqlite:///path`` or ``:memory:`` opens SQLite; ``postgresql://…`` PostgreSQL."""
    where = str(target)
    if is_postgres_url(where):
        from marsad.store.postgres import PostgresStore

        return PostgresStore.open_url(where)
    if where.startswith("sqlite:///"):
        where = where[len("sqlite:///"):]
    return SQLiteStore.open_path(where)
