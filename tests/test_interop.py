"""Every export read by independent parsers gives the same triples: rdflib, pyoxigraph, pyld
(JSON-LD expanded then turned into RDF), Raptor's `rapper`, Jena's `riot` (JSON-LD);
Rasqal's `roqet` answers a SPARQL query on the Turtle export as the project's store does;
ontology.owl opens in owlready2."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import owlready2
import pyoxigraph as ox
import pytest
from pyld import jsonld
from rdflib import Dataset, Graph

from publish import FORMATS, load
from publish.export import export
from queries import Store
from tests.stores import jena

RDFLIB = {"turtle": "turtle", "ntriples": "nt", "rdfxml": "xml", "jsonld": "json-ld", "trig": "trig", "nquads": "nquads"}
OXIGRAPH = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}
RAPTOR = {"turtle": "turtle", "ntriples": "ntriples", "rdfxml": "rdfxml", "trig": "trig", "nquads": "nquads"}
PART_OF_QUERY = (
    "PREFIX dgo: <https://w3id.org/dgkg/ontology#> SELECT ?s WHERE "
    "{ ?s dgo:partOf <https://w3id.org/dgkg/resource/zhejiang-public-data-platform> } ORDER BY ?s"
)


@pytest.fixture(scope="module")
def exported(built_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every RDF format, with the inferences (the store the project queries holds them too)."""
    out = tmp_path_factory.mktemp("interop")
    data = load(built_dist, inferred=True)
    return {name: export(data, name, out / f"dgkg.{fmt.extension}")[0] for name, fmt in FORMATS.items()}


def canonical(quads: list[ox.Quad]) -> set[str]:
    """Quads as N-Quads lines after RDFC canonicalisation of blank nodes, for set comparison."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(quad) for quad in dataset}


def oxigraph_quads(path: Path, fmt: str) -> list[ox.Quad]:
    return list(ox.parse(path=path, format=OXIGRAPH[fmt]))


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_rdflib_and_pyoxigraph_count_the_same(exported: dict[str, Path], fmt: str) -> None:
    if FORMATS[fmt].named_graphs:
        dataset = Dataset()
        dataset.parse(exported[fmt], format=RDFLIB[fmt])
        by_rdflib = len(list(dataset.quads()))
    else:
        by_rdflib = len(Graph().parse(exported[fmt], format=RDFLIB[fmt]))
    assert by_rdflib == len(oxigraph_quads(exported[fmt], fmt)) > 10_000


def test_all_triple_formats_give_the_same_triples(exported: dict[str, Path]) -> None:
    reference = canonical(oxigraph_quads(exported["turtle"], "turtle"))
    for fmt in ("ntriples", "rdfxml", "jsonld"):
        assert canonical(oxigraph_quads(exported[fmt], fmt)) == reference, fmt


def test_jsonld_through_pyld_gives_the_turtle_triples(exported: dict[str, Path]) -> None:
    document = json.loads(exported["jsonld"].read_text(encoding="utf-8"))
    nquads = jsonld.to_rdf(jsonld.expand(document), {"format": "application/n-quads"})
    via_pyld = list(ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    assert canonical(via_pyld) == canonical(oxigraph_quads(exported["turtle"], "turtle"))


def _lower_tags(quads: list[ox.Quad]) -> list[ox.Quad]:
    """Language tags in lower case: BCP 47 compares them so, and jsonld-java writes them so."""
    return [
        ox.Quad(q.subject, q.predicate, ox.Literal(q.object.value, language=q.object.language.lower()), q.graph_name)
        if isinstance(q.object, ox.Literal) and q.object.language
        else q
        for q in quads
    ]


@pytest.mark.skipif(not jena.installed(), reason="Jena or a JDK is not installed (bash scripts/setup.sh)")
def test_jena_reads_the_jsonld_dump_and_export_as_their_triples(
    exported: dict[str, Path], built_dist: Path, tmp_path: Path
) -> None:
    """Jena's riot, through jsonld-java (Debian's Jena has no JSON-LD 1.1 reader that runs: Titanium
    needs a Jakarta JSON implementation Debian does not package), reads the build's dgkg.jsonld as
    dgkg.nt's triples, and the export with the inferences as the N-Triples export's."""
    class_path = jena.class_path(tmp_path)
    for document, reference in ((built_dist / "dgkg.jsonld", built_dist / "dgkg.nt"), (exported["jsonld"], exported["ntriples"])):
        result = subprocess.run(
            [str(jena.JAVA), "-cp", class_path, "riotcmd.riot", "--syntax=jsonld10", "--out=nquads", str(document)],
            capture_output=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
        by_jena = list(ox.parse(result.stdout, format=ox.RdfFormat.N_QUADS))
        assert len(by_jena) > 10_000
        assert canonical(_lower_tags(by_jena)) == canonical(_lower_tags(oxigraph_quads(reference, "ntriples"))), document.name


def _rapper_count(path: Path, syntax: str) -> int:
    result = subprocess.run(["rapper", "-i", syntax, "-c", str(path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return int(re.search(r"returned (\d+) (?:triples|statements)", result.stderr).group(1))


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper not installed (Debian raptor2-utils; bash scripts/setup.sh)")
@pytest.mark.parametrize("fmt", list(RAPTOR))
def test_rapper_counts_the_same(exported: dict[str, Path], fmt: str) -> None:
    assert _rapper_count(exported[fmt], RAPTOR[fmt]) == len(oxigraph_quads(exported[fmt], fmt))


@pytest.mark.skipif(shutil.which("roqet") is None, reason="roqet not installed (Debian rasqal-utils; bash scripts/setup.sh)")
def test_roqet_on_the_turtle_export_answers_as_the_project_store(exported: dict[str, Path], built_dist: Path) -> None:
    result = subprocess.run(
        ["roqet", "-q", "-r", "csv", "-D", str(exported["turtle"]), "-e", PART_OF_QUERY],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    by_roqet = result.stdout.split()[1:]  # after the header line
    by_project = [str(row["s"]) for row in Store.from_dist(built_dist).select(PART_OF_QUERY)]
    assert by_roqet == by_project and len(by_project) >= 2
    counted = subprocess.run(
        ["roqet", "-q", "-r", "csv", "-D", str(exported["turtle"]), "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert int(counted.stdout.split()[1]) == len(oxigraph_quads(exported["turtle"], "turtle"))


def test_ontology_owl_opens_in_owlready2(built_dist: Path) -> None:
    world = owlready2.World()
    ontology = world.get_ontology(f"file://{built_dist / 'ontology.owl'}").load()
    names = {cls.name for cls in ontology.classes()}
    assert {"MobileApplication", "Programme"} <= names
    assert world.search_one(iri="https://w3id.org/dgkg/ontology#partOf") is not None
