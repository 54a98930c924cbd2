"""The export formats: the RDF syntaxes of the registry (ontology.rdfio) and CSV tables."""

from __future__ import annotations

import shutil
import stat
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from graph_build import KnowledgeGraph
from ontology import rdfio

from publish.jsonld import context_for, document
from publish.source import GraphData, load
from publish.tables import tables, write_tables

FORMATS = rdfio.FORMATS
CSV = "csv"
FORMAT_NAMES = [*FORMATS, CSV]
LINE_FORMATS = (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS)
COPY_CHUNK = 1 << 20


def render(data: GraphData, fmt: rdfio.Format) -> Iterable[bytes]:
    """One RDF syntax, in pieces: the named graphs where it keeps them, the asserted triples
    otherwise; JSON-LD compacted with the published context. The build's dump of the same data
    where there is one; otherwise the statements of the canonical dumps, written in their order
    (JSON-LD a node at a time)."""
    dump = data.dump(fmt)
    if dump is not None:
        return [dump.read_bytes()]
    if not data.in_canonical_order:
        quads = data.quads if fmt.named_graphs else data.triples()
        return [rdfio.serialize(quads, fmt, data.prefixes, context_for(data.base, data.quads) if fmt.name == "jsonld" else None)]
    if fmt.rdf_format in LINE_FORMATS:  # the sorted lines are the text already
        return [rdfio.conventional_tags(data.lines(fmt.named_graphs), fmt)]
    if fmt.rdf_format != ox.RdfFormat.JSON_LD:
        return [rdfio.serialize_canonical(data.statements(fmt.named_graphs), fmt, data.prefixes)]
    # read twice, streamed: the context takes its properties from the data
    return document(data.statements(fmt.named_graphs), context_for(data.base, data.statements(fmt.named_graphs)))


def export(data: GraphData, format_name: str, target: Path) -> list[Path]:
    """Write one format to ``target`` (a file; a directory for CSV) and return the files written.
    A file appears whole or not at all: it is written beside ``target`` and renamed. Through a
    symbolic link, the file it names is written and the link kept; a device, a pipe or a terminal
    (``-o /dev/stdout``) is written to as it is, since a file renamed over it would replace it."""
    if format_name == CSV:
        triples = list(dict.fromkeys((s, p, o) for s, p, o, _ in rdfio.rdflib_quads(data.triples())))
        return write_tables(tables(triples, data.base, data.prefixes), target)
    if format_name not in FORMATS:
        raise ValueError(f"unknown format {format_name!r}; choose from {', '.join(FORMAT_NAMES)}")
    fmt = FORMATS[format_name]
    dump = data.dump(fmt)
    try:
        kind = target.stat().st_mode  # of what a link names
    except FileNotFoundError:
        kind = stat.S_IFREG
    if stat.S_ISDIR(kind):
        raise IsADirectoryError(f"{target} is a directory; give a file name (-o {target / default_name(format_name, False)})")
    if not stat.S_ISREG(kind):
        with target.open("wb") as stream:
            if dump is None:
                stream.writelines(render(data, fmt))
            else:
                with dump.open("rb") as source:
                    shutil.copyfileobj(source, stream, COPY_CHUNK)
        return [target]
    if dump is not None and target.exists() and target.samefile(dump):
        return [target]
    written = target.resolve() if target.is_symlink() else target
    written.parent.mkdir(parents=True, exist_ok=True)
    partial = written.with_name(f".{written.name}.partial")
    try:
        if dump is None:
            with partial.open("wb") as stream:
                stream.writelines(render(data, fmt))
        else:
            shutil.copyfile(dump, partial)  # the build's own file, copied (by the kernel) rather than held in memory
        partial.replace(written)
    finally:
        partial.unlink(missing_ok=True)
    return [target]


def write_jsonld_dump(graph: KnowledgeGraph, out: Path) -> None:
    """The build's artifact writer for dgkg.jsonld: the asserted triples (dgkg.nt's) compacted with
    the published context, what `dgkg export --format jsonld` then copies."""
    export(load(out), "jsonld", out / "dgkg.jsonld")


def default_name(format_name: str, inferred: bool) -> str:
    stem = "dgkg-inferred" if inferred else "dgkg"
    return f"{stem}-csv" if format_name == CSV else f"{stem}.{FORMATS[format_name].extension}"
