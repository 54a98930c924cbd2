"""`dgkg build --incremental` gives the dist/ a full build gives, byte for byte (the store aside:
a RocksDB directory is not byte-stable between any two builds), after changes that touch SHACL's
input only (a definition) and the reasoner's too (a relation removed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_dgkg

pytestmark = [pytest.mark.java, pytest.mark.xdist_group("incremental")]

RECORDS = {
    "regions.yaml": ("subject of this graph", "subject of this knowledge graph"),
    "chen-2024-empowerment.yaml": (
        "skos:related: [high-quality-development, modernisation-of-national-governance]",
        "skos:related: [high-quality-development]",
    ),
}


def files(dist: Path) -> dict[str, bytes]:
    return {str(p.relative_to(dist)): p.read_bytes() for p in sorted(dist.rglob("*")) if p.is_file() and "store" not in p.parts}


def build(sources: Path, dist: Path, *extra: str) -> None:
    result = run_dgkg("build", "--dist", str(dist), *extra, env={"DGKG_SOURCES": str(sources), "DGKG_ROOT": str(sources.parent)})
    assert result.returncode == 0, result.stdout + result.stderr


def edit(sources: Path, name: str) -> None:
    old, new = RECORDS[name]
    path = sources / "records" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{name} no longer says {old!r}: pick another change"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_incremental_rebuild_equals_a_full_build(sources_copy: Path, tmp_path: Path) -> None:
    incremental, full = tmp_path / "dist", tmp_path / "full"
    memo = tmp_path / "dist.cache"
    build(sources_copy, incremental, "--incremental")
    assert json.loads((memo / "shacl.json").read_text(encoding="utf-8"))["subjects"]
    hermit_key = (memo / "hermit.key").read_text(encoding="ascii")

    edit(sources_copy, "regions.yaml")  # a definition: HermiT's answer (on the ontology) is reused
    build(sources_copy, incremental, "--incremental")
    build(sources_copy, full)
    assert files(incremental) == files(full)
    assert (memo / "hermit.key").read_text(encoding="ascii") == hermit_key

    edit(sources_copy, "chen-2024-empowerment.yaml")  # a relation: checked again, but HermiT answers only the ontology
    build(sources_copy, incremental, "--incremental")
    build(sources_copy, full)
    assert files(incremental) == files(full)
    assert (memo / "hermit.key").read_text(encoding="ascii") == hermit_key
    assert not (tmp_path / "full.cache").exists()  # a build without --incremental keeps nothing
