"""Store errors: each names the database (never its password) and says what to do."""

from __future__ import annotations

import socket
import urllib.parse
from pathlib import Path

import pytest
from store.kit import fresh_target, postgres_server, spec_record, sql_rows

from marsad.cli import main
from marsad.errors import StoreError
from marsad.store import Store
from marsad.store.postgres import redact_url

PASSWORD = "s3cret-Pa55"

pytest_plugins = ("store.fixtures",)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unopenable_path_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        Store.open(blocker / "marsad.db")
    assert str(blocker / "marsad.db") in str(caught.value)
    assert "--db" in str(caught.value)


def test_file_that_is_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"this is plain text, not SQLite " * 100)
    with pytest.raises(StoreError, match="not a marsad database") as caught:
        Store.open(bogus)
    assert caught.value.origin == str(bogus)


def test_unreachable_server_is_a_store_error_without_the_password() -> None:
    port = free_port()
    url = f"postgresql://marsad:{PASSWORD}@127.0.0.1:{port}/marsad?connect_timeout=3"
    with pytest.raises(StoreError) as caught:
        Store.open(url)
    message = str(caught.value)
    assert f"postgresql://marsad@127.0.0.1:{port}/marsad" in message
    assert "server is running" in message
    assert PASSWORD not in message and PASSWORD not in str(caught.value.origin)


def test_cli_reports_an_unreachable_server_without_the_password(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"postgresql://marsad:{PASSWORD}@127.0.0.1:{free_port()}/marsad?connect_timeout=3"
    assert main(["incidents", "export", "--db", url]) == 3
    err = capsys.readouterr().err
    assert err.startswith("error: cannot connect to PostgreSQL") and PASSWORD not in err


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql://u:pw@h:5432/db", "postgresql://u@h:5432/db"),
    ("postgresql://u:p%40ss@h/db?sslmode=require&password=pw", "postgresql://u@h/db?sslmode=require"),
    ("postgresql://h/db", "postgresql://h/db"),
    ("postgresql://u@h1:5432,h2:5433/db", "postgresql://u@h1:5432,h2:5433/db"),
])
def test_urls_are_shown_without_passwords(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def test_missing_database_on_a_live_server_is_a_store_error() -> None:
    parts = urllib.parse.urlsplit(postgres_server())
    url = urllib.parse.urlunsplit(parts._replace(path="/marsad_no_such_database"))
    with pytest.raises(StoreError, match="marsad_no_such_database"):
        Store.open(url)


def test_store_connects_again_after_the_server_dropped_it(tmp_path: Path) -> None:
    import psycopg

    with fresh_target("postgresql", tmp_path) as target, Store.open(target) as store:
        store.add(spec_record())
        pid = sql_rows(store, "SELECT pg_backend_pid()")[0][0]
        with psycopg.connect(postgres_server(), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(StoreError, match="connection"):
            store.count_documents()
        assert store.count_documents() == 1
        assert sql_rows(store, "SELECT pg_backend_pid()")[0][0] != pid
