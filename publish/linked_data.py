"""What a resource IRI answers with: its description as RDF, in every format content negotiation
offers, the same bytes whether `dgkg serve` renders it on request or `dgkg export --site` writes it.

A resource's description is one SPARQL SELECT (:func:`description_query`) over the asserted graphs
(the inferred graph is left out, as in the exports):

* every triple with the resource as subject (its declaration, its claims, derived facts);
* every triple with it as object (incoming links), with the labels of the linking resources and of
  the resources it links to, so a client can show names without a second request;
* the provenance of each claim involved (source, quote, locator, curation record).

The rows are quads (``?g`` unbound for the default graph). TriG and N-Quads keep them as named
graphs: each claim is its own graph, and the provenance graph says where it comes from. Turtle,
N-Triples and JSON-LD cannot name graphs, so a claimed triple is also given there as an
``rdf:Statement`` (a blank node: one claim may hold several triples, so the claim IRI itself cannot
be the statement) that is ``dcterms:isPartOf`` the claim, and the claim's provenance follows as
plain triples about the claim IRI. Only standard terms, no new identifiers, and a triple-only
client still reads every fact directly (the reification is added, never replaces the triple).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, URIRef
from rdflib.namespace import DCTERMS, RDF
from rdflib.term import Node

from ontology import formats, rdfio

LABELS = ("<http://www.w3.org/2000/01/rdf-schema#label>", "<http://www.w3.org/2004/02/skos/core#prefLabel>")
Quad = tuple[Node, Node, Node, Node | None]

# Offered by content negotiation, in the server's order of preference after the client's q-values.
RDF_FORMATS: dict[str, formats.Format] = {
    name: formats.FORMATS[name] for name in ("turtle", "jsonld", "ntriples", "trig", "nquads", "rdfxml")
}
BY_EXTENSION = {f.extension: f for f in RDF_FORMATS.values()}
SITE_EXTENSIONS = tuple(fmt.extension for fmt in formats.SITE_FORMATS)  # what the static site writes next to slug.html


def _asserted(pattern: str, inferred: str) -> str:
    """``pattern`` matched in a named graph bound to ?g (never the inferred one), or in the default
    graph alone (?g unbound). The store queries the union of graphs by default; a triple found
    there but in no named graph is a default-graph triple."""
    return (
        f"{{ GRAPH ?g {{ {pattern} }} FILTER(?g != <{inferred}>) }} UNION "
        f"{{ {pattern} FILTER NOT EXISTS {{ GRAPH ?h {{ {pattern} }} }} }}"
    )


def description_query(iri: str, base: str) -> str:
    """SELECT ?s ?p ?o ?g: the quads of the description of ``iri`` (see the module docstring)."""
    r = f"<{iri}>"
    inferred = base + "graph/inferred"
    provenance = base + "graph/provenance"
    labels = ", ".join(LABELS)
    return f"""SELECT DISTINCT ?s ?p ?o ?g WHERE {{
  {{ BIND({r} AS ?s) {_asserted(f"{r} ?p ?o", inferred)} }}
  UNION {{ BIND({r} AS ?o) {_asserted(f"?s ?p {r}", inferred)} }}
  UNION {{ {{ SELECT DISTINCT ?s WHERE {{ {{ ?s ?x {r} }} UNION {{ {r} ?x ?s FILTER(isIRI(?s)) }} }} }}
          {_asserted("?s ?p ?o", inferred)} FILTER(?p IN ({labels})) }}
  UNION {{ GRAPH ?s {{ {r} ?x ?y }} GRAPH ?g {{ ?s ?p ?o }} FILTER(?g = <{provenance}>) }}
}}"""


def description_quads(rows: Iterable[Mapping[str, Node | None]]) -> list[Quad]:
    """The SELECT's rows as distinct quads (the writer canonicalises and sorts them)."""
    quads: dict[Quad, None] = {}
    for row in rows:
        s, p, o = row["s"], row["p"], row["o"]
        assert s is not None and p is not None and o is not None  # bound in every solution of description_query
        quads[s, p, o, row.get("g")] = None
    return list(quads)


def description_triples(quads: list[Quad], base: str) -> list[tuple[Node, Node, Node]]:
    """The triple-only form: every triple, plus each claimed triple reified and tied to its claim."""
    provenance = URIRef(base + "graph/provenance")
    described = {s for s, _, _, g in quads if g == provenance}  # the claims whose provenance is given
    triples = dict.fromkeys((s, p, o) for s, p, o, _ in quads)
    for s, p, o, g in quads:
        if g in described:
            statement = BNode("s" + hashlib.sha256(f"{s.n3()} {p.n3()} {o.n3()} {g.n3()}".encode()).hexdigest()[:16])
            triples.update(
                dict.fromkeys(
                    [
                        (statement, RDF.type, RDF.Statement),
                        (statement, RDF.subject, s),
                        (statement, RDF.predicate, p),
                        (statement, RDF.object, o),
                        (statement, DCTERMS.isPartOf, g),
                    ]
                )
            )
    return list(triples)


def published_context(dist: Path) -> dict[str, Any]:
    return json.loads((dist / "context.jsonld").read_text(encoding="utf-8"))["@context"]


def render(
    quads: list[Quad], format_name: str, base: str, prefixes: dict[str, str], context: dict[str, Any] | None = None
) -> str:
    """The description in one of :data:`RDF_FORMATS`; ``context`` is the published JSON-LD context."""
    fmt = RDF_FORMATS[format_name]
    if fmt.name == "jsonld" and context is None:
        raise ValueError("JSON-LD needs the published context (published_context(dist))")
    statements = rdfio.from_rdflib(quads if fmt.named_graphs else description_triples(quads, base))
    return rdfio.serialize(statements, fmt, prefixes, context).decode("utf-8")


def ontology_document(dist: Path, ext: str, base: str, prefixes: dict[str, str]) -> bytes:
    """The ontology (dist/ontology.ttl) in the format of ``ext`` (nt, jsonld), canonical and sorted."""
    try:
        ontology: list[ox.Quad] = rdfio.parse(dist / "ontology.ttl", "turtle")
    except SyntaxError as error:
        raise formats.DumpUnreadable.parsing(error) from None
    return rdfio.serialize(ontology, formats.format_named(ext), prefixes, published_context(dist))
