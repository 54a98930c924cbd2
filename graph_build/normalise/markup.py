"""HTML debris: tags (the scrapes carry nested empty tags with ids) and character entities."""

from __future__ import annotations

import html
import re

BREAK = re.compile(r"</p\s*>|<br\s*/?>|</div\s*>", re.IGNORECASE)  # block ends: a paragraph ends there
TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>\n]*)?/?>")
ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def strip_markup(text: str) -> tuple[str, int, int]:
    """Remove tags and decode entities; returns the text, tags removed, entities decoded."""
    text, breaks = BREAK.subn("\n", text)
    text, tags = TAG.subn("", text)
    tags += breaks
    entities = 0

    def decode(match: re.Match[str]) -> str:
        nonlocal entities
        decoded = html.unescape(match.group(0))
        if decoded == match.group(0):
            return decoded  # not an entity html knows: leave it as written
        entities += 1
        return decoded

    text = ENTITY.sub(decode, text)
    return text, tags, entities
