"""Turning a record's YAML value into an RDF term, as the property's declared range asks."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from rdflib import Literal
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import URIRef

LANGUAGE_TAGS = ("zh-Hans", "zh-Hant", "en", "zh-Latn-pinyin")

_YEAR = re.compile(r"^\d{4}$")
_YEAR_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class ValueProblem(ValueError):
    """What was expected, said so a curator can act on it."""


def language_map(value: Any, *, required: tuple[str, ...] = (), single: bool = False) -> list[Literal]:
    """`{zh-Hans: 浙里办, en: Zhelibang}` (a list per tag allowed unless `single`) as tagged literals."""
    if not isinstance(value, dict):
        raise ValueProblem(f"expected a mapping from language tag ({', '.join(LANGUAGE_TAGS)}) to text, got {value!r}")
    missing = [tag for tag in required if tag not in value]
    if missing:
        raise ValueProblem(f"missing language tag(s) {', '.join(missing)} (required: {', '.join(required)})")
    literals: list[Literal] = []
    for tag, texts in value.items():
        if tag not in LANGUAGE_TAGS:
            raise ValueProblem(f"unknown language tag {tag!r} (expected one of {', '.join(LANGUAGE_TAGS)})")
        items = texts if isinstance(texts, list) else [texts]
        if single and len(items) != 1:
            raise ValueProblem(f"expected one text for {tag}, got {len(items)}")
        for text in items:
            if not isinstance(text, str) or not text.strip():
                raise ValueProblem(f"expected non-empty text for {tag}, got {text!r}")
            literals.append(Literal(text.strip(), lang=tag))
    return literals


def typed_literal(value: Any, datatype: URIRef | None) -> list[Literal]:
    """A literal of `datatype` from a YAML scalar; raises ValueProblem when it does not fit."""
    if datatype == RDF.langString or (datatype is None and isinstance(value, dict)):
        return language_map(value)
    if isinstance(value, (dict, list)):
        raise ValueProblem(f"expected a single value, got {value!r}")
    if datatype is None or datatype in (XSD.string, RDFS.Literal):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ValueProblem(f"expected text, got {value!r}")
        return [Literal(str(value))]
    if datatype == XSD.gYear:
        text = str(value)
        if isinstance(value, bool) or not _YEAR.match(text):
            raise ValueProblem(f"expected a four-digit year (xsd:gYear), got {value!r}")
        return [Literal(text, datatype=XSD.gYear)]
    if datatype == XSD.gYearMonth:
        text = str(value)
        if not _YEAR_MONTH.match(text):
            raise ValueProblem(f"expected a year and month YYYY-MM (xsd:gYearMonth), got {value!r}")
        return [Literal(text, datatype=XSD.gYearMonth)]
    if datatype == XSD.date:
        if isinstance(value, dt.datetime):
            raise ValueProblem(f"expected a date YYYY-MM-DD (xsd:date), got a date-time {value!r}")
        if isinstance(value, dt.date):
            return [Literal(value.isoformat(), datatype=XSD.date)]
        try:
            parsed = dt.date.fromisoformat(str(value))
        except ValueError:
            raise ValueProblem(f"expected a date YYYY-MM-DD (xsd:date), got {value!r}") from None
        if len(str(value)) != 10:
            raise ValueProblem(f"expected a date YYYY-MM-DD (xsd:date), got {value!r}")
        return [Literal(parsed.isoformat(), datatype=XSD.date)]
    if datatype in (XSD.integer, XSD.nonNegativeInteger, XSD.positiveInteger):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueProblem(f"expected a whole number ({datatype.n3()}), got {value!r}")
        if datatype != XSD.integer and value < (1 if datatype == XSD.positiveInteger else 0):
            raise ValueProblem(f"expected a number allowed by {datatype.n3()}, got {value!r}")
        return [Literal(str(value), datatype=datatype)]
    if datatype in (XSD.decimal, XSD.double, XSD.float):
        if isinstance(value, bool):
            raise ValueProblem(f"expected a number ({datatype.n3()}), got {value!r}")
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise ValueProblem(f"expected a number ({datatype.n3()}), got {value!r}") from None
        if not number.is_finite():
            raise ValueProblem(f"expected a finite number, got {value!r}")
        return [Literal(canonical_decimal(number) if datatype == XSD.decimal else format(number, "f"), datatype=datatype)]
    if datatype == XSD.boolean:
        if not isinstance(value, bool):
            raise ValueProblem(f"expected true or false (xsd:boolean), got {value!r}")
        return [Literal(value, datatype=XSD.boolean)]
    if datatype == XSD.anyURI:
        text = str(value)
        if not re.match(r"^[a-z][a-z0-9+.-]*:\S+$", text, re.I):
            raise ValueProblem(f"expected an absolute IRI (xsd:anyURI), got {value!r}")
        return [Literal(text, datatype=XSD.anyURI)]
    raise ValueProblem(f"the ontology gives range {datatype.n3()}, which records cannot state yet")


def canonical_decimal(number: Decimal) -> str:
    """The canonical xsd:decimal form of XSD 1.1 (no trailing zeros, no ".0": 80, 130.39), the
    form Oxigraph stores and answers with: a decimal keeps the same lexical form, so stays the same
    RDF term, in the embedded store, the dumps, and any store loaded from either (Jena keeps the
    form it is given, Virtuoso and Oxigraph answer with this one)."""
    if number.is_zero():
        return "0"
    return format(number.normalize(), "f")
