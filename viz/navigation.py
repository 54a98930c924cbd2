"""The one navigation bar every page shares: explorer, timeline, entity pages, entity index, ontology docs.

Links are relative to the dist root (`root`, ".." from viz/, site/ and docs/), so they work from
file:// in dist/ and on any static web server; a page `dgkg serve` renders (served=True) links the
server's own routes instead and adds the SPARQL query page, which only a server can answer. The
explorer and timeline are not served, so a served bar omits them rather than link to a 404.

The zh/en switch is viz/static/nav.js: the choice is kept in localStorage and carried in the
links' `#lang=en`, since some browsers give each file:// page its own storage.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import cache

from markupsafe import Markup

from viz import assets
from viz.pages import render

EXPLORER, TIMELINE, ENTITIES, SOURCES, ONTOLOGY, QUERY = "explorer", "timeline", "entities", "sources", "ontology", "query"
SCRIPTS = ("nav.js", "source-page.js")  # every inline script a served page may carry


@dataclass(frozen=True)
class NavLink:
    key: str
    href: str
    zh: str
    en: str


def nav_links(root: str = "..", *, served: bool = False) -> list[NavLink]:
    """The bar's links: static ones relative to `root`, or the server's routes."""
    if served:
        return [
            NavLink(ENTITIES, "/page/", "实体", "Entities"),
            NavLink(SOURCES, "/page/sources/", "文献", "Sources"),
            NavLink(ONTOLOGY, "/docs/", "本体文档", "Ontology docs"),
            NavLink(QUERY, "/query", "SPARQL 查询", "SPARQL query"),
        ]
    return [
        NavLink(EXPLORER, f"{root}/viz/index.html", "图谱", "Explorer"),
        NavLink(TIMELINE, f"{root}/viz/timeline.html", "时间线", "Timeline"),
        NavLink(ENTITIES, f"{root}/site/index.html", "实体", "Entities"),
        NavLink(SOURCES, f"{root}/site/sources/index.html", "文献", "Sources"),
        NavLink(ONTOLOGY, f"{root}/docs/index.html", "本体文档", "Ontology docs"),
    ]


def script_source() -> str:
    """The Content-Security-Policy sources that let the pages' inline scripts run (the bar's, the
    source pages' copy buttons), and no other: a server that forbids inline scripts allows
    exactly these by their hashes."""
    digests = (hashlib.sha256(assets.static(name).encode("utf-8")).digest() for name in SCRIPTS)
    return " ".join(f"'sha256-{base64.b64encode(digest).decode('ascii')}'" for digest in digests)


def source_script() -> Markup:
    """The source pages' copy-citation script, inline."""
    return Markup(assets.static("source-page.js"))


@cache
def navigation_bar(current: str, root: str = "..", *, served: bool = False) -> Markup:
    """The bar as markup with its own style and script, so any page can include it as one piece
    (rendered once per bar: every entity page has the same one)."""
    return Markup(
        render(
            "nav.html",
            links=nav_links(root, served=served),
            current=current,
            css=assets.static("nav.css"),
            script=assets.static("nav.js"),
        )
    )
