"""Every competency question returns its expected answer from the built graph (docs/competency-format.md):
from the embedded store, through `/sparql` with SPARQLWrapper, and from an Oxigraph server after
`dgkg push`.

The graph is the session's real build (`built_dist` in conftest.py: the answers are those of the
current sources, never of a stale dist/; DGKG_TEST_DIST reuses a build while iterating on
questions). All tests share one xdist group, so they run in one worker.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.term import Node
from ruamel.yaml import YAML
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from queries import Library, RemoteEndpoint, Store, push
from web import RunningEndpoint, Settings, make_endpoint, start
from queries.results import parse_results_json
from queries_sample import start_oxigraph, stop

REPO = Path(__file__).resolve().parent.parent
CASES = sorted((REPO / "tests" / "competency").glob("*.yaml"))
pytestmark = [pytest.mark.xdist_group("built-graph")]


def load_case(path: Path) -> dict:
    case = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    case.setdefault("params", {})
    case.setdefault("mode", "exact")
    return case


@pytest.fixture(scope="module")
def store(built_dist: Path) -> Store:
    return Store.from_dist(built_dist)


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.load()


@pytest.fixture(scope="module")
def endpoint(built_dist: Path) -> Iterator[RunningEndpoint]:
    running = start(make_endpoint(built_dist / "store", Settings(workers=2, budget=100_000, time_limit=60)))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def remote(store: Store, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RemoteEndpoint]:
    process, url = start_oxigraph(tmp_path_factory.mktemp("oxigraph-competency"), union=True)
    try:
        push(store, f"{url}/store")
        yield RemoteEndpoint(f"{url}/query")
    finally:
        stop(process)


def shown(value: Node | None, base: str) -> str | None:
    """A result value as the expectations write it: a slug for our IRIs, else the lexical form."""
    if value is None:
        return None
    text = str(value)
    return text[len(base) :] if isinstance(value, URIRef) and text.startswith(base) else text


def same(expected: object, actual: str, value: Node | None) -> bool:
    if isinstance(expected, (int, float)) and not isinstance(expected, bool) and isinstance(value, Literal):
        try:
            return float(value.toPython()) == float(expected)
        except (TypeError, ValueError):
            return False
    return str(expected) == actual


def check(case: dict, column: list[Node | None], base: str, where: str) -> None:
    # each value beside its display form (a column may hold unbound cells: None)
    pairs = [(shown(value, base), value) for value in column if value is not None]
    actual = [a for a, _ in pairs]
    missing = [e for e in case["expect"] if not any(same(e, a, v) for a, v in pairs)]
    assert not missing, f"{where}: expected {missing} in column ?{case['column']}, got {sorted(set(actual))}"
    if case["mode"] == "exact":
        extra = sorted({a for a, v in pairs if not any(same(e, a, v) for e in case["expect"])})
        assert not extra, f"{where}: unexpected {extra} in column ?{case['column']} (mode: exact)"


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_embedded(path: Path, store: Store, library: Library) -> None:
    case = load_case(path)
    rows = store.run(library.get(case["query"]), case["params"])
    assert case["column"] in rows.variables, f"the query has no column ?{case['column']}: {rows.variables}"
    check(case, rows.column(case["column"]), store.base, "embedded store")


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_through_the_endpoint(path: Path, store: Store, library: Library, endpoint: RunningEndpoint) -> None:
    case = load_case(path)
    text, _ = library.get(case["query"]).bind(case["params"], store.resolve)
    client = SPARQLWrapper(endpoint.url + "/sparql")
    client.setQuery(text)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    rows = parse_results_json(client.query().response.read())
    check(case, rows.column(case["column"]), store.base, "/sparql")


@pytest.mark.server
@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_after_push(path: Path, store: Store, library: Library, remote: RemoteEndpoint) -> None:
    case = load_case(path)
    rows = remote.run(library.get(case["query"]), case["params"])
    check(case, rows.column(case["column"]), store.base, "Oxigraph server after dgkg push")


def test_every_question_has_a_case_and_every_case_a_question(library: Library) -> None:
    named = {load_case(path)["query"] for path in CASES}
    assert not named - set(library.questions), f"cases for unknown questions: {sorted(named - set(library.questions))}"
    untested = sorted(set(library.questions) - named)
    assert not untested, f"questions without a tests/competency/*.yaml case: {untested}"


def test_every_question_runs_with_its_defaults(store: Store, library: Library) -> None:
    empty = [question.name for question in library if not store.run(question)]
    assert not empty, f"questions that answer nothing with their default parameters: {empty}"
