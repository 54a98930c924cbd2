"""Blank nodes relabelled from their content, so two parses of the same data (or two builds of
the same input) get the same labels: a parser's fresh blank-node ids would otherwise make every
export differ byte for byte."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

from rdflib import BNode
from rdflib.term import Node

Quad = tuple[Node, Node, Node, Node | None]


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def canonical_quads(quads: Iterable[Quad]) -> list[Quad]:
    """The quads with every blank node renamed ``b`` + a hash of what it says (bottom-up) and of
    where it is referenced from (top-down), which is enough for the tree-shaped blank nodes of
    OWL axioms and RDF lists. Nodes identical in both respects are interchangeable, so numbering
    them in order of appearance still yields the same output."""
    quads = list(quads)
    outgoing: dict[BNode, list[Quad]] = defaultdict(list)
    incoming: dict[BNode, list[Quad]] = defaultdict(list)
    for quad in quads:
        s, _, o, _ = quad
        if isinstance(s, BNode):
            outgoing[s].append(quad)
        if isinstance(o, BNode):
            incoming[o].append(quad)
    nodes = set(outgoing) | set(incoming)
    if not nodes:
        return quads

    content: dict[BNode, str] = {}

    def content_of(node: BNode, path: frozenset[BNode]) -> str:
        if node in content:
            return content[node]
        if node in path:  # a cycle: stop here, the top-down pass still tells nodes apart
            return "cycle"
        rows = sorted(
            _digest(p.n3(), content_of(o, path | {node}) if isinstance(o, BNode) else o.n3(), g.n3() if g is not None else "")
            for _, p, o, g in outgoing[node]
        )
        content[node] = _digest("content", *rows)
        return content[node]

    context: dict[BNode, str] = {}

    def context_of(node: BNode, path: frozenset[BNode]) -> str:
        if node in context:
            return context[node]
        rows = sorted(
            _digest(
                context_of(s, path | {node})
                if isinstance(s, BNode) and s not in path
                else ("cycle" if isinstance(s, BNode) else s.n3()),
                p.n3(),
            )
            for s, p, _, _ in incoming[node]
        )
        context[node] = _digest("context", content_of(node, frozenset()), *rows)
        return context[node]

    labels: dict[BNode, BNode] = {}
    seen: dict[str, int] = defaultdict(int)
    for node in sorted(nodes, key=lambda n: context_of(n, frozenset())):
        key = context_of(node, frozenset())
        labels[node] = BNode(f"b{key[:16]}{'x' + str(seen[key]) if seen[key] else ''}")
        seen[key] += 1

    def relabel(term: Node | None) -> Node | None:
        return labels.get(term, term) if isinstance(term, BNode) else term

    return [(relabel(s), p, relabel(o), g) for s, p, o, g in quads]
