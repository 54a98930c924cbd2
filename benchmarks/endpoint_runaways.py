"""What a normal client sees while two other clients send runaway queries: dgkg serve beside
`oxigraph serve-read-only` on the same store, side by side.

Run by hand after `dgkg build` (not a test: timings depend on the machine):

    .venv/bin/python benchmarks/endpoint_runaways.py [--dist dist] [--requests 200] [--workers 4]

For each server it reports a normal client's latency (p50, p95, max) and its statuses over
``--requests`` requests cycling through the library's questions (default parameters), first
alone, then while two runaway clients (other loopback addresses) send a query that never ends
in a loop. Each request has a 30 s socket timeout; a timed-out request counts as "timeout".
Oxigraph's server has no time limit or per-client share, so its runaways run until it is
stopped: that is the comparison.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from loopback import request, serving  # noqa: E402
from queries import Library, Store  # noqa: E402
from queries.sparqltext import DEFAULT_PREFIXES, declare_prefixes  # noqa: E402

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
NORMAL, ATTACKERS = "127.0.0.7", ("127.0.0.5", "127.0.0.6")


def questions(dist: Path) -> list[str]:
    """The library's questions bound with their defaults, with PREFIX lines (any server runs them)."""
    store = Store.from_dist(dist)
    bound = [q.bind({}, store.resolve)[0] for q in Library.load()]
    return [declare_prefixes(text, DEFAULT_PREFIXES) for text in bound]


@contextmanager
def dgkg_serve(dist: Path, workers: int) -> Iterator[str]:
    with serving(dist, "--workers", str(workers), "--budget", "100000/60") as served:
        yield served.url + "/sparql"


@contextmanager
def oxigraph_serve(dist: Path) -> Iterator[str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    oxigraph = Path(sys.executable).with_name("oxigraph")
    process = subprocess.Popen(
        [
            str(oxigraph),
            "serve-read-only",
            "--location",
            str(dist / "store"),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/query"
        for _ in range(100):
            try:
                request(url, "GET", "/query?query=" + quote("ASK {}"), timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(30)


def normal_client(url: str, texts: list[str], count: int) -> tuple[list[float], Counter[str]]:
    path = "/" + url.split("/", 3)[3]
    latencies, statuses = [], Counter[str]()
    for index in range(count):
        started = time.perf_counter()
        try:
            status, _, _ = request(
                url,
                "GET",
                f"{path}?query=" + quote(texts[index % len(texts)]),
                headers={"Accept": "application/sparql-results+json"},
                client=NORMAL,
                timeout=30,
            )
            statuses[str(status)] += 1
        except OSError:
            statuses["timeout"] += 1
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies, statuses


def with_runaways(url: str, texts: list[str], count: int) -> tuple[list[float], Counter[str]]:
    path = "/" + url.split("/", 3)[3]
    stop = threading.Event()

    def runaway(client: str) -> None:
        while not stop.is_set():
            try:
                request(url, "GET", f"{path}?query=" + quote(RUNAWAY), client=client, timeout=30)
            except OSError:
                pass

    for client in ATTACKERS:
        threading.Thread(target=runaway, args=(client,), daemon=True).start()
    time.sleep(1)
    try:
        return normal_client(url, texts, count)
    finally:
        stop.set()


def report(name: str, phase: str, latencies: list[float], statuses: Counter[str]) -> float:
    ordered = sorted(latencies)
    p50, p95 = statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]
    shown = ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items()))
    print(f"{name:<26} {phase:<16} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  max {ordered[-1]:8.1f} ms  ({shown})")
    return p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", type=Path, default=REPO / "dist")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    texts = questions(args.dist)
    print(f"{os.cpu_count()} CPUs; a normal client, {args.requests} requests over {len(texts)} library questions")
    for name, server in (
        (f"dgkg serve ({args.workers} workers)", dgkg_serve(args.dist, args.workers)),
        ("oxigraph serve-read-only", oxigraph_serve(args.dist)),
    ):
        with server as url:
            # one answer first: dgkg serve listens before its workers are ready (the start is not what is measured)
            normal_client(url, ["ASK {}"], 1)
            alone = report(name, "alone", *normal_client(url, texts, args.requests))
            attacked = report(name, "two runaways", *with_runaways(url, texts, args.requests))
            print(f"{'':<26} p95 under attack / alone: {attacked / alone:.1f}x")


if __name__ == "__main__":
    main()
