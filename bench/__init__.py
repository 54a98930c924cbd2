"""Scale, measured: synthetic graphs shaped like the curated one, and the bench that times every
stage against its reference (pyoxigraph, oxigraph, rdflib) at growing sizes.

The room's door: callers use only what is imported here.

    summary = generate(100_000, seed=1, out=Path("/tmp/sources"))   # a sources tree for dgkg build
    results = bench([10_000, 100_000], Path("dist.bench"), repeats=5, progress=print)
    write(results, Path("dist.bench"))                               # report.md, bench.json, *.svg
"""

import lazy_loader

# Each name is imported when first used (the names are in __init__.pyi), so `dgkg bench --help`
# pays only for the sizes.
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
