"""The export formats: one function from the loaded dist/ data to the text of each format."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from ontology import to_rdfxml

from publish.jsonld import jsonld
from publish.source import GraphData
from publish.tables import tables, write_tables
from publish.text_formats import nquads, ntriples, trig, turtle


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    media_type: str
    render: Callable[[GraphData], str]
    quads: bool = False  # keeps the named graphs (claims with their provenance)


def _rdfxml(data: GraphData) -> str:
    """The ontology room's deterministic RDF/XML writer, so dgkg has one (ontology.owl uses it)."""
    graph = Graph()
    for prefix, namespace in data.prefixes.items():
        graph.bind(prefix, namespace, override=True)
    for triple in data.triples():
        graph.add(triple)
    return to_rdfxml(graph).decode("utf-8")


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", "ttl", "text/turtle", lambda d: turtle(d.triples(), d.prefixes)),
        Format("ntriples", "nt", "application/n-triples", lambda d: ntriples(d.triples())),
        Format("nquads", "nq", "application/n-quads", lambda d: nquads(d.quads), quads=True),
        Format("trig", "trig", "application/trig", lambda d: trig(d.quads, d.prefixes), quads=True),
        Format("jsonld", "jsonld", "application/ld+json", lambda d: jsonld(d.triples(), d.base)),
        Format("rdfxml", "rdf", "application/rdf+xml", _rdfxml),
    )
}
CSV = "csv"
FORMAT_NAMES = [*FORMATS, CSV]


def export(data: GraphData, format_name: str, target: Path) -> list[Path]:
    """Write one format to ``target`` (a file; a directory for CSV) and return the files written."""
    if format_name == CSV:
        return write_tables(tables(data.triples(), data.base, data.prefixes), target)
    if format_name not in FORMATS:
        raise ValueError(f"unknown format {format_name!r}; choose from {', '.join(FORMAT_NAMES)}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(FORMATS[format_name].render(data).encode("utf-8"))
    return [target]


def default_name(format_name: str, inferred: bool) -> str:
    stem = "dgkg-inferred" if inferred else "dgkg"
    return f"{stem}-csv" if format_name == CSV else f"{stem}.{FORMATS[format_name].extension}"
