"""The curated source texts, folded once for quote matching."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

from graph_build.errors import BuildFailed, RecordError
from graph_build.textmatch import FoldedText


@dataclass(frozen=True)
class SourceLibrary:
    texts: dict[str, FoldedText]
    languages: dict[str, str]

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self.texts

    @classmethod
    def load(cls, sources_dir: Path) -> "SourceLibrary":
        registry = sources_dir / "documents.yaml"
        display = f"{sources_dir.name}/documents.yaml"
        if not registry.exists():
            raise BuildFailed([RecordError(display, None, "documents", "the registry of source texts is missing")],
                              "reading sources")
        data = YAML(typ="safe").load(registry.read_text(encoding="utf-8")) or {}
        texts: dict[str, FoldedText] = {}
        languages: dict[str, str] = {}
        errors: list[RecordError] = []
        for entry in data.get("documents", []):
            doc_id, text_path = entry.get("id"), entry.get("text")
            path = sources_dir / str(text_path)
            if not doc_id or not text_path or not path.exists():
                errors.append(RecordError(display, None, "text",
                                          f"document {doc_id!r}: normalised text {text_path!r} not found "
                                          "(run `dgkg sources normalise`)"))
                continue
            texts[doc_id] = FoldedText.of(path.read_text(encoding="utf-8"))
            languages[doc_id] = entry.get("language", "zh")
        if errors:
            raise BuildFailed(errors, "reading sources")
        return cls(texts, languages)
