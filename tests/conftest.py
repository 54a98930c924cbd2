"""Shared fixtures: the repository's real sources, copied so a test may break them safely."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:  # the builder and the ontology are imported by the tests that use them, when they do
    from rdflib import Graph

    from graph_build import KnowledgeGraph
    from ontology import OntologyIndex

REPO = Path(__file__).resolve().parent.parent
DGKG = [sys.executable, "-m", "dgkg.cli"]


def run_dgkg(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """The real CLI in a subprocess, as a user runs it."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([*DGKG, *args], capture_output=True, text=True, env=full_env, cwd=cwd or REPO, timeout=timeout)


def curated_graph() -> KnowledgeGraph:
    """The curated graph as the build assembles it (records, claims, mentions), before its checks."""
    from graph_build import KnowledgeGraph, SourceLibrary, load_records
    from graph_build.assemble import assemble
    from graph_build.mentions import derive_mentions, derived_graph_provenance
    from ontology import DEFAULT_RESOURCE_BASE, IriLayout, OntologyIndex, load_ontology

    sources, names, ontology = REPO / "sources", IriLayout(DEFAULT_RESOURCE_BASE), load_ontology()
    library = SourceLibrary.load(sources)
    claims = assemble(load_records(sources / "records", REPO), OntologyIndex.from_graph(ontology), library, names)
    return KnowledgeGraph(
        names, ontology, claims, derive_mentions(claims, library, names), derived_provenance=derived_graph_provenance(names)
    )


@pytest.fixture(scope="module")
def onto() -> Graph:
    """The ontology as the build loads it (modules/*.ttl)."""
    from ontology import load_ontology

    return load_ontology()


@pytest.fixture(scope="module")
def index(onto: Graph) -> OntologyIndex:
    from ontology import OntologyIndex

    return OntologyIndex.from_graph(onto)


@pytest.fixture
def sources_copy(tmp_path: Path) -> Path:
    """A copy of sources/ (records, registry, normalised texts) that a test may edit."""
    target = tmp_path / "sources"
    shutil.copytree(REPO / "sources", target)
    return target


@pytest.fixture(scope="session")
def built_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dist/ built once per test run from the repository's real records, by the real CLI, and
    shared by every xdist worker: the first to come builds under a lock in the run's common
    temporary directory, the others wait for it and reuse the build. Tests that need the whole
    graph use this rather than building again. DGKG_TEST_DIST names an existing build to
    reuse while iterating on tests."""
    given = os.environ.get("DGKG_TEST_DIST")
    if given:
        return Path(given)
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's directory, above each worker's own
    dist = shared / "built" / "dist"
    dist.parent.mkdir(exist_ok=True)
    with open(dist.parent / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, even if the build fails
        if not (dist / "build-report.json").is_file():
            result = run_dgkg("build", "--dist", str(dist))
            assert result.returncode == 0, f"dgkg build failed:\n{result.stdout}\n{result.stderr}"
    return dist


# -- how long a full run takes, said when it starts (it is long: the suite builds, serves, browses) --

_STARTED = time.monotonic()
_FULL_RUN = 500  # tests: fewer means a selection, whose time says nothing of a full run


def pytest_configure(config: pytest.Config) -> None:
    """A suite started in the background of a non-interactive shell (`cmd &`, nohup) inherits an
    ignored SIGINT, which every dgkg the tests start would inherit too (Python leaves an ignored
    SIGINT alone): the tests of Ctrl-C would then fail for the launcher's sake. The suite takes
    Ctrl-C as a terminal gives it, in this process and each one it starts."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_report_header(config: pytest.Config) -> str:
    cache = getattr(config, "cache", None)  # absent under -p no:cacheprovider
    last = cache.get("dgkg/full-run-seconds", None) if cache else None
    if last:
        return f"dgkg: the last full run here took {last / 60:.0f} min"
    return "dgkg: a full run takes about 10 to 15 min on two cores (no earlier run here to go by)"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    cache = getattr(session.config, "cache", None)
    if hasattr(session.config, "workerinput") or cache is None:
        return  # an xdist worker (the controller keeps the time), or no cache
    if session.testscollected >= _FULL_RUN and exitstatus == 0:
        cache.set("dgkg/full-run-seconds", round(time.monotonic() - _STARTED))
