"""`dgkg push` into a real Graph Store (the Oxigraph server from PyPI, started on loopback),
then the same questions asked of it remotely, with the same answers as the embedded store."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import run_dgkg
from queries import Library, RemoteEndpoint, RemoteError, Store, push
from queries_sample import R, free_port, sample_dist, sample_library, start_oxigraph, stop  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.server, pytest.mark.xdist_group("oxigraph-server")]


@pytest.fixture(scope="module")
def union_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    process, url = start_oxigraph(tmp_path_factory.mktemp("oxigraph-union"), union=True)
    yield url
    stop(process)


@pytest.fixture(scope="module")
def local(sample_dist: Path) -> Store:
    return Store.from_dist(sample_dist)


@pytest.fixture(scope="module")
def pushed(union_server: str, sample_dist: Path) -> RemoteEndpoint:
    result = run_dgkg("push", "--endpoint", f"{union_server}/store", "--dist", str(sample_dist), timeout=120)
    assert result.returncode == 0, result.stderr
    assert "named graphs" in result.stdout
    return RemoteEndpoint(f"{union_server}/query")


def test_every_graph_arrives(pushed: RemoteEndpoint, local: Store) -> None:
    rows = pushed.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    remote = {str(row["g"]): row["n"].toPython() for row in rows}
    expected = {g.value: sum(1 for _ in local.triples(g)) for g in local.named_graphs()}
    assert remote == expected


def test_library_questions_answer_the_same_remotely(pushed: RemoteEndpoint, local: Store, sample_library: Path) -> None:
    library = Library.load(sample_library)
    for question, params in [("members", {"group": "三金工程"}), ("apps-per-region", {"region": "廣東"}),
                             ("apps-per-region", {})]:
        assert pushed.run(library.get(question), params) == local.run(library.get(question), params)


def test_provenance_lookup_and_describe_work_remotely(pushed: RemoteEndpoint, local: Store) -> None:
    query = "SELECT ?quote WHERE { GRAPH ?c { dgr:zheliban dgo:region dgr:zhejiang } ?c dgo:quote ?quote }"
    assert pushed.select(query) == local.select(query) and len(local.select(query)) == 1
    assert pushed.lookup("zhe li ban")[0].slug == "zheliban"
    assert pushed.describe(R("zheliban")).facts == local.describe(R("zheliban")).facts


def test_cli_query_against_the_remote_endpoint(pushed: RemoteEndpoint, union_server: str, sample_dist: Path) -> None:
    remote = run_dgkg("query", "programme-group-members", "--param", "group=Three Golden Projects", "--format", "csv",
                      "--endpoint", f"{union_server}/query", env={"DGKG_DIST": "/nonexistent"})
    here = run_dgkg("query", "programme-group-members", "--param", "group=Three Golden Projects", "--format", "csv",
                    "--dist", str(sample_dist))
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == here.stdout and len(remote.stdout.splitlines()) == 4


def test_single_graph_push_into_a_store_without_union_default(tmp_path: Path, local: Store) -> None:
    process, url = start_oxigraph(tmp_path / "plain", union=False)
    try:
        report = push(local, f"{url}/store", per_claim=False)
        remote = RemoteEndpoint(f"{url}/query")
        members = "SELECT ?m WHERE { ?m dgo:memberOf dgr:three-golden-projects } ORDER BY ?m"
        assert remote.select(members) == local.select(members)
        assert remote.select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1") == []
        distinct = local.select("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
        assert report.graphs == 1 and report.triples == distinct[0]["n"].toPython()
    finally:
        stop(process)


def test_push_failures_are_clear(local: Store, union_server: str, sample_dist: Path) -> None:
    with pytest.raises(RemoteError, match="answered HTTP 404"):
        push(local, f"{union_server}/nothing-here")
    result = run_dgkg("push", "--endpoint", f"http://127.0.0.1:{free_port()}/store", "--dist", str(sample_dist))
    assert result.returncode == 1 and "cannot reach http://127.0.0.1:" in result.stderr
