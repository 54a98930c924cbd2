"""How far `dgkg export` is from Oxigraph's own converter, per format.

Run by hand after `dgkg build` (it is not a test: timings depend on the machine):

    .venv/bin/python benchmarks/export_bench.py [--dist dist] [--repeat 5]

For every RDF format of `dgkg export` it reports the median of ``--repeat`` runs of

* whole process: `dgkg export --format F` against `oxigraph convert` writing the same content
  (quad formats from dist/dgkg.trig; triple formats from dist/dgkg.nt, the asserted triples
  `dgkg export` writes, since `oxigraph convert` cannot merge named graphs into one graph);
* in process: ``publish.load`` + ``publish.export`` against ``pyoxigraph.parse`` + ``serialize``;

and the ratio dgkg / Oxigraph of each (issue #13's target: at most 2 whole process). Oxigraph
neither canonicalises blank nodes, sorts, nor compacts JSON-LD; `dgkg export` needs neither
either, except to compact JSON-LD, since the build's dumps are canonical already (publish.source).
The first line is the floor of any `dgkg export`: the process starting and importing its rooms
(`dgkg export --help`), beside a Python process that imports pyoxigraph only.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.measure import DGKG  # noqa: E402  (the console script, as users run it)
from publish import FORMATS, export, load  # noqa: E402

OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def median_s(run: Callable[[], object], repeat: int) -> float:
    run()  # warm caches (and fail early)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def command(*args: str) -> Callable[[], object]:
    def run() -> object:
        return subprocess.run(args, check=True, capture_output=True, cwd=REPO)

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", type=Path, default=REPO / "dist")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    dist = args.dist.resolve()
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    out = Path(tempfile.mkdtemp(prefix="export-bench-"))
    print(f"median of {args.repeat} runs, {dist}")
    start = median_s(command(*DGKG, "export", "--help"), args.repeat)
    bare = median_s(command(sys.executable, "-c", "import pyoxigraph"), args.repeat)
    print(f"start-up: dgkg export --help {start:.2f}s, python -c 'import pyoxigraph' {bare:.2f}s")
    print(f"{'format':<9} {'dgkg':>8} {'oxigraph':>9} {'ratio':>6}   {'dgkg':>8} {'pyoxigraph':>10} {'ratio':>6}")
    print(f"{'':<9} {'whole process':^25}   {'in process':^26}")
    for name in FORMATS:
        fmt = OX_FORMATS[name]
        quads = fmt.supports_datasets
        source = dist / ("dgkg.trig" if quads else "dgkg.nt")
        target = out / f"{name}.{fmt.file_extension}"
        dgkg = command(*DGKG, "export", "--format", name, "--dist", str(dist), "-o", str(target))
        convert = command(oxigraph, "convert", "-f", str(source), "-t", str(target), "--to-format", fmt.media_type)
        dgkg_cli, ox_cli = median_s(dgkg, args.repeat), median_s(convert, args.repeat)

        def in_dgkg(name: str = name, target: Path = target) -> object:
            return export(load(dist), name, target)

        def in_ox(source: Path = source, fmt: ox.RdfFormat = fmt, quads: bool = quads) -> object:
            parsed = ox.parse(path=str(source))
            return ox.serialize(parsed if quads else (q.triple for q in parsed), format=fmt)

        dgkg_py, ox_py = median_s(in_dgkg, args.repeat), median_s(in_ox, args.repeat)
        print(
            f"{name:<9} {dgkg_cli:7.2f}s {ox_cli:8.2f}s {dgkg_cli / ox_cli:5.1f}×   "
            f"{dgkg_py:7.2f}s {ox_py:9.2f}s {dgkg_py / ox_py:5.1f}×"
        )
    shutil.rmtree(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
