"""Writing dist/ all at once: everything goes to a staging directory next to it, which replaces
dist/ only when every artifact has been written, so a failed build leaves the last good dist/
(graph_build.distdir does the staging, the swap and the clean-up after killed builds)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from graph_build.distdir import BUILD_REPORT, check_target, refuse, remove_leftovers, staging_for, swap_in
from graph_build.dumps import write_dumps, write_prefixed
from graph_build.graph import KnowledgeGraph
from graph_build.memory import collecting_between_stages, give_back_memory
from graph_build.pipeline import BuildReport
from ontology import IriLayout, rdfio


class Background(Protocol):
    """What an artifact writer returns when its work goes on beside the writers after it (those
    of graph_build.background): the build waits for it before dist/ is swapped in."""

    def wait(self) -> tuple[float, float | None]:
        """Returns when the work is done, with its seconds and peak memory (MB); raises its error."""

    def stop(self) -> None:
        """Ends the work if it is still going (the build failed meanwhile)."""


ArtifactWriter = Callable[[KnowledgeGraph, Path], Background | None]
# Written into dist/ by `dgkg export` (default -o) and `dgkg viz --focus`: a rebuild keeps them.
KEPT_FOLDERS = ("exports", "viz/neighbourhood")


def write_core_artifacts(graph: KnowledgeGraph, out: Path) -> None:
    """The ontology's RDF files and the data's line-based dumps (dgkg.nq, dgkg.nt, inferred.ttl),
    each canonical (ontology.rdfio): two builds of the same sources give the same bytes, and
    dgkg.nt and dgkg.nq are what `dgkg export` writes in those formats. The ontology's are small
    and made in memory; the data's are sorted on disk (graph_build.dumps). dgkg.trig, dgkg.ttl and
    dgkg.rdf are made from them afterwards (write_prefixed_dumps), by the build beside its views."""
    prefixes = rdfio.prefixes_for(graph.names.base)
    ontology = rdfio.canonical(rdfio.from_rdflib(graph.ontology), named_graphs=False)
    (out / "ontology.ttl").write_bytes(rdfio.serialize_canonical(ontology, "turtle", prefixes=prefixes))
    (out / "ontology.owl").write_bytes(rdfio.serialize_canonical(ontology, "rdfxml", prefixes=prefixes))
    ox_term, inferred = rdfio.ox_term, ox.NamedNode(str(graph.names.inferred))
    write_dumps(
        graph.iter_quads(),
        (ox.Quad(ox_term(s), ox_term(p), ox_term(o), inferred) for s, p, o in graph.inferred),  # type: ignore[arg-type]
        out,
        prefixes,
        left_out_of_triples=ox.NamedNode(str(graph.names.provenance)),
    )
    graph.names.write(out)  # dist/layout.json: where the IRIs are, for every reader of dist/


def write_prefixed_dumps(out: Path) -> None:
    """dgkg.trig, dgkg.ttl and dgkg.rdf, canonical, from the dumps write_core_artifacts wrote into
    `out`, with the prefixes of the IRI base its layout.json names."""
    write_prefixed(out, rdfio.prefixes_for(IriLayout.read(out).base))


def write_report(report: BuildReport, out: Path) -> None:
    payload = asdict(report)
    payload["entities"] = report.entities
    payload["entities_per_class"] = dict(sorted(report.entities_per_class.items()))
    for measured in ("timings", "peaks_mb"):
        payload.pop(measured)  # kept out so that the file is identical between identical builds
    (out / BUILD_REPORT).write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


@collecting_between_stages()
def write_dist(
    graph: KnowledgeGraph,
    report: BuildReport,
    dist: Path,
    extra: Iterable[tuple[str, ArtifactWriter]] = (),
    progress: Callable[[str], None] = lambda stage: None,
) -> list[str]:
    """Every artifact into a new dist/; raises BuildFailed, with dist/ as it was, if that fails.
    Returns the folders of KEPT_FOLDERS carried over from the previous dist/.

    The graph's data is let go once the RDF dumps are written (KnowledgeGraph.let_go_of_data):
    the `extra` writers read the dumps, the names and the ontology."""
    check_target(dist)
    try:
        dist.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(dist)
        with staging_for(dist) as staging:
            write_artifacts(graph, report, staging, extra, progress)
            kept = carry_over(dist, staging)
            swap_in(staging, dist)
    except OSError as exc:
        raise refuse(dist, f"could not write the build ({exc})") from exc
    return kept


def carry_over(dist: Path, staging: Path) -> list[str]:
    """Copies into the new dist/ the folders other commands wrote into the old one, which the
    build does not make and would otherwise delete with it; returns those copied."""
    kept = []
    for folder in KEPT_FOLDERS:
        old = dist / folder
        if old.is_dir() and not old.is_symlink() and not (staging / folder).exists():
            shutil.copytree(old, staging / folder, symlinks=True)
            kept.append(folder)
    return kept


def write_artifacts(
    graph: KnowledgeGraph,
    report: BuildReport,
    out: Path,
    extra: Iterable[tuple[str, ArtifactWriter]],
    progress: Callable[[str], None],
) -> None:
    progress("writing RDF artifacts")
    started = report.start_stage()
    write_core_artifacts(graph, out)
    graph.let_go_of_data()
    give_back_memory()
    write_report(report, out)
    report.finish_stage("RDF files", started)
    running: list[tuple[str, Background]] = []
    try:
        for name, writer in extra:
            progress(f"writing {name}")
            started = report.start_stage()
            background = writer(graph, out)
            if background is None:
                report.finish_stage(name, started)
            else:
                report.timings[name] = 0.0  # its place among the stages; its figures when it is done
                running.append((name, background))
        for name, background in running:
            report.timings[name], peak = background.wait()
            if peak is not None:
                report.peaks_mb[name] = peak
        report.peaks_mb = {stage: report.peaks_mb[stage] for stage in report.timings if stage in report.peaks_mb}
    finally:
        for _, background in running:
            background.stop()
