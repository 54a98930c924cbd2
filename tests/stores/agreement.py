"""The library's questions as the agreement tests ask them, and rows compared as a store may
legitimately differ: as multisets (no order unless the question orders), language tags without
regard to case (BCP 47 tags are case-insensitive, and RDF 1.1 says so). Nothing else is
normalised: a number written differently (1.0 for 1.00) is a different literal."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

if TYPE_CHECKING:
    from queries import Library, Store
    from queries.results import Rows

TermKey = tuple[str, ...]
RowKey = tuple[TermKey, ...]


@dataclass(frozen=True)
class Case:
    """A question with parameters as a user gives them: the defaults the library documents
    (slugs), or each entity default by its Chinese label (resolved by the store asked)."""

    question: str
    given: str  # "slug" or "label"
    params: tuple[tuple[str, str], ...] = ()

    @property
    def id(self) -> str:
        return f"{self.question}[{self.given}]"


def cases(library: Library, local: Store) -> list[Case]:
    found = []
    for question in library:
        found.append(Case(question.name, "slug"))
        entities = [p for p in question.params if p.cls and p.default]
        if entities:
            labels = []
            for param in entities:
                iri = local.resolve(param.name, param.default or "", param.cls).term
                labels.append((param.name, local.labels.names(URIRef(iri))["zh-hans"]))
            found.append(Case(question.name, "label", tuple(labels)))
    return found


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
