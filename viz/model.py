"""The graph as the views see it: entities, their facts, and each fact's evidence.

Every view (explorer, neighbourhood, timeline, entity pages, analytics) reads this one model,
so a fact is shown with the same source and quote everywhere. It is built from quads in the
shape the builder writes (one named graph per claim, PROV-O metadata on the claim in the
provenance graph, the ontology in its own graph), whether they come from an in-memory
KnowledgeGraph during `dgkg build` or from dist/dgkg.trig afterwards (viz.loading).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from ontology import DGO
from viz.vocabulary import Vocabulary, lang_key

Quad = tuple[Node, Node, Node, Node | None]  # rdflib terms, as ontology.rdfio.rdflib_quads gives them

LABEL_PREDICATES = {str(SKOS.prefLabel), str(SKOS.altLabel), str(SKOS.definition), str(RDFS.label)}
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
class ExplorerModel:
    base: str
    vocabulary: Vocabulary
    entities: dict[str, Entity]
    facts: list[Fact]
    source_titles: dict[str, str]  # source slug -> title to show
    naming: list[Fact] = field(default_factory=list)  # the triples that type, name and define entities

    @classmethod
    def from_quads(cls, quads: Iterable[Quad]) -> "ExplorerModel":
        return _Extraction(quads).model()

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


class _Extraction:
    """One pass over the quads, sorting them into claims, evidence, entities and facts."""

    def __init__(self, quads: Iterable[Quad]) -> None:
        self.in_claims: dict[str, list[tuple]] = defaultdict(list)
        self.elsewhere: list[tuple] = []
        self.claim_meta: dict[str, dict[str, object]] = defaultdict(dict)
        for s, p, o, g in quads:
            if str(p) == str(RDF.type) and str(o) == str(DGO.Claim):
                self.claim_meta[str(s)]["is_claim"] = True
            if g is not None:
                self.in_claims[str(g)].append((s, p, o))
            else:
                self.elsewhere.append((s, p, o))
        for name in [g for g in self.in_claims if g not in self.claim_meta]:
            self.elsewhere.extend(self.in_claims.pop(name))  # ontology, provenance, derived graphs
        for s, p, o in self.elsewhere:
            if str(s) in self.claim_meta:
                self.claim_meta[str(s)][str(p)] = o

    def base(self) -> str:
        claim = next(iter(self.claim_meta), "")
        return claim.rsplit("claim/", 1)[0] if "claim/" in claim else ""

    def evidence(self, claim: str, base: str) -> Evidence:
        meta = self.claim_meta[claim]
        source = str(meta.get(str(PROV.wasDerivedFrom), ""))
        outside = meta.get(str(DGO.outsideCuratedSources))
        return Evidence(
            claim=claim,
            source=source[len(base) :] if source.startswith(base) else source,
            quote=_text(meta.get(str(DGO.quote))),
            locator=_text(meta.get(str(DGO.locator))),
            citation=_text(meta.get(str(DCTERMS.bibliographicCitation))),
            external=isinstance(outside, Literal) and outside.toPython() is True,
        )

    def model(self) -> ExplorerModel:
        base = self.base()
        vocabulary = Vocabulary.from_graph(self.elsewhere)
        evidence = {claim: self.evidence(claim, base) for claim in sorted(self.in_claims)}
        classes: dict[str, list[str]] = defaultdict(list)
        for triples in self.in_claims.values():
            for s, p, o in triples:
                if str(p) == str(RDF.type):
                    classes[str(s)].append(str(o))
        entities = {}
        for iri, types in classes.items():
            slug = iri[len(base) :] if iri.startswith(base) else iri
            entities[slug] = Entity(slug=slug, iri=iri, cls=_most_specific(types, vocabulary))
        facts: list[Fact] = []
        naming: list[Fact] = []
        for claim in sorted(self.in_claims):
            for s, p, o in sorted(self.in_claims[claim], key=lambda t: (str(t[0]), str(t[1]), str(t[2]))):
                fact = self.fact(s, p, o, evidence[claim], entities, base)
                if fact is not None:
                    facts.append(fact)
                elif str(s)[len(base) :] in entities:
                    naming.append(_literal_fact(str(s)[len(base) :], p, o, evidence[claim]))
        titles = {}
        for e in evidence.values():
            source = entities.get(e.source)
            titles[e.source] = source.label("en") if source else self._title(e.source, base)
        return ExplorerModel(base, vocabulary, dict(sorted(entities.items())), facts, titles, naming)

    def fact(self, s, p, o, evidence: Evidence, entities: dict[str, Entity], base: str) -> Fact | None:
        subject = str(s)[len(base) :]
        entity = entities.get(subject)
        if entity is None:
            return None
        predicate = str(p)
        if predicate == str(RDF.type):
            entity.declared_by = entity.declared_by or evidence
            return None
        if predicate in LABEL_PREDICATES and isinstance(o, Literal):
            tag = lang_key(o)
            if predicate == str(SKOS.prefLabel):
                entity.labels[tag] = str(o)
            elif predicate == str(SKOS.altLabel) and str(o) not in entity.alt_labels.get(tag, []):
                entity.alt_labels.setdefault(tag, []).append(str(o))
            elif predicate == str(SKOS.definition):
                entity.definitions[tag] = str(o)
            return None
        if isinstance(o, URIRef) and str(o)[len(base) :] in entities and str(o).startswith(base):
            return Fact(subject, predicate, evidence, target=str(o)[len(base) :])
        return _literal_fact(subject, p, o, evidence)

    def _title(self, source: str, base: str) -> str:
        for s, p, o in self.elsewhere:
            if str(s) == base + source and str(p) in (str(DCTERMS.title), str(RDFS.label)):
                return str(o)
        return source


def _literal_fact(subject: str, p: URIRef, o: object, evidence: Evidence) -> Fact:
    """A fact whose value is not an entity: a literal (with its language and datatype) or an IRI."""
    if isinstance(o, Literal):
        return Fact(subject, str(p), evidence, value=str(o), lang=o.language, datatype=str(o.datatype) if o.datatype else None)
    return Fact(subject, str(p), evidence, value=str(o))


def _paragraph(locator: str | None) -> int:
    """¶12 -> 12; claims without a paragraph (from outside the texts) come first."""
    digits = (locator or "").lstrip("¶")
    return int(digits) if digits.isdigit() else 0


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _most_specific(types: list[str], vocabulary: Vocabulary) -> str:
    """Of several asserted types, the one below the others (ties broken by IRI, for stability)."""
    ranked = sorted(set(types), key=lambda c: (-len(vocabulary.ancestors(c)), c))
    return ranked[0]
