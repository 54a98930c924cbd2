"""The curated source texts, folded once for quote matching."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graph_build.errors import BuildFailed, RecordError
from graph_build.normalise import NormaliseError, load_registry
from graph_build.textmatch import FoldedText


@dataclass(frozen=True)
class SourceLibrary:
    texts: dict[str, FoldedText]
    languages: dict[str, str]

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self.texts

    @classmethod
    def load(cls, sources_dir: Path) -> "SourceLibrary":
        try:
            registry = load_registry(sources_dir)
        except NormaliseError as error:
            raise BuildFailed([RecordError(error.file, error.line, error.field, error.message)], "reading sources") from error
        texts: dict[str, FoldedText] = {}
        errors: list[RecordError] = []
        for entry in registry:
            path = sources_dir / entry.text
            if not path.exists():
                errors.append(
                    RecordError(
                        f"{sources_dir.name}/documents.yaml",
                        entry.line,
                        "text",
                        f"normalised text {entry.text} of '{entry.id}' not found (run `dgkg sources normalise`)",
                    )
                )
                continue
            texts[entry.id] = FoldedText.of(path.read_text(encoding="utf-8"))
        if errors:
            raise BuildFailed(errors, "reading sources")
        return cls(texts, {entry.id: entry.language for entry in registry})
