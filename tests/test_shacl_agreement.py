"""The build's SHACL validation (pyshacl-turbo over a pyoxigraph Store, graph_build.shacl) against
pySHACL, the reference implementation nobody here wrote: both judge the same graphs and must find
the same results, compared as (focus node, result path, source constraint component, severity).

The graphs are the curated graph as the build assembles it, and variants of it each broken in one
way: a value of the wrong class, a literal where an IRI belongs, a wrong datatype, a required
property missing, a claim without quote or source, ... Between them they break every constraint
component ontology/shapes.ttl uses (the W3C SHACL vocabulary, which pySHACL ships, says which
parameter belongs to which component). A variant is checked on the neighbourhood of the node it
breaks (the node's triples, its values' triples and their values' classes, and the ontology), which
keeps each check to a fraction of a second."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD
from rdflib.term import Node

from graph_build.assemble import assemble
from graph_build.graph import KnowledgeGraph
from graph_build.library import SourceLibrary
from graph_build.mentions import derive_mentions, derived_graph_provenance
from graph_build.records import load_records
import graph_build.shacl
from graph_build.shacl import ShaclData, check, shacl_errors
from ontology import DEFAULT_RESOURCE_BASE, DGO, SH, IriLayout, OntologyIndex, curie, load_ontology, load_shapes, rdfio
from tests.conftest import REPO, curated_graph

Triple = tuple[Node, Node, Node]
Result = tuple[Node, object, Node, Node]  # focus node, path (an IRI or its structure), component, severity


@dataclass(frozen=True)
class Corpus:
    shapes: Graph
    ontology: list[Triple]
    curated: KnowledgeGraph
    data: Graph  # the curated graph's facts and provenance, without the ontology
    about: dict[Node, list[Triple]]  # data's triples by subject


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    curated = curated_graph()
    ontology = curated.ontology
    data = curated.provenance(into=curated.facts())
    return Corpus(load_shapes(), list(ontology), curated, data, by_subject(data))  # type: ignore[arg-type]


def by_subject(triples: Iterable[Triple]) -> dict[Node, list[Triple]]:
    about: dict[Node, list[Triple]] = defaultdict(list)
    for triple in triples:
        about[triple[0]].append(triple)
    return about


# -- the two validators -------------------------------------------------------------------------
def results(report: Graph, shapes: Graph) -> set[Result]:
    out: set[Result] = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(result, SH.resultPath)
        out.add(
            (
                report.value(result, SH.focusNode),  # type: ignore[arg-type]
                path_key(shapes, path),
                report.value(result, SH.sourceConstraintComponent),  # type: ignore[arg-type]
                report.value(result, SH.resultSeverity),  # type: ignore[arg-type]
            )
        )
    return out


def path_key(shapes: Graph, path: Node | None) -> object:
    """A path as the shapes state it: an IRI, or e.g. ("alternativePath", (dgo:date, dgo:year)),
    so that the two reports' blank nodes need not match."""
    if not isinstance(path, BNode):
        return path
    ((kind, value),) = shapes.predicate_objects(path)
    return (str(kind), tuple(Collection(shapes, value)) if isinstance(value, BNode) else value)


def reference(triples: Iterable[Triple], shapes: Graph) -> tuple[bool, set[Result]]:
    """pySHACL's verdict, with the options the build gives its own engine."""
    data = Graph()
    for triple in triples:
        data.add(triple)
    conforms, report, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        inplace=True,  # no copy of a throwaway graph
    )
    return bool(conforms), results(report, shapes)


def build(quads: Iterable[ox.Quad], shapes: Graph) -> tuple[bool, set[Result]]:
    """The build's engine, with the build's options, over one store of all the quads: each triple
    once in the default graph, the ontology's in its own graph, as a batch holds them."""
    ontology, store = ox.NamedNode(IriLayout(DEFAULT_RESOURCE_BASE).ontology), ox.Store()
    store.bulk_extend(q if q.graph_name == ontology else ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    conforms, report = check(store, shapes)
    return conforms, results(report, shapes)


def as_quads(triples: Iterable[Triple]) -> Iterable[ox.Quad]:
    return (ox.Quad(rdfio.ox_term(s), rdfio.ox_term(p), rdfio.ox_term(o)) for s, p, o in triples)  # type: ignore[arg-type]


def test_the_curated_graph_is_judged_alike(corpus: Corpus) -> None:
    built = build(corpus.curated.iter_quads(), corpus.shapes)  # the quads the build checks
    expected = reference([*corpus.data, *corpus.ontology], corpus.shapes)
    assert built == expected == (True, set())


# -- broken variants ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Breakage:
    focus: Node
    remove: Sequence[Triple]
    add: Sequence[Triple]


def one(data: Graph, predicate: URIRef, accept: Callable[[Node], bool] = lambda _: True) -> Triple:
    """The first (sorted) triple of `predicate` whose object `accept`s: the same one every run."""
    return min(((s, p, o) for s, p, o in data.triples((None, predicate, None)) if accept(o)), key=str)


def claim(data: Graph) -> Node:
    """The first (sorted) claim with a quote."""
    return min((s for s in data.subjects(RDF.type, DGO.Claim) if (s, DGO.quote, None) in data), key=str)


def value_of_wrong_class(data: Graph) -> Breakage:
    s, p, o = one(data, DGO.operatedBy)  # sh:class dgo:Organization
    return Breakage(s, [(s, p, o)], [(s, p, claim(data))])


def literal_for_an_iri(data: Graph) -> Breakage:
    s, p, o = one(data, DGO.issuer)  # sh:nodeKind sh:IRI
    return Breakage(s, [(s, p, o)], [(s, p, Literal(str(o)))])


def subject_of_wrong_class(data: Graph) -> Breakage:
    s, _, _ = one(data, DGO.author)  # the subject of dgo:author is a dgo:Document
    types = [(s, RDF.type, c) for c in data.objects(s, RDF.type)]
    return Breakage(s, types, [(s, RDF.type, DGO.Person)])


def subject_of_none_of_the_classes(data: Graph) -> Breakage:
    s, _, _ = one(data, DGO.characteristic)  # sh:or of six classes
    return Breakage(s, [(s, RDF.type, c) for c in data.objects(s, RDF.type)], [])


def wrong_datatype(data: Graph) -> Breakage:
    s, p, o = one(data, DGO.issuedYear)  # xsd:gYear
    return Breakage(s, [(s, p, o)], [(s, p, Literal(str(o)))])


def label_without_language(data: Graph) -> Breakage:
    s, p, o = one(data, SKOS.altLabel)
    return Breakage(s, [(s, p, o)], [(s, p, Literal(str(o)))])


def year_that_is_no_year(data: Graph) -> Breakage:
    s, p, o = one(data, DGO.issuedYear)  # sh:pattern four digits
    return Breakage(s, [(s, p, o)], [(s, p, Literal(f"{o}年", datatype=XSD.gYear))])


def document_number_out_of_pattern(data: Graph) -> Breakage:
    s, p, o = one(data, DGO.documentNumber)
    return Breakage(s, [(s, p, o)], [(s, p, Literal(str(o).replace("〔", "[").replace("〕", "]")))])


def two_values(data: Graph) -> Breakage:
    s, p, o = one(data, DGO.asOfYear)  # at most one
    return Breakage(s, [], [(s, p, Literal("1999", datatype=XSD.gYear))])


def no_english_label(data: Graph) -> Breakage:
    s, p, o = one(data, SKOS.prefLabel, lambda o: isinstance(o, Literal) and o.language == "en")
    return Breakage(s, [(s, p, o)], [])


def english_label_in_french(data: Graph) -> Breakage:
    s, p, o = one(data, SKOS.prefLabel, lambda o: isinstance(o, Literal) and o.language == "en")
    return Breakage(s, [(s, p, o)], [(s, p, Literal(str(o), lang="fr"))])


def two_chinese_labels(data: Graph) -> Breakage:
    s, p, o = one(data, SKOS.prefLabel, lambda o: isinstance(o, Literal) and o.language == "zh-Hans")
    return Breakage(s, [], [(s, p, Literal(f"{o}(又名)", lang="zh-Hans"))])


def statistic_without_unit(data: Graph) -> Breakage:
    s, p, o = one(data, DGO.unit)
    return Breakage(s, [(s, p, o)], [])


def claim_without_quote(data: Graph) -> Breakage:
    s = claim(data)
    return Breakage(s, [(s, DGO.quote, o) for o in data.objects(s, DGO.quote)], [])


def claim_without_source(data: Graph) -> Breakage:
    s = claim(data)
    return Breakage(s, [(s, PROV.wasDerivedFrom, o) for o in data.objects(s, PROV.wasDerivedFrom)], [])


def claim_flagged_false(data: Graph) -> Breakage:
    s = claim(data)
    flag = Literal(False, datatype=XSD.boolean)
    return Breakage(s, [], [(s, DGO.outsideCuratedSources, flag), (s, DCTERMS.bibliographicCitation, Literal("x"))])


def mention_counted_zero(data: Graph) -> Breakage:
    s, p, o = one(data, DGO.mentionCount)  # sh:minInclusive 1
    return Breakage(s, [(s, p, o)], [(s, p, Literal(0))])


def entity_without_iri(data: Graph) -> Breakage:
    s, _, _ = one(data, DGO.operatedBy)
    blank = BNode("entity-without-iri")
    own = list(data.triples((s, None, None)))
    return Breakage(blank, own, [(blank, p, o) for _, p, o in own])


@dataclass(frozen=True)
class Case:
    make: Callable[[Graph], Breakage]
    component: URIRef  # what the focus node must then violate
    inside: frozenset[URIRef] = frozenset()  # components it breaks only within that one
    # what the build's engine reports beyond pySHACL, the one difference found: pyshacl-turbo refuses
    # a literal whose lexical form its datatype does not allow ("2020年"^^xsd:gYear); pySHACL asks
    # rdflib, which parses no xsd:gYear (SHACL requires the check only for SPARQL 1.1's datatypes:
    # https://www.w3.org/TR/shacl/#DatatypeConstraintComponent). The shapes pair every year with
    # a sh:pattern, so both refuse the year all the same.
    build_also: frozenset[URIRef] = frozenset()


CASES = {
    "value of the wrong class": Case(value_of_wrong_class, SH.ClassConstraintComponent),
    "literal where an IRI belongs": Case(literal_for_an_iri, SH.NodeKindConstraintComponent),
    "subject of the wrong class": Case(subject_of_wrong_class, SH.ClassConstraintComponent),
    "subject of none of the classes": Case(subject_of_none_of_the_classes, SH.OrConstraintComponent),
    "wrong datatype": Case(wrong_datatype, SH.DatatypeConstraintComponent),
    "label without a language": Case(label_without_language, SH.DatatypeConstraintComponent),
    "year that is no year": Case(
        year_that_is_no_year, SH.PatternConstraintComponent, build_also=frozenset({SH.DatatypeConstraintComponent})
    ),
    "document number out of pattern": Case(document_number_out_of_pattern, SH.PatternConstraintComponent),
    "two values where one is allowed": Case(two_values, SH.MaxCountConstraintComponent),
    "no English label": Case(no_english_label, SH.QualifiedMinCountConstraintComponent),
    "English label tagged French": Case(
        english_label_in_french, SH.QualifiedMinCountConstraintComponent, inside=frozenset({SH.LanguageInConstraintComponent})
    ),
    "two Chinese labels": Case(two_chinese_labels, SH.UniqueLangConstraintComponent),
    "statistic without a unit": Case(statistic_without_unit, SH.MinCountConstraintComponent),
    "claim without a quote": Case(claim_without_quote, SH.MinCountConstraintComponent),
    "claim without a source": Case(claim_without_source, SH.MinCountConstraintComponent),
    "claim flagged external with false": Case(claim_flagged_false, SH.InConstraintComponent),
    "mention counted zero times": Case(mention_counted_zero, SH.MinInclusiveConstraintComponent),
    "entity without an IRI": Case(entity_without_iri, SH.NodeKindConstraintComponent),
}


def neighbourhood(about: Mapping[Node, list[Triple]], focus: Node) -> list[Triple]:
    """What the shapes read about `focus`, and a little more so that its values conform too:
    its triples, its values' triples and the classes of their values."""
    near = [
        t for node in {focus, *(o for _, _, o in about.get(focus, ()) if not isinstance(o, Literal))} for t in about.get(node, ())
    ]
    return near + [t for _, _, value in near for t in about.get(value, ()) if t[1] == RDF.type]


def broken(about: Mapping[Node, list[Triple]], breakage: Breakage) -> dict[Node, list[Triple]]:
    """`about` with the breakage made."""
    changed = {s for s, _, _ in [*breakage.remove, *breakage.add]}
    after = {**about, **{s: [t for t in about.get(s, ()) if t not in breakage.remove] for s in changed}}
    for triple in breakage.add:
        after[triple[0]].append(triple)
    return after


@pytest.mark.parametrize("name", CASES)
def test_a_broken_variant_is_judged_alike(corpus: Corpus, name: str) -> None:
    case = CASES[name]
    breakage = case.make(corpus.data)
    assert all(t in corpus.data for t in breakage.remove), "a breakage removes only what is there"
    triples = [*neighbourhood(broken(corpus.about, breakage), breakage.focus), *corpus.ontology]
    conforms, expected = reference(triples, corpus.shapes)
    _, found = build(as_quads(triples), corpus.shapes)
    assert expected - found == set()
    assert found - expected == {r for r in found if r[0] == breakage.focus and r[2] in case.build_also}
    # Before the change its node conformed: the curated graph does, and the node's checks read only
    # its neighbourhood (test_build_incremental holds the shapes to one step). So the change broke this.
    assert not conforms
    assert any(focus == breakage.focus and component == case.component for focus, _, component, _ in expected), expected


def test_the_variants_break_every_component_the_shapes_use(corpus: Corpus) -> None:
    vocabulary = Graph().parse(str(files("pyshacl") / "assets" / "shacl.ttl"), format="turtle")
    needs: dict[Node, set[Node]] = defaultdict(set)  # each component's mandatory parameters
    for component, parameter in vocabulary.subject_objects(SH.parameter):
        if vocabulary.value(parameter, SH.optional) is None:  # e.g. sh:qualifiedValueShapesDisjoint
            needs[component].add(vocabulary.value(parameter, SH.path))  # type: ignore[arg-type]
    shapes = corpus.shapes
    used = {
        component
        for component, parameters in needs.items()
        for node in set(shapes.subjects())
        if parameters <= set(shapes.predicates(node))
    }
    # a property shape's results name the component that failed in it, never sh:property's own
    used.discard(SH.PropertyConstraintComponent)
    broken = {case.component for case in CASES.values()}.union(*(case.inside for case in CASES.values()))
    assert used, "no constraint component found: is the SHACL vocabulary read right?"
    assert used <= broken, f"no variant breaks {sorted(used - broken, key=str)}: add one to CASES"


def test_checking_in_batches_finds_what_one_check_finds(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build checks BATCH subjects at a time, each batch in a store of what its checks read:
    with every breakage made at once (but the blank subject, which a batch cannot name), batches
    of 7 subjects find exactly the violations one batch of all of them finds, each breakage's."""
    about = corpus.about
    focuses = []
    for name, case in CASES.items():
        if name != "entity without an IRI":
            breakage = case.make(corpus.data)
            about = broken(about, breakage)
            focuses.append(breakage.focus)
    names = IriLayout(DEFAULT_RESOURCE_BASE)
    data = ShaclData((t for triples in about.values() for t in triples), corpus.ontology, names)

    def errors(batch: int) -> list[str]:
        monkeypatch.setattr(graph_build.shacl, "BATCH", batch)
        return [str(error) for error in shacl_errors(data, corpus.shapes, names, {})]

    in_batches, whole = errors(7), errors(10**9)
    assert in_batches == whole
    prefixes = {"dgr": names.base}
    for focus in focuses:
        assert any(curie(focus, prefixes) in line for line in whole), focus  # type: ignore[arg-type]
