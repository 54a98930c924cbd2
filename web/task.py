"""What crosses the pipe to a query worker: one task. Its own module so that the HTTP process,
which only builds tasks, imports nothing of what a worker needs to run them (rdflib's parser,
the result writers)."""

from __future__ import annotations

from dataclasses import dataclass

# One header per term of the query the ontology lacks (an empty answer explained), ASCII as
# HTTP wants: anything else percent-encoded.
WARNING_HEADER = "X-Dgkg-Warning"


@dataclass(frozen=True)
class Task:
    query: str
    accept: str | None  # the client's Accept header
    format_name: str | None  # or a format asked for by name (?format=csv)
    cap: int  # at most this many solutions or triples
    default_graphs: tuple[str, ...] = ()  # the protocol's default-graph-uri (else: union of all graphs)
    named_graphs: tuple[str, ...] = ()  # the protocol's named-graph-uri (else: every graph)
