"""What an export reads: the built dist/ (dgkg.trig, inferred.ttl), never a rebuild, as a sorted
list of quads with canonical blank nodes, the single input every writer serialises."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from ontology import DEFAULT_RESOURCE_BASE, PREFIXES
from publish.canonical import Quad, canonical_quads

TRIG = "dgkg.trig"
INFERRED = "inferred.ttl"


class DistMissing(FileNotFoundError):
    """dist/ has not been built (or not completely): the user should run `dgkg build`."""


@dataclass(frozen=True)
class GraphData:
    """The exported data: quads sorted by (graph, subject, predicate, object) in N-Triples form.

    ``graph`` is None for the default graph; the claim, ontology, provenance and derived graphs
    keep their names, and the inferred graph is there only when asked for."""

    quads: list[Quad]
    base: str
    prefixes: dict[str, str]

    def triples(self, facts_only: bool = True) -> list[tuple[Node, Node, Node]]:
        """The triples of a triple-only format: what dgkg.ttl holds (facts, derived facts,
        ontology; plus the inferred graph when loaded); the claims' provenance needs the named
        graphs and goes out only in TriG and N-Quads."""
        skip = {URIRef(self.base + "graph/provenance")} if facts_only else set()
        return sorted({(s, p, o) for s, p, o, g in self.quads if g not in skip}, key=sort_key)


def sort_key(row: tuple[Node | None, ...]) -> tuple[str, ...]:
    return tuple("" if term is None else term.n3() for term in row)


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
    dataset = Dataset()
    dataset.parse(trig, format="trig")
    base = resource_base(dist)
    rows: list[Quad] = []
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = g.identifier if isinstance(g, Graph) else g
        rows.append((s, p, o, None if name == dataset.default_graph.identifier else name))
    if inferred:
        path = dist / INFERRED
        if not path.is_file():
            raise DistMissing(f"{path} not found: run `dgkg build` first")
        graph = Graph().parse(path, format="turtle")
        rows.extend((s, p, o, URIRef(base + "graph/inferred")) for s, p, o in graph)
    prefixes = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    prefixes["dgr"] = base
    return GraphData(sorted(set(canonical_quads(rows)), key=lambda q: sort_key((q[3], q[0], q[1], q[2]))), base, prefixes)
