"""The paragraphs the claims quote, so that a source page can show each quote where it stands.

The normalised texts (sources/texts/<doc>.txt, one paragraph a line) are an input of the build,
not part of dist/. The build keeps the quoted paragraphs in dist/site/sources/paragraphs.json,
so that `dgkg viz` and `dgkg serve`, which read only dist/, render the same source pages.
"""

from __future__ import annotations

import json
from pathlib import Path

from model import ReadModel

PARAGRAPHS = Path("site") / "sources" / "paragraphs.json"

Paragraphs = dict[str, dict[str, str]]  # source slug -> locator ("¶12") -> paragraph


def quoted_paragraphs(model: ReadModel, texts: Path) -> Paragraphs:
    """The paragraphs of `texts`/<source>.txt that some claim quotes (locators count lines from 1)."""
    found: Paragraphs = {}
    for source, claims in model.claims_from.items():
        path = texts / f"{source}.txt"
        if not path.is_file():
            continue  # a document outside the curated texts: its claims carry a citation, not a quote
        lines = path.read_text(encoding="utf-8").split("\n")
        for facts in claims.values():
            locator = facts[0].evidence.locator or ""
            number = locator.lstrip("¶")
            if number.isdigit() and 0 < int(number) <= len(lines):
                found.setdefault(source, {})[locator] = lines[int(number) - 1]
    return found


def write_paragraphs(paragraphs: Paragraphs, root: Path) -> Path:
    path = root / PARAGRAPHS
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(paragraphs, ensure_ascii=False, sort_keys=True, indent=0), encoding="utf-8")
    return path


def read_paragraphs(root: Path) -> Paragraphs:
    """What a build kept; nothing for a dist/ written before source pages existed."""
    path = root / PARAGRAPHS
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
