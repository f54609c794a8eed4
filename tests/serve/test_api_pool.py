"""The store pool: each connection opened, used and closed by one thread only; requests in parallel."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from marsad.serve.pool import StorePool
from marsad.store import Store


class ThreadBoundStore:
    """Wraps a real store and fails loudly when another thread than its opener touches it."""

    def __init__(self, target: str) -> None:
        self.owner = threading.get_ident()
        self.inner = Store.open(target)
        self.calls = 0
        self.closed = False

    def __getattr__(self, name: str) -> Any:
        if threading.get_ident() != self.owner:
            raise AssertionError(f"{name} called from another thread than the store's")
        self.calls += 1
        return getattr(self.inner, name)

    def close(self) -> None:
        if threading.get_ident() != self.owner:
            raise AssertionError("closed from another thread than the store's")
        self.inner.close()
        self.closed = True


def test_each_store_stays_in_its_thread(read_db: Path) -> None:
    opened: list[ThreadBoundStore] = []

    def opener(target: str) -> Any:
        store = ThreadBoundStore(target)
        opened.append(store)
        return store

    pool = StorePool(str(read_db), 3, opener)

    async def many() -> list[int]:
        def slow_count(store: Any) -> int:
            time.sleep(0.05)  # long enough that the three threads all get work
            return int(store.count_events())

        return await asyncio.gather(*(pool.run(slow_count) for _ in range(12)))

    counts = asyncio.run(many())
    pool.close()
    assert len(set(counts)) == 1 and counts[0] > 0
    assert len(opened) == 3
    assert sum(s.calls for s in opened) == 12
    assert all(s.closed for s in opened)
    assert len({s.owner for s in opened}) == 3


def test_requests_run_in_parallel(read_db: Path) -> None:
    pool = StorePool(str(read_db), 4)
    barrier = threading.Barrier(4, timeout=5)

    def meet(store: Any) -> int:
        barrier.wait()  # only returns when four calls are running at once
        return int(store.count_documents())

    async def four() -> list[int]:
        return await asyncio.gather(*(pool.run(meet) for _ in range(4)))

    try:
        assert len(asyncio.run(four())) == 4
    finally:
        pool.close()


def test_errors_reach_the_caller(read_db: Path) -> None:
    pool = StorePool(str(read_db), 2)

    def fail(store: Any) -> None:
        raise KeyError("boom")

    try:
        with pytest.raises(KeyError):
            asyncio.run(pool.run(fail))
        assert asyncio.run(pool.run(lambda store: store.count_documents())) > 0
    finally:
        pool.close()


def test_memory_store_gets_one_thread() -> None:
    assert StorePool(":memory:", 8).size == 1
    assert StorePool("/tmp/x.db", 8).size == 8
    with pytest.raises(ValueError):
        StorePool("/tmp/x.db", 0)


def test_a_closed_pool_refuses_work(read_db: Path) -> None:
    pool = StorePool(str(read_db), 1)
    pool.close()
    with pytest.raises(RuntimeError):
        asyncio.run(pool.run(lambda store: store.count_documents()))
