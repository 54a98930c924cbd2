"""Compact JSON-LD written against the published context (dist/context.jsonld), without a
JSON-LD processor: the data is small and flat, so compaction is a lookup per predicate, and
writing sorted triples in order keeps the file byte-identical between runs."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from itertools import groupby
from pathlib import Path
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDF, XSD
from rdflib.term import Node

from ontology import DGO

CONTEXT_FILE = Path(__file__).with_name("context.jsonld")


@cache
def base_context() -> dict[str, Any]:
    """The hand-written part of the context: prefixes and short keys for skos/rdfs/prov terms."""
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def context_for(base: str, triples: Iterable[tuple[Node, Node, Node]]) -> dict[str, Any]:
    """The published context (dist/context.jsonld): the base part, ``dgr`` at the build's
    resource base, and every dgo property of the ontology by its local name (object properties
    coerced to IRIs). Taken from the ontology in the data, so the context cannot fall behind it."""
    kinds = {OWL.ObjectProperty: {"@type": "@id"}, OWL.DatatypeProperty: {}}
    context = {**base_context(), "dgr": base}
    terms = {}
    for s, p, o in triples:
        if p == RDF.type and o in kinds and str(s).startswith(str(DGO)):
            local = str(s)[len(DGO) :]
            terms[local] = {"@id": f"dgo:{local}", **kinds[o]}
    context.update((key, terms[key]) for key in sorted(terms) if key not in context)
    return context


class Compactor:
    def __init__(self, context: dict[str, Any]) -> None:
        self.prefixes = sorted(
            ((k, v) for k, v in context.items() if isinstance(v, str) and not v.startswith("@")),
            key=lambda item: (-len(item[1]), item[0]),
        )
        self.terms: dict[str, tuple[str, dict[str, Any]]] = {}
        for key, definition in sorted(context.items()):
            if isinstance(definition, dict):
                self.terms[self.expand(definition["@id"])] = (key, definition)

    def expand(self, curie: str) -> str:
        prefix, _, local = curie.partition(":")
        return dict(self.prefixes).get(prefix, prefix + ":") + local if local else curie

    def iri(self, node: Node) -> str:
        if isinstance(node, BNode):
            return f"_:{node}"
        text = str(node)
        for prefix, namespace in self.prefixes:
            if text.startswith(namespace) and len(text) > len(namespace) and not text[len(namespace) :].startswith("/"):
                return f"{prefix}:{text[len(namespace) :]}"
        return text

    def value(self, node: Node) -> Any:
        """A value under a key with no coercion: node reference or value object."""
        if isinstance(node, (URIRef, BNode)):
            return {"@id": self.iri(node)}
        assert isinstance(node, Literal)
        if node.language:
            return {"@value": str(node), "@language": node.language}
        if node.datatype and node.datatype != XSD.string:
            return {"@value": str(node), "@type": self.iri(node.datatype)}
        return str(node)

    def entry(self, predicate: URIRef, objects: list[Node]) -> tuple[str, Any]:
        key, definition = self.terms.get(str(predicate), (None, {}))
        if key and definition.get("@container") == "@language" and all(isinstance(o, Literal) and o.language for o in objects):
            by_lang: dict[str, list[str]] = {}
            for o in objects:
                by_lang.setdefault(o.language, []).append(str(o))
            return key, {lang: values[0] if len(values) == 1 else values for lang, values in by_lang.items()}
        if key and definition.get("@type") == "@id" and all(isinstance(o, (URIRef, BNode)) for o in objects):
            values: list[Any] = [self.iri(o) for o in objects]
        elif key and "@type" not in definition and "@container" not in definition:
            values = [self.value(o) for o in objects]
        else:
            key, values = self.iri(predicate), [self.value(o) for o in objects]
        return key, values[0] if len(values) == 1 else values


def jsonld(triples: list[tuple[Node, Node, Node]], base: str) -> str:
    """One node object per subject, in subject order, keys in sorted order after id and type."""
    return jsonld_with(triples, context_for(base, triples))


def jsonld_with(triples: list[tuple[Node, Node, Node]], context: dict[str, Any]) -> str:
    """Compact JSON-LD against a given context (a single resource's description uses the build's
    published one, since it holds too little of the ontology to derive it)."""
    compact = Compactor(context)
    nodes = []
    for subject, rows in groupby(triples, key=lambda t: t[0]):
        rows = list(rows)
        node: dict[str, Any] = {"id": compact.iri(subject)}
        types = [compact.iri(o) for _, p, o in rows if p == RDF.type]
        if types:
            node["type"] = types[0] if len(types) == 1 else types
        entries = dict(
            compact.entry(p, [o for _, _, o in group])
            for p, group in groupby((r for r in rows if r[1] != RDF.type), key=lambda t: t[1])
        )
        node.update(sorted(entries.items()))
        nodes.append(node)
    return json.dumps({"@context": context, "@graph": nodes}, ensure_ascii=False, indent=2) + "\n"
