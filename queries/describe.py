"""Everything the graph says about one entity, each fact with the evidence behind it.

The claims come from the one read model (model.read_model, restricted to what touches the
entity): a fact sits in one or more claim graphs, one per quote that supports it, each with its
provenance (source document, verbatim quote, locator, or an outside citation). What the build
derived and what the reasoner inferred carry no quote and are read beside them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from model import Evidence, Vocabulary, read_model
from ontology import DGO, IriLayout
from queries.labels import Labels, names_of, pick, short_name
from queries.results import Rows

Select = Callable[[str], Rows]

RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
VALUE, VALUE_QUALIFIER, UNIT = DGO.value, DGO.valueQualifier, DGO.unit
# When a statistic refers to: the first of these it has is shown beside its number.
AS_OF = (DGO.asOf, DGO.asOfMonth, DGO.asOfYear)


@dataclass(frozen=True)
class Figure:
    """A statistic's number as its sources give it, to show wherever the statistic is named."""

    value: Literal
    qualifier: URIRef | None = None
    unit: Literal | None = None
    when: Literal | None = None


@dataclass
class Statement:
    """One line of a description: a triple touching the entity, with every claim behind it."""

    direction: str  # "out": entity predicate other; "in": other predicate entity
    predicate: URIRef
    other: Node
    origin: str  # "claim", "derived" or "inferred"
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Description:
    iri: URIRef
    facts: list[Statement]
    names: dict[Node, dict[str, str]]  # labels of everything mentioned, by lower-case language tag
    slug: Callable[[str], str]
    # A statistic's value the sources give as a bound or an approximation -> its qualifier.
    qualified: dict[Node, URIRef] = field(default_factory=dict)
    vocabulary: Vocabulary = field(default_factory=Vocabulary)  # the ontology's hierarchy and inverses
    figures: dict[Node, Figure] = field(default_factory=dict)  # neighbour statistics' numbers

    def label(self, node: Node, lang: str = "zh") -> str:
        """A node as a reader wants it: a label in ``lang`` if it has one, else slug or value.

        A qualified value reads as the source states it (超过 70, more than 70), never as a
        bare figure a reader could quote as exact."""
        if isinstance(node, Literal):
            qualifier = self.qualified.get(node)
            return f"{self.label(qualifier, lang)} {node}" if qualifier is not None else str(node)
        return pick(self.names.get(node, {}), lang) or short_name(node, self.slug)

    @property
    def types(self) -> list[URIRef]:
        return [f.other for f in self.facts if f.direction == "out" and f.predicate == RDF_TYPE and isinstance(f.other, URIRef)]

    def kinds(self) -> list[URIRef]:
        """The most specific types only: a class is dropped when another listed type is its
        subclass, and an outside vocabulary's class (schema:, org:, foaf:) whenever a dgo:
        class is listed, since every dgo: class is aligned to those it would repeat."""
        types = list(dict.fromkeys(self.types))
        ours = [t for t in types if str(t).startswith(str(DGO))]
        candidates = ours or types
        below = {b for t in candidates for b in self.vocabulary.broader(str(t))}
        return [t for t in candidates if str(t) not in below]

    def shown(self, lang: str) -> list[Statement]:
        """The facts a reader sees, each once: in ``lang`` when a text is given in two
        languages, and without what the reasoner only restates."""
        return _one_language(_without_restated(self.facts, self.vocabulary), lang)


def describe(select: Select, index: Labels, entity: str) -> Description:
    iri, layout = URIRef(entity), index.layout
    model = read_model(select, layout, about=iri)
    slug = layout.slug(iri)
    lines: dict[tuple[str, Node, Node], Statement] = {}
    for fact in model.facts + model.naming:
        if fact.subject == slug:
            key = ("out", URIRef(fact.predicate), fact.node(layout))
        elif fact.target == slug:
            key = ("in", URIRef(fact.predicate), layout.resource(fact.subject))
        else:
            continue  # a neighbour's type, read to know it is an entity
        if not _internal(key[2], layout):
            lines.setdefault(key, Statement(*key, "claim")).evidence.append(fact.evidence)
    for row in select(_unclaimed_query(iri, layout)):
        key = (str(row["direction"]), row["predicate"], row["other"])
        if key not in lines and not _internal(row["other"], layout):
            lines[key] = Statement(*key, "derived" if row["graph"] == layout.derived else "inferred")
    ordered = sorted(
        lines.values(), key=lambda f: (f.direction != "out", f.predicate != RDF_TYPE, str(f.predicate), str(f.other))
    )
    for line in ordered:
        line.evidence.sort(key=lambda e: (e.source, e.locator or "", e.claim))
    mentioned = {iri, *(f.predicate for f in ordered), *(f.other for f in ordered)}
    figures = _figures(select, [f.other for f in ordered if isinstance(f.other, URIRef)])
    mentioned |= {fig.qualifier for fig in figures.values() if fig.qualifier is not None}
    names = names_of(select, mentioned)
    return Description(iri, ordered, names, index.slug, _qualified_values(ordered), model.vocabulary, figures)


def _internal(node: Node, layout: IriLayout) -> bool:
    """A node the build made for its own bookkeeping, or a blank node (an OWL restriction)."""
    return isinstance(node, BNode) or (isinstance(node, URIRef) and layout.is_internal(node))


def _figures(select: Select, nodes: list[URIRef]) -> dict[Node, Figure]:
    """The number, qualifier, unit and date of every neighbour that is a statistic."""
    if not nodes:
        return {}
    values = " ".join(f"<{n}>" for n in sorted(set(nodes)))
    dates = " ".join(f"OPTIONAL {{ ?stat <{p}> ?d{i} }}" for i, p in enumerate(AS_OF))
    rows = select(
        f"SELECT ?stat ?value ?qualifier ?unit ?d0 ?d1 ?d2 WHERE {{ VALUES ?stat {{ {values} }}\n"
        f"  ?stat <{VALUE}> ?value . OPTIONAL {{ ?stat <{VALUE_QUALIFIER}> ?qualifier }}\n"
        f"  OPTIONAL {{ ?stat <{UNIT}> ?unit }} {dates} }}"
    )
    return {row["stat"]: Figure(row["value"], row["qualifier"], row["unit"], row["d0"] or row["d1"] or row["d2"]) for row in rows}


def _without_restated(facts: list[Statement], vocabulary: Vocabulary) -> list[Statement]:
    """Drop an inferred fact that says again what another fact says: the inverse of a fact
    stated or of its broader property (has part ← X beside part of → X; has cause ← X beside
    has effect → X, has effect being a kind of causes), or a broader property beside a narrower one
    (dcterms:hasPart beside dgo:hasPart), or any inferred edge to a neighbour an asserted
    fact already links the same way (schema:audience beside dgo:audience)."""
    stated = [f for f in facts if f.origin != "inferred"]
    linked = {(f.direction, f.other) for f in stated}
    flipped = {"in": "out", "out": "in"}
    kept = []
    for fact in facts:
        if fact.origin == "inferred" and fact.predicate != RDF_TYPE:
            inverses = vocabulary.inverse(str(fact.predicate))
            if (
                (fact.direction, fact.other) in linked
                or any(
                    f.direction == flipped[fact.direction]
                    and f.other == fact.other
                    and inverses & {str(f.predicate), *vocabulary.broader(str(f.predicate))}
                    for f in stated
                )
                or any(
                    f is not fact
                    and f.direction == fact.direction
                    and f.other == fact.other
                    and str(fact.predicate) in vocabulary.broader(str(f.predicate))
                    for f in facts
                )
            ):
                continue
        kept.append(fact)
    return kept


def _language(node: Node) -> str | None:
    return (node.language or "").lower() or None if isinstance(node, Literal) else None


def _one_language(facts: list[Statement], lang: str) -> list[Statement]:
    """A text the sources state in both languages (a definition, a mandate) is one fact with
    its translation: keep the version in ``lang`` and drop the other language's from the same
    quotes. A text with no version in ``lang`` stays, so no fact is lost."""

    def wanted(tag: str) -> bool:
        return tag.startswith("zh") if lang.startswith("zh") else tag == lang

    def key(fact: Statement) -> tuple[object, ...]:
        quotes = frozenset((e.source, e.locator, e.quote, e.citation) for e in fact.evidence)
        return (fact.direction, fact.predicate, fact.origin, quotes)

    translated = {key(f) for f in facts if (tag := _language(f.other)) is not None and wanted(tag)}
    return [f for f in facts if (tag := _language(f.other)) is None or wanted(tag) or key(f) not in translated]


def _qualified_values(facts: list[Statement]) -> dict[Node, URIRef]:
    """The value literal of a statistic whose sources qualify it, with that qualifier."""
    qualifiers = [
        f.other for f in facts if f.direction == "out" and f.predicate == VALUE_QUALIFIER and isinstance(f.other, URIRef)
    ]
    if not qualifiers:
        return {}
    return {f.other: qualifiers[0] for f in facts if f.direction == "out" and f.predicate == VALUE}


def _text(node: Node | None) -> str | None:
    return None if node is None else str(node)


def _unclaimed_query(iri: URIRef, layout: IriLayout) -> str:
    """The triples touching the entity that no claim states: the build's and the reasoner's."""
    return f"""SELECT DISTINCT ?direction ?predicate ?other ?graph WHERE {{
  VALUES ?graph {{ <{layout.derived}> <{layout.inferred}> }}
  {{ GRAPH ?graph {{ <{iri}> ?predicate ?other }} BIND("out" AS ?direction) }}
  UNION
  {{ GRAPH ?graph {{ ?other ?predicate <{iri}> }} BIND("in" AS ?direction) }}
}}"""
