"""Explorer benchmark: page generation, HTML size, open time and redraw time, new against old.

    .venv/bin/pip install -e '.[bench]'                               # pyvis, for the old explorer
    .venv/bin/python benchmarks/viz_bench.py                          # 624 (real dist/), 5k, 20k, 50k
    .venv/bin/python benchmarks/viz_bench.py --sizes 5000 --old-max 5000 --baseline 949f12d

Graphs are `synthetic_model(n)` (tests/viz_sample.py: the real graph's class mix, hubs,
places, years and literal pairs), and the real graph from dist/ when it is built. "new" is
this tree's explorer (sigma.js, Python layout by igraph, a summary by groups above a few
thousand entities); "old" is the explorer at --baseline (pyvis/vis-network, hand-written force
layout), run from `git archive` of that commit in a subprocess, on the same graph.

- generate s: Views from the model (PageRank, facets, search keys) + layout + render, i.e.
  everything after the graph is loaded; the model itself is shared by every view.
- open ms: navigation start to the first complete frame (body[data-ready]), headless Chromium
  (Debian's, --disable-gpu: WebGL runs on SwiftShader), every non-file request blocked.
- redraw ms: one full frame of what is on screen, median of 5: main-thread time (new: sigma's
  render with our label layer; old: vis-network's redraw(), a 2D canvas, so all of it), and
  "gpu ms" until the frame is rasterised (a readPixels; here SwiftShader, software WebGL on two
  cores, which a machine with any GPU does in a fraction of that).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402
from viz_sample import synthetic_model  # noqa: E402

from bench.browser import CHROMIUM, LAUNCH_ARGS, REDRAW as NEW_REDRAW, browse  # noqa: E402
from viz import Views, render_explorer, write_page  # noqa: E402

BASELINE = "949f12d"  # the last commit with the pyvis explorer
REDRAW = {
    "new": NEW_REDRAW,
    "old": "(() => { const t = performance.now(); window.dgkg.network.redraw(); const d = performance.now() - t;"
    " return [d, d]; })()",
}

# Run by the old tree's Python in a subprocess: same synthetic graph, old viz package.
OLD_GENERATOR = """
import sys, time
sys.path[:0] = [{old!r}, {tests!r}, {repo!r}]
from pathlib import Path
from viz_sample import synthetic_model
from viz import Views, load_model, render_explorer, write_page
size, out = {size}, Path({out!r})
model = load_model(Path({dist!r})) if size == 0 else synthetic_model(size)
started = time.perf_counter()
html = render_explorer(Views(model))
write_page(out, html)
print(time.perf_counter() - started)
"""


def generate_new(size: int, dist: Path | None, out: Path) -> float:
    model = Views.from_dist(dist).model if size == 0 and dist else synthetic_model(size)
    started = time.perf_counter()
    write_page(out, render_explorer(Views(model)))
    return time.perf_counter() - started


def generate_old(old_tree: Path, size: int, dist: Path | None, out: Path) -> float:
    code = OLD_GENERATOR.format(
        old=str(old_tree), tests=str(REPO / "tests"), repo=str(REPO), size=size, out=str(out), dist=str(dist or "")
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=REPO / "dist", help="built graph for the 624 row (default dist/)")
    parser.add_argument("--sizes", type=int, nargs="*", default=[5000, 20000, 50000], help="synthetic graph sizes")
    parser.add_argument("--baseline", default=BASELINE, help="commit of the old explorer (default %(default)s)")
    parser.add_argument(
        "--old-max", type=int, default=20000, help="largest graph to measure the old explorer on (50k takes it minutes)"
    )
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for a page to open")
    parser.add_argument("--json", type=Path, help="also write the rows here")
    args = parser.parse_args()
    dist = args.dist if (args.dist / "dgkg.trig").exists() else None
    sizes = ([0] if dist else [624]) + args.sizes
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        work = Path(tmp)
        old_tree = work / "old"
        old_tree.mkdir()
        archive = subprocess.run(["git", "-C", str(REPO), "archive", args.baseline, "viz"], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(old_tree)], input=archive.stdout, check=True)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        print("entities | kind | generate s | HTML MB | open ms | redraw ms | gpu ms", flush=True)
        for size in sizes:
            label = 624 if size == 0 else size
            row: dict[str, object] = {"entities": label, "graph": "real" if size == 0 else "synthetic"}
            for kind in ("new", "old"):
                if kind == "old" and label > args.old_max:
                    continue
                out = work / f"{kind}-{label}.html"
                seconds = generate_new(size, dist, out) if kind == "new" else generate_old(old_tree, size, dist, out)
                opened, redraw, gpu = browse(browser, out, REDRAW[kind], args.timeout)
                row[kind] = {
                    "generate_s": seconds,
                    "html_mb": out.stat().st_size / 1e6,
                    "open_ms": opened,
                    "redraw_ms": redraw,
                    "gpu_ms": gpu,
                }
                print(
                    f"{label} | {kind} | {seconds:.1f} | {out.stat().st_size / 1e6:.1f} | {opened:.0f} | {redraw:.1f}"
                    f" | {gpu:.1f}",
                    flush=True,
                )
            if "old" in row:
                new, old = row["new"], row["old"]
                assert isinstance(new, dict) and isinstance(old, dict)
                ratios = {key: old[key] / new[key] for key in new if new[key]}
                row["old/new"] = ratios
                print(
                    f"{label} | old/new | "
                    + " | ".join(f"{ratios[k]:.1f}x" for k in ("generate_s", "html_mb", "open_ms", "redraw_ms")),
                    flush=True,
                )
            rows.append(row)
        browser.close()
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
