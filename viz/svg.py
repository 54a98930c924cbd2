"""A small static picture of an entity and its neighbours, as inline SVG with links.

Entity pages number in the hundreds; inlining 700 kB of vis-network into each would make the
site hundreds of megabytes, and a neighbourhood of a dozen nodes needs no physics. So the
picture is drawn here: the entity in the middle, neighbours on an ellipse (wider than tall,
as labels are), labels beside their node pointing away from the centre, each node a link to
its own page, shapes and colours as in the explorer. The template escapes all text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from viz.layout import ellipse
from viz.views import Views

MAX_NEIGHBOURS = 24
LABEL_AT = 0.55  # edge labels a little past the middle, so that they do not pile up at the centre


@dataclass(frozen=True)
class Mark:
    slug: str
    x: float
    y: float
    colour: str
    shape: str  # "circle" or "polygon"
    points: str  # polygon points, or "" for a circle
    radius: float
    zh: str  # shortened to fit the picture
    en: str
    title: str  # the full labels, shown on hover
    centre: bool
    label_x: float
    label_y: float  # baseline of the Chinese label; the English one sits 13 below
    anchor: str  # SVG text-anchor: labels run away from the centre


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    label: str
    title: str

    @property
    def label_x(self) -> float:
        return self.x1 + (self.x2 - self.x1) * LABEL_AT

    @property
    def label_y(self) -> float:
        return self.y1 + (self.y2 - self.y1) * LABEL_AT


@dataclass(frozen=True)
class Picture:
    marks: list[Mark]
    lines: list[Line]
    half_width: float
    half_height: float
    omitted: int  # neighbours left out of the picture (listed on the page all the same)


def neighbourhood_picture(views: Views, slug: str) -> Picture:
    model = views.model
    rank = views.analysis.pagerank
    around = sorted(model.neighbours(slug), key=lambda n: (-rank.get(n, 0.0), n))
    shown = around[:MAX_NEIGHBOURS]
    rx, ry = 250 + 9 * len(shown), 130 + 5 * len(shown)
    positions = ellipse(slug, sorted(shown, key=lambda n: (views.model.top_class(n), n)), rx, ry)
    marks = [_mark(views, node, *positions[node], centre=node == slug) for node in [slug, *shown]]
    # the predicates linking the entity and each neighbour, either way, from the entity's own facts
    # (a neighbour's facts are a hub's thousands, which every page showing the hub would scan)
    between: dict[str, set[str]] = {}
    for fact in model.facts_about.get(slug, []):
        if fact.target is not None:
            between.setdefault(fact.target, set()).add(fact.predicate)
    for fact in model.facts_pointing_to.get(slug, []):
        between.setdefault(fact.subject, set()).add(fact.predicate)
    lines = []
    for node in shown:
        predicates = between.get(node, set())
        names = sorted({model.vocabulary.label(p, "zh-hans") for p in predicates})
        titles = sorted({model.vocabulary.label(p, "en") for p in predicates})
        x, y = positions[node]
        lines.append(Line(0.0, 0.0, x, y, "、".join(names), ", ".join(titles)))
    return Picture(marks, lines, half_width=rx + 190, half_height=ry + 50, omitted=len(around) - len(shown))


def _mark(views: Views, slug: str, x: float, y: float, centre: bool) -> Mark:
    style = views.style(slug)
    r = 16.0 if centre else 10.0
    points = "" if style.shape == "dot" else _polygon(style.shape, x, y, r)
    model = views.model
    zh, en = model.label(slug, "zh-hans"), model.label(slug, "en")
    if centre or abs(x) < 0.3 * max(abs(y), 1.0):  # the centre, the top and the bottom: below / above
        anchor, lx, ly = "middle", x, (y - r - 18 if y < 0 else y + r + 14)
    else:
        anchor, lx, ly = ("start", x + r + 6, y) if x > 0 else ("end", x - r - 6, y)
    return Mark(
        slug,
        x,
        y,
        style.colour,
        "circle" if style.shape == "dot" else "polygon",
        points,
        r,
        _short(zh),
        _short(en),
        f"{zh} · {en}",
        centre,
        round(lx, 1),
        round(ly, 1),
        anchor,
    )


def _short(text: str, limit: int = 16) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _polygon(shape: str, x: float, y: float, r: float) -> str:
    corners = {
        "square": [(-r, -r), (r, -r), (r, r), (-r, r)],
        "diamond": [(0, -r * 1.3), (r * 1.3, 0), (0, r * 1.3), (-r * 1.3, 0)],
        "triangle": [(0, -r * 1.2), (r * 1.1, r * 0.8), (-r * 1.1, r * 0.8)],
        "triangleDown": [(0, r * 1.2), (r * 1.1, -r * 0.8), (-r * 1.1, -r * 0.8)],
        "hexagon": [(r * math.cos(a), r * math.sin(a)) for a in (math.pi / 3 * k for k in range(6))],
        "star": [
            (
                (r if k % 2 == 0 else r * 0.45) * math.sin(math.pi / 5 * k),
                -(r if k % 2 == 0 else r * 0.45) * math.cos(math.pi / 5 * k),
            )
            for k in range(10)
        ],
    }.get(shape, [(-r, -r), (r, -r), (r, r), (-r, r)])
    return " ".join(f"{x + dx:.1f},{y + dy:.1f}" for dx, dy in corners)
