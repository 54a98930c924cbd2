"""What runs inside an endpoint worker process: confine itself, open the store read-only, answer.

Everything a client sends is parsed and run here, never in the server: pyoxigraph cannot
interrupt a query, so the server enforces the time limit by killing this process
(web.pool), and a query that crashes a parser takes down only this process. The
worker has no network and a bounded address space (web.sandbox), and decides
what a query may be on its parse tree (web.policy). Results are serialised here
too, by Oxigraph and cut at the cap (web.solutions), so only bytes cross the pipe. The
imports stay light (no builder, no label index): a replacement worker must start quickly.
"""

from __future__ import annotations

import itertools
import signal
from dataclasses import replace
from functools import lru_cache
from multiprocessing.connection import Connection
from urllib.parse import quote

import pyoxigraph as ox

from web import formats, policy, sandbox
from web.outcome import Outcome, plain
from web.solutions import capped
from web.task import WARNING_HEADER, Reply, Task
from queries import boolean_csv, boolean_json, boolean_tsv, boolean_xml
from queries import locate_syntax_error
from queries import DEFAULT_PREFIXES
from queries import ontology_terms, unknown_terms

_BOOLEAN_WRITERS = {"json": boolean_json, "xml": boolean_xml, "csv": boolean_csv, "tsv": boolean_tsv}


def execute(store: ox.Store, task: Task, confinement: sandbox.Confinement) -> Reply:
    clean = task.checked
    if not clean:
        decided = policy.verdict(task.query, confinement.network_isolated)
        if decided.refusal is not None:
            return Reply(decided.refusal, False)
        clean = decided.clean
    outcome = _answer(store, task)
    if outcome.status != 200:
        return Reply(outcome, clean)
    warnings = _warnings(task.query)
    return Reply(replace(outcome, headers=outcome.headers + warnings) if warnings else outcome, clean)


def _warnings(query: str) -> tuple[tuple[str, str], ...]:
    """The warning headers for the query's unknown terms; remembered as the policy's decisions
    are (clients repeat their queries), for short texts only."""
    return _remembered_warnings(query) if len(query) <= policy.CACHED_LENGTH else _term_warnings(query)


def _term_warnings(query: str) -> tuple[tuple[str, str], ...]:
    return tuple((WARNING_HEADER, _header_text(warning)) for warning in unknown_terms(query))


_remembered_warnings = lru_cache(maxsize=512)(_term_warnings)


def _header_text(warning: str) -> str:
    return quote(warning.replace(" — ", "; "), safe=" !\"#$&'()*+,-./:;<=>?@[]^_`{|}~")


def _answer(store: ox.Store, task: Task) -> Outcome:
    try:
        kwargs: dict = {"prefixes": DEFAULT_PREFIXES}  # the store's default graph is the union, as a set
        if task.default_graphs:
            kwargs["default_graph"] = [ox.NamedNode(iri) for iri in task.default_graphs]
        if task.named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(iri) for iri in task.named_graphs]
        result = store.query(task.query, **kwargs)
        if isinstance(result, ox.QueryBoolean):
            return _boolean(bool(result), task)
        if isinstance(result, ox.QuerySolutions):
            return _solutions(result, task)
        return _graph(result, task)
    except SyntaxError as error:  # where the mistake is, not where Oxigraph's parser gave up
        line, column, detail = locate_syntax_error(task.query, str(error))
        where = f" at line {line}, column {column}" if line else ""
        return plain(400, f"SPARQL syntax error{where}: {detail}")
    except (OSError, RuntimeError, ValueError, TypeError) as error:
        return plain(400, f"the query could not be evaluated: {error}")


def _pick(task: Task, offered: tuple[formats.Format, ...]) -> formats.Format | None:
    named = formats.by_name(task.format_name, offered) if task.format_name else None
    return named or formats.choose(task.accept, offered)


def _not_acceptable(offered: tuple[formats.Format, ...]) -> Outcome:
    listed = ", ".join(fmt.media_type for fmt in offered)
    return plain(406, f"cannot answer this query in the requested format; available: {listed}")


def _cut_headers(cap: int) -> tuple[tuple[str, str], ...]:
    return (("X-Dgkg-Result-Cap", str(cap)), ("X-Dgkg-Truncated", "true"))


def _capped(items, cap: int) -> tuple[list, tuple[tuple[str, str], ...]]:
    taken = list(itertools.islice(items, cap + 1))
    if len(taken) > cap:
        return taken[:cap], _cut_headers(cap)
    return taken, ()


def _solutions(result: ox.QuerySolutions, task: Task) -> Outcome:
    fmt = _pick(task, formats.FOR_SOLUTIONS)
    if fmt is None:
        return _not_acceptable(formats.FOR_SOLUTIONS)
    body, cut = capped(result, fmt.name, task.cap)
    return Outcome(200, fmt.content_type, body, _cut_headers(task.cap) if cut else ())


def _boolean(value: bool, task: Task) -> Outcome:
    fmt = _pick(task, formats.FOR_BOOLEAN)
    if fmt is None:
        return _not_acceptable(formats.FOR_BOOLEAN)
    return Outcome(200, fmt.content_type, _BOOLEAN_WRITERS[fmt.name](value))


def _graph(result: ox.QueryTriples, task: Task) -> Outcome:
    fmt = _pick(task, formats.FOR_GRAPH)
    if fmt is None:
        return _not_acceptable(formats.FOR_GRAPH)
    triples, headers = _capped(result, task.cap)
    body = ox.serialize(triples, format=formats.RDF_FORMATS[fmt.name], prefixes=DEFAULT_PREFIXES)
    return Outcome(200, fmt.content_type, body or b"", headers)


def serve(conn: Connection, store_path: str, memory_limit_mb: int | None) -> None:
    """A worker's life: confine itself, open the store, start the answering thread, which says
    ready (and how the worker is confined) and answers tasks until the pipe closes. A failure
    before that is reported to the pool as ``("failed", reason)``, never as a traceback.

    Ctrl-C in a terminal reaches the whole process group; the server stops its workers itself.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        confinement = sandbox.confine(memory_limit_mb)
        store = ox.Store.read_only(store_path)
        ontology_terms()  # read now, so that the first query does not wait for it
        sandbox.run_with_deep_stack(lambda: _serve_tasks(conn, store, confinement))
    except (OSError, RuntimeError, MemoryError) as error:  # RuntimeError: no thread within the memory limit
        conn.send(("failed", f"{type(error).__name__}: {error}"))


def _serve_tasks(conn: Connection, store: ox.Store, confinement: sandbox.Confinement) -> None:
    conn.send(("ready", confinement))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = execute(store, task, confinement)
        except Exception as error:  # a bug must cost one answer, not the worker and its pipe
            reply = Reply(plain(500, f"internal error while answering: {type(error).__name__}: {error}"), False)
        conn.send(reply)
