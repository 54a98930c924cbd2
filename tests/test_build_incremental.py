"""`dgkg build --incremental` gives the dist/ a full build gives, byte for byte (the store aside:
a RocksDB directory is not byte-stable between any two builds, so its quads are compared), after
changes that touch SHACL's input only (a definition) and the reasoner's too (a relation removed).
In-process: a rebuild's SHACL check looks only at the subjects the change touched, and still finds
what it broke."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from graph_build import shacl
from graph_build.assemble import assemble
from graph_build.errors import RecordError, SourceLocation
from graph_build.graph import KnowledgeGraph
from graph_build.library import SourceLibrary
from graph_build.memo import BuildMemo
from graph_build.mentions import derive_mentions, derived_graph_provenance
from graph_build.records import load_records
from ontology import DEFAULT_RESOURCE_BASE, SH, IriLayout, OntologyIndex, load_ontology, load_shapes, rdfio
from tests.conftest import REPO, curated_graph, run_dgkg

pytestmark = [pytest.mark.xdist_group("incremental")]

RECORDS = {
    "regions.yaml": ("subject of this graph", "subject of this knowledge graph"),
    "chen-2024-empowerment.yaml": (
        "skos:related: [high-quality-development, modernisation-of-national-governance]",
        "skos:related: [high-quality-development]",
    ),
}


def files(dist: Path) -> dict[str, bytes]:
    return {str(p.relative_to(dist)): p.read_bytes() for p in sorted(dist.rglob("*")) if p.is_file() and "store" not in p.parts}


def pages(dist: Path) -> dict[str, int]:
    """Each entity's and source's page, by its file's inode."""
    return {str(p.relative_to(dist)): p.stat().st_ino for p in (dist / "site").rglob("*.html")}


def quads(dist: Path) -> list[str]:
    """The store's quads as N-Quads lines, sorted (its blank nodes keep the dumps' labels)."""
    return sorted(map(str, ox.Store.read_only(str(dist / "store"))))


def build(sources: Path, dist: Path, *extra: str) -> None:
    """A build into ``dist``, named as a user in its parent directory names it: relative."""
    env = {"DGKG_SOURCES": str(sources), "DGKG_ROOT": str(sources.parent)}
    result = run_dgkg("build", "--dist", dist.name, *extra, env=env, cwd=dist.parent)
    assert result.returncode == 0, result.stdout + result.stderr


def edit(sources: Path, name: str) -> None:
    old, new = RECORDS[name]
    path = sources / "records" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{name} no longer says {old!r}: pick another change"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.java
def test_an_incremental_rebuild_equals_a_full_build(sources_copy: Path, tmp_path: Path) -> None:
    incremental, full = tmp_path / "dist", tmp_path / "full"
    memo = tmp_path / "dist.cache"
    build(sources_copy, incremental, "--incremental")
    assert json.loads((memo / "shacl.json").read_text(encoding="utf-8"))["subjects"]
    assert json.loads((memo / "layouts.json").read_text(encoding="utf-8"))["entries"]  # viz.layout.KnownLayouts
    hermit_key = (memo / "hermit.key").read_text(encoding="ascii")

    before = pages(incremental)
    edit(sources_copy, "regions.yaml")  # a definition: HermiT's answer (on the ontology) is reused
    build(sources_copy, incremental, "--incremental")
    build(sources_copy, full)
    assert files(incremental) == files(full)
    after = pages(incremental)
    kept = {name for name, inode in after.items() if before.get(name) == inode}  # linked from the previous dist/
    # viz.pagememo: china, whose definition changed, has its page rendered again
    assert len(kept) > 0.9 * len(after) and "site/china.html" not in kept
    assert quads(incremental) == quads(full)  # the previous store, changed (queries.storedelta)
    assert (memo / "hermit.key").read_text(encoding="ascii") == hermit_key

    edit(sources_copy, "chen-2024-empowerment.yaml")  # a relation: checked again, but HermiT answers only the ontology
    build(sources_copy, incremental, "--incremental")
    build(sources_copy, full)
    assert files(incremental) == files(full)
    assert quads(incremental) == quads(full)  # a changed store changed again
    assert (memo / "hermit.key").read_text(encoding="ascii") == hermit_key
    assert not (tmp_path / "full.cache").exists()  # a build without --incremental keeps nothing


# -- SHACL, in-process ----------------------------------------------------------------------------
def curated() -> tuple[KnowledgeGraph, dict[URIRef, SourceLocation]]:
    """The curated graph as the build assembles it, and where each entity and claim was written."""
    graph = curated_graph()
    claims = graph.claims
    locate = {claim.iri: claim.record for claim in claims}
    locate.update({s: claim.record for claim in claims for s, p, _ in claim.triples if p == RDF.type})
    return graph, locate


def test_a_rebuild_checks_only_what_changed_and_finds_what_the_change_broke(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    graph, locate = curated()
    shapes, memo = load_shapes(), BuildMemo(tmp_path / "dist.cache")

    def checked() -> shacl.ShaclData:
        return shacl.ShaclData(graph.data_triples(), graph.ontology, graph.names)

    assert shacl.shacl_errors(checked(), shapes, graph.names, locate, memo) == []  # checks everything, keeps the digests

    asked: list[list[ox.NamedNode] | None] = []  # the focus nodes of each check the engine is given
    check = shacl.check

    def spy(data: ox.Store, shapes: object, focus: list[ox.NamedNode] | None = None) -> object:
        asked.append(focus)
        return check(data, shapes, focus)  # type: ignore[arg-type]

    monkeypatch.setattr(shacl, "check", spy)
    assert shacl.shacl_errors(checked(), shapes, graph.names, locate, memo) == []
    assert asked == []  # nothing changed, nothing to check

    # an entity's English label tagged French: the entity now lacks an English label
    claim, index = next(
        (c, i)
        for c in graph.claims
        for i, (_, p, o) in enumerate(c.triples)
        if p == SKOS.prefLabel and isinstance(o, Literal) and o.language == "en"
    )
    entity, predicate, label = claim.triples[index]
    claim.triples[index] = (entity, predicate, Literal(str(label), lang="fr"))
    data = checked()
    errors = shacl.shacl_errors(data, shapes, graph.names, locate, memo)

    pointing = {ox.NamedNode(s) for s, _, o in graph.data_triples() if o == entity}
    pointing |= {q.subject for q in rdfio.from_rdflib(graph.ontology) if q.object == ox.NamedNode(entity)}
    assert asked == [sorted({ox.NamedNode(entity), *pointing}, key=str)]  # the entity and what points at it, in one check
    where = locate[entity]
    slug = "dgr:" + entity.removeprefix(graph.names.base)
    assert errors == [
        RecordError(where.file, where.line, "skos:prefLabel", f"{slug}: Expected a skos:prefLabel in en (English).")
    ]

    # The engine honours the focus nodes: the store it was given holds the entity's values without
    # their labels, which, checked too, would fail.
    (focus,) = asked
    assert focus is not None
    part = data.what_checking_reads(focus)
    everything = check(part, shapes)[1]
    only_focus = check(part, shapes, focus)[1]
    assert {everything.value(r, SH.focusNode) for r in everything.subjects(RDF.type, SH.ValidationResult)} - {entity}
    assert {only_focus.value(r, SH.focusNode) for r in only_focus.subjects(RDF.type, SH.ValidationResult)} == {entity}


def test_the_shapes_look_one_step_along_a_subjects_properties() -> None:
    """What lets a rebuild check only the changed subjects and those pointing at them, each in a
    store of its own triples, its values' classes and the ontology (graph_build.memo): no shape
    follows a longer path, puts a shape on its values beyond sh:qualifiedValueShape's languages,
    compares properties or runs SPARQL. A new SHACL term here needs that reasoning again."""
    one_step = {
        *(SH.targetClass, SH.targetSubjectsOf, SH.path, SH.alternativePath, SH.property, SH.message),
        *(SH["class"], SH.nodeKind, SH.datatype, SH["or"], SH.minCount, SH.maxCount, SH.pattern, SH.uniqueLang),
        *(SH.qualifiedValueShape, SH.qualifiedMinCount, SH.languageIn, SH.minInclusive, SH["in"]),
    }
    used = {p for p in load_shapes().predicates() if str(p).startswith(str(SH))}
    assert used <= one_step, sorted(used - one_step, key=str)
