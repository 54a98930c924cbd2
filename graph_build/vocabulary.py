"""Values that are terms of the ontology itself, named in records by their skos:notation.

Most object-property values are entities the records define (slugs). A few are a closed list
the ontology defines, such as the value qualifiers (`valueQualifier: more-than`): their
meaning is fixed by the ontology, not by a source text, so they have no record and no quote.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from rdflib import URIRef
from rdflib.namespace import OWL, RDF, SKOS

from ontology import load_ontology


@cache
def _controlled_terms() -> Mapping[URIRef, Mapping[str, URIRef]]:
    ontology = load_ontology()
    terms: dict[URIRef, dict[str, URIRef]] = defaultdict(dict)
    for individual in ontology.subjects(RDF.type, OWL.NamedIndividual):
        notation = ontology.value(individual, SKOS.notation)
        if not isinstance(individual, URIRef) or notation is None:
            continue
        for cls in ontology.objects(individual, RDF.type):
            if isinstance(cls, URIRef) and cls != OWL.NamedIndividual:
                terms[cls][str(notation)] = individual
    return MappingProxyType({cls: MappingProxyType(by_notation) for cls, by_notation in terms.items()})


def controlled_terms(cls: URIRef | None) -> Mapping[str, URIRef]:
    """notation -> IRI of the ontology's individuals of `cls` (empty for a class records fill)."""
    if cls is None:
        return {}
    return _controlled_terms().get(cls, {})
