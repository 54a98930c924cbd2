"""Per-client budgets: how many requests a client may send in a window, and how much worker time
its queries may take.

Two token buckets per client address, refilled continuously: ``requests`` per ``window``
seconds, one per request on any route; and ``seconds`` of worker time per ``window``, charged
with each query's running time after it ends. A client with either bucket empty is told when
it may come back (429 + Retry-After). The time bucket is what stops a client that sends
runaway queries: each one costs it the whole time limit, so it is soon waiting, not the others.
How many workers a client holds at once is the pool's business (web.pool).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

FORGET_AFTER = 1024  # clients remembered before full buckets are dropped


class OverBudget(Exception):
    def __init__(self, retry_after: int, reason: str) -> None:
        self.retry_after = retry_after
        self.reason = reason
        super().__init__(reason)


@dataclass
class _Buckets:
    requests: float
    seconds: float
    updated: float


class ClientBudget:
    def __init__(self, requests: int, window: float, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.requests = requests
        self.window = window
        self.seconds = seconds
        self._clock = clock
        self._clients: dict[str, _Buckets] = {}
        self._lock = threading.Lock()

    def admit(self, client: str) -> None:
        """Spend one request of ``client``'s budget, or raise OverBudget."""
        with self._lock:
            buckets = self._refilled(client)
            if buckets.seconds <= 0:
                wait = math.ceil(-buckets.seconds / (self.seconds / self.window)) or 1
                raise OverBudget(
                    wait, f"query time budget spent ({self.seconds:g} s of queries per {self.window:g} s per client)"
                )
            if buckets.requests < 1:
                wait = math.ceil((1 - buckets.requests) / (self.requests / self.window))
                raise OverBudget(wait, f"request budget spent ({self.requests} per {self.window:g} s per client)")
            buckets.requests -= 1

    def charge(self, client: str, seconds: float) -> None:
        """Charge ``seconds`` of worker time to ``client`` (may leave its bucket below zero)."""
        with self._lock:
            self._refilled(client).seconds -= seconds

    def _refilled(self, client: str) -> _Buckets:
        now = self._clock()
        buckets = self._clients.get(client)
        if buckets is None:
            if len(self._clients) >= FORGET_AFTER:
                self._forget_full(now)
            buckets = self._clients[client] = _Buckets(float(self.requests), self.seconds, now)
        elapsed = now - buckets.updated
        buckets.requests = min(float(self.requests), buckets.requests + elapsed * self.requests / self.window)
        buckets.seconds = min(self.seconds, buckets.seconds + elapsed * self.seconds / self.window)
        buckets.updated = now
        return buckets

    def _forget_full(self, now: float) -> None:
        """Drop clients whose buckets are full again, so the table does not grow without end."""
        for client, buckets in list(self._clients.items()):
            elapsed = now - buckets.updated
            if (
                buckets.requests + elapsed * self.requests / self.window >= self.requests
                and buckets.seconds + elapsed * self.seconds / self.window >= self.seconds
            ):
                del self._clients[client]
