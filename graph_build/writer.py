"""Writing dist/ all at once: everything goes to a staging directory next to it, which replaces
dist/ only when every artifact has been written, so a failed build leaves the last good dist/
(graph_build.distdir does the staging, the swap and the clean-up after killed builds)."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path

from rdflib import Graph
from rdflib.compare import to_canonical_graph

from graph_build.distdir import check_target, refuse, remove_leftovers, staging_for, swap_in
from graph_build.graph import KnowledgeGraph
from graph_build.pipeline import BuildReport
from ontology import to_rdfxml

ArtifactWriter = Callable[[KnowledgeGraph, Path], None]
# Written into dist/ by `dgkg export` (default -o) and `dgkg viz --focus`: a rebuild keeps them.
KEPT_FOLDERS = ("exports", "viz/neighbourhood")


def sorted_ntriples(graph: Graph) -> str:
    """N-Triples with canonical blank-node labels and lines sorted, so two builds of the same
    input are byte-identical (the ontology's axioms use blank nodes)."""
    canonical = to_canonical_graph(graph)
    lines = canonical.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return "\n".join(sorted(line for line in lines if line.strip())) + "\n"


def write_core_artifacts(graph: KnowledgeGraph, out: Path) -> None:
    ontology = graph.ontology
    data = graph.facts() + ontology
    for prefix, namespace in ontology.namespaces():
        data.bind(prefix, namespace, override=False)
    (out / "ontology.ttl").write_bytes(ontology.serialize(format="turtle", encoding="utf-8"))
    (out / "ontology.owl").write_bytes(to_rdfxml(ontology))
    (out / "dgkg.ttl").write_bytes(data.serialize(format="turtle", encoding="utf-8"))
    (out / "dgkg.nt").write_text(sorted_ntriples(data), encoding="utf-8")
    (out / "dgkg.trig").write_bytes(graph.dataset(with_inferred=False).serialize(format="trig", encoding="utf-8"))
    inferred = Graph()
    for prefix, namespace in data.namespaces():
        inferred.bind(prefix, namespace, override=True)
    inferred += graph.inferred
    (out / "inferred.ttl").write_bytes(inferred.serialize(format="turtle", encoding="utf-8"))


def write_report(report: BuildReport, out: Path) -> None:
    payload = asdict(report)
    payload["entities"] = report.entities
    payload["entities_per_class"] = dict(sorted(report.entities_per_class.items()))
    payload.pop("timings")  # kept out so that the file is identical between identical builds
    (out / "build-report.json").write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_dist(
    graph: KnowledgeGraph,
    report: BuildReport,
    dist: Path,
    extra: Iterable[tuple[str, ArtifactWriter]] = (),
    progress: Callable[[str], None] = lambda stage: None,
) -> list[str]:
    """Every artifact into a new dist/; raises BuildFailed, with dist/ as it was, if that fails.
    Returns the folders of KEPT_FOLDERS carried over from the previous dist/."""
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
    started = time.perf_counter()
    write_core_artifacts(graph, out)
    graph.names.write(out)  # dist/layout.json: where the IRIs are, for every reader of dist/
    write_report(report, out)
    report.timings["RDF files"] = time.perf_counter() - started
    for name, writer in extra:
        progress(f"writing {name}")
        started = time.perf_counter()
        writer(graph, out)
        report.timings[name] = time.perf_counter() - started
