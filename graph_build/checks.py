"""Whole-graph checks that no single record can see: likely duplicates under different slugs."""

from __future__ import annotations

from collections import defaultdict

from rdflib.namespace import SKOS

from graph_build.errors import RecordError, SourceLocation
from graph_build.graph import Claim
from graph_build.textmatch import fold


def duplicate_labels(claims: list[Claim]) -> list[RecordError]:
    """Two entities whose Chinese preferred labels fold to the same text are probably one entity."""
    owners: dict[str, dict[str, SourceLocation]] = defaultdict(dict)  # folded label -> {subject: record}
    for claim in claims:
        for subject, predicate, obj in claim.triples:
            if predicate == SKOS.prefLabel and getattr(obj, "language", None) in ("zh-Hans", "zh-Hant"):
                owners[fold(str(obj))].setdefault(str(subject), claim.record)
    errors: list[RecordError] = []
    for label, subjects in sorted(owners.items()):
        if len(subjects) < 2:
            continue
        places = sorted(subjects.items(), key=lambda item: item[1])
        (_, first_record), *others = places
        for duplicate, record in others:
            errors.append(
                RecordError(
                    record.file,
                    record.line,
                    "label",
                    f"'{duplicate.rsplit('/', 1)[-1]}' has the same Chinese label «{label}» as the entity defined at "
                    f"{first_record}; merge them or make the labels say how they differ",
                )
            )
    return errors
