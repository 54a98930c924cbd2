"""What an export reads: the built dist/ (dgkg.trig, inferred.ttl), never a rebuild, as the quads
every writer serialises (ontology.rdfio canonicalises and sorts them on the way out)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ontology import DEFAULT_RESOURCE_BASE, rdfio

TRIG = "dgkg.trig"
INFERRED = "inferred.ttl"


class DistMissing(FileNotFoundError):
    """dist/ has not been built (or not completely): the user should run `dgkg build`."""


@dataclass(frozen=True)
class GraphData:
    """The exported data as pyoxigraph quads, as dgkg.trig holds them.

    The claim, ontology, provenance and derived graphs keep their names, and the inferred graph
    is there only when asked for."""

    quads: list[ox.Quad]
    base: str
    prefixes: dict[str, str]

    def triples(self) -> list[ox.Quad]:
        """What a triple-only format holds: what dgkg.ttl holds (facts, derived facts, ontology;
        plus the inferred graph when loaded); the claims' provenance needs the named graphs and
        goes out only in TriG and N-Quads."""
        provenance = ox.NamedNode(self.base + "graph/provenance")
        return [q for q in self.quads if q.graph_name != provenance]


def resource_base(dist: Path) -> str:
    """The resource base the build used (dgkg build --base), read from its namespace bindings."""
    for line in (dist / TRIG).open(encoding="utf-8"):
        if line.startswith("@prefix dgr: <"):
            return line.split("<", 1)[1].split(">", 1)[0]
        if not line.startswith("@prefix"):
            break
    return DEFAULT_RESOURCE_BASE


def load(dist: Path, inferred: bool = False) -> GraphData:
    trig = dist / TRIG
    if not trig.is_file():
        raise DistMissing(f"{trig} not found: run `dgkg build` first (or pass --dist to a built dist/)")
    quads = rdfio.parse(trig, "trig")
    base = resource_base(dist)
    if inferred:
        path = dist / INFERRED
        if not path.is_file():
            raise DistMissing(f"{path} not found: run `dgkg build` first")
        graph = ox.NamedNode(base + "graph/inferred")
        quads.extend(ox.Quad(q.subject, q.predicate, q.object, graph) for q in rdfio.parse(path, "turtle"))
    return GraphData(quads, base, rdfio.prefixes_for(base))
