"""`dgkg build`: validate, then write every artifact into dist/ (atomically)."""

from __future__ import annotations

import argparse
import os
from functools import partial
from pathlib import Path

import graph_build
import publish
import queries
import viz
from dgkg.commands.validate import COMPILE_STAGES, add_build_options, options
from dgkg.console import out, print_failure, print_summary, stages
from dgkg.errors import UsageError
from dgkg.paths import ProjectPaths


# the stages written beside the views (graph_build.background)
STORE, PREFIXED, JSONLD = "SPARQL store", "TriG, Turtle and RDF/XML dumps", "JSON-LD dump"
DESCRIPTION = "dataset description (VoID, DCAT)"


def artifact_writers(
    endpoint: str | None, texts: Path | None = None, dist: Path | None = None, memo: graph_build.BuildMemo | None = None
) -> list[tuple[str, graph_build.ArtifactWriter]]:
    """Artifacts of the rooms downstream of the builder, written into dist/ after its dumps;
    `texts`: the normalised source texts, whose quoted paragraphs the source pages show;
    `dist` and `memo`: the dist/ an incremental build replaces and what it kept, whose store it
    changes into the new one and whose unchanged pages it keeps."""
    previous = queries.PreviousBuild(dist, memo) if dist is not None and memo is not None else None
    # What reads only the dumps is written by a second process while the views render
    # (graph_build.background); the explorer, which reads the label file the store's writer
    # makes, waits for that step.
    beside = graph_build.InBackground(
        [
            (STORE, partial(queries.write_store, previous=previous)),
            (PREFIXED, graph_build.write_prefixed_dumps),
            (JSONLD, publish.write_jsonld_dump),  # before the description, which lists it
            (DESCRIPTION, partial(publish.write_description, endpoint=endpoint)),
        ]
    )
    store_written = partial(beside.wait, STORE)
    views = partial(viz.write_build_views, texts=texts, previous=dist, memo=memo, store_written=store_written)
    return [
        (STORE, beside.writer(STORE)),
        ("views (explorer, timeline, entity and source pages)", views),
        (PREFIXED, beside.writer(PREFIXED)),
        (JSONLD, beside.writer(JSONLD)),
        (DESCRIPTION, beside.writer(DESCRIPTION)),
        ("ontology documentation", publish.write_docs),
    ]


def sparql_endpoint(args: argparse.Namespace) -> str | None:
    """The public endpoint void.ttl names: --sparql-endpoint, else $DGKG_SPARQL_ENDPOINT, else none."""
    given = args.sparql_endpoint or os.environ.get("DGKG_SPARQL_ENDPOINT")
    try:
        return publish.public_endpoint(given) if given else None
    except publish.NotPublicEndpoint as error:
        raise UsageError(f"--sparql-endpoint: {error}") from None


def run(args: argparse.Namespace, paths: ProjectPaths) -> int:
    dist = args.dist or paths.dist
    memo = graph_build.BuildMemo(graph_build.memo_dir(dist)) if args.incremental else None
    writers = artifact_writers(sparql_endpoint(args), paths.sources / "texts", dist, memo)
    with stages("build", COMPILE_STAGES + 1 + len(writers)) as log:  # + the RDF files
        try:
            graph_build.check_target(dist)  # an unwritable target fails now, not after compiling
            settings = options(args, paths)
            settings.memo = memo
            graph, report = graph_build.compile_graph(settings, progress=log)
            kept = graph_build.write_dist(graph, report, dist, writers, progress=log)
        except graph_build.BuildFailed as failure:
            print_failure(failure, "build")
            out.print(f"{dist} was left as it was.")
            return 1
    print_summary(report, log.elapsed, f"built {dist}")
    if kept:
        out.print(
            f"kept {' and '.join(f'{dist / folder}/' for folder in kept)} from the previous build "
            "(written by dgkg export and dgkg viz --focus from its data: run them again to refresh)",
            markup=False,
        )
    return 0


def configure(parser: argparse.ArgumentParser) -> None:
    add_build_options(parser)
    parser.add_argument("--base", help="resource IRI base (default https://w3id.org/dgkg/resource/)")
    parser.add_argument("--dist", type=Path, help="output directory (default dist/)")
    parser.add_argument(
        "--incremental",
        action="store_true",
        help="keep the state of the SHACL and reasoning checks, of the store and of the pages in DIST.cache/ beside "
        "the output, and redo only what the changes since the last --incremental build touch (the same dist/ as a full build)",
    )
    parser.add_argument(
        "--sparql-endpoint",
        metavar="URL",
        help="the public URL of the deployment's `dgkg serve` /sparql, named in void.ttl "
        "(default $DGKG_SPARQL_ENDPOINT; none if unset; never a loopback address)",
    )
    parser.set_defaults(run=run)
