"""`dgkg viz`: write the explorer, timeline and entity pages from dist/, or one neighbourhood page.

    dgkg viz                                   # dist/viz/index.html, timeline.html, dist/site/*.html
    dgkg viz --focus 浙里办 --depth 2            # dist/viz/neighbourhood/zheliban.html
    dgkg viz --focus zheliban -o zheliban.html
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from dgkg.console import err, out
from dgkg.paths import ProjectPaths
from viz import PHYSICS, POSITIONS, LabelIndex, Views, render_explorer, write_page, write_views


def run(args: argparse.Namespace, paths: ProjectPaths) -> int:
    dist = args.dist or paths.dist
    if args.depth < 0:
        err.print("dgkg viz: --depth must be 0 or more")
        return 2
    try:
        views = Views.from_dist(dist)
    except FileNotFoundError as missing:
        err.print(f"dgkg viz: {missing}", markup=False)
        return 1
    if args.focus is None:
        written = write_views(views, args.output or dist, layout=args.layout)
        for path in written[:3]:
            out.print(f"{path}  {path.stat().st_size / 1024:,.0f} kB", markup=False)
        out.print(f"… and {len(written) - 3} entity pages in {written[-1].parent}", markup=False)
        return 0
    try:
        slug = LabelIndex(views.model).resolve(args.focus)
    except LookupError as problem:
        err.print(f"dgkg viz: {problem}", markup=False)
        return 2
    target = args.output or dist / "viz" / "neighbourhood" / f"{slug}.html"
    site = os.path.relpath(dist / "site", target.resolve().parent).replace(os.sep, "/")
    html = render_explorer(views, layout=args.layout, focus=slug, depth=args.depth,
                           entity_pages=f"{site}/{{slug}}.html")
    write_page(target, html)
    shown = len(views.model.within(slug, args.depth))
    out.print(f"{target}  {shown} entities within {args.depth} link(s) of {slug}", markup=False)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("viz", help="write the offline explorer, timeline and entity pages (or a neighbourhood)")
    parser.add_argument("--dist", type=Path, help="built graph to read (default dist/)")
    parser.add_argument("--focus", metavar="SLUG|LABEL", help="write one entity's neighbourhood page instead")
    parser.add_argument("--depth", type=int, default=1, help="links out from the focus (default 1)")
    parser.add_argument("-o", "--output", type=Path,
                        help="output file with --focus, else output directory (default: the dist directory)")
    parser.add_argument("--layout", choices=[POSITIONS, PHYSICS], default=POSITIONS,
                        help="positions: computed by networkx, drawn at once (default); physics: vis-network settles it")
    parser.set_defaults(run=run)
