"""Explorer benchmark: HTML size and time to a stable drawing, precomputed layout vs vis physics.

    .venv/bin/python benchmarks/viz_bench.py                 # the built graph in dist/
    .venv/bin/python benchmarks/viz_bench.py --synthetic 500 2000

For each graph the explorer is rendered twice: with networkx positions and physics off (what
dgkg ships) and with vis-network's physics settling the layout in the browser (pyvis's
default). Each page is opened in Debian's headless Chromium with every non-file request
blocked; "stable" is the time from navigation start until the first frame drawn after the
network is final (for physics, after its `stabilized` event). Render is the Python side.
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

from viz import PHYSICS, POSITIONS, Views, model_from_knowledge_graph, render_explorer, write_page  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]


def time_to_stable(browser, page_path: Path, timeout_s: float) -> float | None:
    """Milliseconds from navigation start to a stable drawing; None if it took longer than the timeout."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
               else route.abort())
    page.goto(page_path.as_uri())
    try:
        page.wait_for_selector("body[data-ready='true']", state="attached", timeout=timeout_s * 1000)
        return float(page.evaluate("window.dgkg.stableMs"))
    except Exception:  # noqa: BLE001 - a timeout is a result here, not a failure
        return None
    finally:
        page.close()


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
        times: list[float] = []
        for _ in range(runs):
            stable = time_to_stable(browser, path, timeout_s)
            if stable is None:  # one timeout is the answer; repeating it only costs minutes
                break
            times.append(stable)
        row[f"{layout} stable ms"] = sorted(times)[len(times) // 2] if len(times) == runs else None
    fast, slow = row[f"{POSITIONS} stable ms"], row[f"{PHYSICS} stable ms"]
    row["physics / positions"] = slow / fast if fast and slow else None
    return row


COLUMNS = ["graph", "entities", "links", "positions render s", "positions kB", "positions stable ms",
           "physics kB", "physics stable ms", "physics / positions"]


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

    from playwright.sync_api import sync_playwright

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
