"""Explorer benchmark: HTML size and time to a stable drawing, precomputed layout vs vis physics.

    .venv/bin/python benchmarks/viz_bench.py                 # the built graph in dist/
    .venv/bin/python benchmarks/viz_bench.py --synthetic 500 2000

For each graph the explorer is rendered twice: with networkx positions and physics off (what
dgkg ships) and with vis-network's physics settling the layout in the browser (pyvis's
default). Each page is opened in Debian's headless Chromium with every non-file request
blocked. "first" is the time from navigation start to the first frame drawn (with physics,
vis draws once its stabilisation iterations are done, and then keeps moving); "stable" is the
first frame once positions are final (with physics, after vis's `stabilized` event; "timeout"
when that did not happen within --timeout). "render" is the Python side.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from viz_sample import sample_graph  # noqa: E402

from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from viz import PHYSICS, POSITIONS, Views, model_from_knowledge_graph, render_explorer, write_page  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]


def load_times(browser, page_path: Path, timeout_s: float) -> tuple[float | None, float | None]:
    """Milliseconds from navigation start to the first frame and to a stable drawing (None: timed out)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
                  else route.abort())
    page = context.new_page()
    page.goto(page_path.as_uri())
    try:
        page.wait_for_function("window.dgkg && window.dgkg.firstDrawMs !== null", timeout=timeout_s * 1000)
        first = float(page.evaluate("window.dgkg.firstDrawMs"))
        page.wait_for_function("window.dgkg.ready", timeout=timeout_s * 1000)
        return first, float(page.evaluate("window.dgkg.stableMs"))
    except PlaywrightTimeout:  # a timeout is a result here, not a failure
        first = page.evaluate("window.dgkg ? window.dgkg.firstDrawMs : null")
        return first, None
    finally:
        context.close()


def measure(browser, name: str, views: Views, workdir: Path, timeout_s: float, runs: int) -> dict:
    row: dict[str, object] = {"graph": name, "entities": len(views.model.entities),
                              "links": views.analysis.graph.number_of_edges()}
    for layout in (POSITIONS, PHYSICS):
        started = time.perf_counter()
        html = render_explorer(views, layout=layout)
        row[f"{layout} render s"] = time.perf_counter() - started
        path = workdir / f"{name}-{layout}.html"
        write_page(path, html)
        row[f"{layout} kB"] = path.stat().st_size / 1024
        firsts: list[float] = []
        stables: list[float] = []
        for _ in range(runs):
            first, stable = load_times(browser, path, timeout_s)
            firsts.append(first)
            if stable is None:  # one timeout is the answer; repeating it only costs minutes
                break
            stables.append(stable)
        row[f"{layout} first ms"] = _median(firsts)
        row[f"{layout} stable ms"] = _median(stables) if len(stables) == runs else None
    ours = row[f"{POSITIONS} stable ms"]
    for kind in ("first", "stable"):
        theirs = row[f"{PHYSICS} {kind} ms"]
        row[f"physics {kind} / positions"] = theirs / ours if theirs and ours else None
    return row


COLUMNS = ["graph", "entities", "links", "positions render s", "positions kB", "positions stable ms",
           "physics kB", "physics first ms", "physics stable ms", "physics first / positions",
           "physics stable / positions"]


def _median(values: list[float | None]) -> float | None:
    known = sorted(v for v in values if v is not None)
    return known[len(known) // 2] if known else None


def show_header() -> None:
    print(" | ".join(COLUMNS), flush=True)


def show(row: dict) -> None:
    """One graph's row, printed as soon as it is measured (a physics timeout takes minutes)."""
    cells = []
    for column in COLUMNS:
        value = row.get(column)
        cells.append("timeout" if value is None else f"{value:,.2f}" if isinstance(value, float) else str(value))
    print(" | ".join(cells), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=REPO / "dist", help="built graph (default dist/)")
    parser.add_argument("--synthetic", type=int, nargs="*", default=[],
                        help="also the sample graph grown by these numbers of synthetic entities")
    parser.add_argument("--runs", type=int, default=3, help="page loads per measurement (median kept)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait for a stable drawing")
    args = parser.parse_args()
    graphs: list[tuple[str, Views]] = []
    if (args.dist / "dgkg.trig").exists():
        graphs.append(("dist", Views.from_dist(args.dist)))
    for extra in args.synthetic:
        graphs.append((f"sample+{extra}", Views(model_from_knowledge_graph(sample_graph(extra)))))
    if not graphs:
        print(f"nothing to measure: {args.dist}/dgkg.trig is missing (run `dgkg build`) and no --synthetic sizes",
              file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        show_header()
        for name, views in graphs:
            show(measure(browser, name, views, Path(tmp), args.timeout, args.runs))
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
