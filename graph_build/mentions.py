"""Derived facts: which entity is named in which source text, and how often.

Computed by matching each entity's Chinese labels (preferred and alternative, both scripts,
folded) against the normalised texts. These are derived, not curated: they live in their own
graph, whose provenance names the matching activity instead of a quote.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from graph_build.graph import Claim
from ontology import IriLayout
from graph_build.library import SourceLibrary
from graph_build.textmatch import fold
from ontology import DGO

CHINESE_TAGS = ("zh-Hans", "zh-Hant")
MIN_LABEL_LENGTH = 2  # a single character matches everywhere and means nothing


def entity_labels(claims: list[Claim]) -> dict[URIRef, set[str]]:
    labels: dict[URIRef, set[str]] = defaultdict(set)
    for claim in claims:
        for subject, predicate, obj in claim.triples:
            if predicate in (SKOS.prefLabel, SKOS.altLabel) and getattr(obj, "language", None) in CHINESE_TAGS:
                folded = fold(str(obj))
                if len(folded) >= MIN_LABEL_LENGTH:
                    labels[subject].add(folded)
    return labels


def count_mentions(labels: set[str], folded_text: str) -> int:
    """Distinct positions where any of the labels starts (a name and its variant count once)."""
    starts: set[int] = set()
    for label in labels:
        position = folded_text.find(label)
        while position >= 0:
            starts.add(position)
            position = folded_text.find(label, position + len(label))
    return len(starts)


def derive_mentions(claims: list[Claim], library: SourceLibrary, names: IriLayout) -> Graph:
    graph = Graph()
    for entity, labels in sorted(entity_labels(claims).items()):
        slug = str(entity)[len(names.base) :]
        for doc_id, text in sorted(library.texts.items()):
            count = count_mentions(labels, text.folded)
            if not count:
                continue
            document = names.resource(doc_id)
            mention = URIRef(f"{names.base}mention/{slug}--{doc_id}")
            graph.add((entity, DGO.mentionedIn, document))
            graph.add((mention, RDF.type, DGO.Mention))
            graph.add((mention, DGO.mentionedEntity, entity))
            graph.add((mention, DGO.mentionDocument, document))
            graph.add((mention, DGO.mentionCount, Literal(count, datatype=XSD.integer)))
    return graph


def derived_graph_provenance(names: IriLayout) -> Graph:
    """What made the derived graph: label matching, not a curator's quote."""
    graph = Graph()
    activity = URIRef(names.base + "activity/label-matching")
    graph.add((names.derived, RDF.type, PROV.Entity))
    graph.add((names.derived, PROV.wasGeneratedBy, activity))
    graph.add((activity, RDF.type, PROV.Activity))
    graph.add((activity, RDFS.label, Literal("label matching", lang="en")))
    graph.add(
        (
            activity,
            RDFS.comment,
            Literal(
                "Each entity's Chinese preferred and alternative labels (both scripts, folded with OpenCC) are "
                "matched against the normalised source texts; the count is the number of distinct positions where "
                "any label starts.",
                lang="en",
            ),
        )
    )
    return graph
