"""Cheap checks that name the individuals behind an inconsistency.

HermiT only says "inconsistent ontology"; a curator needs to hear which entity is at fault.
These checks find the common causes directly in the data: an individual that ends up in two
disjoint classes (asserted, or through a property's domain or range), two different values of
a functional data property, and values of the wrong kind or datatype. They are also the only
check of xsd:gYear and xsd:date values, which HermiT cannot handle (they are outside the OWL 2
datatype map, so it runs with unsupported datatypes ignored).
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from decimal import Decimal, InvalidOperation

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from ontology.index import OntologyIndex, curie

LANG_STRING = RDF.langString
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
    """Integer subtypes count as xsd:integer, which counts as xsd:decimal for ranges."""
    return XSD.integer if datatype in _INTEGER_TYPES else datatype


def _well_formed(value: Literal) -> bool:
    datatype = _family(value.datatype)
    pattern = _LEXICAL.get(datatype) if datatype is not None else None
    if pattern is None:
        return True
    text = str(value)
    if not pattern.fullmatch(text):
        return False
    if datatype == XSD.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
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
    actual = _family(value.datatype or XSD.string)
    if datatype == XSD.decimal:
        return actual in (XSD.decimal, XSD.integer) and _well_formed(value)
    return actual == _family(datatype) and _well_formed(value)


def _value_key(value: Literal) -> tuple[object, ...]:
    """Equal data values get equal keys (1 and 1.0 are one decimal value)."""
    if _family(value.datatype) in (XSD.integer, XSD.decimal):
        try:
            return ("number", Decimal(str(value)).normalize())
        except InvalidOperation:
            pass
    return (value.datatype, value.language, str(value))


def _show(value: object) -> str:
    if isinstance(value, Literal):
        suffix = f"@{value.language}" if value.language else (f"^^{curie(value.datatype)}" if value.datatype else "")
        return f"'{value}'{suffix}"
    return curie(value) if isinstance(value, URIRef) else str(value)


def _value_conflicts(data: Graph, index: OntologyIndex) -> list[str]:
    problems: list[str] = []
    functional_values: dict[tuple[Node, URIRef], dict[tuple[object, ...], Literal]] = defaultdict(dict)
    for s, p, o in data:
        if not isinstance(p, URIRef):
            continue
        info = index.properties.get(p)
        if info is None or info.kind == "annotation":
            continue
        where = f"{_show(s)} {curie(p)}"
        if info.kind == "object":
            if isinstance(o, Literal):
                problems.append(f"{where}: expected an entity (object property), got literal {_show(o)}")
            continue
        if not isinstance(o, Literal):
            problems.append(f"{where}: expected a literal (datatype property), got {_show(o)}")
            continue
        if info.range is not None and not literal_fits(o, info.range):
            problems.append(f"{where}: expected a value of {curie(info.range)}, got {_show(o)}")
            continue
        if info.functional:
            functional_values[(s, p)][_value_key(o)] = o
    for (s, p), values in functional_values.items():
        if len(values) > 1:
            shown = ", ".join(sorted(_show(v) for v in values.values()))
            problems.append(f"{_show(s)} has {len(values)} values for functional {curie(p)}: {shown}")
    return problems


def _type_conflicts(data: Graph, index: OntologyIndex) -> list[str]:
    """Individuals whose asserted or domain/range-implied classes include a disjoint pair."""
    reasons: dict[object, dict[URIRef, str]] = defaultdict(dict)
    unions: dict[object, list[tuple[tuple[URIRef, ...], str]]] = defaultdict(list)

    def note(individual: object, cls: URIRef, why: str) -> None:
        classes = reasons[individual]
        for c in [cls, *index.superclasses(cls)]:
            classes.setdefault(c, why)

    for s, p, o in data:
        if p == RDF.type:
            if isinstance(o, URIRef) and o in index.classes:
                note(s, o, f"typed {curie(o)}")
            continue
        if not isinstance(p, URIRef):
            continue
        info = index.properties.get(p)
        if info is None or info.kind == "annotation":
            continue
        if len(info.domains) == 1:
            note(s, info.domains[0], f"subject of {curie(p)}")
        elif info.domains:
            unions[s].append((info.domains, f"subject of {curie(p)}"))
        if info.kind == "object" and not isinstance(o, Literal):
            if len(info.ranges) == 1:
                note(o, info.ranges[0], f"value of {curie(p)}")
            elif info.ranges:
                unions[o].append((info.ranges, f"value of {curie(p)}"))

    problems = []
    for individual, classes in reasons.items():
        reported: set[frozenset[URIRef]] = set()
        for cls in sorted(classes):
            for other in sorted(index.disjoint_with(cls) & classes.keys()):
                pair = frozenset((cls, other))
                if pair in reported:
                    continue
                reported.add(pair)
                problems.append(
                    f"{_show(individual)} is both {curie(cls)} ({classes[cls]}) and "
                    f"{curie(other)} ({classes[other]}), which are disjoint classes"
                )
        for members, why in unions.get(individual, ()):
            excluded = [
                next((c for c in sorted(classes) if index.disjoint_with(c) & ({m} | index.superclasses(m))), None)
                for m in members
            ]
            culprits = [c for c in excluded if c is not None]
            if len(culprits) == len(members):
                problems.append(
                    f"{_show(individual)} must be a {' or '.join(curie(m) for m in members)} "
                    f"({why}), but is {curie(culprits[0])} ({classes[culprits[0]]})"
                )
    return problems


def find_conflicts(data: Graph, index: OntologyIndex) -> list[str]:
    """Every certain cause of inconsistency found in ``data``, as sentences naming culprits."""
    return sorted(_type_conflicts(data, index)) + sorted(_value_conflicts(data, index))


def functional_suspects(data: Graph, index: OntologyIndex) -> list[str]:
    """Functional object properties with several values.

    Not inconsistent by itself (OWL then takes the values to be one individual), but the
    usual reason a reasoner finds an inconsistency that the checks above cannot name.
    """
    values: dict[tuple[Node, URIRef], set[Node]] = defaultdict(set)
    for s, p, o in data:
        if not isinstance(p, URIRef):
            continue
        info = index.properties.get(p)
        if info is not None and info.kind == "object" and info.functional:
            values[(s, p)].add(o)
    return sorted(
        f"{_show(s)} has {len(objs)} values for functional {curie(p)} "
        f"({', '.join(sorted(_show(o) for o in objs))}), so they would have to be one individual"
        for (s, p), objs in values.items()
        if len(objs) > 1
    )
