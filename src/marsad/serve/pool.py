"""A few threads, each owning one store connection, that run the API's store calls.

Why not one shared connection, or FastAPI's thread pool? A SQLite connection belongs to the thread
that opened it (``check_same_thread``), and one connection shared under a lock would serialise every
request. Here each thread opens its own ``Store`` in that thread and only that thread ever uses it,
so the store needs no locking of its own; SQLite in WAL mode lets these connections read in
parallel (sqlite3 releases the GIL while a query runs), and PostgreSQL gets a fixed, small number
of connections per worker process instead of one per request thread. Writes go through the same
threads; SQLite itself allows one writer at a time.

``":memory:"`` is one database per connection, so it gets exactly one thread.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from marsad.store.base import Store

T = TypeVar("T")

log = logging.getLogger("marsad.serve")

Opener = Callable[[str], Store]


def _default_opener(target: str) -> Store:
    return Store.open(target)


class StorePool:
    def __init__(self, target: str, size: int = 4, opener: Opener | None = None) -> None:
        if size < 1:
            raise ValueError("a store pool needs at least one thread")
        self.target = target
        self.size = 1 if target in (":memory:", "sqlite:///:memory:") else size
        self._opener = opener or _default_opener
        self._jobs: queue.SimpleQueue[tuple[Callable[[Store], Any], concurrent.futures.Future[Any]] | None] = \
            queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._closed = False

    def _start(self) -> None:
        with self._lock:
            if self._closed:
                raise RuntimeError("the store pool is closed")
            if self._threads:
                return
            for n in range(self.size):
                thread = threading.Thread(target=self._work, name=f"marsad-store-{n}", daemon=True)
                thread.start()
                self._threads.append(thread)

    async def run(self, call: Callable[[Store], T]) -> T:
        """``call(store)`` on one of the pool's threads; its result or its exception."""
        if self._closed:
            raise RuntimeError("the store pool is closed")
        if not self._threads:
            self._start()
        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        self._jobs.put((call, future))
        return await asyncio.wrap_future(future)

    def _work(self) -> None:
        store: Store | None = None
        try:
            while True:
                job = self._jobs.get()
                if job is None:
                    return
                call, future = job
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    if store is None:
                        # Opened here, in the thread that will use it, on its first job.
                        store = self._opener(self.target)
                    future.set_result(call(store))
                except BaseException as exc:  # handed to the awaiting request, never lost
                    future.set_exception(exc)
        finally:
            if store is not None:
                try:
                    store.close()
                except Exception:  # a failing close must not hide the other threads' closes
                    log.exception("closing the store %s failed", self.target)

    def close(self) -> None:
        """Let queued jobs finish, then close every connection (each in its own thread)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            threads = list(self._threads)
        for _ in threads:
            self._jobs.put(None)
        for thread in threads:
            thread.join()
