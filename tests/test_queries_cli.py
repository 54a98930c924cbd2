"""`dgkg query` and `dgkg lookup` on the sample store: a few runs as a user makes them
(subprocesses), the many variations in-process (the CLI's start-up costs a second each)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Literal, Variable
from rdflib.plugins.sparql.results.xmlresults import XMLResultParser

from conftest import run_dgkg
from dgkg.cli import main
from queries_sample import sample_dist  # noqa: F401 (fixture)

MEMBERS = [
    "https://w3id.org/dgkg/resource/golden-bridge-project",
    "https://w3id.org/dgkg/resource/golden-card-project",
    "https://w3id.org/dgkg/resource/golden-customs-project",
]


@pytest.fixture
def dgkg(sample_dist: Path, capfd: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch):
    """The CLI in-process, answering like a finished subprocess."""
    monkeypatch.setenv("DGKG_DIST", str(sample_dist))
    monkeypatch.setenv("LANG", "C.UTF-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        code = main(list(args))
        out, err = capfd.readouterr()
        return subprocess.CompletedProcess(["dgkg", *args], code, out, err)

    return run


def test_as_a_subprocess(sample_dist: Path) -> None:
    env = {"DGKG_DIST": str(sample_dist), "LANG": "C.UTF-8"}
    listed = run_dgkg("query", "--list", env=env)
    assert listed.returncode == 0 and "programme-group-members" in listed.stdout
    answered = run_dgkg("query", "programme-group-members", "--param", "group=三金工程", "--format", "csv", env=env)
    assert answered.returncode == 0 and answered.stdout.split()[1].startswith(MEMBERS[0])
    refused = run_dgkg("query", "programme-group-members", "--param", "grup=x", env=env)
    assert refused.returncode == 2 and "has no parameter 'grup'" in refused.stderr
    looked_up = run_dgkg("lookup", "浙裡辦", env=env)
    assert looked_up.returncode == 0 and "“浙江的“浙里办”、广东的“粤省事””" in looked_up.stdout


def test_list_names_every_question_with_both_languages(dgkg) -> None:
    result = dgkg("query", "--list")
    assert "Which programmes are members" in result.stdout and "三金工程" in result.stdout


def test_named_question_with_param_in_traditional_script_as_table(dgkg) -> None:
    result = dgkg("query", "programme-group-members", "--param", "group=三金工程", "--lang", "zh")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["member", "member_zh", "member_en"]
    assert "金卡工程" in result.stdout and lines[-1] == "3 rows"


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_machine_formats(dgkg, fmt: str) -> None:
    result = dgkg("query", "programme-group-members", "--param", "group=Three Golden Projects", "--format", fmt)
    assert result.returncode == 0, result.stderr
    if fmt == "json":
        doc = json.loads(result.stdout)
        assert doc["head"]["vars"] == ["member", "member_zh", "member_en"]
        assert [b["member"]["value"] for b in doc["results"]["bindings"]] == MEMBERS
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(result.stdout)))
        assert rows[0] == ["member", "member_zh", "member_en"] and [r[0] for r in rows[1:]] == MEMBERS
    elif fmt == "xml":  # read back by rdflib's parser of the SPARQL XML results format
        parsed = XMLResultParser().parse(io.BytesIO(result.stdout.encode("utf-8")))
        assert [str(v) for v in parsed.vars] == ["member", "member_zh", "member_en"]
        assert [str(row[Variable("member")]) for row in parsed.bindings] == MEMBERS
        assert Literal("金桥工程", lang="zh-Hans") in {row[Variable("member_zh")] for row in parsed.bindings}
    else:
        lines = result.stdout.splitlines()
        assert lines[0] == "?member\t?member_zh\t?member_en"
        assert lines[1].startswith(f'<{MEMBERS[0]}>\t"金桥工程"@zh-Hans')


def test_sparql_text_and_file_with_predeclared_prefixes(dgkg, tmp_path: Path) -> None:
    result = dgkg(
        "query",
        "--sparql",
        "SELECT ?m WHERE { ?m dgo:memberOf ?g } ORDER BY ?m",
        "--param",
        "g=san jin gong cheng",
        "--format",
        "csv",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1:] == MEMBERS
    query = tmp_path / "q.rq"
    query.write_text("ASK { dgr:zheliban dgo:region dgr:zhejiang }", encoding="utf-8")
    assert dgkg("query", "--file", str(query)).stdout == "true\n"


@pytest.mark.parametrize(
    "fmt, answer",
    [
        ("json", '{"head": {}, "boolean": false}\n'),
        (
            "xml",
            '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
            "<boolean>false</boolean></sparql>\n",
        ),
        ("tsv", "?_askResult\nfalse\n"),
    ],
)
def test_ask_answers_in_the_results_formats(dgkg, fmt: str, answer: str) -> None:
    result = dgkg("query", "--sparql", "ASK { dgr:zheliban dgo:region dgr:beijing }", "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert result.stdout == answer


def test_show_query_prints_the_bound_query(dgkg) -> None:
    result = dgkg("query", "programme-group-members", "--show-query")
    assert "VALUES ?group { <https://w3id.org/dgkg/resource/three-golden-projects> }" in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["query", "programme-group-member"], "no question named 'programme-group-member'"),
        (["query", "programme-group-members", "--param", "grup=x"], "has no parameter 'grup'"),
        (["query", "programme-group-members", "--param", "group=不存在的东西"], "no entity is called that"),
        (["query", "programme-group-members", "--param", "group"], "--param expects NAME=VALUE"),
        (["query", "--sparql", "SELECT ?x WHERE {\n  ?x ?y\n}"], "--sparql:2:8:"),  # the object missing after ?y
        (["query", "--sparql", "INSERT DATA { <a> <b> <c> }"], "SPARQL syntax error"),
        (["query"], "give exactly one of"),
    ],
)
def test_errors_are_clear_and_exit_2(dgkg, args: list[str], message: str) -> None:
    result = dgkg(*args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_missing_store_exits_1(dgkg, tmp_path: Path) -> None:
    result = dgkg("query", "programme-group-members", "--dist", str(tmp_path))
    assert result.returncode == 1 and "run `dgkg build` first" in result.stderr


@pytest.mark.parametrize("text", ["浙裡辦", "zhe li ban", "Zheliban"])
def test_lookup_prints_facts_with_source_and_quote(dgkg, text: str) -> None:
    result = dgkg("lookup", text, "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Zheliban · 浙里办  (zheliban)")
    assert "region → Zhejiang Province (zhejiang)" in result.stdout
    assert "[liao-2021-typology ¶7] “浙江的“浙里办”、广东的“粤省事””" in result.stdout


def test_lookup_shows_inferred_facts_and_other_matches(dgkg) -> None:
    result = dgkg("lookup", "金卡", "--lang", "zh")
    asserted, inferred = result.stdout.split("推理所得:")
    assert "成员属于 → 三金工程 (three-golden-projects)" in asserted
    assert "包括成员 ← 三金工程 (three-golden-projects)" in inferred
    several = dgkg("lookup", "金", "--lang", "zh")
    assert several.stdout.startswith("Golden Bridge Project · 金桥工程")
    assert several.stdout.splitlines()[-1] == (
        "其他匹配: 金卡工程 (golden-card-project), 金关工程 (golden-customs-project), 三金工程 (three-golden-projects)"
    )


def test_lookup_of_nothing_exits_1(dgkg) -> None:
    result = dgkg("lookup", "完全没有的名字")
    assert result.returncode == 1 and "nothing in the graph is called" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["platform-audiences", "--format", "tsv"],  # the library's question without parameters
        ["platforms-in-region"],  # a table, its default parameter a slug
        ["platforms-in-region", "--param", "region=浙江", "--format", "json"],  # a label, closest match
        ["platforms-in-region", "--param", "region=zhe jiang", "--format", "xml"],  # pinyin
        ["platforms-in-region", "--param", "region=<https://w3id.org/dgkg/resource/zhejiang>", "--format", "csv"],
        ["--sparql", "SELECT ?m WHERE { ?m dgo:memberof ?g } LIMIT 3"],  # warns of an unknown term
        ["--sparql", "ASK { ?s ?p ?o }", "--format", "json"],
    ],
)
def test_a_query_on_the_embedded_store_does_not_load_rdflib(built_dist: Path, args: list[str]) -> None:
    """The store's rows are written as Oxigraph gives them, and parameters are bound from the label
    file, so `dgkg query` never imports rdflib, which took 0.1 s of its 0.2 s start-up. The
    Python API (Store.select, Store.run), a description and a CONSTRUCT's RDF still use it."""
    probe = "import sys; from dgkg.cli import main; code = main(sys.argv[1:]); print(code, 'rdflib' in sys.modules)"
    command = [sys.executable, "-c", probe, "query", *args, "--dist", str(built_dist)]
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "LANG": "C.UTF-8"}, timeout=120)
    *answer, status = done.stdout.strip().splitlines()
    assert status == "0 False", done.stderr[-2000:]
    assert answer and "Traceback" not in done.stderr
    if "--sparql" in args and "memberof" in args[1]:
        assert "did you mean dgo:memberOf?" in done.stderr
