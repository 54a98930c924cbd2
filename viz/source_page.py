"""One HTML page per source document: its citation, how to cite it, and every claim it supports.

Claims are grouped by the entity they are about, entities in the order the text first speaks
of them; each claim shows its statements (in the reader's language where the graph has it) and
the paragraph its quote comes from, the quote marked. The paragraph is split around the quote
here and the three parts are interpolated by the autoescaping template, so neither the text nor
the quote can ever become markup.

As with entity pages, one function renders the file the build writes
(dist/site/sources/<slug>.html) and the page `dgkg serve` returns (/page/sources/<slug>); only
the links differ.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rdflib.namespace import RDF, RDFS, SKOS

from model import Evidence, Fact
from ontology import DGO
from viz import assets
from viz.bibliography import Reference, reference
from viz.navigation import SOURCES, navigation_bar, source_script
from viz.pages import Page, render
from viz.views import Views

CONTEXT = 120  # characters of the paragraph kept on each side of a quote; the rest behind "whole paragraph"
PREF_LABEL, LABEL, DGO_TERMS = str(SKOS.prefLabel), str(RDFS.label), str(DGO)  # read per statement of every claim
NAMING = {  # in the order a claim that introduces an entity lists them
    str(SKOS.prefLabel): ("名称", "name"),
    str(RDF.type): ("类别", "class"),
    str(SKOS.altLabel): ("别名", "also called"),
    str(SKOS.definition): ("定义", "definition"),
    str(RDFS.label): ("标签", "label"),
}


@dataclass(frozen=True)
class Value:
    text: str
    lang: str | None = None
    slug: str | None = None  # a linked entity
    en: str | None = None  # the entity's or class's English name
    shown: str = ""  # "zh" or "en": shown only in that language (another value stands in for it); "": always
    missing: bool = False  # a field the text does not give


NOT_GIVEN = Value("文本未给出", en="not given in the text", missing=True)
EXPECTED = {"J": ("journal", "year", "issue", "pages"), "Z": ("year",)}  # what a citation of each kind names


@dataclass(frozen=True)
class Statement:
    """A claim's values of one property: those shown in both languages, and those shown in one
    only, as ("zh" or "en", values). Split once here, not by the template: calling back into Python
    for each of a page's thousands of statements took two fifths of its rendering."""

    property_zh: str
    property_en: str
    both: list[Value]
    one_language: list[tuple[str, list[Value]]]

    @classmethod
    def of(cls, property_zh: str, property_en: str, values: list[Value]) -> Statement:
        one_language = [(lang, shown) for lang in ("zh", "en") if (shown := [v for v in values if v.shown == lang])]
        return cls(property_zh, property_en, [v for v in values if not v.shown], one_language)


@dataclass(frozen=True)
class Passage:
    """The paragraph around a quote: `before` + `quote` + `after` is the whole paragraph."""

    before: str
    quote: str
    after: str

    @property
    def trimmed(self) -> tuple[str, str]:
        before = self.before if len(self.before) <= CONTEXT else "…" + self.before[-CONTEXT:]
        after = self.after if len(self.after) <= CONTEXT else self.after[:CONTEXT] + "…"
        return before, after

    @property
    def is_trimmed(self) -> bool:
        return self.trimmed != (self.before, self.after)


@dataclass(frozen=True)
class ClaimView:
    evidence: Evidence
    statements: list[Statement]
    passage: Passage | None


@dataclass(frozen=True)
class EntityClaims:
    slug: str
    zh: str
    en: str
    class_zh: str
    class_en: str
    claims: list[ClaimView]


def source_slugs(views: Views) -> list[str]:
    """Every document some claim is taken from."""
    return sorted(views.model.claims_from)


def render_source_page(views: Views, slug: str, **options: Any) -> str:
    """The page of source document `slug` (source_page's options); raises LookupError when no
    claim comes from it."""
    return source_page(views, slug, **options).html()


def source_page(
    views: Views,
    slug: str,
    *,
    href: Callable[[str], str] = lambda s: f"../{s}.html",
    root: str = "../..",
    served: bool = False,
) -> Page:
    """The page of source document `slug`; raises LookupError when no claim comes from it.
    `href(slug)` is the address of an entity's page."""
    model = views.model
    if slug not in model.claims_from:
        raise LookupError(f"no claim is taken from '{slug}'")
    entity = model.entities.get(slug)
    ref = reference(model, slug)
    groups = entity_groups(views, slug)
    return Page(
        "source.html",
        dict(
            slug=slug,
            title_zh=entity.label("zh-hans") if entity else ref.description,
            title_en=entity.label("en") if entity else ref.description,
            class_zh=model.vocabulary.label(entity.cls, "zh-hans") if entity else "文献",
            class_en=model.vocabulary.label(entity.cls, "en") if entity else "document",
            is_entity=entity is not None,
            record=record_rows(views, ref),
            gbt=ref.gbt7714(),
            bibtex=ref.bibtex(),
            groups=groups,
            claim_count=sum(len(g.claims) for g in groups),
            href=href,
            navigation=navigation_bar(SOURCES, root, served=served),
            css=assets.static("page.css"),
            script=source_script(),
        ),
    )


def record_rows(views: Views, ref: Reference) -> list[tuple[str, str, list[Value]]]:
    """The fields of the record, as (name zh, name en, values): those the graph gives (authors
    linking to their pages), and those a citation of its kind expects but the text does not give,
    said to be missing rather than left out silently."""
    model = views.model
    rows: list[tuple[str, str, list[Value]]] = []
    if ref.author_slugs:
        authors = [Value(model.label(a, "zh-hans"), slug=a, en=model.label(a, "en")) for a in ref.author_slugs]
        rows.append(("作者", "authors", authors))
    elif ref.issuer:
        rows.append(("发布机构", "issued by", [Value(ref.issuer)]))
    else:
        rows.append(("作者", "authors", [NOT_GIVEN]))
    entity = model.entities.get(ref.slug)
    untitled = Value(f"无题名（{ref.description}）", en=f"untitled ({entity.label('en') if entity else ref.description})")
    rows.append(("题名", "title", [Value(ref.title)] if ref.title else [untitled]))
    expected = EXPECTED.get(ref.kind, ())
    for zh, en, text in (
        ("刊名", "journal", ref.journal),
        ("年", "year", ref.year),
        ("期", "issue", ref.issue),
        ("页码", "pages", ref.pages),
        ("DOI", "DOI", ref.doi),
        ("文号", "document number", ref.number),
    ):
        if text or en in expected:
            rows.append((zh, en, [Value(text)] if text else [NOT_GIVEN]))
    return rows


def entity_groups(views: Views, source: str) -> list[EntityClaims]:
    """The document's claims by the entity they are about, in the order the text first names each."""
    model = views.model
    by_entity: dict[str, list[ClaimView]] = {}
    for facts in model.claims_from[source].values():
        evidence = facts[0].evidence
        by_entity.setdefault(facts[0].subject, []).append(ClaimView(evidence, statements(views, facts), passage(views, evidence)))
    vocab = model.vocabulary
    return [
        EntityClaims(
            slug,
            model.label(slug, "zh-hans"),
            model.label(slug, "en"),
            vocab.label(model.entities[slug].cls, "zh-hans"),
            vocab.label(model.entities[slug].cls, "en"),
            claims,
        )
        for slug, claims in by_entity.items()
    ]


def statements(views: Views, facts: list[Fact]) -> list[Statement]:
    """One row per relation of a claim, its values in the reader's language where the claim has them."""
    model, vocab = views.model, views.model.vocabulary
    by_predicate: dict[str, list[Fact]] = {}
    order = list(NAMING)
    for fact in sorted(facts, key=lambda f: order.index(f.predicate) if f.predicate in order else len(order)):
        by_predicate.setdefault(fact.predicate, []).append(fact)
    names = {f.value for f in by_predicate.get(PREF_LABEL, [])}
    rows = []
    for predicate, group in by_predicate.items():
        if predicate == LABEL and {f.value for f in group} <= names:
            continue  # the builder's copy of the preferred name
        zh, en = NAMING.get(predicate) or (vocab.label(predicate, "zh-hans"), vocab.label(predicate, "en"))
        langs = {(f.lang or "").lower() for f in group}
        values = []
        for fact in group:
            if fact.target:
                values.append(Value(model.label(fact.target, "zh-hans"), slug=fact.target, en=model.label(fact.target, "en")))
            elif (fact.value or "").startswith(DGO_TERMS):  # a class, or a term such as a statistic's qualifier
                values.append(Value(vocab.label(fact.value or "", "zh-hans"), en=vocab.label(fact.value or "", "en")))
            elif (shown := _shown((fact.lang or "").lower(), langs)) is not None:
                values.append(Value(fact.value or "", fact.lang, shown=shown))
        rows.append(Statement.of(zh, en, values))
    return rows


def _shown(lang: str, langs: set[str]) -> str | None:
    """In which language a literal is shown ("zh", "en", "" for both; None: never): a Chinese value
    gives way to an English one in the English view and the other way round; another script
    (zh-Hant, pinyin) stands in only for a language the claim lacks."""
    zh, en = "zh-hans" in langs, "en" in langs
    if lang == "zh-hans":
        return "zh" if en else ""
    if lang == "en":
        return "en" if zh else ""
    if not lang or not (zh or en):
        return ""
    return "zh" if en and not zh else None


def passage(views: Views, evidence: Evidence) -> Passage | None:
    paragraph = views.paragraphs.get(evidence.source, {}).get(evidence.locator or "")
    if not paragraph or not evidence.quote or evidence.quote not in paragraph:
        return None
    start = paragraph.index(evidence.quote)
    end = start + len(evidence.quote)
    return Passage(paragraph[:start], evidence.quote, paragraph[end:])


def render_source_index(
    views: Views, *, page: Callable[[str], str] = lambda s: f"{s}.html", root: str = "../..", served: bool = False
) -> str:
    """Every source document with its citation and how many claims it supports."""
    model = views.model
    rows = []
    for slug in source_slugs(views):
        ref = reference(model, slug)
        claims = model.claims_from[slug]
        entities = {facts[0].subject for facts in claims.values()}
        entity = model.entities.get(slug)
        zh, en = (entity.label("zh-hans"), entity.label("en")) if entity else (ref.description, ref.description)
        rows.append((slug, zh, en, ref, len(claims), len(entities)))
    rows.sort(key=lambda row: (-row[4], row[0]))
    return render(
        "source_index.html",
        rows=rows,
        page=page,
        navigation=navigation_bar(SOURCES, root, served=served),
        css=assets.static("page.css"),
    )
