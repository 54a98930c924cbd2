"""CSV tables for spreadsheet users: one file per class, one row per entity, labels in both
languages, and a column per property the class's entities use (links given as slugs, the
ontology's own terms such as value qualifiers by their notation)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from ontology import curie

LABEL_COLUMNS = ["slug", "iri", "label_zh_hans", "label_en", "alt_labels_zh_hant"]
SEPARATOR = " | "  # between several values in one cell; '|' is rare in the sources' text
_NOT_ATTRIBUTES = {RDF.type, RDFS.label, SKOS.prefLabel, SKOS.altLabel}


def _cell(values: list[str]) -> str:
    return SEPARATOR.join(sorted(set(values)))


def _lang(node: Node, tag: str) -> bool:
    return isinstance(node, Literal) and (node.language or "").lower() == tag


def tables(triples: list[tuple[Node, Node, Node]], base: str, prefixes: dict[str, str]) -> dict[str, str]:
    """CSV text per file name (``<Class>.csv``), for every class with entities under ``base``."""
    about: dict[URIRef, list[tuple[Node, Node]]] = defaultdict(list)
    for s, p, o in triples:
        if isinstance(s, URIRef) and str(s).startswith(base) and "/" not in str(s)[len(base) :]:
            about[s].append((p, o))
    members: dict[URIRef, list[URIRef]] = defaultdict(list)
    for entity, rows in about.items():
        for p, o in rows:
            if p == RDF.type and isinstance(o, URIRef):
                members[o].append(entity)

    # A term of a closed list the ontology defines (a value qualifier) is written as curators
    # write it (more-than), the way a slug stands for an entity.
    notations: dict[Node, str] = {s: str(o) for s, p, o in triples if p == SKOS.notation}

    def text(node: Node) -> str:
        if isinstance(node, URIRef) and str(node).startswith(base):
            return str(node)[len(base) :]
        if node in notations:
            return notations[node]
        return str(node) if isinstance(node, Literal) else curie(URIRef(str(node)), prefixes)

    out: dict[str, str] = {}
    for cls, entities in members.items():
        attributes = sorted({curie(URIRef(str(p)), prefixes) for e in entities for p, _ in about[e] if p not in _NOT_ATTRIBUTES})
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(LABEL_COLUMNS + attributes)
        for entity in sorted(set(entities)):
            rows = about[entity]
            labels = [o for p, o in rows if p in (RDFS.label, SKOS.prefLabel)]
            values: dict[str, list[str]] = defaultdict(list)
            for p, o in rows:
                if p not in _NOT_ATTRIBUTES:
                    values[curie(URIRef(str(p)), prefixes)].append(text(o))
            writer.writerow(
                [
                    str(entity)[len(base) :],
                    str(entity),
                    _cell([str(o) for o in labels if _lang(o, "zh-hans")]),
                    _cell([str(o) for o in labels if _lang(o, "en")]),
                    _cell([str(o) for p, o in rows if p == SKOS.altLabel and _lang(o, "zh-hant")]),
                    *(_cell(values[a]) for a in attributes),
                ]
            )
        name = (
            curie(cls, prefixes).replace(":", "_")
            if not str(cls).startswith(prefixes.get("dgo", "\0"))
            else str(cls)[len(prefixes["dgo"]) :]
        )
        out[f"{name}.csv"] = buffer.getvalue()
    return dict(sorted(out.items()))


def write_tables(files: dict[str, str], directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in files.items():
        path = directory / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written
