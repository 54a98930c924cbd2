"""SHACL conformance of the assembled graph, reported against the records that made it."""

from __future__ import annotations

from importlib.metadata import version

from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from graph_build.errors import RecordError, SourceLocation
from graph_build.memo import BuildMemo, digest, schema_key, subject_digests
from ontology import SH


def shacl_errors(
    data: Graph, shapes: Graph, ontology: Graph, locate: dict[URIRef, SourceLocation], memo: BuildMemo | None = None
) -> list[RecordError]:
    """Every violation as a RecordError at the record that defined its focus node. pyshacl adds
    the ontology into `data` itself (`inplace`) instead of into a copy of it, which the caller
    does not need again. With a memo of a build whose graph conformed, only the subjects that
    changed and those pointing at them are checked (graph_build.memo says why that suffices)."""
    focus_nodes: list[str | URIRef] | None = None
    if memo is not None:
        key = digest([version("pyshacl"), schema_key()])  # the pipeline's shapes and ontology come from those files
        digests = subject_digests(data)
        changed = memo.shacl_focus(key, data, digests)
        if changed == []:
            return []
        focus_nodes = None if changed is None else [*changed]
    conforms, report, _ = validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        advanced=True,
        allow_warnings=True,
        inplace=True,
        focus_nodes=focus_nodes,
    )
    if conforms and memo is not None:
        memo.shacl_conformed(key, digests)
    if conforms:
        return []
    errors: list[RecordError] = []
    for result in sorted(report.subjects(RDF.type, SH.ValidationResult), key=str):
        severity = report.value(result, SH.resultSeverity)
        if severity != SH.Violation:
            continue
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage) or "does not conform to its shape"
        where = locate.get(focus, SourceLocation("(graph)"))
        field = data.namespace_manager.normalizeUri(path) if isinstance(path, URIRef) else "shape"
        subject = data.namespace_manager.normalizeUri(focus) if isinstance(focus, URIRef) else str(focus)
        errors.append(RecordError(where.file, where.line, field, f"{subject}: {message}"))
    return errors
