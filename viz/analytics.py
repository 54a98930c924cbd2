"""Network measures over the entity graph: centrality, communities and explained paths.

Edges are the facts that link two entities. Measures run on the undirected simple graph: the
direction of a link says how the curator phrased it (a platform is *operated by* a bureau; a
project is a *member of* a group), not which end matters more. Node size in the explorer is
PageRank on that graph; `dgkg analyze` also prints betweenness (who sits on the paths between
others) and degree (who has the most direct links).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import networkx as nx

from model import Fact, ReadModel

SEED = 1  # Louvain is randomised; a fixed seed makes `dgkg analyze` and the explorer stable


def entity_graph(model: ReadModel) -> nx.Graph:
    # nodes and edges in sorted order: Louvain and the layout depend on the order they are given,
    # and the model's order follows the store's, so two builds would otherwise differ
    graph = nx.Graph()
    graph.add_nodes_from(sorted(model.entities))
    graph.add_edges_from(sorted({(f.subject, f.target) for f in model.links if f.target and f.subject != f.target}))
    return graph


@dataclass(frozen=True)
class Step:
    """One edge of a path, named by the fact behind it and read in the path's direction."""

    source: str
    target: str
    fact: Fact

    @property
    def forward(self) -> bool:
        return self.fact.subject == self.source


class Analysis:
    def __init__(self, model: ReadModel) -> None:
        self.model = model
        self.graph = entity_graph(model)

    @cached_property
    def pagerank(self) -> dict[str, float]:
        return nx.pagerank(self.graph) if self.graph.number_of_edges() else {n: 1 / max(len(self.graph), 1) for n in self.graph}

    @cached_property
    def betweenness(self) -> dict[str, float]:
        return nx.betweenness_centrality(self.graph)

    @cached_property
    def degree(self) -> dict[str, int]:
        return dict(self.graph.degree())

    def top(self, measure: dict[str, float], n: int) -> list[tuple[str, float]]:
        return sorted(measure.items(), key=lambda item: (-item[1], item[0]))[:n]

    @cached_property
    def communities(self) -> list[list[str]]:
        """Louvain communities of the linked entities, largest first, members most central first."""
        # a copy in the graph's (sorted) order: a subgraph view iterates a set, and Louvain's result
        # depends on the order it meets the nodes in
        linked = nx.Graph()
        linked.add_nodes_from(n for n in self.graph if self.graph.degree(n))
        linked.add_edges_from(self.graph.edges())
        found = nx.community.louvain_communities(linked, seed=SEED) if len(linked) else []
        ranked = [sorted(c, key=lambda n: (-self.pagerank[n], n)) for c in found]
        return sorted(ranked, key=lambda c: (-len(c), c[0]))

    @cached_property
    def modularity(self) -> float:
        linked = self.graph.subgraph([n for n in self.graph if self.graph.degree(n)])
        return nx.community.modularity(linked, self.communities) if self.communities else 0.0

    def path(self, start: str, end: str) -> list[Step]:
        """A shortest chain of facts from one entity to another (links followed either way).

        Of several shortest chains, the one a breadth-first search finds taking neighbours in slug
        order: a rule simple enough that the explorer's page finds the same chain
        (viz/static/explorer.js, pathBetween)."""
        parents = dict(nx.bfs_predecessors(self.graph, start, sort_neighbors=sorted))
        if end != start and end not in parents:
            raise LookupError(f"no chain of facts links '{start}' and '{end}'")
        nodes = [end]
        while nodes[-1] != start:
            nodes.append(parents[nodes[-1]])
        nodes.reverse()
        return [Step(a, b, self._fact_between(a, b)) for a, b in zip(nodes, nodes[1:], strict=False)]

    def _fact_between(self, a: str, b: str) -> Fact:
        forward = [f for f in self.model.facts_about.get(a, []) if f.target == b]
        backward = [f for f in self.model.facts_about.get(b, []) if f.target == a]
        return sorted(forward, key=lambda f: f.predicate)[0] if forward else sorted(backward, key=lambda f: f.predicate)[0]
