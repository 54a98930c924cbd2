"""The command line as a researcher meets it (issue 15): every mistake is one clear line with a
hint and the right exit code, never a traceback. Each case runs the real CLI in a subprocess on
the real build, as a user types it."""

from __future__ import annotations

import os
import pty
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest

from conftest import DGKG, REPO, run_dgkg
from loopback import Served, serving
from queries import unknown_terms


@pytest.fixture(scope="module")
def env(built_dist: Path) -> dict[str, str]:
    return {"DGKG_DIST": str(built_dist), "LANG": "C.UTF-8"}


def clean(result: subprocess.CompletedProcess[str]) -> str:
    """stderr, after checking it holds no traceback."""
    assert "Traceback" not in result.stderr, result.stderr
    return result.stderr


# -- the command itself ------------------------------------------------------------------------


def test_bare_dgkg_prints_the_help() -> None:
    result = run_dgkg()
    assert result.returncode == 0 and clean(result) == ""
    assert result.stdout.startswith("usage: dgkg") and "lookup" in result.stdout


def test_version_comes_from_the_installed_distribution() -> None:
    from importlib.metadata import version

    result = run_dgkg("--version")
    assert result.returncode == 0 and result.stdout == f"dgkg {version('dgkg')}\n"


def test_a_mistyped_command_gets_a_suggestion() -> None:
    result = run_dgkg("qeury", "--list")
    assert result.returncode == 2
    assert "unknown command 'qeury'; did you mean query?" in clean(result)


def test_a_forgotten_param_flag_is_named(env: dict[str, str]) -> None:
    result = run_dgkg("query", "platforms-in-region", "region=zhejiang", env=env)
    assert result.returncode == 2
    assert "did you mean --param region=zhejiang?" in clean(result)


def test_a_reader_that_stops_early_ends_the_command_quietly(env: dict[str, str]) -> None:
    """`dgkg query --list | head -1`: the read end is closed before the command writes."""
    process = subprocess.Popen(
        [*DGKG, "query", "--list"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO, env={**os.environ, **env}
    )
    assert process.stdout is not None
    process.stdout.close()
    _, err = process.communicate(timeout=120)
    assert process.returncode == 1 and err == ""


def test_ctrl_c_is_one_line_and_exit_130(env: dict[str, str]) -> None:
    process = subprocess.Popen(
        [*DGKG, "validate"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=REPO, env={**os.environ, **env}
    )
    assert process.stderr is not None
    assert process.stderr.readline().startswith("validate: ")  # the first stage: past start-up
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130
    assert "dgkg validate: interrupted" in err and "Traceback" not in err


# -- finding entities by name ------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("浙里搬", "浙里办 · Zhelibang (zheliban)"),  # one character off
        ("浙裏搬", "浙里办 · Zhelibang (zheliban)"),  # and in the other script
        ("national data bureau", "国家数据局 · National Data Administration (national-data-administration)"),
        ("zhelibn", "浙里办 · Zhelibang (zheliban)"),  # pinyin, a letter missing
    ],
)
def test_lookup_of_a_near_miss_suggests_what_was_meant(env: dict[str, str], typed: str, meant: str) -> None:
    result = run_dgkg("lookup", typed, env=env)
    assert result.returncode == 1
    message = clean(result)
    assert message.startswith(f"dgkg lookup: nothing in the graph is called {typed!r}; did you mean")
    assert meant in message


def test_lookup_takes_a_name_in_several_words_without_quotes(env: dict[str, str]) -> None:
    result = run_dgkg("lookup", "National", "Data", "Administration", "--lang", "en", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("National Data Administration · 国家数据局")


def test_analyze_shares_the_suggestions(env: dict[str, str]) -> None:
    result = run_dgkg("analyze", "--path", "三金工程", "浙里搬", env=env)
    assert result.returncode == 2
    assert "dgkg analyze: no entity is called '浙里搬'; did you mean 浙里办 · Zhelibang (zheliban)?" in clean(result)


def test_a_param_that_names_nothing_suggests_names(env: dict[str, str]) -> None:
    result = run_dgkg("query", "platforms-in-region", "--param", "region=zhejiangg", env=env)
    assert result.returncode == 2
    assert "no entity is called that; did you mean 浙江省 · Zhejiang Province (zhejiang)?" in clean(result)


# -- where a SPARQL mistake is -----------------------------------------------------------------

FIVE_LINES = "SELECT ?member\nWHERE {\n  ?member a dgo:Programme{mistake}\n  ?member dgo:memberOf ?group .\n}"


@pytest.mark.parametrize(
    "query, where, explanation",
    [
        ("SELEC ?x WHERE { ?x ?p ?o }", "1:1", "unknown keyword 'SELEC'; did you mean SELECT?"),
        (FIVE_LINES.replace("{mistake}", ""), "3:26", "(a '.' between two triples?)"),
        (FIVE_LINES.replace("{mistake}", " .").replace("\n}", ""), "4:32", "'}' missing"),
        ("SELECT ?x\nWHERE {\n  FILTER(?x = 1\n  ?x ?p ?o\n}", "3:16", "(an unclosed '(')"),
        ("SELECT ?x WHERE {\n  ?x foo:bar ?o\n}", "2:6", "undefined prefix 'foo:'"),
    ],
)
def test_a_syntax_error_points_at_the_mistake(env: dict[str, str], query: str, where: str, explanation: str) -> None:
    result = run_dgkg("query", "--sparql", query, env=env)
    assert result.returncode == 2
    first, source, caret = clean(result).splitlines()[:3]
    assert first.startswith(f"dgkg query: --sparql:{where}: SPARQL syntax error:") and explanation in first
    line, column = map(int, where.split(":"))
    assert source == "    " + query.splitlines()[line - 1] and caret == "    " + " " * (column - 1) + "^"


# -- terms the ontology does not have --------------------------------------------------------

MISSPELT = "SELECT ?member WHERE { ?member dgo:memberof ?group }"
MEANT = "unknown term dgo:memberof — did you mean dgo:memberOf?"


def test_a_misspelt_term_is_warned_about_and_the_query_still_runs(env: dict[str, str]) -> None:
    result = run_dgkg("query", "--sparql", MISSPELT, "--format", "csv", env=env)
    assert result.returncode == 0 and result.stdout == "member\n"  # a header, no rows
    assert clean(result) == f"warning: {MEANT}\n"


def test_the_python_api_returns_the_warnings() -> None:
    assert unknown_terms(MISSPELT) == [MEANT]
    assert unknown_terms("SELECT * { ?m dgo:memberOf ?g ; skos:prefLabel ?l ; prov:wasGeneratedBy ?a }") == []
    assert unknown_terms("SELECT * { ?c skos:preflabel ?l }") == ["unknown term skos:preflabel — did you mean skos:prefLabel?"]


@pytest.fixture(scope="module")
def served(built_dist: Path) -> Iterator[Served]:
    with serving(built_dist, "--workers", "1") as server:
        yield server


def test_the_endpoint_warns_in_a_header(served: Served) -> None:
    status, headers, _ = served.get("/sparql?query=" + quote(MISSPELT))
    assert status == 200 and headers["x-dgkg-warning"] == "unknown term dgo:memberof; did you mean dgo:memberOf?"
    status, headers, _ = served.get("/sparql?query=" + quote(MISSPELT.replace("memberof", "memberOf")))
    assert status == 200 and "x-dgkg-warning" not in headers


def test_the_query_page_shows_the_warning(served: Served) -> None:
    status, _, page = served.get("/query?lang=en&query=" + quote(MISSPELT))
    assert status == 200 and '<p class="note">unknown term dgo:memberof; did you mean dgo:memberOf?</p>' in page.decode()


@pytest.mark.parametrize(
    ("args", "refusal"),
    [
        (["serve", "--port", "70000"], "argument --port: expected a whole number from 0 to 65,535, got 70,000"),
        (["serve", "--workers", "100000"], "argument --workers: expected a whole number from 1 to 64, got 100,000"),
        (["serve", "--workers", "0"], "argument --workers: expected a whole number from 1 to 64, got 0"),
        (["serve", "--time-limit", "nan"], "argument --time-limit: expected seconds, more than 0 and at most 3600, got 'nan'"),
        (["serve", "--time-limit", "inf"], "argument --time-limit: expected seconds"),
        (["serve", "--time-limit", "-5"], "argument --time-limit: expected seconds"),
        (["serve", "--header-timeout", "inf"], "argument --header-timeout: expected seconds"),
        (["serve", "--time-budget", "0"], "argument --time-budget: expected seconds"),
        (["serve", "--result-cap", "-1"], "argument --result-cap: expected a whole number from 1"),
        (["serve", "--per-client", "0"], "argument --per-client: expected a whole number from 1"),
        (["serve", "--queued-per-client", "-1"], "argument --queued-per-client: expected a whole number from 0"),
        (["serve", "--memory-limit", "100"], "argument --memory-limit: a worker needs at least 512 MB to start"),
        (["serve", "--budget", "120/0"], "--budget expects QUERIES/SECONDS such as 120/60, got '120/0'"),
        (["analyze", "--top", "0"], "argument --top: expected a whole number from 1"),
        (["lookup", "浙里办", "--limit", "-2"], "argument --limit: expected a whole number from 1 to 1,000, got -2"),
        (["viz", "--focus", "zheliban", "--depth", "-1"], "argument --depth: expected a whole number from 0 to 100, got -1"),
        (["bench", "--repeats", "many"], "argument --repeats: expected a whole number from 1 to 100, got 'many'"),
    ],
)
def test_a_number_out_of_range_is_refused_before_anything_starts(env: dict[str, str], args: list[str], refusal: str) -> None:
    # before, each of these started: a server on port 4464, with no worker or a hundred thousand,
    # with queries never timed out, or answers capped at -1 rows
    result = run_dgkg(*args, env=env, timeout=60)
    assert result.returncode == 2, (result.returncode, result.stderr[-500:])
    assert refusal in clean(result)


def test_a_port_in_use_is_one_line_with_what_to_do(built_dist: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_dgkg("serve", "--port", str(port), "--workers", "1", "--dist", str(built_dist))
    assert result.returncode == 2
    assert clean(result).strip().splitlines()[-1] == (
        f"dgkg serve: cannot listen on 127.0.0.1:{port}: Address already in use (is another dgkg serve running?); "
        "choose another with --port N, or --port 0 for a free one"
    )


# -- a rebuild -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rebuilt(built_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """A copy of the build holding what `dgkg export` and `dgkg viz --focus` write into it, served,
    then built again under the running server."""
    dist = tmp_path_factory.mktemp("rebuild") / "dist"
    shutil.copytree(built_dist, dist)
    shutil.rmtree(dist / "exports", ignore_errors=True)
    assert run_dgkg("export", "--format", "nt", "--dist", str(dist)).returncode == 0
    assert run_dgkg("viz", "--focus", "浙里办", "--dist", str(dist)).returncode == 0
    # rebuilt with another IRI base, so that which build answers shows in the answer
    ask = "/sparql?query=" + quote("ASK { <https://example.org/kg/zheliban> ?p ?o }")
    with serving(dist, "--workers", "1") as server:
        before = server.get(ask)
        build = run_dgkg("build", "--dist", str(dist), "--base", "https://example.org/kg/")
        answers = []
        for _ in range(300):  # the server looks at dist/ at most once a second, then starts workers
            answers.append(server.get(ask))
            if b"true" in answers[-1][2] and "x-dgkg-stale" not in answers[-1][1]:
                break
            time.sleep(0.2)
    return SimpleNamespace(dist=dist, build=build, before=before, answers=answers, log="".join(server.log))


def test_a_rebuild_keeps_what_export_and_viz_wrote_and_says_so(rebuilt: SimpleNamespace) -> None:
    assert rebuilt.build.returncode == 0, rebuilt.build.stderr
    assert (rebuilt.dist / "exports" / "dgkg.nt").stat().st_size > 0
    assert (rebuilt.dist / "viz" / "neighbourhood" / "zheliban.html").is_file()
    assert f"kept {rebuilt.dist}/exports/ and {rebuilt.dist}/viz/neighbourhood/ from the previous build" in rebuilt.build.stdout


def test_a_build_prints_its_stages_and_no_warning(rebuilt: SimpleNamespace) -> None:
    """Without a terminal, one plain line per stage (what logs and tests read), nothing else."""
    lines = clean(rebuilt.build).splitlines()
    assert lines[0] == "build: reading ontology and sources" and "build: writing SPARQL store" in lines
    assert all(line.startswith("build: ") for line in lines), lines


def test_a_running_server_switches_to_the_new_build(rebuilt: SimpleNamespace) -> None:
    """Every request is answered meanwhile (by the old build, marked stale, then by the new one)."""
    assert rebuilt.before[0] == 200 and b"false" in rebuilt.before[2] and "x-dgkg-stale" not in rebuilt.before[1]
    assert all(status == 200 for status, _, _ in rebuilt.answers)
    status, headers, body = rebuilt.answers[-1]
    assert b"true" in body and "x-dgkg-stale" not in headers, "the new build is served"
    assert "was replaced by a new build" in rebuilt.log and "now serving the new build" in rebuilt.log


def test_a_terminal_shows_live_progress(env: dict[str, str]) -> None:
    """On a terminal, each stage done is listed with its time under a live bar."""
    main, terminal = pty.openpty()
    process = subprocess.Popen(
        [*DGKG, "validate"],
        stdout=subprocess.DEVNULL,
        stderr=terminal,
        cwd=REPO,
        env={**os.environ, **env, "COLUMNS": "120", "TERM": "xterm"},
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    assert process.wait(120) == 0
    text = shown.decode("utf-8", "replace")
    for stage in ("reading records", "checking SHACL shapes", "reasoning (OWL consistency and entailments)"):
        assert re.search(rf"✓ {re.escape(stage)}  \d+\.\d s", text), text[-2000:]
    assert "validate: done" in text and "5/5" in text


# -- other natural mistakes --------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["query", "case-companies"],
        ["lookup", "浙里办"],
        ["analyze"],
        ["viz"],
        ["export", "--format", "ttl"],
        ["serve", "--workers", "1"],
        ["release"],
    ],
)
def test_a_directory_without_a_build_says_to_build(tmp_path: Path, args: list[str]) -> None:
    result = run_dgkg(*args, "--dist", str(tmp_path))
    assert result.returncode == 1
    *stage, message = clean(result).strip().splitlines()  # release names its stage before it starts
    assert message.startswith(f"dgkg {args[0]}: ") and "dgkg build" in message
    assert all(line.startswith(f"{args[0]}: ") for line in stage)


def test_an_unknown_question_gets_a_suggestion(env: dict[str, str]) -> None:
    result = run_dgkg("query", "case-companys", env=env)
    assert result.returncode == 2
    assert "no question named 'case-companys' in the library; did you mean case-companies" in clean(result)


def test_export_formats_by_extension_and_near_misses(env: dict[str, str], tmp_path: Path) -> None:
    result = run_dgkg("export", "--format", "ttl", "-o", str(tmp_path / "g.ttl"), env=env)
    assert result.returncode == 0 and (tmp_path / "g.ttl").read_text(encoding="utf-8").startswith("@prefix")
    result = run_dgkg("export", "--format", "turtel", env=env)
    assert result.returncode == 2
    assert "invalid choice: 'turtel'; did you mean turtle? (choose from turtle (ttl)," in clean(result)


def test_a_named_command_gets_its_own_parser_and_no_other() -> None:
    """Each parser argparse makes costs start-up time (7 ms for the eleven a command does not
    need); `dgkg` alone, `dgkg --help` and a mistyped command list them all."""
    from dgkg.cli import COMMANDS, make_parser

    assert set(make_parser(["export", "--format", "ttl"]).commands) == {"export"}
    assert set(make_parser(["analyse"]).commands) == {"analyze", "analyse"}
    every = {*COMMANDS, *(alias for command in COMMANDS.values() for alias in command.aliases)}
    for argv in ([], ["--help"], ["expor"]):
        assert set(make_parser(argv).commands) == every


# The rooms' heavy modules: what `run()` needs, not what the options need.
HEAVY = ("rdflib", "graph_build.pipeline", "viz.explorer", "networkx", "pyshacl")


@pytest.mark.parametrize("command", ["build", "validate", "sources", "analyze", "viz", "export", "serve", "release", "bench"])
def test_a_commands_help_loads_none_of_the_work(command: str) -> None:
    """`dgkg build --help` took 2 s, as long as a mistyped option took to be refused: the command's
    module imported the builder, the store and the views to declare five options. It now names
    each room by its door, whose modules load when `run()` first uses them. (query, lookup and push
    read the question library or the store's label index for their options.)"""
    probe = (
        "import sys\nfrom dgkg.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe, command, "--help"], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert "usage: dgkg" in done.stdout, done.stderr[-2000:]
    assert done.stdout.splitlines()[-1] == "[]"


# -- a damaged build -------------------------------------------------------------------------


def damaged_copy(built_dist: Path, tmp_path: Path, damaged: str) -> Path:
    """A copy of the build (without its pages) whose ``damaged`` dump has its fifth line cut in the middle."""
    dist = tmp_path / "dist"
    shutil.copytree(built_dist, dist, ignore=shutil.ignore_patterns("site", "viz", "docs", "exports"))
    lines = (dist / damaged).read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = lines[4][: len(lines[4]) // 2] + "\n"
    (dist / damaged).write_text("".join(lines), encoding="utf-8")
    return dist


@pytest.mark.parametrize(
    ("command", "damaged"),
    [
        (("viz",), "dgkg.nq"),
        (("analyze",), "dgkg.nq"),
        (("export", "--format", "ntriples", "--inferred"), "dgkg.nt"),
        (("export", "--format", "turtle", "--inferred"), "dgkg.nt"),
    ],
)
def test_a_dump_changed_since_the_build_is_named_with_its_line(
    built_dist: Path, tmp_path: Path, command: tuple[str, ...], damaged: str
) -> None:
    """A dump of dist/ that no longer parses (edited, or cut short by a full disk) is one line
    naming the file and the line, and what to do; no traceback, and no export half-written."""
    dist = damaged_copy(built_dist, tmp_path, damaged)
    out = tmp_path / "export.out"
    args = [*command, "--dist", str(dist), *(("-o", str(out)) if command[0] == "export" else ())]
    result = run_dgkg(*args)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    [message] = result.stderr.strip().splitlines()
    assert message.startswith(f"dgkg {command[0]}: {dist / damaged}: ") and "line 5" in message, message
    assert message.endswith("`dgkg build` writes it again")
    assert not out.exists()


@pytest.mark.server
def test_the_server_answers_a_page_of_a_damaged_build_with_503_and_logs_the_file(built_dist: Path, tmp_path: Path) -> None:
    """The server keeps serving; the public answer names no file of the server's, its log does."""
    dist = damaged_copy(built_dist, tmp_path, "dgkg.nq")
    with serving(dist, "--workers", "1") as server:
        status, _, body = server.get("/page/zheliban")
        assert server.get("/sparql?query=" + quote("ASK { ?s ?p ?o }"))[0] == 200
        time.sleep(0.5)  # the log line is read from the server's output as it comes
        log = "".join(server.log)
    assert status == 503, body
    assert str(dist) not in body.decode("utf-8")
    assert f"{dist / 'dgkg.nq'}: Parser error at line 5" in log


def test_a_dump_that_is_not_text_is_told_as_damaged(built_dist: Path, tmp_path: Path) -> None:
    """The look at dgkg.trig's prefixes for the IRI base must not fail on bytes that are not UTF-8:
    the parse after it tells the damage, as for any other."""
    dist = tmp_path / "dist"
    shutil.copytree(built_dist, dist, ignore=shutil.ignore_patterns("site", "viz", "docs", "exports"))
    (dist / "dgkg.trig").write_bytes(b"\x00\xffgarbage{")
    result = run_dgkg("export", "--format", "csv", "--dist", str(dist), "-o", str(tmp_path / "csv"))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith(f"dgkg export: {dist / 'dgkg.trig'}: ")


@pytest.mark.parametrize(
    ("format_name", "dump"), [("turtle", "dgkg.ttl"), ("trig", "dgkg.trig"), ("jsonld", "dgkg.jsonld"), ("rdfxml", "dgkg.rdf")]
)
def test_an_export_copies_no_dump_the_build_did_not_write(built_dist: Path, tmp_path: Path, format_name: str, dump: str) -> None:
    """An export copies the build's dump without parsing it: one changed since (here, one byte of
    it) is told by its SHA-256 against SHA256SUMS, and nothing is written."""
    dist = tmp_path / "dist"
    shutil.copytree(built_dist, dist, ignore=shutil.ignore_patterns("site", "viz", "docs", "exports", "store"))
    data = bytearray((dist / dump).read_bytes())
    data[len(data) // 2] ^= 1
    (dist / dump).write_bytes(bytes(data))
    out = tmp_path / f"out.{format_name}"
    result = run_dgkg("export", "--format", format_name, "--dist", str(dist), "-o", str(out))
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip() == (
        f"dgkg export: {dist / dump}: its SHA-256 is not the one the build recorded (SHA256SUMS). "
        "The build wrote this file, so it was changed or cut short since: `dgkg build` writes it again"
    )
    assert not out.exists()
