"""Two builds of the same input export byte-identical files (the issue's release criterion):
the builder's own dumps differ in blank-node labels, the exports must not."""

from __future__ import annotations

from pathlib import Path

from publish import FORMATS
from tests.conftest import run_dgkg


def test_two_builds_export_identical_bytes(built_dist: Path, tmp_path: Path) -> None:
    second = tmp_path / "dist"
    result = run_dgkg("build", "--dist", str(second))
    assert result.returncode == 0, result.stderr
    for fmt in FORMATS:
        outputs = []
        for dist in (built_dist, second):
            target = tmp_path / f"{fmt}-{dist == second}"
            exported = run_dgkg("export", "--format", fmt, "--inferred", "--dist", str(dist), "-o", str(target))
            assert exported.returncode == 0, exported.stderr
            outputs.append(target.read_bytes())
        assert outputs[0] == outputs[1], fmt
