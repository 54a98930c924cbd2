"""The explorer's data, as compact as the page can read it: columns of node attributes, edges as
index pairs, claims and sources once each.

At 50,000 entities the page carried 126 MB when every node was a vis-network object with its
own font, colour and label; here a node is a row across columns and everything repeated
(class, colour, shape, property names, source titles) is an index into a small table. The panel's
data (labels, definitions, grouped facts, quotes) goes in a second block that the page parses
only when the reader first opens a panel.
"""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin

from ontology import DGO
from viz.details import ClaimTable, entity_details
from viz.layout import Positions
from viz.summary import Grouping
from viz.views import Views

REGION_GROUPS = ("Country", "GeographicArea", "Province", "City")  # broad to narrow; others follow


def graph_payload(
    views: Views, slugs: list[str], positions: Positions, grouping: Grouping | None, props: dict[str, int]
) -> tuple[dict, ClaimTable]:
    """Nodes, edges, classes, properties, regions and search keys of the page's entities; and the
    claim table the edges refer to, which the details block goes on filling."""
    model, facets = views.model, views.facets
    index = {slug: i for i, slug in enumerate(slugs)}
    claims = ClaimTable(model)  # edges carry claim indices; the details block reuses this table
    pairs: dict[tuple[int, int], dict[int, list[int]]] = {}
    for fact in model.links:
        s, t = index.get(fact.subject), index.get(fact.target or "")
        if s is None or t is None or s == t:
            continue
        relation = pairs.setdefault((s, t), {}).setdefault(props[fact.predicate], [])
        claim = claims.index(fact.evidence)
        if claim not in relation:
            relation.append(claim)
    periods = facets.periods
    nodes = {
        "id": slugs,
        "zh": [model.label(s, "zh-hans") for s in slugs],
        "en": [model.label(s, "en") for s in slugs],
        "c": [views.class_index[model.top_class(s)] for s in slugs],
        "w": [views.importance(s) for s in slugs],
        "x": [positions[s][0] if s in positions else None for s in slugs],
        "y": [positions[s][1] if s in positions else None for s in slugs],
        "y0": [periods[s][0] if s in periods else None for s in slugs],
        "y1": [periods[s][1] if s in periods else None for s in slugs],
        "r": [[index[p] for p in facets.regions.get(s, []) if p in index] for s in slugs],
        "g": [grouping.of[s] for s in slugs] if grouping else None,
        "k": [views.keys[s] for s in slugs],
    }
    return {
        "nodes": nodes,
        "edges": [[s, t, [[p, c] for p, c in relations.items()]] for (s, t), relations in pairs.items()],
        "groups": [[index[g.lead], g.scattered] for g in grouping.groups] if grouping else None,
        "classes": [{"zh": c.zh, "en": c.en, "colour": c.style.colour, "shape": c.style.shape} for c in views.classes],
        "props": [
            [model.vocabulary.label(p, "zh-hans"), model.vocabulary.label(p, "en")] for p in sorted(props, key=props.__getitem__)
        ],
        "regions": region_groups(views, index),
        "stages": _stages(views, index),
        "fold": views.fold_table,
    }, claims


def details_payload(views: Views, slugs: list[str], claims: ClaimTable, props: dict[str, int]) -> dict:
    """The panel's data per node (same order as the nodes), with the claims and sources it cites."""
    model = views.model
    index = {slug: i for i, slug in enumerate(slugs)}
    entities = [entity_details(model, slug, claims, index.get, props) for slug in slugs]
    return {"entities": entities, "claims": claims.claim_rows, "sources": claims.source_rows}


def region_groups(views: Views, index: dict[str, int]) -> list[dict]:
    """The region filter's options: places by kind (countries, macro-regions, provinces, cities …),
    each kind sorted as its readers sort: by pinyin in Chinese, alphabetically in English."""
    model = views.model
    kinds: dict[str, list[str]] = {}
    for slug in views.facets.region_choices(model):
        if slug in index:
            kinds.setdefault(model.entities[slug].cls, []).append(slug)
    known = [str(DGO[name]) for name in REGION_GROUPS]
    order = sorted(kinds, key=lambda c: (known.index(c) if c in known else len(known), model.vocabulary.label(c, "en").lower()))
    vocab = model.vocabulary
    return [
        {
            "zh": vocab.label(cls, "zh-hans"),
            "en": vocab.label(cls, "en"),
            "byZh": [index[s] for s in sorted(kinds[cls], key=lambda s: (_pinyin_key(model.label(s, "zh-hans")), s))],
            "byEn": [index[s] for s in sorted(kinds[cls], key=lambda s: (model.label(s, "en").casefold(), s))],
        }
        for cls in order
    ]


def _pinyin_key(text: str) -> list[str]:
    """Chinese collation: syllable by syllable in pinyin, tone number breaking ties (as dictionaries do)."""
    return lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True)


def _stages(views: Views, index: dict[str, int]) -> list[list]:
    """Dated stages, by start year: presets of the period filter."""
    model, periods = views.model, views.facets.periods
    rows = []
    for slug in sorted(index):
        if model.is_a(slug, str(DGO.Stage)) and slug in periods:
            start, end = periods[slug]
            rows.append([index[slug], start, end if end != start else None])
    return sorted(rows, key=lambda row: (row[1], row[0]))
