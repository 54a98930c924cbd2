"""Reasoning returns the inferences worth having, and names the culprits of inconsistency.

The graphs here are hand-written sample data with example slugs, not curated facts.
"""

from __future__ import annotations

import os
import shutil

import pytest
import rdflib.namespace
import rdflib.term
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, XSD

from ontology import DGO, OntologyIndex, ReasoningError, ReasoningResult, load_ontology, reason
from ontology.conflicts import outside_fragment
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
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
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
    assert not any(p.startswith(str(OWL)) for _, p, _ in result.inferred)


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


def test_owlrl_leaves_rdflib_reading_literals_as_it_found_it(onto: Graph) -> None:
    """owlrl can swap rdflib's literal parsers, process-wide, and put back a table other than
    rdflib's own (after it, "2020年"^^xsd:gYear was ill-typed, and pySHACL judged otherwise)."""
    before = dict(rdflib.term._toPythonMapping)
    reason(sample(), onto, prefer="owlrl")
    assert dict(rdflib.term._toPythonMapping) == before
    assert not Literal("2020年", datatype=XSD.gYear).ill_typed


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
    assert all(isinstance(s, URIRef) for s, _, _ in result.inferred)


@pytest.mark.parametrize("prefer", REASONERS)
def test_a_union_domain_that_cannot_hold_is_named(onto: Graph, prefer: str) -> None:
    # dgo:initiatedBy applies to programmes, initiatives and meetings, never to a person.
    bad = sample("dgr:example-person a dgo:Person ; dgo:initiatedBy dgr:example-bureau .")
    result = reason(bad, onto, prefer=prefer)
    assert not result.consistent
    assert (
        "dgr:example-person must be a dgo:Programme or dgo:Initiative or dgo:Meeting (subject of dgo:initiatedBy)"
    ) in result.explanation


# -- the instance checks: merges, unions, values, the fragment they are complete for ----------


@pytest.mark.parametrize("prefer", REASONERS)
def test_two_values_of_a_functional_object_property_are_one_individual(onto: Graph, prefer: str) -> None:
    # dgo:nextStage is functional: the app would have to be stage 2, and platforms are no stages.
    result = reason(sample("dgr:example-stage-1 dgo:nextStage dgr:example-app ."), onto, prefer=prefer)
    assert not result.consistent
    assert (
        "dgr:example-app = dgr:example-stage-2 (one individual: values of functional dgo:nextStage of dgr:example-stage-1)"
    ) in result.explanation
    assert "which are disjoint classes" in result.explanation


def test_individuals_merged_through_an_inverse_bring_their_values_together(onto: Graph) -> None:
    # stage 3's previous stage is stage 1, so stage 1's next stage is stage 3 as well as stage 2:
    # both functional, the three stages are one, with three stage numbers.
    result = reason(sample("dgr:example-stage-3 dgo:previousStage dgr:example-stage-1 ."), onto, prefer="owlrl")
    assert not result.consistent
    assert "dgr:example-stage-1 = dgr:example-stage-2 = dgr:example-stage-3 (one individual: " in result.explanation
    assert "has 3 values for functional dgo:stageNumber: '1'^^xsd:integer, '2'^^xsd:integer, '3'^^xsd:integer" in (
        result.explanation
    )


def test_a_merge_that_agrees_is_consistent_and_numbers_compare_by_value(onto: Graph) -> None:
    # The second next stage is stage 2 again under another name, numbered 2.0: the same number.
    result = reason(
        sample("""
        dgr:example-stage-1 dgo:nextStage dgr:example-stage-two .
        dgr:example-stage-two a dgo:Stage ; dgo:stageNumber "2.0"^^xsd:decimal ."""),
        onto,
        prefer="owlrl",
    )
    assert result.consistent, result.explanation


@pytest.mark.parametrize("prefer", REASONERS)
def test_unions_that_exclude_each_other_are_named(onto: Graph, prefer: str) -> None:
    # dgo:proposes wants a document or meeting, dgo:addresses an initiative, programme, concept or
    # case: each alone could hold, together no choice is free of disjoint classes.
    bad = sample("dgr:example-thing dgo:proposes dgr:example-idea ; dgo:addresses dgr:example-problem .")
    result = reason(bad, onto, prefer=prefer)
    assert not result.consistent
    assert result.explanation.splitlines()[1:] == [
        "dgr:example-thing must be a dgo:Document or dgo:Meeting (subject of dgo:proposes); a dgo:Initiative or "
        "dgo:Programme or dgo:Concept or dgo:Case (subject of dgo:addresses), and every choice among these brings in "
        "disjoint classes"
    ]


@pytest.mark.parametrize("prefer", REASONERS)
def test_a_union_narrowed_to_one_member_is_an_inferred_type(onto: Graph, prefer: str) -> None:
    # Something that proposes is a document or a meeting; an event cannot be a document.
    result = reason(sample("dgr:example-congress a dgo:Event ; dgo:proposes dgr:example-programme ."), onto, prefer=prefer)
    assert result.consistent
    assert (DGR["example-congress"], RDF.type, DGO.Meeting) in result.inferred
    assert (DGR["example-congress"], RDF.type, DGO.Document) not in result.inferred


def test_a_value_of_the_wrong_datatype_is_named(onto: Graph) -> None:
    result = reason(sample('dgr:example-stage-3 dgo:stageNumber "three" .'), onto, prefer="owlrl")
    assert not result.consistent
    assert "dgr:example-stage-3 dgo:stageNumber: expected a value of xsd:integer, got 'three'" in result.explanation


def test_any_iterable_of_triples_is_reasoned_over(onto: Graph) -> None:
    from_graph = reason(sample(), onto, prefer="owlrl").inferred
    from_generator = reason((triple for triple in sample()), onto, prefer="owlrl").inferred
    assert set(from_generator) == set(from_graph) and len(from_graph) > 20


def test_the_ontology_stays_inside_the_fragment_the_checks_are_complete_for(onto: Graph) -> None:
    """The instance checks find every inconsistency HermiT would only for the axioms
    ontology/conflicts.py argues for: a new kind of axiom must come with new checks."""
    assert outside_fragment(onto, OntologyIndex.from_graph(onto)) == []


@pytest.mark.parametrize(
    "axiom",
    [
        "dgo:Meeting rdfs:subClassOf [ a owl:Restriction ; owl:onProperty dgo:initiatedBy ; owl:someValuesFrom dgo:Agent ] .",
        "dgo:mentionedIn a owl:InverseFunctionalProperty .",
        "dgo:partOf owl:propertyChainAxiom ( dgo:partOf dgo:withinRegion ) .",
        "dgo:stageOf rdfs:domain dgo:Event .",
        "dgo:precedes a owl:FunctionalProperty .",
        "dgr:example-app owl:sameAs dgr:example-bureau .",
    ],
)
def test_an_axiom_outside_the_fragment_is_refused(onto: Graph, axiom: str) -> None:
    extended = Graph()
    extended += onto
    extended.parse(data=PREFIXES + axiom, format="turtle")
    assert outside_fragment(extended, OntologyIndex.from_graph(extended))
    with pytest.raises(ReasoningError, match="not proven complete"):
        reason(sample(), extended, prefer="owlrl")


@pytest.mark.parametrize("prefer", REASONERS)
def test_a_class_that_can_have_no_members_fails_the_schema(onto: Graph, prefer: str) -> None:
    chimera = Graph()
    chimera += onto
    chimera.parse(
        data=PREFIXES + "dgo:Chimera a owl:Class ; rdfs:subClassOf dgo:Person , dgo:DigitalPlatform .",
        format="turtle",
    )
    result = reason(sample(), chimera, prefer=prefer)
    assert not result.consistent and len(result.inferred) == 0
    assert "found the ontology itself at fault" in result.explanation
    assert "class dgo:Chimera can have no members" in result.explanation


class DictMemo:
    def __init__(self) -> None:
        self.kept: dict[tuple[str, str], bytes] = {}

    def get(self, name: str, key: str) -> bytes | None:
        return self.kept.get((name, key))

    def put(self, name: str, key: str, content: bytes) -> None:
        self.kept[(name, key)] = content


@pytest.mark.java
@needs_java
def test_hermit_answers_an_ontology_once(onto: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    memo = DictMemo()
    first = reason(sample(), onto, memo=memo)
    assert first.consistent and len(memo.kept) == 1

    def not_again(*args: object) -> None:
        raise AssertionError("HermiT ran again on an ontology it had answered")

    monkeypatch.setattr("ontology.reasoning._run_hermit", not_again)
    second = reason(sample("dgr:example-person a dgo:Person ."), onto, memo=memo)
    assert second.consistent and second.reasoner == "hermit"
