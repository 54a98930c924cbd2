"""SPARQL's dataset rules on the real build, embedded and over HTTP, as Jena and Virtuoso apply
them: the default graph is the union of the named graphs as a set, FROM / FROM NAMED and the
protocol's default-graph-uri / named-graph-uri replace the dataset."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from conftest import run_dgkg
from loopback import request
from queries import Store
from web import RunningEndpoint, Settings, make_endpoint, start

pytestmark = pytest.mark.xdist_group("dataset-semantics")

ONTOLOGY_GRAPH = "https://w3id.org/dgkg/resource/graph/ontology"
COUNT = "SELECT (COUNT(*) AS ?n) {} WHERE {{ ?s ?p ?o }}"


@pytest.fixture(scope="module")
def store(built_dist: Path) -> Store:
    return Store.from_dist(built_dist)


@pytest.fixture(scope="module")
def served(built_dist: Path) -> Iterator[RunningEndpoint]:
    running = start(make_endpoint(built_dist / "store", Settings(workers=2, budget=10_000)))
    yield running
    running.stop()


def count(store: Store, query: str) -> int:
    return int(store.select(query)[0]["n"])


def over_http(served: RunningEndpoint, query: str, **protocol: str) -> int:
    status, _, body = request(
        served.url,
        "GET",
        "/sparql?" + urlencode({"query": query, **protocol}),
        headers={"Accept": "application/sparql-results+json"},
    )
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_the_default_graph_holds_each_triple_once(store: Store) -> None:
    distinct = count(store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }")
    in_graphs = count(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert count(store, COUNT.format("")) == distinct < in_graphs  # some triples are in two claim graphs


def test_from_replaces_the_default_graph(store: Store, served: RunningEndpoint) -> None:
    in_ontology = count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }}")
    assert 1_000 < in_ontology < count(store, COUNT.format(""))
    assert count(store, COUNT.format(f"FROM <{ONTOLOGY_GRAPH}>")) == in_ontology
    assert over_http(served, COUNT.format(f"FROM <{ONTOLOGY_GRAPH}>")) == in_ontology
    assert over_http(served, COUNT.format(""), **{"default-graph-uri": ONTOLOGY_GRAPH}) == in_ontology


def test_from_named_limits_the_graphs(store: Store, served: RunningEndpoint) -> None:
    query = f"SELECT (COUNT(DISTINCT ?g) AS ?n) FROM NAMED <{ONTOLOGY_GRAPH}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert count(store, query) == 1
    assert over_http(served, query) == 1


def test_a_fact_in_two_claims_answers_once(built_dist: Path) -> None:
    """Zheliban serves enterprises: two claims (two texts) say so."""
    done = run_dgkg("query", "platform-audiences", "--param", "platform=zheliban", "--format", "csv", "--dist", str(built_dist))
    assert done.returncode == 0, done.stderr
    rows = done.stdout.splitlines()[1:]
    assert len(rows) == len(set(rows)) and sum(row.startswith("https://w3id.org/dgkg/resource/enterprises,") for row in rows) == 1
