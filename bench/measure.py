"""Timing a process as a whole: its wall time and its own peak memory, and the machine it ran on."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import signal
import threading
import time
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

REPEATS = 5  # small operations: the median of five on a machine that other work shares
EXPORT_BUDGET = 5.0  # seconds of one export format's runs, all its commands, after which no further round starts
PYTHON = sys.executable
# the console script the install wrote beside the interpreter, as users run it (`python -m dgkg.cli`
# would add runpy to every start-up measured)
DGKG = [str(Path(PYTHON).with_name("dgkg"))]
TIME = "/usr/bin/time"  # GNU time: %M is the peak resident set of the command, in KB


@dataclass
class Run:
    seconds: float
    peak_mb: float
    code: int
    stdout: str
    stderr: str
    together_mb: float | None = None  # the peak of the resident sizes of all its processes added up


def run(command: list[str], env: dict[str, str] | None = None, timeout: float | None = None) -> Run:
    """Run to the end, under /usr/bin/time for the peak resident memory. Asked of this process
    instead, a child's peak would start at this (large) process's size: Linux carries the high-water
    mark of the process that forked across exec. Output goes to files, so no pipe fills."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err, tempfile.NamedTemporaryFile("r") as peak:
        started = time.perf_counter()
        process = subprocess.Popen(
            [TIME, "-f", "%M", "-o", peak.name, *command],
            stdout=out,
            stderr=err,
            text=True,
            env={**os.environ, **(env or {})},
            start_new_session=True,
        )
        together = _TogetherPeak(process.pid)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        finally:
            together.stop()
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        kilobytes = peak.read().split()
        peak_mb = int(kilobytes[-1]) / 1024 if kilobytes and kilobytes[-1].isdigit() else float("nan")
        return Run(seconds, peak_mb, process.returncode, out.read(), err.read(), together.peak_mb)


class _TogetherPeak:
    """The largest sum, sampled every SAMPLE seconds, of the resident sizes of a process and its
    descendants: GNU time's %M is the largest one process reached, but a build whose store is
    loaded by a second process beside its own (queries.storeprocess) needs both at once."""

    SAMPLE = 0.05

    def __init__(self, pid: int) -> None:
        self.pid, self.largest, self.page = pid, 0, os.sysconf("SC_PAGE_SIZE")
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._sample, name="bench-memory", daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while not self.done.wait(self.SAMPLE):
            self.largest = max(self.largest, sum(self._resident(pid) for pid in self._tree()))

    def _tree(self) -> list[int]:
        found, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            for children in Path(f"/proc/{pid}/task").glob("*/children"):
                try:
                    todo.extend(int(child) for child in children.read_text().split())
                except OSError:  # the task ended meanwhile
                    continue
        return found

    def _resident(self, pid: int) -> int:
        try:
            return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * self.page
        except (OSError, IndexError, ValueError):
            return 0

    def stop(self) -> None:
        self.done.set()
        self.thread.join()

    @property
    def peak_mb(self) -> float | None:
        return self.largest / 2**20 if self.largest else None


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def p95(values: list[float]) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def repeat(command: list[str], times: int = REPEATS, env: dict[str, str] | None = None) -> list[float]:
    return [run(command, env).seconds for _ in range(times)]


def machine() -> dict[str, object]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if "model name" in line), cpu)
    memory = 0.0
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        memory = int(meminfo.read_text().split()[1]) / 2**20
    packages: dict[str, str | None] = {}
    for name in ("dgkg", "pyoxigraph", "oxigraph", "rdflib", "owlready2", "pyshacl-turbo", "networkx"):
        try:
            packages[name] = version(name)
        except PackageNotFoundError:
            packages[name] = None
    load = os.getloadavg()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(memory, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "packages": packages,
        "load_average": [round(x, 2) for x in load],
        "shared": load[0] > (os.cpu_count() or 1),
    }
