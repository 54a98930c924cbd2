"""The build's store, written by a process of its own beside the views (queries.storeprocess): the
store and label file it writes are those written in the build's own process; what it fails on
reaches the build as its error, and dist/ is left as it was."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pyoxigraph as ox
import pytest

from ontology import IriLayout
from queries import StoreInBackground, write_store
from queries.labelfile import LABEL_FILE

GRAPH = SimpleNamespace(names=IriLayout())  # all the store's writer reads of the compiled graph


def dumps_of(built_dist: Path, into: Path) -> Path:
    """A dist/ holding only built_dist's dumps, which the store is loaded from."""
    into.mkdir()
    for name in ("dgkg.nq", "inferred.ttl", "layout.json"):
        shutil.copyfile(built_dist / name, into / name)
    return into


def statements(dist: Path) -> tuple[int, list[str]]:
    """How many quads the store holds, and those without a blank node (whose labels each load
    draws afresh), as text."""
    quads = list(ox.Store.read_only(str(dist / "store")))
    named = sorted(str(q) for q in quads if not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object)))
    return len(quads), named


def test_the_process_writes_the_store_and_label_file_the_builders_own_process_writes(built_dist: Path, tmp_path: Path) -> None:
    beside, inside = dumps_of(built_dist, tmp_path / "beside"), dumps_of(built_dist, tmp_path / "inside")
    store = StoreInBackground().start(GRAPH, beside)  # type: ignore[arg-type]
    seconds, peak = store.wait()
    assert store.wait() == (seconds, peak)  # the views and the build both wait: the second returns at once
    assert seconds > 0 and peak is not None and peak > 0
    write_store(GRAPH, inside)  # type: ignore[arg-type]
    assert statements(beside) == statements(inside)
    assert (beside / LABEL_FILE).read_bytes() == (inside / LABEL_FILE).read_bytes()


def test_what_the_process_fails_on_is_raised_where_the_build_waits(tmp_path: Path) -> None:
    (tmp_path / "dgkg.nq").write_text("<http://example.org/s> <http://example.org/p> .\n", encoding="utf-8")
    (tmp_path / "inferred.ttl").write_text("", encoding="utf-8")
    store = StoreInBackground().start(GRAPH, tmp_path)  # type: ignore[arg-type]
    with pytest.raises(SyntaxError):
        store.wait()
    with pytest.raises(SyntaxError):  # again, as the views and then the build each wait
        store.wait()
    store.stop()  # ended already: nothing to stop


def test_a_build_whose_store_fails_says_so_and_leaves_dist_as_it_was(built_dist: Path, tmp_path: Path) -> None:
    """The dump the store's process loads goes missing under it (as a full disk or another
    process would take it): the build fails with the process's error and its dist/, and the dist/
    it would have replaced is untouched."""
    from graph_build import BuildFailed, BuildReport, write_dist
    from tests.conftest import curated_graph

    dist = tmp_path / "dist"
    shutil.copytree(built_dist, dist, symlinks=True)
    before = {p.relative_to(dist).as_posix(): p.stat().st_mtime_ns for p in dist.rglob("*")}

    def takes_the_dump(graph: object, out: Path) -> None:
        (out / "dgkg.nq").unlink()

    store = StoreInBackground()
    with pytest.raises(BuildFailed) as failure:
        write_dist(curated_graph(), BuildReport(), dist, [("a disk failing", takes_the_dump), ("SPARQL store", store.start)])
    assert "dgkg.nq" in str(failure.value.errors[0]) and str(dist) in str(failure.value.errors[0])
    assert {p.relative_to(dist).as_posix(): p.stat().st_mtime_ns for p in dist.rglob("*")} == before


def test_a_build_that_fails_beside_the_store_stops_its_process(built_dist: Path, tmp_path: Path) -> None:
    from graph_build import BuildFailed, BuildReport, write_dist
    from tests.conftest import curated_graph

    store = StoreInBackground()

    def views_failing(graph: object, out: Path) -> None:
        raise OSError("no room left for the pages")

    with pytest.raises(BuildFailed) as failure:
        write_dist(curated_graph(), BuildReport(), tmp_path / "dist", [("SPARQL store", store.start), ("views", views_failing)])
    assert "no room left for the pages" in str(failure.value.errors[0])
    assert store._process is not None and not store._process.is_alive()
    assert not (tmp_path / "dist").exists()


def test_a_process_killed_before_it_answers_is_an_error_naming_its_exit(built_dist: Path, tmp_path: Path) -> None:
    import os
    import signal

    store = StoreInBackground().start(GRAPH, dumps_of(built_dist, tmp_path / "dist"))  # type: ignore[arg-type]
    assert store._process is not None and store._process.pid is not None
    os.kill(store._process.pid, signal.SIGKILL)  # before it has even imported what it runs
    with pytest.raises(OSError, match=r"ended without an answer \(exit code -9\)"):
        store.wait()
