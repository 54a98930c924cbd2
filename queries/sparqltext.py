"""Just enough SPARQL lexing to bind parameters and police the endpoint, without a full parser.

Oxigraph parses queries but exposes no syntax tree to Python, and the endpoint must decide some
things before a query reaches a worker (is it an update? does it call SERVICE?). Comments,
strings and IRIs are blanked out first (same length, newlines kept), so a keyword inside a
label or an IRI never counts and positions still point into the user's text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ontology import PREFIXES

# Predeclared in every query (as many endpoints do), so `dgo:memberOf` works without PREFIX lines.
DEFAULT_PREFIXES = dict(PREFIXES)

_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_LONG_STRING = re.compile(r"'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\"", re.S)
_SHORT_STRING = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"")
# A prefixed name whose local part holds an escape (PN_LOCAL_ESC: ``ex:a\#``, ``ex:a\'``): the
# escaped character is part of the name, so it must open neither a comment nor a string. It starts
# only where a name can start, so a long run of name characters is scanned once, not once per character.
_ESCAPED_NAME = re.compile(
    r"(?<![\w.:%\\-])(?:[^\W\d][\w.-]*)?:(?:[\w.:%-]|\\[_~.!$&'()*+,;=/?#@%-])*\\[_~.!$&'()*+,;=/?#@%-]"
    r"(?:[\w.:%-]|\\[_~.!$&'()*+,;=/?#@%-])*"
)
# One pass over the text: the first alternative that matches at a position wins, so a '#'
# inside a string or an IRI is not a comment, and quotes inside a comment open no string.
_HIDDEN = re.compile("|".join(f"(?:{p.pattern})" for p in (_LONG_STRING, _SHORT_STRING, _IRI, _ESCAPED_NAME)) + r"|#[^\n]*", re.S)
_SPACES = re.compile(r"[^\n]")
_KEYWORD = re.compile(r"(?<![\w:?$@-])([A-Za-z]+)(?![\w:-])")
_READ_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_UPDATE_FORMS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_PROLOGUE = {"PREFIX", "BASE"}
_PREFIX_DECLARED = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:", re.I)
_ERROR_POSITION = re.compile(r"(?:error )?at (?:line )?(\d+)(?::| between columns | column )(\d+)")
# A prefixed name (PNAME_LN), starting only where a name can start (so a run of name characters
# is scanned once); its local part does not end with '.', which ends the triple instead.
_PREFIXED_NAME = re.compile(r"(?<![\w.:%\\?$-])([^\W\d][\w.-]*)?:((?:[\w:%-]|\.(?=[\w:%-]))+)")
_PREFIX_IRI = re.compile(r"\s*<([^<>\"{}|^`\\\x00-\x20]*)>")


def blank_out(text: str) -> str:
    """The query with comments, strings and IRIs replaced by spaces (newlines kept)."""
    return _HIDDEN.sub(lambda m: _SPACES.sub(" ", m.group()), text)


def hidden_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every comment, string and IRI of the query, in order."""
    return [m.span() for m in _HIDDEN.finditer(text)]


def prefixed_names(text: str) -> list[tuple[str, str, int]]:
    """(prefix, local name, offset) of every prefixed name outside strings, IRIs and comments."""
    return [(m.group(1) or "", m.group(2), m.start()) for m in _PREFIXED_NAME.finditer(blank_out(text))]


def declared_prefixes(text: str) -> dict[str, str]:
    """The namespaces the query's own PREFIX lines declare, by prefix."""
    declared = {}
    for match in _PREFIX_DECLARED.finditer(blank_out(text)):
        iri = _PREFIX_IRI.match(text, match.end())
        if iri:
            declared[match.group(1) or ""] = iri.group(1)
    return declared


def keywords(text: str) -> list[tuple[str, int]]:
    """Bare words of the query (upper-cased) with their offsets, outside strings, IRIs, names."""
    return [(m.group(1).upper(), m.start(1)) for m in _KEYWORD.finditer(blank_out(text))]


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; "UPDATE" for any SPARQL Update; None if unrecognised."""
    words = keywords(text)
    for word, _ in words:  # prefix names and IRIs are not words here, so only keywords remain
        if word in _PROLOGUE:
            continue
        if word in _READ_FORMS:
            return word
        return "UPDATE" if word in _UPDATE_FORMS else None
    return None


def calls_service(text: str) -> bool:
    """True if the query contains a federated SERVICE clause."""
    return any(word == "SERVICE" for word, _ in keywords(text))


@lru_cache(maxsize=64)
def where_group(text: str) -> int | None:
    """Offset of the ``{`` that opens the query's outermost WHERE group, or None if it has none.

    A value bound there constrains the whole query, aggregates included; a VALUES clause
    appended after the query would join *after* GROUP BY and leave a COUNT unfiltered.
    Remembered for the last texts: a library question is bound again at every run, and lexing
    it takes half a millisecond, ten times a small question's own query.
    """
    blank = blank_out(text)
    form = query_form(text)
    wheres = {offset for word, offset in keywords(text) if word == "WHERE"}
    depth = 0
    seen_where = False
    template_done = form != "CONSTRUCT"
    for index, ch in enumerate(blank):
        if index in wheres and depth == 0:
            seen_where = True
        elif ch == "{":
            if depth == 0 and (seen_where or (template_done and form in {"SELECT", "ASK"})):
                return index
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                template_done = True
    return None


def inject_values(text: str, bindings: dict[str, str]) -> str:
    """The query with ``VALUES ?name { term }`` opening its WHERE group, one per binding.

    The clauses go on the same line as the brace, so line numbers of errors stay the user's.
    """
    if not bindings:
        return text
    brace = where_group(text)
    if brace is None:
        raise ValueError("the query has no WHERE group to bind parameters in")
    clauses = " ".join(f"VALUES ?{name} {{ {term} }}" for name, term in bindings.items())
    return f"{text[: brace + 1]} {clauses} {text[brace + 1 :]}"


def declare_prefixes(text: str, prefixes: dict[str, str]) -> str:
    """The query with PREFIX lines for the given prefixes it does not declare itself.

    For endpoints other than the embedded store (which takes default prefixes as an argument),
    so that a query written against dgkg's predeclared prefixes runs anywhere. The lines go on
    the query's first line, so error line numbers stay the user's.
    """
    declared = {name or "" for name in _PREFIX_DECLARED.findall(blank_out(text))}
    missing = " ".join(f"PREFIX {name}: <{iri}>" for name, iri in prefixes.items() if name not in declared)
    return f"{missing} {text}" if missing else text


def error_position(message: str) -> tuple[int | None, int | None, str]:
    """(line, column, rest of the message) from an Oxigraph syntax error message."""
    match = _ERROR_POSITION.search(message)
    if not match:
        return None, None, message
    detail = message[match.end() :].lstrip(" :,")
    if "Prefix not found" in detail:
        detail = "undefined prefix (declare it with PREFIX, or use one of dgkg's: dgo, dgr, skos, rdfs, prov, ...)"
    return int(match.group(1)), int(match.group(2)), detail or message
