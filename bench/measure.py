"""Timing a process as a whole: its wall time and its own peak memory, and the machine it ran on."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import signal
import time
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

REPEATS = 5  # small operations: the median of five on a machine that other work shares
PYTHON = sys.executable
DGKG = [PYTHON, "-m", "dgkg.cli"]
TIME = "/usr/bin/time"  # GNU time: %M is the peak resident set of the command, in KB


@dataclass
class Run:
    seconds: float
    peak_mb: float
    code: int
    stdout: str
    stderr: str


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
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        kilobytes = peak.read().split()
        peak_mb = int(kilobytes[-1]) / 1024 if kilobytes and kilobytes[-1].isdigit() else float("nan")
        return Run(seconds, peak_mb, process.returncode, out.read(), err.read())


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
