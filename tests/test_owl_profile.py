"""OWL 2 DL as the OWL API decides it (the reference implementation of the OWL 2 mapping and
profiles, the parser inside Protégé): the built ontology, and the whole graph with it, have no
profile violation and no triple outside the OWL mapping, and the check does fail on an
undeclared datatype, a punned IRI or a triple the mapping drops (broken copies of the ontology).

The checker is tests/owl/OwlDlProfileCheck.java, run by the java launcher from source (the JRE's
jdk.compiler module compiles it, so no JDK is needed) against the OWL API that scripts/setup.sh
installs from Debian (libowlapi-java)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib.namespace
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ontology import DGO

# A plain Namespace: pytest probes module attributes, and rdflib's XSD warns on unknown names.
XSD = Namespace(str(rdflib.namespace.XSD))

JAVA_LIBS = Path("/usr/share/java")
CHECKER = Path(__file__).resolve().parent / "owl" / "OwlDlProfileCheck.java"
# libowlapi-java has no Class-Path manifest: the OWL API and what its parsers load, by Debian name
OWLAPI_JARS = (
    "owlapi-distribution",
    "guava",
    "caffeine",
    "commons-io",
    "commons-rdf-api",
    "hppcrt",
    "atinject-jsr330-api",
    "xz",
    "slf4j-api",
    "slf4j-nop",
)

pytestmark = [
    pytest.mark.java,
    pytest.mark.skipif(
        shutil.which("java") is None or not (JAVA_LIBS / "owlapi-distribution.jar").is_file(),
        reason="needs a Java runtime and the OWL API (scripts/setup.sh installs default-jre-headless and libowlapi-java)",
    ),
]


@dataclass(frozen=True)
class Problem:
    file: str
    kind: str  # the OWL API's violation class, or UnparsedTriple
    text: str


def check(*paths: Path) -> dict[Path, list[Problem]]:
    """Every OWL 2 DL problem the OWL API finds in each file, in one JVM run."""
    classpath = [JAVA_LIBS / f"{name}.jar" for name in OWLAPI_JARS] + sorted(JAVA_LIBS.glob("rdf4j-*.jar"))
    run = subprocess.run(
        ["java", "-cp", os.pathsep.join(map(str, classpath)), str(CHECKER), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    problems = [Problem(*line.split("\t", 2)) for line in run.stdout.splitlines()]
    assert run.returncode == (1 if problems else 0), f"the checker failed:\n{run.stderr}"
    return {path: [p for p in problems if p.file == str(path)] for path in paths}


def shown(problems: list[Problem]) -> str:
    return "\n".join(f"{p.kind}: {p.text}" for p in problems)


@pytest.fixture(scope="module")
def whole_graph(built_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every triple the build publishes in one file: the ontology and every named graph of
    dgkg.trig (claims, their provenance, derived counts), plus the inferred triples."""
    triples = {quad.triple for quad in ox.parse(path=built_dist / "dgkg.trig", format=ox.RdfFormat.TRIG)}
    triples |= {quad.triple for quad in ox.parse(path=built_dist / "inferred.ttl", format=ox.RdfFormat.TURTLE)}
    path = tmp_path_factory.mktemp("owl-profile") / "whole-graph.nt"
    ox.serialize(triples, output=path, format=ox.RdfFormat.N_TRIPLES)
    return path


@pytest.fixture(scope="module")
def built_problems(built_dist: Path, whole_graph: Path) -> dict[Path, list[Problem]]:
    return check(built_dist / "ontology.owl", built_dist / "ontology.ttl", whole_graph)


@pytest.mark.parametrize("name", ["ontology.owl", "ontology.ttl"])
def test_the_built_ontology_is_owl2_dl(built_dist: Path, built_problems: dict[Path, list[Problem]], name: str) -> None:
    problems = built_problems[built_dist / name]
    assert not problems, shown(problems)


def test_the_whole_graph_is_owl2_dl_but_for_literals_of_its_declared_xsd_datatypes(
    built_dist: Path, whole_graph: Path, built_problems: dict[Path, list[Problem]]
) -> None:
    """The OWL API also reports every literal whose datatype is outside the OWL 2 datatype map,
    declared or not ("Use of defined datatype in literal"); OWL 2 lets a tool support more
    datatypes than the map, and the years, months and dates of the data need xsd:gYear,
    xsd:gYearMonth and xsd:date. Those literals are the one exception, and only for datatypes
    the ontology declares; anything else (an undeclared term, punning, a stray triple) fails."""
    ontology = Graph().parse(built_dist / "ontology.ttl")
    declared = set(ontology.subjects(RDF.type, RDFS.Datatype))
    literal_datatype = re.compile(r'"\^\^xsd:(\w+) \[')
    allowed, others = [], []
    for problem in built_problems[whole_graph]:
        found = literal_datatype.search(problem.text)
        if problem.kind == "UseOfDefinedDatatypeInLiteral" and found and XSD[found.group(1)] in declared:
            allowed.append(problem)
        else:
            others.append(problem)
    assert not others, shown(others)
    assert allowed, "the data has year literals: the OWL API should have named them (is the whole graph checked?)"


@pytest.fixture(scope="module")
def mutants(built_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Problem]]:
    """Copies of the built ontology, each broken in one way OWL 2 DL forbids."""
    ontology = Graph().parse(built_dist / "ontology.ttl")
    folder = tmp_path_factory.mktemp("owl-mutants")
    breakages: dict[str, tuple[tuple[URIRef | BNode, URIRef, URIRef], bool]] = {
        # the declaration this ontology needs for its year ranges, taken away
        "undeclared-datatype": ((XSD.gYear, RDF.type, RDFS.Datatype), False),
        # a datatype outside the OWL 2 datatype map, used as a range with no declaration
        "new-undeclared-datatype": ((DGO.foundingYear, RDFS.range, XSD.duration), True),
        # one IRI made both an object and a datatype property
        "punned-property": ((DGO.partOf, RDF.type, OWL.DatatypeProperty), True),
        # a class IRI made a datatype too
        "punned-class-and-datatype": ((DGO.Agent, RDF.type, RDFS.Datatype), True),
        # an axiom without its operands: the OWL API drops it unmapped and its profile check
        # says nothing, so only the checker's list of unparsed triples catches it
        "stray-triple": ((BNode(), RDF.type, OWL.AllDisjointClasses), True),
    }
    paths = {}
    for name, (triple, add) in breakages.items():
        mutant = Graph() + ontology
        assert (triple in mutant) != add, f"{name}: the mutation changes nothing"
        (mutant.add if add else mutant.remove)(triple)
        paths[name] = folder / f"{name}.ttl"
        mutant.serialize(paths[name], format="turtle")
    found = check(*paths.values())
    return {name: found[path] for name, path in paths.items()}


@pytest.mark.parametrize(
    "mutant, kind, culprit",
    [
        ("undeclared-datatype", "UseOfUndeclaredDatatype", "xsd:gYear"),
        ("new-undeclared-datatype", "UseOfUndeclaredDatatype", "xsd:duration"),
        ("punned-property", "IllegalPunning", str(DGO.partOf)),
        ("punned-class-and-datatype", "DatatypeIRIAlsoUsedAsClassIRI", str(DGO.Agent)),
        ("stray-triple", "UnparsedTriple", str(OWL.AllDisjointClasses)),
    ],
)
def test_the_check_fails_on_a_broken_copy(mutants: dict[str, list[Problem]], mutant: str, kind: str, culprit: str) -> None:
    problems = mutants[mutant]
    assert any(p.kind == kind and culprit in p.text for p in problems), shown(problems) or "no problem found"
