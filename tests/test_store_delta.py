"""The store of an incremental build (queries.storedelta): the previous store, copied and changed
by the difference of the two builds' sorted dumps, holds what a fresh load holds; its label file is
the one a fresh load writes; and whatever it cannot trust, it loads afresh."""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, strategies as st
from rdflib import Literal
from rdflib.namespace import SKOS

from graph_build.graph import KnowledgeGraph
from graph_build.memo import BuildMemo
from graph_build.writer import write_core_artifacts
from queries import PreviousBuild, storedelta, write_store
from queries.labelfile import LABEL_FILE
from tests.conftest import curated_graph

pytestmark = [pytest.mark.xdist_group("incremental")]


def written(graph: KnowledgeGraph, dist: Path, previous: PreviousBuild | None) -> None:
    """The dumps, the store and its label file of ``graph`` into a new ``dist``, which replaces the
    old one only once written, as the build's staging does."""
    staging = dist.with_name(dist.name + ".staging")
    staging.mkdir()
    write_core_artifacts(graph, staging)
    write_store(staging, previous)
    shutil.rmtree(dist, ignore_errors=True)
    staging.rename(dist)


def quads(dist: Path) -> list[str]:
    return sorted(map(str, ox.Store.read_only(str(dist / "store"))))


def changed(graph: KnowledgeGraph, predicate: object, language: str, text: str) -> None:
    """The first value of ``predicate`` in ``language`` of any claim, given ``text`` instead."""
    claim, index = next(
        (c, i)
        for c in graph.claims
        for i, (_, p, o) in enumerate(c.triples)
        if p == predicate and isinstance(o, Literal) and o.language == language
    )
    subject, _, _ = claim.triples[index]
    claim.triples[index] = (subject, predicate, Literal(text, lang=language))  # type: ignore[arg-type]


@pytest.fixture
def applied(monkeypatch: pytest.MonkeyPatch) -> list[storedelta.Difference]:
    """Each change a rebuild made to a copied store."""
    seen: list[storedelta.Difference] = []
    apply = storedelta.apply

    def spy(store: ox.Store, change: storedelta.Difference) -> None:
        seen.append(change)
        apply(store, change)

    monkeypatch.setattr(storedelta, "apply", spy)
    return seen


def test_a_rebuild_changes_the_previous_store_into_what_a_fresh_load_gives(
    tmp_path: Path, applied: list[storedelta.Difference]
) -> None:
    dist, fresh = tmp_path / "dist", tmp_path / "fresh"
    previous = PreviousBuild(dist, BuildMemo(tmp_path / "dist.cache"))
    written(curated_graph(), dist, previous)  # nothing to change yet: loaded
    assert applied == []

    graph = curated_graph()
    changed(graph, SKOS.definition, "en", "A definition changed by a rebuild.")
    labels_before = (dist / LABEL_FILE).read_bytes()
    written(graph, dist, previous)
    graph = curated_graph()
    changed(graph, SKOS.definition, "en", "A definition changed by a rebuild.")
    written(graph, fresh, None)
    (change,) = applied
    assert [str(q.object) for q in change.added] == ['"A definition changed by a rebuild."@en']
    assert len(change.removed) == 1
    assert quads(dist) == quads(fresh)
    assert (dist / LABEL_FILE).read_bytes() == (fresh / LABEL_FILE).read_bytes() == labels_before  # no label changed

    # a label: changed in a store that was itself changed, and the label file written again
    for target in (dist, fresh):
        graph = curated_graph()
        changed(graph, SKOS.definition, "en", "A definition changed by a rebuild.")
        changed(graph, SKOS.prefLabel, "en", "A label changed by a rebuild")
        written(graph, target, previous if target == dist else None)
    assert len(applied) == 2
    assert quads(dist) == quads(fresh)
    assert (dist / LABEL_FILE).read_bytes() == (fresh / LABEL_FILE).read_bytes() != labels_before


def test_a_store_not_loaded_from_the_dumps_beside_it_is_loaded_afresh(
    tmp_path: Path, applied: list[storedelta.Difference]
) -> None:
    dist = tmp_path / "dist"
    memo = BuildMemo(tmp_path / "dist.cache")
    written(curated_graph(), dist, PreviousBuild(dist, memo))
    # a full build (no memo) replaced that dist/ with other dumps: the memo names the old ones
    graph = curated_graph()
    changed(graph, SKOS.definition, "en", "Written by a full build.")
    written(graph, dist, None)
    written(curated_graph(), dist, PreviousBuild(dist, memo))
    assert applied == []
    written(curated_graph(), tmp_path / "fresh", None)
    assert quads(dist) == quads(tmp_path / "fresh")
    # a memo from another layout of the store: loaded afresh too
    (tmp_path / "dist.cache" / "store.key").write_text("another layout", encoding="ascii")
    written(curated_graph(), dist, PreviousBuild(dist, memo))
    assert applied == []


def test_a_store_changed_by_many_rebuilds_is_compacted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each rebuild leaves the store more files to read; past COMPACT_AFTER they are compacted,
    down to about as few as a fresh load leaves (one per index)."""

    def files(dist: Path) -> int:
        return sum(1 for f in (dist / "store").iterdir() if f.suffix == ".sst")

    dist, fresh = tmp_path / "dist", tmp_path / "fresh"
    previous = PreviousBuild(dist, BuildMemo(tmp_path / "dist.cache"))
    written(curated_graph(), fresh, None)
    written(curated_graph(), dist, previous)
    counts = []
    for rebuild, limit in enumerate((10_000, 10_000, 10_000, 0)):
        monkeypatch.setattr(storedelta, "COMPACT_AFTER", limit)
        graph = curated_graph()
        changed(graph, SKOS.definition, "en", f"Changed by rebuild {rebuild}.")
        written(graph, dist, previous)
        counts.append(files(dist))
    # RocksDB compacts a little on its own while the store is open, so the counts are compared
    # loosely: left above a fresh load's, then brought down to about it
    assert min(counts[:-1]) > files(fresh) + 4
    assert counts[-1] <= files(fresh) + 2


# -- the difference and its application -----------------------------------------------------------
EX = "http://example.org/"


def quad(n: int, graph: str = "g") -> ox.Quad:
    return ox.Quad(ox.NamedNode(f"{EX}s{n}"), ox.NamedNode(f"{EX}p"), ox.Literal(str(n)), ox.NamedNode(EX + graph))


def lines(quads: Iterable[ox.Quad]) -> Iterator[str]:
    return iter(sorted(f"{q} .\n" for q in quads))


@given(st.sets(st.integers(0, 60)), st.sets(st.integers(0, 60)), st.sets(st.integers(0, 9)), st.sets(st.integers(0, 9)))
def test_the_difference_is_what_one_side_holds_and_the_other_does_not(
    old: set[int], new: set[int], old_inferred: set[int], new_inferred: set[int]
) -> None:
    change = storedelta.difference(
        [
            (lines(quad(n) for n in old), lines(quad(n) for n in new)),
            (lines(quad(n, "i") for n in old_inferred), lines(quad(n, "i") for n in new_inferred)),
        ]
    )
    assert change is not None
    removed = [*(quad(n) for n in old - new), *(quad(n, "i") for n in old_inferred - new_inferred)]
    added = [*(quad(n) for n in new - old), *(quad(n, "i") for n in new_inferred - old_inferred)]
    assert sorted(change.removed, key=str) == sorted(removed, key=str)
    assert sorted(change.added, key=str) == sorted(added, key=str)


def test_past_its_limit_there_is_no_difference_and_an_unsorted_dump_is_refused() -> None:
    ten = [quad(n) for n in range(10)]
    assert storedelta.difference([(lines(ten), lines([]))], limit=9) is None
    assert storedelta.difference([(lines(ten), lines([]))], limit=10) is not None
    backwards = iter([f"{quad(2)} .\n", f"{quad(1)} .\n"])
    with pytest.raises(storedelta.NotSorted):
        storedelta.difference([(lines([]), backwards)])


def test_applying_a_difference_keeps_the_default_graph_the_union_of_the_named_ones() -> None:
    store = ox.Store()
    both, only = quad(1, "a"), quad(2, "a")
    for q in (both, quad(1, "b"), only):
        store.extend([q, ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())])
    storedelta.apply(store, storedelta.Difference(removed=[both, only], added=[quad(3, "c")]))
    default = {str(q.triple) for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert default == {str(quad(1).triple), str(quad(3).triple)}  # s1 is still in graph b; s2 is in none
