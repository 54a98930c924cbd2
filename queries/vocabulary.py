"""Terms a query uses that the ontology does not have: a misspelt term matches nothing, so the
query answers with no rows and no error. ``unknown_terms(text)`` names each such term, with the
ontology's nearest one:

    >>> unknown_terms("SELECT ?m WHERE { ?m dgo:memberof ?g }")
    ['unknown term dgo:memberof — did you mean dgo:memberOf?']

Every term of the ontology's own namespace (dgo:) is declared in the ontology, so any other is
a mistake. The standard vocabularies (skos:, prov:, schema:, ...) have terms the ontology does
not mention and a query may still use, so a term there is flagged only when it is a near miss
of one the ontology has (skos:preflabel). Terms are found with the project's SPARQL lexer, in
one linear scan, never a parse: endpoint workers run this on any text a client sends.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from functools import cache

import pyoxigraph as ox

from ontology import DEFAULT_RESOURCE_BASE, MODULES_DIR, PREFIXES
from queries.sparqltext import DEFAULT_PREFIXES, declared_prefixes, hidden_spans, prefixed_names

OWN_NAMESPACE = PREFIXES["dgo"]
# Namespaces whose terms are checked: the ontology's and the standard ones it aligns to, not
# the resources it describes.
CHECKED = tuple(ns for ns in DEFAULT_PREFIXES.values() if ns != DEFAULT_RESOURCE_BASE)
CLOSE_IN_OWN, CLOSE_IN_STANDARD = 0.6, 0.85  # difflib ratios for a suggestion, and for a near miss
MOST_WARNINGS = 10  # a query of many unknown terms costs a bounded number of comparisons


@cache
def ontology_terms() -> dict[str, frozenset[str]]:
    """Namespace -> local names of every IRI the ontology mentions, read once per process from
    its Turtle modules (a few milliseconds)."""
    terms: dict[str, set[str]] = {}
    for path in sorted(MODULES_DIR.glob("*.ttl")):
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            for term in (quad.subject, quad.predicate, quad.object):
                namespace = _namespace(term.value) if isinstance(term, ox.NamedNode) else None
                if namespace is not None:
                    terms.setdefault(namespace, set()).add(term.value[len(namespace) :])
    return {namespace: frozenset(names) for namespace, names in terms.items()}


@cache
def _folded(namespace: str) -> dict[str, str]:
    """Case-folded local name -> local name, so that a slip of case is matched first."""
    return {name.casefold(): name for name in sorted(ontology_terms().get(namespace, ()))}


def unknown_terms(text: str) -> list[str]:
    """A warning for each distinct term of ``text`` (prefixed or a full IRI) that the ontology
    does not have, naming its nearest term when there is one; at most MOST_WARNINGS of them."""
    warnings: list[str] = []
    more = 0
    for written, namespace, local in dict.fromkeys(_terms(text)):
        if len(warnings) < MOST_WARNINGS:
            warnings += filter(None, [_warning(written, namespace, local)])
        elif namespace == OWN_NAMESPACE and local not in ontology_terms().get(namespace, ()):
            more += 1  # counted without looking for the nearest term
    if more:
        warnings.append(f"... and {more} more unknown term(s) of the ontology's namespace")
    return warnings


def _namespace(iri: str) -> str | None:
    """The checked namespace an IRI is in (the longest, as one may contain another)."""
    return max((ns for ns in CHECKED if iri.startswith(ns)), key=len, default=None)


def _terms(text: str) -> Iterator[tuple[str, str, str]]:
    """(as written, namespace, local name) of every term of a checked namespace in ``text``."""
    prefixes = {**DEFAULT_PREFIXES, **declared_prefixes(text)}
    for prefix, local, _ in prefixed_names(text):
        iri = prefixes.get(prefix, "") + local
        namespace = _namespace(iri) if prefix in prefixes else None
        if namespace is not None:
            yield f"{prefix}:{local}", namespace, iri[len(namespace) :]
    for start, end in hidden_spans(text):
        iri = text[start + 1 : end - 1] if text[start] == "<" else ""
        namespace = _namespace(iri)
        if namespace is not None and not _declares(text, start):
            yield f"<{iri}>", namespace, iri[len(namespace) :]


def _declares(text: str, start: int) -> bool:
    """Whether the IRI at ``start`` is a namespace in a PREFIX or BASE line, not a term. Only
    the white space before it is read, so all the IRIs of a query cost one pass."""
    before = start
    while before > 0 and text[before - 1].isspace():
        before -= 1
    return text[before - 1 : before] == ":" or text[max(before - 4, 0) : before].upper() == "BASE"


def _warning(written: str, namespace: str, local: str) -> str | None:
    if not local or local in ontology_terms().get(namespace, ()):
        return None
    own = namespace == OWN_NAMESPACE
    folded = _folded(namespace)
    close = difflib.get_close_matches(local.casefold(), folded, n=1, cutoff=CLOSE_IN_OWN if own else CLOSE_IN_STANDARD)
    if not close and not own:
        return None  # a standard term the ontology has no use for, not a slip
    meant = f" — did you mean {_written_as(written, local, folded[close[0]])}?" if close else ""
    return f"unknown term {written}{meant}"


def _written_as(written: str, local: str, meant: str) -> str:
    """The suggestion written the way the user wrote the term (prefixed or as a full IRI)."""
    return (
        written[: len(written) - len(local) - (1 if written.endswith(">") else 0)]
        + meant
        + (">" if written.endswith(">") else "")
    )
