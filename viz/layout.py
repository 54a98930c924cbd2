"""Node positions computed in Python, so the browser draws a finished picture at once.

vis-network's own physics re-runs the force simulation in every reader's browser, on every
load, and on a few thousand nodes takes minutes to settle (a known pyvis trap). A seeded
force layout computed at build time (viz.forces) gives the same picture every build and lets
the page start with physics off; benchmarks/viz_bench.py measures the difference.

Each connected component is laid out on its own and the components are then packed in rows,
largest first: a single force layout of a disconnected graph flings the small components to
the edges and squeezes the large one into the middle.
"""
from __future__ import annotations

import math

import networkx as nx

from viz.forces import force_layout

UNIT = 110  # canvas units per ideal edge length of the force layout: room for labels and big nodes
SPACING = 150  # canvas units between packed components, about a label's width


Positions = dict[str, tuple[float, float]]


def spread(graph: nx.Graph, centre: str | None = None) -> Positions:
    """Positions in canvas units; with `centre`, that node is pinned in the middle."""
    if centre is not None:
        return _component(graph, centre)
    parts = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    return _pack([_component(graph.subgraph(part)) for part in parts])


def _component(graph: nx.Graph, centre: str | None = None) -> Positions:
    raw = force_layout(graph, centre=centre)
    return {node: (round(float(x) * UNIT, 1), round(float(y) * UNIT, 1)) for node, (x, y) in raw.items()}


def _pack(parts: list[Positions]) -> Positions:
    """Shelf packing: components left to right in rows about as wide as the largest one."""
    boxes = [_bounds(part) for part in parts]
    row_width = max([boxes[0][2] - boxes[0][0], math.sqrt(sum((b[2] - b[0] + SPACING) * (b[3] - b[1] + SPACING)
                                                              for b in boxes))]) if boxes else 0
    placed: Positions = {}
    x = y = row_height = 0.0
    for part, (left, top, right, bottom) in zip(parts, boxes):
        width, height = right - left + SPACING, bottom - top + SPACING
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in part.items():
            placed[node] = (round(px - left + x, 1), round(py - top + y, 1))
        x += width
        row_height = max(row_height, height)
    return placed


def _bounds(part: Positions) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in part.values()], [p[1] for p in part.values()]
    return min(xs), min(ys), max(xs), max(ys)


def ellipse(centre: str, around: list[str], rx: float, ry: float) -> Positions:
    """The centre in the middle and its neighbours evenly on an ellipse: the entity pages' picture."""
    positions = {centre: (0.0, 0.0)}
    for index, node in enumerate(around):
        angle = 2 * math.pi * index / max(len(around), 1) - math.pi / 2
        positions[node] = (round(rx * math.cos(angle), 1), round(ry * math.sin(angle), 1))
    return positions
