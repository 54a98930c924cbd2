"""The endpoint as a WSGI application: ``/sparql`` (the protocol), ``/query`` (the page), mounts.

The page's script (web/static/query.js) runs every query through ``/sparql`` like any client;
``/query/bind`` only fills a library question's parameters (labels resolved as ``dgkg query
--param`` does) and runs nothing, and ``/static/`` serves the page's files.

A WSGI callable keeps the HTTP server replaceable (waitress by default, any WSGI server in a
deployment) and lets tests call it directly. Every request, on any route, first spends the
client's budget; every query, from whichever route, goes through :meth:`Endpoint.run`, where
the policy lives: size and nesting limits here, then a confined worker that parses the query,
refuses updates and SERVICE on its syntax tree, and runs it under the time limit, the memory
limit and the result cap. Nothing a client sends is parsed as SPARQL in this process.

Mounts are the hook for other rooms: ``mounts={"/resource/": factory}`` hands every request
under that prefix to ``factory(endpoint)``, a WSGI app that can run queries through
``endpoint.run`` (the linked-data publication serves entity IRIs this way).
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING
from wsgiref.util import application_uri

from web import protocol, statics
from web.budget import ClientBudget, OverBudget
from web.outcome import Outcome, plain
from web.pool import PoolBusy, QueryTimedOut, QueueFull, WorkerFailed, WorkerPool
from web.task import Task

if TYPE_CHECKING:  # opened or loaded on first use: a server asked only /sparql never imports them
    from web.querypage import QueryPage
    from queries import Library, Store

WSGIApp = Callable[[dict, Callable], Iterable[bytes]]
MountFactory = Callable[["Endpoint"], WSGIApp]
log = logging.getLogger("dgkg.serve")

# Both parsers recurse per bracket; a worker's stack holds this depth with room to spare
# (web.sandbox). Counted over the raw text, strings included: no lexing here.
MAX_NESTING = 128
# A queued query may wait as long as the one ahead of it may run, and then this long for the
# killed worker's share to come back to its client: on a loaded machine killing takes a moment.
QUEUE_GRACE_S = 3.0
_OPENING, _CLOSING = frozenset("([{"), frozenset(")]}")
# Texts a worker's policy found clean, remembered so that no other worker parses them again
# (the parse costs more than most queries); short texts only, so at most ~8 MB.
CLEAN_REMEMBERED = 1024
CLEAN_LENGTH = 8_000

_REASONS = {
    200: "OK",
    204: "No Content",
    303: "See Other",
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    413: "Payload Too Large",
    415: "Unsupported Media Type",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
# A browser client may read only the headers listed as exposed: a cut answer, a warning about an
# unknown term, a stale build and when to retry are all headers.
_CORS = (
    ("Access-Control-Allow-Origin", "*"),
    (
        "Access-Control-Expose-Headers",
        "X-Dgkg-Truncated, X-Dgkg-Result-Cap, X-Dgkg-Warning, X-Dgkg-Stale, Retry-After, Content-Location",
    ),
)
_HTML = "text/html"
CSP = "Content-Security-Policy"  # a page may bring its own (allowing its scripts by hash); else: no scripts


def default_workers() -> int:
    """Four workers or one per CPU, up to eight: enough that two runaways leave others served."""
    return min(8, max(4, os.cpu_count() or 1))


@dataclass(frozen=True)
class Settings:
    """Limits of the endpoint; the defaults suit a public read-only service on a small machine."""

    workers: int = field(default_factory=default_workers)
    time_limit: float = 10.0  # seconds a query may run before its worker is killed
    result_cap: int = 10_000  # solutions or triples per answer; more are cut (X-Dgkg-Truncated)
    budget: int = 120  # requests per client per window, on every route
    budget_window: float = 60.0
    time_budget: float = 30.0  # seconds of worker time per client per window
    concurrent_per_client: int | None = None  # workers one client holds at once; default: workers // 4 (at least 1)
    queued_per_client: int = 2  # queries one client may have waiting for a worker
    memory_limit_mb: int | None = 2048  # address space of each worker
    max_query_bytes: int = 100_000

    @property
    def per_client(self) -> int:
        return self.concurrent_per_client or max(1, self.workers // 4)


def nesting_depth(text: str) -> int:
    depth = deepest = 0
    for char in text:
        if char in _OPENING:
            depth += 1
            deepest = max(deepest, depth)
        elif char in _CLOSING:
            depth = max(0, depth - 1)
    return deepest


class CleanTexts:
    """The query texts a worker's policy read as queries without SERVICE (web.policy.Verdict.clean):
    a pure function of the text, so every worker would decide the same; the most recent kept."""

    def __init__(self) -> None:
        self._texts: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def known(self, text: str) -> bool:
        with self._lock:
            if text not in self._texts:
                return False
            self._texts.move_to_end(text)
            return True

    def add(self, text: str) -> None:
        if len(text) > CLEAN_LENGTH:
            return
        with self._lock:
            self._texts[text] = None
            self._texts.move_to_end(text)
            while len(self._texts) > CLEAN_REMEMBERED:
                self._texts.popitem(last=False)


class _MountedLater:
    """A mount's app, made on the first request under its prefix: its room's imports and
    caches wait until a client asks for them."""

    def __init__(self, factory: MountFactory, endpoint: Endpoint) -> None:
        self._factory = factory
        self._endpoint = endpoint
        self._app: WSGIApp | None = None
        self._lock = threading.Lock()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        with self._lock:
            if self._app is None:
                self._app = self._factory(self._endpoint)
        return self._app(environ, start_response)


class Endpoint:
    """The WSGI application. The workers answer queries; the HTTP process opens the store itself
    (:attr:`store`) and loads the library only for the page, the mounts and the service
    description, on their first request."""

    def __init__(
        self,
        store_path: Path,
        pool: WorkerPool,
        library_dir: Path | None,
        settings: Settings,
        mounts: Mapping[str, MountFactory] | None = None,
    ) -> None:
        self.store_path = store_path
        self.pool = pool
        self.library_dir = library_dir
        self.settings = settings
        self.budget = ClientBudget(settings.budget, settings.budget_window, settings.time_budget)
        self.clean = CleanTexts()
        self.mounts = {prefix: _MountedLater(factory, self) for prefix, factory in (mounts or {}).items()}

    @cached_property
    def store(self) -> Store:
        from queries import Store

        return Store.open(self.store_path)

    @cached_property
    def library(self) -> Library:
        from queries import Library

        return Library.load(self.library_dir) if self.library_dir else Library.load()

    # -- policy ---------------------------------------------------------------------------
    def run(
        self,
        query: str,
        client: str,
        accept: str | None = None,
        format_name: str | None = None,
        default_graphs: tuple[str, ...] = (),
        named_graphs: tuple[str, ...] = (),
    ) -> Outcome:
        """Run one query under every limit; the outcome is ready to send."""
        limits = self.settings
        if len(query.encode("utf-8")) > limits.max_query_bytes:
            return plain(413, f"query too long (limit {limits.max_query_bytes} bytes)")
        if nesting_depth(query) > MAX_NESTING:
            return plain(400, f"the query nests brackets more than {MAX_NESTING} deep")
        checked = self.clean.known(query)
        task = Task(query, accept, format_name, limits.result_cap, default_graphs, named_graphs, checked)
        try:
            reply, seconds = self.pool.run(task, client, limits.time_limit, wait=limits.time_limit + QUEUE_GRACE_S)
        except QueueFull:
            return plain(
                429,
                f"too many queries waiting: at most {limits.queued_per_client} per client may wait for a worker; retry in 1 s",
                (("Retry-After", "1"),),
            )
        except PoolBusy:
            return plain(503, "every query worker is busy; retry shortly", (("Retry-After", "2"),))
        except QueryTimedOut:
            self.budget.charge(client, limits.time_limit)
            log.info("query from %s cut off after %.1f s", client, limits.time_limit)
            return plain(
                503,
                f"the query ran longer than the time limit of {limits.time_limit:g} s and was "
                "stopped; narrow it (LIMIT, more specific patterns)",
            )
        except WorkerFailed as failed:
            self.budget.charge(client, limits.time_limit)
            log.warning("query worker died answering %s (exit code %s)", client, failed.exitcode)
            if failed.out_of_memory:
                return plain(
                    503,
                    f"the query needed more than the memory limit of {limits.memory_limit_mb} MB "
                    "and was stopped; narrow it (LIMIT, more specific patterns)",
                )
            return plain(500, "the query worker died while answering; it has been restarted")
        if reply.clean and not checked:
            self.clean.add(query)
        self.budget.charge(client, seconds)
        log.info("%s %d in %.3f s", client, reply.outcome.status, seconds)
        return reply.outcome

    # -- WSGI -----------------------------------------------------------------------------
    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "/") or "/"
        head = environ.get("REQUEST_METHOD") == "HEAD"
        try:
            self.budget.admit(_client(environ))
        except OverBudget as over:
            outcome = plain(
                429, f"too many requests: {over.reason}; retry in {over.retry_after} s", (("Retry-After", str(over.retry_after)),)
            )
            return _send(start_response, outcome, _CORS, head)
        for prefix, app in self.mounts.items():
            if path.startswith(prefix):
                return app(environ, start_response)
        headers: tuple[tuple[str, str], ...] = ()
        if path == "/sparql":
            outcome = self._sparql(environ)
            headers = _CORS
        elif path == "/query":
            outcome = self._query_page.form(environ, _client(environ))
        elif path == "/query/bind":
            outcome = self._query_page.bind(environ)
        elif path.startswith("/static/"):
            outcome = statics.serve(path)
        elif path == "/":
            outcome = Outcome(303, "text/plain; charset=utf-8", b"see /query\n", (("Location", "/query"),))
        else:
            outcome = plain(404, f"nothing at {path}: the endpoint is /sparql, the query page /query")
        return _send(start_response, outcome, headers, head)

    def _sparql(self, environ: dict) -> Outcome:
        if environ.get("REQUEST_METHOD") == "OPTIONS":
            return Outcome(
                204,
                "text/plain",
                b"",
                (
                    ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                    ("Access-Control-Allow-Headers", "Content-Type, Accept"),
                ),
            )
        if not environ.get("QUERY_STRING") and environ.get("REQUEST_METHOD") in {"GET", "HEAD"}:
            # the page only for a client that prefers HTML to everything else (not Comunica's
            # "results, text/html;q=0.2"); the service description for one that wants RDF
            from web.description import OFFERED
            from web.formats import FOR_SOLUTIONS, negotiate

            results = [fmt.media_type for fmt in FOR_SOLUTIONS]
            wanted = negotiate(environ.get("HTTP_ACCEPT"), [*OFFERED, *results, _HTML])
            if wanted == _HTML:
                return Outcome(303, "text/plain; charset=utf-8", b"see /query\n", (("Location", "/query"),))
            if wanted in OFFERED:
                return self._service_description(environ, wanted)
        request = protocol.parse(environ, self.settings.max_query_bytes)
        if isinstance(request, Outcome):
            return request
        return self.run(
            request.query,
            _client(environ),
            environ.get("HTTP_ACCEPT"),
            request.format_name,
            request.default_graphs,
            request.named_graphs,
        )

    def _service_description(self, environ: dict, media_type: str) -> Outcome:
        from web.description import serialised, service_description

        limits = self.settings
        said = (
            f"Read-only; SERVICE is refused. Each query runs at most {limits.time_limit:g} s"
            + (f" and {limits.memory_limit_mb} MB" if limits.memory_limit_mb else "")
            + f"; answers hold at most {limits.result_cap} solutions or triples (more are cut: header "
            f"X-Dgkg-Truncated); each client may send {limits.budget} requests and use "
            f"{limits.time_budget:g} s of query time per {limits.budget_window:g} s."
        )
        triples, graphs = self._dataset_summary
        endpoint = application_uri(environ).rstrip("/") + "/sparql"
        body = serialised(service_description(endpoint, triples, graphs, said), media_type)
        return Outcome(200, f"{media_type}; charset=utf-8", body, (("Vary", "Accept"),))

    @cached_property
    def _dataset_summary(self) -> tuple[int, list[str]]:
        """The default graph's size and the graphs other than claims' (asked of the store once)."""
        graphs = [g.value for g in self.store.named_graphs() if "/claim/" not in g.value]
        return self.store.default_size(), graphs

    @cached_property
    def _query_page(self) -> QueryPage:
        from web.querypage import QueryPage

        return QueryPage(self)


def _client(environ: dict) -> str:
    return environ.get("REMOTE_ADDR") or "unknown"


def _send(start_response: Callable, outcome: Outcome, extra: tuple[tuple[str, str], ...], head: bool) -> list[bytes]:
    headers = [
        ("Content-Type", outcome.content_type),
        ("Content-Length", str(len(outcome.body))),
        ("X-Content-Type-Options", "nosniff"),
        *outcome.headers,
        *extra,
    ]
    if outcome.content_type.startswith("text/html") and not any(name == CSP for name, _ in headers):
        headers.append((CSP, "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"))
    start_response(f"{outcome.status} {_REASONS.get(outcome.status, 'Error')}", headers)
    return [] if head else [outcome.body]
