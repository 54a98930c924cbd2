"""Finding a curator's quote in a normalised source text.

Curators type quotes in either script and with whatever spacing; the sources mix traditional
and simplified script and full- and half-width punctuation. Both sides are folded the same way
(OpenCC traditional-to-simplified, character by character so positions stay aligned; Unicode
NFKC; white space dropped), the match is found in folded space, and the *original* span of the
source is returned: what the graph stores as the quote is always the source's own text.

A normalised text has one paragraph per line, and a quote is cited by its paragraph, so a
quote must lie within one: the newline that ends a paragraph is the one white space kept in
the folded text, where no folded quote can match across it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache


@cache
def _to_simplified() -> Callable[[str], str]:
    """OpenCC's traditional-to-simplified conversion, made when first needed: importing and
    loading it takes 15 ms, which a command that folds nothing (`dgkg query NAME`) need not pay."""
    import opencc

    return opencc.OpenCC("t2s.json").convert


@cache
def fold_char(ch: str) -> str:
    """One character folded to simplified script and NFKC width; white space folds to ''."""
    if ch.isspace():
        return ""
    return unicodedata.normalize("NFKC", _to_simplified()(ch)).casefold()


class _FoldTable(dict[int, str]):
    """fold_char by code point, for str.translate: each character is folded when first met."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_char(chr(code))
        return folded


_FOLDED = _FoldTable()


def fold(text: str) -> str:
    return text.translate(_FOLDED)  # one pass in C: a generator joined per character cost 4x


PARAGRAPH_END = "\n"


@dataclass(frozen=True)
class FoldedText:
    """A text folded for matching, with a map from folded positions back to the original.

    `folded` keeps each paragraph's closing newline, so a match never spans two paragraphs."""

    original: str
    folded: str
    origin: tuple[int, ...]  # origin[i] = index in `original` of folded character i

    @classmethod
    def of(cls, text: str) -> FoldedText:
        folded: list[str] = []
        origin: list[int] = []
        for index, ch in enumerate(text):
            for piece in ch if ch == PARAGRAPH_END else fold_char(ch):
                folded.append(piece)
                origin.append(index)
        return cls(text, "".join(folded), tuple(origin))

    @cached_property
    def joined(self) -> tuple[str, tuple[int, ...]]:
        """The folded text with the paragraph breaks dropped too, and its origin map: only to
        tell a quote that runs over a break from one that is not in the text at all."""
        kept = [i for i, ch in enumerate(self.folded) if ch != PARAGRAPH_END]
        return "".join(self.folded[i] for i in kept), tuple(self.origin[i] for i in kept)

    def paragraph_of(self, index: int) -> int:
        """1-based paragraph (line) of the original text holding character `index`."""
        return self.original.count(PARAGRAPH_END, 0, index) + 1


@dataclass(frozen=True)
class QuoteMatch:
    exact: str  # the source's own text for the quote
    paragraph: int  # 1-based line number of the normalised text where the quote starts

    @property
    def locator(self) -> str:
        return f"¶{self.paragraph}"


def find_quote(source: FoldedText, quote: str) -> QuoteMatch | None:
    needle = fold(quote)
    if not needle:
        return None
    start = source.folded.find(needle)
    if start < 0:
        return None
    begin = source.origin[start]
    end = source.origin[start + len(needle) - 1] + 1
    exact = source.original[begin:end]
    return QuoteMatch(exact=exact, paragraph=source.paragraph_of(begin))


def paragraphs_spanned(source: FoldedText, quote: str) -> tuple[int, int] | None:
    """The first and last paragraph of a quote that is in the text only across a paragraph
    break (find_quote refuses it), or None."""
    needle = fold(quote)
    joined, origin = source.joined
    start = joined.find(needle) if needle else -1
    if start < 0:
        return None
    return source.paragraph_of(origin[start]), source.paragraph_of(origin[start + len(needle) - 1])


def closest_passage(source: FoldedText, quote: str, width: int = 12) -> str | None:
    """The source passage sharing the longest opening with the quote, to help fix a typo."""
    needle = fold(quote)
    for size in range(min(len(needle), width), 3, -1):
        start = source.folded.find(needle[:size])
        if start >= 0:
            begin = source.origin[start]
            return source.original[begin : begin + len(quote) + 4].split("\n")[0]
    return None


PINYIN_MEMO = 1 << 19  # labels: more than a million-triple graph has; bounded for a long-running server


def latin_key(text: str) -> str:
    """Lower-case ASCII letters and digits only: tone marks, spaces and apostrophes dropped."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalnum())


@lru_cache(maxsize=PINYIN_MEMO)
def pinyin_key(text: str) -> str:
    """Chinese as people type it in pinyin: toneless, unspaced, ü as u. The one spelling rule
    for every search box: the explorer's keys and the command line's matching. Memoised, since
    a build spells each label twice, for the label file and for the explorer's keys (pypinyin
    takes a tenth of a millisecond a label: tens of seconds at a million triples).

    >>> pinyin_key("浙里办"), pinyin_key("绿码")
    ('zheliban', 'luma')
    """
    from pypinyin import Style, lazy_pinyin  # imported when first needed: loading its dictionaries takes a while

    return latin_key("".join(lazy_pinyin(text, style=Style.NORMAL, v_to_u=True)))
