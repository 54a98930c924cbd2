"""The explorer page in headless Chromium, as a reader opens it, offline.

`python -m bench.browser PAGE` prints, as JSON, the page's size, the time from navigation to its
first complete frame, and one redraw of what is on screen (median of 5: the main thread's time,
and until the frame is rasterised). Debian's Chromium with --disable-gpu draws WebGL in software
(SwiftShader) on the CPU, so a machine with any GPU redraws in a fraction of that. Every request
that is not file: or data: is aborted. benchmarks/viz_bench.py browses its pages the same way.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REDRAW = "window.dgkg.redraw()"  # [main-thread ms, until rasterised ms] of one full frame (viz/static/explorer.js)
TIMEOUT_S = 600


def browse(browser: Any, path: Path, redraw: str = REDRAW, timeout_s: float = TIMEOUT_S) -> tuple[float, float, float]:
    """(open ms, redraw ms, redraw until rasterised ms) of a page, in a fresh context of `browser`
    (Playwright's)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:")) else route.abort())
    page = context.new_page()
    try:
        page.goto(path.resolve().as_uri(), timeout=timeout_s * 1000)
        page.wait_for_selector("body[data-ready='true']", state="attached", timeout=timeout_s * 1000)
        opened = float(page.evaluate("window.dgkg.stableMs"))
        redraws = [page.evaluate(redraw) for _ in range(5)]
        return opened, statistics.median(r[0] for r in redraws), statistics.median(r[1] for r in redraws)
    finally:
        context.close()


def measure(path: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright  # only where a browser is asked for

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            opened, redraw, rasterised = browse(browser, path)
        finally:
            browser.close()
    return {"html_mb": path.stat().st_size / 1e6, "open_ms": opened, "redraw_ms": redraw, "rasterised_ms": rasterised}


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]))))
