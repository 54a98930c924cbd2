"""An answer ready to send: status, content type, body and extra headers (crosses the worker pipe)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Outcome:
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def plain(status: int, message: str, headers: tuple[tuple[str, str], ...] = ()) -> Outcome:
    return Outcome(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode("utf-8"), headers)
