"""What the endpoint lets a query be, decided on its parse tree, inside a worker.

A keyword lexer of our own was bypassed (an escaped character in a prefixed name hid the rest
of a line from it, not from the engine), so the decision is made on the query as a SPARQL 1.1
grammar reads it: rdflib's parser, which yields the query's syntax tree. It runs in the worker,
never in the server: parsing recurses per nesting level, and a client's text must not be able
to take the server down (web.sandbox gives the worker's thread a deep stack).

Pyoxigraph exposes no syntax tree, so two parsers read each query. Where rdflib cannot parse a
query the engine might still accept (rdflib's grammar lacks a few escapes of SPARQL 1.1, and
Oxigraph's extensions), the keyword lexer (queries.sparqltext) still refuses any SERVICE it
sees, and the query runs only in a worker that cannot reach the network; an unconfined worker
refuses it.

A verdict is a function of the text alone when rdflib read it (``Verdict.clean``): the server
then remembers the text (web.app.CleanTexts) and marks its later tasks checked, so each text
is parsed once for all the workers, not once per worker. Only the worker ever parses; the
server keeps strings it compares for equality.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from web.outcome import Outcome, plain
from web.protocol import READ_ONLY
from queries import calls_service

NO_SERVICE = "federated queries are refused: this endpoint does not follow SERVICE"
# rdflib raises ValueError for a \\U escape beyond Unicode (found by the fuzzer)
_UNREADABLE = (ParseBaseException, RecursionError, ValueError)


@dataclass(frozen=True)
class Verdict:
    refusal: Outcome | None  # why the query may not run here (an outcome to send), or None if it may
    clean: bool  # rdflib read it as a query without SERVICE: every worker decides the same, confined or not


def refusal(query: str, network_isolated: bool) -> Outcome | None:
    """Why ``query`` may not run here (an outcome to send), or None if it may."""
    return verdict(query, network_isolated).refusal


def verdict(query: str, network_isolated: bool) -> Verdict:
    if len(query) <= CACHED_LENGTH:
        return _remembered_verdict(query, network_isolated)
    return _verdict(query, network_isolated)


# Parsing takes 13-40 ms for a library question, most of an answer's time; clients repeat
# their queries, so each worker remembers its recent decisions (short texts only: bounded
# memory), and the server remembers which texts were clean (web.app), for every worker.
CACHED_LENGTH = 8_000


@lru_cache(maxsize=512)
def _remembered_verdict(query: str, network_isolated: bool) -> Verdict:
    return _verdict(query, network_isolated)


def _verdict(query: str, network_isolated: bool) -> Verdict:
    try:
        tree = parseQuery(query)
    except _UNREADABLE as error:
        if _is_update(query):
            return Verdict(plain(403, READ_ONLY), False)
        if calls_service(query):
            return Verdict(plain(403, NO_SERVICE), False)
        if network_isolated:
            return Verdict(None, False)  # the engine gives the syntax error (with its position), or runs it cut off
        why = f"the query could not be checked (SPARQL syntax, as rdflib reads it): {_first_line(error)}"
        return Verdict(plain(400, why), False)
    if _calls_service(tree):
        return Verdict(plain(403, NO_SERVICE), False)
    return Verdict(None, True)


def _is_update(query: str) -> bool:
    try:
        parseUpdate(query)
    except _UNREADABLE:
        return False
    return True


def _calls_service(tree: ParseResults) -> bool:
    """Whether a SERVICE pattern occurs anywhere in the tree (iteratively: trees can be deep)."""
    stack: list[object] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            stack.extend(node.values())
        elif isinstance(node, (ParseResults, list, tuple)):
            stack.extend(node)
    return False


def _first_line(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text.splitlines()[0]
