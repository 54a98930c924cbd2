"""Getting the model: from the builder's in-memory graph, or from a built dist/.

`dgkg build` hands the views its KnowledgeGraph directly (no round trip through files);
`dgkg viz`, `dgkg analyze` and the server read dist/dgkg.trig, the artifact that carries
every claim's named graph and provenance. TriG is parsed with pyoxigraph (several times faster
than rdflib's parser) and its terms turned into rdflib terms, which the model compares with.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
from rdflib import BNode, Literal, URIRef

from graph_build import KnowledgeGraph
from viz.model import ExplorerModel, Quad

TRIG = "dgkg.trig"


def model_from_knowledge_graph(graph: KnowledgeGraph) -> ExplorerModel:
    return ExplorerModel.from_quads(_knowledge_graph_quads(graph))


def load_model(dist: Path) -> ExplorerModel:
    """The model of a built graph; a clear error when dist/ has not been built."""
    path = dist / TRIG
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: run `dgkg build` first")
    return ExplorerModel.from_quads(_trig_quads(path))


def _knowledge_graph_quads(graph: KnowledgeGraph) -> Iterator[Quad]:
    for claim in graph.claims:
        for s, p, o in claim.triples:
            yield s, p, o, claim.iri
    for name, content in ((graph.names.provenance, graph.provenance()), (graph.names.ontology, graph.ontology)):
        for s, p, o in content:
            yield s, p, o, name


def _trig_quads(path: Path) -> Iterator[Quad]:
    for quad in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TRIG):
        graph = quad.graph_name
        yield (
            _term(quad.subject),
            _term(quad.predicate),
            _term(quad.object),
            None if isinstance(graph, pyoxigraph.DefaultGraph) else _term(graph),
        )


def _term(term: object) -> URIRef | Literal | BNode:
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return BNode(term.value)  # OWL restrictions and lists in the ontology: never an entity
