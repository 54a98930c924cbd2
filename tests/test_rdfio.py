"""The RDF I/O module (ontology.rdfio): one registry of formats, and canonical output that both
pyoxigraph and an independent parser (rdflib) read back as the data written."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from ontology import formats, rdfio
from publish import GraphData, context_for, load
from tests.conftest import run_dgkg

RDFLIB = {"turtle": "turtle", "trig": "trig", "ntriples": "nt", "nquads": "nquads", "jsonld": "json-ld", "rdfxml": "xml"}
EX = "http://example.org/"


@pytest.fixture(scope="module")
def data(built_dist: Path) -> GraphData:
    return load(built_dist, inferred=True)


def canonical_lines(quads: list[ox.Quad]) -> set[str]:
    return {str(q) for q in rdfio.canonical(quads)}


def written(data: GraphData, fmt: formats.Format) -> tuple[list[ox.Quad], bytes]:
    """What a format should hold (the quads, or the triples of every graph) and its text."""
    quads = data.quads if fmt.named_graphs else [ox.Quad(q.subject, q.predicate, q.object) for q in data.quads]
    context = context_for(data.base, data.quads) if fmt.name == "jsonld" else None
    return quads, rdfio.serialize(data.quads, fmt, data.prefixes, context)


def by_rdflib(text: bytes, fmt: formats.Format) -> list[ox.Quad]:
    if fmt.named_graphs:
        dataset = Dataset()
        dataset.parse(data=text, format=RDFLIB[fmt.name])
        return rdfio.from_rdflib(dataset)
    return rdfio.from_rdflib(Graph().parse(data=text, format=RDFLIB[fmt.name]))


@pytest.mark.parametrize("name", list(formats.FORMATS))
def test_every_format_round_trips_the_real_graph_through_pyoxigraph_and_rdflib(data: GraphData, name: str) -> None:
    fmt = formats.FORMATS[name]
    expected, text = written(data, fmt)
    reference = canonical_lines(expected)
    assert len(reference) > 10_000
    assert canonical_lines(rdfio.parse(text, fmt)) == reference, "pyoxigraph"
    assert canonical_lines(by_rdflib(text, fmt)) == reference, "rdflib"


@pytest.mark.parametrize("name", list(formats.FORMATS))
def test_output_does_not_depend_on_blank_node_labels_or_order(data: GraphData, name: str) -> None:
    fmt = formats.FORMATS[name]
    _, first = written(data, fmt)
    relabelled = list(ox.parse(rdfio.serialize(data.quads, "nquads"), format=ox.RdfFormat.N_QUADS, rename_blank_nodes=True))
    relabelled.reverse()
    context = context_for(data.base, data.quads) if fmt.name == "jsonld" else None
    assert rdfio.serialize(relabelled, fmt, data.prefixes, context) == first


def test_literals_keep_their_lexical_form_and_language_tags_their_case() -> None:
    graph = Graph()
    graph.add((URIRef(EX + "a"), URIRef(EX + "value"), Literal("44", datatype=XSD.decimal)))
    graph.add((URIRef(EX + "a"), URIRef(EX + "value"), Literal("01", datatype=XSD.integer, normalize=False)))
    graph.add((URIRef(EX + "a"), URIRef(EX + "label"), Literal("浙里办", lang="zh-Hans")))
    nt = rdfio.serialize(rdfio.from_rdflib(graph), "ntriples").decode("utf-8")
    assert f'"44"^^<{XSD.decimal}>' in nt and f'"01"^^<{XSD.integer}>' in nt
    assert '"浙里办"@zh-Hans' in nt
    turtle = rdfio.serialize(rdfio.from_rdflib(graph), "turtle", {"ex": EX}).decode("utf-8")
    assert '"44"^^' in turtle and '"浙里办"@zh-Hans' in turtle
    xml = rdfio.serialize(rdfio.from_rdflib(graph), "rdfxml", {"ex": EX}).decode("utf-8")
    assert 'xml:lang="zh-Hans"' in xml and ">44<" in xml


def test_ntriples_lines_are_sorted_and_blank_nodes_canonical() -> None:
    quads = [
        ox.Quad(ox.NamedNode(EX + "b"), ox.NamedNode(EX + "p"), ox.BlankNode("random1")),
        ox.Quad(ox.BlankNode("random1"), ox.NamedNode(EX + "p"), ox.Literal("x")),
        ox.Quad(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p"), ox.Literal("y")),
    ]
    lines = rdfio.serialize(quads, "ntriples").decode("utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == 3
    assert "random1" not in "".join(lines) and "_:c14n0" in "".join(lines)


@pytest.mark.parametrize(
    ("media_type", "name"),
    [
        ("text/turtle", "turtle"),
        ("text/turtle; charset=utf-8", "turtle"),
        ("application/x-turtle", "turtle"),
        ("application/trig", "trig"),
        ("application/n-triples", "ntriples"),
        ("application/n-quads", "nquads"),
        ("application/ld+json", "jsonld"),
        ("application/json", "jsonld"),
        ("application/rdf+xml", "rdfxml"),
        ("Application/RDF+XML", "rdfxml"),
    ],
)
def test_media_type_lookup(media_type: str, name: str) -> None:
    fmt = formats.format_for_media_type(media_type)
    assert fmt is not None and fmt.name == name
    assert formats.format_named(media_type.split(";")[0]).name == name


def test_names_extensions_and_nicknames_find_the_format() -> None:
    assert {formats.format_named(text).name for text in ("ttl", "TTL", "turtle")} == {"turtle"}
    assert formats.format_named("nt").name == formats.format_named("n-triples").name == "ntriples"
    assert formats.format_named("owl").name == formats.format_named("rdf").name == "rdfxml"
    assert [f.extension for f in formats.FORMATS.values()] == ["ttl", "trig", "nt", "nq", "jsonld", "rdf"]
    assert [n for n, f in formats.FORMATS.items() if f.named_graphs] == ["trig", "nquads"]


def test_unknown_format_is_a_clear_error_listing_the_formats() -> None:
    assert formats.format_for_media_type("text/html") is None
    with pytest.raises(formats.UnknownFormat) as caught:
        formats.format_named("n3")
    message = str(caught.value)
    assert "'n3'" in message
    for name, fmt in formats.FORMATS.items():
        assert name in message and fmt.media_type in message
    with pytest.raises(ValueError):
        rdfio.serialize([], "csv")


def test_dist_ntriples_is_the_ntriples_export(built_dist: Path, tmp_path: Path) -> None:
    target = tmp_path / "dgkg.nt"
    result = run_dgkg("export", "--format", "ntriples", "--dist", str(built_dist), "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert target.read_bytes() == (built_dist / "dgkg.nt").read_bytes()


def parsed_ntriples(triples: list[tuple]) -> list[ox.Quad]:
    return list(ox.parse(rdfio.ntriples_text(triples), format=ox.RdfFormat.N_TRIPLES))


def as_ox(triples: list[tuple]) -> list[ox.Quad]:
    return [ox.Quad(rdfio.ox_term(s), rdfio.ox_term(p), rdfio.ox_term(o)) for s, p, o in triples]  # type: ignore[arg-type]


def test_ntriples_text_reads_back_as_the_terms_it_was_given() -> None:
    """The SHACL batches reach Oxigraph as this text: each literal must come back with the same
    lexical form, language and datatype as the term itself, whatever characters it holds."""
    s, p = URIRef(EX + "s"), URIRef(EX + "p")
    objects = [
        Literal('引号 "quoted" and \\ backslash'),
        Literal("line\nbreak\r\ttab\b\f and \x00\x1f control"),
        Literal("\u2028 separators \u2029, \x7f, emoji 🏛, 浙里办", lang="zh-Hans"),
        Literal("2020", datatype=XSD.gYear),
        Literal("44.0", datatype=XSD.decimal),
        Literal("plain", datatype=XSD.string),
        Literal(""),
        URIRef(EX + "o?q=1&r=浙#frag"),
    ]
    triples = [(s, p, o) for o in objects]
    assert parsed_ntriples(triples) == as_ox(triples)


@given(st.text(st.characters(codec="utf-8")), st.sampled_from([None, "en", "zh-Hans", "zh-Latn-pinyin"]))
def test_ntriples_text_keeps_any_text(text: str, lang: str | None) -> None:
    triples = [(URIRef(EX + "s"), URIRef(EX + "p"), Literal(text, lang=lang))]
    assert parsed_ntriples(triples) == as_ox(triples)


def test_ntriples_text_refuses_what_is_not_a_term() -> None:
    with pytest.raises(TypeError, match="not an RDF term"):
        rdfio.ntriples_text([(URIRef(EX + "s"), URIRef(EX + "p"), 3)])  # type: ignore[list-item]
