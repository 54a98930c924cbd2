"""The values the normaliser passes around: registry entries, errata, results, errors."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


class NormaliseError(Exception):
    """A problem a person must fix, naming the file, the line (1-based, or None), the field."""

    def __init__(self, file: Path | str, line: int | None, field: str, message: str) -> None:
        self.file = str(file)
        self.line = line
        self.field = field
        self.message = message
        where = f"{self.file}:{line}" if line else self.file
        super().__init__(f"{where}: field '{field}': {message}")


@dataclass(frozen=True)
class SourceText:
    """One entry of `sources/documents.yaml`: a seed and the normalised text made from it."""

    id: str
    seed: str  # file name in the seeds directory
    sha256: str  # of the seed's bytes
    text: str  # path of the normalised text, relative to the sources directory
    language: str  # zh-Hant or zh-Hans: the dominant script after normalisation
    line: int | None = None  # where the entry starts in documents.yaml
    sha256_line: int | None = None  # where its checksum is written


KINDS = ("injected-word", "mojibake", "lost-bytes", "other")


@dataclass(frozen=True)
class Erratum:
    """A reviewed repair: replace every occurrence of `find` with `replace` in document `doc`.

    `find` is exact text of the document *after* the automatic steps. `count`, when given, is
    the number of occurrences the reviewer saw; a different number is an error (the text moved
    under the erratum and it must be looked at again).
    """

    doc: str
    find: str
    replace: str
    kind: str
    why: str
    count: int | None = None
    file: str = "errata.yaml"
    line: int | None = None


@dataclass(frozen=True)
class MojibakeRun:
    """One stretch of mis-segmented GBK found in a seed, and what the automatic step made of it."""

    raw: str
    repaired: str
    line: int  # 1-based line of the seed (before paragraphs are rebuilt)
    lost: int  # characters that could not be recovered (written as 〓)


@dataclass
class RepairReport:
    """What one document's normalisation did, by kind, so a reviewer can check the numbers."""

    counts: Counter = field(default_factory=Counter)
    mojibake_runs: list[MojibakeRun] = field(default_factory=list)
    dropped_lines: list[str] = field(default_factory=list)
    applied_errata: list[tuple[Erratum, int]] = field(default_factory=list)
    unapplied_errata: list[Erratum] = field(default_factory=list)  # `find` not in the text
    miscounted_errata: list[tuple[Erratum, int]] = field(default_factory=list)  # found n != count times

    def as_dict(self) -> dict[str, int]:
        return dict(sorted(self.counts.items()))


@dataclass(frozen=True)
class NormalisedText:
    text: str
    report: RepairReport


@dataclass
class DocumentResult:
    source: SourceText
    path: Path
    changed: bool
    report: RepairReport


@dataclass
class NormaliseReport:
    """The result of `normalise_all`: one entry per registry document."""

    documents: list[DocumentResult] = field(default_factory=list)

    def summary(self) -> str:
        lines = []
        for doc in self.documents:
            counts = ", ".join(f"{k} {v}" for k, v in doc.report.as_dict().items() if v)
            state = "written" if doc.changed else "unchanged"
            lines.append(f"{doc.source.id}: {state} {doc.path.name} ({counts})")
        return "\n".join(lines)

    __str__ = summary
