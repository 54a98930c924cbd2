"""The interactive explorer: the whole graph, or one entity's neighbourhood, as one offline page.

Rendering is sigma.js (WebGL) over a graphology graph, vendored into viz/static/graph-libs.min.js
(see viz/vendor/build.sh) and inlined, so the page works from file:// with no network. It
replaced pyvis/vis-network, which draws on a 2D canvas: a full redraw took 100 ms at 5,000
nodes and 1.5 s at 50,000, and it has no way to choose which labels to draw, so labels either
overlapped everywhere or were unreadably small. Here the page decides which labels fit
(viz/static/explorer-labels.js), and a view change (focus, filters, search) gets its own layout.

Python computes what needs the whole graph once: the layout of everything (viz.layout), the
groups a large graph opens on (viz.summary), the grouped facts and claims (viz.details), and
packs them compactly (viz.payload). The page's script builds every element with textContent.
"""

from __future__ import annotations

import datetime
import json

from viz import assets
from viz.navigation import EXPLORER, navigation_bar
from viz.layout import KnownLayouts, Positions, clustered, spread
from viz.layout_names import POSITIONS
from viz.pages import render
from viz.payload import details_payload, graph_payload
from viz.summary import SUMMARY_ABOVE, Grouping, group
from viz.views import Views

SCRIPTS = ("explorer-shapes.js", "explorer-labels.js", "explorer-view.js", "explorer-panel.js", "explorer.js")


def render_explorer(
    views: Views,
    *,
    layout: str = POSITIONS,
    entity_pages: str = "../site/{slug}.html",
    focus: str | None = None,
    depth: int = 1,
    known: KnownLayouts | None = None,
) -> str:
    """The explorer page; with `focus`, only that entity's neighbourhood (`depth` links out).
    `known`: the parts of the picture an earlier build laid out (an incremental build's)."""
    model = views.model
    slugs = model.within(focus, depth) if focus else list(model.entities)
    title = "中国数字政府知识图谱 · dgkg explorer"
    if focus:
        title = f"{model.label(focus)} · {model.label(focus, 'en')} — dgkg"
    grouping = _grouping(views, slugs) if len(slugs) > SUMMARY_ABOVE else None
    positions = _positions(views, slugs, grouping, focus, known) if layout == POSITIONS else {}
    props = {p: i for i, p in enumerate(sorted({f.predicate for f in model.facts}))}
    graph, claims = graph_payload(views, slugs, positions, grouping, props)
    source_pages = f"{_root(entity_pages)}/site/sources/{{slug}}.html"
    graph.update(focus=focus, entityHref=entity_pages, sourceHref=source_pages, layout=layout)
    details = details_payload(views, slugs, claims, props)
    return render(
        "explorer.html",
        title=title,
        graph=_json(graph),
        details=_json(details),
        this_year=datetime.date.today().year,
        navigation=navigation_bar(EXPLORER, _root(entity_pages)),
        libs=assets.graph_libraries(),
        app_css=assets.static("explorer.css"),
        scripts=[assets.static(name) for name in SCRIPTS],
    )


def _root(entity_pages: str) -> str:
    """The dist root as seen from the page: entity pages are at <root>/site/, wherever the page is
    (dist/viz/ for the build, deeper for `dgkg viz --focus`), so the bar's links follow them."""
    head, found, _ = entity_pages.rpartition("/site/")
    return head if found else ".."


def _grouping(views: Views, slugs: list[str]) -> Grouping:
    model = views.model
    return group(
        views.analysis.graph.subgraph(slugs), views.analysis.pagerank, {s: views.class_index[model.top_class(s)] for s in slugs}
    )


def _positions(
    views: Views, slugs: list[str], grouping: Grouping | None, focus: str | None, known: KnownLayouts | None
) -> Positions:
    graph = views.analysis.graph.subgraph(slugs)
    if grouping is not None:
        return clustered(graph, grouping.of, known)
    return spread(graph, centre=focus, known=known)


def _json(data: dict) -> str:
    """JSON that cannot end its <script> block: <, > and & escaped (as Jinja's tojson does), compact."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ": "), sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e").replace("'", "\\u0027")
