"""Hierarchies may not loop: nothing is, through any chain of claims, part of itself.

A hierarchy is a transitive property of the ontology (partOf, subOrganizationOf, withinRegion,
precedes and their inverses), or a standard term that is hierarchical in its own vocabulary.
A claim of any property is a link of a hierarchy when the ontology's sub-property and inverse
axioms make it one: `memberOf` is a `partOf` link, `hasMember` one the other way round,
`nextStage` a `precedes` link. A cycle of such links is an error at one of its claims; the
reasoner would accept it and make every entity on it part of itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

import networkx as nx
from rdflib import URIRef
from rdflib.namespace import ORG, SKOS

from graph_build.errors import RecordError
from ontology import OntologyIndex, curie

# Declared by the ontology, whose axioms it does not import: SKOS makes skos:broader a
# sub-property of the transitive skos:broaderTransitive; ORG declares
# org:transitiveSubOrganizationOf transitive.
STANDARD_HIERARCHIES = (SKOS.broader, ORG.transitiveSubOrganizationOf)


@dataclass(frozen=True)
class Link:
    """One object-property statement of a claim, where the curator wrote it."""

    subject: str
    prop: URIRef
    target: str
    file: str
    line: int
    field: str

    @property
    def place(self) -> str:
        return f"{self.file}:{self.line}"


def hierarchies(index: OntologyIndex) -> list[URIRef]:
    declared = set(index.properties)
    return sorted(index.transitive | {term for term in STANDARD_HIERARCHIES if term in declared})


def implied_links(prop: URIRef, index: OntologyIndex) -> set[tuple[URIRef, bool]]:
    """Every property a link of `prop` is also a link of, and whether in the same direction."""
    seen: set[tuple[URIRef, bool]] = set()
    todo = [(prop, True)]
    while todo:
        state = todo.pop()
        if state in seen:
            continue
        seen.add(state)
        term, forward = state
        todo.extend((parent, forward) for parent in index.superproperties(term))
        todo.extend((inverse, not forward) for inverse in index.inverses(term))
    return seen


def link_graph(hierarchy: URIRef, links: Iterable[Link], implied: dict[URIRef, set[tuple[URIRef, bool]]]) -> nx.DiGraph:
    """The hierarchy's links as edges in its own direction; the first claim of each edge is kept."""
    graph = nx.DiGraph()
    for link in links:
        for prop, forward in implied[link.prop]:
            if prop != hierarchy:
                continue
            start, end = (link.subject, link.target) if forward else (link.target, link.subject)
            if not graph.has_edge(start, end):
                graph.add_edge(start, end, link=link, forward=forward)
    return graph


def loops(graph: nx.DiGraph) -> Iterable[nx.DiGraph]:
    """Each group of entities that reach one another through the links (a strongly connected
    component with a cycle), as a subgraph."""
    for component in nx.strongly_connected_components(graph):
        first = next(iter(component))
        if len(component) > 1 or graph.has_edge(first, first):
            yield graph.subgraph(component)


def one_cycle(loop: nx.DiGraph) -> list[tuple[str, str]]:
    """The shortest cycle through the loop's first claim in file order, as edges."""
    start, end = min(loop.edges, key=lambda edge: _in_file_order(loop.edges[edge]["link"]))
    nodes = [start, *nx.shortest_path(loop, end, start)]
    return list(pairwise(nodes))


def _in_file_order(link: Link) -> tuple[str, int]:
    return link.file, link.line


def cycle_error(hierarchy: URIRef, loop: nx.DiGraph, index: OntologyIndex) -> RecordError:
    edges = one_cycle(loop)
    links: list[Link] = [loop.edges[edge]["link"] for edge in edges]
    path = " → ".join([start for start, _ in edges] + [edges[0][0]])
    kind = "a transitive property" if hierarchy in index.transitive else "a hierarchy"
    return RecordError(
        links[0].file,
        links[0].line,
        links[0].field,
        f"cycle {path} in {curie(hierarchy)} ({kind}): a hierarchy may not lead back to where it starts; "
        f"the links are stated at {', '.join(link.place for link in links)}",
    )


def hierarchy_cycles(links: list[Link], index: OntologyIndex) -> list[RecordError]:
    """One error per loop. A loop seen in several hierarchies (partOf and its inverse hasPart)
    is reported once, in the hierarchy most of its claims are written in, and on a tie the one
    the claim it is reported at is written in."""
    ordered = sorted(links, key=_in_file_order)
    implied = {prop: implied_links(prop, index) for prop in {link.prop for link in links}}
    found: dict[frozenset[str], list[tuple[tuple[int, bool, bool, str], URIRef, nx.DiGraph]]] = defaultdict(list)
    for hierarchy in hierarchies(index):
        for loop in loops(link_graph(hierarchy, ordered, implied)):
            edges = [data for _, _, data in loop.edges(data=True)]
            written_forward = sum(1 for data in edges if data["forward"])
            first = min(edges, key=lambda data: _in_file_order(data["link"]))
            preference = (-written_forward, not first["forward"], hierarchy not in index.transitive, curie(hierarchy))
            found[frozenset(loop.nodes)].append((preference, hierarchy, loop))
    errors = []
    for candidates in found.values():
        _, hierarchy, loop = min(candidates, key=lambda candidate: candidate[0])
        errors.append(cycle_error(hierarchy, loop, index))
    return sorted(errors, key=lambda error: (str(error.file), error.line or 0))
