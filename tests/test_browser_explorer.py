"""The pages in headless Chromium, offline, as a reader uses them.

Debian's /usr/bin/chromium, driven by Playwright's Python API (never `playwright install`,
which downloads a browser). Every request that is not file:, data: or loopback is aborted
and recorded, and each test asserts that none was attempted. The hostile-label checks run
with the pages' Content-Security-Policy bypassed, so that they test the escaping itself and
not the CSP that would otherwise hide a failure of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pyoxigraph
import pytest
from bench.browser import CHROMIUM, LAUNCH_ARGS
from viz_sample import HOSTILE, HOSTILE_QUOTE, REPO, write_sample_dist

from viz import Views, render_explorer, write_page

ARTIFACTS = REPO / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (make setup)"),
]


@dataclass
class Visit:
    page: object
    console_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def check_clean(self) -> None:
        assert self.blocked == [], f"requests to other hosts: {self.blocked}"
        assert self.console_errors == [], self.console_errors
        assert self.dialogs == [], f"a dialog opened: {self.dialogs}"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def visit(browser):
    contexts = []

    def open_page(path: Path, fragment: str = "", bypass_csp: bool = False, wait_ready: bool = True) -> Visit:
        context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=bypass_csp)
        contexts.append(context)
        page = context.new_page()
        seen = Visit(page)

        def route(request_route) -> None:
            url = request_route.request.url
            host = urlparse(url).hostname
            if url.startswith(("file:", "data:")) or host in ("127.0.0.1", "localhost", "::1"):
                request_route.continue_()
            else:
                seen.blocked.append(url)
                request_route.abort()

        context.route("**/*", route)
        page.on("console", lambda message: message.type == "error" and seen.console_errors.append(message.text))
        page.on("pageerror", lambda error: seen.console_errors.append(str(error)))
        page.on("dialog", lambda dialog: (seen.dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(path.resolve().as_uri() + fragment)
        if wait_ready:
            page.wait_for_selector("body[data-ready='true']", state="attached", timeout=120_000)
        return seen

    yield open_page
    for context in contexts:
        context.close()


def node_point(page, slug: str) -> tuple[float, float]:
    """Where the node is drawn on the page, in CSS pixels."""
    point = page.evaluate("slug => window.dgkg.screenPosition(slug)", slug)
    box = page.locator("#network").bounding_box()
    return box["x"] + point["x"], box["y"] + point["y"]


def click_node(page, slug: str) -> None:
    """Click where the node is drawn, as a reader would."""
    page.mouse.click(*node_point(page, slug))


# --- labels are data: the sample graph's hostile label and quote in every page -----------------


@pytest.fixture(scope="module")
def sample_dist(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("browser") / "dist"
    write_sample_dist(dist)
    write_page(
        dist / "viz" / "neighbourhood" / "hostile-concept.html",
        render_explorer(Views.from_dist(dist), focus="hostile-concept", depth=1, entity_pages="../../site/{slug}.html"),
    )
    return dist


def assert_no_injected_markup(page) -> None:
    assert page.evaluate("document.querySelectorAll('img, [onerror], b').length") == 0


@pytest.mark.parametrize("page_path", ["viz/index.html", "viz/neighbourhood/hostile-concept.html"])
def test_hostile_label_and_quote_show_as_text_in_the_explorers(visit, sample_dist: Path, page_path: str):
    seen = visit(sample_dist / page_path, bypass_csp=True)
    page = seen.page
    page.fill("#search", "<img src=x")
    page.locator("#results button[data-slug='hostile-concept']").click()
    assert page.locator("#details h2").text_content() == HOSTILE
    assert HOSTILE_QUOTE in page.locator("#details").text_content()
    page.evaluate("window.dgkg.select('zheliban')")
    assert HOSTILE in page.locator("#details").text_content()  # listed among what links to 浙里办
    page.mouse.move(*node_point(page, "hostile-concept"))
    page.wait_for_selector("#tooltip:not([hidden])")
    assert page.locator("#tooltip").text_content().startswith(HOSTILE)
    page.locator("[data-lang='en']").click()
    assert_no_injected_markup(page)
    seen.check_clean()


def test_hostile_label_shows_as_text_on_the_timeline(visit, sample_dist: Path):
    seen = visit(sample_dist / "viz" / "timeline.html", bypass_csp=True, wait_ready=False)
    link = seen.page.locator("a[href$='hostile-meeting.html']")
    assert HOSTILE in link.text_content()
    seen.page.locator("#lang-en").click()
    assert link.locator("[lang='en']").text_content() == HOSTILE + " meeting"
    assert_no_injected_markup(seen.page)
    seen.check_clean()


def test_hostile_label_and_quote_show_as_text_on_entity_pages(visit, sample_dist: Path):
    seen = visit(sample_dist / "site" / "hostile-concept.html", bypass_csp=True, wait_ready=False)
    page = seen.page
    assert page.locator("h1 span[lang='zh-Hans']").text_content() == HOSTILE
    assert HOSTILE_QUOTE in page.locator("table.facts").text_content()
    assert_no_injected_markup(page)
    seen.check_clean()
    seen = visit(sample_dist / "site" / "zheliban.html", bypass_csp=True, wait_ready=False)
    assert seen.page.locator("svg.picture a[href='hostile-concept.html'] title").text_content() == f"{HOSTILE} · {HOSTILE}"
    assert HOSTILE in seen.page.locator("ul.neighbours").text_content()
    assert_no_injected_markup(seen.page)
    seen.check_clean()


def test_region_and_period_filters_show_what_lies_in_them(visit, sample_dist: Path):
    seen = visit(sample_dist / "viz" / "index.html")
    page = seen.page
    shown = "window.dgkg.visibleNodes().sort()"
    page.select_option("#region", "zhejiang")  # places within places: 杭州 lies in 浙江
    assert page.evaluate(shown) == ["hangzhou", "run-at-most-once", "zhejiang", "zhejiang-big-data-bureau", "zheliban"]
    page.select_option("#region", "")
    page.select_option("#stage", "stage-e-government")  # 2002–2014
    assert page.input_value("#year-from") == "2002" and page.input_value("#year-to") == "2014"
    visible = page.evaluate(shown)
    assert "zheliban" in visible and "stage-e-government" in visible  # launched 2014; the stage itself
    assert "national-data-administration" not in visible and "three-golden-projects" not in visible
    assert "lonely-concept" in visible  # undated entities stay unless asked
    page.locator("#undated").uncheck()
    assert "lonely-concept" not in page.evaluate(shown)
    seen.check_clean()


def test_hash_opens_a_neighbourhood_in_the_whole_graph_page(visit, sample_dist: Path):
    seen = visit(sample_dist / "viz" / "index.html", fragment="#focus=zheliban&depth=1")
    page = seen.page
    assert page.evaluate("window.dgkg.shown") == 5
    assert page.locator("#details h2").text_content() == "浙里办"
    page.locator("#show-all").click()
    assert page.evaluate("window.dgkg.shown") == page.evaluate("window.dgkg.data.nodes.id.length")
    seen.check_clean()


# --- the real graph, as a researcher uses it -------------------------------------------------


@pytest.fixture(scope="module")
def real_dist(built_dist: Path) -> Path:
    return built_dist


def entity_count(dist: Path) -> int:
    """Entities counted straight from the TriG: typed resources in claim graphs (not the views' model)."""
    store = pyoxigraph.Store()
    store.bulk_load(path=str(dist / "dgkg.trig"), format=pyoxigraph.RdfFormat.TRIG)
    query = """SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
                 GRAPH ?provenance { ?claim a <https://w3id.org/dgkg/ontology#Claim> }
                 GRAPH ?claim { ?s a ?class } }"""
    return int(next(iter(store.query(query)))["n"].value)


@pytest.fixture
def explorer(visit, real_dist: Path) -> Visit:
    return visit(real_dist / "viz" / "index.html")


def test_explorer_loads_offline_and_draws_every_entity(explorer: Visit, real_dist: Path):
    page = explorer.page
    count = entity_count(real_dist)
    assert page.evaluate("window.dgkg.visibleNodes().length") == count
    assert page.evaluate("window.dgkg.shown") == count
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "explorer.png"))
    explorer.check_clean()


@pytest.mark.parametrize("typed", ["浙里办", "浙裏辦", "Zhelibang"])
def test_search_finds_zheliban_by_any_name(explorer: Visit, typed: str):
    page = explorer.page
    page.fill("#search", typed)
    assert page.locator("#results button").first.get_attribute("data-slug") == "zheliban"
    page.press("#search", "Enter")
    assert page.locator("#details h2").text_content() == "浙里办"
    assert page.evaluate("window.dgkg.selected()") == "zheliban"
    explorer.check_clean()


def test_click_opens_details_with_sources_and_quotes(explorer: Visit):
    page = explorer.page
    click_node(page, "zheliban")
    assert page.locator("#details").is_visible()
    assert page.locator("#details h2").text_content() == "浙里办"
    assert page.locator("#details .quote").count() >= 1
    assert page.locator("#details .source").first.text_content().strip()
    assert page.locator("#entity-page-link").get_attribute("href") == "../site/zheliban.html"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "explorer-zheliban.png"))
    explorer.check_clean()


def test_class_filter_hides_that_class_and_only_it(explorer: Visit):
    page = explorer.page
    nodes = page.evaluate("window.dgkg.data.nodes")
    top = nodes["c"][nodes["id"].index("zheliban")]
    expected = nodes["c"].count(top)
    total = len(nodes["id"])
    page.locator(f"[data-class-index='{top}']").uncheck()
    drawn = set(page.evaluate("window.dgkg.visibleNodes()"))
    hidden = [slug for slug in nodes["id"] if slug not in drawn]
    assert len(hidden) == expected and "zheliban" in hidden
    assert page.evaluate("window.dgkg.shown") == total - expected
    page.locator("#reset").click()
    assert page.evaluate("window.dgkg.shown") == total
    explorer.check_clean()


def test_language_toggle_relabels_nodes(explorer: Visit):
    page = explorer.page
    page.locator("[data-lang='en']").click()
    nodes = page.evaluate("window.dgkg.data.nodes")
    english = nodes["en"][nodes["id"].index("zheliban")]
    assert english.startswith("Zheliban") and page.evaluate("window.dgkg.nodeLabel('zheliban')") == english
    page.locator("[data-lang='zh-hans']").click()
    assert page.evaluate("window.dgkg.nodeLabel('zheliban')") == "浙里办"
    explorer.check_clean()


def test_timeline_and_entity_page_load_clean(visit, real_dist: Path):
    ARTIFACTS.mkdir(exist_ok=True)
    seen = visit(real_dist / "viz" / "timeline.html", wait_ready=False)
    seen.page.screenshot(path=str(ARTIFACTS / "timeline.png"), full_page=True)
    seen.check_clean()
    seen = visit(real_dist / "site" / "zheliban.html", wait_ready=False)
    assert seen.page.locator("h1 span[lang='zh-Hans']").text_content() == "浙里办"
    assert seen.page.locator("blockquote.quote").count() >= 1
    seen.page.screenshot(path=str(ARTIFACTS / "entity-zheliban.png"), full_page=True)
    seen.check_clean()
