"""The export formats: the RDF syntaxes of the registry (ontology.rdfio) and CSV tables."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox

from ontology import rdfio

from publish.jsonld import context_for, document
from publish.source import GraphData
from publish.tables import tables, write_tables

FORMATS = rdfio.FORMATS
CSV = "csv"
FORMAT_NAMES = [*FORMATS, CSV]
LINE_FORMATS = (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS)


def render(data: GraphData, fmt: rdfio.Format) -> bytes:
    """One RDF syntax: the named graphs where it keeps them, the asserted triples otherwise;
    JSON-LD compacted with the published context. The build's dump of the same data where
    there is one; otherwise the statements of the canonical dumps, written in their order."""
    dump = data.dump(fmt)
    if dump is not None:
        return dump.read_bytes()
    if not data.in_canonical_order:
        quads = data.quads if fmt.named_graphs else data.triples()
        return rdfio.serialize(quads, fmt, data.prefixes, context_for(data.base, data.quads) if fmt.name == "jsonld" else None)
    if fmt.rdf_format in LINE_FORMATS:  # the sorted lines are the text already
        return rdfio.conventional_tags(data.lines(fmt.named_graphs), fmt)
    if fmt.rdf_format != ox.RdfFormat.JSON_LD:
        return rdfio.serialize_canonical(data.statements(fmt.named_graphs), fmt, data.prefixes)
    statements = list(data.statements(fmt.named_graphs))  # read twice: the context takes its properties from the data
    return document(statements, context_for(data.base, statements))


def export(data: GraphData, format_name: str, target: Path) -> list[Path]:
    """Write one format to ``target`` (a file; a directory for CSV) and return the files written."""
    if format_name == CSV:
        triples = list(dict.fromkeys((s, p, o) for s, p, o, _ in rdfio.rdflib_quads(data.triples())))
        return write_tables(tables(triples, data.base, data.prefixes), target)
    if format_name not in FORMATS:
        raise ValueError(f"unknown format {format_name!r}; choose from {', '.join(FORMAT_NAMES)}")
    target.parent.mkdir(parents=True, exist_ok=True)
    fmt = FORMATS[format_name]
    dump = data.dump(fmt)
    if dump is None:
        target.write_bytes(render(data, fmt))
    elif not (target.exists() and target.samefile(dump)):
        shutil.copyfile(dump, target)  # the build's own file, copied rather than held in memory
    return [target]


def default_name(format_name: str, inferred: bool) -> str:
    stem = "dgkg-inferred" if inferred else "dgkg"
    return f"{stem}-csv" if format_name == CSV else f"{stem}.{FORMATS[format_name].extension}"
