"""Reasoning returns the inferences worth having, and names the culprits of inconsistency.

The graphs here are hand-written sample data with example slugs, not curated facts.
"""

from __future__ import annotations

import os
import shutil

import pytest
import rdflib.namespace
from rdflib import BNode, Dataset, Graph, Namespace, URIRef
from rdflib.namespace import OWL, RDF

from ontology import DGO, OntologyIndex, ReasoningResult, load_ontology, reason
from ontology.namespaces import CPOV, DGR, ORG, SDO

DCT = Namespace(str(rdflib.namespace.DCTERMS))

needs_java = pytest.mark.skipif(
    shutil.which("java") is None or os.environ.get("DGKG_REASONER") == "owlrl",
    reason="HermiT needs a Java runtime (`java` on PATH) and DGKG_REASONER not set to owlrl",
)
requires_java = [pytest.mark.java, needs_java]
REASONERS = [pytest.param("hermit", marks=requires_java), "owlrl"]

PREFIXES = """
@prefix dgo: <https://w3id.org/dgkg/ontology#> .
@prefix dgr: <https://w3id.org/dgkg/resource/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""

SAMPLE = (
    PREFIXES
    + """
dgr:example-app a dgo:MobileApplication ;
    skos:prefLabel "示例应用"@zh-Hans , "Example app"@en ;
    dgo:operatedBy dgr:example-bureau ;
    dgo:launchYear "2014"^^xsd:gYear .
dgr:example-bureau a dgo:ProvincialGovernmentBody .
dgr:example-district a dgo:County ; dgo:partOf dgr:example-city .
dgr:example-city a dgo:City ; dgo:partOf dgr:example-province .
dgr:example-province a dgo:Province .
dgr:example-stage-1 a dgo:Stage ; dgo:stageNumber 1 ; dgo:nextStage dgr:example-stage-2 .
dgr:example-stage-2 a dgo:Stage ; dgo:stageNumber 2 ; dgo:nextStage dgr:example-stage-3 .
dgr:example-stage-3 a dgo:Stage ; dgo:stageNumber 3 .
dgr:example-project dgo:memberOf dgr:example-group .
"""
)


def sample(extra: str = "") -> Graph:
    return Graph().parse(data=SAMPLE + extra, format="turtle")


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module", params=REASONERS)
def result(request: pytest.FixtureRequest, onto: Graph) -> ReasoningResult:
    return reason(sample(), onto, prefer=request.param)


def test_the_preferred_reasoner_ran(result: ReasoningResult, request: pytest.FixtureRequest) -> None:
    assert result.consistent and result.explanation is None
    assert result.reasoner == request.node.callspec.params["result"]
    assert result.seconds > 0


def test_inverse_edge_is_inferred(result: ReasoningResult) -> None:
    assert (DGR["example-city"], DGO.hasPart, DGR["example-district"]) in result.inferred
    assert (DGR["example-stage-2"], DGO.previousStage, DGR["example-stage-1"]) in result.inferred


def test_transitive_chain_closes(result: ReasoningResult) -> None:
    g = result.inferred
    assert (DGR["example-district"], DGO.partOf, DGR["example-province"]) in g
    assert (DGR["example-province"], DGO.hasPart, DGR["example-district"]) in g
    assert (DGR["example-stage-1"], DGO.precedes, DGR["example-stage-3"]) in g
    assert (DGR["example-stage-3"], DGO.follows, DGR["example-stage-1"]) in g


def test_superclasses_including_aligned_ones_are_inferred(result: ReasoningResult) -> None:
    g = result.inferred
    app, bureau = DGR["example-app"], DGR["example-bureau"]
    for cls in (DGO.DigitalPlatform, SDO.MobileApplication, SDO.SoftwareApplication):
        assert (app, RDF.type, cls) in g, cls
    for cls in (DGO.GovernmentBody, DGO.Agent, CPOV.PublicOrganisation, ORG.Organization, SDO.GovernmentOrganization):
        assert (bureau, RDF.type, cls) in g, cls


def test_subproperty_and_domain_range_inferences(result: ReasoningResult) -> None:
    g = result.inferred
    assert (DGR["example-app"], SDO.provider, DGR["example-bureau"]) in g
    assert (DGR["example-district"], DCT.isPartOf, DGR["example-city"]) in g
    assert (DGR["example-project"], DGO.partOf, DGR["example-group"]) in g
    assert (DGR["example-group"], DGO.hasMember, DGR["example-project"]) in g
    # dgo:memberOf's domain and range type both ends.
    assert (DGR["example-project"], RDF.type, DGO.Programme) in g
    assert (DGR["example-group"], RDF.type, DGO.ProgrammeGroup) in g


def test_only_new_facts_about_individuals_without_noise(result: ReasoningResult, onto: Graph) -> None:
    index = OntologyIndex.from_graph(onto)
    asserted = sample()
    terms = set(index.classes) | set(index.properties)
    for s, p, o in result.inferred:
        assert (s, p, o) not in asserted
        assert not isinstance(s, BNode) and not isinstance(o, BNode)
        assert s not in terms
        assert o not in (OWL.Thing, OWL.NamedIndividual)
        assert p == RDF.type or p in index.properties
    assert not any(p.startswith(str(OWL)) for p in result.inferred.predicates())


@pytest.mark.parametrize("prefer", REASONERS)
def test_platform_typed_as_person_is_inconsistent_and_named(onto: Graph, prefer: str) -> None:
    bad = sample("dgr:example-app a dgo:Person .")
    result = reason(bad, onto, prefer=prefer)
    assert not result.consistent
    assert result.reasoner == prefer
    assert "dgr:example-app" in result.explanation
    assert "dgo:Agent" in result.explanation and "dgo:DigitalPlatform" in result.explanation
    assert len(result.inferred) == 0


@pytest.mark.parametrize("prefer", REASONERS)
def test_disjointness_through_a_domain_is_named(onto: Graph, prefer: str) -> None:
    # dgo:operatedBy's domain makes the person a digital platform.
    bad = sample("dgr:example-person a dgo:Person ; dgo:operatedBy dgr:example-bureau .")
    result = reason(bad, onto, prefer=prefer)
    assert not result.consistent
    assert "dgr:example-person" in result.explanation
    assert "subject of dgo:operatedBy" in result.explanation


@pytest.mark.parametrize("prefer", REASONERS)
def test_two_values_of_a_functional_property_are_named(onto: Graph, prefer: str) -> None:
    result = reason(sample("dgr:example-stage-3 dgo:stageNumber 4 ."), onto, prefer=prefer)
    assert not result.consistent
    assert "dgr:example-stage-3 has 2 values for functional dgo:stageNumber" in result.explanation


def test_year_values_hermit_cannot_see_are_still_checked(onto: Graph) -> None:
    """xsd:gYear is outside the OWL 2 datatype map, so dgkg's own check has to catch these."""
    conflicting = sample("""
        dgr:example-meeting a dgo:Meeting ; dgo:year "2015"^^xsd:gYear , "2016"^^xsd:gYear .
        dgr:example-app dgo:launchYear "2014年" .""")
    result = reason(conflicting, onto, prefer="owlrl")
    assert not result.consistent
    assert "dgr:example-meeting has 2 values for functional dgo:year" in result.explanation
    assert "dgr:example-app dgo:launchYear: expected a value of xsd:gYear, got '2014年'" in (result.explanation)


def test_claims_in_named_graphs_are_reasoned_over(onto: Graph) -> None:
    data = Dataset()
    claim = data.graph(DGR["claim-example"])
    claim.add((DGR["example-district"], DGO.partOf, DGR["example-city"]))
    result = reason(data, onto, prefer="owlrl")
    assert (DGR["example-city"], DGO.hasPart, DGR["example-district"]) in result.inferred


def test_owlrl_is_used_when_asked_through_the_environment(onto: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DGKG_REASONER", "owlrl")
    result = reason(sample(), onto)
    assert result.reasoner == "owlrl" and "DGKG_REASONER" in result.note
    assert (DGR["example-city"], DGO.hasPart, DGR["example-district"]) in result.inferred


def test_owlrl_is_used_without_java(onto: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DGKG_REASONER", raising=False)
    monkeypatch.setattr("ontology.reasoning.shutil.which", lambda name: None)
    result = reason(sample(), onto)
    assert result.reasoner == "owlrl" and "Java" in result.note
    assert (DGR["example-district"], DGO.partOf, DGR["example-province"]) in result.inferred


def test_unknown_reasoner_is_refused(onto: Graph) -> None:
    with pytest.raises(ValueError, match="prefer"):
        reason(sample(), onto, prefer="pellet")


@pytest.mark.java
@needs_java
def test_hermit_and_owlrl_agree_on_the_sample(onto: Graph) -> None:
    hermit = reason(sample(), onto, prefer="hermit").inferred
    owlrl = reason(sample(), onto, prefer="owlrl").inferred
    assert set(hermit) == set(owlrl)


def test_an_inferred_individual_is_an_iri(result: ReasoningResult) -> None:
    assert all(isinstance(s, URIRef) for s in result.inferred.subjects())


@pytest.mark.parametrize("prefer", REASONERS)
def test_a_union_domain_that_cannot_hold_is_named(onto: Graph, prefer: str) -> None:
    # dgo:initiatedBy applies to programmes, initiatives and meetings, never to a person.
    bad = sample("dgr:example-person a dgo:Person ; dgo:initiatedBy dgr:example-bureau .")
    result = reason(bad, onto, prefer=prefer)
    assert not result.consistent
    assert (
        "dgr:example-person must be a dgo:Programme or dgo:Initiative or dgo:Meeting (subject of dgo:initiatedBy)"
    ) in result.explanation
