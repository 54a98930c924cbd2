"""The interactive explorer: the whole graph, or one entity's neighbourhood, as one offline page.

pyvis builds the vis-network nodes, edges and options (`Network.add_node`, `add_edge`,
`get_network_data`); the page around them is our own template, not pyvis's, because pyvis
0.3.2's template links Bootstrap from a CDN whatever `cdn_resources` says, renders node titles
containing "href" with innerHTML, and its select menu lists raw node ids. Our template inlines
vis-network from the pyvis package itself and adds search, filters, language toggle and the
details panel (viz/static/explorer.js), which builds every element with textContent.
"""
from __future__ import annotations

import datetime
import json

from pyvis.network import Network

from ontology.namespaces import DGO
from viz import assets
from viz.layout import spread
from viz.model import Fact
from viz.pages import render
from viz.views import Views
from viz.vocabulary import lang_order

POSITIONS, PHYSICS = "positions", "physics"
NODE_FONT = {"size": 14, "face": "WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif", "strokeWidth": 3,
             "strokeColor": "#ffffff"}


def render_explorer(views: Views, *, layout: str = POSITIONS, entity_pages: str = "../site/{slug}.html",
                    nav: tuple[tuple[str, str, str], ...] = (), focus: str | None = None, depth: int = 1) -> str:
    """The explorer page; with `focus`, only that entity's neighbourhood (`depth` links out)."""
    model = views.model
    slugs = model.within(focus, depth) if focus else list(model.entities)
    title = "中国数字政府知识图谱 · dgkg explorer"
    if focus:
        title = f"{model.label(focus)} · {model.label(focus, 'en')} — dgkg"
    props = {p: i for i, p in enumerate(sorted({f.predicate for f in model.facts}))}
    network = _network(views, slugs, props, layout, focus)
    nodes, edges, _, _, _, options = network.get_network_data()
    payload = _payload(views, slugs, props, nodes, edges, options, entity_pages, focus)
    return render("explorer.html", title=title, payload=payload, this_year=datetime.date.today().year,
                  nav=[{"href": href, "zh": zh, "en": en} for href, zh, en in nav],
                  vis_css=assets.vis_network_css(), vis_js=assets.vis_network_js(),
                  app_css=assets.static("explorer.css"), app_js=assets.static("explorer.js"))


def _network(views: Views, slugs: list[str], props: dict[str, int], layout: str, focus: str | None) -> Network:
    model = views.model
    network = Network(directed=True, cdn_resources="in_line")
    positions = spread(views.analysis.graph.subgraph(slugs), centre=focus) if layout == POSITIONS else {}
    for slug in slugs:
        style = views.style(slug)
        extra = {"x": positions[slug][0], "y": positions[slug][1]} if slug in positions else {}
        network.add_node(slug, label=model.label(slug), shape=style.shape, color=style.colour,
                         size=views.size(slug) * (1.4 if slug == focus else 1), font=NODE_FONT,
                         borderWidth=3 if slug == focus else 1, **extra)
    inside = set(slugs)
    for index, fact in enumerate(_edges(model.links, inside)):
        network.add_edge(fact.subject, fact.target, id=index, p=props[fact.predicate],
                         label=model.vocabulary.label(fact.predicate, "zh-hans"))
    # A dict replaces pyvis's Options object: Options.set() strips every space, font names included.
    network.options = {
        "physics": {"enabled": layout != POSITIONS, "stabilization": {"enabled": True, "iterations": 1000}},
        "layout": {"improvedLayout": layout != POSITIONS and len(slugs) <= 300},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": len(slugs) > 500,
                        "keyboard": {"enabled": True, "bindToWindow": False}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "smooth": False,
                  "color": {"color": "#9aa5b1", "highlight": "#0b5cad", "hover": "#0b5cad"},
                  "font": {"size": 10, "color": "#5d6878", "strokeWidth": 2, "align": "middle"}},
        "nodes": {"borderWidthSelected": 3},
    }
    return network


def _edges(links: list[Fact], inside: set[str]) -> list[Fact]:
    """One drawn edge per (subject, property, target), however many claims assert it."""
    seen: dict[tuple[str, str, str], Fact] = {}
    for fact in links:
        if fact.subject in inside and fact.target in inside:
            seen.setdefault((fact.subject, fact.predicate, fact.target), fact)
    return list(seen.values())


def _payload(views: Views, slugs: list[str], props: dict[str, int], nodes: list[dict], edges: list[dict],
             options: str, entity_pages: str, focus: str | None) -> dict:
    """Everything the page's script needs, compactly: claims and sources once, referenced by index."""
    model, facets = views.model, views.facets
    vocab = model.vocabulary
    claims: dict[str, int] = {}
    sources: dict[str, int] = {}
    claim_rows: list[list] = []
    source_rows: list[list[str]] = []

    def claim(evidence) -> int:
        if evidence.claim not in claims:
            if evidence.source not in sources:
                sources[evidence.source] = len(source_rows)
                source_rows.append([evidence.source, model.source_titles.get(evidence.source, evidence.source)])
            claims[evidence.claim] = len(claim_rows)
            claim_rows.append([sources[evidence.source], evidence.quote, evidence.locator, evidence.citation,
                               evidence.external])
        return claims[evidence.claim]

    inside = set(slugs)
    entities = {}
    for slug in slugs:
        entity = model.entities[slug]
        facts = [[props[f.predicate], f.target if f.target in inside else None,
                  f.value if f.target is None else model.label(f.target), claim(f.evidence)]
                 for f in model.facts_about.get(slug, [])]
        entities[slug] = {
            "zh": entity.label("zh-hans"), "en": entity.label("en"),
            "labels": sorted(entity.labels.items(), key=lambda item: lang_order(item[0])),
            "alt": [[lang, text] for lang, values in sorted(entity.alt_labels.items(), key=lambda i: lang_order(i[0]))
                    for text in values],
            "def": sorted(entity.definitions.items()),
            "cls": [vocab.label(entity.cls, "zh-hans"), vocab.label(entity.cls, "en")],
            "top": views.class_index[model.top_class(slug)],
            "years": list(facets.periods[slug]) if slug in facets.periods else None,
            "regions": facets.regions.get(slug, []),
            "facts": facts,
            "decl": claim(entity.declared_by) if entity.declared_by else None,
        }
    keys = {slug: views.keys[slug] for slug in slugs}
    return {
        "nodes": nodes, "edges": edges, "options": json.loads(options),
        "entities": entities, "keys": keys, "fold": views.fold_table,
        "classes": [{"zh": c.zh, "en": c.en, "colour": c.style.colour, "shape": c.style.shape,
                     "count": sum(1 for s in slugs if views.class_index[model.top_class(s)] == i)}
                    for i, c in enumerate(views.classes)],
        "props": [[vocab.label(p, "zh-hans"), vocab.label(p, "en")] for p in sorted(props, key=props.get)],
        "claims": claim_rows, "sources": source_rows,
        "regions": [r for r in facets.region_choices(model) if r in inside],
        "stages": _stages(views, inside),
        "entityHref": entity_pages, "focus": focus,
    }


def _stages(views: Views, inside: set[str]) -> list[list]:
    """Dated stages, by start year: presets of the period filter."""
    model, periods = views.model, views.facets.periods
    rows = []
    for slug in sorted(inside):
        if model.is_a(slug, str(DGO.Stage)) and slug in periods:
            start, end = periods[slug]
            rows.append([slug, start, end if end != start else None])
    return sorted(rows, key=lambda row: (row[1], row[0]))
