"""`dgkg push`: load the built graph into a triple store via the SPARQL 1.1 Graph Store Protocol.

A push of ~1,600 graphs can be cut short (the store restarts, the network drops, a proxy
hangs). It then says how far it got, and `--resume` finishes the job: the store is asked which
of the build's graphs it already holds with exactly the build's triples, and only the others
are sent. Asking the store, rather than trusting a local note of what was sent, stays right
when the store was restored, wiped or edited in between, or the push ran on another machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from dgkg.commands.query import fail
from dgkg.errors import UsageError
from dgkg.paths import ProjectPaths
from queries import QueryError, RemoteEndpoint, RemoteError, Store, push
from queries import (
    DEFAULT_TIMEOUT,
    AnswerError,
    PushReport,
    Stopped,
    build_namespaces,
    graphs_in_place,
    public_url,
    query_url_for,
    remove_graphs,
)

REDRAW_EVERY = 0.1  # seconds between redraws of the progress line on a terminal
NOTE_EVERY = 10.0  # seconds between plain progress lines when stderr is a file or pipe


class ProgressLine:
    """done/total, rate and time left on stderr: one line rewritten in place on a terminal; a
    plain line every NOTE_EVERY seconds otherwise, so a slow push shows in a log that it is alive
    while a quick one leaves the log clean."""

    def __init__(self, verb: str, stream: TextIO | None = None) -> None:
        self.verb = verb
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.started = self.last = time.monotonic()
        self.already = self.done = self.total = 0
        self.drawn = False

    def start(self, already: int, total: int) -> None:
        """Count from ``already`` graphs in place (not part of the rate) towards ``total``."""
        self.already = self.done = already
        self.total = total
        self.started = self.last = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        now = time.monotonic()
        if now - self.last < (REDRAW_EVERY if self.tty else NOTE_EVERY):
            return
        self.last = now
        if self.tty:
            print(f"\r\033[K{self.text(done, total, now)}", end="", file=self.stream, flush=True)
            self.drawn = True
        else:
            print(self.text(done, total, now), file=self.stream, flush=True)

    def text(self, done: int, total: int, now: float) -> str:
        rate = (done - self.already) / max(now - self.started, 1e-3)
        left = f" · {(total - done) / rate:,.0f} s left" if rate > 0 else ""
        return f"{self.verb} {done:,}/{total:,} graphs · {rate:,.0f} graphs/s{left}"

    def end(self) -> None:
        """Clear the terminal line, so that what is printed next starts clean."""
        if self.drawn:
            print("\r\033[K", end="", file=self.stream, flush=True)
            self.drawn = False


@dataclass
class Plan:
    """What the push will do besides sending the build's graphs."""

    total: int  # graphs in the build (1 for --single-graph)
    in_place: set[str] = field(default_factory=set)  # --resume: graphs the store holds already, unchanged
    stale: list[str] = field(default_factory=list)  # --prune: the build's namespace, not in the build


def run(args: argparse.Namespace, paths: ProjectPaths) -> int:
    progress = ProgressLine("pushed")
    try:
        check_usage(args)
        store = Store.from_dist(args.dist or paths.dist)
        plan = make_plan(args, store)
        if args.dry_run:
            show_plan(args, plan)
            return 0
        progress.start(len(plan.in_place), plan.total)
        report = send(args, store, plan, progress)
        print(summary(args, report))
        if args.prune:
            prune(args, plan)
    except KeyboardInterrupt:
        progress.end()
        where = f" after {progress.done:,} of {graphs(progress.total)}; {resume_hint(args)}" if progress.total else ""
        print(f"dgkg push: interrupted{where}", file=sys.stderr)
        return 130
    except (QueryError, UsageError) as error:
        progress.end()
        return fail("push", error)
    return 0


def check_usage(args: argparse.Namespace) -> None:
    if args.graph and not args.single_graph:
        raise UsageError("--graph names the one graph of --single-graph")
    if args.single_graph and (args.resume or args.prune):
        raise UsageError("--resume and --prune work on named graphs, not with --single-graph")
    if args.query_endpoint and not (args.resume or args.prune):
        raise UsageError("--query-endpoint is only used by --resume and --prune")


def make_plan(args: argparse.Namespace, store: Store) -> Plan:
    """Ask the store what it holds, for --resume (unchanged graphs) and --prune (stale ones)."""
    names = {graph.value for graph in store.named_graphs()}
    plan = Plan(len(names) if not args.single_graph else 1)
    if not (args.resume or args.prune):
        return plan
    namespaces = build_namespaces(store)
    with closing(query_endpoint(args)) as remote:
        try:
            if args.resume:
                plan.in_place = graphs_in_place(store, remote.graph_contents(namespaces))
            if args.prune:
                plan.stale = sorted(g for g in remote.graph_names() if g.startswith(namespaces) and g not in names)
        except AnswerError as error:
            if args.query_endpoint:
                raise
            raise RemoteError(
                f"{error} (the query URL was derived from --endpoint; give the store's SPARQL query URL with --query-endpoint)"
            ) from None
    return plan


def query_endpoint(args: argparse.Namespace) -> RemoteEndpoint:
    url = args.query_endpoint or query_url_for(args.endpoint)
    if url is None:
        raise UsageError(
            f"cannot tell the SPARQL query URL of the store at {public_url(args.endpoint)}; give it with --query-endpoint URL"
        )
    return RemoteEndpoint(url, args.timeout)


def show_plan(args: argparse.Namespace, plan: Plan) -> None:
    kept = f" ({len(plan.in_place):,} already in place)" if args.resume else ""
    print(f"dry run, nothing changed at {public_url(args.endpoint)}")
    print(f"would push {plan.total - len(plan.in_place):,} of {graphs(plan.total)}{kept}")
    if args.prune:
        print(f"would remove {graphs(len(plan.stale))} the build no longer has" + (":" if plan.stale else ""))
        for graph in plan.stale:
            print(f"  {graph}")


def send(args: argparse.Namespace, store: Store, plan: Plan, progress: ProgressLine) -> PushReport:
    try:
        return push(
            store,
            args.endpoint,
            per_claim=not args.single_graph,
            graph=args.graph,
            progress=progress,
            timeout=args.timeout,
            skip=plan.in_place,
        )
    except Stopped as stopped:
        if stopped.done == 0:
            raise RemoteError(f"nothing was pushed: {stopped.reason}") from None
        raise RemoteError(
            f"push stopped after {stopped.done:,} of {graphs(stopped.total)}: {stopped.reason}; {resume_hint(args)}"
        ) from None
    finally:
        progress.end()


def resume_hint(args: argparse.Namespace) -> str:
    if args.resume:
        return "run the same command again to continue"
    if args.query_endpoint or query_url_for(args.endpoint):
        return "run the same command with --resume to continue"
    return "run the same command with --resume --query-endpoint SPARQL-URL to continue"


def summary(args: argparse.Namespace, report: PushReport) -> str:
    where = (
        f"graph <{args.graph}>"
        if args.single_graph and args.graph
        else ("the default graph" if args.single_graph else graphs(report.graphs, "named graph"))
    )
    kept = f" ({report.skipped:,} already in place)" if args.resume else ""
    return f"pushed {report.triples:,} triples into {where} at {public_url(args.endpoint)} in {report.seconds:.1f} s{kept}"


def prune(args: argparse.Namespace, plan: Plan) -> None:
    """Remove the stale graphs, after the push succeeded: a failed push never leaves the store
    with fewer of the build's graphs than before."""
    if not plan.stale:
        print("no graphs to remove: the store has none of this build's namespace that the build lacks")
        return
    progress = ProgressLine("removed")
    try:
        remove_graphs(args.endpoint, plan.stale, progress=progress, timeout=args.timeout)
    except Stopped as stopped:
        raise RemoteError(
            f"removing stale graphs stopped after {stopped.done:,} of {graphs(stopped.total)}: "
            f"{stopped.reason}; run the same command again to continue"
        ) from None
    finally:
        progress.end()
    print(f"removed {graphs(len(plan.stale))} the build no longer has:")
    for graph in plan.stale:
        print(f"  {graph}")


def graphs(n: int, kind: str = "graph") -> str:
    """``1 graph``, ``1,635 graphs``."""
    return f"{n:,} {kind}{'' if n == 1 else 's'}"


def positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError("must be more than 0 seconds")
    return value


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "PUT the built graph into a SPARQL 1.1 Graph Store HTTP Protocol endpoint "
        "(see docs/remote-stores.md). Each PUT replaces the graph it names; "
        "other graphs in the store are left alone unless --prune is given. "
        "Progress goes to stderr: a live line on a terminal, otherwise a line "
        f"every {NOTE_EVERY:.0f} s. A push that fails part-way says how far it "
        "got and exits 1; --resume continues it."
    )
    parser.add_argument(
        "--endpoint",
        required=True,
        metavar="URL",
        help="the Graph Store endpoint, e.g. http://127.0.0.1:7878/store (Oxigraph), "
        "http://localhost:3030/dgkg/data (Fuseki), http://USER:PASSWORD@localhost:8890/sparql-graph-crud-auth "
        "(Virtuoso); credentials may be given as https://user:password@host/..., are sent as HTTP Basic "
        "or Digest as the store asks, and are never printed",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--graph-per-claim",
        action="store_true",
        help="one named graph per claim, plus ontology, provenance, derived and inferred (default): "
        "provenance queries keep working",
    )
    mode.add_argument(
        "--single-graph", action="store_true", help="every triple into one graph (the default graph, or --graph), claims merged"
    )
    parser.add_argument("--graph", metavar="IRI", help="with --single-graph: the graph to load into")
    parser.add_argument("--dist", type=Path, help="the built graph (default dist/)")
    parser.add_argument(
        "--timeout",
        type=positive_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"give up on a store that does not connect or answer a request within SECONDS (default {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help="skip the graphs the store already holds with exactly the build's triples (it is "
        "asked, so this is right whatever happened since); continues a push that stopped. "
        "Graphs with blank nodes (the ontology) are always sent again",
    )
    parser.add_argument(
        "--prune",
        action="store_true",
        help="after pushing, remove the graphs of this build's own namespace (<base>claim/... and "
        "<base>graph/..., base as the build was made with) that the build no longer has. "
        "No other graph of the store is ever removed",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="change nothing: say how many graphs would be pushed and, with --prune, list the graphs that would be removed",
    )
    parser.add_argument(
        "--query-endpoint",
        metavar="URL",
        help="the store's SPARQL query URL, which --resume and --prune ask; derived from --endpoint "
        "for Oxigraph (/store -> /query), Fuseki (/data -> /sparql), GraphDB, Neptune and Virtuoso",
    )
    parser.set_defaults(run=run)
