"""Mistakes in a query someone wrote, found and explained: where a syntax error really is.

Oxigraph reports the furthest point its parser reached, and its keyword rule consumes as many
characters as the keyword has before comparing them, so that point lies up to a keyword's
length *past* the mistake (``SELEC ?x WHERE`` fails "at 1:10, expected CONSTRUCT"), often on
the next line. The mistake is found instead by asking Oxigraph which prefixes of the query can
still begin a valid query: a prefix followed by a line of spaces and a character no token starts
with fails at that character when it is viable, and before it otherwise. The first token whose
inclusion makes the prefix unviable is the culprit, found by bisection over token starts.
"""

from __future__ import annotations

import difflib
import re
from functools import cache

import pyoxigraph as ox

from queries.sparqltext import DEFAULT_PREFIXES, blank_out, declared_prefixes, error_position, hidden_spans

# Past the longest keyword (14 characters), on a line of its own so that an unclosed string
# ends before it; \x01 starts no token, so a viable prefix fails exactly there.
_MARKER = "\n" + " " * 32 + "\x01"
_CHUNK = re.compile(r"[{}()\[\],;]|[^\s{}()\[\],;]+")
_BARE_WORD = re.compile(r"[A-Za-z_]+")
_STARTS_A_TRIPLE = re.compile(r"[?$<_\[(\"'\d]|[^\W\d][\w.-]*:|:")
_SENTENCE = re.compile(r"[A-Z][a-z]+(?: [\w-]+){2,}")  # Oxigraph's own words on a semantic error
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
SPARQL_KEYWORDS = frozenset(
    """
    BASE PREFIX SELECT DISTINCT REDUCED AS CONSTRUCT DESCRIBE ASK FROM NAMED WHERE GROUP BY HAVING ORDER
    ASC DESC LIMIT OFFSET VALUES LOAD SILENT INTO CLEAR DROP CREATE ADD MOVE COPY INSERT DATA DELETE WITH
    USING DEFAULT GRAPH ALL OPTIONAL SERVICE BIND UNDEF MINUS UNION FILTER A TRUE FALSE IN NOT EXISTS
    STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND CONCAT STRLEN UCASE LCASE
    ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY HOURS MINUTES SECONDS
    TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF STRLANG STRDT SAMETERM ISIRI
    ISURI ISBLANK ISLITERAL ISNUMERIC REGEX SUBSTR REPLACE COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT
    SEPARATOR LATERAL TRIPLE SUBJECT PREDICATE OBJECT ISTRIPLE
""".split()
)


def locate_syntax_error(text: str, message: str) -> tuple[int | None, int | None, str]:
    """(line, column, explanation) of the mistake behind Oxigraph's syntax error ``message``."""
    cuts = _cut_points(text)
    if _viable(text):
        return _unfinished(text, cuts, message)
    culprit = cuts[_last_viable(text, cuts)]
    word = _token_at(text, culprit)
    explained = _explain_token(text, culprit, word)
    if explained is not None:
        return (*_line_column(text, culprit), explained)
    before = _end_of_previous(text, culprit)
    if "\n" in text[before:culprit]:  # something is missing at the end of the line before
        return (*_line_column(text, before), _missing_at_end(text, culprit, word))
    return (*_line_column(text, culprit), f"unexpected {word!r}")


@cache
def _empty_store() -> ox.Store:
    return ox.Store()


def _viable(prefix: str) -> bool:
    """Whether ``prefix`` can begin a valid query."""
    probe = prefix + _MARKER
    try:
        _empty_store().query(probe, prefixes=DEFAULT_PREFIXES)
    except SyntaxError as error:
        line, column, _ = error_position(str(error))
        return line is not None and column is not None and _offset(probe, line, column) >= len(probe) - 1
    return True


def _cut_points(text: str) -> list[int]:
    """Where tokens start: strings and IRIs whole, comments skipped, punctuation on its own."""
    spans = hidden_spans(text)
    cuts = {m.start() for m in _CHUNK.finditer(blank_out(text))}
    cuts |= {start for start, _ in spans if text[start] != "#"}
    return sorted(cuts)


def _last_viable(text: str, cuts: list[int]) -> int:
    """The index of the last cut point whose prefix is viable (the text is not)."""
    low, high = 0, len(cuts)  # text[:cuts[low]] is viable; the whole text, cuts[len(cuts)], is not
    while high - low > 1:
        middle = (low + high) // 2
        if _viable(text[: cuts[middle]]):
            low = middle
        else:
            high = middle
    return low


def _token_at(text: str, at: int) -> str:
    for start, stop in hidden_spans(text):
        if start == at:
            return text[start:stop]
    chunk = _CHUNK.match(blank_out(text), at)
    return text[at : chunk.end()] if chunk else text[at : at + 1]


def _explain_token(text: str, at: int, word: str) -> str | None:
    """What is wrong with the token itself, when that is the mistake."""
    if word[0] in "\"'" and not any(start == at for start, _ in hidden_spans(text)):
        return "the string opened here is not closed on its line"
    if word.upper() in UPDATE_KEYWORDS:
        return f"{word} is SPARQL Update; the graph is read-only (SELECT, ASK, CONSTRUCT and DESCRIBE queries)"
    if _BARE_WORD.fullmatch(word) and word.upper() not in SPARQL_KEYWORDS:
        close = difflib.get_close_matches(word.upper(), SPARQL_KEYWORDS, n=1, cutoff=0.6)
        return f"unknown keyword {word!r}" + (f"; did you mean {close[0]}?" if close else "")
    prefix, colon, _ = word.partition(":")
    if colon and prefix.isidentifier() and prefix not in {**DEFAULT_PREFIXES, **declared_prefixes(text)}:
        return (
            f"undefined prefix '{prefix}:' (declare it with PREFIX, or use one of dgkg's: "
            f"{', '.join(list(DEFAULT_PREFIXES)[:6])}, ...)"
        )
    return None


def _missing_at_end(text: str, culprit: int, word: str) -> str:
    blank = blank_out(text[:culprit])
    unclosed = blank.count("(") - blank.count(")")
    if unclosed > 0:
        guess = " (an unclosed '(')"
    elif _STARTS_A_TRIPLE.match(word):
        guess = " (a '.' between two triples?)"
    else:
        guess = ""
    return f"something is missing at the end of this line{guess}: the next line's {word!r} cannot follow it"


def _unfinished(text: str, cuts: list[int], message: str) -> tuple[int | None, int | None, str]:
    """The whole text is a viable beginning: the query stops short, or breaks a rule Oxigraph
    checks on the finished query (a variable projected twice, say), which its message names."""
    blank = blank_out(text)
    missing = [closer for opener, closer in ("{}", "()", "[]") if blank.count(opener) > blank.count(closer)]
    if missing:
        end = len(text.rstrip())
        return (
            *_line_column(text, end),
            f"the query ends before it is complete: {' and '.join(repr(closer) for closer in reversed(missing))} missing",
        )
    sentence = _SENTENCE.search(message)
    if sentence:
        return None, None, sentence.group()
    return error_position(message)


def _end_of_previous(text: str, at: int) -> int:
    """Where the token before ``at`` ends (comments count as space)."""
    blank = blank_out(text[:at])
    spans = hidden_spans(text[:at])
    end = len(blank.rstrip())
    for start, stop in spans:  # a string or IRI is blank in ``blank`` but is a token
        if text[start] != "#" and stop > end:
            end = stop
    return end


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters, as Oxigraph counts) of an offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _offset(text: str, line: int, column: int) -> int:
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    return start + column - 1
