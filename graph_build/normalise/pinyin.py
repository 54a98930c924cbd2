"""Stripping the pinyin the publishing site wrote after characters: `數(shù)` -> `數`.

An annotation is a parenthesised pinyin syllable *with a tone mark*, right after a Han
character (or after 〓, a character the mojibake repair could not recover): `(shù)`, `(zhuǎn)`, also with
full-width parentheses `（shù）`. Parenthesised text
that is not a toned syllable stays: `(PatrickDunleavy)`, `(2017-2020)`, `(通訊作者)`, `(Perri6)`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pypinyin import Style, pinyin

TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
SYLLABLE = rf"[a-zü]{{0,5}}[{TONED}][a-zü]{{0,5}}"
ANNOTATION = re.compile(rf"(?<=[{HAN}〓])(?:\(({SYLLABLE})\)|（({SYLLABLE})）)")


@lru_cache(maxsize=None)
def _readings(ch: str) -> frozenset[str]:
    return frozenset(pinyin(ch, style=Style.TONE, heteronym=True)[0])


def strip_pinyin(text: str) -> tuple[str, int, int]:
    """Remove the annotations; returns the text, how many, and how many did not match their
    character's known readings (counted for the report, removed all the same: a toned
    syllable in parentheses after a character is never the author's text)."""
    count = 0
    mismatched = 0

    def drop(match: re.Match[str]) -> str:
        nonlocal count, mismatched
        count += 1
        syllable = match.group(1) or match.group(2)
        if text[match.start() - 1] != "〓" and syllable not in _readings(text[match.start() - 1]):
            mismatched += 1
        return ""

    return ANNOTATION.sub(drop, text), count, mismatched
