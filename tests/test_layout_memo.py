"""The explorer's layouts an incremental build takes from the last one (viz.layout.KnownLayouts):
a part of the picture (a community, a component) whose nodes and links are the same keeps its
positions, which are the ones laying it out again gives; any other part is laid out again, as
is every part when the code or the memo's entry differs."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from graph_build.memo import BuildMemo
from viz import layout
from viz.layout import KnownLayouts, clustered, spread


def communities(count: int = 4, size: int = 12) -> tuple[nx.Graph, dict[str, int]]:
    """``count`` rings of ``size`` nodes with chords, each ring a community, linked in a chain."""
    graph = nx.Graph()
    for c in range(count):
        ring = [f"c{c}-{i:02d}" for i in range(size)]
        graph.add_edges_from(zip(ring, ring[1:] + ring[:1], strict=True))
        graph.add_edges_from((ring[i], ring[(i * 5) % size]) for i in range(0, size, 3) if i != (i * 5) % size)
        if c:
            graph.add_edge(f"c{c - 1}-00", ring[0])
    return graph, {node: int(node[1 : node.index("-")]) for node in graph}


@pytest.fixture
def laid_out(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the parts actually laid out (not taken from the memo), in order."""
    sizes: list[int] = []
    real = layout._laid_out

    def counting(g, grid):
        sizes.append(g.vcount())
        return real(g, grid)

    monkeypatch.setattr(layout, "_laid_out", counting)
    return sizes


def test_unchanged_communities_keep_their_layout_and_a_changed_one_is_laid_out_again(tmp_path: Path, laid_out: list[int]) -> None:
    memo = BuildMemo(tmp_path / "dist.cache")
    graph, community = communities()
    fresh = clustered(graph, community)
    assert len(laid_out) == 4

    first = KnownLayouts(memo)
    assert clustered(graph, community, first) == fresh
    first.record()
    laid_out.clear()

    again = KnownLayouts(memo)
    assert clustered(graph, community, again) == fresh
    assert laid_out == []  # every community from the memo
    again.record()

    graph.add_edge("c2-01", "c2-07")  # one more link inside one community
    changed = KnownLayouts(memo)
    assert clustered(graph, community, changed) == clustered(graph, community)
    assert laid_out[0] == 12 and len(laid_out) == 1 + 4  # the changed community, then the fresh layout's four


def test_components_keep_their_layout_too(tmp_path: Path, laid_out: list[int]) -> None:
    memo = BuildMemo(tmp_path / "dist.cache")
    graph, _ = communities()
    graph.remove_edges_from([("c0-00", "c1-00"), ("c2-00", "c3-00")])  # three components: one, two and one rings
    first = KnownLayouts(memo)
    assert spread(graph, known=first) == spread(graph)
    first.record()
    laid_out.clear()
    assert spread(graph, known=KnownLayouts(memo)) == spread(graph)
    assert sorted(laid_out) == [12, 12, 24]  # the fresh layout's only


def test_other_code_or_a_bad_entry_lays_out_again(tmp_path: Path, laid_out: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    memo = BuildMemo(tmp_path / "dist.cache")
    graph, community = communities(count=2)
    first = KnownLayouts(memo)
    fresh = clustered(graph, community, first)
    first.record()
    laid_out.clear()

    entries = memo.section(KnownLayouts.SECTION, layout.code_key())
    assert entries is not None and len(entries) == 2
    damaged = dict(entries)
    key = sorted(damaged)[0]
    damaged[key] = damaged[key][:-1]  # a node short
    memo.keep_section(KnownLayouts.SECTION, layout.code_key(), damaged)
    assert clustered(graph, community, KnownLayouts(memo)) == fresh
    assert laid_out == [12]

    monkeypatch.setattr(layout, "code_key", lambda: "another version of the layout")
    laid_out.clear()
    assert clustered(graph, community, KnownLayouts(memo)) == fresh
    assert laid_out == [12, 12]
