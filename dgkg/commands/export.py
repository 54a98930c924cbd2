"""`dgkg export`: the built graph in a standard format, byte-identical for identical input.

    dgkg export --format turtle -o dgkg.ttl
    dgkg export --format nquads --inferred          # dist/exports/dgkg-inferred.nq
    dgkg export --format csv -o tables/             # one CSV per class
    dgkg export --site site/                        # static Linked Data site (pages + per-entity RDF)
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from dgkg.console import out
from dgkg.errors import UsageError
from dgkg.paths import ProjectPaths
from publish import FORMAT_NAMES, default_name, export, load


def run(args: argparse.Namespace, paths: ProjectPaths) -> int:
    dist = args.dist or paths.dist
    started = time.perf_counter()
    if args.site:
        from publish.site import write_site
        written = write_site(dist, args.site)
        size = sum(path.stat().st_size for path in written)
        out.print(f"{len(written)} files in {args.site}  {size / 1024:,.0f} kB in {time.perf_counter() - started:.1f} s",
                  markup=False)
        return 0
    if not args.format:
        raise UsageError("give --format FORMAT or --site DIR")
    data = load(dist, inferred=args.inferred)
    target = args.output or dist / "exports" / default_name(args.format, args.inferred)
    written = export(data, args.format, target)
    size = sum(path.stat().st_size for path in written)
    where = target if len(written) == 1 else f"{len(written)} files in {target}"
    out.print(f"{where}  {size / 1024:,.0f} kB in {time.perf_counter() - started:.1f} s", markup=False)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("export", help="export the built graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML or CSV")
    parser.add_argument("--format", choices=FORMAT_NAMES, help="output format (required unless --site)")
    parser.add_argument("--site", type=Path, metavar="DIR",
                        help="write a static Linked Data site: <slug>.html/.ttl/.jsonld/.nt per entity, ontology, .htaccess")
    parser.add_argument("-o", "--output", type=Path,
                        help="output file (a directory for csv; default dist/exports/dgkg.<ext>)")
    parser.add_argument("--inferred", action="store_true", help="add the reasoner's inferences (default: asserted facts only)")
    parser.add_argument("--dist", type=Path, help="built graph to read (default dist/)")
    parser.set_defaults(run=run)
