"""What the explorer's details panel shows about an entity: facts grouped by relation, one row per value.

The graph holds one fact per claim and per language: 浙里办 "provides service" appears as eight
facts (three statements, each in Chinese and English, two of them quoted from two papers). The
panel lists each relation once and under it each statement once, in the reader's language,
with every claim that supports it; so rows are built here, by merging the facts of one claim
(its language variants) and then the claims that state the same thing.

Claims and sources are stored once per page and referenced by index (`Evidence`), as are nodes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib.namespace import XSD

from model import Evidence, Fact, lang_order, ReadModel
from ontology import DGO
from viz.citations import short_title
from viz.figures import figure

KINDS = {
    str(XSD.gYear): "year",
    str(XSD.gYearMonth): "month",
    str(XSD.date): "date",
    str(XSD.dateTime): "date",
    str(XSD.decimal): "number",
    str(XSD.integer): "number",
    str(XSD.double): "number",
    str(XSD.float): "number",
    str(XSD.nonNegativeInteger): "number",
    str(XSD.positiveInteger): "number",
}


@dataclass
class ClaimTable:
    """Claims and their sources, each stored once and referred to by index."""

    model: ReadModel
    claims: dict[str, int] = field(default_factory=dict)
    claim_rows: list[list] = field(default_factory=list)
    sources: dict[str, int] = field(default_factory=dict)
    source_rows: list[list] = field(default_factory=list)

    def index(self, evidence: Evidence) -> int:
        if evidence.claim not in self.claims:
            self.claims[evidence.claim] = len(self.claim_rows)
            self.claim_rows.append(
                [
                    self._source(evidence.source),
                    evidence.quote,
                    evidence.locator,
                    evidence.citation,
                    evidence.external,
                    evidence.anchor,
                ]
            )
        return self.claims[evidence.claim]

    def _source(self, source: str) -> int:
        if source not in self.sources:
            model = self.model
            entity = model.entities.get(source)
            full = [entity.label("zh-hans"), entity.label("en")] if entity else [model.source_titles.get(source, source)] * 2
            self.sources[source] = len(self.source_rows)
            self.source_rows.append([source, short_title(model, source, "zh-hans"), short_title(model, source, "en"), *full])
        return self.sources[source]


def entity_details(
    model: ReadModel, slug: str, claims: ClaimTable, node: Callable[[str], int | None], props: dict[str, int]
) -> dict:
    """The panel's data for one entity; `node(slug)` is the page's index of a linked entity, if drawn."""
    entity = model.entities[slug]
    vocab = model.vocabulary
    by_lang = sorted(entity.labels.items(), key=lambda item: lang_order(item[0]))
    return {
        "labels": [[lang, text] for lang, text in by_lang],
        "alt": [
            [lang, text] for lang, values in sorted(entity.alt_labels.items(), key=lambda i: lang_order(i[0])) for text in values
        ],
        "def": sorted([lang, text] for lang, text in entity.definitions.items()),
        "cls": [vocab.label(entity.cls, "zh-hans"), vocab.label(entity.cls, "en")],
        "decl": claims.index(entity.declared_by) if entity.declared_by else None,
        "facts": relation_rows(model, model.facts_about.get(slug, []), claims, node, props),
        "figure": _figure(model, model.facts_about.get(slug, [])),
    }


def relation_rows(
    model: ReadModel, facts: list[Fact], claims: ClaimTable, node: Callable[[str], int | None], props: dict[str, int]
) -> list[list]:
    """[[property index, [row, …]], …]: a row is {"t": node} or {"v": {lang: text}, "k": kind}, with
    "c": the claims that state it; relations in first-seen order, linked entities before values."""
    relations: dict[str, dict[object, dict]] = {}
    per_claim: dict[tuple[str, str], dict[str, str]] = {}
    kinds: dict[tuple[str, str], str | None] = {}
    for fact in facts:
        rows = relations.setdefault(fact.predicate, {})
        if fact.target is not None:
            index = node(fact.target)
            key: object = ("t", fact.target)
            row = rows.setdefault(
                key,
                {"t": index}
                if index is not None
                else {"v": {"zh-hans": model.label(fact.target, "zh-hans"), "en": model.label(fact.target, "en")}, "k": None},
            )
            _add_claim(row, claims.index(fact.evidence))
        else:
            variants = per_claim.setdefault((fact.predicate, fact.evidence.claim), {})
            if fact.value and fact.value.startswith(str(DGO)):  # a term of the ontology (a qualifier): its name
                variants.update({lang: model.vocabulary.label(fact.value, lang) for lang in ("zh-hans", "en")})
            else:
                variants[(fact.lang or "").lower()] = fact.value or ""
            kinds[(fact.predicate, fact.evidence.claim)] = KINDS.get(fact.datatype or "")
    evidence = {f.evidence.claim: f.evidence for f in facts}
    for (predicate, claim), variants in per_claim.items():
        key = ("v", tuple(sorted(variants.items())))
        row = relations[predicate].setdefault(key, {"v": variants, "k": kinds[(predicate, claim)]})
        _add_claim(row, claims.index(evidence[claim]))
    return [[props[predicate], list(rows.values())] for predicate, rows in relations.items()]


def _add_claim(row: dict, claim: int) -> None:
    row.setdefault("c", [])
    if claim not in row["c"]:
        row["c"].append(claim)


def _figure(model: ReadModel, facts: list[Fact]) -> list | None:
    """A statistic's number, unit, date and qualifier, shown under its name: [value, unit, when,
    [qualifier zh, en, whether the Chinese word follows the number] or None]."""
    found = figure(facts)
    return None if found is None else [found.value, found.unit, found.when, found.qualifier_labels(model)]
