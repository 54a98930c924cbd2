"""The compiled knowledge graph: claims (one named graph each) plus the graphs around them."""

from __future__ import annotations

from collections.abc import Iterator, Set as AbstractSet
from dataclasses import dataclass, field
from typing import TypeVar

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD
from rdflib.term import Node

from graph_build.errors import SourceLocation
from ontology import DGO, PREFIXES, IriLayout, rdfio

Triple = tuple[URIRef, URIRef, URIRef | Literal]
G = TypeVar("G", bound=Graph)
# read once per claim of a million-triple build: a closed namespace's attribute costs a microsecond or two
CLAIM_TYPE, CLAIM, DERIVED_FROM, CURATION_RECORD = RDF.type, DGO.Claim, PROV.wasDerivedFrom, DGO.curationRecord
QUOTE, LOCATOR, COMMENT, CITATION = DGO.quote, DGO.locator, RDFS.comment, DCTERMS.bibliographicCitation
OUTSIDE, BOOLEAN = DGO.outsideCuratedSources, XSD.boolean


@dataclass
class Claim:
    """Triples asserted together on the evidence of one quote (or one external citation)."""

    iri: URIRef
    triples: list[Triple]
    source: URIRef
    record: SourceLocation  # where the curated record is
    quote: str | None = None
    quote_lang: str | None = None
    locator: str | None = None
    note: str | None = None
    citation: str | None = None
    external: bool = False

    def provenance(self) -> list[Triple]:
        out: list[Triple] = [
            (self.iri, CLAIM_TYPE, CLAIM),
            (self.iri, DERIVED_FROM, self.source),
            (self.iri, CURATION_RECORD, Literal(str(self.record))),
        ]
        if self.quote is not None:
            out.append((self.iri, QUOTE, Literal(self.quote, lang=self.quote_lang)))
        if self.locator:
            out.append((self.iri, LOCATOR, Literal(self.locator)))
        if self.note:
            out.append((self.iri, COMMENT, Literal(self.note, lang="en")))
        if self.citation:
            out.append((self.iri, CITATION, Literal(self.citation)))
        if self.external:
            out.append((self.iri, OUTSIDE, Literal(True, datatype=BOOLEAN)))
        return out


@dataclass
class KnowledgeGraph:
    names: IriLayout
    ontology: Graph
    claims: list[Claim] = field(default_factory=list)
    derived: AbstractSet[Triple] = field(default_factory=set)  # computed facts (mentions), with their own provenance
    inferred: AbstractSet[tuple[Node, Node, Node]] = field(default_factory=set)  # the reasoner's entailments
    derived_provenance: Graph = field(default_factory=Graph)  # how the derived graph was made

    def facts(self) -> Graph:
        """The union of every claim's triples and the derived facts: the asserted data."""
        graph = _bound(Graph(), self.names.base)
        for claim in self.claims:
            for triple in claim.triples:
                graph.add(triple)
        graph += self.derived
        return graph

    def provenance(self, into: Graph | None = None) -> Graph:
        """The claims' provenance and the derived graph's; added to `into` if given (the SHACL
        stage checks facts and provenance together, without copying the facts)."""
        graph = _bound(Graph(), self.names.base) if into is None else into
        for claim in self.claims:
            for triple in claim.provenance():
                graph.add(triple)
        graph += self.derived_provenance
        return graph

    def data_triples(self) -> Iterator[tuple[Node, Node, Node]]:
        """What iter_quads yields but the ontology, as rdflib triples without their graph: the
        data SHACL checks (graph_build.shacl.ShaclData), made of the terms the claims hold."""
        for claim in self.claims:
            yield from claim.triples
        for claim in self.claims:
            yield from claim.provenance()
        yield from self.derived_provenance
        yield from self.derived

    def iter_quads(self) -> Iterator[ox.Quad]:
        """What `dataset(with_inferred=False)` holds, as pyoxigraph quads one at a time, made
        without the rdflib Dataset (which took a fifth of the build's time to fill) for readers that
        need not hold them all (the dumps, the SHACL store, which keep each quad once)."""
        ox_term = rdfio.ox_term
        for claim in self.claims:
            name = ox.NamedNode(claim.iri)
            yield from (ox.Quad(ox_term(s), ox_term(p), ox_term(o), name) for s, p, o in claim.triples)  # type: ignore[arg-type]
        provenance = ox.NamedNode(self.names.provenance)
        for claim in self.claims:
            yield from (ox.Quad(ox_term(s), ox_term(p), ox_term(o), provenance) for s, p, o in claim.provenance())  # type: ignore[arg-type]
        yield from rdfio.from_rdflib(self.derived_provenance, self.names.provenance)
        yield from rdfio.from_rdflib(self.ontology, self.names.ontology)
        yield from rdfio.from_rdflib(self.derived, self.names.derived)

    def let_go_of_data(self) -> None:
        """Empties the claims, the derived and the inferred triples, keeping the names and the
        ontology: what the build does once the dumps are written, since every later writer reads
        the dumps instead (at a million triples the data held here is a gigabyte)."""
        self.claims, self.derived, self.inferred = [], set(), set()

    def dataset(self, with_inferred: bool = True) -> Dataset:
        """Claims as named graphs, plus ontology, provenance, derived and inferred graphs."""
        dataset = _bound(Dataset(), self.names.base)
        for claim in self.claims:
            graph = dataset.graph(claim.iri)
            for triple in claim.triples:
                graph.add(triple)
        for name, content in (
            (self.names.ontology, self.ontology),
            (self.names.provenance, self.provenance()),
            (self.names.derived, self.derived),
        ):
            graph = dataset.graph(name)
            graph += content
        if with_inferred and len(self.inferred):
            dataset.graph(self.names.inferred).__iadd__(self.inferred)
        return dataset


def _bound(graph: G, base: str) -> G:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    graph.bind("dgr", base, override=True)
    return graph
