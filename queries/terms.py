"""RDF terms across the two libraries: Oxigraph answers queries, rdflib is what callers hold.

Rows handed to Python callers carry rdflib terms (``URIRef``, ``Literal``, ``BNode``): they are
what the rest of dgkg builds with, and ``Literal.toPython()`` gives plain values. Serialisers
work on either library's terms through :func:`parts`, so the endpoint never converts.
"""

from __future__ import annotations

from typing import NamedTuple

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

XSD_STRING = str(XSD.string)


class TermParts(NamedTuple):
    """A term as the SPARQL results formats see it."""

    kind: str  # "uri" | "bnode" | "literal"
    value: str
    lang: str | None = None
    datatype: str | None = None  # None for simple and language-tagged literals


def conventional_case(tag: str) -> str:
    """Oxigraph lower-cases language tags; the sources write them in BCP 47's conventional case
    (``zh-Hans``), as the exports keep them: script subtags title-cased, regions upper-cased."""
    first, *rest = tag.split("-")
    return "-".join([first.lower(), *(p.title() if len(p) == 4 else p.upper() if len(p) == 2 else p.lower() for p in rest)])


def parts(term: object) -> TermParts:
    """The kind, lexical value, language and datatype of a pyoxigraph or rdflib term."""
    if isinstance(term, (ox.NamedNode, URIRef)):
        return TermParts("uri", str(term.value) if isinstance(term, ox.NamedNode) else str(term))
    if isinstance(term, ox.BlankNode):
        return TermParts("bnode", term.value)
    if isinstance(term, BNode):
        return TermParts("bnode", str(term))
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if term.language:
            return TermParts("literal", term.value, conventional_case(term.language), None)
        return TermParts("literal", term.value, None, None if datatype == XSD_STRING else datatype)
    if isinstance(term, Literal):
        typed = str(term.datatype) if term.datatype else None
        return TermParts("literal", str(term), term.language, None if typed == XSD_STRING else typed)
    raise TypeError(f"not an RDF term: {term!r}")


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Node | None:
    """The rdflib term for a pyoxigraph term; xsd:string literals become plain literals."""
    if term is None:
        return None
    return from_parts(parts(term))


def from_parts(p: TermParts) -> Node:
    if p.kind == "uri":
        return URIRef(p.value)
    if p.kind == "bnode":
        return BNode(p.value)
    return Literal(p.value, lang=p.lang, datatype=URIRef(p.datatype) if p.datatype else None)


def sparql_term(term: Node) -> str:
    """The term as SPARQL source text, for VALUES clauses."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    raise TypeError(f"cannot bind {term!r} in a query")
