"""A pool of worker processes, each with the store open read-only, shared fairly among clients.

Why processes: pyoxigraph has no query timeout and holds no cancellation handle, so the only
sure way to stop a runaway query is to kill the process running it. A killed worker is
replaced in the background; the other workers keep serving meanwhile. Workers are started
with "spawn": the server is threaded, and forking a threaded process is unsafe.

Why a scheduler rather than a queue of idle workers: with first come, first served, a client
that sends many slow queries takes every worker in turn. Here a client holds at most
``per_client`` workers at once and may have at most ``queued_per_client`` queries waiting;
a freed worker goes to the waiting client that holds the fewest workers (the oldest such
query first), so a runaway costs others at most the workers its own share allows.

Why workers may start in the background: a worker is a new interpreter that imports the engine
and the policy parser and opens the store, a second or more on a busy machine; a server that
waited for all of them before listening took seconds to start. ``start(wait=False)`` returns at
once, each worker joins the pool as it becomes ready, and a request that comes first waits for
one, as it waits for a busy worker.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from web.sandbox import Confinement
from web.task import Reply, Task
from queries import QueryError

log = logging.getLogger("dgkg.serve")

_CONTEXT = multiprocessing.get_context("spawn")
START_TIMEOUT = 120.0


class WorkersDidNotStart(QueryError):
    """A worker could not start (the store, the memory limit); the message says why."""


def _worker_main(conn: Connection, store_path: str, memory_limit_mb: int | None) -> None:
    """A worker process's entry point. web.worker is imported here, in the worker: the server
    process never loads what answering a query needs."""
    from web.worker import serve

    serve(conn, store_path, memory_limit_mb)


class PoolBusy(Exception):
    """No worker came free for this client within the time a request may wait."""


class QueueFull(Exception):
    """The client already has as many queries waiting as it may."""


class QueryTimedOut(Exception):
    """The query ran past the time limit; its worker was killed."""


class WorkerFailed(Exception):
    """A worker died while answering; it was replaced. ``exitcode`` is negative for a signal."""

    def __init__(self, exitcode: int | None) -> None:
        self.exitcode = exitcode
        super().__init__(f"worker exit code {exitcode}")

    @property
    def out_of_memory(self) -> bool:
        # An allocation past RLIMIT_AS aborts the engine (SIGABRT); the kernel's OOM killer sends SIGKILL.
        return self.exitcode in (-signal.SIGABRT, -signal.SIGKILL)


@contextmanager
def _ctrl_c_ignored() -> Iterator[None]:
    """Ctrl-C goes to the server's whole process group, and a worker still importing its modules
    would die of it with a traceback. A child started while SIGINT is ignored starts ignoring it
    (Python leaves an ignored SIGINT alone); a running worker ignores it anyway (web.worker), and
    the server stops its workers itself. Only the main thread may set a handler: a worker
    respawned from another thread starts without this."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@dataclass(eq=False)  # hashed by identity: kept in a set
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    # Two threads may stop one worker at once (the pool closing while a background start gives up
    # on it); closing its pipe twice at once would close a descriptor number twice (EBADF).
    _stopping: threading.Lock = field(default_factory=threading.Lock)

    def stop(self) -> None:
        with self._stopping:
            self.process.kill()
            self.process.join(5)
            if not self.conn.closed:
                self.conn.close()


@dataclass(eq=False)
class _Ticket:
    client: str
    order: int


class WorkerPool:
    def __init__(
        self, store_path: Path, size: int, memory_limit_mb: int | None = None, per_client: int = 1, queued_per_client: int = 2
    ) -> None:
        self.store_path = str(store_path)
        self.size = size
        self.memory_limit_mb = memory_limit_mb
        self.per_client = per_client
        self.queued_per_client = queued_per_client
        self.confinement: Confinement | None = None  # as the workers reported it
        self._idle: list[_Worker] = []
        self._waiting: list[_Ticket] = []
        self._holding: Counter[str] = Counter()
        self._order = itertools.count()
        self._all: set[_Worker] = set()
        self._turn = threading.Condition()
        self._closed = False
        self._starting = 0  # workers of a background start not yet ready nor failed
        self._joined = 0  # workers of a background start that became ready
        self._start_failure: WorkersDidNotStart | None = None

    def start(self, wait: bool = True) -> "WorkerPool":
        """Start every worker. With ``wait``, return once each has opened the store (or raise
        WorkersDidNotStart); without, return at once: each worker joins the pool when it is
        ready, and :meth:`started` says how the start went."""
        starting = [self._spawn() for _ in range(self.size)]
        if wait:
            for worker in starting:
                self._await_ready(worker)
                self._give_back(None, worker)
            return self
        self._starting = len(starting)
        for worker in starting:
            threading.Thread(target=self._welcome, args=(worker,), name="dgkg-worker-start", daemon=True).start()
        return self

    def _welcome(self, worker: _Worker) -> None:
        failure = None
        try:
            self._await_ready(worker)
        except WorkersDidNotStart as error:
            failure = error
            if not self._closed:
                log.warning("%s", error)
        with self._turn:
            self._starting -= 1
            if failure is None:
                self._joined += 1
                self._idle.append(worker)
            elif self._start_failure is None:
                self._start_failure = failure
            self._turn.notify_all()

    def started(self) -> None:
        """Wait until one worker of a background start is ready, or every one has failed (each
        within START_TIMEOUT): then raise WorkersDidNotStart with the first failure."""
        with self._turn:
            while not self._joined and self._starting and not self._closed:
                self._turn.wait()
            if not self._joined and self._start_failure is not None:
                raise self._start_failure

    # -- workers --------------------------------------------------------------------------
    def _spawn(self) -> _Worker:
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(
            target=_worker_main, args=(child, self.store_path, self.memory_limit_mb), daemon=True, name="dgkg-sparql-worker"
        )
        with _ctrl_c_ignored():
            process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._turn:
            self._all.add(worker)
        return worker

    def _await_ready(self, worker: _Worker) -> None:
        try:
            if not worker.conn.poll(START_TIMEOUT):
                raise TimeoutError(f"no word from it in {START_TIMEOUT:g} s")
            status, detail = worker.conn.recv()
        except (EOFError, OSError) as error:  # died starting (or timed out), or the pool closed meanwhile
            self._discard(worker)
            raise WorkersDidNotStart(f"a SPARQL worker did not start: {error or 'it exited'}") from None
        if status != "ready":
            self._discard(worker)
            raise WorkersDidNotStart(f"a SPARQL worker did not start: {detail}")
        self.confinement = detail

    def _discard(self, worker: _Worker) -> None:
        worker.stop()
        with self._turn:
            self._all.discard(worker)

    def _replace(self, worker: _Worker, client: str) -> None:
        """Kill a worker, free the client's share, start a successor without making anyone wait."""
        self._discard(worker)
        self._give_back(client, None)

        def respawn() -> None:
            if self._closed:
                return
            fresh = self._spawn()
            try:
                self._await_ready(fresh)
            except WorkersDidNotStart as error:
                log.warning("%s", error)
                return
            self._give_back(None, fresh)

        threading.Thread(target=respawn, name="dgkg-worker-respawn", daemon=True).start()

    # -- scheduling -----------------------------------------------------------------------
    def idle(self) -> int:
        """Workers waiting for a query now."""
        with self._turn:
            return len(self._idle)

    def _acquire(self, client: str, deadline: float) -> _Worker:
        with self._turn:
            if sum(1 for ticket in self._waiting if ticket.client == client) >= self.queued_per_client:
                raise QueueFull()
            ticket = _Ticket(client, next(self._order))
            self._waiting.append(ticket)
            try:
                while not (self._idle and self._next() is ticket):
                    remaining = deadline - time.monotonic()
                    if remaining <= 0 or self._closed:
                        raise PoolBusy()
                    self._turn.wait(remaining)
            finally:
                self._waiting.remove(ticket)
                self._turn.notify_all()  # the next ticket in line may be eligible now
            self._holding[client] += 1
            return self._idle.pop()

    def _next(self) -> _Ticket | None:
        """The waiting ticket a free worker goes to: clients holding the fewest workers first."""
        eligible = [t for t in self._waiting if self._holding[t.client] < self.per_client]
        return min(eligible, key=lambda t: (self._holding[t.client], t.order), default=None)

    def _give_back(self, client: str | None, worker: _Worker | None) -> None:
        with self._turn:
            if client is not None:
                self._holding[client] -= 1
                if not self._holding[client]:
                    del self._holding[client]
            if worker is not None:
                self._idle.append(worker)
            self._turn.notify_all()

    # -- running --------------------------------------------------------------------------
    def run(self, task: Task, client: str, time_limit: float, wait: float) -> tuple[Reply, float]:
        """The worker's reply to one task and the seconds it ran; ``wait`` bounds the queueing."""
        worker = self._deliver(task, client, time.monotonic() + wait)
        started = time.perf_counter()
        try:
            if not worker.conn.poll(time_limit):
                self._replace(worker, client)
                raise QueryTimedOut()
            reply = worker.conn.recv()
        except (EOFError, OSError):
            worker.process.join(1)
            exitcode = worker.process.exitcode
            self._replace(worker, client)
            raise WorkerFailed(exitcode) from None
        self._give_back(client, worker)
        return reply, time.perf_counter() - started

    def _deliver(self, task: Task, client: str, deadline: float) -> _Worker:
        """A worker that has accepted the task; one that died while idle is replaced and the
        task goes to the next (the query did nothing wrong)."""
        for _ in range(self.size + 1):
            worker = self._acquire(client, deadline)
            if worker.process.is_alive():
                try:
                    worker.conn.send(task)
                    return worker
                except OSError:  # BrokenPipeError: it died just now
                    pass
            self._replace(worker, client)
        raise WorkerFailed(None)

    def close(self) -> None:
        with self._turn:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
            self._turn.notify_all()
        for worker in workers:
            worker.stop()
