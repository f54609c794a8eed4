"""Store fixtures, as a plugin: a test module asks for them with ``pytest_plugins = ("store.fixtures",)``.

``backend`` ("sqlite", "postgresql"), ``target`` (what ``Store.open`` takes for a fresh empty store)
and ``store`` (open on it). A plugin rather than tests/store/conftest.py: the tests import the
top-level conftest by name (``from conftest import ...``), and a second conftest.py would shadow it
whenever both folders are collected.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from store.kit import BACKENDS, fresh_target

from marsad.store import Store


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def target(backend: str, tmp_path: Path) -> Iterator[str]:
    """What ``Store.open`` takes for a fresh, empty store (a file, or a schema of its own)."""
    with fresh_target(backend, tmp_path) as where:
        yield where


@pytest.fixture
def store(target: str) -> Iterator[Store]:
    with Store.open(target) as opened:
        yield opened
