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
