"""`dgkg build` on the real records: the artifacts exist, load, and every fact carries provenance."""

from __future__ import annotations

import json
from pathlib import Path

import owlready2
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL, PROV, RDF, SKOS

from graph_build.textmatch import fold
from ontology.namespaces import DGO
from tests.conftest import REPO

CORE_ARTIFACTS = ["dgkg.trig", "dgkg.ttl", "dgkg.nt", "ontology.ttl", "ontology.owl", "inferred.ttl", "build-report.json"]


@pytest.fixture(scope="module")
def dataset(built_dist: Path) -> Dataset:
    ds = Dataset()
    ds.parse(built_dist / "dgkg.trig", format="trig")
    return ds


def test_build_writes_every_core_artifact(built_dist: Path) -> None:
    for name in CORE_ARTIFACTS:
        assert (built_dist / name).stat().st_size > 0, name
    assert not list(built_dist.parent.glob(".dist-*")), "staging directory left behind"


def test_turtle_and_ntriples_hold_the_same_graph(built_dist: Path) -> None:
    turtle = Graph().parse(built_dist / "dgkg.ttl", format="turtle")
    ntriples = Graph().parse(built_dist / "dgkg.nt", format="nt")
    assert len(turtle) == len(ntriples) > 1000
    assert (URIRef("https://w3id.org/dgkg/ontology"), RDF.type, OWL.Ontology) in turtle


def test_ontology_owl_opens_in_owlready2(built_dist: Path) -> None:
    world = owlready2.World()
    onto = world.get_ontology((built_dist / "ontology.owl").as_uri()).load()
    names = {c.name for c in onto.classes()}
    assert {"GovernmentBody", "MobileApplication", "Stage", "PolicyDocument", "Statistic"} <= names


def test_every_claim_is_a_named_graph_with_source_and_verbatim_quote(dataset: Dataset) -> None:
    provenance = dataset.graph(URIRef("https://w3id.org/dgkg/resource/graph/provenance"))
    claims = set(provenance.subjects(RDF.type, DGO.Claim))
    assert len(claims) > 100
    texts = {p.stem: fold(p.read_text(encoding="utf-8")) for p in (REPO / "sources" / "texts").glob("*.txt")}
    named = {g.identifier for g in dataset.graphs()}
    for claim in claims:
        assert claim in named, f"{claim} has no named graph"
        assert len(dataset.graph(claim)) > 0
        source = provenance.value(claim, PROV.wasDerivedFrom)
        assert source is not None, claim
        quote = provenance.value(claim, DGO.quote)
        external = provenance.value(claim, DGO.outsideCuratedSources)
        if external is None or not external.toPython():
            doc_id = str(source).rsplit("/", 1)[-1]
            assert quote is not None, claim
            assert fold(str(quote)) in texts[doc_id], f"{claim}: quote not in {doc_id}"
            assert str(quote) in (REPO / "sources" / "texts" / f"{doc_id}.txt").read_text(encoding="utf-8"), (
                "the stored quote is the source's own text, not the curator's typing"
            )


def test_every_entity_has_both_preferred_labels(dataset: Dataset) -> None:
    union = Graph()
    for graph in dataset.graphs():
        if str(graph.identifier).startswith("https://w3id.org/dgkg/resource/claim/"):
            union += graph
    subjects = {s for s in union.subjects(RDF.type, None) if isinstance(s, URIRef)}
    assert len(subjects) > 100
    for subject in subjects:
        langs = [label.language for label in union.objects(subject, SKOS.prefLabel)]
        assert sorted(langs) == ["en", "zh-Hans"], f"{subject}: {langs}"


def test_inferred_graph_holds_inverse_edges(built_dist: Path) -> None:
    inferred = Graph().parse(built_dist / "inferred.ttl", format="turtle")
    facts = Graph().parse(built_dist / "dgkg.nt", format="nt")
    mentions = list(facts.subject_objects(DGO.mentionedIn))
    assert mentions
    for entity, document in mentions[:50]:
        assert (document, DGO.mentions, entity) in inferred


def test_build_report_counts_match_the_data(built_dist: Path, dataset: Dataset) -> None:
    report = json.loads((built_dist / "build-report.json").read_text(encoding="utf-8"))
    provenance = dataset.graph(URIRef("https://w3id.org/dgkg/resource/graph/provenance"))
    assert report["claims"] == len(set(provenance.subjects(RDF.type, DGO.Claim)))
    assert report["entities"] == sum(report["entities_per_class"].values())
