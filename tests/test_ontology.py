"""The ontology keeps its contract: every term of docs/ontology-terms.md, bilingual labels and
definitions, the header, OWL 2 DL hygiene, the RDF/XML export, HermiT consistency and the
SHACL shapes."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import opencc
import pyshacl
import pytest
import rdflib.namespace
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SH, SKOS

from ontology import (
    DGO,
    MODULES_DIR,
    ONTOLOGY_IRI,
    PREFIXES,
    OntologyIndex,
    load_ontology,
    load_shapes,
    to_rdfxml,
)
from ontology.namespaces import BIBO, CPOV, CPSV, ELI, ORG, SDO

REPO = Path(__file__).resolve().parent.parent
CONTRACT = REPO / "docs" / "ontology-terms.md"
LANGUAGES = ("zh-Hans", "en")
VANN = "http://purl.org/vocab/vann/"
# A plain Namespace: pytest probes module attributes, and rdflib's XSD warns on unknown names.
XSD = Namespace(str(rdflib.namespace.XSD))
DECLARATIONS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
BOLD_TOP_CLASSES = (
    "Agent",
    "Event",
    "Place",
    "DigitalPlatform",
    "Programme",
    "Initiative",
    "Document",
    "Periodisation",
    "Stage",
    "Concept",
    "Statistic",
    "Case",
)

needs_java = pytest.mark.skipif(
    shutil.which("java") is None or os.environ.get("DGKG_REASONER") == "owlrl",
    reason="HermiT needs a Java runtime (`java` on PATH) and DGKG_REASONER not set to owlrl",
)


def dgo_terms(g: Graph) -> list[URIRef]:
    return sorted(
        {t for kind in DECLARATIONS for t in g.subjects(RDF.type, kind) if isinstance(t, URIRef) and str(t).startswith(str(DGO))}
    )


# ---------------------------------------------------------------------------------------
# Files, header, labels


def test_modules_are_split_by_topic() -> None:
    names = {p.stem for p in MODULES_DIR.glob("*.ttl")}
    assert {
        "core",
        "agents",
        "places",
        "events",
        "platforms",
        "programmes",
        "initiatives",
        "documents",
        "time",
        "knowledge",
        "statistics",
    } <= names


def test_only_core_carries_the_ontology_header() -> None:
    headers = {p.stem for p in MODULES_DIR.glob("*.ttl") if (None, RDF.type, OWL.Ontology) in Graph().parse(p)}
    assert headers == {"core"}


def test_prefixes_are_bound(onto: Graph) -> None:
    bound = dict(onto.namespaces())
    for prefix in ("dgo", "schema", "org", "cpov", "eli", "skos"):
        assert bound[prefix] == URIRef(str(PREFIXES[prefix]))


def test_the_prefix_table_is_what_rdflib_and_the_ontologys_files_say() -> None:
    """ontology.prefixes writes each namespace out so that query text needs no rdflib: each must be
    rdflib's own namespace under that prefix, or the one the ontology's Turtle files declare."""
    from rdflib.namespace import DCAT, PROV, TIME, VOID

    rdflibs = {"rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": rdflib.namespace.XSD, "skos": SKOS, "dcterms": DCTERMS}
    rdflibs |= {"prov": PROV, "time": TIME, "foaf": FOAF, "sh": SH, "dcat": DCAT, "void": VOID}
    declared = {
        prefix: iri
        for path in [*MODULES_DIR.glob("*.ttl"), MODULES_DIR.parent / "shapes.ttl"]
        for prefix, iri in re.findall(r"@prefix\s+([\w-]+):\s*<([^>]*)>", path.read_text(encoding="utf-8"))
    }
    assert {prefix: PREFIXES[prefix] for prefix in rdflibs} == {prefix: str(ns) for prefix, ns in rdflibs.items()}
    named = {prefix: iri for prefix, iri in declared.items() if prefix in PREFIXES}
    assert named == {prefix: PREFIXES[prefix] for prefix in named}
    assert set(PREFIXES) - set(rdflibs) - set(named) == {"dgr", "qb", "oa"}  # the resource base, and two no module uses yet
    assert PREFIXES["dgo"] == str(DGO)


def test_header_metadata(onto: Graph) -> None:
    o = ONTOLOGY_IRI
    assert (o, RDF.type, OWL.Ontology) in onto
    for p in (DCTERMS.title, DCTERMS.description):
        assert {v.language for v in onto.objects(o, p)} == set(LANGUAGES), p
    version_iri = onto.value(o, OWL.versionIRI)
    assert version_iri == URIRef("https://w3id.org/dgkg/ontology/0.1.0")
    assert str(onto.value(o, OWL.versionInfo)) == "0.1.0"
    assert onto.value(o, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    created, modified = onto.value(o, DCTERMS.created), onto.value(o, DCTERMS.modified)
    assert created.datatype == XSD.date and modified.datatype == XSD.date
    assert modified.toPython() >= created.toPython()
    assert str(onto.value(o, URIRef(VANN + "preferredNamespacePrefix"))) == "dgo"
    assert str(onto.value(o, URIRef(VANN + "preferredNamespaceUri"))) == str(DGO)
    citation = str(onto.value(o, DCTERMS.bibliographicCitation))
    assert "0.1.0" in citation and str(version_iri) in citation
    # a prior version is an earlier version IRI of this ontology (0.1.0 is the first: none yet)
    prior = onto.value(o, OWL.priorVersion)
    assert prior is None or (str(prior).startswith("https://w3id.org/dgkg/ontology/") and prior != version_iri)


@pytest.mark.parametrize("role", [DCTERMS.creator, DCTERMS.publisher])
def test_header_agents_are_the_projects_own_and_named(onto: Graph, role: URIRef) -> None:
    """Creator and publisher are IRIs in the project's namespaces, described by a name (never a
    real person or organisation invented for the header)."""
    agents = list(onto.objects(ONTOLOGY_IRI, role))
    assert agents
    for agent in agents:
        assert isinstance(agent, URIRef) and str(agent).startswith(
            ("https://w3id.org/dgkg/ontology#", "https://w3id.org/dgkg/resource/")
        )
        assert (agent, RDF.type, FOAF.Agent) in onto
        assert str(onto.value(agent, FOAF.name) or "").strip()


def test_the_built_header_is_published_and_shown_in_the_docs(built_dist: Path) -> None:
    """dist/ontology.ttl carries the whole header, and the docs page shows each field."""
    built = Graph().parse(built_dist / "ontology.ttl")
    page = (built_dist / "docs" / "index.html").read_text(encoding="utf-8")
    for field in (DCTERMS.created, DCTERMS.modified, DCTERMS.creator, DCTERMS.publisher, DCTERMS.bibliographicCitation):
        values = list(built.objects(ONTOLOGY_IRI, field))
        assert values, field
        for value in values:
            text = built.value(value, FOAF.name) or value  # an agent is shown by its name
            assert html.escape(str(text)) in page, (field, text)


@pytest.mark.parametrize("prop", [RDFS.label, SKOS.definition], ids=["label", "definition"])
def test_every_term_has_exactly_one_per_language(onto: Graph, prop: URIRef) -> None:
    problems = []
    for term in dgo_terms(onto):
        values = list(onto.objects(term, prop))
        for lang in LANGUAGES:
            count = sum(1 for v in values if isinstance(v, Literal) and v.language == lang)
            if count != 1:
                problems.append(f"{term} has {count} {prop} in {lang}")
        problems += [f"{term} has an untagged {prop}" for v in values if not v.language]
    assert not problems, "\n".join(problems)


def test_chinese_is_real_simplified_chinese(onto: Graph) -> None:
    to_simplified = opencc.OpenCC("t2s")
    problems = []
    for term in dgo_terms(onto):
        for prop in (RDFS.label, SKOS.definition):
            for v in onto.objects(term, prop):
                if v.language != "zh-Hans":
                    continue
                if not re.search("[\u4e00-\u9fff]", str(v)):
                    problems.append(f"{term}: no Chinese in {v!r}")
                if to_simplified.convert(str(v)) != str(v):
                    problems.append(f"{term}: traditional characters in {v!r}")
    assert not problems, "\n".join(problems)


def test_definitions_are_one_sentence(onto: Graph) -> None:
    problems = []
    for term in dgo_terms(onto):
        for v in onto.objects(term, SKOS.definition):
            text = str(v)
            if v.language == "zh-Hans" and (not text.endswith("。") or text.count("。") != 1):
                problems.append(f"{term}: {text}")
            if v.language == "en" and (not text.endswith(".") or re.search(r"\.\s+[A-Z]", text)):
                problems.append(f"{term}: {text}")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------------------
# The contract: docs/ontology-terms.md


def contract_rows(table_header: str) -> list[list[str]]:
    """The cells of each row of the table whose header row starts with ``table_header``."""
    rows, inside = [], False
    for line in CONTRACT.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0] == table_header:
            inside = True
            continue
        if inside and not line.startswith("|"):
            inside = False
        if inside and not set(cells[0]) <= set("- "):
            rows.append(cells)
    return rows


def names_in(cell: str) -> list[str]:
    """``CentralGovernmentBody, ProvincialGovernmentBody`` / ``partOf / hasPart`` / ``**Case** (...)``."""
    cell = re.sub(r"\([^)]*\)", "", cell).replace("*", "")
    names = [part.strip().split()[0] for part in re.split(r"[,/]", cell) if part.strip()]
    assert all(re.fullmatch(r"[A-Za-z]+", n) for n in names), cell
    return names


def test_contract_tables_are_parsed() -> None:
    assert len(contract_rows("class")) > 40 and len(contract_rows("property")) > 60


def test_every_contract_class_exists(index: OntologyIndex) -> None:
    missing = [n for row in contract_rows("class") for n in names_in(row[0]) if index.resolve_class(n) is None]
    assert not missing


def test_every_contract_property_exists(index: OntologyIndex) -> None:
    missing = []
    for row in contract_rows("property"):
        # "use skos:broader etc. directly in records": those rows name SKOS properties.
        prefix = "skos:" if "use skos:" in row[2] else ""
        missing += [n for n in names_in(row[0]) if index.resolve_property(prefix + n) is None]
    assert not missing


def test_contract_functional_marks(index: OntologyIndex) -> None:
    marked = [n for row in contract_rows("property") if "(F)" in row[2] and "(F)?" not in row[2] for n in names_in(row[0])]
    assert len(marked) >= 10
    assert [n for n in marked if not index.resolve_property(n).functional] == []


DATATYPES = {
    "year": XSD.gYear,
    "date": XSD.date,
    "month": XSD.gYearMonth,
    "lang": RDF.langString,
    "string": XSD.string,
    "int": XSD.integer,
    "decimal": XSD.decimal,
    "bool": XSD.boolean,
}


def contract_members(text: str) -> list[str]:
    """``Event/Document/Programme`` or ``Agent or Event`` -> the first word of each member."""
    text = re.sub(r"\([^)]*\)", "", text)
    return [m.split()[0] for m in re.split(r"/| or ", text) if m.strip()]


def test_contract_domains_and_ranges(index: OntologyIndex) -> None:
    """Each row's ``domain → range``, read pairwise for ``a / b`` rows.

    A range given once for an ``a / b`` pair of object properties belongs to the first (the
    second is its inverse); a datatype range given once holds for both.
    """
    problems = []
    for row in contract_rows("property"):
        if "use skos:" in row[2] or "→" not in row[1]:
            continue
        names = names_in(row[0])
        domain_text, range_text = (part.strip() for part in row[1].split("→"))
        range_parts = [p.strip() for p in range_text.split(" / ")]
        for position, name in enumerate(names):
            info = index.resolve_property(name)
            paired = len(range_parts) == len(names)
            words = contract_members(range_parts[position] if paired else range_parts[0])
            first = position == 0 or paired
            if words and words[0] != "any" and (first or words[0] in DATATYPES):
                expected_types = {DATATYPES[w] for w in words if w in DATATYPES}
                expected_classes = {index.resolve_class(w) for w in words if w not in DATATYPES}
                ok = info.range in expected_types or (expected_classes and expected_classes <= set(info.ranges))
                if not ok:
                    problems.append(f"{name}: range {info.ranges} vs contract {range_text}")
            domain_words = contract_members(domain_text)
            if domain_words and domain_words[0] != "any" and (first or info.kind == "datatype"):
                for word in domain_words:
                    cls = index.resolve_class(word)
                    if not any(index.is_a(cls, d) for d in info.domains):
                        problems.append(f"{name}: domain {info.domains} vs contract {domain_text}")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------------------
# Axioms


def test_bold_top_classes_are_pairwise_disjoint(onto: Graph, index: OntologyIndex) -> None:
    axioms = list(onto.subjects(RDF.type, OWL.AllDisjointClasses))
    members = {m for a in axioms for m in Collection(onto, onto.value(a, OWL.members))}
    assert {DGO[n] for n in BOLD_TOP_CLASSES} | {DGO.Typology} <= members
    assert DGO.Periodisation in index.disjoint_with(DGO.Typology)
    for scheme in (DGO.Typology, DGO.Periodisation):
        assert index.is_a(scheme, SKOS.ConceptScheme)


def test_transitive_inverse_and_functional_properties(index: OntologyIndex) -> None:
    for name in ("partOf", "hasPart", "subOrganizationOf", "hasSubOrganization", "withinRegion", "precedes", "follows"):
        assert DGO[name] in index.transitive, name
    for a, b in (
        ("partOf", "hasPart"),
        ("subOrganizationOf", "hasSubOrganization"),
        ("nextStage", "previousStage"),
        ("precedes", "follows"),
        ("hasDimension", "dimensionOf"),
        ("mentionedIn", "mentions"),
        ("memberOf", "hasMember"),
    ):
        assert DGO[b] in index.inverses(DGO[a]), (a, b)
    for name in ("stageNumber", "nextStage", "previousStage", "documentNumber", "value", "unit", "indicator", "asOf", "asOfYear"):
        assert index.resolve_property(name).functional, name
    assert DGO.precedes in index.superproperties(DGO.nextStage)
    assert DGO.partOf in index.superproperties(DGO.memberOf)


@pytest.mark.parametrize(
    "term, ancestor",
    [
        (DGO.GovernmentBody, ORG.FormalOrganization),
        (DGO.GovernmentBody, CPOV.PublicOrganisation),
        (DGO.GovernmentBody, SDO.GovernmentOrganization),
        (DGO.OrganizationalChange, ORG.ChangeEvent),
        (DGO.MobileApplication, SDO.MobileApplication),
        (DGO.MobileApplication, SDO.SoftwareApplication),
        (DGO.DigitalService, CPSV.PublicService),
        (DGO.PolicyDocument, ELI.LegalResource),
        (DGO.PolicyDocument, SDO.Legislation),
        (DGO.JournalArticle, BIBO.AcademicArticle),
        (DGO.Person, URIRef("http://xmlns.com/foaf/0.1/Person")),
        (DGO.Stage, URIRef("http://www.w3.org/2006/time#ProperInterval")),
    ],
)
def test_class_alignment(index: OntologyIndex, term: URIRef, ancestor: URIRef) -> None:
    assert index.is_a(term, ancestor)


@pytest.mark.parametrize(
    "prop, ancestor",
    [
        (DGO.originalOrganization, ORG.originalOrganization),
        (DGO.resultingOrganization, ORG.resultingOrganization),
        (DGO.changedOrganization, ORG.originalOrganization),
        (DGO.subOrganizationOf, ORG.transitiveSubOrganizationOf),
        (DGO.documentNumber, ELI.id_local),
        (DGO.partOf, DCTERMS.isPartOf),
        (DGO.withinRegion, SDO.containedInPlace),
        (DGO.stageOf, SKOS.inScheme),
        (DGO.statisticBy, URIRef("http://www.w3.org/ns/prov#wasAttributedTo")),
        (DGO.reportedIn, DCTERMS.source),
        (DGO.basedOn, DCTERMS.source),
        (DGO.cites, BIBO.cites),
        (DGO.cites, DCTERMS.references),
        (DGO.concerns, DCTERMS.subject),
        (DGO.issuedMonth, DCTERMS.issued),
        (DGO.participant, SDO.attendee),
    ],
)
def test_property_alignment(index: OntologyIndex, prop: URIRef, ancestor: URIRef) -> None:
    assert ancestor in index.superproperties(prop)


def test_no_punning(onto: Graph) -> None:
    """An IRI is one kind of term only (a class, or one kind of property): OWL 2 DL."""
    kinds: dict[URIRef, set[URIRef]] = {}
    for kind in DECLARATIONS:
        for term in onto.subjects(RDF.type, kind):
            kinds.setdefault(term, set()).add(kind)
    assert {t: k for t, k in kinds.items() if len(k) > 1} == {}


def test_every_term_used_is_declared(onto: Graph, index: OntologyIndex) -> None:
    """No undeclared standard IRI sneaks in (HermiT would have to guess what it is)."""
    builtin = (str(RDF), str(RDFS), str(OWL), str(XSD))
    # the members of the OWL 2 datatype map that the modules use, and the datatypes they declare
    # (xsd:gYear, xsd:gYearMonth, xsd:date are outside the map: OWL 2 DL wants them declared)
    in_datatype_map = {XSD.integer, XSD.decimal, XSD.string, XSD.boolean, RDF.langString}
    datatypes = in_datatype_map | set(onto.subjects(RDF.type, RDFS.Datatype))
    assert {XSD.gYear, XSD.gYearMonth, XSD.date} <= datatypes
    class_positions = (RDFS.subClassOf, RDFS.domain, RDFS.range, OWL.equivalentClass)
    problems = []
    for _s, p, o in onto:
        if not str(p).startswith(builtin) and p not in index.properties:
            problems.append(f"undeclared property {p}")
        if p in class_positions and isinstance(o, URIRef) and o not in index.classes | datatypes:
            problems.append(f"undeclared class {o}")
        if p in (RDFS.subPropertyOf, OWL.inverseOf) and o not in index.properties:
            problems.append(f"undeclared property {o}")
        if p == RDF.type and not str(o).startswith(builtin) and o not in index.classes:
            problems.append(f"undeclared class {o}")
    assert not problems, "\n".join(sorted(set(problems)))


def test_external_terms_use_known_namespaces(onto: Graph) -> None:
    known = tuple(str(ns) for ns in PREFIXES.values()) + (VANN,)
    iris = {n for triple in onto for n in triple if isinstance(n, URIRef)} - {ONTOLOGY_IRI}
    unknown = {
        i
        for i in iris
        if not str(i).startswith(known)
        and not str(i).startswith(("https://w3id.org/dgkg/ontology/", "https://creativecommons.org/"))
    }
    assert unknown == set()
    assert not any(str(i).startswith("http://schema.org/") for i in iris)


# ---------------------------------------------------------------------------------------
# The index the record builder uses


def test_resolve_names(index: OntologyIndex) -> None:
    assert index.resolve_class("MobileApplication") == DGO.MobileApplication
    assert index.resolve_class("schema:Person") == SDO.Person
    assert index.resolve_class("operatedBy") is None
    assert index.resolve_class("nope:Thing") is None
    assert index.resolve_class("NotAClass") is None

    launch = index.resolve_property("launchYear")
    assert (launch.kind, launch.range, launch.functional) == ("datatype", XSD.gYear, False)
    assert set(launch.domains) == {DGO.DigitalPlatform, DGO.Programme}
    stage_number = index.resolve_property("dgo:stageNumber")
    assert (stage_number.kind, stage_number.range, stage_number.functional) == ("datatype", XSD.integer, True)
    operated = index.resolve_property("operatedBy")
    assert (operated.kind, operated.range) == ("object", DGO.Organization)
    initiated = index.resolve_property("initiatedBy")
    assert initiated.range is None and set(initiated.ranges) == {DGO.Agent, DGO.Event}
    assert index.resolve_property("skos:broader").kind == "object"
    assert index.resolve_property("skos:prefLabel").kind == "annotation"
    assert index.resolve_property("MobileApplication") is None
    assert index.resolve_property("unknownProperty") is None


def test_superclasses_and_labels(index: OntologyIndex) -> None:
    ancestors = index.superclasses(DGO.CentralGovernmentBody)
    assert {
        DGO.GovernmentBody,
        DGO.Organization,
        DGO.Agent,
        ORG.Organization,
        URIRef("http://www.w3.org/ns/prov#Agent"),
    } <= ancestors
    assert DGO.CentralGovernmentBody not in ancestors
    assert index.is_a(DGO.Province, DGO.Place) and not index.is_a(DGO.Place, DGO.Province)
    assert index.label(DGO.Stage, "zh-Hans") == "发展阶段"
    assert index.label(DGO.Stage, "en") == "Stage"
    assert index.label(DGO.Stage, "fr") is None


# ---------------------------------------------------------------------------------------
# RDF/XML, owlready2, HermiT


def test_rdfxml_is_deterministic_and_lossless(onto: Graph) -> None:
    first = to_rdfxml(onto)
    assert first == to_rdfxml(load_ontology())
    assert isomorphic(Graph().parse(data=first, format="xml"), onto)


def test_rdfxml_opens_in_owlready2(onto: Graph, tmp_path: Path) -> None:
    import owlready2

    path = tmp_path / "ontology.owl"
    path.write_bytes(to_rdfxml(onto))
    world = owlready2.World()
    try:
        loaded = world.get_ontology(path.as_uri()).load()
        assert loaded.base_iri == str(DGO)
        app = world[str(DGO.MobileApplication)]
        assert world[str(DGO.DigitalPlatform)] in app.is_a
        assert world[str(DGO.stageNumber)] is not None
        assert len(list(world.classes())) == len([c for c in onto.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)])
    finally:
        world.close()


@pytest.mark.java
@needs_java
def test_hermit_finds_the_ontology_consistent_and_every_class_satisfiable(onto: Graph, tmp_path: Path) -> None:
    import owlready2

    path = tmp_path / "ontology.owl"
    path.write_bytes(to_rdfxml(onto))
    world = owlready2.World()
    try:
        world.get_ontology(path.as_uri()).load()
        owlready2.sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=True)
        assert list(world.inconsistent_classes()) == []
    finally:
        world.close()


@pytest.mark.java
@needs_java
def test_owlapi_parses_the_rdfxml_as_protege_would(onto: Graph, tmp_path: Path) -> None:
    """HermiT's command line reads the file through the OWL API, the parser inside Protégé."""
    import owlready2

    hermit = Path(owlready2.__file__).parent / "hermit"
    path = tmp_path / "ontology.owl"
    path.write_bytes(to_rdfxml(onto))
    run = subprocess.run(
        [
            "java",
            "-cp",
            f"{hermit}{os.pathsep}{hermit / 'HermiT.jar'}",
            "org.semanticweb.HermiT.cli.CommandLine",
            "-c",
            "--ignoreUnsupportedDatatypes",
            path.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert f"SubClassOf( <{DGO.MobileApplication}> <{DGO.DigitalPlatform}> )" in run.stdout
    assert "owl#Nothing" not in run.stdout


# ---------------------------------------------------------------------------------------
# SHACL shapes

SAMPLE_PREFIXES = """
@prefix dgo: <https://w3id.org/dgkg/ontology#> .
@prefix dgr: <https://w3id.org/dgkg/resource/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""

# Sample data with example slugs, not curated facts.
WELL_FORMED = (
    SAMPLE_PREFIXES
    + """
dgr:example-app a dgo:MobileApplication ;
    skos:prefLabel "示例应用"@zh-Hans , "Example app"@en ;
    skos:altLabel "示例應用"@zh-Hant ;
    skos:definition "用于测试的示例移动应用。"@zh-Hans , "An example mobile app for the tests."@en ;
    dgo:operatedBy dgr:example-bureau ;
    dgo:launchYear "2014"^^xsd:gYear .
dgr:example-bureau a dgo:ProvincialGovernmentBody ;
    skos:prefLabel "示例局"@zh-Hans , "Example bureau"@en ;
    skos:definition "用于测试的示例机构。"@zh-Hans , "An example agency for the tests."@en .
dgr:example-indicator a dgo:Indicator ;
    skos:prefLabel "示例指标"@zh-Hans , "Example indicator"@en ;
    skos:definition "用于测试的示例指标。"@zh-Hans , "An example indicator for the tests."@en .
dgr:example-statistic a dgo:Statistic ;
    skos:prefLabel "示例统计"@zh-Hans , "Example statistic"@en ;
    skos:definition "用于测试的示例统计数据。"@zh-Hans , "An example statistic for the tests."@en ;
    dgo:value "81.5"^^xsd:decimal ; dgo:unit "万人" ; dgo:indicator dgr:example-indicator ;
    dgo:statisticAbout dgr:example-app ; dgo:asOfYear "2020"^^xsd:gYear .
dgr:example-opinion a dgo:PolicyDocument ;
    skos:prefLabel "示例意见"@zh-Hans , "Example opinion"@en ;
    skos:definition "用于测试的示例政策文件。"@zh-Hans , "An example policy document for the tests."@en ;
    dgo:documentNumber "国发〔2022〕14号" ; dgo:issuer dgr:example-bureau .
dgr:example-claim a dgo:Claim ;
    prov:wasDerivedFrom dgr:example-source ; dgo:quote "示例引语"@zh-Hans ; dgo:locator "p3" .
dgr:example-external-claim a dgo:Claim ;
    prov:wasDerivedFrom dgr:example-opinion ; dgo:outsideCuratedSources true ;
    dcterms:bibliographicCitation "国发〔2022〕14号, 国务院, 2022-06-06, 示例意见" .
"""
)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def validate(turtle: str, shapes: Graph, onto: Graph) -> tuple[bool, str]:
    conforms, _, text = pyshacl.validate(Graph().parse(data=turtle, format="turtle"), shacl_graph=shapes, ont_graph=onto)
    return conforms, text


def test_shapes_accept_a_well_formed_sample(shapes: Graph, onto: Graph) -> None:
    conforms, text = validate(WELL_FORMED, shapes, onto)
    assert conforms, text


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (', "Example app"@en ;', " ;", "Expected a skos:prefLabel in en (English)."),
        ('"示例应用"@zh-Hans ,', '"示例应用"@zh-Hans , "另一个名称"@zh-Hans ,', "at most one skos:prefLabel per language"),
        ('dgo:value "81.5"^^xsd:decimal ;', "", "Expected a statistic to have a dgo:value."),
        ('dgo:value "81.5"^^xsd:decimal', 'dgo:value "81.5"', "dgo:value"),
        ('"国发〔2022〕14号" ;', '"国发[2022]14号" ;', "文号"),
        ('"2014"^^xsd:gYear', '"2014年"^^xsd:gYear', "dgo:launchYear"),
        ('dgo:quote "示例引语"@zh-Hans ;', "", "Expected a claim to carry a dgo:quote"),
        ("dcterms:bibliographicCitation", "dcterms:description", "dcterms:bibliographicCitation"),
        ("dgo:outsideCuratedSources true", "dgo:outsideCuratedSources false", "only as true"),
        (
            "dgo:operatedBy dgr:example-bureau",
            "dgo:operatedBy dgr:example-indicator",
            "dgo:operatedBy to be an entity of class dgo:Organization",
        ),
    ],
)
def test_shapes_reject_a_broken_sample(shapes: Graph, onto: Graph, old: str, new: str, expected: str) -> None:
    assert old in WELL_FORMED
    conforms, text = validate(WELL_FORMED.replace(old, new, 1), shapes, onto)
    assert not conforms
    assert expected in text


@pytest.mark.parametrize(
    "number, ok",
    [
        ("中办发〔2002〕17号", True),
        ("国发〔2022〕14号", True),
        ("国办发〔2016〕108号", True),
        ("国务院令第708号", True),
        ("国发[2022]14号", False),
        ("国发〔22〕14号", False),
        ("国发〔2022〕第14号", False),
        ("2022-14", False),
    ],
)
def test_document_number_pattern(shapes: Graph, number: str, ok: bool) -> None:
    pattern = next(str(p) for p in shapes.objects(None, SH.pattern) if "〔" in str(p))
    assert bool(re.fullmatch(pattern, number)) is ok


def test_organizational_change_needs_a_time_and_an_organization(shapes: Graph, onto: Graph) -> None:
    change = (
        SAMPLE_PREFIXES
        + """
    dgr:example-change a dgo:OrganizationalChange ;
        skos:prefLabel "示例机构改革"@zh-Hans , "Example change"@en ;
        skos:definition "用于测试的示例机构变动。"@zh-Hans , "An example change for the tests."@en .
    """
    )
    conforms, text = validate(change, shapes, onto)
    assert not conforms
    assert "dgo:date or a dgo:year" in text and "dgo:resultingOrganization" in text


def test_shape_targets_mirror_the_ontology(shapes: Graph, onto: Graph, index: OntologyIndex) -> None:
    entity_classes = {c for c in index.classes if str(c).startswith(str(DGO))} - {DGO.Claim, DGO.Mention}
    entity_shape = URIRef("https://w3id.org/dgkg/ontology/shapes#EntityShape")
    assert set(shapes.objects(entity_shape, SH.targetClass)) == entity_classes

    by_target = {shapes.value(s, SH.targetSubjectsOf): s for s in shapes.subjects(SH.targetSubjectsOf, None)}
    problems = []
    for iri, info in index.properties.items():
        if not str(iri).startswith(str(DGO)) or info.kind == "annotation":
            continue
        shape = by_target.get(iri)
        if shape is None:
            problems.append(f"no shape for {iri}")
            continue
        constraint = next(c for c in shapes.objects(shape, SH.property) if shapes.value(c, SH.path) == iri)
        if info.kind == "datatype" and shapes.value(constraint, SH.datatype) != info.range:
            problems.append(f"{iri}: datatype differs from rdfs:range")
        if info.functional and shapes.value(constraint, SH.maxCount) != Literal(1):
            problems.append(f"{iri}: functional but no sh:maxCount 1")
    assert not problems, "\n".join(problems)


def test_every_shape_says_what_was_expected(shapes: Graph) -> None:
    def nested(node: object) -> bool:
        return any(True for _ in shapes.subjects(RDF.first, node)) or any(True for _ in shapes.subjects(SH["not"], node))

    missing = []
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)):
        if shapes.value(shape, SH.message) is None and not all(
            shapes.value(p, SH.message) for p in shapes.objects(shape, SH.property)
        ):
            missing.append(shape)
    for prop_shape in set(shapes.objects(None, SH.property)):
        parent_in_list = any(nested(parent) for parent in shapes.subjects(SH.property, prop_shape))
        if not parent_in_list and shapes.value(prop_shape, SH.message) is None:
            missing.append(prop_shape)
    assert not missing
    messages = [str(m) for m in shapes.objects(None, SH.message)]
    assert all(m.startswith("Expected") for m in messages)
    assert not any(isinstance(s, BNode) for s in shapes.subjects(RDF.type, SH.NodeShape) if (s, SH.targetClass, None) in shapes)
