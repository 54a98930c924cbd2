"""The dataset description written by the build (dist/void.ttl) agrees with the data it describes."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID

from conftest import run_dgkg

DATASET = URIRef("https://w3id.org/dgkg/resource/dataset/dgkg")


@pytest.fixture(scope="module")
def void(built_dist: Path) -> Graph:
    return Graph().parse(built_dist / "void.ttl", format="turtle")


def _int(graph: Graph, subject: URIRef, predicate: URIRef) -> int:
    [value] = list(graph.objects(subject, predicate))
    return int(value)


def test_triple_count_is_that_of_the_asserted_dump(void: Graph, built_dist: Path) -> None:
    lines = [line for line in (built_dist / "dgkg.nt").read_text(encoding="utf-8").splitlines() if line.strip()]
    assert _int(void, DATASET, VOID.triples) == len(lines) == len(Graph().parse(built_dist / "dgkg.ttl"))


def test_entity_and_class_partition_counts_match_the_build_report(void: Graph, built_dist: Path) -> None:
    report = json.loads((built_dist / "build-report.json").read_text(encoding="utf-8"))
    assert _int(void, DATASET, VOID.entities) == report["entities"]
    partitions = {}
    for partition in void.objects(DATASET, VOID.classPartition):
        [cls] = list(void.objects(partition, VOID["class"]))
        partitions["dgo:" + str(cls).split("#")[1]] = _int(void, partition, VOID.entities)
    assert partitions == report["entities_per_class"]


def test_counts_match_a_sparql_count_over_the_data(void: Graph, built_dist: Path) -> None:
    data = Graph().parse(built_dist / "dgkg.ttl")
    [(subjects,)] = list(data.query("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"))
    [(properties,)] = list(data.query("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }"))
    assert _int(void, DATASET, VOID.distinctSubjects) == int(subjects)
    assert _int(void, DATASET, VOID.properties) == int(properties)


def test_distributions_give_media_types_and_true_byte_sizes(void: Graph, built_dist: Path) -> None:
    sizes = {}
    for distribution in void.objects(DATASET, DCAT.distribution):
        name = str(distribution).rsplit("/", 1)[1]
        assert list(void.objects(distribution, DCAT.mediaType)), name
        sizes[name] = _int(void, distribution, DCAT.byteSize)
    assert {"dgkg.ttl", "dgkg.nt", "dgkg.jsonld", "dgkg.trig", "ontology.owl", "context.jsonld"} <= set(sizes)
    for name, size in sizes.items():
        assert (built_dist / name).stat().st_size == size, name


def test_title_description_licence_version_vocabularies_endpoint(void: Graph) -> None:
    for predicate in (DCTERMS.title, DCTERMS.description):
        assert {o.language for o in void.objects(DATASET, predicate)} == {"zh-Hans", "en"}
    assert URIRef("https://creativecommons.org/licenses/by/4.0/") in set(void.objects(DATASET, DCTERMS.license))
    assert list(void.objects(DATASET, URIRef(str(DCAT) + "version"))) and list(void.objects(DATASET, DCTERMS.creator))
    vocabularies = {str(v) for v in void.objects(DATASET, VOID.vocabulary)}
    assert {"https://w3id.org/dgkg/ontology#", "http://www.w3.org/2004/02/skos/core#"} <= vocabularies
    assert not list(void.objects(DATASET, VOID.sparqlEndpoint)), "no endpoint configured: none advertised"
    assert (DATASET, RDF.type, DCAT.Dataset) in void and (DATASET, RDF.type, VOID.Dataset) in void
    assert Literal("dgkg developers") in set(void.objects(DATASET, DCTERMS.creator))


def test_a_configured_public_endpoint_is_named(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    done = run_dgkg("build", "--dist", str(dist), "--sparql-endpoint", "https://dgkg.example.org/sparql")
    assert done.returncode == 0, done.stderr
    void = Graph().parse(dist / "void.ttl", format="turtle")
    endpoint = URIRef("https://dgkg.example.org/sparql")
    assert set(void.objects(DATASET, VOID.sparqlEndpoint)) == {endpoint}
    assert (endpoint, DCAT.servesDataset, DATASET) in void


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/sparql",
        "http://localhost/sparql",
        "http://[::1]/sparql",
        "http://0.0.0.0:8000/sparql",
        "ftp://example.org/sparql",
    ],
)
def test_a_loopback_endpoint_is_refused_before_building(tmp_path: Path, url: str) -> None:
    done = run_dgkg("build", "--dist", str(tmp_path / "dist"), "--sparql-endpoint", url)
    assert done.returncode == 2 and "--sparql-endpoint" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "dist").exists()


def test_each_distribution_gives_its_sha256_and_sha256sum_checks_them(void: Graph, built_dist: Path) -> None:
    """DCAT 3's spdx:checksum on each distribution, and SHA256SUMS beside them, which coreutils'
    `sha256sum -c` (not dgkg's code) checks against the files."""
    spdx = Namespace("http://spdx.org/rdf/terms#")
    listed = {}
    for distribution in void.objects(DATASET, DCAT.distribution):
        [checksum] = list(void.objects(distribution, spdx.checksum))
        assert (checksum, spdx.algorithm, spdx.checksumAlgorithm_sha256) in void
        [value] = list(void.objects(checksum, spdx.checksumValue))
        assert value.datatype == URIRef("http://www.w3.org/2001/XMLSchema#hexBinary")
        listed[str(distribution).rsplit("/", 1)[1]] = str(value)
    for name, value in listed.items():
        assert hashlib.sha256((built_dist / name).read_bytes()).hexdigest() == value, name
    sums = (built_dist / "SHA256SUMS").read_text(encoding="ascii")
    assert {line.split("  ")[1]: line.split("  ")[0] for line in sums.splitlines()} == listed
    checked = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=built_dist, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count(": OK") == len(listed) >= 9
