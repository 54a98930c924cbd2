"""The published JSON-LD context (dist/context.jsonld): the hand-written part (prefixes, short
keys for skos/rdfs/prov terms) and a key per dgo property of the ontology. ontology.rdfio
compacts every JSON-LD document dgkg writes against it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib.namespace import OWL, RDF

from ontology import DGO

CONTEXT_FILE = Path(__file__).with_name("context.jsonld")
_RDF_TYPE = ox.NamedNode(str(RDF.type))
_KINDS = {ox.NamedNode(str(OWL.ObjectProperty)): {"@type": "@id"}, ox.NamedNode(str(OWL.DatatypeProperty)): {}}


@cache
def base_context() -> dict[str, Any]:
    """The hand-written part of the context: prefixes and short keys for skos/rdfs/prov terms."""
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def context_for(base: str, statements: Iterable[ox.Quad | ox.Triple]) -> dict[str, Any]:
    """The published context: the base part, ``dgr`` at the build's resource base, and every dgo
    property the statements declare, by its local name (object properties coerced to IRIs).
    Taken from the ontology in the data, so the context cannot fall behind it."""
    context = {**base_context(), "dgr": base}
    namespace = str(DGO)
    terms = {}
    for statement in statements:
        subject = statement.subject
        if statement.predicate == _RDF_TYPE and statement.object in _KINDS and isinstance(subject, ox.NamedNode):
            if subject.value.startswith(namespace):
                local = subject.value[len(namespace) :]
                terms[local] = {"@id": f"dgo:{local}", **_KINDS[statement.object]}  # type: ignore[index]
    context.update((key, terms[key]) for key in sorted(terms) if key not in context)
    return context
