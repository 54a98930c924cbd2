"""The library's questions as the agreement tests ask them, and rows compared as a store may
legitimately differ: as multisets (no order unless the question orders), language tags without
regard to case (BCP 47 tags are case-insensitive, and RDF 1.1 says so). Nothing else is
normalised: a number written differently (1.0 for 1.00) is a different literal."""

from __future__ import annotations

import itertools
import json
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from queries.terms import to_rdflib

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
            iri = local.resolve(param.name, param.default, param.cls).term
            labels[param.name] = local.labels.names(URIRef(iri))["zh-hans"]
    return labels


def term_key(term: Node | None) -> TermKey:
    if term is None:
        return ("unbound",)
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype else ""
        return ("literal", str(term), (term.language or "").lower(), datatype)
    if isinstance(term, BNode):
        return ("bnode",)  # labels are the store's own: only that a blank node is there compares
    return ("iri", str(term))


def multiset(rows: Rows) -> Counter[RowKey]:
    return Counter(tuple(term_key(row.get(var)) for var in rows.variables) for row in rows)


def differences(expected: Rows, got: Rows) -> dict[str, list[RowKey]]:
    """Rows missing from ``got`` and rows it has too many of (each repeated as often as it differs)."""
    want, have = multiset(expected), multiset(got)
    return {"missing": sorted((want - have).elements()), "extra": sorted((have - want).elements())}


# -- every quad, not only the questions' rows: what a store keeps of the graph ----------------------

QuadKey = tuple[TermKey, TermKey, TermKey, TermKey]
PAGE = 5_000  # below any store's cap (Virtuoso's default is 10,000), so no page is ever cut


def remote_quads(remote: RemoteEndpoint, namespaces: tuple[str, ...]) -> Counter[QuadKey]:
    """The quads of the build's named graphs in a remote store, page by page."""
    tests = " || ".join(f"STRSTARTS(STR(?g), {json.dumps(prefix)})" for prefix in namespaces)
    found: Counter[QuadKey] = Counter()
    for offset in itertools.count(0, PAGE):
        query = f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({tests}) }} ORDER BY ?g ?s ?p ?o LIMIT {PAGE} OFFSET {offset}"
        rows = remote.select(query)
        assert not rows.truncated, f"{remote.url} cut a page of {PAGE} rows"
        found.update(_quad(row["g"], row["s"], row["p"], row["o"]) for row in rows)
        if len(rows) < PAGE:
            return found
    raise AssertionError("unreachable")


def local_quads(local: Store) -> Counter[QuadKey]:
    found: Counter[QuadKey] = Counter()
    for graph in local.named_graphs():
        name = URIRef(graph.value)
        found.update(_quad(name, to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in local.triples(graph))
    return found


def _quad(*terms: Node | None) -> QuadKey:
    g, s, p, o = (term_key(term) for term in terms)
    return (g, s, p, o)
