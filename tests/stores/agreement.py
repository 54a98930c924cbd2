"""The library's questions as the agreement tests ask them, and rows compared as a store may
legitimately differ: as multisets (no order unless the question orders), language tags without
regard to case (BCP 47 tags are case-insensitive, and RDF 1.1 says so). Nothing else is
normalised: a number written differently (1.0 for 1.00) is a different literal."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ontology.rdfio import rdflib_term
from queries.terms import XSD_STRING

if TYPE_CHECKING:
    from queries import Library, RemoteEndpoint, Store
    from queries.results import Rows

TermKey = tuple[str, ...]
RowKey = tuple[TermKey, ...]


@dataclass(frozen=True)
class Case:
    """A question with parameters as a user gives them: the defaults the library documents
    (slugs), or each entity default by its Chinese label, which the store asked resolves."""

    question: str
    given: str  # "slug" or "label"

    @property
    def id(self) -> str:
        return f"{self.question}[{self.given}]"


def cases(library: Library) -> list[Case]:
    found = []
    for question in library:
        found.append(Case(question.name, "slug"))
        if any(p.cls and p.default for p in question.params):
            found.append(Case(question.name, "label"))
    return found


def params(case: Case, library: Library, local: Store) -> dict[str, str]:
    """The parameters of ``case``: none (the defaults apply), or each entity default's label."""
    if case.given == "slug":
        return {}
    labels = {}
    for param in library.get(case.question).params:
        if param.cls and param.default:
            iri = local.resolve(param.name, param.default, param.cls).term.value
            labels[param.name] = local.labels.names(iri)["zh-hans"]
    return labels


def term_key(term: Node | None) -> TermKey:
    """The embedded store's term (its lexical forms are Oxigraph's, which rdflib leaves alone)."""
    if term is None:
        return ("unbound",)
    if isinstance(term, Literal):
        return _literal(str(term), term.language, str(term.datatype) if term.datatype else None)
    if isinstance(term, BNode):
        return ("bnode",)  # labels are the store's own: only that a blank node is there compares
    return ("iri", str(term))


def json_term_key(term: dict[str, str] | None) -> TermKey:
    """A remote store's term exactly as it wrote it in SPARQL results JSON: read into rdflib,
    "1"^^xsd:boolean would become "true" and hide what the store changed."""
    if term is None:
        return ("unbound",)
    if term["type"] in ("literal", "typed-literal"):  # "typed-literal": the 2008 draft Virtuoso writes
        return _literal(term["value"], term.get("xml:lang"), term.get("datatype"))
    if term["type"] == "bnode":
        return ("bnode",)
    return ("iri", term["value"])


def _literal(value: str, lang: str | None, datatype: str | None) -> TermKey:
    return ("literal", value, (lang or "").lower(), "" if lang or datatype in (None, XSD_STRING) else str(datatype))


def multiset(rows: Rows) -> Counter[RowKey]:
    return Counter(tuple(term_key(row.get(var)) for var in rows.variables) for row in rows)


def remote_multiset(bindings: list[dict[str, dict[str, str]]], variables: tuple[str, ...]) -> Counter[RowKey]:
    return Counter(tuple(json_term_key(row.get(var)) for var in variables) for row in bindings)


def differences(want: Counter[RowKey], have: Counter[RowKey]) -> dict[str, list[RowKey]]:
    """Rows missing from ``have`` and rows it has too many of (each repeated as often as it differs)."""
    return {"missing": sorted((want - have).elements()), "extra": sorted((have - want).elements())}


# -- every quad, not only the questions' rows: what a store keeps of the graph ----------------------

QuadKey = tuple[TermKey, TermKey, TermKey, TermKey]
# Below any store's cap (Virtuoso's default is 10,000), which also bounds a sorted page, so
# graphs are fetched whole, several small ones at a time, and a larger one in parts (by the
# last hex digit of its subjects' MD5), rather than by ORDER BY and OFFSET.
BATCH = 8_000
PARTS = "0123456789abcdef"


def remote_quads(remote: RemoteEndpoint, namespaces: tuple[str, ...]) -> Counter[QuadKey]:
    """The quads of the build's named graphs in a remote store, each answer checked whole."""
    tests = " || ".join(f"STRSTARTS(STR(?g), {json.dumps(prefix)})" for prefix in namespaces)
    sizes = remote.bindings(f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({tests}) }} GROUP BY ?g")
    assert len(sizes) < BATCH
    found: Counter[QuadKey] = Counter()
    for batch, total in _batches([(row["g"]["value"], int(row["n"]["value"])) for row in sizes]):
        values = " ".join(f"<{graph}>" for graph in batch)
        if total <= BATCH:
            parts = [f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"]
        else:  # one graph; blank-node subjects (no STR) go with the first part
            parts = [
                f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} "
                f'FILTER({"isBlank(?s) || " if digit == "0" else ""}STRENDS(MD5(STR(?s)), "{digit}")) }}'
                for digit in PARTS
            ]
        rows = [row for query in parts for row in remote.bindings(query)]
        assert len(rows) == total, f"{remote.url} answered {len(rows)} of the {total} triples of {len(batch)} graphs"
        found.update(_quad(*(json_term_key(row[var]) for var in "gspo")) for row in rows)
    return found


def _batches(sizes: list[tuple[str, int]]) -> list[tuple[list[str], int]]:
    """Graphs in batches of at most BATCH triples (a larger graph alone), with each batch's total."""
    batches: list[tuple[list[str], int]] = []
    for graph, size in sizes:
        if batches and batches[-1][1] + size <= BATCH:
            batches[-1] = (batches[-1][0] + [graph], batches[-1][1] + size)
        else:
            batches.append(([graph], size))
    return batches


def local_quads(local: Store) -> Counter[QuadKey]:
    found: Counter[QuadKey] = Counter()
    for graph in local.named_graphs():
        name = URIRef(graph.value)
        found.update(
            _quad(*(term_key(term) for term in (name, rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object))))  # type: ignore[arg-type]
            for t in local.triples(graph)
        )
    return found


def _quad(g: TermKey, s: TermKey, p: TermKey, o: TermKey) -> QuadKey:
    return (g, s, p, o)
