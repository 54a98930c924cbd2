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

from ontology import rdfio

XSD_STRING = str(XSD.string)


class TermParts(NamedTuple):
    """A term as the SPARQL results formats see it."""

    kind: str  # "uri" | "bnode" | "literal"
    value: str
    lang: str | None = None
    datatype: str | None = None  # None for simple and language-tagged literals


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
            return TermParts("literal", term.value, rdfio.conventional_case(term.language), None)
        return TermParts("literal", term.value, None, None if datatype == XSD_STRING else datatype)
    if isinstance(term, Literal):
        typed = str(term.datatype) if term.datatype else None
        return TermParts("literal", str(term), term.language, None if typed == XSD_STRING else typed)
    raise TypeError(f"not an RDF term: {term!r}")


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
