"""`dgkg query`: a library question by name, a query file, or SPARQL text, here or remote."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from dgkg.errors import UsageError
from dgkg.errors import fail  # noqa: F401 -- dgkg.commands.push still imports it from here
from dgkg.paths import ProjectPaths
from ontology import formats
import queries

# The SPARQL 1.1 results formats, for solutions and for an ASK answer.
_WRITERS = {
    "csv": queries.solutions_csv,
    "tsv": queries.solutions_tsv,
    "json": queries.solutions_json,
    "xml": queries.solutions_xml,
}
_BOOLEAN_WRITERS = {
    "csv": queries.boolean_csv,
    "tsv": queries.boolean_tsv,
    "json": queries.boolean_json,
    "xml": queries.boolean_xml,
}
# A CONSTRUCT's graph in the RDF syntax nearest the results format asked for.
_GRAPH_FORMATS = {"json": "jsonld", "tsv": "ntriples", "csv": "ntriples", "xml": "rdfxml"}


def default_lang() -> str:
    """zh for a Chinese locale, else en."""
    locale = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    return "zh" if locale.lower().startswith("zh") else "en"


def open_target(args: argparse.Namespace, paths: ProjectPaths) -> queries.Target:
    if args.endpoint:
        return queries.RemoteEndpoint(args.endpoint)
    return queries.Store.from_dist(args.dist or paths.dist)


def parse_params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--param expects NAME=VALUE, got {pair!r}")
        if name.strip() in params:
            raise UsageError(f"--param {name.strip()} given twice")
        params[name.strip()] = value.strip()
    return params


def forgotten_param(extras: list[str]) -> str | None:
    """`dgkg query NAME region=zhejiang`: the NAME=VALUE words were meant as parameters."""
    if all("=" in word and not word.startswith("-") for word in extras):
        return "did you mean " + " ".join(f"--param {word}" for word in extras) + "?"
    return None


def chosen_question(args: argparse.Namespace) -> queries.Question:
    given = [bool(args.name), bool(args.file), args.sparql is not None]
    if sum(given) != 1:
        raise UsageError("give exactly one of: a question NAME, --file FILE, --sparql TEXT (or --list)")
    if args.name:
        return queries.Library.load().get(args.name)
    if args.file:
        if not args.file.is_file():
            raise UsageError(f"no such file: {args.file}")
        return queries.Question.from_file(args.file)
    return queries.Question.parse(args.sparql, fallback_name="--sparql")


def list_questions() -> int:
    library = queries.Library.load()
    for problem in library.problems:
        print(f"warning: {problem}", file=sys.stderr)
    if not len(library):
        print("the library has no questions yet (queries/library/*.rq)")
        return 0
    name_width = max(queries.width(q.name) for q in library)
    for question in library:
        params = " ".join(f"--param {p.name}={p.default or '…'}" for p in question.params)
        print(f"{question.name.ljust(name_width)}  {question.zh}")
        print(f"{' ' * name_width}  {question.en}" + (f"\n{' ' * name_width}  {params}" if params else ""))
    return 0


def run(args: argparse.Namespace, paths: ProjectPaths) -> int:
    if args.list:
        return list_questions()
    question = chosen_question(args)
    params = parse_params(args.param)
    if not args.name:  # the user's own SPARQL; the library's questions are checked by its tests
        question = question.accepting(params)
        queries.check_syntax(question.text, question.origin)
        for warning in queries.unknown_terms(question.text):  # the query still runs: the warning explains an empty answer
            print(f"warning: {warning}", file=sys.stderr)
    target = open_target(args, paths)
    text, bindings = question.bind(params, target.resolve)
    for binding in bindings:
        if binding.note:
            print(f"note: {binding.note}", file=sys.stderr)
    if args.show_query:
        print(text)
        return 0
    return answer(target, text, args.format, args.lang)


def answer(target: queries.Target, text: str, fmt: str, lang: str) -> int:
    form = queries.query_form(text)
    out = sys.stdout.buffer
    if form == "ASK":
        value = target.ask(text)
        out.write((b"true\n" if value else b"false\n") if fmt == "table" else _BOOLEAN_WRITERS[fmt](value))
        if fmt == "json":
            out.write(b"\n")
    elif form in {"CONSTRUCT", "DESCRIBE"}:
        out.write(target.construct(text, formats.format_named(_GRAPH_FORMATS.get(fmt, "turtle")).media_type))
    elif form == "SELECT":
        rows = target.solutions(text)
        if fmt == "table":
            names = queries.names_of(target.solutions, (v for row in rows for v in row.values() if v is not None))
            out.write(queries.table(rows, names, lang).encode("utf-8"))
        else:
            out.write(_WRITERS[fmt](rows.variables, queries.rows_as_sequences(rows)))
            if fmt == "json":
                out.write(b"\n")
    else:
        raise UsageError("only SELECT, ASK, CONSTRUCT and DESCRIBE queries can be run (the graph is read-only)")
    out.flush()
    return 0


def add_target_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--endpoint",
        metavar="URL",
        help="ask a remote SPARQL endpoint instead of the local store (its default graph must be "
        "the union of all graphs: see docs/remote-stores.md)",
    )
    parser.add_argument("--dist", type=Path, help="the built graph (default dist/)")
    parser.add_argument(
        "--lang", choices=["zh", "en"], default=default_lang(), help="language of labels shown (default: from the locale)"
    )


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Run a library question (dgkg query --list), a .rq file or SPARQL text against the built graph or a remote endpoint."
    )
    parser.add_argument("name", nargs="?", help="a question of the library (see --list)")
    parser.add_argument("--list", action="store_true", help="list the library's questions and their parameters")
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind a parameter: a slug or any label (either script, English, pinyin)",
    )
    parser.add_argument("--file", type=Path, help="run the query in this .rq file")
    parser.add_argument("--sparql", metavar="TEXT", help="run this SPARQL query")
    parser.add_argument(
        "--format",
        choices=["table", "csv", "tsv", "json", "xml"],
        default="table",
        help="table (labels), or SPARQL 1.1 results as CSV, TSV, JSON, XML (default table)",
    )
    parser.add_argument("--show-query", action="store_true", help="print the query with its parameters bound, run nothing")
    add_target_options(parser)
    parser.set_defaults(run=run, stray_hint=forgotten_param)
