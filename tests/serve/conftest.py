"""API fixtures: a SQLite store filled by the real pipeline from the shipped example reports and two
reports of our own (one carrying markup, one with an event that has no place), with incidents built
by ``marsad.incidents``; and clients of apps over it."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from marsad.cli import Engine
from marsad.ingest import record_to_raw
from marsad.output import document_record

from .helpers import MARKUP_REPORT, TOKEN, UNLOCATED_REPORT, example_inputs, make_client


@pytest.fixture(autouse=True)
def _quiet_test_client() -> Iterator[None]:
    # Starlette's TestClient still runs on httpx, which it now calls deprecated; not our concern.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*httpx.*")
        yield


@pytest.fixture(scope="session")
def engine(pipeline: Any) -> Engine:
    return Engine(pipeline, document_record)


@pytest.fixture(scope="session")
def stored_records(engine: Engine) -> list[dict[str, Any]]:
    """Spec §2 records of the examples and our two reports, by the real pipeline."""
    records = []
    for n, item in enumerate([*example_inputs(), MARKUP_REPORT, UNLOCATED_REPORT]):
        raw = record_to_raw(item, f"input {n}")
        assert not isinstance(raw, Exception), raw
        result = engine.pipeline.process_raw(raw)
        assert result.doc is not None, result.error
        records.append(engine.record(result.doc))
    return records


@pytest.fixture(scope="session")
def read_db(tmp_path_factory: pytest.TempPathFactory, stored_records: list[dict[str, Any]]) -> Path:
    """The store the read tests share (never written by them), incidents built."""
    from marsad.incidents.db import IncidentDB
    from marsad.store import Store

    path = tmp_path_factory.mktemp("serve") / "read.db"
    with Store.open(path) as store:
        store.add_many(stored_records)
        with IncidentDB(store) as incidents:
            incidents.build()
    return path


@pytest.fixture
def write_db(tmp_path: Path, stored_records: list[dict[str, Any]]) -> Path:
    """A store of its own for a test that writes."""
    from marsad.store import Store

    path = tmp_path / "write.db"
    with Store.open(path) as store:
        store.add_many(stored_records)
    return path


@pytest.fixture
def store(read_db: Path) -> Iterator[Any]:
    """The read store opened directly: what the API's answers are compared with."""
    from marsad.store import Store

    with Store.open(read_db) as opened:
        yield opened


@pytest.fixture
def client(read_db: Path) -> Iterator[Any]:
    with make_client(read_db) as c:
        yield c


@pytest.fixture
def write_client(write_db: Path, engine: Engine) -> Iterator[Any]:
    with make_client(write_db, engine, token=TOKEN, max_body=20_000) as c:
        yield c
