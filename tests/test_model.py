"""The one read model: what is read about one entity is what the whole graph says about it.

`dgkg lookup` reads only the claims touching one entity (model.read_model with ``about``, in
a SELECT per shape of triple); the views read every claim. Both must give the same facts with
the same evidence, or the lookup and the entity page would disagree.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from model import Fact, ReadModel, read_model
from queries import Store

# A hub, a programme, a document, a place and a statistic: links in, links out, literals, qualifiers.
ENTITIES = ["zheliban", "three-golden-projects", "liao-2021-typology", "zhejiang", "zheliban-daily-active-users-2022"]


@pytest.fixture(scope="module")
def store(built_dist: Path) -> Store:
    return Store.from_dist(built_dist)


@pytest.fixture(scope="module")
def whole(store: Store) -> ReadModel:
    return read_model(store.select, store.layout)


def touching(model: ReadModel, slug: str) -> set[Fact]:
    return {f for f in model.facts + model.naming if f.subject == slug or f.target == slug}


@pytest.mark.parametrize("slug", ENTITIES)
def test_reading_one_entity_gives_what_the_whole_graph_says_about_it(store: Store, whole: ReadModel, slug: str) -> None:
    about = read_model(store.select, store.layout, about=URIRef(store.layout.resource(slug)))
    expected = touching(whole, slug)
    assert expected, f"{slug} has no facts in the whole graph"
    assert touching(about, slug) == expected
    assert about.entities[slug].labels == whole.entities[slug].labels
    assert about.entities[slug].cls == whole.entities[slug].cls
    # its neighbours are entities of the same class as in the whole graph, so links stay links
    for neighbour in {f.target for f in expected if f.target} | {f.subject for f in expected} - {slug}:
        assert about.entities[neighbour].cls == whole.entities[neighbour].cls


def test_every_fact_has_its_claim_source_and_quote(whole: ReadModel) -> None:
    quoted = [f for f in whole.facts if not f.evidence.external]
    assert quoted and all(f.evidence.source and f.evidence.quote and f.evidence.locator for f in quoted)
    outside = [f for f in whole.facts + whole.naming if f.evidence.external]
    assert outside and all(f.evidence.citation for f in outside)


def test_the_views_read_the_model_the_store_answers(built_dist: Path, whole: ReadModel) -> None:
    """The views read an in-memory copy of the dumps' named graphs (queries.Store.graphs_of), faster
    than the store on disk (5.25 s against 7.25 s at 100k). It has no union in its default graph, so every query of
    the model asks within graphs: the model is the one the build's store gives, the source
    documents' titles included."""
    from model.reading import _titles
    from viz import load_model

    assert load_model(built_dist) == whole
    # a source that is not an entity is named by its title, which this copy answers within graphs
    graphs = Store.graphs_of(built_dist)
    assert _titles(graphs.select, graphs.layout, {"liao-2021-typology"}) == {
        "liao-2021-typology": whole.source_titles["liao-2021-typology"]
    }
    assert whole.source_titles["liao-2021-typology"] != "liao-2021-typology"


def test_a_large_graph_is_read_from_the_store_on_disk(
    built_dist: Path, whole: ReadModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above COPY_AT_MOST of N-Quads the copy would cost more memory than a million triples'
    build has to spare (~400 bytes a quad): the model is read from dist/store, the same model."""
    import viz.loading as loading

    def copied(cls: type[Store], dist: Path) -> Store:
        raise AssertionError("the graphs were copied into memory")

    monkeypatch.setattr(loading, "COPY_AT_MOST", 0)
    monkeypatch.setattr(Store, "graphs_of", classmethod(copied))
    assert loading.load_model(built_dist) == whole
