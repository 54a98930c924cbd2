"""`dgkg analyze`: the most central entities, the communities, and explained paths.

dgkg analyze                          # centrality (PageRank, betweenness, degree) and communities
dgkg analyze --path 三金工程 浙里办      # the shortest chain of facts, each link named
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

import queries
import viz
from dgkg.commands.viz import entity_named
from dgkg.console import out
from dgkg.arguments import whole
from dgkg.paths import ProjectPaths

if TYPE_CHECKING:
    from model import ReadModel


def named(model: ReadModel, slug: str) -> str:
    return f"{model.label(slug, 'zh-hans')} ({model.label(slug, 'en')})"


def describe_step(model: ReadModel, step: viz.Step) -> str:
    """`A —operated by→ B`, or `A ←operated by— B` when the fact runs against the path."""
    zh = model.vocabulary.label(step.fact.predicate, "zh-hans")
    en = model.vocabulary.label(step.fact.predicate, "en")
    link = f" —{zh} · {en}→ " if step.forward else f" ←{zh} · {en}— "
    return model.label(step.source) + link + model.label(step.target)


def print_path(model: ReadModel, analysis: viz.Analysis, start: str, end: str) -> None:
    steps = analysis.path(start, end)
    out.print(Text(f"{named(model, start)} → {named(model, end)}: {len(steps)} link(s)", style="bold"))
    for number, step in enumerate(steps, 1):
        evidence = step.fact.evidence
        out.print(Text(f"{number}. {describe_step(model, step)}"))
        quote = f"«{evidence.quote}»" if evidence.quote else (evidence.citation or "")
        out.print(
            Text(f"   {model.source_titles.get(evidence.source, evidence.source)} {evidence.locator or ''} {quote}", style="dim")
        )


def print_overview(model: ReadModel, analysis: viz.Analysis, top: int) -> None:
    table = Table(
        title=Text(f"Most central of {len(model.entities)} entities ({analysis.graph.number_of_edges()} links, undirected)"),
        box=None,
        header_style="bold",
    )
    for column in ("#", "PageRank", "", "betweenness", "", "degree", ""):
        table.add_column(column, justify="right" if column in ("#", "") else "left")
    columns = [
        analysis.top(analysis.pagerank, top),
        analysis.top(analysis.betweenness, top),
        analysis.top({k: float(v) for k, v in analysis.degree.items()}, top),
    ]
    for rank in range(min(top, len(model.entities))):
        row = [Text(str(rank + 1))]
        for ranking, fmt in zip(columns, ("{:.4f}", "{:.4f}", "{:.0f}"), strict=True):
            slug, score = ranking[rank] if rank < len(ranking) else ("", 0.0)
            row += [Text(model.label(slug) if slug else ""), Text(fmt.format(score) if slug else "")]
        table.add_row(*row)
    out.print(table)
    communities = analysis.communities
    out.print(
        Text(
            f"\n{len(communities)} communities (Louvain, seed 1), modularity {analysis.modularity:.3f}; "
            f"{sum(1 for n in analysis.graph if not analysis.graph.degree(n))} entities have no links",
            style="bold",
        )
    )
    for number, members in enumerate(communities, 1):
        shown = "、".join(model.label(slug) for slug in members[:10])
        more = f" … +{len(members) - 10}" if len(members) > 10 else ""
        out.print(Text(f"{number:>3}. [{len(members)}] {named(model, members[0])}: {shown}{more}"))


def run(args: argparse.Namespace, paths: ProjectPaths) -> int:
    model = viz.load_model(args.dist or paths.dist)
    analysis = viz.Analysis(model)
    if args.path is None:
        print_overview(model, analysis, args.top)
        return 0
    start, end = (entity_named(model, text) for text in args.path)
    try:
        print_path(model, analysis, start, end)
    except LookupError as unlinked:  # no chain of facts joins them: an answer, not a mistake
        raise queries.NotFound(str(unlinked)) from None
    return 0


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dist", type=Path, help="built graph to read (default dist/)")
    parser.add_argument("--top", type=whole(1, 100_000), default=10, help="how many central entities to list (default 10)")
    parser.add_argument("--path", nargs=2, metavar=("FROM", "TO"), help="slugs or labels in any script, English or pinyin")
    parser.set_defaults(run=run)
