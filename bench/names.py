"""Synthetic names in every language the curated graph labels in.

An entity's number is written in a 24-character alphabet of the Thousand Character Classic
chosen so that no name holds a numeral (一, 万 …), a qualifier word (余, 多, 近 …) or an
enumeration marker (第, 是): the builder reads quotes for those, and a synthetic name must not
look like a number or a list item to it. Each character has its own pinyin syllable, so the
English and pinyin forms are as unique as the Chinese ones.
"""

from __future__ import annotations

from functools import cache

from opencc import OpenCC
from pypinyin import Style, lazy_pinyin

ALPHABET = "天地玄黄宇宙洪日月盈昃辰宿列张寒来暑往秋收冬藏闰"
# Characters that would make a label read as a number, a qualifier or a list marker.
UNSAFE = set("〇一二三四五六七八九十百千万亿零两壹贰叁肆伍陆柒捌玖拾余多近约超逾第是首次最下以上左右前后不足到满至少")
_TO_TRADITIONAL = OpenCC("s2t")


def code(number: int, width: int) -> str:
    """`number` in the alphabet, `width` characters wide (a fixed width: no name ends another)."""
    digits = []
    for _ in range(width):
        number, digit = divmod(number, len(ALPHABET))
        digits.append(ALPHABET[digit])
    return "".join(reversed(digits))


def width_for(count: int) -> int:
    width = 1
    while len(ALPHABET) ** width < count:
        width += 1
    return width


def safe(text: str) -> str:
    """A curated term's label with the characters the builder would read as numbers removed."""
    return "".join(ch for ch in text if ch not in UNSAFE)


@cache
def traditional(text: str) -> str:
    converted: str = _TO_TRADITIONAL.convert(text)
    return converted


@cache
def syllables(text: str) -> tuple[str, ...]:
    return tuple(lazy_pinyin(text, style=Style.TONE))


def pinyin(text: str) -> str:
    """Hanyu pinyin with tone marks, a word per character run (as pinyin labels are written)."""
    return " ".join(syllables(text))


def latin(text: str) -> str:
    """The code in toneless pinyin, for an English name: 天玄 -> Tian-Xuan."""
    return "-".join(s.capitalize() for s in lazy_pinyin(text))
