"""Node positions computed in Python, so the browser draws a finished picture at once.

vis-network's physics, and any force simulation run in the reader's browser, re-runs on every
load and takes minutes to settle on a few thousand nodes; a seeded layout computed at build
time gives the same picture every build. The layout is igraph's Fruchterman-Reingold with its
grid (repulsion only between nearby nodes): on the real graph 16x faster than the hand-written
grid variant it replaced, and 5 s at 50,000 nodes where that one would take minutes
(benchmarks/viz_bench.py).

Each connected component is laid out on its own and the components are then packed in rows,
largest first: a single layout of a disconnected graph flings the small components to the
edges and squeezes the large one into the middle. Large graphs are laid out community by
community (`clustered`): the explorer opens them as one node per community, and a community
opened in place should show its members around where its node was.

A part's layout is seeded afresh, so it is a function of the part's nodes and links alone: an
incremental build takes each part that kept its links from the last build (`KnownLayouts`),
and lays out only the others (at a million triples, 9 s of a rebuild after a changed text).
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np

from viz.memo import Memo, code_key

SEED = 42
UNIT = 70  # canvas units per median link
GAP = 30  # canvas units at least between two nodes: a hub's leaves would otherwise sit on each other
SPACING = 150  # canvas units between packed components, about a label's width

Positions = dict[str, tuple[float, float]]


class KnownLayouts:
    """The parts' layouts the last build kept (`memo`), by a digest of each part's nodes and
    links, and those of this build, kept for the next one by `record`."""

    SECTION = "layouts"

    def __init__(self, memo: Memo) -> None:
        self.memo = memo
        self.recorded: dict[str, Any] = memo.section(self.SECTION, code_key()) or {}
        self.made: dict[str, list[list[float]]] = {}

    def get(self, key: str, count: int) -> list[list[float]] | None:
        """The positions laid out for the part named ``key`` (``count`` nodes), if it was laid out."""
        known = self.recorded.get(key)
        if not (isinstance(known, list) and len(known) == count and all(_is_point(p) for p in known)):
            return None
        self.made[key] = known
        return known

    def add(self, key: str, coords: list[list[float]]) -> None:
        self.made[key] = coords

    def record(self) -> None:
        self.memo.keep_section(self.SECTION, code_key(), self.made)


def _is_point(value: object) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(isinstance(v, float) for v in value)


@contextmanager
def seeded() -> Iterator[None]:
    """igraph draws from Python's `random` module; a private seeded generator makes builds repeatable."""
    ig.set_random_number_generator(random.Random(SEED))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def spread(graph: nx.Graph, centre: str | None = None, known: KnownLayouts | None = None) -> Positions:
    """Positions in canvas units; with `centre`, that node is in the middle."""
    if centre is not None:
        placed = _component(graph, known=known)
        cx, cy = placed.get(centre, (0.0, 0.0))
        return {node: (round(x - cx, 1), round(y - cy, 1)) for node, (x, y) in placed.items()}
    return _components(graph, known=known)


def clustered(graph: nx.Graph, community: dict[str, int], known: KnownLayouts | None = None) -> Positions:
    """Each community laid out on its own, the communities then placed by how they link, apart."""
    members: dict[int, list[str]] = {}
    for node in sorted(graph):
        members.setdefault(community[node], []).append(node)
    # a group's inside is seen only once opened: the grid variant from a few hundred nodes keeps 50k under 20 s
    inner = {c: _components(graph.subgraph(nodes), grid_above=300, known=known) for c, nodes in members.items()}
    radius = {c: _radius(part) for c, part in inner.items()}
    weights: dict[tuple[int, int], int] = {}
    for u, v in graph.edges():
        a, b = sorted((community[u], community[v]))
        if a != b:
            weights[(a, b)] = weights.get((a, b), 0) + 1
    centres = _community_centres(sorted(members), dict(sorted(weights.items())), radius)
    placed: Positions = {}
    for c, part in inner.items():
        mx, my = _middle(part)
        for node, (x, y) in part.items():
            placed[node] = (round(x - mx + centres[c][0], 1), round(y - my + centres[c][1], 1))
    return placed


def _components(graph: nx.Graph, grid_above: int = 1000, known: KnownLayouts | None = None) -> Positions:
    """Each connected component laid out on its own, then packed (a group of scattered entities is
    many small components: laid out as one, with nothing to hold them together, they fly apart)."""
    parts = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    return _pack([_component(graph.subgraph(part), grid_above=grid_above, known=known) for part in parts])


def _component(graph: nx.Graph, grid_above: int = 1000, known: KnownLayouts | None = None) -> Positions:
    """One component's layout; above `grid_above` nodes igraph's grid (nearby repulsion only) does it."""
    nodes = sorted(graph)
    n = len(nodes)
    if n < 3:  # nothing to untangle: a row
        return {node: (i * 2.0 * UNIT, 0.0) for i, node in enumerate(nodes)}
    index = {node: i for i, node in enumerate(nodes)}
    # edges sorted: a subgraph view lists them in the order of a set of node names, which changes
    # from run to run, and the layout follows the order it is given
    edges = sorted({(min(index[u], index[v]), max(index[u], index[v])) for u, v in graph.edges() if u != v})
    key = hashlib.sha256(repr((grid_above, nodes, edges)).encode("utf-8")).hexdigest()
    coords = known.get(key, n) if known is not None else None
    if coords is None:
        coords = _laid_out(ig.Graph(n=n, edges=edges), grid=n > grid_above)
        if known is not None:
            known.add(key, coords)
    return {node: (x, y) for node, (x, y) in zip(nodes, coords, strict=True)}


def _laid_out(g: ig.Graph, grid: bool) -> list[list[float]]:
    """Fruchterman-Reingold from the seed, scaled to the median link and spread apart, in tenths."""
    with seeded():
        coords = np.array(g.layout_fruchterman_reingold(niter=300 if grid else 500, grid=grid).coords)
    coords *= UNIT * _scale(coords, g)
    coords = _separate(coords)
    return [[round(float(x), 1), round(float(y), 1)] for x, y in coords]


def _scale(coords: np.ndarray, g: ig.Graph) -> float:
    """igraph's unit edge length varies with the graph; scale so the median edge is one unit."""
    if not g.ecount():
        return 1.0
    ends = np.array(g.get_edgelist())
    lengths = np.sqrt(((coords[ends[:, 0]] - coords[ends[:, 1]]) ** 2).sum(axis=1))
    median = float(np.median(lengths))
    return 1.0 / median if median > 0 else 1.0


def _separate(coords: np.ndarray, rounds: int = 30) -> np.ndarray:
    """Push apart nodes closer than GAP (force layouts crowd the leaves of a hub into one spot)."""
    from scipy.spatial import cKDTree

    for _ in range(rounds):
        pairs = cKDTree(coords).query_pairs(GAP, output_type="ndarray")
        if not len(pairs):
            break
        delta = coords[pairs[:, 0]] - coords[pairs[:, 1]]
        dist = np.maximum(np.sqrt((delta**2).sum(axis=1)), 1e-3)
        push = delta / dist[:, None] * ((GAP - dist) / 2)[:, None]
        moves = np.zeros_like(coords)
        np.add.at(moves, pairs[:, 0], push)
        np.add.at(moves, pairs[:, 1], -push)
        coords = coords + moves * 0.8
    return coords


def _community_centres(
    order: list[int], weights: dict[tuple[int, int], int], radius: dict[int, float]
) -> dict[int, tuple[float, float]]:
    """A weighted layout of the community graph, then pushed apart until no two discs overlap."""
    index = {c: i for i, c in enumerate(order)}
    g = ig.Graph(n=len(order), edges=[(index[a], index[b]) for a, b in weights])
    with seeded():
        layout = g.layout_fruchterman_reingold(weights=list(weights.values()) or None, niter=500, grid=len(order) > 1000)
    pos = np.array(layout.coords, dtype=float).reshape(-1, 2)
    r = np.array([radius[c] + SPACING / 2 for c in order])
    pos *= (r.mean() * 2) / max(_typical_gap(pos), 1e-9)
    share = r[None, :] ** 2 / (r[:, None] ** 2 + r[None, :] ** 2)  # of an overlap, what disc i moves away from disc j
    for _ in range(200):  # separate overlapping discs, a few hundred of them at most
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.sqrt((delta**2).sum(axis=2)) + np.eye(len(pos))
        overlap = np.maximum(r[:, None] + r[None, :] - dist, 0) * (1 - np.eye(len(pos)))
        if not overlap.any():
            break
        # the smaller of two discs makes the room (a share by area): split evenly, a large disc
        # overlapping a crowd of small ones was pushed by the sum of them all and flung far off
        pos += (delta / dist[:, :, None] * (overlap * share)[:, :, None]).sum(axis=1)
    return {c: (float(pos[i, 0]), float(pos[i, 1])) for c, i in index.items()}


def _typical_gap(pos: np.ndarray) -> float:
    if len(pos) < 2:
        return 1.0
    span = pos.max(axis=0) - pos.min(axis=0)
    # the area per point, or the length per point when they lie about in a line (two or three
    # communities: an area near zero scaled the picture a billionfold)
    return max(math.sqrt(span[0] * span[1] / len(pos)), float(span.max()) / len(pos)) or 1.0


def _middle(part: Positions) -> tuple[float, float]:
    left, top, right, bottom = _bounds(part)
    return (left + right) / 2, (top + bottom) / 2


def _radius(part: Positions) -> float:
    mx, my = _middle(part)
    return max((math.hypot(x - mx, y - my) for x, y in part.values()), default=0.0) + UNIT


def _pack(parts: list[Positions]) -> Positions:
    """The largest component on the left, the others shelf-packed in a block beside it about as tall
    (screens are wider than tall; rows under it would squeeze it into the top of the picture), or
    square where the largest is small."""
    if not parts:
        return {}
    first, rest = parts[0], parts[1:]
    left, top, right, bottom = _bounds(first)
    placed = {node: (round(x - left, 1), round(y - top, 1)) for node, (x, y) in first.items()}
    if rest:
        boxes = [_bounds(part) for part in rest]
        area = sum((b[2] - b[0] + SPACING) * (b[3] - b[1] + SPACING) for b in boxes)
        # about as tall as the largest, or square when the largest is flatter (a row of one or two)
        width = max(max(b[2] - b[0] + SPACING for b in boxes), area / max(bottom - top, math.sqrt(area), SPACING))
        block = _shelves(rest, boxes, width)
        for node, (x, y) in block.items():
            placed[node] = (round(x + right - left + SPACING, 1), y)
    return placed


def _shelves(parts: list[Positions], boxes: list[tuple[float, float, float, float]], row_width: float) -> Positions:
    """Shelf packing: left to right in rows of about `row_width`."""
    placed: Positions = {}
    x = y = row_height = 0.0
    for part, (left, top, right, bottom) in zip(parts, boxes, strict=True):
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
