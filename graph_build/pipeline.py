"""The build, stage by stage: sources -> records -> claims -> checks -> reasoning.

`compile_graph` does everything but write; `dgkg validate` stops there and `dgkg build` goes
on to write `dist/` (graph_build.writer).
"""

from __future__ import annotations

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from graph_build.assemble import assemble
from graph_build.checks import duplicate_labels
from graph_build.errors import BuildFailed, RecordError, SourceLocation
from graph_build.graph import KnowledgeGraph
from graph_build.library import SourceLibrary
from graph_build.memo import BuildMemo
from graph_build.memory import collecting_between_stages, give_back_memory, peak_memory_mb, restart_peak_memory
from graph_build.mentions import derive_mentions, derived_graph_provenance
from graph_build.records import load_records
from graph_build.shacl import ShaclData, shacl_errors
from ontology import OntologyIndex, curie, load_ontology, load_shapes, reason
from ontology import DEFAULT_RESOURCE_BASE, IriLayout

Progress = Callable[[str], None]


@dataclass
class BuildReport:
    timings: dict[str, float] = field(default_factory=dict)
    peaks_mb: dict[str, float] = field(default_factory=dict)  # each stage's peak resident memory, this process's
    entities_per_class: Counter[str] = field(default_factory=Counter)
    claims: int = 0
    external_claims: int = 0
    asserted_triples: int = 0
    inferred_triples: int = 0
    reasoner: str = ""
    reasoner_note: str | None = None
    record_files: int = 0

    @property
    def entities(self) -> int:
        return sum(self.entities_per_class.values())

    @staticmethod
    def start_stage() -> float:
        """When a stage starts, for finish_stage; its peak memory is counted from here."""
        restart_peak_memory()
        return time.perf_counter()

    def finish_stage(self, stage: str, started: float) -> None:
        self.timings[stage] = time.perf_counter() - started
        peak = peak_memory_mb()
        if peak is not None:
            self.peaks_mb[stage] = peak


@dataclass
class BuildOptions:
    sources_dir: Path
    base: str = DEFAULT_RESOURCE_BASE
    reasoner: str = "hermit"  # or "owlrl"
    display_root: Path | None = None
    memo: BuildMemo | None = None  # `dgkg build --incremental`: what the last build kept (graph_build.memo)


@collecting_between_stages()
def compile_graph(options: BuildOptions, progress: Progress = lambda stage: None) -> tuple[KnowledgeGraph, BuildReport]:
    """Read, assemble, check and reason; raises BuildFailed with every problem found."""
    report = BuildReport()
    names = IriLayout(options.base)
    display_root = options.display_root or options.sources_dir.parent

    def stage(name: str) -> float:
        progress(name)
        return report.start_stage()

    started = stage("reading ontology and sources")
    ontology = load_ontology()
    index = OntologyIndex.from_graph(ontology)
    library = SourceLibrary.load(options.sources_dir)
    report.finish_stage("ontology and sources", started)

    started = stage("reading records")
    records = load_records(options.sources_dir / "records", display_root)
    report.record_files = len(records.files)
    report.finish_stage("records", started)

    started = stage("resolving slugs, typing values, checking quotes")
    claims = assemble(records, index, library, names)
    del records  # the parsed records (half a gigabyte at a million triples) are not read again
    problems = duplicate_labels(claims)
    if problems:
        raise BuildFailed(problems, "checking labels")
    graph = KnowledgeGraph(
        names=names,
        ontology=ontology,
        claims=claims,
        derived=derive_mentions(claims, library, names),
        derived_provenance=derived_graph_provenance(names),
    )
    report.finish_stage("claims", started)

    started = stage("checking SHACL shapes")
    # the asserted data, for the reasoner: a list of triples, read in this thread only
    facts: list[tuple[Node, Node, Node]] = [triple for claim in claims for triple in claim.triples]
    facts.extend(graph.derived)
    locate: dict[URIRef, SourceLocation] = {}
    is_a = RDF.type
    for claim in claims:
        locate.setdefault(claim.iri, claim.record)
        for subject, predicate, _ in claim.triples:
            if predicate == is_a:
                locate[subject] = claim.record
    # The reasoner runs beside SHACL, on its own copy of the ontology (no rdflib object is shared
    # between the threads): pyshacl-turbo releases the GIL while its Rust engine checks, and HermiT
    # works in its own Java process, so on two cores the two checks overlap. SHACL's verdict still
    # comes first; the reasoning time is what remains after it.
    own_ontology = Graph()
    own_ontology += ontology
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="dgkg-reasoner") as pool:
        reasoning = pool.submit(reason, facts, own_ontology, options.reasoner, options.memo)
        checked = ShaclData(graph.data_triples(), ontology, names)
        violations = shacl_errors(checked, load_shapes(), names, locate, options.memo)
        del checked
        if violations:
            raise BuildFailed(violations, "SHACL validation")
        report.finish_stage("shacl", started)

        started = stage("reasoning (OWL consistency and entailments)")
        result = reasoning.result()
    report.reasoner, report.reasoner_note = result.reasoner, result.note
    if not result.consistent:
        raise BuildFailed(
            [RecordError("(graph)", None, "owl", result.explanation or "the graph is inconsistent")],
            f"OWL reasoning ({result.reasoner})",
        )
    graph.inferred = result.inferred
    report.finish_stage("reasoning", started)

    for claim in claims:
        report.claims += 1
        report.external_claims += claim.external
        for _subject, predicate, obj in claim.triples:
            if predicate == is_a and isinstance(obj, URIRef):
                report.entities_per_class[curie(obj)] += 1
    report.asserted_triples = len(set(facts))  # a triple that several claims state counts once
    report.inferred_triples = len(result.inferred)
    del facts
    # The checks' graphs (the SHACL report, the reasoner's) are now garbage held in
    # reference cycles, which Python's collector would reach only later: collected here, a third of
    # the process's memory is free before the writers start (100k triples: 695 MB -> 428 MB).
    give_back_memory()
    return graph, report
