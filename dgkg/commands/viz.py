"""`dgkg viz`: write the explorer, timeline and entity pages from dist/, or one neighbourhood page.

dgkg viz                                   # dist/viz/index.html, timeline.html, dist/site/*.html
dgkg viz --focus 浙里办 --depth 2            # dist/viz/neighbourhood/zheliban.html
dgkg viz --focus zheliban -o zheliban.html
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from typing import TYPE_CHECKING

import graph_build
import queries
import viz
from dgkg.console import out
from dgkg.arguments import whole
from dgkg.paths import ProjectPaths

if TYPE_CHECKING:
    from model import ReadModel


def label_index(model: ReadModel) -> queries.LabelIndex:
    """The label index lookup and --param use, over the model's labels: one way of finding an
    entity by name (and of suggesting names) for every command."""
    labels = [
        queries.Label(entity.iri, queries.PREF_LABEL, text, lang or None)
        for entity in model.entities.values()
        for lang, text in entity.labels.items()
    ]
    labels += [
        queries.Label(entity.iri, queries.ALT_LABEL, text, lang or None)
        for entity in model.entities.values()
        for lang, texts in entity.alt_labels.items()
        for text in texts
    ]
    return queries.LabelIndex(model.base, labels)


def entity_named(model: ReadModel, text: str) -> str:
    """The slug of the entity ``text`` names (slug or any label); a partial match is taken when
    it is clearly the best, and said so on stderr."""
    if text in model.entities:
        return text
    entity = queries.find_entity(label_index(model), text)
    if not entity.exact:
        print(f"note: {text}: taking {entity.name('zh')} ({entity.slug}), the closest match", file=sys.stderr)
    return entity.slug


# As in the build, which writes the same pages: the model's objects are walked by every automatic
# collection (at 100k triples, a sixth of `dgkg viz`).
@graph_build.collecting_between_stages()
def run(args: argparse.Namespace, paths: ProjectPaths) -> int:
    dist = args.dist or paths.dist
    views = viz.Views.from_dist(dist)
    if args.focus is None:
        written = viz.write_views(views, args.output or dist, layout=args.layout)
        for path in written[:3]:
            out.print(f"{path}  {path.stat().st_size / 1024:,.0f} kB", markup=False)
        out.print(f"… and {len(written) - 3} entity pages in {written[-1].parent}", markup=False)
        return 0
    slug = entity_named(views.model, args.focus)
    target = args.output or dist / "viz" / "neighbourhood" / f"{slug}.html"
    site = os.path.relpath(dist / "site", target.resolve().parent).replace(os.sep, "/")
    html = viz.render_explorer(views, layout=args.layout, focus=slug, depth=args.depth, entity_pages=f"{site}/{{slug}}.html")
    viz.write_page(target, html)
    shown = len(views.model.within(slug, args.depth))
    out.print(f"{target}  {shown} entities within {args.depth} link(s) of {slug}", markup=False)
    return 0


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dist", type=Path, help="built graph to read (default dist/)")
    parser.add_argument("--focus", metavar="SLUG|LABEL", help="write one entity's neighbourhood page instead")
    parser.add_argument("--depth", type=whole(0, 100), default=1, help="links out from the focus (default 1)")
    parser.add_argument(
        "-o", "--output", type=Path, help="output file with --focus, else output directory (default: the dist directory)"
    )
    parser.add_argument(
        "--layout",
        choices=[viz.POSITIONS, viz.PHYSICS],
        default=viz.POSITIONS,
        help="positions: computed here (igraph), drawn at once (default); physics: ForceAtlas2 settles it "
        "in the reader's browser",
    )
    parser.set_defaults(run=run)
