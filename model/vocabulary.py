"""What readers need from the ontology: the labels of terms, their hierarchy and their inverses.

Every reader takes these from the ontology graph that travels with the data (the
`graph/ontology` named graph) rather than from a list kept in code: the views colour nodes by
top class and name edges by property label; a description drops what the reasoner only
restates (the inverse of a stated fact, a broader property beside a narrower one). A term the
ontology does not label (a standard term such as skos:broader) falls back to its local name
split into words, so a new property never shows up as a bare IRI.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDFS, SKOS
from rdflib.term import Node

from ontology import DGO

LANG_ORDER = ("zh-hans", "zh-hant", "zh-latn-pinyin", "en")  # how labels are listed everywhere
# The ontology's triples a reader uses; `query` asks a store for exactly these.
LABELS = (RDFS.label, SKOS.prefLabel)
HIERARCHY = (RDFS.subClassOf, RDFS.subPropertyOf)
INVERSE = OWL.inverseOf


def local_name(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def words(name: str) -> str:
    """`operatedBy` -> `operated by`: a readable stand-in for an unlabelled term."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).replace("_", " ").lower()


def lang_order(tag: str) -> tuple[int, str]:
    return (LANG_ORDER.index(tag) if tag in LANG_ORDER else len(LANG_ORDER), tag)


def lang_key(literal: Literal) -> str:
    """Language tags compared case-insensitively (Oxigraph lower-cases them, rdflib keeps case)."""
    return (literal.language or "").lower()


def query(ontology_graph: str) -> str:
    """The SELECT that gives :meth:`Vocabulary.from_triples` what it reads, from any store."""
    wanted = " ".join(f"<{p}>" for p in (*LABELS, *HIERARCHY, INVERSE))
    return f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {wanted} }} GRAPH <{ontology_graph}> {{ ?s ?p ?o }} FILTER(isIRI(?s)) }}"


@dataclass
class Vocabulary:
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # term IRI -> lang -> label
    parents: dict[str, list[str]] = field(default_factory=dict)  # class or property IRI -> direct supers
    inverses: dict[str, set[str]] = field(default_factory=dict)  # property IRI -> its inverses, both ways
    # Answers of ancestors and top_class, asked for every entity of every page (a vocabulary is
    # complete once read: from_triples fills it, nothing changes it afterwards).
    _ancestry: dict[str, tuple[str, ...]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _tops: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def from_triples(cls, ontology: Iterable[tuple[Node, Node, Node]]) -> "Vocabulary":
        vocab = cls()
        for s, p, o in ontology:
            if not isinstance(s, URIRef):
                continue
            if p in LABELS and isinstance(o, Literal):
                vocab.labels.setdefault(str(s), {}).setdefault(lang_key(o), str(o))
            elif p in HIERARCHY and isinstance(o, URIRef) and o != OWL.Thing:
                vocab.parents.setdefault(str(s), []).append(str(o))
            elif p == INVERSE and isinstance(o, URIRef):
                vocab.inverses.setdefault(str(s), set()).add(str(o))
                vocab.inverses.setdefault(str(o), set()).add(str(s))
        for supers in vocab.parents.values():
            supers.sort()
        return vocab

    def label(self, iri: str, lang: str = "en") -> str:
        labels = self.labels.get(iri, {})
        return labels.get(lang.lower()) or labels.get("en") or labels.get("") or words(local_name(iri))

    def ancestors(self, term: str) -> tuple[str, ...]:
        """The class (or property) and every super-class (super-property), nearest first
        (breadth-first, deterministic)."""
        known = self._ancestry.get(term)
        if known is not None:
            return known
        seen, queue = [term], [term]
        while queue:
            for parent in self.parents.get(queue.pop(0), []):
                if parent not in seen:
                    seen.append(parent)
                    queue.append(parent)
        self._ancestry[term] = tuple(seen)
        return self._ancestry[term]

    def broader(self, term: str) -> frozenset[str]:
        """Every super-class or super-property of ``term``, transitively, without itself."""
        return frozenset(self.ancestors(term)[1:])

    def inverse(self, prop: str) -> frozenset[str]:
        return frozenset(self.inverses.get(prop, ()))

    def is_a(self, cls: str, other: str) -> bool:
        return other in self.ancestors(cls)

    def top_class(self, cls: str) -> str:
        """The most general dgo: ancestor: one of the disjoint top classes (Agent, Event, Place …)."""
        top = self._tops.get(cls)
        if top is None:
            own = [c for c in self.ancestors(cls) if c.startswith(str(DGO))]
            tops = [c for c in own if not any(p.startswith(str(DGO)) for p in self.parents.get(c, []))]
            top = self._tops[cls] = tops[0] if tops else cls
        return top
