"""Writing a format the build left no file of: the inferences added (--inferred), RDF/XML, CSV.

publish.export calls these only when it has no dump to copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from ontology import formats, rdfio

from publish.jsonld import context_for, document
from publish.source import GraphData
from publish.tables import tables, write_tables

LINE_FORMATS = (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS)


def render(data: GraphData, fmt: formats.Format) -> Iterable[bytes]:
    """One RDF syntax, in pieces: the named graphs where it keeps them, the asserted triples
    otherwise; JSON-LD compacted with the published context. For a format the build left no dump
    of (publish.export copies those): the statements of the canonical dumps, written in their
    order (JSON-LD a node at a time)."""
    if not data.in_canonical_order:
        quads = data.quads if fmt.named_graphs else data.triples()
        return [rdfio.serialize(quads, fmt, data.prefixes, context_for(data.base, data.quads) if fmt.name == "jsonld" else None)]
    if fmt.rdf_format in LINE_FORMATS:  # the sorted lines are the text already
        return [rdfio.conventional_tags(data.lines(fmt.named_graphs), fmt)]
    if fmt.rdf_format != ox.RdfFormat.JSON_LD:
        return [rdfio.serialize_canonical(data.statements(fmt.named_graphs), fmt, data.prefixes)]
    # read twice, streamed: the context takes its properties from the data
    return document(data.statements(fmt.named_graphs), context_for(data.base, data.statements(fmt.named_graphs)))


def write_csv(data: GraphData, target: Path) -> list[Path]:
    """One CSV table per class into the directory ``target``."""
    triples = list(dict.fromkeys((s, p, o) for s, p, o, _ in rdfio.rdflib_quads(data.triples())))
    return write_tables(tables(triples, data.base, data.prefixes), target)
