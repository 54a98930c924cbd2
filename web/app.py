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

import json
import logging
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from wsgiref.util import application_uri
from urllib.parse import unquote

from rdflib import Literal, URIRef

from ontology import PREFIXES
from web import page, protocol, statics
from web.budget import ClientBudget, OverBudget
from web.description import OFFERED, serialised, service_description
from web.formats import FOR_SOLUTIONS, negotiate
from web.outcome import Outcome, plain
from web.pool import PoolBusy, QueryTimedOut, QueueFull, WorkerFailed, WorkerPool
from web.worker import WARNING_HEADER, Task
from queries import QueryError
from queries import names_of, pick, short_name
from queries import Library, Question
from queries import Rows, parse_results_json
from queries import Store

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


class Endpoint:
    def __init__(
        self,
        store: Store,
        pool: WorkerPool,
        library: Library,
        settings: Settings,
        mounts: Mapping[str, MountFactory] | None = None,
    ) -> None:
        self.store = store
        self.pool = pool
        self.library = library
        self.settings = settings
        self.budget = ClientBudget(settings.budget, settings.budget_window, settings.time_budget)
        self.mounts = {prefix: factory(self) for prefix, factory in (mounts or {}).items()}

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
        task = Task(query, accept, format_name, limits.result_cap, default_graphs, named_graphs)
        try:
            outcome, seconds = self.pool.run(task, client, limits.time_limit, wait=limits.time_limit + QUEUE_GRACE_S)
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
        self.budget.charge(client, seconds)
        log.info("%s %d in %.3f s", client, outcome.status, seconds)
        return outcome

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
            outcome = self._page(environ)
        elif path == "/query/bind":
            outcome = self._bind(environ)
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

    def _page(self, environ: dict) -> Outcome:
        params = protocol.url_params(environ)
        if isinstance(params, Outcome):
            return params
        if environ.get("REQUEST_METHOD") == "POST":
            form = protocol.read_form(environ, self.settings.max_query_bytes * 2)
            if isinstance(form, Outcome):
                return form
            params.update(form)
        first = {key: values[0] for key, values in params.items() if values}
        lang = "en" if first.get("lang") == "en" else "zh"
        view = page.PageView([page.Example(q.name, q.zh, q.en) for q in self.library], lang)
        if not first.get("query") and not first.get("name"):
            return self._html(view)
        try:
            question = self.library.get(first["name"]) if first.get("name") else None
        except QueryError as error:
            view.error = str(error)
            return self._html(view, 404)
        text = first.get("query") or (question.text if question else "")
        view.current = question.name if question else None
        view.query = text
        try:
            asked = Question.parse(text)
        except QueryError as error:  # a '# param:' line the page cannot read
            view.error = str(error)
            return self._html(view, 400)
        self._run_for_page(view, asked, {k[6:]: v for k, v in first.items() if k.startswith("param.")}, _client(environ))
        return self._html(view)

    def _bind(self, environ: dict) -> Outcome:
        """A query's text with its ``# param:`` values bound, as JSON: the page's script sends the
        result to /sparql. Resolving a label asks the store fixed queries; the client's query is
        not run here."""
        if environ.get("REQUEST_METHOD") != "POST":
            return plain(405, "POST a form with 'query' and 'param.<name>' fields", (("Allow", "POST"),))
        form = protocol.read_form(environ, self.settings.max_query_bytes * 2)
        if isinstance(form, Outcome):
            return form
        first = {key: values[0] for key, values in form.items() if values}
        values = {k[6:]: v for k, v in first.items() if k.startswith("param.") and v}
        try:
            bound, bindings = Question.parse(first.get("query", "")).bind(values, self.store.resolve)
        except QueryError as error:
            return _json(400, {"error": str(error)})
        return _json(200, {"query": bound, "notes": [b.note for b in bindings if b.note]})

    def _html(self, view: page.PageView, status: int = 200) -> Outcome:
        from viz import navigation_bar, script_source

        policy = (
            f"default-src 'none'; script-src 'self' {script_source()}; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        )
        shell = page.Shell(navigation_bar("query", served=True), self._page_setup, statics.urls())
        return Outcome(status, "text/html; charset=utf-8", page.render(view, shell), ((CSP, policy),))

    @cached_property
    def _page_setup(self) -> dict:
        """What the page's script needs: the library, prefixes and terms to complete, where
        entities live. Asked of the store once."""
        owl = "http://www.w3.org/2002/07/owl#"
        classes = f"SELECT DISTINCT ?t WHERE {{ {{ ?t a <{owl}Class> }} UNION {{ ?x a ?t }} FILTER(isIRI(?t)) }}"
        properties = (
            f"SELECT DISTINCT ?t WHERE {{ {{ ?x ?t ?y }} UNION {{ VALUES ?k {{ <{owl}ObjectProperty> <{owl}DatatypeProperty> "
            f"<{owl}AnnotationProperty> }} ?t a ?k }} }}"
        )
        return {
            "questions": [
                {
                    "name": q.name,
                    "zh": q.zh,
                    "en": q.en,
                    "text": q.text,
                    "params": [{"name": p.name, "default": p.default or "", "doc": p.doc} for p in q.params],
                }
                for q in self.library
            ],
            "prefixes": {prefix: str(namespace) for prefix, namespace in PREFIXES.items()},
            "classes": sorted(str(row["t"]) for row in self.store.select(classes)),
            "properties": sorted(str(row["t"]) for row in self.store.select(properties)),
            "base": self.store.base,
            "resources": "/resource/" in self.mounts,
            "resultCap": self.settings.result_cap,
        }

    def _run_for_page(self, view: page.PageView, question: Question, values: dict[str, str], client: str) -> None:
        view.params = [(p.name, values.get(p.name, p.default or ""), p.doc) for p in question.params]
        try:
            bound, bindings = question.bind({k: v for k, v in values.items() if v}, self.store.resolve)
        except QueryError as error:
            view.error = str(error)
            return
        view.notes = [b.note for b in bindings if b.note]
        outcome = self.run(bound, client, "application/sparql-results+json, text/turtle;q=0.9")
        view.notes += [unquote(value) for name, value in outcome.headers if name == WARNING_HEADER]
        if outcome.status != 200:
            view.error = outcome.body.decode("utf-8", "replace")
            return
        if outcome.content_type.startswith("text/turtle"):
            view.graph_text = outcome.body.decode("utf-8")
            return
        result = parse_results_json(outcome.body)
        if isinstance(result, bool):
            view.boolean = result
            return
        view.truncated_at = self.settings.result_cap if dict(outcome.headers).get("X-Dgkg-Truncated") else None
        self._fill_table(view, result)

    def _fill_table(self, view: page.PageView, rows: Rows) -> None:
        names = names_of(self.store.select, (v for row in rows for v in row.values() if v is not None))
        slug_of = self.store.slug
        mounted = "/resource/" in self.mounts
        view.variables = list(rows.variables)
        view.rows = []
        for row in rows:
            cells = []
            for var in rows.variables:
                value = row.get(var)
                if value is None:
                    cells.append(page.Cell(""))
                elif isinstance(value, URIRef):
                    slug = slug_of(value)
                    href = f"/resource/{slug}" if mounted and slug != str(value) else None
                    label = pick(names.get(value, {}), view.lang) or short_name(value, slug_of)
                    cells.append(page.Cell(label, str(value), href))
                elif isinstance(value, Literal):
                    note = value.language or (short_name(value.datatype, slug_of) if value.datatype else "")
                    cells.append(page.Cell(str(value), str(value.datatype or ""), None, note or ""))
                else:
                    cells.append(page.Cell(f"_:{value}"))
            view.rows.append(cells)


def _client(environ: dict) -> str:
    return environ.get("REMOTE_ADDR") or "unknown"


def _json(status: int, body: dict) -> Outcome:
    return Outcome(status, "application/json", json.dumps(body, ensure_ascii=False).encode("utf-8"))


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
