"""Hostile records and hostile targets: each is refused with one located error line
(`file:line: field 'x': message`, or `file: message` for the file itself), exit status 1 from
both `dgkg validate` and `dgkg build`, in bounded time and memory, with dist/ untouched and no
staging directory left behind.

The refusals run the real CLI. To keep the file fast, the hostile files of one stage share a
copy of the sources and one run of each command (the reading stage and the assembling stage
each report every error they find), and each test looks for its own line in that output.
A property-based fuzzer then feeds arbitrary bytes, YAML-like token soup and mutations of real
records to the reading and assembling stages in-process (where nearly all the examples run),
and a few of them to the CLI.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from graph_build.assemble import assemble
from graph_build.checks import duplicate_labels
from graph_build.errors import BuildFailed, RecordError
from graph_build.library import SourceLibrary
from graph_build.records import RecordSet, read_file
from ontology import IriLayout, OntologyIndex, load_ontology
from ontology.prefixes import DEFAULT_RESOURCE_BASE
from tests.conftest import DGKG, REPO

pytestmark = [pytest.mark.xdist_group("hostile-records")]

TIMEOUT = 60  # seconds for one CLI run; a regression fails instead of hanging
MEMORY = 2 * 1024**3  # address space for the reading-stage runs (the alias bomb took 5.5 GB)
DOC = "liao-2021-typology"
QUOTE = "重庆2017年设立了大数据发展局,隶属于重庆市经信委"  # ¶ of liao-2021-typology, one paragraph
# Reproducible in CI; no deadline (examples vary a lot in size); the CLI example reuses its
# function-scoped copy of the sources on purpose.
FUZZ = settings(deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


# -- running the CLI ------------------------------------------------------------------------------
def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_cli(*args: str, sources: Path, memory_limit: bool = False) -> subprocess.CompletedProcess[str]:
    """The real CLI on `sources`, with DGKG_ROOT beside it so that nothing in the repository is
    touched; RLIMIT_AS when asked (HermiT's JVM reserves more than 2 GB, so not for runs that
    reach the reasoner)."""
    env = {**os.environ, "DGKG_SOURCES": str(sources), "DGKG_ROOT": str(sources.parent)}
    return subprocess.run(
        [*DGKG, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=TIMEOUT,
        preexec_fn=_limit_memory if memory_limit else None,
    )


def fingerprint(directory: Path) -> dict[str, str]:
    """Every file's checksum and every entry's mtime: any change to dist/ shows."""
    return {
        f"{p.relative_to(directory)}:{p.stat().st_mtime_ns}": hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
        for p in sorted(directory.rglob("*"))
    }


def previous_dist(root: Path) -> Path:
    dist = root / "dist"
    dist.mkdir()
    (dist / "dgkg.ttl").write_text("# the previous build\n", encoding="utf-8")
    (dist / "build-report.json").write_text("{}\n", encoding="utf-8")
    return dist


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".dist-"))


def assert_refused(result: subprocess.CompletedProcess[str], prefix: str, fragment: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    rows = [row for row in result.stderr.splitlines() if row.startswith(prefix)]
    assert rows, f"no error starting {prefix!r} in:\n{result.stderr}"
    assert any(fragment in row for row in rows), f"{fragment!r} not in {rows}"


@dataclass(frozen=True)
class Stage:
    """One copy of the sources with hostile records, validated once and built once."""

    validate: subprocess.CompletedProcess[str]
    build: subprocess.CompletedProcess[str]
    dist: Path
    dist_before: dict[str, str]

    def assert_refuses(self, prefix: str, fragment: str) -> None:
        for result in (self.validate, self.build):
            assert_refused(result, prefix, fragment)
        assert fingerprint(self.dist) == self.dist_before
        assert leftovers(self.dist.parent) == []


def run_stage(root: Path, hostile: dict[str, Callable[[Path], None]], memory_limit: bool) -> Stage:
    sources = root / "sources"
    shutil.copytree(REPO / "sources", sources)
    for make in hostile.values():
        make(sources / "records")
    dist = previous_dist(root)
    before = fingerprint(dist)
    return Stage(
        run_cli("validate", sources=sources, memory_limit=memory_limit),
        run_cli("build", "--dist", str(dist), sources=sources, memory_limit=memory_limit),
        dist,
        before,
    )


def writes(name: str, content: str | bytes) -> Callable[[Path], None]:
    def make(records: Path) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        (records / name).write_bytes(data)

    return make


def fact(body: str) -> str:
    return f"facts:\n  - about: zheliban\n{body}"


# -- 9 and 12: what the reading stage refuses -----------------------------------------------------
def alias_bomb() -> str:
    """Billion laughs as a fact: nine anchors, each nine aliases of the one before (9^9 leaves)."""
    rows = ['    a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 9):
        rows.append(f"    a{level}: &a{level} [" + ",".join([f"*a{level - 1}"] * 9) + "]")
    return "facts:\n  - about: zheliban\n" + "\n".join(rows) + "\n"


def symlink(name: str, target: str) -> Callable[[Path], None]:
    def make(records: Path) -> None:
        (records / name).symlink_to(target)

    return make


def directory(name: str) -> Callable[[Path], None]:
    def make(records: Path) -> None:
        (records / name).mkdir()
        (records / name / "inner.txt").write_text("not a record\n", encoding="utf-8")

    return make


def fifo(name: str) -> Callable[[Path], None]:
    def make(records: Path) -> None:
        os.mkfifo(records / name)

    return make


@dataclass(frozen=True)
class Refusal:
    file: str
    line: int | None  # None: the file itself is refused
    field: str
    fragment: str
    make: Callable[[Path], None]

    @property
    def prefix(self) -> str:
        where = f"sources/records/{self.file}" + (f":{self.line}" if self.line else "")
        return f"{where}: field '{self.field}': " if self.field else f"{where}: "


def reading_refusals() -> dict[str, Refusal]:
    cases = [
        ("alias bomb", "zz-alias-bomb.yaml", 3, "yaml", "anchor &a0: anchors and aliases are not allowed", alias_bomb()),
        ("alias", "zz-alias.yaml", 3, "yaml", "alias *x", fact("    skos:related: *x\n")),
        (
            "python tag",
            "zz-tag-python.yaml",
            3,
            "yaml",
            "tag tag:yaml.org,2002:python/object/apply:os.system",
            fact('    note: !!python/object/apply:os.system ["true"]\n'),
        ),
        ("local tag", "zz-tag-local.yaml", 4, "yaml", "tag !slug", fact("    source: x\n    skos:related: !slug citizens\n")),
        ("standard tag", "zz-tag-str.yaml", 3, "yaml", "tag tag:yaml.org,2002:str", fact("    note: !!str 2014\n")),
        (
            "deep nesting",
            "zz-deep.yaml",
            3,
            "yaml",
            "nested deeper than 32 levels",
            fact("    note: " + "[" * 300 + "]" * 300 + "\n"),
        ),
        (
            "control character",
            "zz-control.yaml",
            4,
            "yaml",
            "unprintable character U+0001",
            fact("    source: x\n    note: a\x01b\n"),
        ),
        (
            "escaped control character",
            "zz-control-escaped.yaml",
            3,
            "yaml",
            "unprintable character U+0000 in a value",
            fact('    note: "a\\0b"\n'),
        ),
        (
            "escaped surrogate",
            "zz-surrogate.yaml",
            3,
            "yaml",
            "unprintable character U+D800 in a value",
            fact('    note: "a\\ud800b"\n'),
        ),
        (
            "integer too long",
            "zz-long-integer.yaml",
            3,
            "yaml",
            "cannot read this value",
            fact("    stageNumber: " + "9" * 5000 + "\n"),
        ),
        (
            "too many values",
            "zz-many-values.yaml",
            3,
            "yaml",
            "more than 50000 values",
            fact("    skos:related: [" + ",".join(["citizens"] * 60_000) + "]\n"),
        ),
    ]
    refusals = {
        name: Refusal(file, line, field, fragment, writes(file, text)) for name, file, line, field, fragment, text in cases
    }
    refusals["invalid UTF-8"] = Refusal(
        "zz-utf8.yaml",
        4,
        "encoding",
        "not UTF-8: byte 0xff",
        writes("zz-utf8.yaml", fact("    note: ok\n").encode() + b"    quote: \xff\xfe\n"),
    )
    refusals["larger than 1 MiB"] = Refusal(
        "zz-huge.yaml", None, "", "larger than 1024 KiB", writes("zz-huge.yaml", "# padding\n" * 110_000)
    )
    files = {
        "symlink out of the tree": ("zz-link-out.yaml", "a symbolic link", symlink("zz-link-out.yaml", "/etc/passwd")),
        "symlink inside the tree": ("zz-link-in.yaml", "a symbolic link", symlink("zz-link-in.yaml", "regions.yaml")),
        "symlinked directory": ("zz-linked-dir", "a symbolic link", symlink("zz-linked-dir", "/etc")),
        "dangling symlink": ("zz-dangling.yaml", "a symbolic link", symlink("zz-dangling.yaml", "/nonexistent/x.yaml")),
        "directory named .yaml": ("zz-dir.yaml", "a directory, not a regular file", directory("zz-dir.yaml")),
        "FIFO": ("zz-fifo.yaml", "a FIFO (named pipe), not a regular file", fifo("zz-fifo.yaml")),
    }
    for name, (file, fragment, make) in files.items():
        refusals[name] = Refusal(file, None, "", fragment, make)
    return refusals


READING = reading_refusals()


@pytest.fixture(scope="module")
def reading_stage(tmp_path_factory: pytest.TempPathFactory) -> Stage:
    return run_stage(tmp_path_factory.mktemp("reading"), {name: r.make for name, r in READING.items()}, memory_limit=True)


@pytest.mark.parametrize("case", sorted(READING))
def test_reading_refuses(case: str, reading_stage: Stage) -> None:
    refusal = READING[case]
    reading_stage.assert_refuses(refusal.prefix, refusal.fragment)


def test_links_are_not_followed(reading_stage: Stage) -> None:
    """The system file behind a link is never read: none of its lines reach the output."""
    passwd_start = Path("/etc/passwd").read_text(encoding="utf-8").split(":", 1)[0]
    for result in (reading_stage.validate, reading_stage.build):
        assert not [row for row in result.stderr.splitlines() if row.startswith(f"{passwd_start}:")]
        assert "zz-link-out.yaml:1" not in result.stderr


# -- 10 and 11: what the assembling stage refuses -------------------------------------------------
def claim(about: str, prop: str, value: str, quote: str = QUOTE) -> str:
    return f"  - about: {about}\n    {prop}: {value}\n    source: {DOC}\n    quote: {quote}\n"


# Each cycle's links are all in this file, so the error is at its first link here.
CYCLES_FILE = "zz-cycles.yaml"
CYCLES = [
    (
        "part of itself",
        "partOf",
        "golden-card-project → golden-card-project",
        "dgo:partOf",
        claim("golden-card-project", "partOf", "golden-card-project"),
    ),
    (
        "member and part (sub-properties, inverse)",
        "memberOf",
        "twelve-golden-group-public-service → twelve-golden-group-macro-regulation → "
        "twelve-golden-group-efficiency-finance → twelve-golden-group-public-service",
        "dgo:partOf",
        claim("twelve-golden-group-public-service", "memberOf", "twelve-golden-group-macro-regulation")
        + claim("twelve-golden-group-macro-regulation", "partOf", "twelve-golden-group-efficiency-finance")
        + claim("twelve-golden-group-public-service", "hasMember", "twelve-golden-group-efficiency-finance"),
    ),
    (
        "sub-organization through the inverse",
        "subOrganizationOf",
        "guangdong-city-county-government-service-data-bureaus → administrative-approval-bureaus → "
        "guangdong-city-county-government-service-data-bureaus",
        "dgo:subOrganizationOf",
        claim("guangdong-city-county-government-service-data-bureaus", "subOrganizationOf", "administrative-approval-bureaus")
        + claim("guangdong-city-county-government-service-data-bureaus", "hasSubOrganization", "administrative-approval-bureaus"),
    ),
    (
        "within region",
        "withinRegion",
        "guangdong → shanghai → guangdong",
        "dgo:withinRegion",
        claim("guangdong", "withinRegion", "shanghai") + claim("shanghai", "withinRegion", "guangdong"),
    ),
    (
        "a stage preceding itself",
        "precedes",
        "whole-service-stage → whole-service-stage",
        "dgo:precedes",
        claim("whole-service-stage", "precedes", "whole-service-stage"),
    ),
    (
        "next and previous stage",
        "nextStage",
        "one-way-service-stage → physical-splicing-digital-assembly-stage → one-way-service-stage",
        "dgo:precedes",
        claim("one-way-service-stage", "nextStage", "physical-splicing-digital-assembly-stage")
        + claim("one-way-service-stage", "previousStage", "physical-splicing-digital-assembly-stage"),
    ),
    (
        "broader and narrower concepts",
        "skos:broader",
        "fengqiao-experience → fragmentation → fengqiao-experience",
        "skos:broader",
        claim("fengqiao-experience", "skos:broader", "fragmentation")
        + claim("fengqiao-experience", "skos:narrower", "fragmentation"),
    ),
]


def cycles_file() -> tuple[str, dict[str, tuple[int, str, str, str]]]:
    """The file, and for each case: the line of its first link, field, cycle and property."""
    text = "facts:\n"
    expected = {}
    for name, field, path, prop, claims in CYCLES:
        line = text.count("\n") + 2  # the property is on the item's second line
        expected[name] = (line, field, path, prop)
        text += claims
    return text, expected


CYCLES_TEXT, CYCLES_EXPECTED = cycles_file()
# ¶5 ends with the first half, ¶6 begins with the second: one string in the text without its newline.
CROSSING = "facts:\n" + claim("zheliban", "skos:related", "citizens", "服務的數字化智能化水平。[關鍵詞]技術賦能")


@pytest.fixture(scope="module")
def assembling_stage(tmp_path_factory: pytest.TempPathFactory) -> Stage:
    return run_stage(
        tmp_path_factory.mktemp("assembling"),
        {"cycles": writes(CYCLES_FILE, CYCLES_TEXT), "crossing": writes("zz-crossing.yaml", CROSSING)},
        memory_limit=False,
    )


@pytest.mark.parametrize("case", [name for name, *_ in CYCLES])
def test_cycles_are_refused_in_every_hierarchy(case: str, assembling_stage: Stage) -> None:
    line, field, path, prop = CYCLES_EXPECTED[case]
    assembling_stage.assert_refuses(f"sources/records/{CYCLES_FILE}:{line}: field '{field}': ", f"cycle {path} in {prop} ")


def test_a_quote_across_two_paragraphs_is_refused(assembling_stage: Stage) -> None:
    assembling_stage.assert_refuses(
        "sources/records/zz-crossing.yaml:5: field 'quote': ",
        f"runs from ¶5 to ¶6 of sources/texts/{DOC}.txt; a quote must lie within one paragraph",
    )


# -- 12 and 13: targets that cannot be written ----------------------------------------------------
@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """`path` made unwritable: immutable for root (whom mode bits do not stop), mode 555 else."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)]).returncode != 0:
            pytest.skip("running as root without chattr +i: cannot make a directory read-only")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        mode = path.stat().st_mode
        path.chmod(0o555)
        try:
            yield
        finally:
            path.chmod(mode)


def dist_is_a_file(root: Path) -> tuple[Path, Path]:
    dist = root / "dist"
    dist.write_text("not a directory\n", encoding="utf-8")
    return dist, dist


def dist_is_a_link(root: Path) -> tuple[Path, Path]:
    (root / "elsewhere").mkdir()
    dist = root / "dist"
    dist.symlink_to(root / "elsewhere")
    return dist, dist


def dist_read_only(root: Path) -> tuple[Path, Path]:
    dist = previous_dist(root)
    return dist, dist


def parent_read_only(root: Path) -> tuple[Path, Path]:
    (root / "out").mkdir()
    return root / "out" / "dist", root / "out"


def file_in_dist_read_only(root: Path) -> tuple[Path, Path]:
    dist = previous_dist(root)
    (dist / "store").mkdir()
    return dist, dist / "store"


def dist_holds_other_files(root: Path) -> tuple[Path, Path]:
    """A directory that is not a build: the swap would have removed it whole."""
    dist = root / "thesis"
    (dist / "chapters").mkdir(parents=True)
    (dist / "chapters" / "one.md").write_text("months of work\n", encoding="utf-8")
    return dist, dist


TARGETS = {
    "dist is a file": (dist_is_a_file, None, "exists and is not a directory"),
    "dist holds other files": (dist_holds_other_files, None, "is not a dgkg build (it holds files but no build-report.json)"),
    "dist is a link": (dist_is_a_link, None, "is a symbolic link"),
    "read-only dist": (dist_read_only, True, "is read-only (or immutable), so the previous build cannot be replaced"),
    "read-only parent": (parent_read_only, True, "(not writable)"),
    "read-only directory in dist": (file_in_dist_read_only, True, "store, which is read-only (or immutable)"),
}


@pytest.mark.parametrize("case", sorted(TARGETS))
def test_a_target_that_cannot_be_replaced_fails_cleanly_and_leaves_nothing(case: str, tmp_path: Path) -> None:
    make, lock, fragment = TARGETS[case]
    dist, locked = make(tmp_path)
    before = fingerprint(tmp_path)
    with read_only(locked) if lock else nullcontext():
        result = run_cli("build", "--dist", str(dist), sources=REPO / "sources")
        after = fingerprint(tmp_path)
    assert_refused(result, f"{dist}: ", fragment)
    assert after == before
    assert leftovers(dist.parent) == []


def test_the_sources_directory_is_not_taken_for_a_dist(tmp_path: Path) -> None:
    """`dgkg build --dist sources` (or `--dist .`) replaced the curated records with the build."""
    sources = tmp_path / "sources"
    shutil.copytree(REPO / "sources", sources)
    before = fingerprint(tmp_path)
    for target in (sources, tmp_path):
        result = run_cli("build", "--dist", str(target), sources=sources)
        assert_refused(result, f"{target}: ", "is not a dgkg build")
    assert fingerprint(tmp_path) == before


# -- 13: leftovers of killed builds ----------------------------------------------------------------
def tiny_sources(root: Path) -> Path:
    """One curated text and its bibliographic record: a valid build in seconds."""
    sources = root / "sources"
    (sources / "records").mkdir(parents=True)
    (sources / "texts").mkdir()
    shutil.copy(REPO / "sources" / "texts" / f"{DOC}.txt", sources / "texts")
    registry = (REPO / "sources" / "documents.yaml").read_text(encoding="utf-8")
    entry = re.search(rf"  - id: {DOC}\n(?:    .*\n)+", registry)
    assert entry is not None
    (sources / "documents.yaml").write_text("documents:\n" + entry.group(0), encoding="utf-8")
    (sources / "records" / "document.yaml").write_text(
        f"entities:\n  - id: {DOC}\n    class: JournalArticle\n"
        "    label: {zh-Hans: 政府治理数字化转型的类型学分析, "
        "en: A Typological Analysis of the Digital Transformation of Government Governance}\n"
        "    definition: {zh-Hans: 廖福崇2021年发表的论文。, en: Liao Fuchong's 2021 article.}\n"
        f"    source: {DOC}\n    quote: 政府治理數字化轉型的類型學分析\n",
        encoding="utf-8",
    )
    return sources


def kill_while_staging(sources: Path, dist: Path) -> list[str]:
    """Starts a build and SIGKILLs it once its staging directory exists; its leftovers."""
    env = {**os.environ, "DGKG_SOURCES": str(sources), "DGKG_ROOT": str(sources.parent)}
    for _ in range(3):  # the window is about a second; on a busy machine it may be missed
        build = subprocess.Popen(
            [*DGKG, "build", "--reasoner", "owlrl", "--dist", str(dist)],
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + TIMEOUT
        while build.poll() is None and not leftovers(dist.parent) and time.monotonic() < deadline:
            time.sleep(0.005)
        build.send_signal(signal.SIGKILL)
        build.wait(TIMEOUT)
        if leftovers(dist.parent):
            return leftovers(dist.parent)
    pytest.fail("the build finished before it could be killed while staging, three times")


def test_a_killed_builds_leftovers_are_removed_by_the_next_build_but_not_a_running_ones(tmp_path: Path) -> None:
    sources = tiny_sources(tmp_path)
    dist = previous_dist(tmp_path)
    before = fingerprint(dist)
    killed = kill_while_staging(sources, dist)
    assert fingerprint(dist) == before
    running = tmp_path / ".dist-running1"  # a staging directory's name: `.dist-` and 8 characters
    running.mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time\n"
            f"fd = os.open({str(running)!r}, os.O_RDONLY); fcntl.flock(fd, fcntl.LOCK_EX)\n"
            "print('held', flush=True); time.sleep(120)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        result = run_cli("build", "--reasoner", "owlrl", "--dist", str(dist), sources=sources)
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 0, result.stdout + result.stderr
    assert leftovers(tmp_path) == [".dist-running1"], f"killed build left {killed}"
    assert (dist / "build-report.json").exists()


def test_leftover_lock_is_the_only_test_of_running(tmp_path: Path) -> None:
    """A directory held by flock is a running build's whatever its age; one not held is a dead
    build's however new (pid reuse cannot make a dead build's directory look alive)."""
    from graph_build.distdir import remove_leftovers

    held, dead = tmp_path / ".dist-heldheld", tmp_path / ".dist-old-deaddead"
    for directory in (held, dead):
        directory.mkdir()
        (directory / "partial.ttl").write_text("", encoding="utf-8")
    fd = os.open(held, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        remove_leftovers(tmp_path / "dist")
    finally:
        os.close(fd)
    assert held.exists() and not dead.exists()


# -- the fuzzer ------------------------------------------------------------------------------------
@cache
def build_context() -> tuple[OntologyIndex, SourceLibrary, IriLayout]:
    return (OntologyIndex.from_graph(load_ontology()), SourceLibrary.load(REPO / "sources"), IriLayout(DEFAULT_RESOURCE_BASE))


@cache
def entities_outside(name: str) -> RecordSet:
    """The entities of every real record file but `name`, for slugs to resolve against."""
    records = RecordSet()
    for path in sorted((REPO / "sources" / "records").glob("*.yaml")):
        if path.name != name:
            read_file(path.read_bytes(), f"sources/records/{path.name}", records)
    return RecordSet(entities=records.entities)


def check_in_process(name: str, data: bytes) -> list[RecordError]:
    """The build's reading and assembling stages (read_file, assemble, duplicate_labels, as
    graph_build.pipeline calls them) on one file among the real entities; the errors found.
    Any exception but BuildFailed escapes, and fails the test."""
    records = RecordSet(entities=list(entities_outside(name).entities))
    errors = read_file(data, f"sources/records/{name}", records)
    if errors:
        return errors
    index, library, names = build_context()
    try:
        return duplicate_labels(assemble(records, index, library, names))
    except BuildFailed as failure:
        return failure.errors


def assert_located(errors: list[RecordError], name: str) -> None:
    # Shown by --hypothesis-show-statistics: how far the examples get.
    event(f"first error in field {errors[0].field!r}" if errors else "accepted")
    for error in errors:
        assert error.file == f"sources/records/{name}", str(error)
        assert error.line, f"no line number: {error}"


TOKENS = [
    "entities:",
    "facts:",
    "\n",
    "  ",
    "    ",
    "- ",
    ": ",
    "id: ",
    "about: ",
    "class: ",
    "label: ",
    "zh-Hans: ",
    "en: ",
    "source: ",
    "quote: ",
    "facts:\n  - about: zheliban\n    ",
    "entities:\n  - id: ",
    DOC,
    "zheliban",
    "citizens",
    "Reform",
    "partOf: ",
    "skos:broader: ",
    "startYear: ",
    "issued: ",
    "2018-02-30",
    "1e999",
    "0x1F",
    ".inf",
    "~",
    "null",
    "yes",
    "[",
    "]",
    "{",
    "}",
    ",",
    "? ",
    "#",
    "'",
    '"',
    "\\",
    "|",
    ">",
    "\t",
    "&a ",
    "*a",
    "!x ",
    "!!str ",
    "<<: ",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "%TAG ! tag:x,2000:\n",
    "\x00",
    "\x01",
    "\x1b",
    "\x7f",
    "\x85",
    "\u2028",
    "\ufeff",
    "\ud800",
    "字",
    "漢",
    "\U0001f600",
    "9" * 4400,
    QUOTE,
]
yamlish = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=4)), max_size=60).map(
    lambda parts: "".join(parts).encode("utf-8", "surrogatepass")
)

MUTATED = ["regions.yaml", "zhejiang-platforms.yaml", "concepts.yaml"]
INSERTS = st.one_of(st.sampled_from(TOKENS), st.characters(), st.text(max_size=3))


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, bytes]:
    """A real record file with a few lines inserted into, deleted, duplicated (keys twice),
    cut short, re-indented or wrapped in deep nesting."""
    name = draw(st.sampled_from(MUTATED))
    lines = (REPO / "sources" / "records" / name).read_text(encoding="utf-8").split("\n")
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["insert", "delete", "duplicate", "cut", "indent", "nest"]))
        if kind == "insert":
            column = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:column] + draw(INSERTS) + lines[at][column:]
        elif kind == "delete" and len(lines) > 1:
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, lines[at])
        elif kind == "cut":
            lines[at] = lines[at][: draw(st.integers(0, len(lines[at])))]
        elif kind == "indent":
            lines[at] = " " * draw(st.integers(0, 9)) + lines[at].lstrip()
        elif kind == "nest":
            depth = draw(st.integers(1, 60))
            lines[at] = lines[at] + " " + "[" * depth + "]" * depth
    return name, "\n".join(lines).encode("utf-8", "surrogatepass")


@settings(FUZZ, max_examples=150)
@given(st.binary(max_size=3000))
def test_fuzz_arbitrary_bytes(data: bytes) -> None:
    assert_located(check_in_process("zz-fuzz.yaml", data), "zz-fuzz.yaml")


@settings(FUZZ, max_examples=400)
@given(yamlish)
def test_fuzz_yaml_like_text(data: bytes) -> None:
    assert_located(check_in_process("zz-fuzz.yaml", data), "zz-fuzz.yaml")


@settings(FUZZ, max_examples=80)
@given(mutations())
def test_fuzz_mutated_real_records(mutated: tuple[str, bytes]) -> None:
    name, data = mutated
    assert_located(check_in_process(name, data), name)


ERROR_ROW = re.compile(r"^sources/records/[^:]+\.yaml:\d+: ")


@settings(FUZZ, max_examples=3)
@given(data=yamlish)
def test_fuzz_through_the_cli(data: bytes, sources_copy: Path) -> None:
    """A few examples the whole way: the real CLI on a real records directory."""
    (sources_copy / "records" / "zz-fuzz.yaml").write_bytes(data)
    result = run_cli("validate", sources=sources_copy)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), result.stderr
    if result.returncode == 1:
        rows = result.stderr.split("dgkg validate: failed while", 1)[1].splitlines()[1:]
        assert rows and all(ERROR_ROW.match(row) for row in rows), result.stderr
        assert any(row.startswith("sources/records/zz-fuzz.yaml:") for row in rows), result.stderr
