"""The pages as files: self-contained, UTF-8, escaped, and holding what the reader needs."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from viz_sample import BASE, HOSTILE, HOSTILE_QUOTE, sample_graph, write_sample_dist

from viz import (PHYSICS, Views, model_from_knowledge_graph, remote_references, render_entity_index,
                 render_entity_page, render_explorer, render_timeline)
from viz import assets
from viz.timeline import timeline_lanes


@pytest.fixture(scope="module")
def views() -> Views:
    return Views(model_from_knowledge_graph(sample_graph()))


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("viz") / "dist"
    write_sample_dist(target)
    return target


def payload(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="dgkg-data">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def test_build_writes_every_view(dist: Path, views: Views):
    assert (dist / "viz" / "index.html").is_file() and (dist / "viz" / "timeline.html").is_file()
    assert (dist / "site" / "index.html").is_file()
    assert sorted(p.stem for p in (dist / "site").glob("*.html") if p.stem != "index") == sorted(views.model.entities)


def test_every_page_is_self_contained_and_utf8(dist: Path):
    for page in [*(dist / "viz").glob("*.html"), *(dist / "site").glob("*.html")]:
        html = page.read_bytes().decode("utf-8")
        assert '<meta charset="utf-8">' in html
        assert remote_references(html, allowed_prefixes=(BASE,)) == [], page
        own = html.replace(assets.vis_network_js(), "").replace(assets.vis_network_css(), "")
        assert "bootstrap" not in own.lower() and "tom-select" not in own.lower()
    explorer = (dist / "viz" / "index.html").read_text(encoding="utf-8")
    assert remote_references(explorer) == []  # no IRI even as text: slugs only
    assert assets.vis_network_js() in explorer  # the library itself, inlined


def test_remote_reference_check_catches_what_it_must():
    assert remote_references('<script src="https://cdn.example/x.js"></script>')
    assert remote_references('<link href="//cdn.example/x.css">')
    assert remote_references("<style>@import url(http://x.example/a.css)</style>")
    assert remote_references("<p>see https://example.org</p>")
    assert remote_references("<p>see https://w3id.org/dgkg/resource/x</p>", allowed_prefixes=(BASE,)) == []


def test_explorer_draws_every_entity_with_class_style_size_and_named_edges(views: Views):
    data = payload(render_explorer(views))
    assert sorted(n["id"] for n in data["nodes"]) == sorted(views.model.entities)
    by_id = {n["id"]: n for n in data["nodes"]}
    assert by_id["zheliban"]["shape"] == "diamond" and by_id["zhejiang"]["shape"] == "square"
    assert by_id["zheliban"]["size"] > by_id["lonely-concept"]["size"]  # PageRank
    assert all("x" in n and "y" in n for n in data["nodes"]) and data["options"]["physics"]["enabled"] is False
    assert not any("title" in n for n in data["nodes"])  # tooltips are drawn by our script, as text
    labels = {pair[1] for pair in data["props"]}
    assert {"operated by", "member of", "stage of"} <= labels
    edge = next(e for e in data["edges"] if e["from"] == "zheliban" and e["to"] == "zhejiang-big-data-bureau")
    assert edge["label"] == "运营方" and data["props"][edge["p"]] == ["运营方", "operated by"]
    assert {c["en"] for c in data["classes"]} >= {"digital platform", "Place", "stage"}
    assert data["keys"]["zheliban"] and data["fold"]["辦"] == "办"


def test_physics_layout_leaves_positions_to_the_browser(views: Views):
    data = payload(render_explorer(views, layout=PHYSICS))
    assert data["options"]["physics"]["enabled"] is True
    assert not any("x" in n for n in data["nodes"])


def test_explorer_is_the_same_every_build(views: Views):
    again = Views(model_from_knowledge_graph(sample_graph()))
    assert render_explorer(views) == render_explorer(again)


def test_details_carry_facts_with_source_and_quote(views: Views):
    data = payload(render_explorer(views))
    zheliban = data["entities"]["zheliban"]
    quotes = [data["claims"][fact[3]][1] for fact in zheliban["facts"]]
    assert "建设“浙里办”政务服务平台" in quotes
    source = data["sources"][data["claims"][zheliban["facts"][0][3]][0]]
    assert source == ["sample-article", "Sample article"]
    assert zheliban["regions"] == ["zhejiang"] and zheliban["years"] == [2014, 2014]


def test_neighbourhood_page_holds_only_the_neighbourhood(views: Views):
    data = payload(render_explorer(views, focus="zheliban", depth=1))
    assert sorted(n["id"] for n in data["nodes"]) == sorted(
        ["zheliban", "zhejiang", "zhejiang-big-data-bureau", "run-at-most-once", "hostile-concept"])
    assert data["focus"] == "zheliban"
    assert all(e["from"] in data["entities"] and e["to"] in data["entities"] for e in data["edges"])


def test_hostile_text_never_reaches_a_page_as_markup(dist: Path):
    for page in [*(dist / "viz").glob("*.html"), *(dist / "site").glob("*.html")]:
        html = page.read_text(encoding="utf-8")
        assert "<img" not in html and "<script>alert" not in html and "<b>bold" not in html, page
    entity = (dist / "site" / "hostile-concept.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in entity
    explorer = payload((dist / "viz" / "index.html").read_text(encoding="utf-8"))
    assert explorer["entities"]["hostile-concept"]["zh"] == HOSTILE
    assert HOSTILE_QUOTE in [claim[1] for claim in explorer["claims"]]


def test_page_scripts_never_parse_strings_as_html():
    for name in ("explorer.js",):
        script = assets.static(name)
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert sink not in script, sink


def test_timeline_places_stages_and_events_by_year(views: Views):
    lanes, first, last = timeline_lanes(views)
    assert first == 1993 and last >= 2023
    by_name = {lane.en: lane for lane in lanes}
    stages = by_name["Three-stage periodisation"].items
    assert [(i.slug, i.start) for i in stages] == [("stage-informatisation", 1993), ("stage-e-government", 2002),
                                                  ("stage-digital-government", 2015)]
    assert [i.left for i in stages] == sorted(i.left for i in stages)
    assert stages[-1].open and stages[0].end == 2001
    assert [i.slug for i in by_name["Programmes (Golden Projects)"].items] == ["golden-bridge-project",
                                                                              "three-golden-projects"]
    organisations = {i.slug: i.start for i in by_name["Organisations: foundings and re-organisations"].items}
    assert organisations == {"zhejiang-big-data-bureau": 2018, "national-data-administration": 2023,
                             "nda-founding": 2023}
    html = render_timeline(views)
    assert 'href="../site/stage-e-government.html"' in html
    assert remote_references(html) == []


def test_timeline_rows_keep_labels_apart(views: Views):
    lanes, _, _ = timeline_lanes(views)
    for lane in lanes:
        rows: dict[int, list] = {}
        for item in lane.items:
            rows.setdefault(item.row, []).append(item)
        for items in rows.values():
            assert [i.left for i in items] == sorted(i.left for i in items)


def test_entity_page_has_labels_definition_facts_quotes_and_neighbours(views: Views):
    html = render_entity_page(views, "zheliban")
    for text in ("浙里办", "浙裏辦", "Zhelibang", "Zhejiang&#39;s integrated mobile app", "建设“浙里办”政务服务平台",
                 "Sample article", "¶9", "operated by", "运营方", f"{BASE}zheliban"):
        assert text in html, text
    assert 'href="zhejiang-big-data-bureau.html"' in html and 'href="run-at-most-once.html"' in html
    assert 'href="../viz/index.html#focus=zheliban&amp;depth=1"' in html
    assert "<svg" in html and "<script" not in html


def test_entity_page_links_follow_the_callers_scheme(views: Views):
    html = render_entity_page(views, "zheliban", href=lambda slug: f"/resource/{slug}", explorer="/viz/index.html")
    assert 'href="/resource/zhejiang"' in html and 'href="zhejiang.html"' not in html
    with pytest.raises(LookupError):
        render_entity_page(views, "no-such-entity")


def test_entity_index_lists_every_entity_by_class_with_the_callers_links(views: Views):
    html = render_entity_index(views)
    assert all(f'href="{slug}.html"' in html for slug in views.model.entities)
    served = render_entity_index(views, href=lambda slug: f"/resource/{slug}", explorer=None, timeline=None)
    assert 'href="/resource/zheliban"' in served and "../viz/" not in served
