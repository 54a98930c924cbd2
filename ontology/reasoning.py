"""Reason over the graph: HermiT decides the ontology, dgkg's own checks decide the instances.

HermiT (through owlready2, in Java) is run on the ontology alone: it must be consistent and
every named class satisfiable. Its answer depends only on the ontology, so the memo keeps it
until the ontology changes. The data is then checked against the ontology by
``ontology.conflicts`` over the builder's closure of the facts (subclass, subproperty,
inverse, symmetric, transitive): for the fragment of OWL 2 DL this ontology is written in,
those checks find exactly the inconsistencies HermiT would (the argument is in that module,
and ``outside_fragment`` refuses an ontology that leaves the fragment), at a cost linear in
the data where a tableau over a million facts takes minutes and gigabytes.

The result carries only inferences worth storing: the named classes every model gives the
data's individuals (superclasses, aligned standard classes, domains and ranges, a union
narrowed to one member), and inverse, transitive and super-property edges between them.
Noise (owl:Thing, blank nodes, facts already asserted, anything about the ontology's own
terms and individuals) is dropped. Without Java, owlrl's OWL-RL closure of the ontology stands in for
HermiT on the schema (with dgkg's check of class satisfiability, exact for this fragment),
and says so; the instance checks are the same either way.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Set as AbstractSet
from dataclasses import dataclass, field
from importlib.metadata import version
from itertools import chain
from pathlib import Path
from typing import Literal, Protocol

from rdflib import BNode, Graph, Literal as RDFLiteral, Namespace, URIRef
from rdflib.namespace import OWL, RDF
from rdflib.term import Node

from ontology.conflicts import find_conflicts, outside_fragment, unsatisfiable_classes, wrong_kind
from ontology.index import OntologyIndex, curie
from ontology.rdfio import from_rdflib, serialize

ReasonerName = Literal["hermit", "owlrl"]
Triple = tuple[Node, Node, Node]

# Where owlrl writes its inconsistency messages (its own choice of vocabulary).
_OWLRL_ERRORS = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")
# Where owlready2 puts what HermiT inferred.
_INFERENCES_ONTOLOGY = "http://inferrences/"
_NOISE_TYPES = {OWL.Thing, OWL.NamedIndividual, OWL.Nothing}
# Looked up once: reading an rdflib namespace's attribute costs microseconds, in loops over every fact.
_TYPE = RDF.type
# What the memo keeps for an ontology HermiT accepted (a comment: the file is N-Triples).
_SCHEMA_ACCEPTED = b"# HermiT: consistent, every named class satisfiable\n"


class ReasoningError(RuntimeError):
    """The reasoner could not run (not: the data is inconsistent, which is a result)."""


@dataclass
class ReasoningResult:
    """What a reasoning run found.

    ``reasoner`` is what decided the schema (the instances are always dgkg's checks).
    ``inferred`` (a set of rdflib triples: an rdflib Graph of half a million costs ten times the
    time and memory) is empty when ``consistent`` is False (anything follows from a
    contradiction). ``explanation`` names the culprits of an inconsistency; ``note`` says
    why a reasoner other than the one preferred was used.
    """

    consistent: bool
    reasoner: ReasonerName
    inferred: AbstractSet[Triple]
    explanation: str | None
    seconds: float
    note: str | None = None


class HermitMemo(Protocol):
    """Keeps HermiT's answers between builds (graph_build.memo), each under the digest of the
    input it answers."""

    def get(self, name: str, key: str) -> bytes | None: ...

    def put(self, name: str, key: str, content: bytes) -> None: ...


@dataclass
class HermitAnswer:
    """HermiT's verdict on an ontology (with or without facts) and the types it inferred."""

    consistent: bool
    unsatisfiable: list[URIRef] = field(default_factory=list)
    inferred: Graph = field(default_factory=Graph)


def reason(
    data: Iterable[tuple[Node, ...]], ontology: Graph, prefer: str = "hermit", memo: HermitMemo | None = None
) -> ReasoningResult:
    """Check ``data`` (triples; quads' graphs are ignored) against ``ontology`` and return the
    inferences worth keeping.

    ``prefer="owlrl"``, the environment variable ``DGKG_REASONER=owlrl`` or a missing
    ``java`` select owlrl's OWL-RL closure instead of HermiT for the schema. With a ``memo``,
    HermiT is not run again on an ontology it has answered.
    """
    if prefer not in ("hermit", "owlrl"):
        raise ValueError(f"prefer must be 'hermit' or 'owlrl', got {prefer!r}")
    started = time.perf_counter()
    index = OntologyIndex.from_graph(ontology)
    leaves = outside_fragment(ontology, index)
    if leaves:
        raise ReasoningError(
            "the ontology uses axioms dgkg's instance checks are not proven complete for "
            "(extend ontology/conflicts.py first): " + "; ".join(leaves)
        )
    reasoner, note = _choose(prefer)
    schema_problems = _check_schema(ontology, index, reasoner, memo)
    facts, kind_problems = _reasoning_input(data, index)
    background = _individual_facts(ontology, index)
    facts |= background  # stated, if by the ontology: they count, and are not inferences
    closure = _materialise(facts, index)
    findings = find_conflicts(closure, facts, index)
    if schema_problems:
        who = "HermiT" if reasoner == "hermit" else "owlrl and dgkg's class check"
        explanation: str | None = "\n".join([f"{who} found the ontology itself at fault:", *schema_problems])
    elif kind_problems or findings.conflicts:
        explanation = "\n".join(
            ["dgkg's instance checks found the data inconsistent with the ontology:", *kind_problems, *findings.conflicts]
        )
    else:
        explanation = None
    if explanation is None:
        own = {s for s, _, _ in background}
        inferred = _worth_having(chain(closure, _typed(findings.classes)), facts, own, index)
    else:
        inferred = set()
    seconds = time.perf_counter() - started
    return ReasoningResult(explanation is None, reasoner, inferred, explanation, seconds, note)


def _choose(prefer: str) -> tuple[ReasonerName, str | None]:
    if prefer == "owlrl":
        return "owlrl", None
    if os.environ.get("DGKG_REASONER", "").lower() == "owlrl":
        return "owlrl", (
            "DGKG_REASONER=owlrl: owlrl's OWL-RL closure and dgkg's class check examined the ontology "
            "instead of HermiT; the instances are checked by dgkg's own checks either way"
        )
    if shutil.which("java") is None:
        return "owlrl", (
            "no Java runtime found (java is not on PATH): owlrl's OWL-RL closure and dgkg's "
            "class check examined the ontology instead of HermiT; the instances are checked "
            "by dgkg's own checks either way"
        )
    return "hermit", None


def _reasoning_input(data: Iterable[tuple[Node, ...]], index: OntologyIndex) -> tuple[set[Triple], list[str]]:
    """The triples the checks should see: types of declared classes and values of declared
    object and data properties; and the values that are of the wrong kind to be either.

    Labels, comments and other annotations cannot change the result."""
    facts: set[Triple] = set()
    problems: list[str] = []
    classes, properties = index.classes, index.properties
    for s, p, o, *_graph in data:
        if p == _TYPE:
            if o in classes:
                facts.add((s, p, o))
            continue
        info = properties.get(p)  # type: ignore[call-overload]
        if info is None or info.kind == "annotation":
            continue
        problem = wrong_kind(s, p, o, info)  # type: ignore[arg-type]
        if problem is None:
            facts.add((s, p, o))
        else:
            problems.append(problem)
    return facts, sorted(problems)


def _individual_facts(ontology: Graph, index: OntologyIndex) -> set[Triple]:
    """The ontology's own individuals' types and property values (the value qualifiers): the
    data may use them, and their classes count."""
    terms = index.classes | index.properties.keys()
    facts, _ = _reasoning_input(((s, p, o) for s, p, o in ontology if isinstance(s, URIRef) and s not in terms), index)
    return facts


def _check_schema(ontology: Graph, index: OntologyIndex, reasoner: ReasonerName, memo: HermitMemo | None) -> list[str]:
    """What is wrong with the ontology itself: nothing, or why it is inconsistent or which
    classes can have no members."""
    if reasoner == "owlrl":
        return _run_owlrl(ontology) + unsatisfiable_classes(index)
    key = None
    if memo is not None:
        hashed = hashlib.sha256(version("owlready2").encode("ascii") + b"\n")
        hashed.update(serialize(from_rdflib(ontology), "ntriples"))  # canonical: blank node labels do not matter
        key = hashed.hexdigest()
        if memo.get("hermit", key) is not None:
            return []
    answer = _run_hermit(ontology)
    if not answer.consistent:
        return ["HermiT found the ontology inconsistent"]
    if answer.unsatisfiable:
        return [f"class {curie(c)} can have no members (HermiT found it unsatisfiable)" for c in answer.unsatisfiable]
    if memo is not None and key is not None:  # a faulty ontology fails the build: nothing to keep
        memo.put("hermit", key, _SCHEMA_ACCEPTED)
    return []


def _run_hermit(ontology: Graph, facts: Graph | None = None) -> HermitAnswer:
    """HermiT on ``ontology`` (and ``facts``, for tests that ask it about instances), in a
    fresh owlready2 World (state leaks through owlready2's default world)."""
    import owlready2

    world = owlready2.World()
    try:
        with tempfile.TemporaryDirectory(prefix="dgkg-hermit-") as tmp:
            source = Path(tmp) / "input.nt"
            with source.open("wb") as stream:  # the two graphs one after the other, not merged first
                ontology.serialize(stream, format="nt", encoding="utf-8")
                if facts is not None:
                    facts.serialize(stream, format="nt", encoding="utf-8")
            world.get_ontology(source.as_uri()).load()
            try:
                # xsd:gYear and xsd:date are outside the OWL 2 datatype map: HermiT rejects
                # them unless told to ignore them (ontology.conflicts checks those values).
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True)
            except owlready2.OwlReadyInconsistentOntologyError:
                return HermitAnswer(False)
            except owlready2.OwlReadyJavaError as error:
                raise ReasoningError(f"HermiT failed: {error}") from error
            unsatisfiable = sorted(URIRef(c.iri) for c in world.inconsistent_classes())
            inferred_path = Path(tmp) / "inferred.nt"
            world.get_ontology(_INFERENCES_ONTOLOGY).save(str(inferred_path), format="ntriples")
            return HermitAnswer(True, unsatisfiable, Graph().parse(inferred_path, format="nt"))
    finally:
        world.close()


def _run_owlrl(ontology: Graph) -> list[str]:
    """owlrl's inconsistency messages about the ontology's OWL-RL closure."""
    import owlrl

    closure = Graph()
    closure += ontology
    # improved_datatypes off: owlrl would swap rdflib's literal parsers for its own and, after, put
    # back a table that differs from rdflib's defaults (xsd:gYear is then parsed, strictly), changing
    # how every later literal of the process is read
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, improved_datatypes=False, axiomatic_triples=False, datatype_axioms=False
    ).expand(closure)
    return sorted(
        f"OWL-RL closure: {message}"
        for node in closure.subjects(RDF.type, _OWLRL_ERRORS.ErrorMessage)
        for message in closure.objects(node, _OWLRL_ERRORS.error)
    )


def _typed(classes: Mapping[Node, frozenset[URIRef]]) -> Iterable[Triple]:
    return ((node, _TYPE, c) for node, named in classes.items() for c in named)


def _materialise(base: Iterable[Triple], index: OntologyIndex) -> set[Triple]:
    """``base`` closed under the ontology's subclass, subproperty, inverse and transitivity axioms.

    Semi-naive: the one-premise rules (subclass, subproperty, inverse) see only the triples the
    last round added, since the older ones' consequences are in already; transitivity is
    closed over all of them, in a round that added edges of a transitive property."""
    superclasses: dict[Node, frozenset[URIRef]] = {}
    rules: dict[Node, tuple[frozenset[URIRef], frozenset[URIRef]] | None] = {}
    chains: dict[Node, dict[Node, set[Node]]] = {p: defaultdict(set) for p in index.transitive}
    triples = set(base)
    delta = triples
    while True:
        new: set[Triple] = set()
        chained = False
        for s, p, o in delta:
            if p == _TYPE:
                if o not in superclasses:
                    superclasses[o] = frozenset(index.superclasses(o)) if o in index.classes else frozenset()  # type: ignore[arg-type]
                new.update((s, _TYPE, c) for c in superclasses[o])
                continue
            if p not in rules:
                rules[p] = _rules(p, index)
            rule = rules[p]
            if rule is None:
                continue
            above, inverses = rule
            new.update((s, q, o) for q in above)
            if inverses and not isinstance(o, RDFLiteral):
                new.update((o, inverse, s) for inverse in inverses)
            if p in chains:
                chains[p][s].add(o)
                chained = True
        if chained:
            new |= _transitive_edges(chains)
        new -= triples
        if not new:
            return triples
        triples |= new
        delta = new


def _rules(p: Node, index: OntologyIndex) -> tuple[frozenset[URIRef], frozenset[URIRef]] | None:
    """What an edge of ``p`` implies: the same edge for its super-properties, and (for an
    object property) the reverse edge for their inverses; None for what is no declared property."""
    info = index.properties.get(p) if isinstance(p, URIRef) else None
    if info is None or info.kind == "annotation":
        return None
    above = frozenset(index.superproperties(info.iri))
    if info.kind != "object":
        return above, frozenset()
    return above, frozenset(inverse for q in above | {info.iri} for inverse in index.inverses(q))


def _transitive_edges(chains: dict[Node, dict[Node, set[Node]]]) -> set[Triple]:
    closed: set[Triple] = set()
    for p, successors in chains.items():
        for start in list(successors):
            seen: set[Node] = set()
            todo = list(successors[start])
            while todo:
                node = todo.pop()
                if node not in seen:
                    seen.add(node)
                    todo.extend(successors.get(node, ()))
            closed.update((start, p, end) for end in seen)
    return closed


def _worth_having(closure: Iterable[Triple], facts: set[Triple], own: set[Node], index: OntologyIndex) -> set[Triple]:
    """New facts about the data's individuals, in declared vocabulary, without noise: not about
    the ontology's ``own`` individuals (the ontology describes those)."""
    terms = index.classes | index.properties.keys() | own
    individuals = {node for s, _, o in facts for node in (s, o) if isinstance(node, URIRef) and node not in terms}
    kept: set[Triple] = set()
    for s, p, o in closure:
        if s not in individuals or isinstance(o, BNode) or (s, p, o) in facts:
            continue
        if p == _TYPE:
            keep = o in index.classes and o not in _NOISE_TYPES
        else:
            info = index.properties.get(p)  # type: ignore[call-overload]
            keep = info is not None and info.kind != "annotation"
        if keep:
            kept.add((s, p, o))
    return kept
