"""Reading the curated YAML records, keeping every value's line number for error messages.

The record format is documented in docs/curation.md. This module only turns YAML into plain
records; it does not know the ontology (that is graph_build.assemble's job).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph_build import recordyaml
from graph_build.errors import BuildFailed, RecordError, RecordRefused
from graph_build.recordyaml import RecordList, RecordMap
from graph_build.recordfiles import (
    MAX_TOTAL_VALUES,
    find_record_files,
    read_record_bytes,
)

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# Entity fields that are statements about the entity, and the property each stands for.
ENTITY_STATEMENT_FIELDS = {
    "class": "rdf:type",
    "label": "skos:prefLabel",
    "altLabel": "skos:altLabel",
    "definition": "skos:definition",
}
EVIDENCE_FIELDS = ("source", "quote", "locator", "id", "note", "citation")
# A curator's statement about the evidence, not about the subject (graph_build.precision).
SUBJECT_FLAG = "subjectInQuote"
ENTITY_FIELDS = {"id", "facts", *ENTITY_STATEMENT_FIELDS, *EVIDENCE_FIELDS, SUBJECT_FLAG}
FACT_RESERVED = {"about", *EVIDENCE_FIELDS, SUBJECT_FLAG}
TOP_LEVEL = {"entities", "facts"}


@dataclass(frozen=True)
class Statement:
    """One `field: value` of a record; `field` is as the curator wrote it."""

    field: str
    value: Any
    line: int


@dataclass
class ClaimRecord:
    """One claim: statements about one subject, with the evidence for all of them."""

    file: str
    line: int
    subject: str
    subject_line: int
    statements: list[Statement]
    source: str | None = None
    quote: str | None = None
    locator: str | None = None
    claim_id: str | None = None
    note: str | None = None
    citation: str | None = None
    declares_class: str | None = None  # set on an entity's own claim
    subject_in_quote: bool | None = None  # `subjectInQuote: false`: the quote refers to the subject otherwise
    field_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, name: str) -> int:
        return self.field_lines.get(name, self.line)


@dataclass(frozen=True)
class EntityDecl:
    slug: str
    class_name: str
    file: str
    line: int


@dataclass
class RecordSet:
    entities: list[EntityDecl] = field(default_factory=list)
    claims: list[ClaimRecord] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    values: int = 0  # YAML values read, bounded by MAX_TOTAL_VALUES


def _line(node: Any, key: Any = None) -> int:
    """1-based line of a mapping key (or of the node itself); 0 for a scalar, which has none."""
    if key is not None and isinstance(node, RecordMap):
        return node.key_lines.get(key, node.line)
    return node.line if isinstance(node, (RecordMap, RecordList)) else 0


def _item_line(seq: RecordList, index: int) -> int:
    """1-based line of a list item, for items that carry no position of their own (scalars)."""
    return seq.item_lines[index]


def _kind(value: Any) -> str:
    """What a curator wrote, in the curator's terms rather than Python's class names."""
    if value is None:
        return "nothing"
    if isinstance(value, RecordMap):
        return "a mapping"
    if isinstance(value, RecordList):
        return "a list"
    return type(value).__name__


def _plain(value: Any) -> Any:
    """The loader's containers as plain Python values."""
    if isinstance(value, RecordMap):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, RecordList):
        return [_plain(v) for v in value]
    return value


class _Reader:
    def __init__(self, display: str) -> None:
        self.display = display
        self.errors: list[RecordError] = []

    def error(self, line: int, field_name: str, message: str) -> None:
        self.errors.append(RecordError(self.display, line or None, field_name, message))

    def evidence(self, node: RecordMap, claim: ClaimRecord) -> None:
        for name in EVIDENCE_FIELDS:
            if name not in node:
                continue
            value = node[name]
            line = _line(node, name)
            claim.field_lines[name] = line
            if name == "quote" and isinstance(value, list):
                self.error(line, name, "one quote per claim: a fact or a definition comes from one passage; make one claim each")
                continue
            if not isinstance(value, str) or not value.strip():
                self.error(line, name, f"expected non-empty text, got {value!r}")
                continue
            setattr(claim, "claim_id" if name == "id" else name, value.strip() if name != "quote" else value)
        if SUBJECT_FLAG in node:
            line = _line(node, SUBJECT_FLAG)
            claim.field_lines[SUBJECT_FLAG] = line
            if node[SUBJECT_FLAG] is not False:
                self.error(
                    line,
                    SUBJECT_FLAG,
                    f"only `{SUBJECT_FLAG}: false` has a meaning (leave the key out otherwise), got {node[SUBJECT_FLAG]!r}",
                )
            else:
                claim.subject_in_quote = False

    def statements(self, node: RecordMap, skip: set[str]) -> list[Statement]:
        return [Statement(str(key), _plain(value), _line(node, key)) for key, value in node.items() if str(key) not in skip]

    def entity(self, node: Any, records: RecordSet, item_line: int) -> None:
        line = _line(node) or item_line
        if not isinstance(node, RecordMap):
            self.error(line, "entities", f"expected a mapping for each entity, got {_kind(node)}")
            return
        slug = node.get("id")
        if not isinstance(slug, str) or not SLUG.match(slug):
            self.error(
                _line(node, "id") if "id" in node else line,
                "id",
                f"expected a slug (lower-case ASCII words joined by '-'), got {slug!r}",
            )
            return
        for key in node:
            if str(key) not in ENTITY_FIELDS:
                self.error(
                    _line(node, key),
                    str(key),
                    f"not an entity field (expected one of: {', '.join(sorted(ENTITY_FIELDS))}; properties go under 'facts:')",
                )
        class_name = node.get("class")
        if not isinstance(class_name, str):
            self.error(line, "class", f"entity '{slug}' needs a class (a term of the ontology)")
            return
        records.entities.append(EntityDecl(slug, class_name, self.display, line))
        own = ClaimRecord(
            file=self.display,
            line=line,
            subject=slug,
            subject_line=line,
            statements=self.statements(node, {"id", "facts", *EVIDENCE_FIELDS, SUBJECT_FLAG}),
            declares_class=class_name,
        )
        self.evidence(node, own)
        records.claims.append(own)
        if node.get("facts") is None:  # absent, or `facts:` left empty
            return
        facts = node["facts"]
        if not isinstance(facts, RecordList):
            self.error(_line(node, "facts"), "facts", "expected a list of fact items")
            return
        for index, item in enumerate(facts):
            self.fact(item, records, _item_line(facts, index), subject=slug, subject_line=line)

    def fact(self, node: Any, records: RecordSet, item_line: int, subject: str | None = None, subject_line: int = 0) -> None:
        line = _line(node) or item_line
        if not isinstance(node, RecordMap):
            self.error(line, "facts", f"expected a mapping for each fact, got {_kind(node)}")
            return
        if subject is None:
            about = node.get("about")
            if not isinstance(about, str) or not SLUG.match(about):
                self.error(
                    _line(node, "about") if "about" in node else line,
                    "about",
                    f"expected the slug of the entity this fact is about, got {about!r}",
                )
                return
            subject, subject_line = about, _line(node, "about")
        elif "about" in node:
            self.error(_line(node, "about"), "about", "a fact under an entity is about that entity; remove 'about'")
        statements = self.statements(node, FACT_RESERVED)
        if not statements:
            self.error(line, "facts", "a fact item states no property")
            return
        claim = ClaimRecord(file=self.display, line=line, subject=subject, subject_line=subject_line, statements=statements)
        self.evidence(node, claim)
        records.claims.append(claim)


def read_file(data: bytes, display: str, records: RecordSet) -> list[RecordError]:
    """The records in one file's bytes, added to `records`; the errors found in them."""
    try:
        document, values = recordyaml.load(data, display)
    except RecordRefused as refused:
        return [refused.error]
    records.files.append(display)
    records.values += values
    if document is None:
        return []
    if not isinstance(document, RecordMap):
        return [RecordError(display, 1, "top level", "expected a mapping with 'entities:' and/or 'facts:'")]
    reader = _Reader(display)
    for key, value in document.items():
        if key not in TOP_LEVEL:
            reader.error(_line(document, key), str(key), "expected 'entities' or 'facts' at the top level")
            continue
        if not isinstance(value, RecordList):
            reader.error(_line(document, key), str(key), "expected a list")
            continue
        for index, item in enumerate(value):
            if key == "entities":
                reader.entity(item, records, _item_line(value, index))
            else:
                reader.fact(item, records, _item_line(value, index))
    return reader.errors


def load_records(records_dir: Path, display_root: Path) -> RecordSet:
    """Every `*.yaml` under `records_dir`, in a stable order; raises BuildFailed on any error."""

    def display(path: Path) -> str:
        return str(path.relative_to(display_root)) if path.is_relative_to(display_root) else str(path)

    records = RecordSet()
    paths, errors = find_record_files(records_dir, display)
    for path in paths:
        try:
            data = read_record_bytes(path, display(path))
        except RecordRefused as refused:
            errors.append(refused.error)
            continue
        errors.extend(read_file(data, display(path), records))
        if records.values > MAX_TOTAL_VALUES:
            errors.append(
                RecordError(
                    display(path),
                    None,
                    "",
                    f"the record files up to this one hold more than {MAX_TOTAL_VALUES:,} values together; "
                    "the files after it were not read",
                )
            )
            break
    if errors:
        raise BuildFailed(errors, "reading records")
    return records
