"""One HTML page per entity: everything known about it, each fact with its source and quote.

The same function renders dist/site/<slug>.html during the build and the page `dgkg serve`
returns for text/html at the entity's IRI; only the links differ (`href` maps a slug to the
address of its page), so the two can never drift apart. The only script is the shared bar's
language switch (viz/navigation.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from model import Evidence, Fact, lang_order
from ontology import DGO, formats
from viz import assets
from viz.figures import figure
from viz.navigation import ENTITIES, navigation_bar
from viz.pages import Page
from viz.svg import neighbourhood_picture
from viz.views import Views

LANG_NAMES = {"zh-hans": "简体中文 zh-Hans", "zh-hant": "繁體中文 zh-Hant", "en": "English", "zh-latn-pinyin": "拼音 pinyin"}


# The descriptions an entity page links: `dgkg serve` answers every format of the registry at
# /data/<slug>.<ext> (these are the ones a reader is offered); the static site has SITE_FORMATS.
SERVED_FORMATS = (*formats.SITE_FORMATS, formats.FORMATS["rdfxml"])


def data_links(slug: str, *, served: bool = False) -> list[tuple[str, str]]:
    """(format name, address) of the entity's description: the server's /data/, or the files beside the page."""
    if served:
        return [(fmt.title, f"/data/{slug}.{fmt.extension}") for fmt in SERVED_FORMATS]
    return [(fmt.title, f"{slug}.{fmt.extension}") for fmt in formats.SITE_FORMATS]


def source_address(source: str, *, served: bool = False) -> str:
    """The page of a source document, from an entity page: the server's /page/sources/, or the file beside it."""
    return f"/page/sources/{source}" if served else f"sources/{source}.html"


@dataclass(frozen=True)
class FactRow:
    property_zh: str
    property_en: str
    target: str | None  # slug of a linked entity
    target_zh: str
    target_en: str
    value: str | None
    value_en: str | None  # the value in English, where it differs (an ontology term's label)
    lang: str | None
    evidence: Evidence
    source_title: str


def render_entity_page(views: Views, slug: str, **options: Any) -> str:
    """The entity's page (entity_page's options); raises LookupError for an unknown slug."""
    return entity_page(views, slug, **options).html()


def entity_page(
    views: Views,
    slug: str,
    *,
    href: Callable[[str], str] = lambda s: f"{s}.html",
    explorer: str | None = "../viz/index.html",
    served: bool = False,
) -> Page:
    """The entity's page; raises LookupError for an unknown slug. `href(slug)` links neighbours;
    `served`: the page `dgkg serve` returns, linking /data/ and the query page rather than files."""
    model = views.model
    entity = model.entity(slug)
    vocab = model.vocabulary
    langs = sorted(set(entity.labels) | set(entity.alt_labels), key=lang_order)
    label_rows = [(LANG_NAMES.get(lang, lang), entity.labels.get(lang, ""), entity.alt_labels.get(lang, [])) for lang in langs]
    definitions = [
        (LANG_NAMES.get(lang, lang), text) for lang, text in sorted(entity.definitions.items(), key=lambda i: lang_order(i[0]))
    ]
    return Page(
        "entity.html",
        dict(
            entity=entity,
            title_zh=entity.label("zh-hans"),
            title_en=entity.label("en"),
            class_zh=vocab.label(entity.cls, "zh-hans"),
            class_en=vocab.label(entity.cls, "en"),
            style=views.style(slug),
            label_rows=label_rows,
            definitions=definitions,
            declared=_source_row(views, entity.declared_by) if entity.declared_by else None,
            figure=_figure_text(views, slug),
            facts=[_row(views, fact, fact.target) for fact in model.facts_about.get(slug, [])],
            incoming=[_row(views, fact, fact.subject) for fact in model.facts_pointing_to.get(slug, [])],
            picture=neighbourhood_picture(views, slug),
            neighbours=[(n, model.label(n, "zh-hans"), model.label(n, "en")) for n in model.neighbours(slug)],
            href=href,
            explorer=f"{explorer}#focus={slug}&depth=1" if explorer else None,
            navigation=navigation_bar(ENTITIES, served=served),
            data_links=data_links(slug, served=served),
            describe=f"/query?{urlencode({'query': f'DESCRIBE <{entity.iri}>'})}" if served else None,
            source_page=lambda evidence: f"{source_address(evidence.source, served=served)}#{evidence.anchor}",
            css=assets.static("page.css"),
        ),
    )


def _figure_text(views: Views, slug: str) -> tuple[str, str] | None:
    """A statistic's number as the text qualifies it, in Chinese and in English."""
    found = figure(views.model.facts_about.get(slug, []))
    return None if found is None else (found.text(views.model, "zh-hans"), found.text(views.model, "en"))


def _source_row(views: Views, evidence: Evidence) -> tuple[Evidence, str]:
    return evidence, views.model.source_titles.get(evidence.source, evidence.source)


def _row(views: Views, fact: Fact, other: str | None) -> FactRow:
    """A fact as a table row; `other` is the entity at the far end (target, or subject if incoming)."""
    model = views.model
    vocab = model.vocabulary
    evidence, title = _source_row(views, fact.evidence)
    linked = other if other is not None and other in model.entities else None
    term = fact.value if fact.value and fact.value.startswith(str(DGO)) else None  # e.g. a qualifier: by its label
    return FactRow(
        property_zh=vocab.label(fact.predicate, "zh-hans"),
        property_en=vocab.label(fact.predicate, "en"),
        target=linked,
        target_zh=model.label(linked, "zh-hans") if linked else "",
        target_en=model.label(linked, "en") if linked else "",
        value=vocab.label(term, "zh-hans") if term else fact.value,
        value_en=vocab.label(term, "en") if term else None,
        lang=fact.lang,
        evidence=evidence,
        source_title=title,
    )
