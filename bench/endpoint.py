"""The SPARQL endpoint under concurrent clients: `dgkg serve` beside `oxigraph serve-read-only`.

Both serve the same store on loopback at the same time. Each level of concurrency sends a
bounded number of requests of one query from that many threads, each on its own connection,
and records every request's latency; throughput is answers over the level's wall time, and
``cpu_ms`` the CPU time the server spent per answer (all its processes: dgkg's query workers
too), the figure other work on a shared machine disturbs least. A level runs in rounds that
alternate between the two servers, so that other work on a shared machine weighs on both
alike; before the first, each server answers one round at the highest level unmeasured (its
workers, caches and connections warm).

All the clients come from one address, as a trusted client (a proxy, a batch job) would: `dgkg
serve` is started with budgets, shares, connection caps and a time limit wide enough for it
(TRUSTED_CLIENT); its defaults refuse more than two queries waiting per client (HTTP 429), and a
query that waits for a worker longer than the 10 s a query may run (HTTP 503), which is right for
the public. Oxigraph's server has no such limits: at a million triples, where each answer takes
4 s of CPU, 16 clients wait half a minute for theirs, and the default limit refused half of them.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import psutil

from bench.measure import DGKG, median
from web import default_workers

CLIENTS = (1, 4, 16)
REQUESTS = 48  # per level and server at most: every client sends at least three
# A level's requests go in rounds that alternate between the servers, each of ROUND requests at
# most and PER_CLIENT from each client; a level stops after the round in which a server's requests
# took LEVEL_SECONDS in all. At a million triples each answer sorts 250k labels (4-5 s), and 48 of
# them per level and server made the endpoint 10 of the full run's 38 minutes; one client's round
# of 16 (one request after another) still took 74 s a server.
ROUND, PER_CLIENT = 16, 4
LEVEL_SECONDS = 30.0
# LANGMATCHES: the engine keeps language tags lower-cased (zh-hans), so LANG(?label) = 'zh-Hans'
# matched nothing and both servers answered an empty table.
QUERY = (
    "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?label "
    "FILTER(LANGMATCHES(LANG(?label), 'zh-Hans')) } ORDER BY ?label LIMIT 100"
)
# `dgkg serve`'s limits for one trusted client sending every request of a level (module docstring)
TRUSTED_CLIENT = (
    *("--budget", "100000/60", "--time-budget", "100000", "--time-limit", "300"),
    *("--connections-per-address", "64", "--per-client", "64", "--queued-per-client", "64"),
)
OXIGRAPH = Path(os.environ.get("VIRTUAL_ENV", Path(DGKG[0]).parent.parent)) / "bin" / "oxigraph"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def stop(process: subprocess.Popen[str]) -> None:
    """SIGTERM, which both servers take as a request to stop (SIGINT would be ignored when the
    bench itself runs in the background), then SIGKILL to the group if one does not."""
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(30)


@contextmanager
def dgkg_serve(dist: Path) -> Iterator[tuple[str, dict[str, float], int]]:
    """`dgkg serve` as tests/loopback.py starts it, with budgets wide enough for one busy client."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [*DGKG, "serve", "--port", "0", "--dist", str(dist), *TRUSTED_CLIENT],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+)/sparql", banner)
        if not match:
            rest = process.stdout.read() if process.wait(30) is not None else ""
            raise RuntimeError(f"dgkg serve did not start: {banner}{rest}"[-3000:])
        start = time.perf_counter() - started
        # the parent's memory once it listens, before its query workers take their share
        parent_mb = psutil.Process(process.pid).memory_info().rss / 2**20
        threading.Thread(target=lambda: [None for _ in process.stdout or ()], daemon=True).start()
        yield match.group(1), {"start_seconds": start, "parent_mb": parent_mb}, process.pid
    finally:
        stop(process)


@contextmanager
def oxigraph_serve(dist: Path) -> Iterator[tuple[str, dict[str, float], int]]:
    port = free_port()
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(OXIGRAPH), "serve-read-only", "--location", str(dist / "store"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.perf_counter() - started > 60:
                    raise RuntimeError("oxigraph serve-read-only did not start") from None
                time.sleep(0.02)
        start = time.perf_counter() - started
        yield url, {"start_seconds": start, "parent_mb": psutil.Process(process.pid).memory_info().rss / 2**20}, process.pid
    finally:
        stop(process)


def ask(url: str, path: str) -> float:
    parts = urlsplit(url)
    started = time.perf_counter()
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=120)
    try:
        conn.request("GET", f"{path}?{urlencode({'query': QUERY})}", headers={"Accept": "application/sparql-results+json"})
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url}{path}: HTTP {response.status}")
    finally:
        conn.close()
    return time.perf_counter() - started


def level(url: str, path: str, clients: int, requests: int) -> dict[str, Any]:
    """``requests`` requests from ``clients`` threads: latencies, wall time, errors."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    share = [requests // clients + (1 if i < requests % clients else 0) for i in range(clients)]

    def client(count: int) -> None:
        for _ in range(count):
            try:
                took = ask(url, path)
            except (OSError, RuntimeError) as error:
                with lock:
                    errors.append(str(error))
                continue
            with lock:
                latencies.append(took)

    threads = [threading.Thread(target=client, args=(n,)) for n in share if n]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"latencies": latencies, "wall": time.perf_counter() - started, "errors": errors}


def cpu_seconds(pid: int) -> float:
    """User and system time of a server and its processes (dgkg's query workers) so far."""
    server = psutil.Process(pid)
    total = 0.0
    for process in (server, *server.children(recursive=True)):
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def summary(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """The level's figures; ``cpu_ms`` is the servers' CPU per answer, which other work on the
    machine does not change as it changes latency and throughput."""
    latencies = [took for one in rounds for took in one["latencies"]]
    errors = [error for one in rounds for error in one["errors"]]
    wall = sum(one["wall"] for one in rounds)
    cpu = sum(one["cpu"] for one in rounds)
    return {
        "requests": len(latencies) + len(errors),
        "p50": median(latencies),
        "throughput": len(latencies) / wall if wall else 0.0,
        "cpu_ms": 1000 * cpu / len(latencies) if latencies else 0.0,
        "errors": len(errors),
        "first_error": errors[0] if errors else None,
    }


Server = Callable[[Path], AbstractContextManager[tuple[str, dict[str, float], int]]]
SERVERS: tuple[tuple[str, Server, str], ...] = (("dgkg", dgkg_serve, "/sparql"), ("oxigraph", oxigraph_serve, "/query"))


def measure(dist: Path) -> dict[str, Any]:
    """Each server's start, memory and levels; a server that does not start is reported as such,
    so that the rest of the run is not lost."""
    result: dict[str, Any] = {}
    running: dict[str, tuple[str, str, int]] = {}
    with ExitStack() as stack:
        for name, server, path in SERVERS:  # one after the other: each start is timed alone
            try:
                url, started, pid = stack.enter_context(server(dist))
                ask(url, path)  # the first answer: the server is ready
                # warm, unmeasured: a request for each of dgkg serve's query workers, all at once. A
                # round of 16 took 95 s of a full run at 1M on a slow day (each answer takes 4-5 s),
                # which then took 31.5 min; a 4-client level apart from the others on a loaded
                # machine came with either round.
                level(url, path, default_workers(), default_workers())
            except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
                result[name] = {"error": str(error)}
                continue
            result[name] = {**started, "levels": {}}
            running[name] = (url, path, pid)
        for clients in CLIENTS:
            rounds: dict[str, list[dict[str, Any]]] = {name: [] for name in running}
            share = min(ROUND, PER_CLIENT * clients)
            for _ in range(REQUESTS // share):
                for name, (url, path, pid) in running.items():
                    before = cpu_seconds(pid)
                    measured = level(url, path, clients, share)
                    rounds[name].append({**measured, "cpu": cpu_seconds(pid) - before})
                if max(sum(one["wall"] for one in done) for done in rounds.values()) >= LEVEL_SECONDS:
                    break  # both servers have had the same rounds
            for name in running:
                result[name]["levels"][str(clients)] = summary(rounds[name])
    return result
