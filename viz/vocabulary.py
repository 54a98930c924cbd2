"""What the views need from the ontology: the labels of classes and properties, and the class tree.

The views colour nodes by top class, name edges by property label and place timeline items by
class, so they read these from the ontology graph that travels with the data (the
`graph/ontology` named graph of dgkg.trig) rather than from a list kept in code. A term the
ontology does not label (a standard term such as skos:broader) falls back to its local name
split into words, so a new property never shows up as a bare IRI.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDFS, SKOS

from ontology import DGO

LANG_ORDER = ("zh-hans", "zh-hant", "zh-latn-pinyin", "en")  # how labels are listed everywhere


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


@dataclass
class Vocabulary:
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # term IRI -> lang -> label
    parents: dict[str, list[str]] = field(default_factory=dict)  # class IRI -> direct superclasses

    @classmethod
    def from_graph(cls, ontology: Graph | Iterable[tuple]) -> "Vocabulary":
        vocab = cls()
        for s, p, o in ontology:
            if not isinstance(s, URIRef):
                continue
            if p in (RDFS.label, SKOS.prefLabel) and isinstance(o, Literal):
                vocab.labels.setdefault(str(s), {}).setdefault(lang_key(o), str(o))
            elif p == RDFS.subClassOf and isinstance(o, URIRef) and o != OWL.Thing:
                vocab.parents.setdefault(str(s), []).append(str(o))
        for supers in vocab.parents.values():
            supers.sort()
        return vocab

    def label(self, iri: str, lang: str = "en") -> str:
        labels = self.labels.get(iri, {})
        return labels.get(lang.lower()) or labels.get("en") or labels.get("") or words(local_name(iri))

    def ancestors(self, cls: str) -> list[str]:
        """The class and every superclass, nearest first (breadth-first, deterministic)."""
        seen, queue = [cls], [cls]
        while queue:
            for parent in self.parents.get(queue.pop(0), []):
                if parent not in seen:
                    seen.append(parent)
                    queue.append(parent)
        return seen

    def is_a(self, cls: str, other: str) -> bool:
        return other in self.ancestors(cls)

    def top_class(self, cls: str) -> str:
        """The most general dgo: ancestor: one of the disjoint top classes (Agent, Event, Place …)."""
        own = [c for c in self.ancestors(cls) if c.startswith(str(DGO))]
        tops = [c for c in own if not any(p.startswith(str(DGO)) for p in self.parents.get(c, []))]
        return tops[0] if tops else cls
