"""Reason over the graph with HermiT (through owlready2), or OWL-RL where Java is missing.

The result carries only inferences worth storing: new rdf:type statements (superclasses,
including the aligned standard classes), inverse, transitive and super-property edges between
the data's own individuals. Reasoner noise (owl:Thing, owl:NamedIndividual, blank nodes,
facts already asserted, anything about the ontology's own terms) is dropped.

HermiT is the reference: it decides consistency under the full OWL 2 DL semantics. owlready2
stores only what it cannot otherwise see (most specific types, property values not implied
by an asserted inverse), so the remaining implicit facts are made explicit here with the
ontology's own subclass, subproperty, inverse and transitivity axioms. Without Java, owlrl's
OWL-RL closure (pure Python, sound but incomplete for OWL 2 DL) stands in, and says so.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import version
from itertools import chain
from pathlib import Path
from typing import Literal, Protocol

from rdflib import BNode, Dataset, Graph, Literal as RDFLiteral, Namespace, URIRef
from rdflib.namespace import OWL, RDF

from ontology.rdfio import from_rdflib, serialize
from ontology.conflicts import find_conflicts, functional_suspects, literal_fits
from ontology.index import OntologyIndex

ReasonerName = Literal["hermit", "owlrl"]

# Where owlrl writes its inconsistency messages (its own choice of vocabulary).
_OWLRL_ERRORS = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")
# Where owlready2 puts what HermiT inferred.
_INFERENCES_ONTOLOGY = "http://inferrences/"
_NOISE_TYPES = {OWL.Thing, OWL.NamedIndividual, OWL.Nothing}


class ReasoningError(RuntimeError):
    """The reasoner could not run (not: the data is inconsistent, which is a result)."""


@dataclass
class ReasoningResult:
    """What a reasoning run found.

    ``inferred`` is empty when ``consistent`` is False (anything follows from a
    contradiction). ``explanation`` names the culprits of an inconsistency; ``note`` says
    why a reasoner other than the one preferred was used.
    """

    consistent: bool
    reasoner: ReasonerName
    inferred: Graph
    explanation: str | None
    seconds: float
    note: str | None = None


class HermitMemo(Protocol):
    """Keeps HermiT's answers between builds (graph_build.memo), each under the digest of the
    input it answers."""

    def get(self, name: str, key: str) -> bytes | None: ...

    def put(self, name: str, key: str, content: bytes) -> None: ...


def reason(data: Graph, ontology: Graph, prefer: str = "hermit", memo: HermitMemo | None = None) -> ReasoningResult:
    """Check ``data`` against ``ontology`` and return the inferences worth keeping.

    ``prefer="owlrl"``, the environment variable ``DGKG_REASONER=owlrl`` or a missing
    ``java`` select the pure-Python OWL-RL closure instead of HermiT. With a ``memo``, HermiT
    is not run again on an input it has answered (a rebuild whose change does not touch the
    types and property values it reads: a label, a definition, a quote).
    """
    if prefer not in ("hermit", "owlrl"):
        raise ValueError(f"prefer must be 'hermit' or 'owlrl', got {prefer!r}")
    started = time.perf_counter()
    index = OntologyIndex.from_graph(ontology)
    asserted = _union(data)
    facts = _reasoning_input(asserted, index)
    reasoner, note = _choose(prefer)

    closure: Graph | set[tuple]
    if reasoner == "hermit":
        consistent, hermit_facts = _hermit(facts, ontology, memo)
        closure = _materialise(chain(facts, hermit_facts), index)
        reasoner_says = None if consistent else "HermiT found the ontology and data inconsistent"
    else:
        consistent, closure, errors = _run_owlrl(facts, ontology)
        reasoner_says = None if consistent else "OWL-RL closure found: " + "; ".join(errors)

    conflicts = find_conflicts(asserted, index)
    consistent = consistent and not conflicts
    if consistent:
        inferred, explanation = _worth_having(closure, asserted, facts, index), None
    else:
        inferred = Graph()
        explanation = _explain(reasoner, reasoner_says, conflicts, asserted, index)
    seconds = time.perf_counter() - started
    return ReasoningResult(consistent, reasoner, inferred, explanation, seconds, note)


def _explain(
    reasoner: ReasonerName, reasoner_says: str | None, conflicts: list[str], asserted: Graph, index: OntologyIndex
) -> str:
    """Who found the inconsistency, then the culprits (or the likeliest suspects)."""
    if reasoner_says:
        headline = reasoner_says
    elif reasoner == "hermit":
        headline = (
            "HermiT accepted the data it could read, but dgkg's own checks found values "
            "it cannot check (xsd:gYear, xsd:date) or that were left out as being of "
            "the wrong kind or datatype"
        )
    else:
        headline = "the OWL-RL closure accepted the data, but dgkg's own checks found contradictions beyond OWL-RL's rules"
    culprits = (
        conflicts
        or functional_suspects(asserted, index)
        or ["no single culprit found by the quick checks; try removing recent claims"]
    )
    return "\n".join([headline, *culprits])


def _choose(prefer: str) -> tuple[ReasonerName, str | None]:
    if prefer == "owlrl":
        return "owlrl", None
    if os.environ.get("DGKG_REASONER", "").lower() == "owlrl":
        return "owlrl", "DGKG_REASONER=owlrl: used owlrl's OWL-RL closure instead of HermiT"
    if shutil.which("java") is None:
        return "owlrl", (
            "no Java runtime found (java is not on PATH): used owlrl's OWL-RL "
            "closure instead of HermiT; consistency is checked only as far as "
            "OWL-RL rules and dgkg's own checks reach"
        )
    return "hermit", None


def _union(data: Graph) -> Graph:
    """All triples of ``data``; a Dataset's named graphs (the claims) are merged in."""
    if isinstance(data, Dataset):
        merged = Graph()
        for s, p, o, _ in data.quads((None, None, None, None)):
            merged.add((s, p, o))
        return merged
    return data


def _reasoning_input(asserted: Graph, index: OntologyIndex) -> Graph:
    """The triples a reasoner should see: types and declared object/data property values.

    Labels, comments and other annotations cannot change the result and only slow HermiT
    down; values of the wrong kind are left out here and reported by the conflict check.
    """
    facts = Graph()
    for s, p, o in asserted:
        if p == RDF.type:
            if o in index.classes:
                facts.add((s, p, o))
            continue
        if not isinstance(p, URIRef):
            continue
        info = index.properties.get(p)
        if info is None or info.kind == "annotation":
            continue
        if info.kind == "object" and not isinstance(o, RDFLiteral):
            facts.add((s, p, o))
        elif info.kind == "datatype" and isinstance(o, RDFLiteral):
            if info.range is None or literal_fits(o, info.range):
                facts.add((s, p, o))
    return facts


def _hermit(facts: Graph, ontology: Graph, memo: HermitMemo | None) -> tuple[bool, Graph]:
    """HermiT's answer, from the memo when it holds one for this very input (owlready2's
    version, which ships HermiT; the ontology in canonical form, so that its blank nodes' labels
    do not matter; the sorted facts)."""
    if memo is None:
        return _run_hermit(facts, ontology)
    hashed = hashlib.sha256(version("owlready2").encode("ascii") + b"\n")
    hashed.update(serialize(from_rdflib(ontology), "ntriples"))
    for line in sorted(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in facts):
        hashed.update(line.encode("utf-8") + b"\n")
    key = hashed.hexdigest()
    kept = memo.get("hermit", key)
    if kept is not None:
        return True, Graph().parse(data=kept, format="nt")
    consistent, inferred = _run_hermit(facts, ontology)
    if consistent:  # an inconsistency fails the build: nothing to keep
        memo.put("hermit", key, inferred.serialize(format="nt", encoding="utf-8"))
    return consistent, inferred


def _run_hermit(facts: Graph, ontology: Graph) -> tuple[bool, Graph]:
    """HermiT in a fresh owlready2 World (state leaks through owlready2's default world)."""
    import owlready2

    world = owlready2.World()
    try:
        with tempfile.TemporaryDirectory(prefix="dgkg-hermit-") as tmp:
            source = Path(tmp) / "input.nt"
            with source.open("wb") as stream:  # the two graphs one after the other, not merged first
                ontology.serialize(stream, format="nt", encoding="utf-8")
                facts.serialize(stream, format="nt", encoding="utf-8")
            world.get_ontology(source.as_uri()).load()
            try:
                # xsd:gYear and xsd:date are outside the OWL 2 datatype map: HermiT rejects
                # them unless told to ignore them (find_conflicts checks those values).
                # Property values are not asked of HermiT: _materialise derives the same inverse,
                # transitive and sub-property edges from the axioms, and on the real graph asking
                # HermiT for them took 46.8 s against 12.1 s without, for identical inferences.
                # Consistency is checked either way.
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True)
            except owlready2.OwlReadyInconsistentOntologyError:
                return False, Graph()
            except owlready2.OwlReadyJavaError as error:
                raise ReasoningError(f"HermiT failed: {error}") from error
            inferred_path = Path(tmp) / "inferred.nt"
            world.get_ontology(_INFERENCES_ONTOLOGY).save(str(inferred_path), format="ntriples")
            return True, Graph().parse(inferred_path, format="nt")
    finally:
        world.close()


def _run_owlrl(facts: Graph, ontology: Graph) -> tuple[bool, Graph, list[str]]:
    """owlrl's OWL-RL closure of ontology and facts, and its inconsistency messages."""
    import owlrl

    closure = ontology + facts
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(closure)
    errors = sorted(
        str(message)
        for node in closure.subjects(RDF.type, _OWLRL_ERRORS.ErrorMessage)
        for message in closure.objects(node, _OWLRL_ERRORS.error)
    )
    return not errors, closure, errors


def _materialise(base: Iterable[tuple], index: OntologyIndex) -> set[tuple]:
    """``base`` closed under the ontology's subclass, subproperty, inverse and transitivity axioms.

    Semi-naive: the one-premise rules (subclass, subproperty, inverse) see only the triples the
    last round added, since the older ones' consequences are in already; transitivity is
    closed over all of them each round."""
    triples = set(base)
    delta = triples
    while True:
        new: set[tuple] = set()
        for s, p, o in delta:
            if p == RDF.type:
                if isinstance(o, URIRef) and o in index.classes:
                    new.update((s, RDF.type, c) for c in index.superclasses(o))
                continue
            if not isinstance(p, URIRef):
                continue
            info = index.properties.get(p)
            if info is None or info.kind == "annotation":
                continue
            related = {p} | index.superproperties(p)
            new.update((s, q, o) for q in related - {p})
            if info.kind == "object" and not isinstance(o, RDFLiteral):
                new.update((o, inverse, s) for q in related for inverse in index.inverses(q))
        new |= _transitive_edges(triples, index)
        new -= triples
        if not new:
            return triples
        triples |= new
        delta = new


def _transitive_edges(triples: set[tuple], index: OntologyIndex) -> set[tuple]:
    edges: dict[URIRef, dict[object, set[object]]] = {p: {} for p in index.transitive}
    for s, p, o in triples:
        if p in edges:
            edges[p].setdefault(s, set()).add(o)
    closed: set[tuple] = set()
    for p, successors in edges.items():
        for start in successors:
            seen: set[object] = set()
            todo = list(successors[start])
            while todo:
                node = todo.pop()
                if node not in seen:
                    seen.add(node)
                    todo.extend(successors.get(node, ()))
            closed.update((start, p, end) for end in seen)
    return closed


def _worth_having(closure: Graph | set[tuple], asserted: Graph, facts: Graph, index: OntologyIndex) -> Graph:
    """New facts about the data's individuals, in declared vocabulary, without noise."""
    terms = set(index.classes) | set(index.properties)
    individuals = {node for s, _, o in facts for node in (s, o) if isinstance(node, URIRef) and node not in terms}
    stated = set(asserted)  # a set answers `in` faster than the graph's indexes
    inferred = Graph()
    for s, p, o in closure:
        if s not in individuals or isinstance(o, BNode) or (s, p, o) in stated:
            continue
        if p == RDF.type:
            keep = o in index.classes and o not in _NOISE_TYPES
        else:
            info = index.properties.get(p)
            keep = info is not None and info.kind != "annotation"
        if keep:
            inferred.add((s, p, o))
    return inferred
