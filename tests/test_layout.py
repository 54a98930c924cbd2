"""The explorer's precomputed picture (viz.layout): a group of entities that do not link to each
other stays as compact as a grid of them, however many there are, so that the groups' overview
of a large graph is not stretched across a space a thousand times its communities'."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from viz.layout import SPACING, Positions, clustered, spread


def radius(positions: Positions, nodes: list[str]) -> float:
    xs, ys = [positions[n][0] for n in nodes], [positions[n][1] for n in nodes]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return max(math.hypot(x - mx, y - my) for x, y in zip(xs, ys, strict=True))


@pytest.mark.parametrize("scattered", [40, 600])
def test_a_group_of_unlinked_entities_is_laid_out_as_compactly_as_a_grid(scattered: int) -> None:
    """The groups of a large graph's overview include one per class of the entities in no
    community; laid out as one graph, hundreds of nodes with no link to hold them flew apart (568
    of them spanned 1.7 million canvas units at 100k triples, beside communities of a few
    hundred), and the overview showed every community in one spot."""
    graph = nx.Graph()
    ring = [f"ring-{i:03d}" for i in range(60)]
    graph.add_edges_from(zip(ring, ring[1:] + ring[:1], strict=True))
    loose = [f"loose-{i:03d}" for i in range(scattered)]
    graph.add_nodes_from(loose)
    graph.add_edge(loose[0], loose[1])  # a pair among them: a scattered group holds small communities too
    positions = clustered(graph, {node: 0 if node.startswith("ring") else 1 for node in graph})
    assert radius(positions, loose) <= SPACING * math.sqrt(scattered)
    # the two groups, which no link ties, side by side: the picture a few times their own size
    xs, ys = [x for x, _ in positions.values()], [y for _, y in positions.values()]
    own = radius(positions, loose) + radius(positions, ring) + SPACING
    assert max(xs) - min(xs) <= 6 * own and max(ys) - min(ys) <= 6 * own


def test_unlinked_entities_of_a_whole_graph_are_packed_in_a_block_not_a_row() -> None:
    graph = nx.Graph()
    graph.add_nodes_from(f"loose-{i:03d}" for i in range(400))
    positions = spread(graph)
    xs, ys = [x for x, _ in positions.values()], [y for _, y in positions.values()]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    assert width <= 2 * SPACING * math.sqrt(400) and height <= 2 * SPACING * math.sqrt(400)


def test_a_large_group_among_many_small_ones_stays_beside_them() -> None:
    """Discs that overlap are pushed apart; a large one (thousands of scattered entities) among
    hundreds of small communities was pushed by every one of them at once, and flung ten times
    the communities' own spread away (at a million triples), leaving them a speck."""
    graph = nx.Graph()
    community: dict[str, int] = {}
    for c in range(120):
        ring = [f"c{c:03d}-{i}" for i in range(6)]
        graph.add_edges_from(zip(ring, ring[1:] + ring[:1], strict=True))
        if c:
            graph.add_edge(f"c{c - 1:03d}-0", ring[0])
        community |= dict.fromkeys(ring, c)
    loose = [f"loose-{i:04d}" for i in range(1500)]
    graph.add_nodes_from(loose)
    graph.add_edges_from((loose[i], f"c{i % 120:03d}-1") for i in range(0, 1500, 3))  # some link to the communities
    community |= dict.fromkeys(loose, 999)
    positions = clustered(graph, community)
    rings = [node for node in graph if not node.startswith("loose")]
    xs, ys = [positions[n][0] for n in rings], [positions[n][1] for n in rings]
    cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
    spread_of_rings = max(max(xs) - min(xs), max(ys) - min(ys))
    lx = sum(positions[n][0] for n in loose) / len(loose)
    ly = sum(positions[n][1] for n in loose) / len(loose)
    assert math.hypot(lx - cx, ly - cy) <= radius(positions, loose) + spread_of_rings
