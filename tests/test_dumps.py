"""The build's RDF dumps, sorted on disk in runs (graph_build.dumps), against the in-memory
canonical writer (ontology.rdfio.serialize): the same bytes, whether or not the runs spill, and
TriG, Turtle and RDF/XML made afterwards from the N-Quads and N-Triples."""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest

import graph_build.dumps
from graph_build.dumps import ExternalSort
from ontology import rdfio
from tests.conftest import curated_graph


@pytest.mark.parametrize("run", [3, 1000, 10**9])
def test_lines_come_back_sorted_and_each_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: int) -> None:
    monkeypatch.setattr(graph_build.dumps, "RUN", run)
    rng = random.Random(7)
    lines = [f'<urn:{rng.randrange(500)}> <urn:p> "数{rng.randrange(3)}"@zh .\n' for _ in range(2000)]
    sort = ExternalSort(tmp_path)
    for line in lines:
        sort.add(line)
    assert list(sort.sorted_unique()) == sorted(set(lines))
    assert (len(sort.runs) > 0) == (run < len(lines))  # the small runs did spill to disk


def test_the_dumps_are_what_the_canonical_writer_writes_spilled_or_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    graph = curated_graph()
    inferred = ox.NamedNode(graph.names.inferred)  # stood in for by the mentions: triples without blank nodes, as inferences are
    inferences = [ox.Quad(rdfio.ox_term(s), rdfio.ox_term(p), rdfio.ox_term(o), inferred) for s, p, o in sorted(graph.derived)]
    prefixes = rdfio.prefixes_for(graph.names.base)
    provenance = ox.NamedNode(graph.names.provenance)
    written = {}
    for run in (997, 10**9):  # the curated graph's ~30k quads spill in runs of 997, not in one of 10**9
        monkeypatch.setattr(graph_build.dumps, "RUN", run)
        out = tmp_path / str(run)
        out.mkdir()
        graph_build.dumps.write_dumps(graph.iter_quads(), inferences, out, prefixes, left_out_of_triples=provenance)
        graph_build.dumps.write_prefixed(out, prefixes)
        names = ("dgkg.trig", "dgkg.nq", "dgkg.nt", "dgkg.ttl", "dgkg.rdf", "inferred.ttl")
        written[run] = {name: (out / name).read_bytes() for name in names}
    assert written[997] == written[10**9]
    quads = list(graph.iter_quads())
    asserted = [q for q in quads if q.graph_name != provenance]
    assert written[997]["dgkg.trig"] == rdfio.serialize(quads, "trig", prefixes=prefixes)
    assert written[997]["dgkg.nq"] == rdfio.serialize(quads, "nquads")
    assert written[997]["dgkg.nt"] == rdfio.serialize(asserted, "ntriples")
    assert written[997]["dgkg.ttl"] == rdfio.serialize(asserted, "turtle", prefixes=prefixes)
    assert written[997]["dgkg.rdf"] == rdfio.serialize(asserted, "rdfxml", prefixes=prefixes)
    assert written[997]["inferred.ttl"] == rdfio.serialize(inferences, "turtle", prefixes=prefixes)


def test_the_triples_taken_from_the_sorted_quads_are_sorted_as_triples(tmp_path: Path) -> None:
    """dgkg.nt comes from dgkg.nq's sorted lines without their graphs: terms that begin another
    (an IRI, a literal, a language tag), one triple in several graphs, one only in the graph left
    out, and blank nodes labelled for the triples apart; dgkg.trig from dgkg.nq's lines sorted
    again with their graph first, in the order of their tags as Oxigraph writes them."""
    rng = random.Random(11)
    graphs = [ox.NamedNode(f"urn:g:{name}") for name in ("a", "b", "provenance")]
    objects = [
        ox.NamedNode("urn:x"),
        ox.NamedNode("urn:x/y"),
        ox.Literal("a"),
        ox.Literal("a b"),
        ox.Literal("a", language="en"),
        ox.Literal("a", language="en-gb"),
        ox.Literal("a", language="zh-hans"),
        ox.Literal("a", language="zh-hk"),  # zh-Hans before zh-hk as written, zh-HK before zh-Hans in conventional case
        ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ox.BlankNode("b1"),
    ]
    subjects = [ox.NamedNode("urn:s"), ox.NamedNode("urn:s2"), ox.BlankNode("b2")]
    quads = {
        ox.Quad(rng.choice(subjects), ox.NamedNode(f"urn:p{rng.randrange(2)}"), rng.choice(objects), rng.choice(graphs))
        for _ in range(300)
    }
    graph_build.dumps.write_dumps(iter(quads), [], tmp_path, {}, left_out_of_triples=graphs[2])
    kept = [q for q in quads if q.graph_name != graphs[2]]
    assert (tmp_path / "dgkg.nq").read_bytes() == rdfio.serialize(quads, "nquads")
    assert (tmp_path / "dgkg.nt").read_bytes() == rdfio.serialize(kept, "ntriples")
    graph_build.dumps.write_prefixed(tmp_path, {})
    assert (tmp_path / "dgkg.trig").read_bytes() == rdfio.serialize(quads, "trig")
    assert (tmp_path / "dgkg.ttl").read_bytes() == rdfio.serialize(kept, "turtle")
    assert (tmp_path / "dgkg.rdf").read_bytes() == rdfio.serialize(kept, "rdfxml")
