"""The SQLite store: one file, WAL journal, one writer at a time.

WAL lets readers (``marsad serve``) go on while a writer (``marsad run``) stores documents; writers
queue on SQLite's own lock (``BEGIN IMMEDIATE``, with a busy timeout) rather than failing at once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from marsad.errors import StoreError
from marsad.store.schema import SQLITE_MIGRATIONS
from marsad.store.sql import SQLStore

BUSY_TIMEOUT_MS = 10_000
CACHE_KIB = 32_768  # SQLite's default page cache is 2 MB; indexes over 100k events want more


class SQLiteStore(SQLStore):
    """The default store. ``SQLiteStore.open_path(path)``; ``":memory:"`` for a throwaway one."""

    backend = "sqlite"
    migrations = SQLITE_MIGRATIONS

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        super().__init__(path)
        self._conn = conn
        self.path = path

    @classmethod
    def open_path(cls, path: str | Path, *, upto: int | None = None) -> SQLiteStore:
        """Open (creating it and its folder if needed) and migrate the database at ``path``.
        ``upto`` stops the migrations at that version (for tests of the migrations)."""
        where = str(path)
        conn: sqlite3.Connection | None = None
        try:
            if where != ":memory:":
                Path(where).parent.mkdir(parents=True, exist_ok=True)
            # The store's lock serialises threads; the connection may be used from any of them.
            conn = sqlite3.connect(where, isolation_level=None, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            if where != ":memory:":
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            store = cls(conn, where)
            store._migrate(upto)
        except (sqlite3.Error, OSError, StoreError) as exc:
            if conn is not None:
                conn.close()
            if isinstance(exc, StoreError):
                raise
            raise StoreError(f"cannot open the SQLite database {where}: {exc}; {_open_hint(exc)}",
                             origin=where) from exc
        return store

    # ------------------------------------------------------------------ SQLStore hooks

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._conn.execute(sql, params).fetchall()

    def _run(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._conn.execute(sql, params)

    def _many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._conn.executemany(sql, rows)

    @contextmanager
    def _transaction(self, write: bool) -> Iterator[None]:
        # The connection is in autocommit mode (isolation_level=None); transactions are explicit.
        # A reader takes a snapshot too, so a page and its total agree.
        self._conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def _is_db_error(self, exc: BaseException) -> bool:
        return isinstance(exc, sqlite3.Error)

    def _hint(self, exc: BaseException) -> str:
        message = str(exc).lower()
        if "locked" in message or "busy" in message:
            return "another process held the database too long; try again"
        if "readonly" in message or "read-only" in message:
            return "the file is read-only: give a writable --db"
        if "unique" in message or "constraint" in message:
            return "the record conflicts with stored data (a repeated event or claim id?)"
        return "check the file and the free disk space"

    def tables(self) -> list[str]:
        with self._tx("listing tables"):
            rows = self._rows("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        return [str(row[0]) for row in rows]

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def _open_hint(exc: BaseException) -> str:
    if isinstance(exc, sqlite3.DatabaseError) and "not a database" in str(exc):
        return "the file is not a marsad database; give another --db"
    if isinstance(exc, OSError):
        return "give a --db path in a folder you can write to"
    return "give a --db path you can read and write"
