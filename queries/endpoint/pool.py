"""A small pool of worker processes, each with the store open read-only.

Why processes: pyoxigraph has no query timeout and holds no cancellation handle, so the only
sure way to stop a runaway query is to kill the process running it. A killed worker is
replaced in the background; the other workers keep serving meanwhile, so one slow query never
stalls the rest. Workers are started with "spawn": the server is threaded, and forking a
threaded process is unsafe.
"""
from __future__ import annotations

import multiprocessing
import queue
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from queries.endpoint.worker import Outcome, Task, serve

_CONTEXT = multiprocessing.get_context("spawn")
START_TIMEOUT = 120.0


class PoolBusy(Exception):
    """Every worker stayed busy for as long as a request may wait."""


class QueryTimedOut(Exception):
    """The query ran past the time limit; its worker was killed."""


class WorkerFailed(Exception):
    """A worker died while answering (out of memory, say); it was replaced."""


@dataclass(eq=False)  # hashed by identity: kept in a set
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    def __init__(self, store_path: Path, size: int) -> None:
        self.store_path = str(store_path)
        self.size = size
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False

    def start(self) -> "WorkerPool":
        """Start every worker and wait until each has opened the store."""
        starting = [self._spawn() for _ in range(self.size)]
        for worker in starting:
            self._await_ready(worker)
            self._idle.put(worker)
        return self

    def _spawn(self) -> _Worker:
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(target=serve, args=(child, self.store_path), daemon=True, name="dgkg-sparql-worker")
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            self._all.add(worker)
        return worker

    def _await_ready(self, worker: _Worker) -> None:
        if not worker.conn.poll(START_TIMEOUT):
            self._discard(worker)
            raise RuntimeError("a SPARQL worker did not start in time")
        status, detail = worker.conn.recv()
        if status != "ready":
            self._discard(worker)
            raise RuntimeError(f"a SPARQL worker could not open the store: {detail}")

    def _discard(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            self._all.discard(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker and start its successor without making the caller wait for it."""
        self._discard(worker)

        def respawn() -> None:
            if self._closed:
                return
            fresh = self._spawn()
            try:
                self._await_ready(fresh)
            except RuntimeError:
                return
            self._idle.put(fresh)

        threading.Thread(target=respawn, name="dgkg-worker-respawn", daemon=True).start()

    def run(self, task: Task, time_limit: float, wait: float) -> tuple[Outcome, float]:
        """The outcome of one task and the seconds it ran; ``wait`` bounds the queueing."""
        try:
            worker = self._idle.get(timeout=wait)
        except queue.Empty:
            raise PoolBusy() from None
        started = time.perf_counter()
        try:
            worker.conn.send(task)
            if not worker.conn.poll(time_limit):
                self._replace(worker)
                raise QueryTimedOut()
            outcome = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise WorkerFailed() from None
        self._idle.put(worker)
        return outcome, time.perf_counter() - started

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()
