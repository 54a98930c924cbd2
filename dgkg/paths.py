"""Where the project's inputs and outputs live, overridable by environment variables.

The rooms take paths as arguments; only the CLI reads these defaults.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


class ProjectPaths:
    """A plain class, as every command's start-up is (dgkg.cli.Command says why)."""

    def __init__(self, root: Path, sources: Path, seeds: Path, dist: Path) -> None:
        self.root = root
        self.sources = sources
        self.seeds = seeds
        self.dist = dist

    @classmethod
    def from_env(cls) -> "ProjectPaths":
        root = Path(os.environ.get("DGKG_ROOT", REPO_ROOT))
        return cls(
            root=root,
            sources=Path(os.environ.get("DGKG_SOURCES", root / "sources")),
            seeds=Path(os.environ.get("DGKG_SEEDS", root.parent / "shared" / "seeds")),
            dist=Path(os.environ.get("DGKG_DIST", root / "dist")),
        )
