"""Reading a built graph's model, as the views do (streamed from its dumps, dgkg.nq and
inferred.ttl: model.read_model_from_quads), beside the SELECTs answered by the store on disk
(model.read_model), which the views once used. Each way runs in a process of
its own with Python's cycle collection off, as `dgkg build` and `dgkg viz` run: its time to read
the model, and the process's peak memory. One more run checks that the two models are equal.

Run by hand after a build (not a test: timings depend on the machine):

    .venv/bin/python benchmarks/model_bench.py [--dist dist] [--repeat 3]

A million triples: `dgkg bench generate --triples 1000000 --out /tmp/M-src`, then
`DGKG_SOURCES=/tmp/M-src dgkg build --dist /tmp/M-1m`. Each figure is the median (min–max) of
--repeat runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Run in a child: {dist!r} and {how!r} filled in; prints the seconds and the peak (MB) as JSON.
READ = """
import gc, json, resource, time
from pathlib import Path
gc.disable()
from model import read_model, read_model_from_quads
from queries import Store, dataset_quads
dist = Path({dist!r})
store = Store.from_dist(dist)
started = time.perf_counter()
if {how!r} == "streamed":
    model = read_model_from_quads(dataset_quads(dist, str(store.layout.inferred)), store.layout)
else:
    model = read_model(store.select, store.layout)
seconds = time.perf_counter() - started
print(json.dumps({{"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""

SAME = """
import gc
from pathlib import Path
gc.disable()
from model import read_model, read_model_from_quads
from queries import Store, dataset_quads
dist = Path({dist!r})
store = Store.from_dist(dist)
streamed = read_model_from_quads(dataset_quads(dist, str(store.layout.inferred)), store.layout)
assert streamed == read_model(store.select, store.layout)
"""


def child(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=REPO).stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=REPO / "dist")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    dist = args.dist.resolve()
    runs: dict[str, list[dict[str, float]]] = {"streamed": [], "select": []}
    for _ in range(args.repeat):  # alternating, so that a slow spell of the machine weighs on both
        for how, done in runs.items():
            done.append(json.loads(child(READ.format(dist=str(dist), how=how))))
    child(SAME.format(dist=str(dist)))
    print(f"{dist} ({(dist / 'dgkg.nq').stat().st_size / 2**20:,.0f} MB of N-Quads): the two models are equal")
    medians = {}
    for how, done in runs.items():
        seconds = [run["seconds"] for run in done]
        medians[how] = statistics.median(seconds)
        peak = statistics.median(run["peak_mb"] for run in done)
        print(f"  {how:9} {medians[how]:7.2f} s ({min(seconds):.2f}–{max(seconds):.2f}), peak {peak:,.0f} MB")
    print(f"  streamed / select: {medians['streamed'] / medians['select']:.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
