"""SHACL conformance of the assembled graph, reported against the records that made it.

The checks run in pyshacl-turbo (a SHACL engine in Rust behind pySHACL's API) over an in-memory
pyoxigraph Store of the claims' facts, their provenance, the derived graphs and the ontology
(sh:class counts instances of subclasses). Handed an rdflib Graph, the engine spends most of its
time converting it; a Store it reads as N-Quads. pySHACL, the reference implementation, stays
the judge in tests/test_shacl_agreement.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version

import pyoxigraph as ox
from pyshacl_turbo import CompiledShapes, ValidationFailure, compile_shapes
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from graph_build.errors import RecordError, SourceLocation
from graph_build.memo import BuildMemo, digest, schema_key, subject_digests
from ontology import PREFIXES, SH, IriLayout, curie

RDF_TYPE = ox.NamedNode(str(RDF.type))


def shacl_errors(
    quads: Iterable[ox.Quad],
    shapes: Graph,
    names: IriLayout,
    locate: Mapping[URIRef, SourceLocation],
    memo: BuildMemo | None = None,
) -> list[RecordError]:
    """Every violation as a RecordError at the record that defined its focus node. `quads` are
    the graph's, its ontology in the graph named `names.ontology`. The subjects are checked
    BATCH at a time, each batch in a store of what its checks read (its subjects' triples, their
    values' classes and the ontology: every shape targets subjects and looks one step along
    their properties, graph_build.memo), so the engine's copies of the data stay small whatever
    the graph's size. With a memo of a build whose graph conformed, only the subjects that
    changed and those pointing at them are checked."""
    ontology = ox.NamedNode(names.ontology)
    store = shacl_store(quads, ontology)
    focus: list[ox.NamedNode] | None = None
    if memo is not None:
        key = digest([version("pyshacl-turbo"), schema_key()])  # the pipeline's shapes and ontology come from those files
        digests = subject_digests(store)
        focus = memo.shacl_focus(key, store, digests)
    subjects = subjects_of(store) if focus is None else focus
    reports = nonconforming_batches(store, subjects, shapes, ontology)
    conforms = not reports
    del store  # before the reports are read: at a million triples the store takes a gigabyte
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


def nonconforming_batches(store: ox.Store, subjects: list[ox.NamedNode], shapes: Graph, ontology: ox.NamedNode) -> list[Graph]:
    """The reports of the batches of `subjects` that do not conform. The engine releases the GIL
    while it checks, so CHECKERS batches are checked at a time, one on each core."""
    program = compile_shapes(shapes, advanced=True)

    def check_batch(start: int) -> tuple[bool, Graph]:
        batch = subjects[start : start + BATCH]
        return check(what_checking_reads(store, batch, ontology), program, batch)

    with ThreadPoolExecutor(max_workers=CHECKERS, thread_name_prefix="dgkg-shacl") as checkers:
        verdicts = list(checkers.map(check_batch, range(0, len(subjects), BATCH)))
    return [report for conforms, report in verdicts if not conforms]


def subjects_of(store: ox.Store) -> list[ox.NamedNode]:
    """Every IRI subject in `store`, in a fixed order: the data's and the ontology's own (its
    value qualifiers are instances the shapes target). A batch names its focus nodes by IRI; the
    only blank nodes are the ontology's axioms, which no shape targets (targetClass of dgkg's
    classes, targetSubjectsOf its properties)."""
    subjects, default = set(), ox.DefaultGraph()
    for quad in store:
        if isinstance(quad.subject, ox.NamedNode):
            subjects.add(quad.subject)
        elif quad.graph_name == default:
            raise ValueError(f"the data has a blank node as a subject, which a SHACL batch cannot name: {quad}")
    return sorted(subjects, key=str)


def shacl_store(quads: Iterable[ox.Quad], ontology: ox.NamedNode) -> ox.Store:
    """The store SHACL checks: each triple once, in the default graph, and the ontology in its own
    graph (which the memo leaves out). Without the claims' graph names the engine's copy of the
    data, N-Quads text, is a quarter smaller (a million triples: 114 s -> 71 s, 5.3 -> 4.75 GB)."""
    store = ox.Store()
    store.bulk_extend(
        quad if quad.graph_name == ontology else ox.Quad(quad.subject, quad.predicate, quad.object) for quad in quads
    )
    return store


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


def what_checking_reads(store: ox.Store, focus: Iterable[ox.NamedNode], ontology: ox.NamedNode) -> ox.Store:
    """A store of what checking only the `focus` nodes reads: their own triples, the classes of
    their values and the ontology (one step along each property: graph_build.memo)."""
    own = [quad for node in focus for quad in store.quads_for_pattern(node, None, None)]
    values = {quad.object for quad in own if not isinstance(quad.object, ox.Literal)}
    part = ox.Store()
    part.bulk_extend(store.quads_for_pattern(None, None, None, ontology))
    part.bulk_extend(own)
    part.bulk_extend(quad for value in values for quad in store.quads_for_pattern(value, RDF_TYPE, None))  # type: ignore[arg-type]
    return part
