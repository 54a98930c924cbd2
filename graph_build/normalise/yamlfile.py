"""Reading the normaliser's own YAML files (sources/documents.yaml, sources/errata.yaml) with the
record loader (graph_build.recordyaml): the same refusals (aliases, tags, unprintable text, bounds
on size and depth) and the same lines, an error named as the normaliser names its errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph_build.errors import RecordRefused
from graph_build.normalise.model import NormaliseError
from graph_build.recordyaml import RecordList, RecordMap, load


def read_yaml(path: Path, field: str) -> Any:
    """The YAML document of ``path``; a file it refuses raises NormaliseError under ``field``."""
    try:
        data, _ = load(path.read_bytes(), str(path))
    except RecordRefused as refused:
        raise NormaliseError(path, refused.error.line, field, refused.error.message) from None
    return data


def line_of(node: object, key: str | None = None) -> int | None:
    """The line of ``key`` in a mapping (else the mapping's own line), or of a list; None for a
    plain value, which carries no line."""
    if isinstance(node, RecordMap):
        return node.key_lines.get(key, node.line) if key is not None else node.line
    if isinstance(node, RecordList):
        return node.line
    return None
