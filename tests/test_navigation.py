"""One navigation bar and one language choice across the four page kinds, in headless Chromium.

The explorer, the timeline, the entity pages (and their index) and the ontology docs of a real
build, opened from file:// with every other request aborted. Screenshots go to
test-artifacts/nav-*.png for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect
from bench.browser import CHROMIUM, LAUNCH_ARGS
from viz_sample import REPO

ARTIFACTS = REPO / "test-artifacts"
PAGES = {
    "explorer": "viz/index.html",
    "timeline": "viz/timeline.html",
    "entity": "site/zheliban.html",
    "index": "site/index.html",
    "source": "site/sources/liao-2021-typology.html",
    "docs": "docs/index.html",
}
NAV_ZH = ["图谱", "时间线", "实体", "文献", "本体文档"]
NAV_EN = ["Explorer", "Timeline", "Entities", "Sources", "Ontology docs"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (make setup)"),
]


@pytest.fixture(scope="module")
def context(built_dist: Path) -> Iterator[object]:
    """One browser context for the module, as one reader: localStorage is shared between its pages."""
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []

    def route(request_route) -> None:
        url = request_route.request.url
        if url.startswith(("file:", "data:")) or urlparse(url).hostname in ("127.0.0.1", "localhost", "::1"):
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        ctx.route("**/*", route)
        yield ctx
        browser.close()
    assert blocked == [], f"requests to other hosts: {blocked}"


@pytest.fixture
def page(context) -> Iterator[object]:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    page.evaluate("localStorage.clear()")  # the next test starts in the default language
    page.close()
    assert errors == [], errors


def open_kind(page, dist: Path, kind: str, fragment: str = "") -> None:
    page.goto((dist / PAGES[kind]).resolve().as_uri() + fragment)
    if kind == "explorer":
        page.wait_for_selector("body[data-ready='true']", state="attached", timeout=60_000)


def nav_texts(page) -> list[str]:
    return page.locator("nav.dgkg-nav a").all_text_contents()


def test_every_page_kind_has_the_same_bar(page, built_dist: Path):
    ARTIFACTS.mkdir(exist_ok=True)
    for kind in PAGES:
        open_kind(page, built_dist, kind)
        assert page.locator("nav.dgkg-nav").count() == 1, kind
        assert nav_texts(page) == NAV_ZH, kind
        assert page.locator("nav.dgkg-nav #lang-en").is_visible(), kind
        page.screenshot(path=str(ARTIFACTS / f"nav-{kind}.png"))
    # every link of the bar leads to a page of the build
    hrefs = page.locator("nav.dgkg-nav a").evaluate_all("links => links.map(a => a.href)")
    for href in hrefs:
        assert Path(urlparse(href).path).exists(), href


def test_language_choice_carries_across_pages(page, built_dist: Path):
    open_kind(page, built_dist, "timeline")
    page.locator("#lang-en").click()
    assert page.evaluate("document.documentElement.lang") == "en" and nav_texts(page) == NAV_EN
    page.locator("nav.dgkg-nav a", has_text="Entities").click()
    page.wait_for_load_state()
    assert page.url.endswith("site/index.html#lang=en")
    assert nav_texts(page) == NAV_EN and page.evaluate("document.documentElement.lang") == "en"
    page.locator("nav.dgkg-nav a", has_text="Explorer").click()
    page.wait_for_selector("body[data-ready='true']", state="attached", timeout=60_000)
    assert page.locator("[data-lang='en']").get_attribute("aria-pressed") == "true"
    assert page.locator("#search").get_attribute("placeholder") is not None
    assert page.locator("#sidebar h2").first.text_content() == "Find"  # the explorer's own text follows
    page.locator("[data-lang='zh-hans']").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    # Chromium hands a page's storage write to other documents asynchronously: wait until another
    # page of the build sees it (opening one must not write the older choice back), then go on.
    # Polled on a timer: the default, animation frames, can stall in a page that is not in front.
    other = page.context.new_page()
    open_kind(other, built_dist, "docs")
    other.wait_for_function("localStorage.getItem('dgkg-lang') === 'zh-hans'", polling=100, timeout=30_000)
    other.close()
    # no hash this time: the stored choice alone carries it
    open_kind(page, built_dist, "docs")
    assert nav_texts(page) == NAV_ZH and page.evaluate("document.documentElement.lang") == "zh-Hans"
    page.locator("#lang-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")  # the choice is stored before we leave the page
    open_kind(page, built_dist, "entity")
    assert nav_texts(page) == NAV_EN
    page.screenshot(path=str(ARTIFACTS / "nav-entity-en.png"))


def test_docs_page_does_not_overflow_at_1280(page, built_dist: Path):
    open_kind(page, built_dist, "docs")
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1] + 1, widths


LABELS = """() => {
  const timeline = document.querySelector('.timeline').getBoundingClientRect();
  return [...document.querySelectorAll('.lane-body .item a')].map(a => {
    const box = a.getBoundingClientRect();
    const style = getComputedStyle(a);
    return {text: a.textContent.trim(), scroll: a.scrollWidth, client: a.clientWidth, left: box.left,
            right: box.right, top: box.top, bottom: box.bottom, lane: a.closest('.lane').getAttribute('aria-label'),
            inside: box.left >= timeline.left - 1 && box.right <= timeline.right + 1,
            color: style.color, background: style.backgroundColor,
            year: getComputedStyle(a.querySelector('.year')).color};
  });
}"""


def _rgb(css: str) -> tuple[float, ...]:
    parts = [float(p) for p in css[css.index("(") + 1 : -1].split(",")]
    return tuple(parts)


def _luminance(rgb: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(ink: str, chip: str) -> float:
    """Contrast of text on its chip, the chip (alpha) over the worst background behind it: black."""
    fg, bg = _rgb(ink), _rgb(chip)
    alpha = bg[3] if len(bg) == 4 else 1.0
    over_black = tuple(c * alpha for c in bg[:3])
    light, dark = sorted((_luminance(fg), _luminance(over_black)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_timeline_labels_are_whole_readable_and_apart(page, built_dist: Path, lang: str):
    open_kind(page, built_dist, "timeline")
    if lang == "en":
        page.locator("#lang-en").click()
    labels = page.evaluate(LABELS)
    assert len(labels) > 30
    for label in labels:
        assert label["scroll"] <= label["client"], label  # nothing cut inside the label
        assert label["inside"], label  # nor by the timeline's edge
        assert _contrast(label["color"], label["background"]) >= 4.5, label
        assert _contrast(label["year"], label["background"]) >= 4.5, label
    for i, one in enumerate(labels):  # no two labels overlap, wrapped ones included
        for other in labels[i + 1 :]:
            apart = (
                one["right"] <= other["left"] + 1
                or other["right"] <= one["left"] + 1
                or one["bottom"] <= other["top"] + 1
                or other["bottom"] <= one["top"] + 1
            )
            assert apart, (one["text"], other["text"])
    page.locator(".timeline").screenshot(path=str(ARTIFACTS / f"nav-timeline-labels-{lang}.png"))


def test_entity_page_links_its_data(page, built_dist: Path):
    open_kind(page, built_dist, "entity")
    formats = page.locator(".data-links a[data-format]")
    assert formats.all_text_contents() == ["Turtle", "JSON-LD", "N-Triples"]
    assert [formats.nth(i).get_attribute("href") for i in range(3)] == ["zheliban.ttl", "zheliban.jsonld", "zheliban.nt"]
