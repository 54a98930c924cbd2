"""Errors that point a curator at the exact place to fix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class SourceLocation:
    """Where a curator wrote something: the record file and the line, kept apart so that no one
    splits a "file:line" string again."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True)
class RecordError:
    """One problem in one record: where it is, which field, and what was expected.

    `field` is empty when the problem is the file itself (a link, a directory, an unwritable
    target): the message then says what is wrong without naming a field."""

    file: Path | str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = SourceLocation(str(self.file), self.line)
        if not self.field:
            return f"{where}: {self.message}"
        return f"{where}: field '{self.field}': {self.message}"


class RecordRefused(Exception):
    """One file cannot be read as records at all; reading goes on with the next file."""

    def __init__(self, error: RecordError) -> None:
        self.error = error
        super().__init__(str(error))


class BuildFailed(Exception):
    """Raised with every error found, so a curator can fix them all in one pass."""

    def __init__(self, errors: list[RecordError], stage: str) -> None:
        self.errors = errors
        self.stage = stage
        super().__init__(f"{stage}: {len(errors)} error(s)")
