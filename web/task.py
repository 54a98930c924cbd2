"""What crosses the pipe between the server and a query worker: a task, and its reply. Their own
module so that the HTTP process, which only builds tasks, imports nothing of what a worker needs
to run them (rdflib's parser, the result writers)."""

from __future__ import annotations

from dataclasses import dataclass

from web.outcome import Outcome

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
    checked: bool = False  # a worker found this very text clean before (web.policy.Verdict): not parsed again


@dataclass(frozen=True)
class Reply:
    outcome: Outcome
    clean: bool  # the policy found the text clean: the server may tell other workers so
