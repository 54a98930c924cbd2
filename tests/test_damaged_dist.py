"""A built dist/ damaged after the build: each file the readers open, cut in half or overwritten
with bytes that are not even text, under the commands that read dist/. Whatever the damage, a
command either works (it did not need that file, or needs only what is left) or fails in one line
with exit 1: never a traceback, never a hang."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import run_dgkg

FILES = (
    "SHA256SUMS",
    "layout.json",
    "labels.sqlite",
    "build-report.json",
    "context.jsonld",
    "dgkg.trig",
    "dgkg.nt",
    "dgkg.nq",
    "inferred.ttl",
    "ontology.ttl",
)
COMMANDS = (
    ("query", "documents-of-foreign-countries"),
    ("lookup", "浙里办"),
    ("export", "--format", "rdfxml"),
    ("export", "--format", "trig"),
    ("export", "--format", "csv"),
    ("viz",),
)


def damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] if how == "cut in half" else b"\x00\xff not RDF {")


@pytest.mark.parametrize("how", ["cut in half", "not text"])
@pytest.mark.parametrize("name", FILES)
def test_a_damaged_file_of_dist_is_a_working_command_or_one_line(built_dist: Path, tmp_path: Path, name: str, how: str) -> None:
    dist = tmp_path / "dist"
    shutil.copytree(built_dist, dist, ignore=shutil.ignore_patterns("site", "viz", "docs", "exports"))
    damage(dist / name, how)
    for command in COMMANDS:
        out = ("-o", str(tmp_path / f"out-{command[-1]}")) if command[0] == "export" else ()
        result = run_dgkg(*command, "--dist", str(dist), *out, timeout=120)
        said = f"{' '.join(command)} with {name} {how}"
        assert result.returncode in (0, 1), f"{said}: exit {result.returncode}\n{result.stderr[-2000:]}"
        assert "Traceback" not in result.stderr, f"{said}:\n{result.stderr[-2000:]}"
        if result.returncode == 1:
            assert len(result.stderr.strip().splitlines()) == 1, f"{said}:\n{result.stderr}"
