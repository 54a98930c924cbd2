"""RDF terms across the two libraries: Oxigraph answers queries, rdflib is what Python callers hold.

The embedded store's rows carry Oxigraph's terms, and what writes them out (the results formats,
the command line's tables) reads them as they are; ``Target.select`` hands Python callers rdflib
terms (``URIRef``, ``Literal``, ``BNode``), what the rest of dgkg builds with, and
``Literal.toPython()`` gives plain values. Everything here reads either library's terms through
:func:`parts` and imports no rdflib: a term of rdflib's exists only once its caller has imported
it, and `dgkg query`, which writes the engine's terms, never does (importing rdflib was most of
its start-up).
"""

from __future__ import annotations

import sys
from typing import Any, NamedTuple

import pyoxigraph as ox

from ontology import conventional_case

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
Term = Any  # a pyoxigraph or rdflib term, or None when unbound


class TermParts(NamedTuple):
    """A term as the SPARQL results formats see it."""

    kind: str  # "uri" | "bnode" | "literal"
    value: str
    lang: str | None = None
    datatype: str | None = None  # None for simple and language-tagged literals


def parts(term: object) -> TermParts:
    """The kind, lexical value, language and datatype of a pyoxigraph or rdflib term."""
    if isinstance(term, ox.NamedNode):
        return TermParts("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return TermParts("bnode", term.value)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if term.language:
            return TermParts("literal", term.value, conventional_case(term.language), None)
        return TermParts("literal", term.value, None, None if datatype == XSD_STRING else datatype)
    rdflib = sys.modules.get("rdflib.term")  # loaded if the caller has made a term of rdflib's
    if rdflib is not None:
        if isinstance(term, rdflib.URIRef):
            return TermParts("uri", str(term))
        if isinstance(term, rdflib.BNode):
            return TermParts("bnode", str(term))
        if isinstance(term, rdflib.Literal):
            typed = str(term.datatype) if term.datatype else None
            return TermParts("literal", str(term), term.language, None if typed == XSD_STRING else typed)
    raise TypeError(f"not an RDF term: {term!r}")


def is_term(value: object) -> bool:
    """Whether ``value`` is an RDF term of either library rather than text naming one (rdflib's
    IRIs and literals are strings too)."""
    if isinstance(value, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return True
    rdflib = sys.modules.get("rdflib.term")
    return rdflib is not None and isinstance(value, rdflib.Node)


def iri_of(term: object) -> str | None:
    """The IRI of a term that is one, of either library; None for any other term."""
    found = parts(term)
    return found.value if found.kind == "uri" else None


def ntriples_term(p: TermParts) -> str:
    """The term in N-Triples syntax, which SPARQL and Turtle read as the same term."""
    if p.kind == "uri":
        return f"<{p.value}>"
    if p.kind == "bnode":
        return f"_:{p.value}"
    text = p.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    suffix = f"@{p.lang}" if p.lang else (f"^^<{p.datatype}>" if p.datatype else "")
    return f'"{text}"{suffix}'


def sparql_term(term: object) -> str:
    """The term as SPARQL source text, for VALUES clauses."""
    found = parts(term)
    if found.kind == "bnode":
        raise TypeError(f"cannot bind {term!r} in a query")
    return ntriples_term(found)
