"""The embedded store's fast path: the same answers whether or not a shortcut is taken.

Store.run remembers a question's bound text per (question, values), the store converts each
pyoxigraph term to rdflib once, and a query is tried without dgkg's predeclared prefixes
first. These tests pin what each shortcut must not change.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from ontology import rdfio
from queries import Library, ParameterError, QuerySyntaxError, Store
from queries.store import TermCache
from queries_sample import R, sample_dist, sample_graph, sample_library  # noqa: F401 (fixtures)

DGO = "https://w3id.org/dgkg/ontology#"


@pytest.fixture(scope="module")
def store(sample_dist: Path) -> Store:
    return Store.from_dist(sample_dist)


def test_predeclared_prefixes_still_work_and_declared_ones_win(store: Store) -> None:
    declared = store.select(
        f"PREFIX dgo: <{DGO}> SELECT ?m WHERE {{ <{R('three-golden-projects')}> dgo:hasMember ?m }} ORDER BY ?m"
    )
    predeclared = store.select(f"SELECT ?m WHERE {{ <{R('three-golden-projects')}> dgo:hasMember ?m }} ORDER BY ?m")
    assert declared == predeclared and len(declared) == 3
    elsewhere = store.select(
        f"PREFIX dgo: <http://elsewhere/> SELECT ?m WHERE {{ <{R('three-golden-projects')}> dgo:hasMember ?m }}"
    )
    assert elsewhere == []


def test_a_syntax_error_is_the_real_one_not_the_undeclared_prefix(store: Store) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        store.select("SELECT ?m WHERE {\n  ?m dgo:hasMember\n}")
    assert caught.value.line == 2 and "missing at the end of this line" in str(caught.value)


def test_terms_are_converted_once_and_equal_fresh_conversions(store: Store) -> None:
    query = f"SELECT ?app ?year WHERE {{ ?app <{DGO}foundingYear> ?year }} ORDER BY ?year"
    first, second = store.select(query), store.select(query)
    assert first == second and first
    assert all(a["app"] is b["app"] and a["year"] is b["year"] for a, b in zip(first, second, strict=True))
    assert all(isinstance(row["app"], URIRef) and isinstance(row["year"], Literal) for row in first)


def test_the_term_cache_stays_bounded_and_keeps_unbound_cells_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TermCache, "LIMIT", 2)
    cache = TermCache()
    terms = [ox.NamedNode(f"http://example.org/{n}") for n in range(5)]
    assert [cache[t] for t in terms] == [URIRef(t.value) for t in terms]
    assert len(cache) <= 2
    assert cache[None] is None
    assert cache[ox.Literal("浙江", language="zh-hans")] == Literal("浙江", lang="zh-Hans")


def test_a_repeated_run_binds_once_and_answers_the_same(
    store: Store, sample_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = Library.load(sample_library).get("members")
    asked: list[str] = []
    ask = store.ask

    def counted(query: str) -> bool:
        asked.append(query)
        return ask(query)

    monkeypatch.setattr(store, "ask", counted)
    first = store.run(question, {"group": "three-golden-projects"})
    first.bindings.clear()  # a caller's change to its rows does not reach the next run
    second = store.run(question, {"group": "three-golden-projects"})
    assert len(asked) == 1
    assert first == second and len(second) == 3
    assert [b.term for b in second.bindings] == [R("three-golden-projects")]


def test_a_slug_is_checked_against_the_parameter_class(store: Store, sample_library: Path) -> None:
    question = Library.load(sample_library).get("members")
    assert store.run(question, {"group": "three-golden-projects"}).bindings[0].note is None
    with pytest.raises(ParameterError, match="no entity is called that"):
        store.run(question, {"group": "golden-card-project"})  # a programme, not a programme group


def test_rdflib_terms_are_bound_as_they_are(store: Store, sample_library: Path) -> None:
    question = Library.load(sample_library).get("members")
    other = URIRef(R("golden-card-project"))  # of another class: a term is not checked
    rows = store.run(question, {"group": other})
    assert rows.bindings[0].term is other and rows == []
    count = Library.load(sample_library).get("apps-per-region")
    assert store.run(count, {"since": Literal("2015", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear"))}) == store.run(
        count, {"since": "2015"}
    )


def test_the_store_holds_the_dataset_and_its_union_quad_for_quad(store: Store) -> None:
    """What the build loads: every graph of the rdflib dataset, inferences included, and each
    of their triples once in the default graph (blank nodes compared by RDFC-1.0)."""
    expected = ox.Dataset(rdfio.from_rdflib(sample_graph().dataset(with_inferred=True)))
    for quad in list(expected):
        expected.add(ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph()))
    graphs: list[ox.NamedNode | ox.DefaultGraph] = [*store.named_graphs(), ox.DefaultGraph()]
    held = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object, g) for g in graphs for t in store.triples(g))
    for dataset in (expected, held):
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    assert len(held) == len(expected) > 100
    assert set(map(str, held)) == set(map(str, expected))
