"""Everything the graph says about one entity, each fact with the evidence behind it.

A fact sits in one or more claim graphs (one per quote that supports it); each claim's
provenance (source document, verbatim quote, locator, or an outside citation) lives in the
provenance graph. Facts only in the inferred graph are the reasoner's and carry no quote.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.term import Node

from queries.labels import LabelIndex, names_of, pick, short_name
from queries.results import Rows

Select = Callable[[str], Rows]

PROV = "http://www.w3.org/ns/prov#"
DGO = "https://w3id.org/dgkg/ontology#"
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
VALUE = URIRef(DGO + "value")
VALUE_QUALIFIER = URIRef(DGO + "valueQualifier")


@dataclass(frozen=True)
class Evidence:
    claim: URIRef
    source: URIRef | None
    quote: str | None
    locator: str | None
    citation: str | None
    outside_sources: bool


@dataclass
class Fact:
    direction: str  # "out": entity predicate other; "in": other predicate entity
    predicate: URIRef
    other: Node
    origin: str  # "claim", "derived" or "inferred"
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Description:
    iri: URIRef
    facts: list[Fact]
    names: dict[Node, dict[str, str]]  # labels of everything mentioned, by lower-case language tag
    slug: Callable[[URIRef], str]
    # A statistic's value the sources give as a bound or an approximation -> its qualifier.
    qualified: dict[Node, URIRef] = field(default_factory=dict)

    def label(self, node: Node, lang: str = "zh") -> str:
        """A node as a reader wants it: a label in ``lang`` if it has one, else slug or value.

        A qualified value reads as the source states it (超过 70, more than 70), never as a
        bare figure a reader could quote as exact."""
        if isinstance(node, Literal):
            qualifier = self.qualified.get(node)
            return f"{self.label(qualifier, lang)} {node}" if qualifier is not None else str(node)
        return pick(self.names.get(node, {}), lang) or short_name(node, self.slug)

    @property
    def types(self) -> list[URIRef]:
        return [f.other for f in self.facts
                if f.direction == "out" and f.predicate == RDF_TYPE and isinstance(f.other, URIRef)]


def describe(select: Select, index: LabelIndex, iri: URIRef) -> Description:
    base = index.base
    rows = select(_facts_query(iri, base))
    facts: dict[tuple[str, Node, Node], Fact] = {}
    for row in rows:
        graph = str(row["graph"])
        origin = "inferred" if graph == base + "graph/inferred" else "derived" if graph == base + "graph/derived" else "claim"
        key = (str(row["direction"]), row["predicate"], row["other"])
        fact = facts.get(key)
        if fact is None or (fact.origin == "inferred" and origin != "inferred"):
            fact = facts[key] = Fact(key[0], row["predicate"], row["other"], origin, fact.evidence if fact else [])
        if origin == "claim":
            fact.evidence.append(Evidence(
                URIRef(row["graph"]), row["source"], _text(row["quote"]), _text(row["locator"]),
                _text(row["citation"]), bool(row["external"] and row["external"].toPython())))
    ordered = sorted(facts.values(),
                     key=lambda f: (f.direction != "out", f.predicate != RDF_TYPE, str(f.predicate), str(f.other)))
    for fact in ordered:
        fact.evidence.sort(key=lambda e: (str(e.source), e.locator or "", str(e.claim)))
    mentioned = {iri, *(f.predicate for f in ordered), *(f.other for f in ordered),
                 *(e.source for f in ordered for e in f.evidence if e.source is not None)}
    names = names_of(select, index, mentioned)
    return Description(iri, ordered, names, index.slug, _qualified_values(ordered))


def _qualified_values(facts: list[Fact]) -> dict[Node, URIRef]:
    """The value literal of a statistic whose sources qualify it, with that qualifier."""
    qualifiers = [f.other for f in facts if f.direction == "out" and f.predicate == VALUE_QUALIFIER
                  and isinstance(f.other, URIRef)]
    if not qualifiers:
        return {}
    return {f.other: qualifiers[0] for f in facts if f.direction == "out" and f.predicate == VALUE}


def _text(node: Node | None) -> str | None:
    return None if node is None else str(node)


def _facts_query(iri: URIRef, base: str) -> str:
    return f"""PREFIX prov: <{PROV}>
PREFIX dgo: <{DGO}>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?direction ?predicate ?other ?graph ?source ?quote ?locator ?citation ?external WHERE {{
  {{ GRAPH ?graph {{ <{iri}> ?predicate ?other }} BIND("out" AS ?direction) }}
  UNION
  {{ GRAPH ?graph {{ ?other ?predicate <{iri}> }} BIND("in" AS ?direction) }}
  FILTER(?graph NOT IN (<{base}graph/provenance>, <{base}graph/ontology>))
  OPTIONAL {{ GRAPH <{base}graph/provenance> {{
    ?graph prov:wasDerivedFrom ?source .
    OPTIONAL {{ ?graph dgo:quote ?quote }}
    OPTIONAL {{ ?graph dgo:locator ?locator }}
    OPTIONAL {{ ?graph dcterms:bibliographicCitation ?citation }}
    OPTIONAL {{ ?graph dgo:outsideCuratedSources ?external }}
  }} }}
}}"""
