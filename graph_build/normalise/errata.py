"""Reviewed repairs (sources/errata.yaml): reading them, and applying them to one document."""

from __future__ import annotations

from pathlib import Path

from graph_build.normalise.model import KINDS, Erratum, NormaliseError
from graph_build.normalise.yamlfile import line_of, read_yaml

FIELDS = ("doc", "find", "replace", "kind", "why", "count")
REQUIRED = ("doc", "find", "replace", "kind", "why")


def load_errata(path: Path) -> list[Erratum]:
    """Read and check the errata file; an error names the file, line and field."""
    path = Path(path)
    name = str(path)
    if not path.exists():
        return []
    data = read_yaml(path, "errata")
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("errata", []), list):
        raise NormaliseError(name, 1, "errata", "expected a mapping with a list under 'errata'")
    out: list[Erratum] = []
    for item in data.get("errata") or []:
        line = line_of(item)
        if not isinstance(item, dict):
            raise NormaliseError(name, line, "errata", "each erratum is a mapping (doc, find, replace, kind, why)")
        for key in item:
            if key not in FIELDS:
                raise NormaliseError(name, line_of(item, key), str(key), f"unknown field; expected one of {', '.join(FIELDS)}")
        for key in REQUIRED:
            if key not in item:
                raise NormaliseError(name, line, key, "missing")
            value = item[key]
            if not isinstance(value, str):
                raise NormaliseError(name, line_of(item, key), key, f"expected text, got {type(value).__name__}")
            if key in ("doc", "find", "kind", "why") and not value.strip():
                raise NormaliseError(name, line_of(item, key), key, "must not be empty")
        if item["kind"] not in KINDS:
            raise NormaliseError(name, line_of(item, "kind"), "kind", f"expected one of {', '.join(KINDS)}, got {item['kind']!r}")
        if item["find"] == item["replace"]:
            raise NormaliseError(name, line_of(item, "replace"), "replace", "same as find: the erratum changes nothing")
        count = item.get("count")
        if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 1):
            raise NormaliseError(name, line_of(item, "count"), "count", f"expected a positive whole number, got {count!r}")
        out.append(
            Erratum(
                doc=str(item["doc"]),
                find=str(item["find"]),
                replace=str(item["replace"]),
                kind=str(item["kind"]),
                why=str(item["why"]),
                count=count,
                file=name,
                line=line_of(item, "find") or line,
            )
        )
    return out


def apply_errata(
    text: str, errata: list[Erratum]
) -> tuple[str, list[tuple[Erratum, int]], list[Erratum], list[tuple[Erratum, int]]]:
    """Apply in file order, each to every occurrence of its `find`.

    Returns the text, the applied errata with their number of occurrences, those whose `find`
    was not there, and those found a different number of times than their `count` says
    (these are not applied: the text has moved under them and a person must look again).
    """
    applied: list[tuple[Erratum, int]] = []
    missing: list[Erratum] = []
    miscounted: list[tuple[Erratum, int]] = []
    for erratum in errata:
        found = text.count(erratum.find)
        if found == 0:
            missing.append(erratum)
        elif erratum.count is not None and found != erratum.count:
            miscounted.append((erratum, found))
        else:
            text = text.replace(erratum.find, erratum.replace)
            applied.append((erratum, found))
    return text, applied, missing, miscounted
