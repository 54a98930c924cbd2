"""Results as text for a terminal: aligned tables (queries.description_text writes descriptions).

Column widths count East Asian wide characters as two cells, so Chinese labels line up.
IRIs are shown by label in the reader's language (``--lang``), falling back to a prefixed name.
Cells are read through queries.terms.parts, so a table takes the terms of either library.
"""

from __future__ import annotations

import unicodedata

from ontology import PREFIXES
from queries.labels import pick
from queries.results import Rows
from queries.terms import Term, parts

_PREFIXES = sorted(((str(ns), prefix) for prefix, ns in PREFIXES.items()), key=lambda item: -len(item[0]))


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in text)


def qname(iri: str) -> str:
    for namespace, prefix in _PREFIXES:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return f"<{iri}>"


def cell(value: Term, names: dict[Term, dict[str, str]], lang: str) -> str:
    if value is None:
        return ""
    found = parts(value)
    if found.kind == "uri":
        return pick(names.get(value, {}), lang) or qname(found.value)
    if found.kind == "bnode":
        return f"_:{found.value}"
    return " ".join(found.value.split())


def table(rows: Rows, names: dict[Term, dict[str, str]], lang: str) -> str:
    """An aligned text table; the last line counts the rows."""
    grid = [list(rows.variables)] + [[cell(row.get(var), names, lang) for var in rows.variables] for row in rows]
    widths = [max(width(line[col]) for line in grid) for col in range(len(rows.variables))]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - width(v)) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(grid[0]), "  ".join("─" * w for w in widths)] + [line(values) for values in grid[1:]]
    count = f"{len(rows)} row{'s' if len(rows) != 1 else ''}"
    if rows.truncated:
        count += " (cut at the server's result cap)"
    return "\n".join(out + [count]) + "\n"
