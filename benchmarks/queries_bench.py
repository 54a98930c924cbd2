"""How fast the library's questions answer: embedded vs over HTTP, Oxigraph vs rdflib.

Run by hand after `dgkg build` (it is not a test: timings depend on the machine):

    .venv/bin/python benchmarks/queries_bench.py [--dist dist] [--repeat 20] [--rdflib-repeat 3]

For every question of queries/library (bound with its default parameters) it reports the median
latency embedded (pyoxigraph, in process), over HTTP (`/sparql` of the dgkg endpoint on
loopback, one keep-alive connection, SPARQL JSON), and in rdflib's in-memory engine over the
same data (dist/dgkg.trig + dist/inferred.ttl, default graph = union), with the ratio
rdflib / Oxigraph. Load times of the two engines are reported too.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
from rdflib import Dataset, URIRef

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from ontology.prefixes import PREFIXES  # noqa: E402
from queries import Library, Store  # noqa: E402
from web import Settings, make_endpoint, start  # noqa: E402


def median_ms(run: Callable[[], object], repeat: int) -> float:
    run()  # warm caches (and fail early)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def http_runner(url: str, query: str) -> Callable[[], bytes]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)

    def run() -> bytes:
        conn.request(
            "POST",
            "/sparql",
            body=query.encode("utf-8"),
            headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
        )
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}: {body[:300]!r}")
        return body

    return run


def load_rdflib(dist: Path) -> tuple[Dataset, float]:
    started = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(dist / "dgkg.trig", format="trig")
    dataset.graph(URIRef("urn:inferred")).parse(dist / "inferred.ttl", format="turtle")
    return dataset, time.perf_counter() - started


def load_oxigraph_memory(dist: Path) -> float:
    started = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=str(dist / "dgkg.trig"), format=ox.RdfFormat.TRIG)
    store.bulk_load(path=str(dist / "inferred.ttl"), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:inferred"))
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", type=Path, default=REPO / "dist")
    parser.add_argument("--repeat", type=int, default=20, help="runs per query, embedded and HTTP (default 20)")
    parser.add_argument("--rdflib-repeat", type=int, default=3, help="runs per query in rdflib (default 3; 0 skips)")
    args = parser.parse_args()

    store = Store.from_dist(args.dist)
    library = Library.load()
    bound = {q.name: q.bind({}, store.resolve)[0] for q in library}
    running = start(make_endpoint(args.dist / "store", Settings(workers=2, budget=10**9, time_limit=300)))
    rdflib_data = None
    if args.rdflib_repeat:
        rdflib_data, rdflib_load = load_rdflib(args.dist)
        oxigraph_load = load_oxigraph_memory(args.dist)
        print(
            f"load dgkg.trig + inferred.ttl: rdflib {rdflib_load:.2f} s, pyoxigraph (in memory) {oxigraph_load:.2f} s "
            f"(x{rdflib_load / oxigraph_load:.1f})"
        )
    namespaces = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    print(f"{len(store)} quads; medians in ms over {args.repeat} runs (rdflib: {args.rdflib_repeat})\n")
    print(f"{'question':40} {'rows':>5} {'embedded':>9} {'http':>8} {'rdflib':>9} {'ratio':>7}")
    embedded, over_http, ratios = [], [], []
    try:
        for name, text in bound.items():
            rows = len(store.select(text))
            local = median_ms(lambda text=text: store.select(text), args.repeat)
            remote = median_ms(http_runner(running.url, text), args.repeat)
            embedded.append(local)
            over_http.append(remote)
            line = f"{name:40} {rows:5} {local:9.2f} {remote:8.2f}"
            if rdflib_data is not None:
                slow = median_ms(lambda text=text: list(rdflib_data.query(text, initNs=namespaces)), args.rdflib_repeat)
                ratios.append(slow / local)
                line += f" {slow:9.1f} {slow / local:7.0f}"
            print(line)
    finally:
        running.stop()
    print(
        f"\nmedian over {len(bound)} questions: embedded {statistics.median(embedded):.2f} ms, "
        f"over HTTP {statistics.median(over_http):.2f} ms"
        + (
            f", rdflib/Oxigraph ratio median x{statistics.median(ratios):.0f} (range x{min(ratios):.0f}-x{max(ratios):.0f})"
            if ratios
            else ""
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
