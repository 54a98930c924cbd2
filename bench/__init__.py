"""Scale, measured: synthetic graphs shaped like the curated one, and the bench that times every
stage against its reference (pyoxigraph, oxigraph, rdflib) at growing sizes.

The room's door: callers use only what is imported here.

    summary = generate(100_000, seed=1, out=Path("/tmp/sources"))   # a sources tree for dgkg build
    results = bench([10_000, 100_000], Path("dist.bench"), repeats=5, progress=print)
    write(results, Path("dist.bench"))                               # report.md, bench.json, *.svg
"""

from bench.generate import GenerateError, Summary, check_size, generate
from bench.report import write
from bench.runner import bench, label, parse_size

__all__ = ["GenerateError", "Summary", "bench", "check_size", "generate", "label", "parse_size", "write"]
