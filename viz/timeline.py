"""The timeline, 1993 to today: stages of each periodisation, programmes, organisations,
platforms, reforms, policy documents and meetings, placed by year, each linked to its page.

Technique: plain HTML positioned by year (lanes and rows computed here), not pyvis with x fixed
by year. A timeline is one-dimensional and ordered; a force-directed canvas adds nothing but
cost: 700 kB of vis-network, labels drawn on a canvas (not selectable, not found by Ctrl-F,
not read by screen readers, not printed sharply), and overlap that physics cannot resolve on a
fixed axis. Here labels are text and links, rows are packed so labels never overlap, the page
weighs a few kilobytes and needs no script except the language switch.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from ontology import DGO
from viz import assets
from viz.navigation import TIMELINE, navigation_bar
from viz.pages import render
from viz.views import Views

FIRST_YEAR = 1993
PX_PER_YEAR = 32  # at the page's design width; used only to pack labels into rows
ROW_HEIGHT = 24
LABEL_MAX_PX = 240  # a longer label wraps onto the rows below rather than run off the page
GUTTER_PX, TAIL_PX = 190, LABEL_MAX_PX + 30  # lane names on the left; room for labels of items near today

# lane: (zh, en, classes in dgo:); an entity goes into the first lane whose class it has
LANES: list[tuple[str, str, tuple[str, ...]]] = [
    ("工程", "Programmes (Golden Projects)", ("Programme",)),
    ("机构成立与改组", "Organisations: foundings and re-organisations", ("OrganizationalChange", "Organization")),
    ("平台上线", "Platform launches", ("PlatformLaunch", "DigitalPlatform")),
    ("改革与战略", "Reforms and strategies", ("Initiative",)),
    ("政策文件", "Policy documents", ("PolicyDocument", "Report")),
    ("会议", "Meetings", ("Meeting",)),
]


@dataclass(frozen=True)
class Item:
    slug: str
    zh: str
    en: str
    start: int
    end: int | None  # None: a point in time
    open: bool  # a stage with no end year: drawn to the axis' end, fading out
    left: float  # percent of the axis
    width: float  # percent; 0 for a point
    row: int
    lines: int  # rows its label takes when it wraps
    colour: str


@dataclass(frozen=True)
class Lane:
    zh: str
    en: str
    items: list[Item]
    rows: int


def timeline_lanes(views: Views, first: int = FIRST_YEAR, last: int | None = None) -> tuple[list[Lane], int, int]:
    """Lanes with placed items, and the axis' first and last year."""
    periods = views.facets.periods
    last = max([last or datetime.date.today().year, *(end for _, end in periods.values())])
    first = min([first, *(start for start, _ in periods.values())])
    span = last + 1 - first
    groups: dict[tuple[str, str], list[str]] = {}
    for slug in periods:
        lane = _lane_of(views, slug)
        if lane is not None:
            groups.setdefault(lane, []).append(slug)
    ordered = _periodisation_lanes(views) + [(zh, en) for zh, en, _ in LANES]
    lanes = []
    for key in ordered:
        slugs = sorted(groups.get(key, []), key=lambda s: (periods[s][0], periods[s][1], s))
        if slugs:
            items = _pack(views, slugs, first, span, _stage_spans(views, slugs, last))
            lanes.append(Lane(key[0], key[1], items, max(item.row + item.lines for item in items)))
    return lanes, first, last


def render_timeline(views: Views, *, entity_pages: str = "../site/{slug}.html", root: str = "..") -> str:
    """The timeline page; `root` is the dist root as seen from it (for the navigation bar)."""
    lanes, first, last = timeline_lanes(views)
    span = last + 1 - first
    ticks = [(year, round(100 * (year - first) / span, 3)) for year in range(first, last + 1) if year % 5 == 0 or year == first]
    undated = len(views.model.entities) - len(views.facets.periods)
    return render(
        "timeline.html",
        lanes=lanes,
        ticks=ticks,
        first=first,
        last=last,
        row_height=ROW_HEIGHT,
        href=lambda slug: entity_pages.replace("{slug}", slug),
        undated=undated,
        navigation=navigation_bar(TIMELINE, root),
        gutter=GUTTER_PX,
        tail=TAIL_PX,
        label_max=LABEL_MAX_PX,
        # the packer reserved each label's room at PX_PER_YEAR; an axis narrower than that
        # would squeeze labels into their neighbours, so the axis is never narrower
        min_width=GUTTER_PX + TAIL_PX + span * PX_PER_YEAR,
        css=assets.static("page.css"),
    )


def _periodisation_lanes(views: Views) -> list[tuple[str, str]]:
    model = views.model
    found = [(model.label(s, "zh-hans"), model.label(s, "en")) for s in model.entities if model.is_a(s, str(DGO.Periodisation))]
    return sorted(set(found)) + [("阶段", "Stages")]


def _lane_of(views: Views, slug: str) -> tuple[str, str] | None:
    model = views.model
    if model.is_a(slug, str(DGO.Stage)):
        for fact in model.facts_about.get(slug, []):
            if fact.target and model.is_a(fact.target, str(DGO.Periodisation)):
                return model.label(fact.target, "zh-hans"), model.label(fact.target, "en")
        return "阶段", "Stages"
    for zh, en, classes in LANES:
        if any(model.is_a(slug, str(DGO[name])) for name in classes):
            return zh, en
    return None


def _label_px(text: str) -> int:
    return sum(13 if ord(ch) > 0x2E80 else 7 for ch in text) + 40  # + the year and the marker


def _stage_spans(views: Views, slugs: list[str], last: int) -> dict[str, tuple[int, int, bool]]:
    """Stages dated by a start year only run to the next stage's start, or (the last) to today."""
    model, periods = views.model, views.facets.periods
    spans = {}
    for slug in slugs:
        start, end = periods[slug]
        if model.is_a(slug, str(DGO.Stage)) and start == end:
            following = [
                periods[f.target][0]
                for f in model.facts_about.get(slug, [])
                if f.target in periods and model.is_a(f.target, str(DGO.Stage)) and periods[f.target][0] > start
            ]
            spans[slug] = (start, min(following) - 1, False) if following else (start, last, True)
    return spans


def _lines(text_px: int) -> int:
    """Rows a label takes at LABEL_MAX_PX, with a margin for the estimate of its width."""
    return max(1, math.ceil(text_px * 1.15 / LABEL_MAX_PX))


def _pack(views: Views, slugs: list[str], first: int, span: int, spans: dict[str, tuple[int, int, bool]]) -> list[Item]:
    """First-fit rows: an item takes the first run of rows (one per line of its label) where
    nothing overlaps its bar or its label."""
    model, periods = views.model, views.facets.periods
    row_ends: list[float] = []
    items = []
    for slug in slugs:
        start, end, open_ = spans.get(slug, (*periods[slug], False))
        zh, en = model.label(slug, "zh-hans"), model.label(slug, "en")
        text_px = max(_label_px(zh), _label_px(en))
        lines = _lines(text_px)
        begin_px = (start - first) * PX_PER_YEAR
        finish_px = max((end + 1 - first) * PX_PER_YEAR if end > start else begin_px, begin_px + min(text_px, LABEL_MAX_PX) + 16)
        row = next(i for i in range(len(row_ends) + 1) if all(taken <= begin_px for taken in row_ends[i : i + lines]))
        row_ends.extend([0.0] * max(0, row + lines - len(row_ends)))
        for taken in range(row, row + lines):
            row_ends[taken] = finish_px
        width = 100 * (end + 1 - start) / span if end > start else 0.0
        items.append(
            Item(
                slug,
                zh,
                en,
                start,
                end if end > start and not open_ else None,
                open_,
                round(100 * (start - first) / span, 3),
                round(width, 3),
                row,
                lines,
                views.style(slug).colour,
            )
        )
    return items
