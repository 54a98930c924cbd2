"""N-Triples, N-Quads, Turtle and TriG written from sorted quads by hand, because rdflib's
serialisers order subjects and blank nodes by hash and so differ between runs; writing the
sorted input in order is what makes the files byte-identical."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import groupby

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from publish.canonical import Quad

_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _escape(text: str) -> str:
    return "".join(_ESCAPES.get(ch, ch if ord(ch) >= 0x20 and ch != "\x7f" else f"\\u{ord(ch):04X}") for ch in text)


class Terms:
    """Term syntax shared by the four formats: full IRIs in N-Triples/N-Quads, prefixed names
    (when the local part is plainly safe) in Turtle/TriG."""

    def __init__(self, prefixes: dict[str, str] | None = None) -> None:
        # longest namespace first, so dgr:claim/… never shadows a longer binding
        self.prefixes = sorted((prefixes or {}).items(), key=lambda item: (-len(item[1]), item[0]))

    def iri(self, iri: str) -> str:
        for prefix, namespace in self.prefixes:
            if iri.startswith(namespace) and _LOCAL.match(iri[len(namespace) :]):
                return f"{prefix}:{iri[len(namespace) :]}"
        return "<" + iri.replace(">", "%3E") + ">"

    def term(self, node: Node) -> str:
        if isinstance(node, URIRef):
            return self.iri(str(node))
        if isinstance(node, BNode):
            return f"_:{node}"
        assert isinstance(node, Literal)
        text = f'"{_escape(str(node))}"'
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype and node.datatype != XSD.string:
            return f"{text}^^{self.iri(str(node.datatype))}"
        return text


def ntriples(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    """Lines sorted as text, so `sort` and `diff` agree with the file."""
    terms = Terms()
    return "".join(sorted(f"{terms.term(s)} {terms.term(p)} {terms.term(o)} .\n" for s, p, o in triples))


def nquads(quads: Iterable[Quad]) -> str:
    terms = Terms()
    return "".join(
        sorted(
            f"{terms.term(s)} {terms.term(p)} {terms.term(o)}{'' if g is None else ' ' + terms.term(g)} .\n"
            for s, p, o, g in quads
        )
    )


def _header(prefixes: dict[str, str]) -> str:
    return "".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in sorted(prefixes.items())) + "\n"


def _blocks(triples: list[tuple[Node, Node, Node]], terms: Terms, indent: str) -> Iterator[str]:
    """One block per subject, rdf:type first ('a'), objects grouped per predicate."""
    for subject, rows in groupby(triples, key=lambda t: t[0]):
        ordered = sorted(rows, key=lambda t: (t[1] != RDF.type, t[1].n3(), t[2].n3()))
        parts = []
        for predicate, objects in groupby(ordered, key=lambda t: t[1]):
            verb = "a" if predicate == RDF.type else terms.term(predicate)
            values = f" ,\n{indent}        ".join(terms.term(o) for _, _, o in objects)
            parts.append(f"{verb} {values}")
        yield f"{indent}{terms.term(subject)}\n{indent}    " + f" ;\n{indent}    ".join(parts) + " .\n"


def turtle(triples: list[tuple[Node, Node, Node]], prefixes: dict[str, str]) -> str:
    """Turtle from triples sorted by subject."""
    terms = Terms(prefixes)
    return _header(prefixes) + "\n".join(_blocks(triples, terms, ""))


def trig(quads: list[Quad], prefixes: dict[str, str]) -> str:
    """TriG from quads sorted by graph then subject: the default graph first, then each named graph."""
    terms = Terms(prefixes)
    out = [_header(prefixes)]
    for graph, rows in groupby(quads, key=lambda q: q[3]):
        triples = [(s, p, o) for s, p, o, _ in rows]
        if graph is None:
            out.append("\n".join(_blocks(triples, terms, "")) + "\n")
        else:
            out.append(f"{terms.term(graph)} {{\n" + "\n".join(_blocks(triples, terms, "    ")) + "}\n\n")
    return "".join(out)
