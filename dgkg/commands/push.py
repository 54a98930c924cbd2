"""`dgkg push`: load the built graph into a triple store via the SPARQL 1.1 Graph Store Protocol."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dgkg.errors import UsageError
from dgkg.commands.query import fail
from dgkg.paths import ProjectPaths
from queries import QueryError, Store, push
from queries.remote import public_url


def run(args: argparse.Namespace, paths: ProjectPaths) -> int:
    try:
        if args.graph and not args.single_graph:
            raise UsageError("--graph names the one graph of --single-graph")
        store = Store.from_dist(args.dist or paths.dist)

        def progress(done: int, total: int) -> None:
            if sys.stderr.isatty():
                print(f"\rpushed {done}/{total} graphs", end="", file=sys.stderr, flush=True)

        report = push(store, args.endpoint, per_claim=not args.single_graph, graph=args.graph, progress=progress)
    except (QueryError, UsageError) as error:
        return fail("push", error)
    where = f"graph <{args.graph}>" if args.single_graph and args.graph else (
        "the default graph" if args.single_graph else f"{report.graphs} named graphs")
    print(f"\rpushed {report.triples} triples into {where} at {public_url(args.endpoint)} in {report.seconds:.1f} s")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("push", help="load the graph into a SPARQL Graph Store (Fuseki, GraphDB, Oxigraph, ...)",
                            description="PUT the built graph into a SPARQL 1.1 Graph Store HTTP Protocol endpoint "
                                        "(see docs/remote-stores.md). Each PUT replaces the graph it names.")
    parser.add_argument("--endpoint", required=True, metavar="URL",
                        help="the Graph Store endpoint, e.g. http://127.0.0.1:7878/store (Oxigraph), "
                             "http://localhost:3030/dgkg/data (Fuseki)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--graph-per-claim", action="store_true",
                      help="one named graph per claim, plus ontology, provenance, derived and inferred (default): "
                           "provenance queries keep working")
    mode.add_argument("--single-graph", action="store_true",
                      help="every triple into one graph (the default graph, or --graph), claims merged")
    parser.add_argument("--graph", metavar="IRI", help="with --single-graph: the graph to load into")
    parser.add_argument("--dist", type=Path, help="the built graph (default dist/)")
    parser.set_defaults(run=run)
