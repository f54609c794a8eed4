"""Store schema: tables, recorded migration version, WAL, refusing a newer schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from marsad.errors import StoreError
from marsad.store import MIGRATIONS, SCHEMA_VERSION, TABLES, Store


def test_new_database_has_every_table_and_records_its_version(tmp_path: Path) -> None:
    db = tmp_path / "marsad.db"
    with Store.open(db) as store:
        assert set(TABLES) | {"schema_version"} <= set(store.tables())
        assert store.schema_version() == SCHEMA_VERSION == MIGRATIONS[-1][0]
    conn = sqlite3.connect(db)
    try:
        versions = [row[0] for row in conn.execute("SELECT version FROM schema_version ORDER BY version")]
        journal = conn.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        conn.close()
    assert versions == [version for version, _ in MIGRATIONS]
    assert journal == "wal"


def test_reopening_does_not_apply_migrations_again(tmp_path: Path) -> None:
    db = tmp_path / "marsad.db"
    Store.open(db).close()
    Store.open(db).close()
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == len(MIGRATIONS)
    finally:
        conn.close()


def test_migration_versions_increase_from_one() -> None:
    versions = [version for version, _ in MIGRATIONS]
    assert versions == list(range(1, len(versions) + 1))


def test_database_from_a_newer_marsad_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "marsad.db"
    Store.open(db).close()
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                 (SCHEMA_VERSION + 1, "2030-01-01T00:00:00+00:00"))
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store.open(db)


def test_unopenable_path_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    with pytest.raises(StoreError):
        Store.open(blocker / "marsad.db")


def test_file_that_is_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"this is plain text, not SQLite " * 100)
    with pytest.raises(StoreError):
        Store.open(bogus)


def test_in_memory_store_works() -> None:
    with Store.open(":memory:") as store:
        assert store.count_documents() == 0
        assert store.schema_version() == SCHEMA_VERSION
