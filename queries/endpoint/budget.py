"""Per-client budgets: how many queries a client may send in a window, and how many at once.

A token bucket per client address refills ``queries`` tokens every ``window`` seconds, one
query per token; a client with an empty bucket is told when the next token arrives
(429 + Retry-After). Independently, a client may hold at most ``concurrent`` workers at a
time, so a single client with slow queries cannot occupy the whole pool.
"""
from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass


class OverBudget(Exception):
    def __init__(self, retry_after: int, reason: str) -> None:
        self.retry_after = retry_after
        self.reason = reason
        super().__init__(reason)


@dataclass
class _Bucket:
    tokens: float
    updated: float
    running: int = 0


class ClientBudget:
    def __init__(self, queries: int, window: float, concurrent: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.queries = queries
        self.window = window
        self.concurrent = concurrent
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    @property
    def rate(self) -> float:
        return self.queries / self.window

    @contextmanager
    def admit(self, client: str) -> Iterator[None]:
        """Spend one query of ``client``'s budget for the duration of the block, or raise OverBudget."""
        with self._lock:
            now = self._clock()
            bucket = self._buckets.get(client)
            if bucket is None:
                bucket = self._buckets[client] = _Bucket(float(self.queries), now)
                self._forget_idle(now)
            bucket.tokens = min(float(self.queries), bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
            if bucket.running >= self.concurrent:
                raise OverBudget(1, f"at most {self.concurrent} queries at a time per client")
            if bucket.tokens < 1:
                wait = math.ceil((1 - bucket.tokens) / self.rate)
                raise OverBudget(wait, f"query budget spent ({self.queries} per {self.window:g} s per client)")
            bucket.tokens -= 1
            bucket.running += 1
        try:
            yield
        finally:
            with self._lock:
                bucket.running -= 1

    def _forget_idle(self, now: float) -> None:
        """Drop clients whose buckets are full again, so the table does not grow without end."""
        if len(self._buckets) < 1024:
            return
        for client, bucket in list(self._buckets.items()):
            if bucket.running == 0 and bucket.tokens + (now - bucket.updated) * self.rate >= self.queries:
                del self._buckets[client]
