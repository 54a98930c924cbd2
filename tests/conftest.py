"""Shared fixtures: the repository's real sources, copied so a test may break them safely."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DGKG = [sys.executable, "-m", "dgkg.cli"]


def run_dgkg(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
             timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """The real CLI in a subprocess, as a user runs it."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([*DGKG, *args], capture_output=True, text=True, env=full_env,
                          cwd=cwd or REPO, timeout=timeout)


@pytest.fixture
def sources_copy(tmp_path: Path) -> Path:
    """A copy of sources/ (records, registry, normalised texts) that a test may edit."""
    target = tmp_path / "sources"
    shutil.copytree(REPO / "sources", target)
    return target


@pytest.fixture(scope="session")
def built_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dist/ built once per test session (per xdist worker) from the repository's real records,
    by the real CLI. Tests that need the whole graph use this rather than building again.
    DGKG_TEST_DIST names an existing build to reuse while iterating on tests."""
    given = os.environ.get("DGKG_TEST_DIST")
    if given:
        return Path(given)
    dist = tmp_path_factory.mktemp("built") / "dist"
    result = run_dgkg("build", "--dist", str(dist))
    assert result.returncode == 0, f"dgkg build failed:\n{result.stdout}\n{result.stderr}"
    return dist
