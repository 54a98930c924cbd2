"""`dgkg sources normalise`: regenerate sources/texts/ from the seeds, reproducibly."""
from __future__ import annotations

import argparse
from pathlib import Path

from dgkg.console import out
from dgkg.errors import UsageError
from dgkg.paths import ProjectPaths
from graph_build.normalise import normalise_all


def normalise(args: argparse.Namespace, paths: ProjectPaths) -> int:
    seeds = args.seeds or paths.seeds
    if not seeds.is_dir():
        raise UsageError(f"seed directory {seeds} not found (set DGKG_SEEDS or --seeds)")
    report = normalise_all(seeds, paths.sources)
    out.print(str(report), markup=False)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("sources", help="work with the curated source texts")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    norm = actions.add_parser("normalise", aliases=["normalize"],
                              help="regenerate sources/texts/ from the seed documents and sources/errata.yaml")
    norm.add_argument("--seeds", type=Path, help="seed directory (default ../shared/seeds)")
    norm.set_defaults(run=normalise)
