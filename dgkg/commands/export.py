"""`dgkg export`: the built graph in a standard format, byte-identical for identical input.

dgkg export --format turtle -o dgkg.ttl
dgkg export --format nquads --inferred          # dist/exports/dgkg-inferred.nq
dgkg export --format csv -o tables/             # one CSV per class
dgkg export --site site/                        # static Linked Data site (pages + per-entity RDF)
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from dgkg.errors import UsageError
from dgkg.paths import ProjectPaths
from graph_build import collecting_between_stages
from publish import CSV, FORMAT_NAMES, FORMATS, default_name, export, load


def plain(text: str) -> str:
    """A spelling without case or punctuation: RDF/XML, rdf+xml and rdfxml are one."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def spellings() -> dict[str, str]:
    """Every way the format registry (ontology.formats.FORMATS) names a format (its name, file
    extension, nicknames, media types) by its plain spelling, and csv."""
    names = {plain(CSV): CSV}
    for name, fmt in FORMATS.items():
        names |= {plain(text): name for text in (name, fmt.extension, *fmt.nicknames, *fmt.media_types)}
    return names


def format_name(text: str) -> str:
    """A format by name, file extension or common spelling (ttl, n-triples, RDF/XML, json-ld);
    an unknown one is an argparse error naming the formats and the closest of them."""
    known = spellings()
    wanted = plain(text)
    if wanted in known:
        return known[wanted]
    import difflib  # for the hint only

    close = difflib.get_close_matches(wanted, known, n=1, cutoff=0.6)
    hint = f"; did you mean {known[close[0]]}?" if close else ""
    listed = ", ".join(
        f"{name} ({FORMATS[name].extension})" if name in FORMATS and FORMATS[name].extension != name else name
        for name in FORMAT_NAMES
    )
    raise argparse.ArgumentTypeError(f"invalid choice: {text!r}{hint} (choose from {listed})")  # argparse's words


# A million statements held at once are walked by every automatic collection (JSON-LD at 1M: 15%).
@collecting_between_stages()
def run(args: argparse.Namespace, paths: ProjectPaths) -> int:
    dist = args.dist or paths.dist
    started = time.perf_counter()
    if args.site:
        from dgkg.console import stages  # the progress display; a plain export prints one line
        from publish import write_site

        with stages("export") as log:
            log(f"writing the static site into {args.site}")
            written = write_site(dist, args.site)
        size = sum(path.stat().st_size for path in written)
        print(
            f"{len(written)} files in {args.site}  {size / 1024:,.0f} kB in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        return 0
    if not args.format:
        raise UsageError("give --format FORMAT or --site DIR")
    data = load(dist, inferred=args.inferred)
    target = args.output or dist / "exports" / default_name(args.format, args.inferred)
    written = export(data, args.format, target)
    size = sum(path.stat().st_size for path in written)
    where = target if len(written) == 1 else f"{len(written)} files in {target}"
    # on stderr, as every status line: the output may be this process's stdout (-o /dev/stdout)
    print(f"{where}  {size / 1024:,.0f} kB in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


def configure(parser: argparse.ArgumentParser) -> None:
    extensions = [fmt.extension for name, fmt in FORMATS.items() if fmt.extension != name]
    parser.add_argument(
        "--format",
        type=format_name,
        metavar="FORMAT",
        help=f"output format (required unless --site): {', '.join(FORMAT_NAMES)}, or a file extension ({', '.join(extensions)})",
    )
    parser.add_argument(
        "--site",
        type=Path,
        metavar="DIR",
        help="write a static Linked Data site: <slug>.html/.ttl/.jsonld/.nt per entity, ontology, .htaccess",
    )
    parser.add_argument("-o", "--output", type=Path, help="output file (a directory for csv; default dist/exports/dgkg.<ext>)")
    parser.add_argument("--inferred", action="store_true", help="add the reasoner's inferences (default: asserted facts only)")
    parser.add_argument("--dist", type=Path, help="built graph to read (default dist/)")
    parser.set_defaults(run=run)
