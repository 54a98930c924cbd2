"""Getting the model: from the builder's in-memory graph, or from a built dist/.

`dgkg build` hands the views its KnowledgeGraph directly (no round trip through files);
`dgkg viz`, `dgkg analyze` and the server read dist/dgkg.trig, the artifact that carries
every claim's named graph and provenance. TriG is parsed with pyoxigraph (several times faster
than rdflib's parser) and its terms turned into rdflib terms, which the model compares with.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from graph_build import KnowledgeGraph
from ontology import rdfio
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
        for subject, predicate, obj in content:
            yield subject, predicate, obj, name


def _trig_quads(path: Path) -> list[Quad]:
    return rdfio.rdflib_quads(rdfio.parse(path, "trig"))
