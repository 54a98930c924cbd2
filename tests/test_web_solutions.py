"""The endpoint's SELECT results, written by Oxigraph and cut at the cap (web.solutions), say
what dgkg's own writers (queries.results) say: same solutions, same cut, language tags in
conventional case, whatever the literals hold."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from queries import solutions_csv, solutions_json, solutions_tsv, solutions_xml
from web.solutions import capped

E = "http://example.org/"
WRITERS = {"json": solutions_json, "xml": solutions_xml, "csv": solutions_csv, "tsv": solutions_tsv}
TRICKY = [
    ox.Literal('line\nbreak\ttab "quote" back\\slash', language="zh-Hans"),
    ox.Literal('ends like a tag "@en\t', language="en-GB"),
    ox.Literal('"xml:lang":"zz" <literal xml:lang="zz">'),
    ox.Literal("7", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ox.Literal("2003", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")),
    ox.Literal("台州", language="zh-Hant"),
]
QUERY = f"SELECT ?s ?o ?missing WHERE {{ ?s <{E}p> ?o OPTIONAL {{ ?s <{E}none> ?missing }} }} ORDER BY STR(?o)"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    for number, literal in enumerate(TRICKY):
        subject = ox.BlankNode(f"b{number}") if number == 3 else ox.NamedNode(f"{E}s{number}")
        store.add(ox.Quad(subject, ox.NamedNode(f"{E}p"), literal))
    return store


def parsed(name: str, body: bytes) -> object:
    if name == "json":
        return json.loads(body)
    if name == "xml":
        return ET.tostring(ET.fromstring(body))
    if name == "csv":
        return list(csv.reader(io.StringIO(body.decode("utf-8"))))
    # TSV may write a number bare (7) or in full ("7"^^xsd:integer): compare the terms read back
    return [list(row) for row in ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV)]


@pytest.mark.parametrize("name", list(WRITERS))
@pytest.mark.parametrize("cap", [0, 1, 4, len(TRICKY), 100])
def test_oxigraph_s_writing_says_what_dgkg_s_writers_say(store: ox.Store, name: str, cap: int) -> None:
    result = store.query(QUERY)
    variables = [variable.value for variable in result.variables]
    rows = list(result)
    body, cut = capped(store.query(QUERY), name, cap)
    assert cut == (len(rows) > cap)
    assert parsed(name, body) == parsed(name, WRITERS[name](variables, rows[:cap]))
    if name != "csv" and cap >= len(TRICKY):
        assert b"zh-Hans" in body and b"en-GB" in body and b"zh-hans" not in body


def test_a_result_far_over_the_cap_is_cut_at_the_cap() -> None:
    store = ox.Store()
    store.extend([ox.Quad(ox.NamedNode(f"{E}s{i}"), ox.NamedNode(f"{E}p"), ox.Literal(str(i))) for i in range(2000)])
    body, cut = capped(store.query("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"), "json", 10)  # 4 million solutions
    assert cut and len(json.loads(body)["results"]["bindings"]) == 10
