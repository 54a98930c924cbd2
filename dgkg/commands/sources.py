"""`dgkg sources normalise`: regenerate sources/texts/ from the seeds, reproducibly.
`dgkg sources coverage`: how much of each text the graph's quotes cover, sentence by sentence."""

from __future__ import annotations

import argparse
from pathlib import Path

import graph_build
from dgkg.console import out, print_failure
from dgkg.errors import UsageError
from dgkg.paths import ProjectPaths


def normalise(args: argparse.Namespace, paths: ProjectPaths) -> int:
    seeds = args.seeds or paths.seeds
    if not seeds.is_dir():
        raise UsageError(f"seed directory {seeds} not found (set DGKG_SEEDS or --seeds)")
    report = graph_build.normalise_all(seeds, paths.sources)
    out.print(str(report), markup=False)
    return 0


def _percent(covered: int, total: int) -> str:
    return f"{covered}/{total} sentences ({100 * covered / total:.1f}%)" if total else "no sentences"


def _report(text: graph_build.TextCoverage, uncovered: bool) -> list[str]:
    lines = [f"{text.doc}: {_percent(text.covered, text.sentences)}"]
    for section in text.sections:
        lines.append(f"    {_percent(section.covered, section.sentences):<28} {section.title}")
    if uncovered:
        lines.append(f"  not quoted ({len(text.uncovered)}):")
        lines.extend(f"    ¶{s.paragraph} {s.text}" for s in text.uncovered)
    return lines


def coverage(args: argparse.Namespace, paths: ProjectPaths) -> int:
    try:
        library = graph_build.SourceLibrary.load(paths.sources)
        records = graph_build.load_records(paths.sources / "records", paths.sources.parent)
    except graph_build.BuildFailed as failure:
        print_failure(failure, "sources coverage")
        return 1
    texts = graph_build.sentence_coverage(library, records)
    if args.doc:
        known = [t.doc for t in texts]
        if args.doc not in known:
            raise UsageError(f"no source text '{args.doc}' (expected one of: {', '.join(known)})")
        texts = [t for t in texts if t.doc == args.doc]
    lines = [line for text in texts for line in _report(text, args.uncovered)]
    if not args.doc:
        lines.append(f"all texts: {_percent(sum(t.covered for t in texts), sum(t.sentences for t in texts))}")
    out.print("\n".join(lines), markup=False)
    return 0


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    norm = actions.add_parser(
        "normalise", aliases=["normalize"], help="regenerate sources/texts/ from the seed documents and sources/errata.yaml"
    )
    norm.add_argument("--seeds", type=Path, help="seed directory (default ../shared/seeds)")
    norm.set_defaults(run=normalise)
    cover = actions.add_parser(
        "coverage",
        help="the share of each text's sentences that hold a claim's quote, per section",
        description="For each normalised text, the share of its sentences (ended by 。！？; or the paragraph) "
        "that hold or overlap at least one claim's quote, overall and per section (一、… headings, "
        "the reference list).",
    )
    cover.add_argument("--doc", help="one text only (a document id from sources/documents.yaml)")
    cover.add_argument("--uncovered", action="store_true", help="list the sentences no quote covers, with their ¶")
    cover.set_defaults(run=coverage)
