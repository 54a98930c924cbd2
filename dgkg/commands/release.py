"""`dgkg release`: a versioned bundle of the built graph with a changelog from a graph diff.

    dgkg release                                   # version from the ontology's owl:versionInfo
    dgkg release --version 1.1.0                   # diffed against the latest release in dist.releases/
    dgkg release --version 1.1.0 --previous path/to/dgkg-1.0.0

Releases go to dist.releases/ beside dist/ (git-ignored as dist.*/), not inside dist/: `dgkg build`
replaces dist/ as a whole, and a release must outlive the next build to be diffed against.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from dgkg.console import out, stages
from dgkg.errors import UsageError
from dgkg.paths import ProjectPaths


def run(args: argparse.Namespace, paths: ProjectPaths) -> int:
    from publish import latest_release, make_release

    if args.version and not re.fullmatch(r"\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?", args.version):
        raise UsageError(f"--version expects X.Y.Z, got {args.version!r}")
    dist = args.dist or paths.dist
    releases = args.output or dist.with_name(dist.name + ".releases")
    previous = args.previous or latest_release(releases)
    started = time.perf_counter()
    with stages("release") as log:
        log(
            f"packaging {args.version or 'the ontology version'} into {releases}"
            + (f", diffed against {previous}" if previous else "")
        )
        directory, tarball, changes = make_release(dist, releases, args.version, previous)
    size = sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())
    summary = (
        "first release"
        if changes.previous is None
        else (
            f"since {changes.previous}: entities +{len(changes.entities_added)} -{len(changes.entities_removed)} "
            f"~{len(changes.entities_changed)}, claims +{len(changes.claims_added)} -{len(changes.claims_removed)} "
            f"~{len(changes.claims_changed)}"
        )
    )
    out.print(
        f"{directory} ({size / 1024:,.0f} kB), {tarball.name} ({tarball.stat().st_size / 1024:,.0f} kB); "
        f"{summary}; {time.perf_counter() - started:.1f} s",
        markup=False,
    )
    return 0


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", help="release version X.Y.Z (default: the ontology's owl:versionInfo)")
    parser.add_argument(
        "--previous",
        type=Path,
        help="the previous release directory (or a built dist/) to diff against "
        "(default: the latest release in the output directory)",
    )
    parser.add_argument("--dist", type=Path, help="built graph to release (default dist/)")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        help="where releases go (default dist.releases/ beside dist/, which a build does not replace)",
    )
    parser.set_defaults(run=run)
