"""`dgkg lookup TEXT`: find an entity by any of its names and print every fact with its source."""

from __future__ import annotations

import argparse
import sys

from dgkg.commands.query import add_target_options, open_target
from dgkg.arguments import whole
from dgkg.paths import ProjectPaths
from queries import NotFound
from queries import did_you_mean
from queries import description


def run(args: argparse.Namespace, paths: ProjectPaths) -> int:
    text = " ".join(args.text)
    target = open_target(args, paths)
    hits = target.lookup(text, limit=args.limit + 1)
    if not hits:
        raise NotFound(f"nothing in the graph is called {text!r}{did_you_mean(target.labels.suggest(text))}")
    shown = hits if args.all else hits[:1]
    for hit in shown[: args.limit]:
        sys.stdout.write(description(target.describe(hit.iri), args.lang))
        sys.stdout.write("\n")
    others = hits[len(shown) : args.limit]
    if others:
        listed = ", ".join(f"{hit.name(args.lang)} ({hit.slug})" for hit in others)
        print(f"{'其他匹配' if args.lang == 'zh' else 'other matches'}: {listed}")
    return 0


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Find entities by any label (simplified or traditional Chinese, English, "
        "pinyin, or slug) and print each fact about the best match, in both "
        "directions, with the document and the sentence it comes from."
    )
    parser.add_argument("text", nargs="+", help="a name, e.g. 浙里办, 國務院, Zheliban, zhe li ban (quotes optional)")
    parser.add_argument("--all", action="store_true", help="describe every match, not only the best")
    parser.add_argument("--limit", type=whole(1, 1000), default=5, help="at most this many matches (default 5)")
    add_target_options(parser)
    parser.set_defaults(run=run)
