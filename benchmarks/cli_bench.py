"""How long a `dgkg` command takes as a whole process, beside a bare Python process doing the same
job with pyoxigraph: the floor the CLI's own layers (argument parsing, label resolution, table
rendering) are measured against.

Run by hand after `dgkg build` (not a test: timings depend on the machine):

    .venv/bin/python benchmarks/cli_bench.py [--dist dist] [--repeat 7]

Each row is the median (min–max) of --repeat runs, after one warm-up run that also checks that
both commands succeed. The target (issue #10) is `dgkg query NAME` within 5x the bare process.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.measure import DGKG  # the console script, as users run it

REPO = Path(__file__).resolve().parent.parent

# The bare jobs: open the store read-only, run the query the command runs, print the rows.
BARE_IMPORT = "import pyoxigraph"
BARE_QUERY = """
import sys, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
text = open(sys.argv[2], encoding="utf-8").read()
for row in store.query(text, use_default_graph_as_union=True):
    print(*(term.value for term in row))
"""
BARE_LOOKUP = """
import sys, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
text = '''SELECT ?p ?o WHERE { ?e <http://www.w3.org/2004/02/skos/core#prefLabel> ?l .
  FILTER(STR(?l) = "浙里办") ?e ?p ?o }'''
for row in store.query(text, use_default_graph_as_union=True):
    print(*(term.value for term in row))
"""


def timed(command: list[str], repeat: int) -> list[float]:
    subprocess.run(command, check=True, capture_output=True, cwd=REPO)  # warm the page cache, fail early
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=REPO)
        samples.append(time.perf_counter() - started)
    return samples


def shown(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.0f} ms ({min(samples) * 1000:.0f}–{max(samples) * 1000:.0f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=REPO / "dist")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--question", default="organization-founding-year")
    args = parser.parse_args()
    dist = args.dist.resolve()
    store = str(dist / "store")
    bound = subprocess.run(
        [*DGKG, "query", args.question, "--dist", str(dist), "--show-query"], check=True, capture_output=True, text=True, cwd=REPO
    ).stdout
    query_file = dist / "cli-bench-query.rq"
    query_file.write_text(bound, encoding="utf-8")
    python = [sys.executable, "-c"]
    cases = [
        ("dgkg --version", [*DGKG, "--version"], [*python, BARE_IMPORT]),
        ("dgkg --help", [*DGKG, "--help"], [*python, BARE_IMPORT]),
        (
            f"dgkg query {args.question}",
            [*DGKG, "query", args.question, "--dist", str(dist)],
            [*python, BARE_QUERY, store, str(query_file)],
        ),
        ("dgkg lookup 浙里办", [*DGKG, "lookup", "浙里办", "--dist", str(dist)], [*python, BARE_LOOKUP, store]),
    ]
    print("| command | dgkg | bare python + pyoxigraph | ratio |")
    print("|---|---|---|---|")
    for name, ours, bare in cases:
        mine, floor = timed(ours, args.repeat), timed(bare, args.repeat)
        ratio = statistics.median(mine) / statistics.median(floor)
        print(f"| `{name}` | {shown(mine)} | {shown(floor)} | {ratio:.1f}× |", flush=True)
    query_file.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
