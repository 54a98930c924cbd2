"""`dgkg export`: every format from the built dist/, asserted-only unless --inferred,
byte-identical between runs and between builds, clear errors."""

from __future__ import annotations

import argparse
import csv
import importlib
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, strategies as st
from pyld import jsonld
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF

from dgkg.commands.export import format_name
from ontology import rdfio
from publish import CONTEXT_FILE, FORMATS, context_for, load
from publish.jsonld import document
from tests.conftest import DGKG, REPO, run_dgkg

INFERRED_GRAPH = "https://w3id.org/dgkg/resource/graph/inferred"
ZHELIBAN = URIRef("https://w3id.org/dgkg/resource/zheliban")


def export(dist: Path, fmt: str, target: Path, *extra: str) -> Path:
    result = run_dgkg("export", "--format", fmt, "--dist", str(dist), "-o", str(target), *extra)
    assert result.returncode == 0, result.stderr
    return target


@pytest.fixture(scope="module")
def exports(built_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, bool], Path]:
    """Every format, with and without inferences, exported once by the real CLI."""
    out = tmp_path_factory.mktemp("exports")
    return {
        (fmt, inferred): export(built_dist, fmt, out / f"{fmt}-{inferred}", *(["--inferred"] if inferred else []))
        for fmt in [*FORMATS, "csv"]
        for inferred in (False, True)
    }


def test_triple_formats_hold_exactly_the_asserted_data(exports, built_dist: Path) -> None:
    asserted = Graph().parse(built_dist / "dgkg.ttl")
    turtle = Graph().parse(exports["turtle", False], format="turtle")
    assert isomorphic(turtle, asserted)
    for fmt, parser in (("ntriples", "nt"), ("rdfxml", "xml"), ("jsonld", "json-ld")):
        assert isomorphic(Graph().parse(exports[fmt, False], format=parser), turtle), fmt


def test_inferred_adds_the_reasoners_triples_and_only_then(exports, built_dist: Path) -> None:
    asserted = Graph().parse(exports["turtle", False], format="turtle")
    with_inferred = Graph().parse(exports["turtle", True], format="turtle")
    inferred = Graph().parse(built_dist / "inferred.ttl")
    assert len(inferred) > 0
    assert isomorphic(with_inferred, asserted + inferred)
    plain = exports["nquads", False].read_text(encoding="utf-8")
    assert INFERRED_GRAPH not in plain
    assert f"<{INFERRED_GRAPH}> ." in exports["nquads", True].read_text(encoding="utf-8")


def test_quad_formats_keep_every_claim_graph_of_the_build(exports, built_dist: Path) -> None:
    built = Dataset()
    built.parse(built_dist / "dgkg.trig", format="trig")
    for fmt in ("trig", "nquads"):
        exported = Dataset()
        exported.parse(exports[fmt, False], format=fmt)
        assert {g.identifier for g in exported.graphs()} == {g.identifier for g in built.graphs()}, fmt
        assert len(list(exported.quads())) == len(list(built.quads())), fmt


def test_ntriples_and_nquads_lines_are_sorted(exports) -> None:
    for fmt in ("ntriples", "nquads"):
        lines = exports[fmt, True].read_text(encoding="utf-8").splitlines()
        assert lines == sorted(lines, key=lambda line: line), fmt


def test_language_tags_keep_their_case(exports) -> None:
    turtle = Graph().parse(exports["turtle", False], format="turtle")
    assert Literal("浙里办", lang="zh-Hans") in set(turtle.objects(ZHELIBAN, None))
    assert '"浙里办"@zh-Hans' in exports["turtle", False].read_text(encoding="utf-8")


def test_jsonld_is_compact_with_the_published_context(exports, built_dist: Path) -> None:
    document = json.loads(exports["jsonld", False].read_text(encoding="utf-8"))
    published = json.loads((built_dist / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert document["@context"] == published
    [node] = [n for n in document["@graph"] if n["id"] == "dgr:zheliban"]
    assert node["type"] == "dgo:MobileApplication"
    assert node["label"] == {"en": "Zhelibang", "zh-Hans": "浙里办"}
    assert node["partOf"] == "dgr:zhejiang-public-data-platform"


def test_published_context_defines_every_dgo_property_of_the_ontology(built_dist: Path) -> None:
    context = json.loads((built_dist / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert context.items() >= json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"].items()
    defined = {d["@id"] for d in context.values() if isinstance(d, dict)}
    ontology = Graph().parse(built_dist / "ontology.ttl")
    properties = {s for kind in (OWL.ObjectProperty, OWL.DatatypeProperty) for s in ontology.subjects(RDF.type, kind)}
    missing = {
        p
        for p in properties
        if str(p).startswith("https://w3id.org/dgkg/ontology#") and "dgo:" + str(p).split("#")[1] not in defined
    }
    assert not missing, f"dist/context.jsonld lacks {sorted(missing)}"
    assert context["partOf"] == {"@id": "dgo:partOf", "@type": "@id"}


def test_csv_one_table_per_class_with_both_languages(exports, built_dist: Path) -> None:
    tables = exports["csv", False]
    report = json.loads((built_dist / "build-report.json").read_text(encoding="utf-8"))
    for curie, count in report["entities_per_class"].items():
        path = tables / f"{curie.split(':', 1)[1]}.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == count, curie
    with (tables / "MobileApplication.csv").open(encoding="utf-8", newline="") as handle:
        [row] = [r for r in csv.DictReader(handle) if r["slug"] == "zheliban"]
    assert (row["label_zh_hans"], row["label_en"]) == ("浙里办", "Zhelibang")
    assert row["alt_labels_zh_hant"] == "浙裏辦 | 浙里辦"
    assert row["dgo:partOf"] == "zhejiang-public-data-platform"
    assert row["iri"] == str(ZHELIBAN)


def test_exporting_again_is_byte_identical(exports, built_dist: Path, tmp_path: Path) -> None:
    for (fmt, inferred), first in exports.items():
        again = export(built_dist, fmt, tmp_path / f"{fmt}-{inferred}", *(["--inferred"] if inferred else []))
        if fmt == "csv":
            assert sorted(p.name for p in again.iterdir()) == sorted(p.name for p in first.iterdir())
            for path in first.iterdir():
                assert (again / path.name).read_bytes() == path.read_bytes(), path.name
        else:
            assert again.read_bytes() == first.read_bytes(), (fmt, inferred)


@pytest.mark.parametrize(("fmt", "dump"), [("jsonld", "dgkg.jsonld"), ("rdfxml", "dgkg.rdf")])
def test_a_format_is_written_from_the_other_dumps_where_the_build_wrote_none(
    exports, built_dist: Path, tmp_path: Path, fmt: str, dump: str
) -> None:
    """A dist/ built before dgkg.jsonld and dgkg.rdf were dumps: the export writes the format from
    dgkg.nt's triples, into the bytes the build's dump holds."""
    older = tmp_path / "dist"
    older.mkdir()
    for path in built_dist.iterdir():
        if path.is_file() and path.name != dump:
            (older / path.name).symlink_to(path)
    assert load(older).dump(FORMATS[fmt]) is None
    written = export(older, fmt, tmp_path / f"out.{fmt}")
    assert written.read_bytes() == (built_dist / dump).read_bytes() == exports[fmt, False].read_bytes()


def test_a_failed_export_leaves_the_target_as_it_was(built_dist: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file is written beside the target and renamed: an export cut off half-way leaves the
    previous file whole and nothing else behind."""
    writer = importlib.import_module("publish.export")  # the module: `publish.export` names the function
    converter = importlib.import_module("publish.convert")

    def broken(quads, context):
        yield b'{"@context": '
        raise OSError("disk full")

    target = tmp_path / "dgkg.jsonld"
    target.write_bytes(b"the previous export\n")
    monkeypatch.setattr(converter, "document", broken)
    with pytest.raises(OSError, match="disk full"):
        writer.export(load(built_dist, inferred=True), "jsonld", target)
    assert target.read_bytes() == b"the previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["dgkg.jsonld"]


def test_a_pipe_or_stdout_is_written_to_not_replaced(built_dist: Path, tmp_path: Path) -> None:
    """`-o /dev/stdout` and a named pipe get the export's bytes, and stay what they were: a file
    renamed over them used to replace them (as root, even /dev/full, with the Turtle)."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    export(built_dist, "nquads", fifo)
    reader.join(60)
    assert received == [(built_dist / "dgkg.nq").read_bytes()]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]

    to_stdout = subprocess.run(
        [*DGKG, "export", "--format", "rdfxml", "--dist", str(built_dist), "-o", "/dev/stdout"], capture_output=True, cwd=REPO
    )
    assert to_stdout.returncode == 0, to_stdout.stderr
    assert to_stdout.stdout == export(built_dist, "rdfxml", tmp_path / "dgkg.rdf").read_bytes()
    assert b"/dev/stdout" in to_stdout.stderr  # the summary line stays out of the data


def test_a_link_is_written_through_and_a_directory_refused(built_dist: Path, tmp_path: Path) -> None:
    (tmp_path / "exports").mkdir()
    link = tmp_path / "latest.ttl"
    link.symlink_to(tmp_path / "exports" / "dgkg-2026.ttl")
    export(built_dist, "turtle", link)
    assert link.is_symlink() and link.read_bytes() == (built_dist / "dgkg.ttl").read_bytes()

    refused = run_dgkg("export", "--format", "turtle", "--dist", str(built_dist), "-o", str(tmp_path / "exports"))
    assert refused.returncode == 1
    assert f"{tmp_path / 'exports'} is a directory; give a file name" in refused.stderr
    assert [p.name for p in (tmp_path / "exports").iterdir()] == ["dgkg-2026.ttl"]


def test_default_output_goes_under_dist_exports(built_dist: Path) -> None:
    result = run_dgkg("export", "--format", "ntriples", "--dist", str(built_dist))
    assert result.returncode == 0, result.stderr
    assert (built_dist / "exports" / "dgkg.nt").stat().st_size > 0


def test_missing_dist_says_to_build(tmp_path: Path) -> None:
    result = run_dgkg("export", "--format", "turtle", "--dist", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert "dgkg build" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_format_is_a_usage_error(built_dist: Path) -> None:
    result = run_dgkg("export", "--format", "n3", "--dist", str(built_dist))
    assert result.returncode == 2
    assert "invalid choice" in result.stderr and "turtle" in result.stderr


@pytest.mark.parametrize("inferred", [False, True])
def test_exports_are_the_canonical_serialisation_of_the_data(exports, built_dist: Path, inferred: bool) -> None:
    """The export copies or re-serialises the build's canonical dumps; the result is what
    canonicalising, sorting and compacting the data from scratch gives (ontology.rdfio.serialize)."""
    data = load(built_dist, inferred=inferred)
    for name, fmt in FORMATS.items():
        quads = data.quads if fmt.named_graphs else data.triples()
        context = context_for(data.base, data.quads) if name == "jsonld" else None
        assert exports[name, inferred].read_bytes() == rdfio.serialize(quads, fmt, data.prefixes, context), name


def test_memoised_compaction_is_pylds(built_dist: Path) -> None:
    """rdfio's JSON-LD processor remembers its term and IRI choices; on the real graph it
    compacts exactly as pyld does afresh."""
    data = load(built_dist)
    expanded = json.loads(ox.serialize([q.triple for q in rdfio.canonical(data.triples(), False)], format=ox.RdfFormat.JSON_LD))
    context = {"@context": context_for(data.base, data.quads)}
    options = {"compactArrays": True, "skipExpansion": True}
    assert rdfio.jsonld_processor().compact(expanded, context, options) == jsonld.compact(expanded, context, options)


def test_every_spelling_of_the_format_registry_names_its_format() -> None:
    for name, fmt in FORMATS.items():
        for spelling in (name, name.upper(), fmt.extension, fmt.title, *fmt.nicknames, *fmt.media_types):
            assert format_name(spelling) == name, spelling
    assert format_name("CSV") == "csv"
    with pytest.raises(argparse.ArgumentTypeError, match="did you mean nquads"):
        format_name("nqauds")


def test_compaction_writes_what_pyld_writes_for_every_kind_of_value() -> None:
    """publish.jsonld.Compaction against pyld (ontology.rdfio) on values the real graph may lack:
    a plain string and a number under a language-map term, a literal under an IRI-coerced term,
    an IRI under an uncoerced one, a datatype that matches a term's coercion and one that does not,
    an IRI that is itself a term's, two classes, a literal rdf:type, blank nodes."""
    ex, dgo, xsd = "http://example.org/", "https://w3id.org/dgkg/ontology#", "http://www.w3.org/2001/XMLSchema#"
    rdfs, rdf_type = "http://www.w3.org/2000/01/rdf-schema#", ox.NamedNode(rdfio.RDF_TYPE)
    context = {
        **json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"],
        "dgr": ex,
        "partOf": {"@id": "dgo:partOf", "@type": "@id"},
        "asOf": {"@id": "dgo:asOf", "@type": "xsd:date"},
        "aims": {"@id": "dgo:aims"},
    }
    a, b, blank = ox.NamedNode(ex + "a"), ox.NamedNode(ex + "b"), ox.BlankNode("x")
    label, part_of = ox.NamedNode(rdfs + "label"), ox.NamedNode(dgo + "partOf")
    triples = [
        (a, rdf_type, ox.NamedNode(dgo + "Thing")),
        (a, rdf_type, ox.NamedNode(dgo + "Other")),
        (a, label, ox.Literal("浙里办", language="zh-Hans")),
        (a, label, ox.Literal("y", language="en")),
        (a, label, ox.Literal("z", language="en")),
        (a, label, ox.Literal("plain")),
        (a, label, ox.Literal("5", datatype=ox.NamedNode(xsd + "integer"))),
        (a, part_of, b),
        (a, part_of, ox.Literal("a text")),
        (a, ox.NamedNode(dgo + "aims"), ox.NamedNode(ex + "c")),
        (a, ox.NamedNode(dgo + "asOf"), ox.Literal("2020-01-01", datatype=ox.NamedNode(xsd + "date"))),
        (a, ox.NamedNode(dgo + "asOf"), ox.Literal("2020", datatype=ox.NamedNode(xsd + "gYear"))),
        (a, ox.NamedNode(rdfs + "subPropertyOf"), label),
        (a, ox.NamedNode("http://other.example/p"), blank),
        (blank, rdf_type, ox.Literal("not a class")),
        (b, part_of, a),
    ]
    quads = rdfio.canonical([ox.Quad(s, p, o) for s, p, o in triples], named_graphs=False)
    for some in (quads, quads[-1:], []):
        assert b"".join(document(some, context)) == rdfio.serialize_canonical(some, "jsonld", context=context)


@given(st.text(st.characters(exclude_categories=["Cs"])))  # RDF text is Unicode scalar values: no lone surrogates
def test_the_compacted_document_of_any_text_is_what_pyld_writes(text: str) -> None:
    """The JSON text (orjson's) escapes as the standard library's ``ensure_ascii=False`` does, which
    rdfio.serialize writes: control characters, quotes, backslashes, line separators, astral."""
    context = {"label": {"@id": "http://www.w3.org/2000/01/rdf-schema#label"}}
    a, label = ox.NamedNode("http://example.org/a"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    quads = [ox.Quad(a, label, ox.Literal(text)), ox.Quad(a, label, ox.Literal(text, language="en"))]
    quads = rdfio.canonical(quads, named_graphs=False)
    assert b"".join(document(quads, context)) == rdfio.serialize_canonical(quads, "jsonld", context=context)


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml"])
def test_copying_a_dump_does_not_load_rdflib(built_dist: Path, tmp_path: Path, fmt: str) -> None:
    """An export the build left a file of is that file copied. rdflib, which the conversions need,
    takes longer to import than a small graph's copy takes (the whole command went from 0.3 s to
    0.1 s at 10k triples without it), so the command does not load it; the same format with the
    inferences added, which no dump holds, does. Nor does a copy load the modules that made the rest
    of its start-up (dataclasses, with inspect: 13 ms; typing: 5 ms; difflib, for a hint)."""
    probe = (
        "import sys; from dgkg.cli import main; code = main(sys.argv[1:]); "
        f"print(code, 'rdflib' in sys.modules, [m for m in {START_UP_SPARED!r} if m in sys.modules])"
    )
    for extra, loaded in (([], False), (["--inferred"], True)):
        out = tmp_path / f"out-{len(extra)}.{fmt}"
        command = [sys.executable, "-c", probe, "export", "--format", fmt, *extra, "--dist", str(built_dist), "-o", str(out)]
        done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=120)
        code, rdflib_loaded, spared = done.stdout.strip().split(maxsplit=2)
        assert [code, rdflib_loaded] == ["0", str(loaded)], done.stderr[-2000:]
        assert loaded or spared == "[]"
        assert out.stat().st_size > 0


START_UP_SPARED = ("dataclasses", "typing", "difflib")
