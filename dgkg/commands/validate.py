"""`dgkg validate`: everything `dgkg build` checks, without writing anything."""

from __future__ import annotations

import argparse

from dgkg.console import print_failure, print_summary, stages
from dgkg.paths import ProjectPaths
import graph_build


# The stages compile_graph announces, for the bar on a terminal (it grows if there are more).
COMPILE_STAGES = 5


def add_build_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--reasoner",
        choices=["hermit", "owlrl"],
        default="hermit",
        help="reasoner for the ontology itself: HermiT (needs Java; falls back to owlrl without it) or owlrl; "
        "the instances are checked by dgkg's own OWL checks either way",
    )


def options(args: argparse.Namespace, paths: ProjectPaths) -> graph_build.BuildOptions:
    kwargs = {"sources_dir": paths.sources, "reasoner": args.reasoner, "display_root": paths.sources.parent}
    if getattr(args, "base", None):
        kwargs["base"] = args.base
    return graph_build.BuildOptions(**kwargs)


def run(args: argparse.Namespace, paths: ProjectPaths) -> int:
    with stages("validate", COMPILE_STAGES) as log:
        try:
            _, report = graph_build.compile_graph(options(args, paths), progress=log)
        except graph_build.BuildFailed as failure:
            print_failure(failure, "validate")
            return 1
    print_summary(report, log.elapsed, "valid")
    return 0


def configure(parser: argparse.ArgumentParser) -> None:
    add_build_options(parser)
    parser.set_defaults(run=run)
