"""SHACL conformance of the assembled graph, reported against the records that made it.

The checks run in pyshacl-turbo (a SHACL engine in Rust behind pySHACL's API) over in-memory
pyoxigraph Stores of the claims' facts, their provenance, the derived graphs and the ontology
(sh:class counts instances of subclasses), one small store per batch of subjects. Handed an
rdflib Graph, the engine spends most of its time converting it; a Store it reads as N-Quads.
pySHACL, the reference implementation, stays the judge in tests/test_shacl_agreement.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from itertools import chain

import pyoxigraph as ox
from pyshacl_turbo import CompiledShapes, ValidationFailure, compile_shapes
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from graph_build.errors import RecordError, SourceLocation
from graph_build.memo import BuildMemo, digest, schema_key
from ontology import PREFIXES, SH, IriLayout, curie, rdfio

Triple = tuple[Node, Node, Node]


class ShaclData:
    """What the shapes are checked against, indexed by subject: the data's triples (rdflib terms,
    the ones the claims already hold) and the ontology's quads, in its own graph. An in-memory
    store of the data took a gigabyte at a million triples; this index holds references to terms
    that exist anyway (the SHACL stage's peak went from 2.36 to 1.66 GB), and each batch converts
    only its own triples (what_checking_reads)."""

    def __init__(self, data: Iterable[Triple], ontology: Iterable[Triple], names: IriLayout) -> None:
        self.about: dict[Node, list[Triple]] = defaultdict(list)
        for triple in data:
            self.about[triple[0]].append(triple)
        self.ontology = rdfio.from_rdflib(ontology, names.ontology)
        self.ontology_about: dict[ox.NamedNode | ox.BlankNode, list[ox.Quad]] = defaultdict(list)
        for quad in self.ontology:
            self.ontology_about[quad.subject].append(quad)  # type: ignore[index]

    def subjects(self) -> list[ox.NamedNode]:
        """Every IRI subject, in a fixed order: the data's and the ontology's own (its value
        qualifiers are instances the shapes target). A batch names its focus nodes by IRI; the
        only blank nodes are the ontology's axioms, which no shape targets (targetClass of dgkg's
        classes, targetSubjectsOf its properties)."""
        for subject, triples in self.about.items():
            if not isinstance(subject, URIRef):
                raise ValueError(f"the data has a blank node as a subject, which a SHACL batch cannot name: {triples[0]}")
        own = {subject for subject in self.ontology_about if isinstance(subject, ox.NamedNode)}
        return sorted(own.union(ox.NamedNode(str(subject)) for subject in self.about), key=str)

    def digests(self) -> dict[str, str]:
        """Each data subject's digest over its distinct triples, sorted as N-Triples text (short:
        64 bits tell a change apart); not the ontology's, which the memo's key covers and whose
        blank nodes would make every build look changed."""
        term = rdfio.ntriples_term
        return {
            term(subject): digest(sorted({f"{term(p)} {term(o)}" for _, p, o in triples}))[:16]
            for subject, triples in self.about.items()
        }

    def pointing_at(self, nodes: set[URIRef]) -> set[ox.NamedNode]:
        """The IRI subjects with a value among `nodes`, in the data or the ontology."""
        found = {
            ox.NamedNode(str(subject))
            for subject, triples in self.about.items()
            if isinstance(subject, URIRef) and any(o in nodes for _, _, o in triples)
        }
        targets = {ox.NamedNode(node) for node in nodes}
        found.update(q.subject for q in self.ontology if q.object in targets and isinstance(q.subject, ox.NamedNode))
        return found

    def what_checking_reads(self, focus: Iterable[ox.NamedNode]) -> ox.Store:
        """A store of what checking only the `focus` nodes reads: their own triples, the classes
        of their values and the ontology (one step along each property: graph_build.memo).
        Each triple once, in the default graph; the ontology in its own graph."""
        own = [triple for node in focus for triple in self.about.get(URIRef(node.value), ())]
        values = {o for _, _, o in own if not isinstance(o, Literal)}
        values.update(
            rdfio.rdflib_term(q.object)
            for node in focus
            for q in self.ontology_about.get(node, ())
            if isinstance(q.object, (ox.NamedNode, ox.BlankNode))
        )
        is_a = RDF.type
        types = [triple for value in values for triple in self.about.get(value, ()) if triple[1] == is_a]
        part = ox.Store()
        part.bulk_extend(self.ontology)
        # as text, which Oxigraph parses with the GIL released: the two checkers overlap
        part.load(rdfio.ntriples_text(chain(own, types)), format=ox.RdfFormat.N_TRIPLES)
        return part


def shacl_errors(
    data: ShaclData,
    shapes: Graph,
    names: IriLayout,
    locate: Mapping[URIRef, SourceLocation],
    memo: BuildMemo | None = None,
) -> list[RecordError]:
    """Every violation as a RecordError at the record that defined its focus node. The subjects
    are checked BATCH at a time, each batch in a store of what its checks read (its subjects'
    triples, their values' classes and the ontology: every shape targets subjects and looks one
    step along their properties, graph_build.memo), so the engine's copies of the data stay small
    whatever the graph's size. With a memo of a build whose graph conformed, only the subjects
    that changed and those pointing at them are checked."""
    focus: list[ox.NamedNode] | None = None
    if memo is not None:
        key = digest([version("pyshacl-turbo"), schema_key()])  # the pipeline's shapes and ontology come from those files
        digests = data.digests()
        changed = memo.shacl_changed(key, digests)
        if changed is not None:
            present = {ox.NamedNode(subject[1:-1]) for subject in changed if subject in digests}  # `<iri>`
            pointing = data.pointing_at({URIRef(subject[1:-1]) for subject in changed})
            focus = sorted(present | pointing, key=str)
    subjects = data.subjects() if focus is None else focus
    reports = nonconforming_batches(data, subjects, shapes)
    conforms = not reports
    if conforms and memo is not None:
        memo.shacl_conformed(key, digests)
    if conforms:
        return []
    prefixes = {**PREFIXES, "dgr": names.base}
    errors: list[RecordError] = []
    for report in reports:
        for result in report.subjects(RDF.type, SH.ValidationResult):
            if report.value(result, SH.resultSeverity) != SH.Violation:
                continue
            focus_node = report.value(result, SH.focusNode)
            path = report.value(result, SH.resultPath)
            message = report.value(result, SH.resultMessage) or "does not conform to its shape"
            where = (
                locate.get(focus_node, SourceLocation("(graph)")) if isinstance(focus_node, URIRef) else SourceLocation("(graph)")
            )
            field = curie(path, prefixes) if isinstance(path, URIRef) else "shape"
            subject = curie(focus_node, prefixes) if isinstance(focus_node, URIRef) else str(focus_node)
            errors.append(RecordError(where.file, where.line, field, f"{subject}: {message}"))
    # the reports' order is the engine's: sorted, the same graph gives the same lines
    return sorted(errors, key=lambda e: (str(e.file), e.line or 0, e.field, e.message))


# Subjects per check. Checked whole, a million triples cost the engine 3.4 GB of copies on top of
# the store (71 s); in batches of 2,500, 1.4 GB with the store (128 s). Larger batches are slower:
# the engine's cost grows faster than the number of focus nodes it is given (100k triples: 8.4 s
# in batches of 1,000 to 5,000, 14.9 s of 50,000, 6.2 s whole).
BATCH = 2_500
CHECKERS = 2  # batches checked at once: 100k triples, SHACL stage 14.0 s -> 7.9 s on two cores


def nonconforming_batches(data: ShaclData, subjects: list[ox.NamedNode], shapes: Graph) -> list[Graph]:
    """The reports of the batches of `subjects` that do not conform. The engine releases the GIL
    while it checks, so CHECKERS batches are checked at a time, one on each core."""
    program = compile_shapes(shapes, advanced=True)

    def check_batch(start: int) -> tuple[bool, Graph]:
        batch = subjects[start : start + BATCH]
        return check(data.what_checking_reads(batch), program, batch)

    with ThreadPoolExecutor(max_workers=CHECKERS, thread_name_prefix="dgkg-shacl") as checkers:
        verdicts = list(checkers.map(check_batch, range(0, len(subjects), BATCH)))
    return [report for conforms, report in verdicts if not conforms]


def check(data: ox.Store, shapes: Graph | CompiledShapes, focus: Iterable[ox.NamedNode] | None = None) -> tuple[bool, Graph]:
    """The build's SHACL verdict on `data` and the validation report (rdflib), checking only the
    `focus` nodes if given. Warnings do not fail it. `shapes` compiled once (compile_shapes with
    advanced=True) spare a batch compiling them again."""
    program = shapes if isinstance(shapes, CompiledShapes) else compile_shapes(shapes, advanced=True)
    try:
        conforms, report, _text = program.validate(
            data,
            inference="none",
            allow_warnings=True,
            focus_nodes=None if focus is None else [node.value for node in focus],
        )
    except ValidationFailure as failure:
        raise RuntimeError(f"SHACL validation failed: {failure}") from failure  # the shapes could not run at all
    return bool(conforms), report
