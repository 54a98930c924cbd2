"""The build's SPARQL store stage beside the way it used to be done, on one compiled graph.

Run by hand (it is not a test: timings depend on the machine):

    DGKG_SOURCES=DIR .venv/bin/python benchmarks/store_stage.py [--work /tmp/store-stage]

It compiles the sources once (`dgkg bench generate` writes synthetic ones of any size), then
loads the store twice, each in its own process so that each peak is its own:

- from the dumps: ``queries.write_store``, the build's stage: the dumps the build has just written
  (dgkg.nq, inferred.ttl; written here before the clock starts) are parsed by Oxigraph and
  stream into its bulk loader a batch at a time, default-graph copies included;
- via rdflib: the rdflib Dataset of the graph serialised to N-Quads, the text bulk-loaded, then
  every graph copied into the default one by a SPARQL INSERT (the stage before issue #10).

For each it prints the seconds and the stage's peak resident memory above what the process held
before it (Linux's high-water mark, reset at the start), then checks that the two stores hold
the same quads (blank nodes compared by RDFC-1.0).
"""

from __future__ import annotations

import argparse
import gc
import json
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.setrecursionlimit(100_000)  # pickling an rdflib graph recurses deeply

from dgkg.paths import ProjectPaths  # noqa: E402
from graph_build import BuildOptions, KnowledgeGraph, compile_graph, write_core_artifacts  # noqa: E402
from queries import write_store  # noqa: E402


def memory_mb(key: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1]) // 1024
    raise KeyError(key)


def via_rdflib(graph: KnowledgeGraph, out: Path) -> None:
    store = ox.Store(str(out / "store"))
    nquads = graph.dataset(with_inferred=True).serialize(format="nquads", encoding="utf-8")
    store.bulk_load(input=nquads, format=ox.RdfFormat.N_QUADS)
    del nquads
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    store.optimize()
    del store


def stage(way: str, pickled: Path, out: Path) -> dict[str, float]:
    """One way, in this process: load the compiled graph, reset the peak, time the stage."""
    graph = pickle.loads(pickled.read_bytes())
    gc.collect()
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    if way == "dumps":
        write_core_artifacts(graph, out)
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current resident size
    before = memory_mb("VmRSS")
    started = time.perf_counter()
    if way == "dumps":
        write_store(out)
    else:
        via_rdflib(graph, out)
    return {"seconds": time.perf_counter() - started, "peak_mb": memory_mb("VmHWM") - before}


def canonical(path: Path) -> set[str]:
    dataset = ox.Dataset(ox.Store.read_only(str(path / "store")))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(quad) for quad in dataset}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/store-stage"))
    parser.add_argument("--stage", nargs=2, metavar=("WAY", "OUT"), help=argparse.SUPPRESS)  # a child process
    args = parser.parse_args()
    pickled = args.work / "graph.pickle"
    if args.stage:
        print(json.dumps(stage(args.stage[0], pickled, Path(args.stage[1]))))
        return 0
    sources = ProjectPaths.from_env().sources
    args.work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    graph, _ = compile_graph(BuildOptions(sources_dir=sources, display_root=sources.parent))
    pickled.write_bytes(pickle.dumps(graph, protocol=5))
    print(f"compiled {sources} in {time.perf_counter() - started:.0f} s: {len(graph.claims)} claims")
    for way in ("dumps", "via rdflib"):
        child = [sys.executable, __file__, "--work", str(args.work), "--stage", way, str(args.work / way.replace(" ", "-"))]
        figures = json.loads(subprocess.run(child, check=True, capture_output=True, text=True).stdout)
        print(f"{way:12s} {figures['seconds']:7.2f} s   peak +{figures['peak_mb']} MB")
    dumps, via = canonical(args.work / "dumps"), canonical(args.work / "via-rdflib")
    print(f"same quads: {dumps == via} ({len(dumps)} in the store loaded from the dumps, {len(via)} via rdflib)")
    return 0 if dumps == via else 1


if __name__ == "__main__":
    sys.exit(main())
