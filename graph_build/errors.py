"""Errors that point a curator at the exact place to fix."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RecordError:
    """One problem in one record: where it is, which field, and what was expected."""

    file: Path | str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        return f"{where}: field '{self.field}': {self.message}"


class BuildFailed(Exception):
    """Raised with every error found, so a curator can fix them all in one pass."""

    def __init__(self, errors: list[RecordError], stage: str) -> None:
        self.errors = errors
        self.stage = stage
        super().__init__(f"{stage}: {len(errors)} error(s)")
