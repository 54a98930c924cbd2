"""Source pages: a page for every document the claims come from (issue 12, item 4).

The citation is checked against what sources/records/documents.yaml records of each document;
the claims listed against the claims the built graph derives from it; each quote's paragraph
against the normalised text it was matched in. Browser tests open the pages from file://
offline, copy a citation as a reader would, and follow a fact's source from an entity page and
from the explorer to the quote. Screenshots go to test-artifacts/source-*.png.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pyoxigraph
import pytest
from playwright.sync_api import expect
from ruamel.yaml import YAML
from test_browser_explorer import ARTIFACTS, CHROMIUM, browser, visit  # noqa: F401
from test_deref import get, served  # noqa: F401 (the server fixture)
from viz_sample import HOSTILE_QUOTE, REPO, sample_graph

from viz import Views, model_from_knowledge_graph, render_source_page
from viz.source_texts import quoted_paragraphs

DGR = "https://w3id.org/dgkg/resource/"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
CLAIM = "https://w3id.org/dgkg/ontology#Claim"
QUOTE = "https://w3id.org/dgkg/ontology#quote"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
TEXTS = REPO / "sources" / "texts"
DOCUMENTS = [path.stem for path in sorted(TEXTS.glob("*.txt"))]

BROWSER_MARKS = (
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (make setup)"),
)


def in_browser(test):
    """The marks of a test that opens Chromium (this module's other tests need no browser)."""
    for mark in BROWSER_MARKS:
        test = mark(test)
    return test


def records() -> dict[str, dict]:
    """The bibliographic records of sources/records/documents.yaml, by id."""
    data = YAML(typ="safe").load((REPO / "sources" / "records" / "documents.yaml").read_text(encoding="utf-8"))
    return {entity["id"]: entity for entity in data["entities"]}


def recorded(document: dict, field: str) -> object:
    """A field the record states about the document (in any of its fact groups), or None."""
    return next((facts[field] for facts in document.get("facts", []) if field in facts), None)


def page_of(dist: Path, slug: str) -> str:
    return (dist / "site" / "sources" / f"{slug}.html").read_text(encoding="utf-8")


def citation(page: str, element: str) -> str:
    found = re.search(rf'id="{element}"[^>]*>(.*?)</', page, re.S)
    assert found, element
    return html.unescape(found.group(1))


def claims_of(dist: Path) -> dict[str, dict[str, str | None]]:
    """source slug -> claim IRI -> quote, from the built TriG (independently of the views' model)."""
    claims, sources, quotes = set(), {}, {}
    for quad in pyoxigraph.parse(path=str(dist / "dgkg.trig"), format=pyoxigraph.RdfFormat.TRIG):
        subject, predicate, value = quad.subject.value, quad.predicate.value, quad.object.value
        if predicate == RDF_TYPE and value == CLAIM:
            claims.add(subject)
        elif predicate == PROV_DERIVED:
            sources[subject] = value.removeprefix(DGR)
        elif predicate == QUOTE:
            quotes[subject] = value
    found: dict[str, dict[str, str | None]] = {}
    for claim in claims:
        found.setdefault(sources[claim], {})[claim] = quotes.get(claim)
    return found


# --- the citation: what the record gives, in the record's order, and nothing else ----------------


def test_a_journal_article_is_cited_in_gbt_7714(built_dist: Path) -> None:
    page = page_of(built_dist, "liao-2021-typology")
    assert citation(page, "cite-gbt") == "廖福崇. 政府治理数字化转型的类型学分析[J]. 中共天津市委党校学报, 2021(4): 86-95."


@pytest.mark.parametrize("slug", [slug for slug in DOCUMENTS if slug in records()])
def test_citations_give_what_the_record_gives_and_nothing_more(built_dist: Path, slug: str) -> None:
    document, people = records()[slug], records()
    page = page_of(built_dist, slug)
    gbt, bibtex = citation(page, "cite-gbt"), citation(page, "cite-bibtex")
    fields = dict(re.findall(r"^\s+(\w+) = \{(.*)\},?$", bibtex, re.M))
    authors = recorded(document, "author")
    names = [people[a]["label"]["zh-Hans"] for a in ([authors] if isinstance(authors, str) else authors or [])]
    assert gbt.startswith(", ".join(names) + ". ") if names else not fields.get("author")
    assert fields.get("author", "").split(" and ") == names or not names
    journal, year, issue = recorded(document, "journal"), recorded(document, "publicationYear"), recorded(document, "issueNumber")
    assert (journal is not None) == (f"{journal}, " in gbt) == ("journal" in fields)
    assert (year is not None) == ("year" in fields)
    if year is not None:
        assert fields["year"] == str(year) and (f"{year}({issue})" in gbt if issue else f"{year}." in gbt)
    pages, doi = recorded(document, "pages"), recorded(document, "doi")
    assert (pages is not None) == (f": {pages}." in gbt) == ("pages" in fields)
    assert (doi is not None) == (f"DOI:{doi}." in gbt) == ("doi" in fields)
    assert fields.get("pages") == (str(pages).replace("-", "--") if pages else None) and fields.get("doi") == doi
    assert ("[J]." in gbt) == (document["class"] == "JournalArticle") == bibtex.startswith("@article{")


def test_an_untitled_document_is_not_given_a_title(built_dist: Path) -> None:
    """The reprint's labels describe it: the citation brackets the description, BibTeX has no title."""
    page = page_of(built_dist, "zhejiang-holistic-governance")
    gbt, bibtex = citation(page, "cite-gbt"), citation(page, "cite-bibtex")
    assert gbt.startswith("[") and gbt.endswith("][Z].")
    assert "title =" not in bibtex and "note =" in bibtex


def test_a_field_the_text_does_not_give_is_said_to_be_missing(built_dist: Path) -> None:
    """The 2024 article's text names no journal: its record says so instead of leaving a gap (or filling it)."""
    assert recorded(records()["zeng-2024-holistic"], "journal") is None
    page = page_of(built_dist, "zeng-2024-holistic")
    row = re.search(r"<th>刊名 · journal</th><td>(.*?)</td>", page, re.S)
    assert row and "文本未给出" in row.group(1) and "journal =" not in citation(page, "cite-bibtex")


def test_the_index_lists_every_document_with_its_citation(built_dist: Path) -> None:
    index = (built_dist / "site" / "sources" / "index.html").read_text(encoding="utf-8")
    linked = re.findall(r'href="([^"]+)\.html" class="source-link"', index)
    assert sorted(linked) == sorted(claims_of(built_dist))
    assert html.escape("廖福崇. 政府治理数字化转型的类型学分析[J].", quote=False) in index


# --- the claims: every one once, each quote where it stands ------------------------------------


def test_every_claim_of_a_document_is_listed_once(built_dist: Path) -> None:
    for slug, claims in claims_of(built_dist).items():
        listed = re.findall(r'data-claim="([^"]+)"', page_of(built_dist, slug))
        assert len(listed) == len(set(listed)), slug
        assert set(listed) == set(claims), slug


def test_hostile_text_in_a_paragraph_stays_text(tmp_path: Path) -> None:
    """Paragraph and quote reach the page only through the autoescaping template."""
    model = model_from_knowledge_graph(sample_graph())
    lines = [f"<i>before {n}</i>" for n in range(200)]
    for facts in model.claims_from["sample-article"].values():
        evidence = facts[0].evidence
        lines[int(evidence.locator.lstrip("¶")) - 1] = f"<img src=x onerror=alert(3)>{evidence.quote}<u>after</u>"
    (tmp_path / "sample-article.txt").write_text("\n".join(lines), encoding="utf-8")
    page = render_source_page(Views(model, quoted_paragraphs(model, tmp_path)), "sample-article")
    assert "<img" not in page and "<u>" not in page and "<script>alert" not in page
    assert f"<mark>{html.escape(HOSTILE_QUOTE)}</mark>" in page
    assert "&lt;img src=x onerror=alert(3)&gt;" in page


@in_browser
@pytest.mark.parametrize("slug", ["zhejiang-holistic-governance", "liao-2021-typology"])
def test_each_quote_is_marked_inside_its_paragraph(visit, built_dist: Path, slug: str) -> None:  # noqa: F811
    seen = visit(built_dist / "site" / "sources" / f"{slug}.html", wait_ready=False)
    shown = seen.page.evaluate(
        """() => Array.from(document.querySelectorAll("li.claim")).map((li) => {
             const whole = li.querySelector(".paragraph.whole") || li.querySelector(".paragraph");
             return [li.dataset.claim, (li.querySelector(".locator") || {}).textContent, whole && whole.textContent,
                     whole && whole.querySelector("mark").textContent];
           })"""
    )
    lines = (TEXTS / f"{slug}.txt").read_text(encoding="utf-8").split("\n")
    quotes = claims_of(built_dist)[slug]
    assert len(shown) == len(quotes)
    for claim, locator, paragraph, marked in shown:
        assert marked == quotes[claim], claim
        assert paragraph == lines[int(locator.lstrip("¶")) - 1], claim
    seen.check_clean()


# --- in the browser: copy a citation, read in English, follow a fact's source ------------------


@in_browser
def test_copy_the_gbt_citation_offline(visit, built_dist: Path) -> None:  # noqa: F811
    seen = visit(built_dist / "site" / "sources" / "zeng-2024-holistic.html", wait_ready=False)
    page = seen.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    expected = page.locator("#cite-gbt").text_content()
    assert "曾凡军, 商丽萍, 李伟红." in expected and "DOI:10.16029/j.cnki.1008-410X.2024.05.008" in expected
    button = page.locator("button[data-copy='cite-gbt']")
    button.click()
    expect(button).to_have_attribute("data-state", "copied")
    assert page.evaluate("navigator.clipboard.readText()") == expected
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "source-cite.png"))
    page.locator("#lang-en").click()
    group = page.locator("section.about#about-zeng-fanjun h3 a")
    expect(group).to_have_text("Zeng Fanjun", use_inner_text=True)
    page.locator("section.about").nth(3).evaluate("section => section.scrollIntoView()")  # an entity's heading on top
    page.screenshot(path=str(ARTIFACTS / "source-claims-en.png"))
    seen.check_clean()


@in_browser
def test_a_facts_source_leads_to_its_quote_from_the_entity_page_and_the_explorer(visit, built_dist: Path) -> None:  # noqa: F811
    seen = visit(built_dist / "site" / "zheliban.html", wait_ready=False)
    page = seen.page
    link = page.locator("table.facts a.source-page").first
    anchor = link.get_attribute("href").split("#", 1)[1]
    link.click()
    claim = page.locator(f"li.claim[id='{anchor}']")
    expect(claim).to_be_visible()
    assert "/site/sources/" in page.url
    assert claim.locator("mark").first.text_content()
    page.screenshot(path=str(ARTIFACTS / "source-from-entity-page.png"))
    seen.check_clean()
    seen = visit(built_dist / "viz" / "index.html", fragment="#sel=zheliban")
    page = seen.page
    link = page.locator("#details a.source-page").first
    expected_anchor = link.get_attribute("href").split("#", 1)[1]
    link.click()
    expect(page.locator(f"li.claim[id='{expected_anchor}'] mark").first).to_be_visible()
    seen.check_clean()


# --- served by `dgkg serve` ----------------------------------------------------------------------


def test_served_source_pages(served) -> None:  # noqa: F811
    import base64
    import hashlib

    status, _, body = get(served, "/page/sources/")
    assert status == 200 and 'href="/page/sources/liao-2021-typology"' in body.decode("utf-8")
    status, headers, body = get(served, "/page/sources/liao-2021-typology")
    text = body.decode("utf-8")
    assert status == 200 and "廖福崇. 政府治理数字化转型的类型学分析[J]." in text
    assert 'href="/resource/liao-fuchong"' in text and "<mark>" in text
    for script in re.findall(r"<script>(.*?)</script>", text, re.S):  # the bar's and the copy buttons'
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in headers["content-security-policy"]
    status, _, body = get(served, "/page/zheliban")
    assert re.search(r'href="/page/sources/[a-z0-9-]+#[a-z0-9-]+"', body.decode("utf-8"))
    assert get(served, "/page/sources/no-such-document")[0] == 404
