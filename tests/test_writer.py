"""Writing dist/: the graph's data is let go once the dumps are written, and every writer after
them reads the dumps; the memory a stage freed goes back to the system."""

from __future__ import annotations

import argparse
import gc
import importlib
import time
import weakref
from pathlib import Path

import pyoxigraph as ox
import pytest

from dgkg.paths import ProjectPaths
from graph_build import BuildOptions, BuildReport, KnowledgeGraph, compile_graph, write_dist
from graph_build.memory import give_back_memory, restart_peak_memory
from tests.conftest import REPO
from tests.viz_sample import sample_graph


def test_the_writers_after_the_dumps_get_the_names_and_the_ontology_only(tmp_path: Path) -> None:
    graph = sample_graph()
    claims, triples = len(graph.claims), sum(len(claim.triples) for claim in graph.claims)
    assert claims and triples
    seen: list[tuple[int, int, int, int]] = []

    def writer(given: KnowledgeGraph, out: Path) -> None:
        seen.append((len(given.claims), len(given.derived), len(given.inferred), len(given.ontology)))
        assert (out / "dgkg.nq").is_file() and (out / "layout.json").is_file()  # what such a writer reads instead

    write_dist(graph, BuildReport(), tmp_path / "dist", [("reader of the dumps", writer)])
    assert seen == [(0, 0, 0, len(graph.ontology))] and len(graph.ontology)
    named = {q.graph_name for q in ox.parse(path=tmp_path / "dist" / "dgkg.nq", format=ox.RdfFormat.N_QUADS)}
    assert len([g for g in named if isinstance(g, ox.NamedNode) and "/claim/" in g.value]) == claims


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_give_back_memory_collects_what_a_stage_let_go() -> None:
    """Garbage in reference cycles (a check's graphs) is collected there and then, not whenever
    Python's collector next runs."""
    gc.disable()  # so that only the call can collect the cycle
    try:
        first, second = _Node(), _Node()
        first.other, second.other = second, first
        watched = weakref.ref(first)
        del first, second
        assert watched() is not None
        give_back_memory()
        assert watched() is None
    finally:
        gc.enable()


def test_the_build_stages_run_without_automatic_collection_and_leave_it_as_found(tmp_path: Path) -> None:
    """Automatic cycle collection walks the whole heap, which at a million triples cost a quarter
    of the build; the stages run without it and collect when they end (graph_build.memory)."""
    seen: list[bool] = []

    def writer(given: KnowledgeGraph, out: Path) -> None:
        seen.append(gc.isenabled())

    _, report = compile_graph(BuildOptions(sources_dir=REPO / "sources"), progress=lambda stage: seen.append(gc.isenabled()))
    assert seen and not any(seen) and gc.isenabled()
    write_dist(sample_graph(), report, tmp_path / "dist", [("a writer", writer)])
    assert seen[-1] is False and gc.isenabled()
    gc.disable()
    try:
        write_dist(sample_graph(), report, tmp_path / "again", [("a writer", writer)])
        assert not gc.isenabled()  # a caller that had turned it off finds it off
    finally:
        gc.enable()


def test_each_stage_reports_its_own_peak_memory(tmp_path: Path) -> None:
    """A stage's peak is the process's while that stage ran (Linux's high-water mark, started
    again at each stage): a writer that holds 300 MB for a moment shows in its own figure, and a
    later stage, run once that memory is freed, does not carry it."""
    held = 300 * 2**20

    def greedy(given: KnowledgeGraph, out: Path) -> None:
        block = bytearray(held)  # zero-filled, so every page is touched and resident
        time.sleep(0.2)  # held for a moment: the peak is sampled every graph_build.memory.SAMPLE_EVERY
        del block

    def modest(given: KnowledgeGraph, out: Path) -> None:
        return None

    report = BuildReport()
    write_dist(sample_graph(), report, tmp_path / "dist", [("greedy", greedy), ("modest", modest)])
    assert list(report.peaks_mb) == list(report.timings) == ["RDF files", "greedy", "modest"]
    assert report.peaks_mb["greedy"] >= report.peaks_mb["modest"] + 0.9 * held / 2**20
    assert report.peaks_mb["modest"] > 0
    # measured, never written: build-report.json stays the same between identical builds
    assert "peaks_mb" not in (tmp_path / "dist" / "build-report.json").read_text(encoding="utf-8")


def test_measuring_each_stage_leaves_the_processs_own_peak_as_the_kernel_keeps_it() -> None:
    """GNU time, farm-bench and the bench read the whole process's peak from the kernel: a
    stage's figure must not lower it (restarting Linux's high-water mark did, at 1M by 140 MB)."""

    def kernel_peak_kb() -> int:
        status = Path("/proc/self/status").read_text(encoding="ascii")
        return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))

    block = bytearray(200 * 2**20)
    del block
    before = kernel_peak_kb()
    restart_peak_memory()
    assert kernel_peak_kb() >= before


@pytest.mark.parametrize(
    ("command", "owner", "writer", "options"),
    [("export", "dgkg.commands.export", "export", ["--format", "jsonld"]), ("viz", "viz", "write_views", [])],
)
def test_the_commands_that_read_the_whole_graph_run_without_automatic_collection(
    built_dist: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, owner: str, writer: str, options: list[str]
) -> None:
    """`dgkg export` and `dgkg viz` hold the whole graph as the build's writers do, and like them
    run without automatic collection (at 100k triples `dgkg viz` took 11.3 s with it, 9.7 s
    without), leaving it on afterwards. (`owner`: where the command looks its writer up; dgkg viz
    names it through the viz room's door.)"""
    module = importlib.import_module(f"dgkg.commands.{command}")
    seen: list[bool] = []
    page = tmp_path / "written"
    page.write_text("", encoding="utf-8")

    def spy(*args: object, **kwargs: object) -> list[Path]:
        seen.append(gc.isenabled())
        return [page] * 4

    monkeypatch.setattr(importlib.import_module(owner), writer, spy)
    parser = argparse.ArgumentParser()
    module.configure(parser)
    args = parser.parse_args(["--dist", str(built_dist), "-o", str(tmp_path / "out"), *options])
    assert args.run(args, ProjectPaths.from_env()) == 0
    assert seen == [False] and gc.isenabled()
