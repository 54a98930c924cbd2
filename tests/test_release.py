"""`dgkg release`: a versioned bundle, and a changelog from a graph diff between two builds
where one record changed (a fact removed from a temp copy of sources/)."""

from __future__ import annotations

import json
import shutil
import tarfile
from pathlib import Path

import pytest

from conftest import REPO, run_dgkg

REMOVED = "      - region: shanghai\n        source: liao-2021-typology\n        quote: 上海的“随申办市民云”\n"


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """1.0.0 from a copy of sources/; 1.0.1 from a second copy with one fact removed. Both builds
    read frozen copies, so edits to the repository's records meanwhile cannot enter the diff."""
    work = tmp_path_factory.mktemp("release")
    out = work / "releases"
    before, after = work / "before", work / "after"
    shutil.copytree(REPO / "sources", before / "sources")
    shutil.copytree(before / "sources", after / "sources")
    record = after / "sources" / "records" / "liao-2021-platforms.yaml"
    text = record.read_text(encoding="utf-8")
    assert REMOVED in text
    record.write_text(text.replace(REMOVED, "", 1), encoding="utf-8")
    for version, root in (("1.0.0", before), ("1.0.1", after)):
        build = run_dgkg("build", "--dist", str(root / "dist"), env={"DGKG_SOURCES": str(root / "sources")})
        assert build.returncode == 0, build.stderr
        release = run_dgkg("release", "--version", version, "--dist", str(root / "dist"), "-o", str(out))
        assert release.returncode == 0, release.stderr
    assert "since dgkg-1.0.0" in release.stdout
    return out / "dgkg-1.0.0", out / "dgkg-1.0.1"


def test_bundle_holds_every_format_description_and_docs(releases: tuple[Path, Path]) -> None:
    first, _ = releases
    for name in (
        "dgkg.ttl",
        "dgkg.nt",
        "dgkg.nq",
        "dgkg.trig",
        "dgkg.jsonld",
        "dgkg.rdf",
        "dgkg-inferred.nq",
        "void.ttl",
        "context.jsonld",
        "ontology.ttl",
        "ontology.owl",
        "docs/index.html",
        "README.md",
        "CHANGELOG.md",
        "manifest.json",
    ):
        assert (first / name).is_file(), name
    assert list((first / "csv").glob("*.csv"))
    manifest = json.loads((first / "manifest.json").read_text())
    assert manifest["version"] == "1.0.0" and manifest["files"]["dgkg.nt"]["bytes"] == (first / "dgkg.nt").stat().st_size
    with tarfile.open(first.with_name("dgkg-1.0.0.tar.gz")) as tar:
        assert "dgkg-1.0.0/dgkg.ttl" in tar.getnames()
    assert "First release" in (first / "CHANGELOG.md").read_text()
    assert 'dcat:version "1.0.0"' in (first / "void.ttl").read_text()


def test_changelog_from_the_graph_diff(releases: tuple[Path, Path]) -> None:
    _, second = releases
    log = (second / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "Compared with dgkg-1.0.0" in log
    assert "- triples: +0 / -1" in log
    assert "- entities: 0 added, 0 removed, 1 changed" in log and "`suishenban (+0 / -1 triples)`" in log
    assert "- claims: 0 added, 1 removed, 0 changed" in log and "`claim/suishenban-" in log


def test_a_release_is_never_overwritten(releases: tuple[Path, Path]) -> None:
    dist = releases[0].parent.parent / "before" / "dist"
    result = run_dgkg("release", "--version", "1.0.0", "--dist", str(dist), "-o", str(releases[0].parent))
    assert result.returncode == 1 and "exists already" in result.stderr


def test_bad_version_is_a_usage_error(built_dist: Path, tmp_path: Path) -> None:
    result = run_dgkg("release", "--version", "v1", "--dist", str(built_dist), "-o", str(tmp_path))
    assert result.returncode == 2 and "X.Y.Z" in result.stderr
