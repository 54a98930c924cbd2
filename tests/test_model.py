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
    """The views read the claims as dgkg.nq streams (model.read_model_from_quads), not by the
    claims' SELECT, which the store on disk answers five times slower: the model must be the one
    the build's store gives, evidence and source documents' titles included."""
    from viz import load_model

    streamed = load_model(built_dist)
    assert streamed == whole
    assert streamed.source_titles["liao-2021-typology"] != "liao-2021-typology"


def _dist_with_dump(built_dist: Path, into: Path, dump: bytes) -> Path:
    """A dist/ that is built_dist but for its dgkg.nq (the rest linked, not copied)."""
    into.mkdir()
    for item in built_dist.iterdir():
        if item.name != "dgkg.nq":
            (into / item.name).symlink_to(item)
    (into / "dgkg.nq").write_bytes(dump)
    return into


def test_only_the_graphs_the_provenance_types_as_claims_are_read_as_claims(
    built_dist: Path, whole: ReadModel, tmp_path: Path
) -> None:
    """As the SELECT joins each claim graph to its type in the provenance graph, a graph of the dump
    that is not typed dgo:Claim there (and a triple in the default graph) adds nothing."""
    from viz import load_model

    slug = "zheliban"
    stray = (
        f'<{whole.entities[slug].iri}> <http://www.w3.org/2004/02/skos/core#prefLabel> "stray"@en '
        f"<{whole.base}claim/not-a-claim> .\n"
        f'<{whole.entities[slug].iri}> <http://www.w3.org/2004/02/skos/core#prefLabel> "stray"@en .\n'
    )
    dist = _dist_with_dump(built_dist, tmp_path / "dist", (built_dist / "dgkg.nq").read_bytes() + stray.encode())
    assert load_model(dist) == whole


def test_a_dump_cut_short_is_named_with_its_line(built_dist: Path, tmp_path: Path) -> None:
    from ontology.formats import DumpUnreadable
    from viz import load_model

    lines = (built_dist / "dgkg.nq").read_bytes().splitlines(keepends=True)
    dist = _dist_with_dump(built_dist, tmp_path / "dist", b"".join(lines[:10]) + lines[10][:25])
    with pytest.raises(DumpUnreadable, match=r"dgkg\.nq.*line 11.*`dgkg build` writes it again"):
        load_model(dist)
    (dist / "dgkg.nq").unlink()
    with pytest.raises(FileNotFoundError, match="dgkg.nq"):
        load_model(dist)


def test_titles_and_vocabulary_are_read_from_the_stream_as_their_selects_read_them() -> None:
    """The streamed model asks no store: the vocabulary comes from the ontology's graph, and a
    source document that is no entity is titled by its first title in code-point order from any
    graph, the inferred one included, as the titles' SELECT finds them (GRAPH ?g). Checked
    against read_model over a store of the same quads; a source with no title keeps its slug."""
    import pyoxigraph as ox
    from rdflib import Literal
    from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

    from model import read_model_from_quads
    from ontology import DGO, IriLayout
    from ontology.rdfio import ox_term

    layout = IriLayout()
    org, claim, doc, bare = (URIRef(layout.base + s) for s in ("some-agency", "claim/c1", "some-article", "untitled-note"))
    cls = DGO.Organization
    quads = [
        (cls, RDFS.label, Literal("Agency", lang="en"), str(layout.ontology)),
        (cls, RDFS.subClassOf, DGO.Agent, str(layout.ontology)),
        (org, RDF.type, cls, str(claim)),
        (org, SKOS.prefLabel, Literal("An agency", lang="en"), str(claim)),
        (claim, RDF.type, DGO.Claim, str(layout.provenance)),
        (claim, PROV.wasDerivedFrom, doc, str(layout.provenance)),
        (claim, DGO.quote, Literal("设立"), str(layout.provenance)),
        (doc, DCTERMS.title, Literal("Zeta, the title in the provenance graph"), str(layout.provenance)),
        (doc, RDFS.label, Literal("Alpha, the title only inferred"), str(layout.inferred)),
    ]
    second = URIRef(layout.base + "claim/c2")
    quads += [
        (org, SKOS.altLabel, Literal("Agency two", lang="en"), str(second)),
        (second, RDF.type, DGO.Claim, str(layout.provenance)),
        (second, PROV.wasDerivedFrom, bare, str(layout.provenance)),
    ]
    store = ox.Store()
    store.extend(ox.Quad(ox_term(s), ox_term(p), ox_term(o), ox.NamedNode(g)) for s, p, o, g in quads)  # type: ignore[arg-type]
    selected = read_model(Store(store).select, layout)
    streamed = read_model_from_quads(iter(quads), layout)
    assert streamed == selected
    assert streamed.source_titles == {"some-article": "Alpha, the title only inferred", "untitled-note": "untitled-note"}
    assert streamed.vocabulary.label(str(cls), "en") == "Agency"
