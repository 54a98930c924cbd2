"""What the views keep between incremental builds, and under which key (graph_build.memo keeps it).

Each part the views keep is a pure function of what it was made from and of the code that made
it: the pages (viz.pagememo) and the explorer's layouts (viz.layout). ``code_key`` names that
code, so a memo kept by other code is never read back.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any, Protocol

import model
import viz

# The files whose code makes a view from the model: templates, filters, layouts, the model's methods.
CODE_ROOTS = (Path(viz.__file__).parent, Path(model.__file__).parent)
# The libraries whose versions change what that code makes: page text, and positions.
LIBRARIES = ("jinja2", "markupsafe", "igraph", "numpy", "scipy")


class Memo(Protocol):
    """Where the build keeps, between builds, what the views were made from (graph_build.memo)."""

    def section(self, name: str, key: str) -> dict[str, Any] | None: ...

    def keep_section(self, name: str, key: str, entries: dict[str, Any]) -> None: ...


@cache
def code_key() -> str:
    hashed = hashlib.sha256(" ".join(f"{name} {version(name)}" for name in LIBRARIES).encode())
    for root in CODE_ROOTS:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            hashed.update(f"{path.relative_to(root)}\n".encode())
            hashed.update(hashlib.sha256(path.read_bytes()).digest())
    return hashed.hexdigest()
