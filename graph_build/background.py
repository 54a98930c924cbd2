"""Artifact writers run one after the other by processes of their own, beside the build's.

Once the line-based dumps are written, the build's own process renders the views, its longest
stage, on one core. Everything else left to write reads only what is already in dist/ (the
dumps, layout.json, the ontology's files): the store, dgkg.trig and dgkg.ttl, the JSON-LD dump,
the dataset's description. So those are written on the second core, in order, each by a Python
process of its own that a thread of the build starts when the step before it is done: at a
million triples they took 115 s, 18 s, 7 s and 4 s (the bench, 2026-12-07), against the views'
141 s. One process for all of them kept what the store's loader had left, 380 MB once trimmed,
beside the views' peak; a process per step gives it all back.

Each process is spawned, not forked, so that it starts small rather than sharing the builder's
gigabyte of compiled graph. It ignores Ctrl-C, which reaches the whole process group: the build
stops it itself (`stop`), and starts no other, if it fails or is interrupted meanwhile.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import pickle
import signal
import threading
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from graph_build.memory import peak_memory_mb, restart_peak_memory

if TYPE_CHECKING:
    from graph_build.graph import KnowledgeGraph
    from graph_build.writer import ArtifactWriter

# What a step writes into dist/, given the path of dist/ (the staging directory) alone. It is
# handed to the process by pickling: a module-level function, or a functools.partial of one.
Step = Callable[[Path], None]
Figures = tuple[float, float | None]  # the step's seconds, and its peak resident memory in MB

_CONTEXT = multiprocessing.get_context("spawn")


class InBackground:
    """The steps, named as the build's stages, run in order, each by a process of its own.
    `writer(name)` is the build's artifact writer for a step: the first of them the build calls
    starts the steps, and each returns its step as the Background the build waits for
    (graph_build.writer). `wait` returns a step's figures once it is done (any number of times),
    or raises what its process raised, or a step's before it; `stop` ends the step running and
    starts no other."""

    def __init__(self, steps: Sequence[tuple[str, Step]]) -> None:
        self.steps = list(steps)
        self._thread: threading.Thread | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        self._stopped = False
        self._figures: dict[str, Figures] = {}
        self._failure: BaseException | None = None
        self._changed = threading.Condition()  # guards the fields above; notified as steps end

    def writer(self, name: str) -> ArtifactWriter:
        if name not in (named for named, _ in self.steps):
            raise ValueError(f"no step named {name!r}")

        def start_then_follow(graph: KnowledgeGraph, out: Path) -> _Followed:
            del graph  # the steps read dist/
            self.start(out)
            return _Followed(self, name)

        return start_then_follow

    def start(self, out: Path) -> None:
        with self._changed:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, args=(out,), name="dgkg-writers", daemon=True)
                self._thread.start()

    def _run(self, out: Path) -> None:
        for name, step in self.steps:
            failure: BaseException | None = None
            try:
                figures = self._run_step(name, step, out)
            except BaseException as error:  # whatever it is, the build waits for it: it is the answer
                figures, failure = None, error
            with self._changed:
                if failure is not None:
                    self._failure = failure
                elif figures is not None:
                    self._figures[name] = figures
                self._changed.notify_all()
                if figures is None:
                    return

    def _run_step(self, name: str, step: Step, out: Path) -> Figures | None:
        """The step's figures once its process has answered; raises what it raised; None if the
        build stopped the steps before it could start."""
        receiving, sending = _CONTEXT.Pipe(duplex=False)
        try:
            with self._changed:
                if self._stopped:
                    return None
                process = self._process = _CONTEXT.Process(
                    target=_write, args=(sending, out, step, os.getpid()), name=f"dgkg-{name}", daemon=True
                )
                process.start()
            sending.close()  # the child's end: once the child exits, a read here ends rather than waits
            try:
                outcome, value = receiving.recv()
            except EOFError:
                process.join()
                raise OSError(f"the process writing {name} ended without an answer (exit code {process.exitcode})") from None
        finally:
            receiving.close()
            sending.close()
        process.join()
        if outcome == "failed":
            raise value
        return value

    def wait(self, name: str) -> Figures:
        with self._changed:
            if self._thread is None:
                raise RuntimeError("the writers beside the views were never started")
            while name not in self._figures:
                if self._failure is not None:
                    raise self._failure
                self._changed.wait()
            return self._figures[name]

    def stop(self) -> None:
        with self._changed:
            self._stopped = True
            process, thread = self._process, self._thread
        if process is not None and process.is_alive():
            process.terminate()
        if thread is not None:
            thread.join()


class _Followed:
    """One step of an InBackground, as the build's Background."""

    def __init__(self, steps: InBackground, name: str) -> None:
        self.steps, self.name = steps, name

    def wait(self) -> Figures:
        return self.steps.wait(self.name)

    def stop(self) -> None:
        self.steps.stop()


def _write(answer: Connection, out: Path, step: Step, build: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with_the_build(build)
    started = time.perf_counter()
    restart_peak_memory()
    try:
        step(out)
    except Exception as error:  # handed to the build, which reports it as any stage's failure
        answer.send(("failed", _sendable(error)))
    else:
        answer.send(("done", (time.perf_counter() - started, peak_memory_mb())))
    finally:
        answer.close()


def _end_with_the_build(build: int) -> None:
    """Has Linux kill this process when the thread that started it ends, as it does when the
    build's process is killed outright (SIGKILL, the out-of-memory killer): the step would
    otherwise write on into a staging directory no build waits for. The thread outlives every
    step it starts, joining each. Elsewhere than Linux the step runs to its end."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != build:  # the build was gone before the request was made
        os._exit(1)


PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _sendable(error: Exception) -> Exception:
    """The error itself if the build's process can unpickle it, else its message in an OSError."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return OSError(f"{type(error).__name__}: {error}")
    return error
