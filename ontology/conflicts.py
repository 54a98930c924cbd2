"""The instance checks: every way the data can contradict this ontology, each named by its culprits.

HermiT decides the ontology itself (ontology.reasoning); the data's consistency with it is
decided here, over the builder's closure of the facts (subclass, subproperty, inverse,
symmetric and transitive edges), because a DL tableau over a million facts costs minutes and
gigabytes while these checks are linear in the closure. They are complete, not heuristics,
for the fragment of OWL 2 DL the ontology is written in, which ``outside_fragment`` guards.

The fragment. Named classes with ``rdfs:subClassOf``/``owl:equivalentClass`` between named
classes, ``owl:disjointWith``/``owl:AllDisjointClasses`` of named classes; object and data
properties with ``rdfs:subPropertyOf``/``owl:equivalentProperty``, ``owl:inverseOf``,
transitive, symmetric and functional (the functional ones simple, as OWL 2 DL requires); at
most one ``rdfs:domain`` and ``rdfs:range`` each, a named class or an ``owl:unionOf`` of
named classes (a datatype for data properties); assertions of named classes and of property
values. No restriction, intersection, complement, enumeration, key, property chain,
cardinality, negative assertion, ``owl:sameAs`` or ``owl:differentFrom``.

Why these checks are exactly consistency. Without existential restrictions nothing forces an
individual that is not named, so a model can be built from the named individuals alone:
take the closure of the property assertions under the (Horn) property axioms; identify the
individuals a functional property gives two values (the only equalities this fragment can
force: there is no sameAs, and unions never reach properties); give each individual the
classes its assertions, the domains and ranges of its edges and their superclasses impose;
then choose one member of every union domain or range it must satisfy (each individual on
its own: no axiom makes one individual's class depend on another's, domains and ranges hang
on edges, which are fixed). That structure is a model, so the data is consistent, unless one
of these fails; each failure is a contradiction in every model, and each is a check here:

1. two disjoint classes meet in one (possibly merged) individual (``_classes`` over the
   classes it has, union choices left out);
2. every way of choosing a member of each union it must satisfy brings in a disjoint class
   (an exact search over the choices, of which an individual has a handful);
3. a functional data property has two different data values for one (merged) individual
   (equal values compared by value: 1 and 1.0, "true" and "1" are one value);
4. a data value lies outside its property's range (or a super-property's: the closure carries
   the value up) or is ill-typed for its own datatype (by value: 3.0 as an xsd:decimal is in
   xsd:integer, "3"^^xsd:int in xsd:decimal, a string subtype in xsd:string).

Transitive edges add no class and no functional value: a transitive property is not simple,
so neither it nor its super-properties may be functional, and a derived edge's ends are
already subject and object of edges of the same property. The same search yields the
classes every model gives each individual (what HermiT's realisation would report), which
``ontology.reasoning`` stores. xsd:gYear, xsd:gYearMonth and xsd:date lie outside the OWL 2
datatype map, so HermiT cannot check those values; check 4 does, with XSD's lexical rules.
Values of the wrong kind (a literal for an object property, an IRI for a data property) are
not OWL 2 DL at all: ``wrong_kind`` reports them before the closure is taken.
tests/test_reasoning_agreement.py holds the argument to HermiT: the same verdict on the curated
graph and on mutants aimed at each check.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection as RDFList
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from ontology.index import OntologyIndex, PropertyInfo, curie

Triple = tuple[Node, Node, Node]
# Looked up once: reading an rdflib namespace's attribute costs microseconds, in loops over every fact.
_TYPE = RDF.type
LANG_STRING = RDF.langString
_INTEGER, _DECIMAL, _STRING, _BOOLEAN, _DATE = XSD.integer, XSD.decimal, XSD.string, XSD.boolean, XSD.date
_NUMBERS = (_INTEGER, _DECIMAL)
_INTEGER_TYPES = {
    XSD.integer,
    XSD.int,
    XSD.long,
    XSD.short,
    XSD.byte,
    XSD.nonNegativeInteger,
    XSD.positiveInteger,
    XSD.nonPositiveInteger,
    XSD.negativeInteger,
    XSD.unsignedLong,
    XSD.unsignedInt,
    XSD.unsignedShort,
    XSD.unsignedByte,
}
_STRING_TYPES = {XSD.normalizedString, XSD.token, XSD.language, XSD.Name, XSD.NCName, XSD.NMTOKEN}
_TZ = r"(Z|[+-](0\d|1[0-4]):[0-5]\d)?"
_LEXICAL = {
    XSD.gYear: re.compile(rf"-?\d{{4,}}{_TZ}"),
    XSD.gYearMonth: re.compile(rf"-?\d{{4,}}-(0[1-9]|1[0-2]){_TZ}"),
    XSD.date: re.compile(rf"-?\d{{4,}}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]){_TZ}"),
    XSD.integer: re.compile(r"[+-]?\d+"),
    XSD.decimal: re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)"),
    XSD.boolean: re.compile(r"true|false|1|0"),
}


def _family(datatype: URIRef | None) -> URIRef | None:
    """Integer subtypes count as xsd:integer (which counts as xsd:decimal for ranges), string
    subtypes as xsd:string: OWL 2 gives them the same values."""
    if datatype in _INTEGER_TYPES:
        return _INTEGER
    return _STRING if datatype in _STRING_TYPES else datatype


def _well_formed(value: Literal) -> bool:
    if value.ill_typed:  # rdflib's own check of the datatypes it knows (integer subtypes' bounds too)
        return False
    datatype = _family(value.datatype)
    pattern = _LEXICAL.get(datatype) if datatype is not None else None
    if pattern is None:
        return True
    text = str(value)
    if not pattern.fullmatch(text):
        return False
    if datatype == _DATE and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            date.fromisoformat(text)
        except ValueError:
            return False
    return True


def literal_fits(value: Literal, datatype: URIRef) -> bool:
    """Whether ``value`` is a well-formed member of the range ``datatype``."""
    if datatype == LANG_STRING:
        return value.language is not None
    if value.language is not None:
        return False
    actual = _family(value.datatype or _STRING)
    if datatype in _NUMBERS:
        # OWL 2 compares numbers by value: 3.0 as an xsd:decimal is the integer 3
        if actual not in _NUMBERS or not _well_formed(value):
            return False
        return datatype == _DECIMAL or Decimal(str(value)) % 1 == 0
    return actual == _family(datatype) and _well_formed(value)


def _value_key(value: Literal) -> tuple[object, ...]:
    """Equal data values get equal keys: 1 and 1.0 are one number, "true" and "1" one boolean,
    a plain literal and its xsd:string twin one string, language tags compare without case."""
    if value.language is not None:
        return ("text", value.language.lower(), str(value))
    datatype = _family(value.datatype) or _STRING
    if datatype in _NUMBERS:
        try:
            return ("number", Decimal(str(value)).normalize())
        except InvalidOperation:
            pass
    if datatype == _BOOLEAN:
        return ("boolean", str(value) in ("true", "1"))
    return (datatype, str(value))


def _show(value: object) -> str:
    if isinstance(value, Literal):
        suffix = f"@{value.language}" if value.language else (f"^^{curie(value.datatype)}" if value.datatype else "")
        return f"'{value}'{suffix}"
    return curie(value) if isinstance(value, URIRef) else str(value)


def wrong_kind(s: Node, p: URIRef, o: Node, info: PropertyInfo) -> str | None:
    """Why ``o`` cannot be a value of ``p`` at all (not a question of OWL: of RDF's shape)."""
    if info.kind == "object" and isinstance(o, Literal):
        return f"{_show(s)} {curie(p)}: expected an entity (object property), got literal {_show(o)}"
    if info.kind == "datatype" and not isinstance(o, Literal):
        return f"{_show(s)} {curie(p)}: expected a literal (datatype property), got {_show(o)}"
    return None


@dataclass(frozen=True)
class Findings:
    """What the instance checks found: the contradictions, each a sentence naming culprits,
    and (when there are none) every named class each individual has in every model."""

    conflicts: list[str]
    classes: Mapping[Node, frozenset[URIRef]]


class _Schema:
    """The index's answers the checks ask millions of times, computed once per class."""

    def __init__(self, index: OntologyIndex) -> None:
        self.index = index
        self._up: dict[URIRef, frozenset[URIRef]] = {}
        self._disjoint: dict[URIRef, frozenset[URIRef]] = {}

    def up(self, cls: URIRef) -> frozenset[URIRef]:
        """``cls`` and its superclasses."""
        if cls not in self._up:
            self._up[cls] = frozenset({cls} | self.index.superclasses(cls))
        return self._up[cls]

    def disjoint(self, cls: URIRef) -> frozenset[URIRef]:
        if cls not in self._disjoint:
            self._disjoint[cls] = frozenset(self.index.disjoint_with(cls))
        return self._disjoint[cls]

    def clashes(self, classes: Collection[URIRef], others: Collection[URIRef]) -> bool:
        return any(not self.disjoint(c).isdisjoint(others) for c in classes)


class _Merges:
    """Individuals a functional object property makes one (union-find, to a fixpoint)."""

    def __init__(self, closure: Iterable[Triple], index: OntologyIndex) -> None:
        functional = {p for p, info in index.properties.items() if info.kind == "object" and info.functional}
        edges = [(s, p, o) for s, p, o in closure if p in functional and not isinstance(o, Literal)]
        self._parent: dict[Node, Node] = {}
        self.why: list[tuple[Node, Node, str]] = []
        merged = True
        while merged:  # a merge can give one individual two values of another functional property
            merged = False
            first: dict[tuple[Node, Node], Node] = {}
            for s, p, o in edges:
                seen = first.setdefault((self._find(s), p), o)
                if self._find(seen) != self._find(o):
                    self._parent[self._find(o)] = self._find(seen)
                    self.why.append((seen, o, f"values of functional {curie(p)} of {_show(s)}"))  # type: ignore[arg-type]
                    merged = True
        self.rep: dict[Node, Node] = {node: self._find(node) for node in self._parent}

    def _find(self, node: Node) -> Node:
        while node in self._parent:
            node = self._parent[node]
        return node

    def describe(self, rep: Node, members: Iterable[Node]) -> str:
        """The individual as the culprit message names it: its names, and why they are one."""
        names = sorted({_show(m) for m in members} | {_show(rep)})
        if len(names) == 1:
            return names[0]
        reasons = sorted({why for a, b, why in self.why if self.rep.get(a, a) == rep or self.rep.get(b, b) == rep})
        return f"{' = '.join(names)} (one individual: {'; '.join(reasons)})"


def _choices(schema: _Schema, fixed: frozenset[URIRef], unions: list[tuple[URIRef, ...]]) -> Iterator[frozenset[URIRef]]:
    """Every set of classes a choice of one member per union adds to ``fixed`` without a clash.

    A union some chosen (or fixed) class already satisfies needs no choice: any other member
    would only add classes."""
    if not unions:
        yield frozenset()
        return
    members, rest = unions[0], unions[1:]
    if not fixed.isdisjoint(members):
        yield from _choices(schema, fixed, rest)
        return
    for member in members:
        added = schema.up(member)
        if not schema.clashes(added, fixed | added):
            for more in _choices(schema, fixed | added, rest):
                yield added | more


def _classes(schema: _Schema, direct: frozenset[URIRef], unions: frozenset[tuple[URIRef, ...]]) -> frozenset[URIRef] | None:
    """The named classes an individual has in every model, or None when it has no model."""
    fixed = frozenset().union(*(schema.up(c) for c in direct))
    if schema.clashes(fixed, fixed):
        return None
    common: frozenset[URIRef] | None = None
    for chosen in _choices(schema, fixed, sorted(unions)):
        common = chosen if common is None else common & chosen
        if not common:
            break  # consistent, and no choice is forced: nothing more to learn
    return None if common is None else fixed | common


class _Individuals:
    """Per (merged) individual: the classes named by its types, domains and ranges, the unions
    it must satisfy, and its functional data values."""

    def __init__(self, closure: Iterable[Triple], index: OntologyIndex, merges: _Merges) -> None:
        self.direct: dict[Node, set[URIRef]] = defaultdict(set)
        self.unions: dict[Node, set[tuple[URIRef, ...]]] = defaultdict(set)
        self.values: dict[tuple[Node, URIRef], dict[tuple[object, ...], Literal]] = defaultdict(dict)
        self.bad_values: list[str] = []
        rep, classes, properties = merges.rep, index.classes, index.properties
        for s, p, o in closure:
            subject = rep.get(s, s)
            if p == _TYPE:
                if o in classes:
                    self.direct[subject].add(o)  # type: ignore[arg-type]
                continue
            info = properties.get(p)  # type: ignore[call-overload]
            if info is None or info.kind == "annotation":
                continue
            self._constrain(subject, info.domains)
            if isinstance(o, Literal):
                self._value(s, subject, info, o)
            else:
                self._constrain(rep.get(o, o), info.ranges)

    def _constrain(self, individual: Node, members: tuple[URIRef, ...]) -> None:
        if len(members) == 1:
            self.direct[individual].add(members[0])
        elif members:
            self.unions[individual].add(members)

    def _value(self, s: Node, subject: Node, info: PropertyInfo, value: Literal) -> None:
        if info.range is not None and not literal_fits(value, info.range):
            self.bad_values.append(f"{_show(s)} {curie(info.iri)}: expected a value of {curie(info.range)}, got {_show(value)}")
        elif not _well_formed(value):
            self.bad_values.append(f"{_show(s)} {curie(info.iri)}: {_show(value)} is not a well-formed value of its datatype")
        elif info.functional:
            self.values[(subject, info.iri)][_value_key(value)] = value


def find_conflicts(closure: Collection[Triple], asserted: Collection[Triple], index: OntologyIndex) -> Findings:
    """Check the individuals of ``closure`` (the builder's closure of ``asserted``).

    ``asserted`` only chooses the reasons a message gives: a stated type before a derived one."""
    schema = _Schema(index)
    merges = _Merges(closure, index)
    found = _Individuals(closure, index, merges)
    problems = set(found.bad_values)
    for (individual, p), values in found.values.items():
        if len(values) > 1:
            shown = ", ".join(sorted(_show(v) for v in values.values()))
            who = merges.describe(individual, _members(merges, individual))
            problems.add(f"{who} has {len(values)} values for functional {curie(p)}: {shown}")

    answers: dict[tuple[frozenset[URIRef], frozenset[tuple[URIRef, ...]]], frozenset[URIRef] | None] = {}
    classes: dict[Node, frozenset[URIRef]] = {}
    failed: list[Node] = []
    for individual in found.direct.keys() | found.unions.keys():
        key = (frozenset(found.direct.get(individual, ())), frozenset(found.unions.get(individual, ())))
        if key not in answers:  # most individuals share their few class sets: decide each once
            answers[key] = _classes(schema, *key)
        answer = answers[key]
        if answer is None:
            failed.append(individual)
        else:
            classes[individual] = answer
    if failed:
        problems.update(_explain(failed, closure, asserted, index, schema, merges, found))
    if problems:
        return Findings(sorted(problems), {})
    for node, individual in merges.rep.items():
        if individual in classes:
            classes[node] = classes[individual]
    return Findings([], classes)


def _members(merges: _Merges, rep: Node) -> list[Node]:
    return [node for node, r in merges.rep.items() if r == rep]


def _explain(
    failed: list[Node],
    closure: Collection[Triple],
    asserted: Collection[Triple],
    index: OntologyIndex,
    schema: _Schema,
    merges: _Merges,
    found: _Individuals,
) -> list[str]:
    """Sentences naming why each failed individual has no model: a disjoint pair of its classes,
    a union every member of which clashes with them, or unions that clash with one another."""
    culprits = set(failed)
    # The reason each class is there, a stated type first, then a stated edge, then a derived one.
    reasons: dict[Node, dict[URIRef, tuple[int, str]]] = defaultdict(dict)

    def note(individual: Node, cls: URIRef, rank: int, why: str) -> None:
        for c in schema.up(cls):
            if (rank, why) < reasons[individual].get(c, (9, "")):
                reasons[individual][c] = (rank, why)

    union_reasons: dict[Node, dict[tuple[URIRef, ...], str]] = defaultdict(dict)
    for s, p, o in closure:
        stated = (s, p, o) in asserted
        if p == _TYPE:
            if s in culprits or merges.rep.get(s) in culprits:
                note(merges.rep.get(s, s), o, 0 if stated else 1, f"typed {curie(o)}")  # type: ignore[arg-type]
            continue
        info = index.properties.get(p)  # type: ignore[call-overload]
        if info is None or info.kind == "annotation":
            continue
        ends = [(s, info.domains, "subject")]
        if not isinstance(o, Literal):
            ends.append((o, info.ranges, "value"))
        for node, members, role in ends:
            individual = merges.rep.get(node, node)
            if individual not in culprits or not members:
                continue
            why = f"{role} of {curie(info.iri)}"
            if len(members) == 1:
                note(individual, members[0], 1 if stated else 2, why)
            else:
                union_reasons[individual].setdefault(members, why)

    sentences = []
    for individual in failed:
        who = merges.describe(individual, _members(merges, individual))
        has = {c: why for c, (_, why) in reasons[individual].items()}
        pairs = sorted({tuple(sorted((c, d))) for c in has for d in schema.disjoint(c) & has.keys()})
        for a, b in pairs:
            sentences.append(f"{who} is both {curie(a)} ({has[a]}) and {curie(b)} ({has[b]}), which are disjoint classes")
        if pairs:
            continue
        hopeless = False
        for members in sorted(found.unions.get(individual, ())):
            excluded = [next((c for c in sorted(has) if schema.clashes(schema.up(m), {c})), None) for m in members]
            if all(excluded) and not has.keys() & set(members):
                culprit = sorted(c for c in excluded if c)[0]
                sentences.append(
                    f"{who} must be a {' or '.join(curie(m) for m in members)} "
                    f"({union_reasons[individual].get(members, 'a union')}), but is {curie(culprit)} ({has[culprit]})"
                )
                hopeless = True
        if not hopeless:
            demands = "; ".join(
                f"a {' or '.join(curie(m) for m in members)} ({why})"
                for members, why in sorted(union_reasons[individual].items())
            )
            sentences.append(f"{who} must be {demands}, and every choice among these brings in disjoint classes")
    return sentences


def unsatisfiable_classes(index: OntologyIndex) -> list[str]:
    """Classes no individual can have: in this fragment, exactly those with two disjoint
    ancestors (there are no other class constructors to make one empty)."""
    schema = _Schema(index)
    return [
        f"class {curie(c)} can have no members: its superclasses include disjoint classes"
        for c in sorted(index.classes)
        if schema.clashes(schema.up(c), schema.up(c))
    ]


# -- the fragment ---------------------------------------------------------------------------

_DECLARATIONS = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.FunctionalProperty,
    OWL.TransitiveProperty,
    OWL.SymmetricProperty,
    OWL.AllDisjointClasses,
    OWL.NamedIndividual,
    OWL.Ontology,
    RDFS.Datatype,
}
_NAMED_PAIRS = {RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith, RDFS.subPropertyOf, OWL.equivalentProperty, OWL.inverseOf}
# The data ranges literal_fits decides by value (integer subtypes as integers: none is a range).
_RANGES_CHECKED = {XSD.string, LANG_STRING, XSD.integer, XSD.decimal, XSD.boolean, XSD.gYear, XSD.gYearMonth, XSD.date}
_HEADER = {OWL.versionIRI, OWL.versionInfo, OWL.priorVersion, OWL.backwardCompatibleWith, OWL.incompatibleWith}


def outside_fragment(ontology: Graph, index: OntologyIndex) -> list[str]:
    """Every axiom of ``ontology`` the instance checks were not proven complete for.

    Empty for the ontology as it is; anything here means the checks may now miss an
    inconsistency HermiT would find, until the argument above and the checks are extended."""
    problems = []
    annotations = {p for p, info in index.properties.items() if info.kind == "annotation"}
    lists = {node for node in ontology.objects(None, OWL.unionOf)} | set(ontology.objects(None, OWL.members))
    list_nodes = {cell for head in lists for cell in _cells(ontology, head)}
    for s, p, o in ontology:
        if p in annotations or p in _HEADER:
            continue
        if p == _TYPE:
            if o in _DECLARATIONS or (o in index.classes and isinstance(s, URIRef)):
                continue
        elif p in _NAMED_PAIRS:
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                continue
        elif p in (RDFS.domain, RDFS.range):
            if isinstance(o, URIRef) or _is_union_of_classes(ontology, o, index):
                continue
        elif p == OWL.unionOf or p == OWL.members:
            continue  # their lists are checked with the node that uses them
        elif p in (RDF.first, RDF.rest) and s in list_nodes:
            continue
        elif p in index.properties and isinstance(s, URIRef):
            continue  # a property value of one of the ontology's own individuals
        problems.append(f"{_show(s)} {_show(p)} {_show(o)}")
    for p, info in index.properties.items():
        if len(set(ontology.objects(p, RDFS.domain))) > 1 or len(set(ontology.objects(p, RDFS.range))) > 1:
            problems.append(f"{curie(p)} has several domains or ranges (an intersection)")
        if info.kind == "datatype" and (len(info.ranges) > 1 or info.ranges and info.range not in _RANGES_CHECKED):
            problems.append(f"{curie(p)} has a range whose values literal_fits does not check: {info.ranges}")
        if info.functional and _not_simple(p, index):
            problems.append(f"{curie(p)} is functional but not simple (a transitive property is among its sub-properties)")
    for axiom in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        head = ontology.value(axiom, OWL.members)
        if head is None or not all(isinstance(m, URIRef) for m in RDFList(ontology, head)):
            problems.append(f"{_show(axiom)}: owl:AllDisjointClasses of something other than named classes")
    return problems


def _cells(g: Graph, head: Node) -> Iterator[Node]:
    while head != RDF.nil and head is not None:
        yield head
        head = g.value(head, RDF.rest)  # type: ignore[assignment]


def _is_union_of_classes(g: Graph, node: Node, index: OntologyIndex) -> bool:
    if not isinstance(node, BNode):
        return False
    head = g.value(node, OWL.unionOf)
    if head is None or set(g.predicates(node)) - {OWL.unionOf, RDF.type}:
        return False
    return all(m in index.classes for m in RDFList(g, head))


def _not_simple(p: URIRef, index: OntologyIndex) -> bool:
    """Whether a transitive property is ``p`` or below it or its inverse (then, through the
    inverse, below ``p`` too)."""
    tops = {p} | index.inverses(p)
    below = {q for q in index.properties if q in tops or tops & index.superproperties(q)}
    below |= {i for q in below for i in index.inverses(q)}
    return bool(below & index.transitive)
