"""The PostgreSQL store (psycopg 3), for a database shared by several processes or machines.

The SQL is ``SQLStore``'s, with its ``?`` placeholders turned into psycopg's ``%s``; values always
go to the server as parameters. The connection runs in autocommit mode with explicit transactions;
writers that could race (two ingests of one document, two migrations, two incident builds) take a
transaction-scoped advisory lock first. The URL is shown in messages without its password.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from marsad.errors import StoreError
from marsad.store.schema import POSTGRES_MIGRATIONS
from marsad.store.sql import SQLStore

if TYPE_CHECKING:
    import psycopg

CONNECT_TIMEOUT_S = 10


def redact_url(url: str) -> str:
    """``url`` without its password (in the user part or as a ``password=`` parameter)."""
    parts = urllib.parse.urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, hosts = netloc.rsplit("@", 1)
        netloc = userinfo.split(":", 1)[0] + "@" + hosts
    query = urllib.parse.urlencode(
        [(k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True) if k != "password"])
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _password(url: str) -> str | None:
    parts = urllib.parse.urlsplit(url)
    if parts.password:
        return urllib.parse.unquote(parts.password)
    for key, value in urllib.parse.parse_qsl(parts.query):
        if key == "password":
            return value
    return None


def _to_psycopg(sql: str) -> str:
    # SQLStore's statements hold no literal % and no ? other than placeholders (checked here,
    # since a stray % would be read by psycopg as a placeholder).
    if "%" in sql:
        raise StoreError(f"internal error: a statement contains a literal %: {sql[:80]}")
    return sql.replace("?", "%s")


class PostgresStore(SQLStore):
    """``PostgresStore.open_url("postgresql://user@host:5432/dbname")``."""

    backend = "postgresql"
    migrations = POSTGRES_MIGRATIONS

    def __init__(self, conn: psycopg.Connection[Any], target: str, url: str | None = None) -> None:
        super().__init__(target)
        self._conn = conn
        self._url = url  # with its password, to connect again; never shown
        self.url = target

    @classmethod
    def open_url(cls, url: str, *, upto: int | None = None) -> PostgresStore:
        """Connect to ``url`` and migrate its schema (the tables go in the connection's current
        schema, ``public`` unless the URL sets a ``search_path`` in ``options``). ``upto`` stops
        the migrations at that version (for tests of the migrations)."""
        shown = redact_url(url)
        store = cls(_connect(url), shown, url)
        try:
            store._migrate(upto)
        except BaseException:
            store.close()
            raise
        return store

    # ------------------------------------------------------------------ SQLStore hooks

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cur = self._conn.execute(_to_psycopg(sql), params)
        return list(cur.fetchall()) if cur.description is not None else []

    def _run(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._conn.execute(_to_psycopg(sql), params)

    def _many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        batch = list(rows)
        if batch:
            with self._conn.cursor() as cur:
                cur.executemany(_to_psycopg(sql), batch)

    @contextmanager
    def _transaction(self, write: bool) -> Iterator[None]:
        del write  # PostgreSQL's MVCC needs no difference; writers lock what they must (_lock_key)
        if self._conn.closed and self._url is not None:
            # The server went away since (a restart): a long-lived store (marsad serve) connects
            # again rather than failing every request until it is restarted too.
            self._conn = _connect(self._url)
        with self._conn.transaction():
            yield

    def _is_db_error(self, exc: BaseException) -> bool:
        import psycopg

        return isinstance(exc, psycopg.Error)

    def _hint(self, exc: BaseException) -> str:
        import psycopg

        if isinstance(exc, psycopg.errors.IntegrityError):
            return "the record conflicts with stored data (a repeated event or claim id?)"
        if isinstance(exc, psycopg.errors.InsufficientPrivilege):
            return "the database user lacks a privilege; grant it or use another user"
        if isinstance(exc, psycopg.OperationalError):
            return "the connection to the server failed; check that it is running, then try again"
        return "check the server's log"

    def _lock_key(self, key: str) -> None:
        self._run("SELECT pg_advisory_xact_lock(hashtext(?))", ("marsad:" + key,))

    def tables(self) -> list[str]:
        with self._tx("listing tables"):
            rows = self._rows("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                              " AND table_type = 'BASE TABLE' ORDER BY table_name")
        return [str(row[0]) for row in rows]

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def _connect(url: str) -> psycopg.Connection[Any]:
    shown = redact_url(url)
    try:
        import psycopg
    except ImportError as exc:
        raise StoreError(f"cannot open {shown}: PostgreSQL needs psycopg 3; install marsad[postgres]"
                         " (pip install 'marsad[postgres]')", origin=shown) from exc
    extra: dict[str, Any] = {}
    if "connect_timeout" not in url:
        extra["connect_timeout"] = CONNECT_TIMEOUT_S
    try:
        return psycopg.connect(url, autocommit=True, **extra)
    except psycopg.Error as exc:
        raise StoreError(
            f"cannot connect to PostgreSQL at {shown}: {_scrub(str(exc).strip(), url)}; check that the"
            " server is running and that the URL's user, host, port and database are right",
            origin=shown) from exc


def _scrub(message: str, url: str) -> str:
    password = _password(url)
    return message.replace(password, "***") if password else message
