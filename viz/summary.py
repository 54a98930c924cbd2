"""Groups of entities, the first screen of a large graph: one node per community, opened on demand.

Past a few thousand nodes a drawing of every entity is a grey disc and the page is slow to
open; the explorer then starts from one node per group and opens a group in place when the
reader asks. Groups are Leiden communities (igraph, modularity; deterministic under
viz.layout's seed), communities too large to read are split again the same way, and entities in
very small or no communities are gathered by top class ("scattered concepts"), so the summary
has tens to a few hundred nodes at 50,000 entities.
"""

from __future__ import annotations

from dataclasses import dataclass

import igraph as ig
import networkx as nx

from viz.layout import seeded

SUMMARY_ABOVE = 3000  # entities: above this the explorer opens on the groups
MAX_GROUP = 1500  # a community larger than this is split again
MIN_GROUP = 5  # smaller communities are scattered by class


@dataclass(frozen=True)
class Group:
    lead: str  # the most central member, whose label names the group
    scattered: int | None  # top-class index when the group gathers scattered entities, else None


@dataclass(frozen=True)
class Grouping:
    groups: list[Group]
    of: dict[str, int]  # slug -> index into groups


def group(graph: nx.Graph, rank: dict[str, float], top_class: dict[str, int]) -> Grouping:
    """Groups of every node of `graph`, each led by its highest-ranked member."""
    communities = [c for c in _leiden(graph, sorted(graph)) if len(c) >= MIN_GROUP]
    grouped = {node for c in communities for node in c}
    scattered: dict[int, list[str]] = {}
    for node in sorted(graph):
        if node not in grouped:
            scattered.setdefault(top_class[node], []).append(node)
    order = sorted(communities, key=lambda c: (-len(c), min(c)))
    groups: list[Group] = []
    of: dict[str, int] = {}
    for members, cls in [(c, None) for c in order] + [(m, c) for c, m in sorted(scattered.items())]:
        lead = min(members, key=lambda n: (-rank.get(n, 0.0), n))
        for node in members:
            of[node] = len(groups)
        groups.append(Group(lead, cls))
    return Grouping(groups, of)


def _leiden(graph: nx.Graph, nodes: list[str]) -> list[list[str]]:
    index = {node: i for i, node in enumerate(nodes)}
    sub = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in graph.subgraph(nodes).edges() if u != v])
    with seeded():
        found = sub.community_leiden(objective_function="modularity", n_iterations=2)
    parts = [[nodes[i] for i in members] for members in found]
    if len(parts) == 1 and len(nodes) > MAX_GROUP:  # Leiden keeps it whole: cut it in pieces by order
        return [nodes[i : i + MAX_GROUP] for i in range(0, len(nodes), MAX_GROUP)]
    result: list[list[str]] = []
    for part in parts:
        result.extend(_leiden(graph, sorted(part)) if len(part) > MAX_GROUP else [part])
    return result
