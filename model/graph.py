"""The graph as every reader sees it: entities, their facts, and each fact's evidence.

The views (explorer, timeline, entity and source pages, analytics) and `dgkg lookup`'s
description read this one model, so a fact is shown with the same source and quote
everywhere. It is read from a store (model.reading): the whole graph, or what touches one
entity, in the shape the builder writes (one named graph per claim, PROV-O metadata on the
claim in the provenance graph, the ontology in its own graph).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from model.vocabulary import Vocabulary
from ontology import IriLayout

DATED = {str(XSD.gYear), str(XSD.date), str(XSD.gYearMonth), str(XSD.dateTime)}


@dataclass(frozen=True)
class Evidence:
    """Where one claim comes from: the source document, the verbatim quote and its place."""

    claim: str
    source: str  # slug of the source document
    quote: str | None = None
    locator: str | None = None
    citation: str | None = None
    external: bool = False

    @property
    def anchor(self) -> str:
        """The id of the claim's entry on its source's page: the claim IRI's last segment."""
        return self.claim.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Fact:
    """One asserted triple about an entity: either a link to another entity or a literal value."""

    subject: str
    predicate: str
    evidence: Evidence
    target: str | None = None  # slug, when the value is an entity
    value: str | None = None  # lexical form otherwise
    lang: str | None = None
    datatype: str | None = None
    is_iri: bool = False  # the value is an IRI that names no entity (a class, a qualifier)

    def node(self, layout: IriLayout) -> Node:
        """The value as the RDF term it was read from."""
        if self.target is not None:
            return layout.resource(self.target)
        if self.is_iri:
            return URIRef(self.value or "")
        return Literal(self.value, lang=self.lang, datatype=self.datatype)

    @property
    def year(self) -> int | None:
        if self.datatype in DATED and self.value and self.value[:4].isdigit():
            return int(self.value[:4])
        return None


@dataclass
class Entity:
    slug: str
    iri: str
    cls: str
    labels: dict[str, str] = field(default_factory=dict)  # lower-case lang tag -> prefLabel
    alt_labels: dict[str, list[str]] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)
    declared_by: Evidence | None = None  # the claim that gives the entity its type and labels

    def label(self, lang: str = "zh-hans") -> str:
        return self.labels.get(lang.lower()) or self.labels.get("en") or next(iter(self.labels.values()), self.slug)

    def all_labels(self) -> list[str]:
        found = list(self.labels.values())
        for values in self.alt_labels.values():
            found.extend(values)
        return list(dict.fromkeys(found))


@dataclass
class ReadModel:
    base: str
    vocabulary: Vocabulary
    entities: dict[str, Entity]
    facts: list[Fact]  # links and values: what the views draw and list
    source_titles: dict[str, str]  # source slug -> title to show
    naming: list[Fact] = field(default_factory=list)  # the triples that type, name and define entities

    def entity(self, slug: str) -> Entity:
        try:
            return self.entities[slug]
        except KeyError:
            raise LookupError(f"no entity '{slug}' in the graph") from None

    def label(self, slug: str, lang: str = "zh-hans") -> str:
        return self.entities[slug].label(lang)

    def top_class(self, slug: str) -> str:
        return self.vocabulary.top_class(self.entities[slug].cls)

    def is_a(self, slug: str, cls: str) -> bool:
        return self.vocabulary.is_a(self.entities[slug].cls, cls)

    @cached_property
    def links(self) -> list[Fact]:
        """Facts whose value is another entity: the edges of every picture."""
        return [fact for fact in self.facts if fact.target is not None]

    @cached_property
    def facts_about(self) -> dict[str, list[Fact]]:
        index: dict[str, list[Fact]] = defaultdict(list)
        for fact in self.facts:
            index[fact.subject].append(fact)
        return index

    @cached_property
    def facts_pointing_to(self) -> dict[str, list[Fact]]:
        index: dict[str, list[Fact]] = defaultdict(list)
        for fact in self.links:
            if fact.target is not None:  # always, for a link: said for the type checker
                index[fact.target].append(fact)
        return index

    @cached_property
    def claims_from(self) -> dict[str, dict[str, list[Fact]]]:
        """source slug -> claim -> the claim's triples (naming ones included), claims in the order of
        their evidence's paragraph: what each source document says, as its page lists it."""
        index: dict[str, dict[str, list[Fact]]] = defaultdict(dict)
        for fact in sorted(self.facts + self.naming, key=lambda f: (_paragraph(f.evidence.locator), f.evidence.claim)):
            index[fact.evidence.source].setdefault(fact.evidence.claim, []).append(fact)
        return index

    def neighbours(self, slug: str) -> list[str]:
        found = [f.target for f in self.facts_about.get(slug, []) if f.target]
        found += [f.subject for f in self.facts_pointing_to.get(slug, [])]
        return sorted(set(found) - {slug})

    def within(self, slug: str, depth: int) -> list[str]:
        """The entity and everything at most `depth` links away (in either direction)."""
        seen, frontier = {slug}, [slug]
        for _ in range(max(depth, 0)):
            frontier = [n for s in frontier for n in self.neighbours(s) if n not in seen]
            seen.update(frontier)
        return sorted(seen)


def _paragraph(locator: str | None) -> int:
    """¶12 -> 12; claims without a paragraph (from outside the texts) come first."""
    digits = (locator or "").lstrip("¶")
    return int(digits) if digits.isdigit() else 0
