"""`dgkg serve`: the SPARQL 1.1 Protocol endpoint and the query page, over the built store."""

from __future__ import annotations

import argparse
import errno
import logging
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from dgkg.arguments import seconds, whole
from dgkg.errors import UsageError
from dgkg.paths import ProjectPaths
from queries import QueryError, StoreMissing
from web import Endpoint, MountFactory, RunningEndpoint, Settings, create, make_endpoint
from web import default_workers
from web import DEFAULT_LIMITS, ConnectionLimits

log = logging.getLogger("dgkg.serve")
# queries.STORE_DIR, named again here: importing queries.store loads rdflib, which the server
# process otherwise needs only for the query page (tests/test_endpoint.py checks they agree).
STORE_DIR = "store"
# A worker (Python, pyoxigraph, the store opened) did not start under 280 MB of address space here;
# below this floor --memory-limit would only stop every worker from starting.
LEAST_WORKER_MB = 512
MOST_WORKERS = 64  # each a process with the store open: a larger pool is a typo, not a server


def mounts() -> Mapping[str, MountFactory]:
    """Apps of other rooms served under a path prefix: the Linked Data routes (resource IRIs by
    content negotiation, entity pages, descriptions, the ontology; web/resources.py)."""
    from web import linked_data_mounts

    return linked_data_mounts()


def memory_limit(text: str) -> int:
    """MB of address space for each worker: 0 for no limit, else enough for a worker to start."""
    megabytes = whole(0, 1 << 20)(text)
    if 0 < megabytes < LEAST_WORKER_MB:
        raise argparse.ArgumentTypeError(f"a worker needs at least {LEAST_WORKER_MB} MB to start (0: no limit), got {megabytes}")
    return megabytes


def parse_budget(text: str) -> tuple[int, float]:
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+(?:\.\d+)?)\s*s?\s*", text)
    if not match or int(match.group(1)) < 1 or float(match.group(2)) <= 0:
        raise UsageError(f"--budget expects QUERIES/SECONDS such as 120/60, got {text!r}")
    return int(match.group(1)), float(match.group(2))


def connection_limits(args: argparse.Namespace) -> ConnectionLimits:
    try:
        return ConnectionLimits(
            per_address=args.connections_per_address,
            total=max(DEFAULT_LIMITS.total, 2 * args.connections_per_address),
            header_timeout=args.header_timeout,
            body_timeout=max(DEFAULT_LIMITS.body_timeout, args.header_timeout),
            idle_timeout=args.idle_timeout,
        )
    except ValueError as error:
        raise UsageError(str(error)) from None


def listen(endpoint: Endpoint, host: str, port: int, limits: ConnectionLimits) -> RunningEndpoint:
    """The endpoint bound to ``host:port``; a port in use (or not ours to take) is a one-line
    error that says what to do, and the workers already started are stopped."""
    try:
        return create(endpoint, host, port, limits)
    except OSError as error:
        endpoint.pool.close()
        hint = {
            errno.EADDRINUSE: " (is another dgkg serve running?); choose another with --port N, or --port 0 for a free one",
            errno.EACCES: "; ports below 1024 need privileges: choose --port 8000, say",
        }.get(error.errno or 0, "")
        raise UsageError(f"cannot listen on {host}:{port}: {error.strerror or error}{hint}") from None


class Reloader:
    """Serves the newest build. A build replaces dist/ as a whole, so after a rebuild the store
    directory served is another directory at the same path (looked at, on a request, at most
    once every CHECK_EVERY seconds). A new endpoint (workers, label index, linked-data mounts) is
    then started beside the old one, which answers meanwhile, saying ``X-Dgkg-Stale: true``. The
    switch is one assignment, so each request is answered wholly by one build, and the budgets
    carry over; the old workers are stopped once the queries they hold can have finished. If
    the new build cannot be served (a broken store), the old one goes on, stale, and the log
    says why; the next rebuild is tried again."""

    CHECK_EVERY = 1.0

    def __init__(self, endpoint: Endpoint, store: Path, start: Callable[[], Endpoint]) -> None:
        self.endpoint = endpoint
        self.store = store
        self.start = start
        self.served = self.failed = self.on_disk = identity(store)
        self.checked = time.monotonic()
        self.reloading = False
        self.retired: list[threading.Timer] = []
        self.lock = threading.Lock()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        endpoint = self.endpoint  # read once: the whole request goes to one build
        if not self.behind():
            return endpoint(environ, start_response)

        def marked(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> Callable:
            return start_response(status, [*headers, ("X-Dgkg-Stale", "true")], exc_info)

        return endpoint(environ, marked)

    def behind(self) -> bool:
        """Whether a newer build than the one served is on disk; starts serving it if not yet tried."""
        with self.lock:
            if time.monotonic() - self.checked >= self.CHECK_EVERY:
                self.checked = time.monotonic()
                self.on_disk = identity(self.store)
                if self.on_disk not in (self.served, self.failed, None) and not self.reloading:
                    self.reloading = True
                    threading.Thread(target=self.reload, args=(self.on_disk,), name="dgkg-reload", daemon=True).start()
            return self.on_disk != self.served

    def reload(self, target: tuple[int, int]) -> None:
        log.info("%s was replaced by a new build: starting to serve it", self.store)
        try:
            fresh = self.start()
        except (QueryError, OSError) as error:
            log.warning("the new build cannot be served (%s); still answering from the old one (X-Dgkg-Stale: true)", error)
            with self.lock:
                self.failed, self.reloading = target, False
            return
        with self.lock:
            old, fresh.budget = self.endpoint, self.endpoint.budget
            self.endpoint, self.served, self.failed, self.reloading = fresh, target, target, False
            grace = 2 * old.settings.time_limit
            timer = threading.Timer(grace, old.pool.close)
            timer.daemon = True
            timer.start()
            self.retired.append(timer)
        log.info("now serving the new build; the old workers stop in %g s", grace)

    def close(self) -> None:
        """Stop the workers of the build served and of those being retired."""
        for timer in self.retired:
            timer.cancel()
            timer.function()
        self.endpoint.pool.close()


def identity(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def run(args: argparse.Namespace, paths: ProjectPaths) -> int:
    queries, window = parse_budget(args.budget)
    settings = Settings(
        workers=args.workers,
        time_limit=args.time_limit,
        result_cap=args.result_cap,
        budget=queries,
        budget_window=window,
        time_budget=args.time_budget,
        concurrent_per_client=args.per_client,
        queued_per_client=args.queued_per_client,
        memory_limit_mb=args.memory_limit or None,
    )
    limits = connection_limits(args)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s", stream=sys.stderr)
    store = (args.dist or paths.dist) / STORE_DIR
    if not store.is_dir():
        raise StoreMissing(f"no store at {store}: run `dgkg build` first")
    # Listening does not wait for the workers: they start meanwhile, and a request that comes
    # first waits for one. If none can start (a broken store), the server stops and says why.
    endpoint = make_endpoint(store, settings, mounts(), wait=False)
    running = listen(endpoint, args.host, args.port, limits)
    # The server is made by create(); the reloader wraps the application it calls, as WSGI middleware does.
    reloader = Reloader(endpoint, store, lambda: make_endpoint(store, settings, mounts()))
    running.server.application = reloader
    print(
        f"dgkg serve: SPARQL endpoint {running.url}/sparql, query page {running.url}/query "
        f"({settings.workers} workers, {settings.time_limit:g} s per query, at most {settings.result_cap} results, "
        f"{queries} requests per {window:g} s per client); Ctrl-C stops",
        flush=True,
    )
    failed: list[QueryError] = []
    threading.Thread(target=watch_start, args=(running, failed), name="dgkg-watch-start", daemon=True).start()
    # Ctrl-C, or SIGTERM (dgkg.cli turns it into the same), stops the server: workers closed, exit 0
    try:
        running.server.run()
    except KeyboardInterrupt:
        pass
    finally:
        running.stop()
        reloader.close()
    if failed:
        raise failed[0]
    return 0


def watch_start(running: RunningEndpoint, failed: list[QueryError]) -> None:
    """Once the first worker is ready, warn if workers are not cut off from the network; if no
    worker could start, stop serving (``run`` then reports the failure)."""
    pool = running.endpoint.pool
    try:
        pool.started()
    except QueryError as error:
        failed.append(error)
        running.interrupt()
        return
    confinement = pool.confinement
    if confinement is not None and not confinement.network_isolated:
        print(
            f"dgkg serve: warning: query workers could not be cut off from the network "
            f"({confinement.network_problem}); SERVICE is still refused on the parsed query, and queries "
            "the policy parser cannot read are refused",
            file=sys.stderr,
            flush=True,
        )


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = "A read-only SPARQL 1.1 endpoint at /sparql and a query page at /query."
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=whole(0, 65535), default=8000, help="port (default 8000; 0 picks a free one)")
    parser.add_argument("--dist", type=Path, help="the built graph (default dist/)")
    parser.add_argument(
        "--workers",
        type=whole(1, MOST_WORKERS),
        default=default_workers(),
        help=f"query worker processes (default: CPUs, 4 to 8; here {default_workers()})",
    )
    parser.add_argument("--time-limit", type=seconds(3600), default=10.0, help="seconds a query may run (default 10)")
    parser.add_argument(
        "--memory-limit",
        type=memory_limit,
        default=2048,
        metavar="MB",
        help="address space of each query worker in MB (default 2048; 0: no limit)",
    )
    parser.add_argument(
        "--result-cap", type=whole(1, 1_000_000), default=10_000, help="most solutions or triples per answer (default 10000)"
    )
    parser.add_argument(
        "--budget", default="120/60", help="requests per client per window, on every route, REQUESTS/SECONDS (default 120/60)"
    )
    parser.add_argument(
        "--time-budget",
        type=seconds(1_000_000),
        default=30.0,
        metavar="SECONDS",
        help="seconds of query time per client per budget window (default 30)",
    )
    parser.add_argument(
        "--connections-per-address",
        type=whole(1, 10_000),
        default=DEFAULT_LIMITS.per_address,
        metavar="N",
        help=f"connections open at once from one address (default {DEFAULT_LIMITS.per_address}; raise it behind a proxy)",
    )
    parser.add_argument(
        "--header-timeout",
        type=seconds(3600),
        default=DEFAULT_LIMITS.header_timeout,
        metavar="SECONDS",
        help=f"seconds to send a request's headers (default {DEFAULT_LIMITS.header_timeout:g})",
    )
    parser.add_argument(
        "--idle-timeout",
        type=whole(1, 3600),
        default=DEFAULT_LIMITS.idle_timeout,
        metavar="SECONDS",
        help=f"seconds a connection may stay silent (default {DEFAULT_LIMITS.idle_timeout})",
    )
    parser.add_argument(
        "--per-client", type=whole(1, MOST_WORKERS), help="queries one client may run at once (default: workers / 4, at least 1)"
    )
    parser.add_argument(
        "--queued-per-client",
        type=whole(0, 1000),
        default=Settings.queued_per_client,
        metavar="N",
        help=f"queries one client may have waiting for a worker; more get 429 (default {Settings.queued_per_client})",
    )
    parser.set_defaults(run=run)
