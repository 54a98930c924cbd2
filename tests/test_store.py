"""The embedded store on disk: what the build writes, what readers see, lookup and describe."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

import queries.store
from ontology import IriLayout
from queries import Library, ParameterError, QueryError, QuerySyntaxError, Store, StoreMissing, write_store
from queries.results import Rows
from queries_sample import R, sample_dist, sample_graph, sample_library  # noqa: F401 (fixtures)

PREFIXES = "PREFIX dgo: <https://w3id.org/dgkg/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#> "


@pytest.fixture(scope="module")
def store(sample_dist: Path) -> Store:
    return Store.from_dist(sample_dist)


def test_the_store_holds_every_graph_of_the_dataset(store: Store) -> None:
    graph = sample_graph()
    expected = sum(len(g) for g in graph.dataset(with_inferred=True).graphs() if len(g))
    assert len(store) == expected
    names = {g.value for g in store.named_graphs()}
    assert {
        str(graph.names.ontology),
        str(graph.names.provenance),
        str(graph.names.inferred),
        str(graph.names.claim("c1")),
    } <= names


def test_default_graph_is_the_set_union_of_the_named_graphs_sharing_their_blank_nodes(built_dist: Path) -> None:
    """The build loads the default graph from the dumps, whose blank nodes the loader relabels:
    the ontology's axioms there must be the named ontology graph's own nodes, label for label."""
    raw = ox.Store.read_only(str(built_dist / "store"))
    default = ox.DefaultGraph()
    named = {quad.triple for quad in raw if quad.graph_name != default}
    assert {quad.triple for quad in raw.quads_for_pattern(None, None, None, default)} == named
    assert any(isinstance(triple.subject, ox.BlankNode) for triple in named)  # the ontology's axioms


def dumped(dist: Path) -> set[ox.Quad]:
    """What the store of ``dist`` holds, read from its dumps: dgkg.nq's quads, inferred.ttl's
    triples in the inferred graph, and all their triples in the default graph."""
    inferred = ox.NamedNode(IriLayout.read(dist).inferred)
    quads = set(ox.parse(path=dist / "dgkg.nq")) | {
        ox.Quad(q.subject, q.predicate, q.object, inferred) for q in ox.parse(path=dist / "inferred.ttl")
    }
    return quads | {ox.Quad(q.subject, q.predicate, q.object) for q in quads}


def test_the_store_loaded_in_small_batches_holds_the_dumps_and_their_union(
    built_dist: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store is loaded from the dumps' text a batch at a time: cut into hundreds of batches,
    some with the ontology's blank nodes and some without, it holds what the dumps hold, each
    blank node under the dump's own label."""
    for name in ("dgkg.nq", "inferred.ttl", "layout.json"):
        shutil.copy(built_dist / name, tmp_path / name)
    monkeypatch.setattr(queries.store, "LOAD_BYTES", 1 << 12)
    monkeypatch.setattr(queries.store, "LOAD_BATCH", 100)
    write_store(tmp_path)
    assert set(ox.Store.read_only(str(tmp_path / "store"))) == dumped(tmp_path)


def test_an_inference_about_a_blank_node_is_the_same_node_in_both_graphs(tmp_path: Path) -> None:
    """The reasoner names individuals only; were a blank node among its triples, it would still be
    one node in the inferred graph and in the default graph."""
    layout = IriLayout("https://example.org/r/")
    layout.write(tmp_path)
    (tmp_path / "dgkg.nq").write_text(
        f'<urn:s> <urn:p> _:a <{layout.claim("c1")}> .\n<urn:s> <urn:q> "x" <{layout.claim("c1")}> .\n'
    )
    (tmp_path / "inferred.ttl").write_text("_:b a <urn:C> .\n<urn:s> <urn:r> _:b .\n<urn:s> <urn:r> <urn:o> .\n")
    write_store(tmp_path)
    held = set(ox.Store.read_only(str(tmp_path / "store")))
    assert held == dumped(tmp_path) and len(held) == 10
    assert len({term for quad in held for term in (quad.subject, quad.object) if isinstance(term, ox.BlankNode)}) == 2


def test_default_graph_is_the_union_inferences_included(store: Store) -> None:
    rows = store.select(PREFIXES + "SELECT ?m WHERE { dgr:three-golden-projects dgo:hasMember ?m } ORDER BY ?m")
    assert [row["m"] for row in rows] == [R("golden-bridge-project"), R("golden-card-project"), R("golden-customs-project")]


def test_graph_clause_reaches_a_claim_and_its_provenance(store: Store) -> None:
    rows = store.select(
        PREFIXES
        + """SELECT ?claim ?doc ?quote WHERE {
        GRAPH ?claim { dgr:zheliban dgo:region dgr:zhejiang }
        ?claim prov:wasDerivedFrom ?doc ; dgo:quote ?quote }"""
    )
    assert len(rows) == 1
    assert rows[0]["doc"] == R("liao-2021-typology")
    assert rows[0]["quote"] == Literal("浙江的“浙里办”、广东的“粤省事”", lang="zh-hans")


def test_rows_are_dicts_of_rdflib_terms_with_column_order(store: Store) -> None:
    rows = store.select(PREFIXES + "SELECT ?year ?app ?none WHERE { ?app dgo:foundingYear ?year } ORDER BY ?year")
    assert isinstance(rows, Rows) and rows.variables == ("year", "app", "none")
    assert rows[0] == {
        "year": Literal("2014", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear")),
        "app": R("zheliban"),
        "none": None,
    }
    assert isinstance(rows[0]["app"], URIRef)
    empty = store.select("SELECT ?x ?y WHERE { ?x <http://nothing/> ?y }")
    assert empty == [] and empty.variables == ("x", "y")


def test_plain_string_literals_come_back_plain(store: Store) -> None:
    [row] = store.select('SELECT ?s WHERE { BIND("text" AS ?s) }')
    assert row["s"] == Literal("text") and row["s"].datatype is None


def test_select_binds_params_by_label(store: Store) -> None:
    rows = store.select(PREFIXES + "SELECT ?m WHERE { ?m dgo:memberOf ?g }", params={"g": "金橋工程"})
    assert rows == []
    rows = store.select(PREFIXES + "SELECT ?app WHERE { ?app dgo:region ?r }", params={"r": "廣東省"})
    assert [row["app"] for row in rows] == [R("yueshengshi")]


def test_run_a_library_question_with_a_class_constrained_param(store: Store, sample_library: Path) -> None:
    question = Library.load(sample_library).get("members")
    rows = store.run(question, {"group": "Three Golden Projects"})
    assert [row["member"] for row in rows] == [R("golden-bridge-project"), R("golden-card-project"), R("golden-customs-project")]
    assert rows.bindings[0].term == R("three-golden-projects")
    with pytest.raises(ParameterError, match="no entity is called that"):
        store.run(question, {"group": "金卡工程"})  # a programme, not a programme group


def test_count_question_is_filtered_by_its_param(store: Store, sample_library: Path) -> None:
    question = Library.load(sample_library).get("apps-per-region")
    assert store.run(question)[0]["apps"].toPython() == 2
    assert store.run(question, {"region": "Zhejiang Province"})[0]["apps"].toPython() == 1
    assert store.run(question, {"since": "2015"})[0]["apps"].toPython() == 1


@pytest.mark.parametrize("text", ["浙里办", "浙裡辦", "Zheliban", "zheliban", "zhe li ban", "Zhèlǐbàn", "ZHELIBAN"])
def test_lookup_by_any_name(store: Store, text: str) -> None:
    assert store.lookup(text)[0].slug == "zheliban"


def test_lookup_ranks_exact_before_partial(store: Store) -> None:
    hits = store.lookup("浙江")
    assert hits[0].slug == "zhejiang" and hits[0].exact
    partial = store.lookup("金")
    assert {hit.slug for hit in partial} >= {"golden-card-project", "golden-bridge-project", "three-golden-projects"}
    assert not partial[0].exact


def test_ambiguous_partial_params_are_refused(store: Store) -> None:
    with pytest.raises(ParameterError, match="could mean several entities"):
        store.select("SELECT ?x WHERE { ?x ?p ?g }", params={"g": "金"})


def test_describe_gives_both_directions_with_quotes(store: Store) -> None:
    description = store.describe(R("golden-card-project"))
    facts = {(f.direction, f.predicate.split("#")[-1], f.other): f for f in description.facts}
    member = facts[("out", "memberOf", R("three-golden-projects"))]
    assert member.origin == "claim"
    [evidence] = member.evidence
    assert (evidence.source, evidence.quote, evidence.locator) == (
        "liao-2021-typology",  # the read model names a source by its slug
        "三金工程,即金卡、金桥、金关工程",
        "¶3",
    )
    inverse = facts[("in", "hasMember", R("three-golden-projects"))]
    assert inverse.origin == "inferred" and inverse.evidence == []
    assert description.label(member.predicate, "zh") == "成员属于"
    assert description.label(R("three-golden-projects"), "en") == "Three Golden Projects"


def test_describe_reports_outside_citations(store: Store) -> None:
    description = store.describe(R("liao-2021-typology"))
    [typed] = [f for f in description.facts if f.predicate.endswith("#type")]
    assert typed.evidence[0].external and typed.evidence[0].citation == "Liao 2021"


def test_errors_are_query_errors(store: Store, tmp_path: Path) -> None:
    with pytest.raises(QuerySyntaxError):
        store.select("SELECT ?x WHERE {")
    with pytest.raises(QueryError, match="needs a SELECT"):
        store.select("ASK {}")
    with pytest.raises(StoreMissing, match="run `dgkg build` first"):
        Store.from_dist(tmp_path)


def test_ask_and_construct(store: Store) -> None:
    assert store.ask("ASK { dgr:zheliban a dgo:MobileApplication }")
    turtle = store.construct("CONSTRUCT WHERE { dgr:zheliban dgo:region ?r }").decode()
    assert "dgr:zheliban dgo:region dgr:zhejiang" in turtle
