"""White space: one paragraph per line, no blank lines, no spaces at either end.

The builder's locator is the line number (`¶12` = line 12), so a line must be a paragraph.
Some seeds break paragraphs across lines (002: `...成為普遍共識` / `[1]。作為...`; 004:
`...政府內外數` / `字資源...`); such lines are joined back. A line continues on the next one
when it ends in `,` or `、`, or when it is long (a heading or a header line is short) and
ends without closing punctuation; English continues when the next line starts in lower
case. Headings (`一、`, `(一)`, `1.`, `第一,`) always start their own line.
"""

from __future__ import annotations

import re

SPACES = re.compile(r"[ \t\u00a0\u3000]+")
CLOSING = set("。！？!?”’」』）)]】》:：;；….〓")  # 〓: lost, maybe the closing mark itself
ALWAYS_CONTINUES = set(",，、")
HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+\.|第[一二三四五六七八九十]+[,，、])")
LONG = 40  # characters; every heading and header line in the seeds is shorter


def _continues(line: str, following: str) -> bool:
    if HEADING.match(following):
        return False
    last = line[-1]
    if last in ALWAYS_CONTINUES:
        return True
    if last.isascii() and last.isalpha():
        return following[:1].isascii() and following[:1].islower()
    return last not in CLOSING and len(line) >= LONG and not last.isdigit()


def _join(line: str, following: str) -> str:
    if line[-1].isascii() and following[:1].isascii() and line[-1].isalnum() and following[:1].isalnum():
        return f"{line} {following}"
    if line[-1] == "," and following[:1].isascii() and following[:1].isalpha():
        return f"{line} {following}"
    return line + following


def tidy_lines(text: str) -> list[str]:
    """Lines with white space collapsed and trimmed, blank ones gone (no joining)."""
    lines = (SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return [line for line in lines if line]


def rebuild_paragraphs(text: str) -> tuple[str, int]:
    """One paragraph per line; returns the text (no trailing newline) and the joins made."""
    out: list[str] = []
    joins = 0
    for line in tidy_lines(text):
        if out and _continues(out[-1], line):
            out[-1] = _join(out[-1], line)
            joins += 1
        else:
            out.append(line)
    return "\n".join(out), joins
