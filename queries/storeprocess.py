"""The build's store written by a process of its own, beside the artifacts that follow it.

Nothing the build writes after the store reads it, but for the explorer's search, which reads
the pinyin of the label file the store's writer makes: the views read their model from the
dumps (viz.loading). So the store is loaded by a second Python process while the build's own
renders the pages, on the second core; at a million triples the two stages took 94 s and 140 s
one after the other. The process is spawned, not forked, so that it starts
small rather than sharing the builder's gigabyte of compiled graph, and it is stopped if the
build fails before it is done.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from queries.store import write_store_at
from queries.storedelta import PreviousBuild

if TYPE_CHECKING:
    from graph_build import KnowledgeGraph

_CONTEXT = multiprocessing.get_context("spawn")
Figures = tuple[float, float | None]  # the stage's seconds, and its process's peak resident memory in MB


class StoreInBackground:
    """`start` is the build's artifact writer for the store; `wait` (any number of times) returns
    when the store and its label file are written, with the stage's figures, or raises what the
    process raised; `stop` ends a process still running (a build that failed meanwhile)."""

    def __init__(self, previous: PreviousBuild | None = None) -> None:
        self.previous = previous
        self._process: multiprocessing.process.BaseProcess | None = None
        self._answer: Connection | None = None
        self._figures: Figures | None = None
        self._failure: BaseException | None = None

    def start(self, graph: "KnowledgeGraph", out: Path) -> "StoreInBackground":
        receiving, sending = _CONTEXT.Pipe(duplex=False)
        args = (sending, out, str(graph.names.inferred), self.previous)
        self._process = _CONTEXT.Process(target=_write, args=args, name="dgkg-store", daemon=True)
        self._process.start()
        sending.close()  # the child's end: once the child exits, a read here ends rather than waits
        self._answer = receiving
        return self

    def wait(self) -> Figures:
        if self._figures is not None:
            return self._figures
        if self._failure is not None:
            raise self._failure
        if self._process is None or self._answer is None:
            raise RuntimeError("the store's process was never started")
        try:
            outcome, value = self._answer.recv()
        except EOFError:
            self._process.join()
            outcome, value = (
                "failed",
                OSError(f"the process writing the store ended without an answer (exit code {self._process.exitcode})"),
            )
        finally:
            self._answer.close()
        self._process.join()
        if outcome == "failed":
            self._failure = value
            raise value
        self._figures = value
        return value

    def stop(self) -> None:
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join()


def _write(answer: Connection, out: Path, inferred: str, previous: PreviousBuild | None) -> None:
    # Ctrl-C reaches the whole process group: the build stops this process itself, rather than
    # have it print a traceback of its own under the build's message
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    started = time.perf_counter()
    try:
        write_store_at(out, inferred, previous)
    except Exception as error:  # handed to the build, which reports it as any stage's failure
        answer.send(("failed", error))
    else:
        answer.send(("written", (time.perf_counter() - started, _peak_mb())))
    finally:
        answer.close()


def _peak_mb() -> float | None:
    """This process's peak resident memory (VmHWM), in MB; None where Linux's /proc is not.
    Not getrusage's, which Linux carries over from the builder forked to spawn it."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return None
    kib = next((line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")), None)
    return int(kib) / 1024 if kib is not None else None
