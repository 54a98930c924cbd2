"""The command line as a researcher meets it (issue 15): every mistake is one clear line with a
hint and the right exit code, never a traceback. Each case runs the real CLI in a subprocess on
the real build, as a user types it."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import DGKG, REPO, run_dgkg


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
    process = subprocess.Popen([*DGKG, "query", "--list"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, cwd=REPO, env={**os.environ, **env})
    assert process.stdout is not None
    process.stdout.close()
    _, err = process.communicate(timeout=120)
    assert process.returncode == 1 and err == ""


def test_ctrl_c_is_one_line_and_exit_130(env: dict[str, str]) -> None:
    process = subprocess.Popen([*DGKG, "validate"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, cwd=REPO, env={**os.environ, **env})
    assert process.stderr is not None
    assert process.stderr.readline().startswith("validate: ")  # the first stage: past start-up
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130
    assert "dgkg validate: interrupted" in err and "Traceback" not in err


# -- finding entities by name ------------------------------------------------------------------

@pytest.mark.parametrize("typed, meant", [
    ("浙里搬", "浙里办 · Zhelibang (zheliban)"),  # one character off
    ("浙裏搬", "浙里办 · Zhelibang (zheliban)"),  # and in the other script
    ("national data bureau", "国家数据局 · National Data Administration (national-data-administration)"),
    ("zhelibn", "浙里办 · Zhelibang (zheliban)"),  # pinyin, a letter missing
])
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


@pytest.mark.parametrize("query, where, explanation", [
    ("SELEC ?x WHERE { ?x ?p ?o }", "1:1", "unknown keyword 'SELEC'; did you mean SELECT?"),
    (FIVE_LINES.replace("{mistake}", ""), "3:26", "(a '.' between two triples?)"),
    (FIVE_LINES.replace("{mistake}", " .").replace("\n}", ""), "4:32", "'}' missing"),
    ("SELECT ?x\nWHERE {\n  FILTER(?x = 1\n  ?x ?p ?o\n}", "3:16", "(an unclosed '(')"),
    ("SELECT ?x WHERE {\n  ?x foo:bar ?o\n}", "2:6", "undefined prefix 'foo:'"),
])
def test_a_syntax_error_points_at_the_mistake(env: dict[str, str], query: str, where: str, explanation: str) -> None:
    result = run_dgkg("query", "--sparql", query, env=env)
    assert result.returncode == 2
    first, source, caret = clean(result).splitlines()[:3]
    assert first.startswith(f"dgkg query: --sparql:{where}: SPARQL syntax error:") and explanation in first
    line, column = map(int, where.split(":"))
    assert source == "    " + query.splitlines()[line - 1] and caret == "    " + " " * (column - 1) + "^"
