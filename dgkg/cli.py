"""The ``dgkg`` console command. Each sub-command lives in ``dgkg.commands.<name>``.

Every command ends here, whichever way it ends: an expected failure becomes one line through
dgkg.errors (exit 2 for a usage mistake, 1 otherwise), Ctrl-C a one-line "interrupted" (130),
and a reader that stops early (``dgkg query --list | head -1``) ends the command quietly, as it
ends any Unix tool. Commands raise; they do not print their own errors.
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
from collections.abc import Callable, Mapping
from types import FrameType

from dgkg.errors import exit_code, fail
from dgkg.paths import ProjectPaths


class Command:
    """A sub-command: its one line in `dgkg --help`, and the module `dgkg.commands.<name>` whose
    ``configure(parser)`` adds its options and its ``run``. Only the module of the command being
    run is imported, so `dgkg query NAME` does not pay for the builder or the explorer. A command's
    module names each room by its door (`import graph_build`, then `graph_build.compile_graph`),
    whose modules load when `run()` first uses them: `dgkg build --help` loads none of them.

    The records every command starts with (this one, dgkg.paths.ProjectPaths, and on the way to
    a copied export ontology.formats.Format and publish.GraphData) are plain classes: a dataclass
    imports `dataclasses` and `inspect` (13 ms on the 2-core machine), a NamedTuple `typing`
    (5 ms), where `oxigraph convert` writes all of a 10k-triple graph in 30 ms."""

    def __init__(self, summary: str, aliases: tuple[str, ...] = ()) -> None:
        self.summary = summary
        self.aliases = aliases


# In the order of `dgkg --help`.
COMMANDS = {
    "build": Command("build the graph and all its artifacts into dist/"),
    "validate": Command("check records, quotes, SHACL shapes and OWL consistency"),
    "sources": Command("work with the curated source texts"),
    "query": Command("ask a competency question or your own SPARQL"),
    "lookup": Command("find an entity by name and show every fact with its source and quote"),
    "serve": Command("serve the graph over the SPARQL 1.1 Protocol, with a query page"),
    "push": Command("load the graph into a SPARQL Graph Store (Fuseki, GraphDB, Oxigraph, ...)"),
    "viz": Command("write the offline explorer, timeline and entity pages (or a neighbourhood)"),
    "analyze": Command("central entities, communities, and the shortest explained path between two entities", ("analyse",)),
    "export": Command("export the built graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML or CSV"),
    "release": Command("package a versioned release (all formats, description, docs, changelog)"),
    "bench": Command("measure build, queries, exports and the endpoint on synthetic graphs of growing size"),
}
INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for a command stopped by Ctrl-C

StrayHint = Callable[[list[str]], str | None]  # a command's guess at what stray words meant


class CommandParser(argparse.ArgumentParser):
    """The top-level parser; it keeps its sub-commands' parsers, to answer mistakes with hints."""

    commands: Mapping[str, argparse.ArgumentParser]


def package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # 30 ms to import: only for --version

    try:
        return version("dgkg")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown (not installed)"


def command_named(word: str) -> str | None:
    """The command a word names, aliases included."""
    for name, command in COMMANDS.items():
        if word == name or word in command.aliases:
            return name
    return None


def make_parser(argv: list[str]) -> CommandParser:
    """The parser; only the command named in ``argv`` (if any) gets its options, and only its
    module is imported. The others are listed by their summaries, when no command is named: argparse
    takes 7 ms to make the eleven parsers a named command does not need."""
    chosen = command_named(argv[0]) if argv else None
    parser = CommandParser(
        prog="dgkg",
        description="A knowledge graph of China's digital government, every fact with its source.",
    )
    # reading the installed version costs importlib.metadata (30 ms): only when it is asked for
    version = f"dgkg {package_version()}" if "--version" in argv else "dgkg"
    parser.add_argument("--version", action="version", version=version)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in [chosen] if chosen else COMMANDS:
        command = COMMANDS[name]
        command_parser = sub.add_parser(name, aliases=list(command.aliases), help=command.summary)
        if name == chosen:
            importlib.import_module(f"dgkg.commands.{name}").configure(command_parser)
    parser.commands = sub.choices
    return parser


def check_command(parser: CommandParser, argv: list[str]) -> None:
    """A mistyped command gets a "did you mean" rather than the list of every command."""
    word = argv[0]
    if word.startswith("-") or word in parser.commands:
        return
    import difflib  # for the hint only

    close = difflib.get_close_matches(word, parser.commands, n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(close)}?" if close else f"; the commands are {', '.join(COMMANDS)}"
    parser.error(f"unknown command '{word}'{hint}")


def parse(parser: CommandParser, argv: list[str]) -> argparse.Namespace:
    """The arguments; words the command does not take are a usage error with the command's own
    usage and, where the command knows the likely intent, a hint (a forgotten --param)."""
    check_command(parser, argv)
    args, extras = parser.parse_known_args(argv)
    if extras:
        hint: StrayHint | None = getattr(args, "stray_hint", None)
        suggestion = (hint(extras) if hint else None) or f"see `dgkg {args.command} --help`"
        parser.commands[args.command].error(f"unexpected argument {' '.join(extras)!r}; {suggestion}")
    return args


def quiet_broken_pipe() -> int:
    """The reader of stdout went away. Point stdout at /dev/null so that the flush at exit
    does not fail again, and exit 1, as Python (and rich) do on EPIPE."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 1


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        parser = make_parser(argv)
    except KeyboardInterrupt:  # while the commands' modules load, which takes a moment
        print("dgkg: interrupted", file=sys.stderr)
        return INTERRUPTED
    if not argv:
        parser.print_help()
        return 0
    args = parse(parser, argv)
    return run(args)


def run(args: argparse.Namespace) -> int:
    """The command, and what becomes of it however it ends."""
    # SIGTERM (kill, timeout, docker stop, a supervisor) stops a command as Ctrl-C does, so that
    # its clean-ups run: partial files removed, the servers it started stopped (killed outright,
    # the bench left its Virtuoso running). A command started in the background ignores SIGINT,
    # as POSIX shells start background jobs, so SIGTERM is what stops it there.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        code = int(args.run(args, ProjectPaths.from_env()) or 0)
        sys.stdout.flush()  # inside the try: a reader that quit shows here, not at interpreter exit
        return code
    except BrokenPipeError:
        return quiet_broken_pipe()
    except KeyboardInterrupt:
        print(f"dgkg {args.command}: interrupted", file=sys.stderr)
        return INTERRUPTED
    except Exception as error:
        if exit_code(error) is None:
            raise
        return fail(args.command, error)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
