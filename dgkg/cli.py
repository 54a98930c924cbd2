"""The ``dgkg`` console command. Each sub-command lives in ``dgkg.commands.<name>``."""
from __future__ import annotations

import argparse
import importlib
import sys

from dgkg.errors import UsageError
from dgkg.paths import ProjectPaths

# Listed explicitly so the order of `dgkg --help` is deliberate.
COMMAND_MODULES = [
    "build",
    "validate",
    "sources",
    "query",
    "lookup",
    "serve",
    "push",
    "viz",
    "analyze",
    "export",
    "release",
]


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dgkg",
        description="A knowledge graph of China's digital government, every fact with its source.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(f"dgkg.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    paths = ProjectPaths.from_env()
    try:
        return int(args.run(args, paths) or 0)
    except UsageError as exc:
        print(f"dgkg {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
