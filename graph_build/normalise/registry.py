"""The registry of curated source texts (sources/documents.yaml)."""

from __future__ import annotations

import hashlib
import re
from functools import partial
from pathlib import Path

import opencc

from graph_build.normalise.model import NormaliseError, SourceText
from graph_build.normalise.yamlfile import line_of, read_yaml

REGISTRY = "documents.yaml"
LANGUAGES = ("zh-Hant", "zh-Hans")
ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")

_T2S = opencc.OpenCC("t2s.json")
_S2T = opencc.OpenCC("s2t.json")


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def dominant_script(text: str) -> str:
    """zh-Hant when more characters are traditional-only than simplified-only, else zh-Hans."""
    traditional = simplified = 0
    for ch in set(text):
        n = text.count(ch)
        if _T2S.convert(ch) != ch:
            traditional += n
        elif _S2T.convert(ch) != ch:
            simplified += n
    return "zh-Hant" if traditional > simplified else "zh-Hans"


def load_registry(sources_dir: Path) -> list[SourceText]:
    """Read `<sources_dir>/documents.yaml`; an error names the file, line and field."""
    path = Path(sources_dir) / REGISTRY
    name = str(path)
    if not path.exists():
        raise NormaliseError(name, None, "documents", "the registry of source texts is missing")
    data = read_yaml(path, "documents")
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise NormaliseError(name, 1, "documents", "expected a mapping with a list under 'documents'")
    out: list[SourceText] = []
    seen: set[str] = set()
    for item in data["documents"]:
        line = line_of(item)
        at = partial(line_of, item)

        if not isinstance(item, dict):
            raise NormaliseError(name, line, "documents", "each entry is a mapping (id, seed, sha256, text, language)")
        for key in ("id", "seed", "sha256", "text", "language"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                raise NormaliseError(name, at(key) if key in item else line, key, "missing or not text")
        if not ID.match(item["id"]):
            raise NormaliseError(name, at("id"), "id", f"expected a lower-case hyphenated slug, got {item['id']!r}")
        if item["id"] in seen:
            raise NormaliseError(name, at("id"), "id", f"{item['id']!r} is registered twice")
        seen.add(item["id"])
        if not SHA256.match(item["sha256"]):
            raise NormaliseError(name, at("sha256"), "sha256", "expected 64 lower-case hex digits")
        if item["text"] != f"texts/{item['id']}.txt":
            raise NormaliseError(name, at("text"), "text", f"expected texts/{item['id']}.txt, got {item['text']!r}")
        if item["language"] not in LANGUAGES:
            raise NormaliseError(name, at("language"), "language", f"expected one of {', '.join(LANGUAGES)}")
        out.append(
            SourceText(
                id=item["id"],
                seed=item["seed"],
                sha256=item["sha256"],
                text=item["text"],
                language=item["language"],
                line=line,
                sha256_line=at("sha256"),
            )
        )
    return out
