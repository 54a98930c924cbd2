"""What the ontology declares, in the shape the record builder and the reasoner ask for it.

The builder resolves the names curators write (``launchYear``, ``skos:broader``) to IRIs and
learns from a property's declaration how to type its values; the reasoner and the conflict
check need the class and property hierarchies. Both read them from one index built once from
the merged ontology graph, so nothing downstream parses OWL itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Literal

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from ontology.namespaces import DGO
from ontology.prefixes import PREFIXES

PropertyKind = Literal["object", "datatype", "annotation"]

_KINDS: dict[URIRef, PropertyKind] = {
    OWL.ObjectProperty: "object",
    OWL.DatatypeProperty: "datatype",
    OWL.AnnotationProperty: "annotation",
}


@dataclass(frozen=True)
class PropertyInfo:
    """A declared property as the builder needs it.

    ``range`` is the one named class or datatype the values must have, or None when the
    ontology gives no range or a union; ``ranges`` and ``domains`` list every named member
    (the single class, or the members of an ``owl:unionOf``) for checks that accept any.
    """

    iri: URIRef
    kind: PropertyKind
    range: URIRef | None
    functional: bool
    domains: tuple[URIRef, ...] = ()
    ranges: tuple[URIRef, ...] = ()


def curie(term: URIRef, prefixes: Mapping[str, object] = PREFIXES) -> str:
    """``dgo:Stage`` for a term in a known namespace, ``<iri>`` otherwise (for messages)."""
    best = ""
    best_prefix = ""
    for prefix, namespace in prefixes.items():
        ns = str(namespace)
        if str(term).startswith(ns) and len(ns) > len(best):
            best, best_prefix = ns, prefix
    if best:
        return f"{best_prefix}:{str(term)[len(best) :]}"
    return f"<{term}>"


def _closure(start: URIRef, edges: Mapping[URIRef, set[URIRef]]) -> set[URIRef]:
    """Every node reachable from ``start`` (excluding ``start`` unless on a cycle)."""
    seen: set[URIRef] = set()
    todo = list(edges.get(start, ()))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(edges.get(node, ()))
    return seen


def _members(g: Graph, node: object) -> tuple[URIRef, ...]:
    """The named classes a domain or range stands for: itself, or its owl:unionOf members."""
    if isinstance(node, URIRef):
        return (node,)
    union = g.value(node, OWL.unionOf) if isinstance(node, BNode) else None
    if union is None:
        return ()
    return tuple(m for m in Collection(g, union) if isinstance(m, URIRef))


class OntologyIndex:
    """Declared classes and properties, their hierarchies, inverses, labels and disjointness.

    Only terms declared in the ontology (``owl:Class``, ``owl:ObjectProperty``,
    ``owl:DatatypeProperty``, ``owl:AnnotationProperty``) resolve, standard ones included:
    the ontology declares every standard term it aligns to or lets records use.
    """

    def __init__(
        self,
        classes: Iterable[URIRef],
        properties: Mapping[URIRef, PropertyInfo],
        class_parents: Mapping[URIRef, set[URIRef]],
        property_parents: Mapping[URIRef, set[URIRef]],
        inverses: Mapping[URIRef, set[URIRef]],
        transitive: Iterable[URIRef],
        disjoint: Mapping[URIRef, set[URIRef]],
        labels: Mapping[tuple[URIRef, str], str],
    ) -> None:
        self.classes: frozenset[URIRef] = frozenset(classes)
        self.properties: Mapping[URIRef, PropertyInfo] = MappingProxyType(dict(properties))
        self.transitive: frozenset[URIRef] = frozenset(transitive)
        self._class_parents = class_parents
        self._property_parents = property_parents
        self._inverses = inverses
        self._disjoint = disjoint
        self._labels = labels
        self._superclasses: dict[URIRef, frozenset[URIRef]] = {}
        self._superproperties: dict[URIRef, frozenset[URIRef]] = {}

    @classmethod
    def from_graph(cls, g: Graph) -> "OntologyIndex":
        classes = {c for c in g.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
        functional = set(g.subjects(RDF.type, OWL.FunctionalProperty))
        properties: dict[URIRef, PropertyInfo] = {}
        for declaration, kind in _KINDS.items():
            for p in g.subjects(RDF.type, declaration):
                if not isinstance(p, URIRef):
                    continue
                domains = tuple(m for d in g.objects(p, RDFS.domain) for m in _members(g, d))
                range_nodes = list(g.objects(p, RDFS.range))
                ranges = tuple(m for r in range_nodes for m in _members(g, r))
                single = range_nodes[0] if len(range_nodes) == 1 else None
                properties[p] = PropertyInfo(
                    iri=p,
                    kind=kind,
                    range=single if isinstance(single, URIRef) else None,
                    functional=p in functional,
                    domains=domains,
                    ranges=ranges,
                )

        class_parents: dict[URIRef, set[URIRef]] = defaultdict(set)
        for sub, sup in g.subject_objects(RDFS.subClassOf):
            if isinstance(sub, URIRef) and isinstance(sup, URIRef):
                class_parents[sub].add(sup)
        for a, b in g.subject_objects(OWL.equivalentClass):
            if isinstance(a, URIRef) and isinstance(b, URIRef):
                class_parents[a].add(b)
                class_parents[b].add(a)

        property_parents: dict[URIRef, set[URIRef]] = defaultdict(set)
        for sub, sup in g.subject_objects(RDFS.subPropertyOf):
            if isinstance(sub, URIRef) and isinstance(sup, URIRef):
                property_parents[sub].add(sup)
        for a, b in g.subject_objects(OWL.equivalentProperty):
            if isinstance(a, URIRef) and isinstance(b, URIRef):
                property_parents[a].add(b)
                property_parents[b].add(a)

        inverses: dict[URIRef, set[URIRef]] = defaultdict(set)
        for a, b in g.subject_objects(OWL.inverseOf):
            if isinstance(a, URIRef) and isinstance(b, URIRef):
                inverses[a].add(b)
                inverses[b].add(a)
        for p in g.subjects(RDF.type, OWL.SymmetricProperty):
            if isinstance(p, URIRef):
                inverses[p].add(p)

        disjoint: dict[URIRef, set[URIRef]] = defaultdict(set)
        for a, b in g.subject_objects(OWL.disjointWith):
            if isinstance(a, URIRef) and isinstance(b, URIRef):
                disjoint[a].add(b)
                disjoint[b].add(a)
        for axiom in g.subjects(RDF.type, OWL.AllDisjointClasses):
            head = g.value(axiom, OWL.members)
            if head is None:  # a Collection of None is empty: nothing to add
                continue
            members = [m for m in Collection(g, head) if isinstance(m, URIRef)]
            for m in members:
                disjoint[m].update(x for x in members if x != m)

        labels: dict[tuple[URIRef, str], str] = {}
        for term, label in g.subject_objects(RDFS.label):
            language = getattr(label, "language", None)
            if isinstance(term, URIRef) and language:
                labels[(term, language)] = str(label)

        transitive = {p for p in g.subjects(RDF.type, OWL.TransitiveProperty) if isinstance(p, URIRef)}
        return cls(classes, properties, class_parents, property_parents, inverses, transitive, disjoint, labels)

    def expand(self, name: str) -> URIRef | None:
        """The IRI a record name stands for: a bare name is ``dgo:``, else ``prefix:local``."""
        return _iri_named(name)

    def resolve_class(self, name: str) -> URIRef | None:
        iri = self.expand(name)
        return iri if iri in self.classes else None

    def resolve_property(self, name: str) -> PropertyInfo | None:
        iri = self.expand(name)
        return self.properties.get(iri) if iri is not None else None

    def superclasses(self, cls: URIRef) -> set[URIRef]:
        """Every named ancestor (dgo and aligned standard classes), not ``cls`` itself."""
        if cls not in self._superclasses:
            self._superclasses[cls] = frozenset(_closure(cls, self._class_parents) - {cls})
        return set(self._superclasses[cls])

    def is_a(self, cls: URIRef, ancestor: URIRef) -> bool:
        return cls == ancestor or ancestor in self.superclasses(cls)

    def superproperties(self, prop: URIRef) -> set[URIRef]:
        """Every ancestor property through rdfs:subPropertyOf and owl:equivalentProperty."""
        if prop not in self._superproperties:
            self._superproperties[prop] = frozenset(_closure(prop, self._property_parents) - {prop})
        return set(self._superproperties[prop])

    def inverses(self, prop: URIRef) -> set[URIRef]:
        """Declared inverses (a symmetric property is its own inverse)."""
        return set(self._inverses.get(prop, ()))

    def disjoint_with(self, cls: URIRef) -> set[URIRef]:
        """Classes declared disjoint with ``cls`` (pairwise or by owl:AllDisjointClasses)."""
        return set(self._disjoint.get(cls, ()))

    def label(self, term: URIRef, lang: str) -> str | None:
        return self._labels.get((term, lang))


@lru_cache(maxsize=4096)  # the records use a few hundred names, each read for every statement
def _iri_named(name: str) -> URIRef | None:
    if ":" not in name:
        return URIRef(str(DGO) + name) if name else None  # not DGO[name]: a typo is the caller's to report
    prefix, local = name.split(":", 1)
    namespace = PREFIXES.get(prefix)
    if namespace is None or not local:
        return None
    return URIRef(str(namespace) + local)
