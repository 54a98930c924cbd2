"""The build's RDF dumps (dgkg.trig, dgkg.nq, dgkg.ttl, dgkg.nt, dgkg.rdf, inferred.ttl) written in bounded memory.

They hold what ontology.rdfio.serialize would write, byte for byte: distinct statements sorted
as N-Triples or N-Quads text (the graph first in TriG), blank nodes labelled by RDFC-1.0, language
tags in their conventional case. But the statements are sorted on disk, in runs merged as they are
read (an external merge sort), and stream through Oxigraph's writers, where a list of every quad,
its sort keys and the whole serialised text used to be held at once (7.5 GB at a million triples).

dgkg.nq and dgkg.nt come from one sort: the triples are the quads' lines without their graphs.
A triple's quads are next to each other among the sorted lines, and in the order of the triples,
because the triple's text is followed by a space in both. dgkg.trig, dgkg.ttl and dgkg.rdf (the
formats that abbreviate with prefixes) are written afterwards from those two files
(write_prefixed), so that a process of their own can write them while the build renders its
views (graph_build.background).

Only the quads that mention a blank node are canonicalised, together: RDFC-1.0 labels a blank
node from the quads that mention it and, through them, from other blank nodes, never from a quad
without one. In dgkg those are the ontology's axioms, a few hundred quads.
"""

from __future__ import annotations

import heapq
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from contextlib import ExitStack
from itertools import islice
from pathlib import Path
from typing import IO, BinaryIO, cast

import pyoxigraph as ox

from ontology import formats, rdfio

RUN = 200_000  # lines sorted in memory before they are spilled to disk (~60 MB of text)
BATCH = 50_000  # lines handed to Oxigraph's parser, or written, at a time
BATCH_BYTES = 8 << 20  # of dgkg.nq read back at a time
QUADS, TRIPLES = "dgkg.nq", "dgkg.nt"


class ExternalSort:
    """Lines added in any order, read back sorted and each once; runs of RUN lines are sorted in
    memory and spilled into `scratch`, then merged lazily."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.lines: list[str] = []
        self.runs: list[Path] = []

    def add(self, line: str) -> None:
        self.lines.append(line)
        if len(self.lines) >= RUN:
            self._spill()

    def _spill(self) -> None:
        self.lines.sort()
        run = self.scratch / f"run-{id(self)}-{len(self.runs)}"
        with run.open("w", encoding="utf-8", newline="") as stream:
            stream.writelines(self.lines)
        self.runs.append(run)
        self.lines = []

    def sorted_unique(self) -> Iterator[str]:
        with ExitStack() as files:
            if self.runs:
                self._spill()
                streams = [files.enter_context(run.open(encoding="utf-8", newline="")) for run in self.runs]
                merged: Iterable[str] = heapq.merge(*streams)
            else:
                merged = sorted(self.lines)
            yield from _distinct(merged)


class _ConventionalTags:
    """A binary sink for Oxigraph's writers that gives language tags their conventional case back
    (rdfio.conventional_tags) one batch of whole lines at a time: no tagged literal spans a line
    in the formats written here (Oxigraph escapes newlines inside literals)."""

    def __init__(self, stream: BinaryIO, fmt: formats.Format) -> None:
        self.stream, self.fmt, self.pending = stream, fmt, b""

    def write(self, data: bytes) -> int:
        text = self.pending + bytes(data)
        end = text.rfind(b"\n") + 1
        self.stream.write(rdfio.conventional_tags(text[:end], self.fmt))
        self.pending = text[end:]
        return len(data)

    def flush(self) -> None:
        self.stream.write(rdfio.conventional_tags(self.pending, self.fmt))
        self.pending = b""
        self.stream.flush()


def _as_nquads(line: str) -> str:
    graph, triple = line.split(" ", 1)
    return f"{triple[:-3]} {graph} .\n"


def _parsed(lines: Iterator[str], fmt: ox.RdfFormat) -> Iterator[ox.Quad]:
    """Lines Oxigraph wrote from terms it had checked, read back without checking their IRIs
    again (lenient): a quarter of the TriG dump's time at 100k triples."""
    while batch := list(islice(lines, BATCH)):
        yield from ox.parse("".join(batch).encode("utf-8"), format=fmt, lenient=True)


def _write(path: Path, quads: Iterable[ox.Quad], fmt_name: str, prefixes: Mapping[str, str]) -> None:
    fmt = formats.format_named(fmt_name)
    with path.open("wb") as stream:
        sink = _ConventionalTags(stream, fmt)
        # typed as a file, but Oxigraph's writer only ever calls write and flush
        ox.serialize(quads, output=cast(IO[bytes], sink), format=fmt.rdf_format, prefixes=dict(prefixes))
        sink.flush()


def write_dumps(
    quads: Iterable[ox.Quad],
    inferred: Iterable[ox.Quad],
    out: Path,
    prefixes: Mapping[str, str],
    left_out_of_triples: ox.NamedNode,
) -> None:
    """dgkg.nq (every quad), dgkg.nt (the distinct triples of every graph but
    `left_out_of_triples`: the claims' provenance) and inferred.ttl, into `out`. Every quad must be
    in a named graph."""
    with tempfile.TemporaryDirectory(prefix="dgkg-dumps-") as scratch:
        statements, inferences = ExternalSort(Path(scratch)), ExternalSort(Path(scratch))
        blank: list[ox.Quad] = []
        for quad in quads:
            if isinstance(quad.graph_name, ox.DefaultGraph):
                raise ValueError(f"a quad of the dumps is in the default graph: {quad}")
            if rdfio.has_blank_node(quad):
                blank.append(quad)
                continue
            statements.add(f"{quad.triple} {quad.graph_name} .\n")
        blank_lines = {f"{quad.triple} {quad.graph_name} .\n" for quad in rdfio.canonical(blank)}
        for line in blank_lines:
            statements.add(line)
        kept = [q for q in blank if q.graph_name != left_out_of_triples]
        # labelled for the triples apart: a node's label depends on what else mentions it
        blank_triples = sorted({f"{quad.triple} .\n" for quad in rdfio.canonical(kept, named_graphs=False)})
        for quad in inferred:
            inferences.add(f"{quad.triple} .\n")

        with (out / QUADS).open("wb") as nq, (out / TRIPLES).open("wb") as triples:
            _write_lines(
                statements.sorted_unique(),
                _ConventionalTags(nq, formats.format_named("nquads")),
                _ConventionalTags(triples, formats.format_named("ntriples")),
                str(left_out_of_triples),
                blank_lines,
                blank_triples,
            )
        _write(out / "inferred.ttl", _parsed(inferences.sorted_unique(), ox.RdfFormat.N_TRIPLES), "turtle", prefixes)


def write_prefixed(out: Path, prefixes: Mapping[str, str]) -> None:
    """dgkg.trig, dgkg.ttl and dgkg.rdf (RDF/XML), from the dgkg.nq and dgkg.nt that write_dumps
    wrote into `out`.
    TriG groups the quads by graph: dgkg.nq's lines are sorted again with their graph first. Sorted
    as Oxigraph writes them, with language tags in lower case, as write_dumps sorted them: cased
    conventionally (zh-Hans, zh-HK), two tags could sort the other way round."""
    with tempfile.TemporaryDirectory(prefix="dgkg-dumps-") as scratch:
        by_graph = ExternalSort(Path(scratch))
        with (out / QUADS).open("rb") as nq:
            while batch := nq.readlines(BATCH_BYTES):
                lowered = ox.serialize(
                    ox.parse(b"".join(batch), format=ox.RdfFormat.N_QUADS, lenient=True), format=ox.RdfFormat.N_QUADS
                )
                for line in (lowered or b"").decode("utf-8").splitlines(keepends=True):
                    triple, graph = line[:-3].rsplit(" ", 1)  # an IRI names the graph: no space in it
                    by_graph.add(f"{graph} {triple} .\n")
        _write(out / "dgkg.trig", _parsed(map(_as_nquads, by_graph.sorted_unique()), ox.RdfFormat.N_QUADS), "trig", prefixes)
    for name, fmt_name in (("dgkg.ttl", "turtle"), ("dgkg.rdf", "rdfxml")):
        _write(out / name, ox.parse(path=out / TRIPLES, format=ox.RdfFormat.N_TRIPLES, lenient=True), fmt_name, prefixes)


def _write_lines(
    lines: Iterator[str],
    quads: _ConventionalTags,
    triples: _ConventionalTags,
    left_out: str,
    blank: set[str],
    blank_triples: list[str],
) -> None:
    """Sorted N-Quads ``lines`` into ``quads``, and into ``triples`` each triple they hold once, but
    those of the graph ``left_out`` and of the ``blank`` lines, whose triples are ``blank_triples``
    (sorted; their nodes labelled apart). One loop, a batch at a time: at a million triples, each
    layer of generators cost seconds."""
    waiting, previous = deque(blank_triples), ""
    while batch := list(islice(lines, BATCH)):
        quads.write("".join(batch).encode("utf-8"))
        kept: list[str] = []
        for line in batch:
            if line in blank:
                continue
            triple, graph = line[:-3].rsplit(" ", 1)  # an IRI names the graph: no space in it
            if graph == left_out:
                continue
            text = f"{triple} .\n"
            while waiting and waiting[0] < text:
                kept.append(waiting.popleft())
            if text != previous:
                kept.append(text)
                previous = text
        triples.write("".join(kept).encode("utf-8"))
    triples.write("".join(waiting).encode("utf-8"))
    quads.flush()
    triples.flush()


def _distinct(lines: Iterable[str]) -> Iterator[str]:
    previous = None
    for line in lines:
        if line != previous:
            yield line
        previous = line
