"""The shape of the curated graph, measured from its records, for the generator to copy.

A *profile* is one real entity as its records state it: its class, which languages its labels
and definitions have, and its claims, each a list of (field, kind of value). A reference keeps
the class of the entity it names, so a copy links the same kinds of things by the same
properties as the curated graph does (domains, ranges, SHACL shapes and disjoint classes hold
by construction). The generator copies profiles, so the class mix, the properties per class,
the claims per entity and the triples per claim are the curated graph's.

The measurement is stored in ``bench/shape.json`` (``python -m bench.shape`` refreshes it), so
that a seed gives the same synthetic graph whatever the curators change later.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from ontology import OntologyIndex, load_ontology

SHAPE_PATH = Path(__file__).with_name("shape.json")
# Fields of a claim that are evidence or bookkeeping, not statements.
META_FIELDS = {"source", "quote", "locator", "id", "citation", "about", "note", "subjectInQuote"}
# A list's order: the generator numbers each copy uniquely, so no two items of a list share one.
ORDER_FIELDS = {"rank", "stageNumber"}
YEAR = re.compile(r"^(19|20)\d\d$")

# ["ref", class], ["lang", {tag: count}], ["year"], ["int", digits], ["decimal"], ["date"], ["order"], ["term", text]
Kind = list[Any]


def read_records(records_dir: Path) -> Iterator[dict[str, Any]]:
    yaml = YAML(typ="safe")
    for path in sorted(records_dir.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8")) or {}
        yield data


def value_kind(value: Any, classes: dict[str, str]) -> Kind:
    if isinstance(value, dict):
        return ["lang", {tag: len(v) if isinstance(v, list) else 1 for tag, v in value.items()}]
    if isinstance(value, bool):
        return ["term", str(value).lower()]
    if isinstance(value, int):
        return ["year"] if YEAR.match(str(value)) else ["int", len(str(abs(value)))]
    if isinstance(value, float):
        return ["decimal"]
    if isinstance(value, dt.date):
        return ["date"]
    if isinstance(value, str) and value in classes:
        return ["ref", classes[value]]
    return ["term", str(value)]


def claim_kinds(item: dict[str, Any], classes: dict[str, str]) -> list[list[Any]]:
    """[(field, [kind, …])] of one fact item: a list value gives one kind per member."""
    kinds: list[list[Any]] = []
    for field, value in item.items():
        if field in META_FIELDS:
            continue
        if field in ORDER_FIELDS:
            kinds.append([field, [["order"]]])
            continue
        values = value if isinstance(value, list) else [value]
        kinds.append([field, [value_kind(v, classes) for v in values]])
    return kinds


def measure_profiles(records_dir: Path, documents: set[str]) -> list[dict[str, Any]]:
    files = list(read_records(records_dir))
    entities = [e for data in files for e in data.get("entities") or []]
    classes = {e["id"]: e["class"] for e in entities}
    claims: dict[str, list[list[list[Any]]]] = {e["id"]: [] for e in entities}
    notes: dict[str, int] = dict.fromkeys(classes, 0)

    def add(subject: str, item: dict[str, Any]) -> None:
        if "citation" in item:  # outside the curated texts: the generator quotes its own texts only
            return
        kinds = claim_kinds(item, classes)
        if kinds:
            claims[subject].append(kinds)
            notes[subject] += "note" in item

    for data in files:
        for entity in data.get("entities") or []:
            for item in entity.get("facts") or []:
                add(entity["id"], item)
        for item in data.get("facts") or []:
            add(item["about"], item)
    profiles = []
    for entity in entities:
        alt = entity.get("altLabel") or {}
        profiles.append(
            {
                "class": entity["class"],
                "document": entity["id"] in documents,
                "label": sorted(entity["label"]),
                "altLabel": {tag: len(v) if isinstance(v, list) else 1 for tag, v in sorted(alt.items())},
                "definition": sorted(entity.get("definition") or {}),
                "claims": claims[entity["id"]],
                "notes": notes[entity["id"]],
            }
        )
    return profiles


def canonical_hierarchies(index: OntologyIndex) -> set[Any]:
    """One property of each inverse pair of hierarchies (partOf and hasPart are one hierarchy):
    the one from the part to the whole (not `has…`), so that wholes, chosen among older entities
    by preferential attachment, become hubs as the curated groups are."""
    standard = (index.expand("skos:broader"), index.expand("org:transitiveSubOrganizationOf"))
    declared = set(index.transitive) | {term for term in standard if term is not None}
    kept: set[Any] = set()
    for prop in sorted(declared, key=lambda p: (str(p).rsplit("#", 1)[-1].startswith("has"), str(p))):
        if not index.inverses(prop) & kept:
            kept.add(prop)
    return kept


def direction(index: OntologyIndex, name: str) -> str | None:
    """'older' when a link by this field runs up a hierarchy (partOf), 'newer' when down
    (hasPart), None when it is in none: the generator points hierarchy links one way only, so
    no synthetic hierarchy loops (which the builder refuses)."""
    prop = index.resolve_property(name)
    if prop is None:
        return None
    hierarchies = canonical_hierarchies(index)
    seen: set[tuple[Any, bool]] = set()
    todo = [(prop.iri, True)]
    while todo:
        state = todo.pop()
        if state in seen:
            continue
        seen.add(state)
        term, forward = state
        todo.extend((parent, forward) for parent in index.superproperties(term))
        todo.extend((inverse, not forward) for inverse in index.inverses(term))
    ways = {forward for term, forward in seen if term in hierarchies}
    if not ways:
        return None
    return "older" if ways == {True} else "newer"


def vocabulary(index: OntologyIndex, profiles: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Labels of every class and field the profiles use, and each field's hierarchy direction."""
    terms: dict[str, dict[str, Any]] = {}
    for profile in profiles:
        cls = index.resolve_class(profile["class"])
        terms[profile["class"]] = {"zh": index.label(cls, "zh-Hans"), "en": index.label(cls, "en")} if cls else {}
        for claim in profile["claims"]:
            for field, _ in claim:
                prop = index.resolve_property(field)
                iri = prop.iri if prop else None
                terms[field] = {
                    "zh": index.label(iri, "zh-Hans") if iri else None,
                    "en": index.label(iri, "en") if iri else None,
                    "direction": direction(index, field),
                    "functional": bool(prop and prop.functional),
                    "inverse_functional": bool(
                        iri and any(index.properties[q].functional for q in index.inverses(iri) if q in index.properties)
                    ),
                }
    return dict(sorted(terms.items()))


def measure(sources_dir: Path, build_report: dict[str, Any]) -> dict[str, Any]:
    registry = YAML(typ="safe").load((sources_dir / "documents.yaml").read_text(encoding="utf-8"))
    documents = {d["id"] for d in registry["documents"]}
    profiles = measure_profiles(sources_dir / "records", documents)
    index = OntologyIndex.from_graph(load_ontology())
    texts = [(sources_dir / "texts" / f"{doc}.txt").read_text(encoding="utf-8") for doc in sorted(documents)]
    return {
        "measured_from": {
            "entities": build_report["entities"],
            "asserted_triples": build_report["asserted_triples"],
            "claims": build_report["claims"],
        },
        "triples_per_entity": build_report["asserted_triples"] / build_report["entities"],
        "claims_per_document": build_report["claims"] / len(documents),
        "paragraph_chars": sum(len(t) for t in texts) / sum(t.count("\n") + 1 for t in texts),
        "terms": vocabulary(index, profiles),
        "profiles": profiles,
    }


def load_shape(path: Path = SHAPE_PATH) -> dict[str, Any]:
    shape: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return shape


def main(argv: list[str]) -> int:
    """`python -m bench.shape SOURCES_DIR DIST_DIR`: measure the curated records and a build of them."""
    sources, dist = Path(argv[0]), Path(argv[1])
    report = json.loads((dist / "build-report.json").read_text(encoding="utf-8"))
    shape = measure(sources, report)
    SHAPE_PATH.write_text(json.dumps(shape, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{SHAPE_PATH}: {len(shape['profiles'])} profiles")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
