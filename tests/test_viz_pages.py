"""The pages as files: self-contained, UTF-8, escaped, and holding what the reader needs."""

from __future__ import annotations

import json
import re
from html import escape
from urllib.parse import urlencode
from pathlib import Path

import pytest
from viz_sample import BASE, HOSTILE, HOSTILE_QUOTE, sample_graph, write_sample_dist

from viz import (
    PHYSICS,
    Views,
    model_from_knowledge_graph,
    remote_references,
    render_entity_index,
    render_entity_page,
    render_explorer,
    render_timeline,
)
from viz import assets
from viz.svg import neighbourhood_picture
from viz.timeline import timeline_lanes


@pytest.fixture(scope="module")
def views() -> Views:
    return Views(model_from_knowledge_graph(sample_graph()))


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("viz") / "dist"
    write_sample_dist(target)
    return target


def payload(html: str, block: str = "dgkg-data") -> dict:
    found = re.search(rf'<script type="application/json" id="{block}">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def node(data: dict, slug: str) -> dict:
    """One node's attributes out of the payload's columns."""
    nodes = data["nodes"]
    i = nodes["id"].index(slug)
    return {column: values[i] for column, values in nodes.items() if values is not None}


def test_build_writes_every_view(dist: Path, views: Views):
    assert (dist / "viz" / "index.html").is_file() and (dist / "viz" / "timeline.html").is_file()
    assert (dist / "site" / "index.html").is_file()
    assert sorted(p.stem for p in (dist / "site").glob("*.html") if p.stem != "index") == sorted(views.model.entities)
    sources = sorted(p.stem for p in (dist / "site" / "sources").glob("*.html") if p.stem != "index")
    assert sources == sorted({fact.evidence.source for fact in views.model.facts}) == ["sample-article"]
    assert (dist / "site" / "sources" / "index.html").is_file()


def pages(dist: Path) -> list[Path]:
    """Every page the views write: explorer and timeline, entity pages, source pages."""
    return [*(dist / "viz").glob("*.html"), *(dist / "site").glob("*.html"), *(dist / "site" / "sources").glob("*.html")]


def test_every_page_is_self_contained_and_utf8(dist: Path):
    for page in pages(dist):
        html = page.read_bytes().decode("utf-8")
        assert '<meta charset="utf-8">' in html
        assert remote_references(html, allowed_prefixes=(BASE,)) == [], page
        own = html.replace(assets.graph_libraries(), "")
        assert "bootstrap" not in own.lower() and "tom-select" not in own.lower()
    explorer = (dist / "viz" / "index.html").read_text(encoding="utf-8")
    assert remote_references(explorer) == []  # no IRI even as text: slugs only
    assert assets.graph_libraries() in explorer  # the libraries themselves, inlined


def test_vendored_libraries_carry_their_licences():
    header = assets.graph_libraries().split("*/", 1)[0]
    for package in ("sigma 3.0.3", "graphology 0.26.0", "graphology-layout-forceatlas2", "graphology-layout-noverlap"):
        assert f"== {package}" in header, package
    assert header.count("Permission is hereby granted") >= 5  # MIT, each with its copyright line


def test_remote_reference_check_catches_what_it_must():
    assert remote_references('<script src="https://cdn.example/x.js"></script>')
    assert remote_references('<link href="//cdn.example/x.css">')
    assert remote_references("<style>@import url(http://x.example/a.css)</style>")
    assert remote_references("<p>see https://example.org</p>")
    assert remote_references("<p>see https://w3id.org/dgkg/resource/x</p>", allowed_prefixes=(BASE,)) == []


def test_explorer_draws_every_entity_with_class_style_size_and_named_edges(views: Views):
    data = payload(render_explorer(views))
    assert sorted(data["nodes"]["id"]) == sorted(views.model.entities)
    shape = {i: c["shape"] for i, c in enumerate(data["classes"])}
    assert shape[node(data, "zheliban")["c"]] == "diamond" and shape[node(data, "zhejiang")["c"]] == "square"
    assert node(data, "zheliban")["w"] > node(data, "lonely-concept")["w"]  # PageRank
    assert None not in data["nodes"]["x"] and data["layout"] == "positions"
    labels = {pair[1] for pair in data["props"]}
    assert {"operated by", "member of", "stage of"} <= labels
    ids = data["nodes"]["id"]
    edge = next(e for e in data["edges"] if ids[e[0]] == "zheliban" and ids[e[1]] == "zhejiang-big-data-bureau")
    [(prop, claims)] = edge[2]
    assert data["props"][prop] == ["运营方", "operated by"] and len(claims) == 1
    assert {c["en"] for c in data["classes"]} >= {"digital platform", "Place", "stage"}
    assert node(data, "zheliban")["k"] and data["fold"]["辦"] == "办"
    assert data["groups"] is None  # a small graph opens on its entities, not on groups


def test_physics_layout_leaves_positions_to_the_browser(views: Views):
    data = payload(render_explorer(views, layout=PHYSICS))
    assert data["layout"] == "physics" and set(data["nodes"]["x"]) == {None}


def test_explorer_is_the_same_every_build(views: Views):
    again = Views(model_from_knowledge_graph(sample_graph()))
    assert render_explorer(views) == render_explorer(again)


def test_details_carry_facts_with_source_and_quote(views: Views):
    html = render_explorer(views)
    data, details = payload(html), payload(html, "dgkg-details")
    zheliban = details["entities"][data["nodes"]["id"].index("zheliban")]
    rows = [row for _, relation in zheliban["facts"] for row in relation]
    quotes = [details["claims"][claim][1] for row in rows for claim in row["c"]]
    assert "建设“浙里办”政务服务平台" in quotes
    source = details["sources"][details["claims"][rows[0]["c"][0]][0]]
    assert source[0] == "sample-article" and source[2] == "Sample article"
    assert node(data, "zheliban")["r"] == [data["nodes"]["id"].index("zhejiang")]
    assert (node(data, "zheliban")["y0"], node(data, "zheliban")["y1"]) == (2014, 2014)


def test_facts_are_grouped_by_relation_one_row_per_value_with_every_claim():
    from viz.details import ClaimTable, relation_rows
    from model import Evidence, Fact

    model = model_from_knowledge_graph(sample_graph())
    first, second = (Evidence(claim=f"c{i}", source="sample-article", quote=f"q{i}", locator=f"¶{i}") for i in (1, 2))
    service = "https://w3id.org/dgkg/ontology#providesService"
    facts = [
        Fact("zheliban", service, first, value="掌上办事", lang="zh-Hans"),
        Fact("zheliban", service, first, value="services on the phone", lang="en"),
        Fact("zheliban", service, second, value="掌上办事", lang="zh-Hans"),
        Fact("zheliban", service, second, value="services on the phone", lang="en"),
        Fact("zheliban", "https://w3id.org/dgkg/ontology#region", first, target="zhejiang"),
        Fact("zheliban", "https://w3id.org/dgkg/ontology#region", second, target="zhejiang"),
    ]
    table = ClaimTable(model)
    rows = relation_rows(model, facts, table, {"zhejiang": 7}.get, {service: 0, facts[-1].predicate: 1})
    assert rows == [
        [0, [{"v": {"zh-hans": "掌上办事", "en": "services on the phone"}, "k": None, "c": [0, 1]}]],
        [1, [{"t": 7, "c": [0, 1]}]],
    ]


def test_neighbourhood_page_holds_only_the_neighbourhood(views: Views):
    data = payload(render_explorer(views, focus="zheliban", depth=1))
    assert sorted(data["nodes"]["id"]) == sorted(
        ["zheliban", "zhejiang", "zhejiang-big-data-bureau", "run-at-most-once", "hostile-concept"]
    )
    assert data["focus"] == "zheliban"
    assert all(0 <= e[0] < 5 and 0 <= e[1] < 5 for e in data["edges"])


def test_region_choices_are_grouped_by_kind_and_sorted_by_each_language():
    from viz.payload import region_groups

    views = Views(model_from_knowledge_graph(sample_graph()))
    slugs = list(views.model.entities)
    groups = region_groups(views, {slug: i for i, slug in enumerate(slugs)})
    assert [(g["en"], [slugs[i] for i in g["byZh"]]) for g in groups] == [("province", ["zhejiang"]), ("city", ["hangzhou"])]


def test_source_titles_are_short_in_each_language():
    from viz.citations import short_title

    model = model_from_knowledge_graph(sample_graph())
    assert short_title(model, "sample-article", "en") == "Sample article"
    assert short_title(model, "sample-article", "zh-hans") == "样例文章"


def test_hostile_text_never_reaches_a_page_as_markup(dist: Path):
    for page in pages(dist):
        html = page.read_text(encoding="utf-8")
        assert "<img" not in html and "<script>alert" not in html and "<b>bold" not in html, page
    entity = (dist / "site" / "hostile-concept.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in entity
    html = (dist / "viz" / "index.html").read_text(encoding="utf-8")
    assert node(payload(html), "hostile-concept")["zh"] == HOSTILE
    assert HOSTILE_QUOTE in [claim[1] for claim in payload(html, "dgkg-details")["claims"]]


def test_page_scripts_never_parse_strings_as_html():
    from viz.explorer import SCRIPTS

    for name in (*SCRIPTS, "nav.js", "source-page.js"):
        script = assets.static(name)
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert sink not in script, sink


def test_timeline_places_stages_and_events_by_year(views: Views):
    lanes, first, last = timeline_lanes(views)
    assert first == 1993 and last >= 2023
    by_name = {lane.en: lane for lane in lanes}
    stages = by_name["Three-stage periodisation"].items
    assert [(i.slug, i.start) for i in stages] == [
        ("stage-informatisation", 1993),
        ("stage-e-government", 2002),
        ("stage-digital-government", 2015),
    ]
    assert [i.left for i in stages] == sorted(i.left for i in stages)
    assert stages[-1].open and stages[0].end == 2001
    assert [i.slug for i in by_name["Programmes (Golden Projects)"].items] == ["golden-bridge-project", "three-golden-projects"]
    organisations = {i.slug: i.start for i in by_name["Organisations: foundings and re-organisations"].items}
    assert organisations == {"zhejiang-big-data-bureau": 2018, "national-data-administration": 2023, "nda-founding": 2023}
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
    for text in (
        "浙里办",
        "浙裏辦",
        "Zhelibang",
        "Zhejiang&#39;s integrated mobile app",
        "建设“浙里办”政务服务平台",
        "Sample article",
        "¶9",
        "operated by",
        "运营方",
        f"{BASE}zheliban",
    ):
        assert text in html, text
    assert 'href="zhejiang-big-data-bureau.html"' in html and 'href="run-at-most-once.html"' in html
    assert 'href="../viz/index.html#focus=zheliban&amp;depth=1"' in html
    assert "<svg" in html and html.count("<script") == 1  # only the shared bar's language switch
    assert assets.static("nav.js") in html
    assert 'href="zheliban.ttl"' in html and 'href="zheliban.jsonld"' in html and 'href="zheliban.nt"' in html
    assert "/query" not in html  # a static page knows no server


def test_each_line_of_a_picture_names_every_relation_between_its_two_entities_either_way(views: Views):
    """Held to every fact of the model scanned pair by pair, for every entity of the sample."""
    model, checked = views.model, 0
    for slug in model.entities:
        picture = neighbourhood_picture(views, slug)
        drawn = [mark.slug for mark in picture.marks[1:]]  # the first mark is the entity itself
        for node, line in zip(drawn, picture.lines, strict=True):
            between = {f.predicate for f in model.facts if {f.subject, f.target} == {slug, node}}
            assert between, (slug, node)
            assert line.title == ", ".join(sorted({model.vocabulary.label(p, "en") for p in between})), (slug, node)
            assert line.label == "、".join(sorted({model.vocabulary.label(p, "zh-hans") for p in between})), (slug, node)
            checked += 1
    incoming = {f.target for f in model.links if f.target and f.target not in {g.subject for g in model.links}}
    assert checked > 10 and incoming  # some entity is linked only from others: its lines come from incoming facts


def test_served_entity_page_links_its_data_and_the_query_page(views: Views):
    html = render_entity_page(views, "zheliban", href=lambda slug: f"/resource/{slug}", explorer=None, served=True)
    for ext in ("ttl", "jsonld", "nt", "rdf"):
        assert f'href="/data/zheliban.{ext}"' in html, ext
    describe = "/query?" + urlencode({"query": f"DESCRIBE <{BASE}zheliban>"})
    assert f'href="{escape(describe)}"' in html
    assert 'href="/page/"' in html and 'href="/docs/"' in html and 'href="/query"' in html
    assert "../viz/" not in html


def test_entity_page_links_follow_the_callers_scheme(views: Views):
    html = render_entity_page(views, "zheliban", href=lambda slug: f"/resource/{slug}", explorer="/viz/index.html")
    assert 'href="/resource/zhejiang"' in html and 'href="zhejiang.html"' not in html
    with pytest.raises(LookupError):
        render_entity_page(views, "no-such-entity")


def test_entity_index_lists_every_entity_by_class_with_the_callers_links(views: Views):
    html = render_entity_index(views)
    assert all(f'href="{slug}.html"' in html for slug in views.model.entities)
    served = render_entity_index(views, href=lambda slug: f"/resource/{slug}", served=True)
    assert 'href="/resource/zheliban"' in served and "../viz/" not in served and 'href="/query"' in served
