"""`dgkg bench generate` and `dgkg bench`: a deterministic synthetic sources tree shaped like the
curated one, that the real builder accepts, and a report with every section."""

from __future__ import annotations

import json
import statistics
import subprocess
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import psutil
import pytest

from bench import GenerateError, generate
from bench.report import write as write_report
from bench.shape import measure_profiles
from conftest import DGKG, REPO

REAL_RECORDS = REPO / "sources" / "records"
# Total variation distance between the curated and the synthetic mix of classes (of entities)
# and of properties (of claim fields): 0 is the same mix, 1 disjoint ones. A generator that
# picked classes uniformly would be near 0.6 here. The generator copies a snapshot of the curated
# records (bench/shape.json): as curation goes on the two drift apart, and the snapshot is refreshed
# with `python -m bench.shape sources DIST` (DIST a build of the curated records).
MIX_TOLERANCE = 0.2
REFRESH = "refresh bench/shape.json: python -m bench.shape sources DIST"


def files_of(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def mix(records: Path) -> tuple[Counter[str], Counter[str]]:
    """Entities per class, and claim fields per property."""
    profiles = measure_profiles(records, set())
    classes = Counter(p["class"] for p in profiles)
    fields = Counter(f for p in profiles for claim in p["claims"] for f, _ in claim)
    return classes, fields


def distance(a: Counter[str], b: Counter[str]) -> float:
    total_a, total_b = sum(a.values()), sum(b.values())
    return 0.5 * sum(abs(a[k] / total_a - b[k] / total_b) for k in set(a) | set(b))


def in_degrees(records: Path) -> Counter[str]:
    """How often each slug is named as a value in the records (links into it)."""
    from ruamel.yaml import YAML

    slugs: set[str] = set()
    named: Counter[str] = Counter()
    values: list[str] = []
    for path in sorted(records.glob("*.yaml")):
        for entity in YAML(typ="safe").load(path.read_text(encoding="utf-8")).get("entities") or []:
            slugs.add(entity["id"])
            for item in entity.get("facts") or []:
                for key, value in item.items():
                    if key not in ("source", "quote", "note"):
                        values += [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]
    named.update(v for v in values if v in slugs)
    return named


def test_same_seed_same_bytes_other_seed_other_graph(tmp_path: Path) -> None:
    generate(3000, 7, tmp_path / "a")
    generate(3000, 7, tmp_path / "b")
    generate(3000, 8, tmp_path / "c")
    first = files_of(tmp_path / "a")
    assert first == files_of(tmp_path / "b")
    assert {name for name in first if name.startswith("records/")}, "no record files were written"
    other = files_of(tmp_path / "c")
    assert first["records/synthetic-00000.yaml"] != other["records/synthetic-00000.yaml"]


def test_refuses_to_overwrite_a_directory_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(Exception, match="not written by dgkg bench generate"):
        generate(2000, 1, tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("triples", [0, 999, 10_000_001, 5_000_000_000])
def test_refuses_a_size_it_cannot_generate_before_writing_anything(tmp_path: Path, triples: int) -> None:
    # five billion would have the generator fill memory with entities for minutes before failing
    with pytest.raises(GenerateError, match="from 1,000 to 10,000,000"):
        generate(triples, 1, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_refuses_a_file_as_its_output_directory(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(GenerateError, match="is a file, not a directory"):
        generate(2000, 1, target)
    assert target.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["generate", "--triples", "5000000000", "--out", "{tmp}/out"], "argument --triples: 5,000,000,000 triples"),
        (["--sizes", "10k,0", "--out", "{tmp}/out"], "argument --sizes: 0 triples"),
        (["--repeats", "0", "--out", "{tmp}/out"], "argument --repeats: expected a whole number from 1 to 100, got 0"),
        (
            ["--repeats", "-3", "--quick", "--out", "{tmp}/out"],
            "argument --repeats: expected a whole number from 1 to 100, got -3",
        ),
        (["--sizes", "1k", "--out", "{tmp}/file"], "--out {tmp}/file: a file is there, not a directory"),
        (["--sizes", "1k", "--out", "{tmp}"], "--out {tmp}: holds files but no bench.json"),
    ],
)
def test_cli_refuses_bad_sizes_runs_and_targets_at_once(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "file").write_text("mine", encoding="utf-8")
    done = subprocess.run(
        [*DGKG, "bench", *(arg.format(tmp=tmp_path) for arg in args)], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert message.format(tmp=tmp_path) in done.stderr
    assert not (tmp_path / "out").exists()  # refused before anything was generated or measured
    assert (tmp_path / "file").read_text(encoding="utf-8") == "mine"


def test_class_and_property_mix_and_hubs_follow_the_curated_graph(tmp_path: Path) -> None:
    summary = generate(10_000, 3, tmp_path)
    real_classes, real_fields = mix(REAL_RECORDS)
    classes, fields = mix(tmp_path / "records")
    assert distance(real_classes, classes) < MIX_TOLERANCE, (REFRESH, real_classes.most_common(5), classes.most_common(5))
    assert distance(real_fields, fields) < MIX_TOLERANCE, (REFRESH, real_fields.most_common(5), fields.most_common(5))
    # preferential attachment: a few entities are named far more often than the typical one
    degrees = in_degrees(tmp_path / "records")
    typical = statistics.median(degrees.values())
    assert max(degrees.values()) >= 10 * typical, degrees.most_common(3)
    # every text carries the quotes of the claims that cite it, and labels in every language
    records = (tmp_path / "records" / "synthetic-00000.yaml").read_text(encoding="utf-8")
    lines = [line.strip() for line in records.splitlines()]
    source = next(line.removeprefix("source: ") for line in lines if line.startswith("source: "))
    quotes = [line.removeprefix("quote: ").strip('"') for line in lines if line.startswith("quote: ")]
    text = (tmp_path / "texts" / f"{source}.txt").read_text(encoding="utf-8")
    assert quotes[0] in text
    for tag in ("zh-Hans:", "zh-Hant:", "en:"):
        assert tag in records
    assert summary.entities > 500


@pytest.mark.java
@pytest.mark.server
def test_bench_on_a_tiny_graph_builds_validates_and_reports_every_section(tmp_path: Path) -> None:
    """One run serves two checks: the generated tree builds and validates with the real builder
    (the bench's own build and validate stages), and the report has every section."""
    out = tmp_path / "bench"
    done = subprocess.run(
        [*DGKG, "bench", "--sizes", "2k", "--quick", "--repeats", "1", "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    # the size's sources and dist/ (gigabytes at 1M) go once measured: the report needs none of them
    assert sorted(p.name for p in out.iterdir()) == sorted(["bench.json", "report.md", *PLOTS]), list(out.iterdir())
    results = json.loads((out / "bench.json").read_text(encoding="utf-8"))
    size = results["sizes"][0]
    assert size["build"]["exit"] == 0 and size["build"]["validate"]["exit"] == 0, size["build"].get("error")
    assert size["build"]["rebuild_one_record"]["exit"] == 0
    assert 0.6 * 2000 < size["build"]["graph"]["asserted_triples"] < 1.6 * 2000
    # each build stage with its own peak, read from the build's output: within the whole process's
    for build in (size["build"], size["build"]["rebuild_one_record"]):
        assert build["stage_peaks_mb"].keys() == build["stages"].keys() and "SPARQL store" in build["stages"]
        assert all(0 < peak <= build["peak_mb"] + 1 for peak in build["stage_peaks_mb"].values()), build
    # where the bench's own time went, phase by phase, each timed
    assert [phase for phase, _ in size["phase_seconds"]] == [
        "generating",
        "building, validating, rebuilding",
        "loading, library questions",
        "CLI, exports, explorer",
        "endpoint",
        "Virtuoso",
    ]
    assert all(0 <= secs < 600 for _, secs in size["phase_seconds"])
    # every export format by dgkg, by oxigraph and by Python alone copying, as many times as asked, each run succeeding
    assert size["exports"].keys() == {"turtle", "ntriples", "trig", "nquads", "jsonld", "rdfxml"}
    assert all(pair.keys() == {"dgkg", "oxigraph_convert", "python_copy"} for pair in size["exports"].values())
    assert all(figures["runs"] == 1 and figures["exit"] == 0 for pair in size["exports"].values() for figures in pair.values())
    # the CLI's processes, each timed
    cli = {key: size["cli"][key] for key in ("dgkg_query_named", "bare_python_named", "dgkg_query", "bare_python")}
    assert all(seconds > 0 for seconds in cli.values()), cli
    assert {"cpu", "cores", "ram_gb", "os", "python", "packages"} <= set(results["machine"])
    answered = [q for q in size["questions"]["questions"].values() if "error" not in q]
    assert len(answered) >= 0.8 * len(size["questions"]["questions"])
    # the graph loaded by pyoxigraph and by rdflib, each timed, in the probe that then asks rdflib the questions
    assert size["load"]["quads"] > 2000 and size["load"]["pyoxigraph_seconds"] > 0 and size["load"]["rdflib_seconds"] > 0
    assert size["load"]["peak_mb"] > 0
    # rdflib, loading the dumps as a user would, answers each question it was asked as the store does
    asked = [q for q in answered if q["rdflib_median"] is not None]
    assert asked and all(q["rdflib_rows"] == q["rows"] for q in asked)
    assert sum(q["rows"] for q in asked) > 0
    # every level answered (dgkg serve may refuse some of 16 clients from one address: HTTP 429)
    assert all(level["p50"] > 0 for server in size["endpoint"].values() for level in server["levels"].values())
    assert all(level["requests"] >= 16 for server in size["endpoint"].values() for level in server["levels"].values())
    report = (out / "report.md").read_text(encoding="utf-8")
    for section in (
        "## Targets",
        "### Build, validation, rebuild",
        "### Load into a store",
        "### Library questions",
        "### CLI end to end",
        "### Exports",
        "### Explorer",
        "### Endpoint",
        "### Beyond one machine: Virtuoso",
    ):
        assert section in report, section
    assert "The bench spent at this size: generating" in report
    # the explorer page opened in headless Chromium, as a reader would (installed by scripts/setup.sh)
    browser = size["viz"]["browser"]
    assert browser.get("open_ms", 0) > 0 and browser["redraw_ms"] > 0 and browser["html_mb"] > 0, browser
    assert "In headless Chromium (software WebGL, offline): the " in report
    # the page is the build's: the explorer's time is its views stage, not a second writing of every view
    views = next(stage for stage in size["build"]["stages"] if stage.startswith("views ("))
    assert f"### Explorer: written by the build's views stage, {size['build']['stages'][views]:.3g} s" in report
    # the stages in the build's order, also in a report made again from bench.json, whose keys are sorted
    again = write_report(results, tmp_path / "again")[0].read_text(encoding="utf-8")
    built = [row for row in stage_rows(report) if row in size["build"]["stages"]]
    assert stage_rows(again) == stage_rows(report) and built[:3] == ["ontology and sources", "records", "claims"], built
    records = size["build"]["stage_peaks_mb"]["records"]
    assert f"| &nbsp;&nbsp;records | {size['build']['stages']['records']:.3g} | {records:.3g} |" in report
    # Virtuoso (installed by scripts/setup.sh) loaded the complete dump and answered as the embedded store was asked
    virtuoso = size["virtuoso"]
    assert virtuoso["load_seconds"] > 0, virtuoso.get("error")
    assert len([q for q in virtuoso["questions"].values() if "error" not in q]) >= len(answered)
    for target in ("CLI query ≤5×", "API ≤1.5×", "endpoint p50 ≤1.3×", "export turtle ≤2×", "1M: build"):
        assert target in report, target
    for plot in PLOTS:
        svg = ET.parse(out / plot).getroot()
        assert svg.findall("{http://www.w3.org/2000/svg}circle"), f"{plot} plots no point"


PLOTS = ("build.svg", "queries.svg", "exports.svg", "memory.svg")


def stage_rows(report: str) -> list[str]:
    """The names of the build stages in a report's tables, in its order."""
    return [
        line.split(" | ")[0].removeprefix("| &nbsp;&nbsp;") for line in report.splitlines() if line.startswith("| &nbsp;&nbsp;")
    ]


SERVER_OF_PHASE = {"endpoint": " serve", "Virtuoso": "virtuoso-t"}  # in the servers' command lines


def servers_started_by(bench: psutil.Process, phase: str) -> list[psutil.Process]:
    """The servers a bench phase started: `dgkg serve` and `oxigraph serve-read-only`, or Virtuoso;
    children of this bench, so that another test's servers are never taken for them."""
    started = []
    for child in bench.children():
        try:
            if SERVER_OF_PHASE[phase] in " ".join(child.cmdline()):
                started.append(child)
        except psutil.NoSuchProcess:
            continue
    return started


@pytest.mark.java
@pytest.mark.server
@pytest.mark.parametrize("phase", ["endpoint", "Virtuoso"])
def test_sigterm_stops_the_bench_and_every_server_it_started(tmp_path: Path, phase: str) -> None:
    """Killed with SIGTERM (timeout, a CI runner's cancel) while its servers run, the bench stops
    them and says so. Before, it died at once and `dgkg serve`, `oxigraph serve` or Virtuoso, each
    in its own session, went on running."""
    process = subprocess.Popen(
        [*DGKG, "bench", "--sizes", "1k", "--repeats", "1", "--out", str(tmp_path / "bench")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    bench = psutil.Process(process.pid)
    try:
        assert process.stderr is not None
        for line in process.stderr:
            if line.strip() == f"bench: 1k: {phase}":
                break
        else:
            pytest.fail(f"the bench ended before its {phase} phase")
        for _ in range(100):  # the phase's servers take a moment to start
            if started := servers_started_by(bench, phase):
                break
            time.sleep(0.1)
        assert started, f"no server of the {phase} phase was seen running"
        process.terminate()
        rest = process.communicate(timeout=120)[1]
    finally:
        process.kill()
    assert process.returncode == 130, rest
    assert "dgkg bench: interrupted" in rest and "Traceback" not in rest
    _, alive = psutil.wait_procs(started, timeout=5)
    assert alive == [], [server.cmdline() for server in alive]


def test_the_hub_is_the_entity_with_most_links_whatever_its_labels_and_types() -> None:
    """The bench binds a question's parameter to its class's most linked entity. A labelled twice,
    and typed twice within the class, has two links; B has three, and is the hub."""
    import pyoxigraph as ox
    from rdflib import URIRef

    from bench.probes import PREF_LABEL, SUBCLASS_OF, Hubs

    ex, rdf_type = "http://example.org/", ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    a, b, thing, sub, sub2 = (ox.NamedNode(ex + n) for n in ("a", "b", "Thing", "Sub", "Sub2"))
    link, label = ox.NamedNode(ex + "link"), ox.NamedNode(PREF_LABEL)
    store = ox.Store()
    store.extend(
        ox.Quad(*triple)
        for triple in [
            (sub, ox.NamedNode(SUBCLASS_OF), thing),
            (sub2, ox.NamedNode(SUBCLASS_OF), thing),
            (a, rdf_type, sub),
            (a, rdf_type, sub2),
            (b, rdf_type, thing),
            (a, label, ox.Literal("A", language="en")),
            (a, label, ox.Literal("甲", language="zh-hans")),
            (b, label, ox.Literal("B", language="en")),
            *((ox.NamedNode(f"{ex}x{n}"), link, a) for n in range(2)),
            *((ox.NamedNode(f"{ex}y{n}"), link, b) for n in range(3)),
        ]
    )
    hubs = Hubs(store)
    assert hubs.hub(None) == URIRef(ex + "b")
    assert hubs.hub(ex + "Thing") == URIRef(ex + "b")


def test_repeated_runs_give_the_median_time_the_largest_peak_and_any_failure() -> None:
    from bench.measure import Run
    from bench.runner import median_figures

    runs = [Run(0.3, 40.0, 0, "", ""), Run(0.1, 60.0, 0, "", "", 70.0), Run(0.2, 50.0, 3, "", "")]
    assert median_figures(runs) == {"seconds": 0.2, "peak_mb": 60.0, "together_mb": 70.0, "exit": 3, "runs": 3}
    assert median_figures(runs[:1])["together_mb"] is None


def test_a_sizes_work_stays_when_asked_or_when_its_build_failed() -> None:
    from bench.runner import keeps_work

    measured = {"build": {"exit": 0, "seconds": 1.0}}
    failed = {"build": {"exit": 1, "seconds": 1.0, "error": "dgkg build: failed while checking SHACL shapes"}}
    assert [keeps_work(measured, False), keeps_work(measured, True), keeps_work(failed, False)] == [False, True, True]


def test_the_rebuilds_verdict_gives_this_runs_figures() -> None:
    """A missed rebuild is explained by the run's own figures: its heaviest stages, and the time the
    engine alone takes to write the six dumps."""
    from bench.report import rebuild_why

    def pair(floor: float) -> dict[str, dict[str, float]]:
        return {"dgkg": {"seconds": 9.0}, "oxigraph_convert": {"seconds": floor}}

    size = {
        "build": {"rebuild_one_record": {"seconds": 20.0, "stages": {"records": 1.0, "views": 6.5, "RDF files": 4.25}}},
        "exports": {"turtle": pair(0.25), "trig": pair(0.5), "nquads": pair(0.5), "ntriples": pair(0.25), "jsonld": pair(0.25)}
        | {"rdfxml": pair(0.5)},
    }
    why = rebuild_why(size)
    assert "views 6.5 s, RDF files 4.2 s, records 1.0 s" in why
    assert "takes 2.2 s of the 3 s" in why


def test_a_cli_verdict_gives_what_dgkg_start_up_added_in_this_run() -> None:
    from bench.report import cli_why

    cli = {"question": "q", "dgkg_query_named": 0.24, "bare_python_named": 0.04}
    assert cli_why(cli).endswith("the bare process imports pyoxigraph only. They added 0.200 s to `dgkg query q` in this run.")
    # a bench.json from before the library's question was timed
    assert cli_why({"dgkg_query": 0.3, "bare_python": 0.1}).endswith("pyoxigraph only.")


def test_an_exports_verdict_gives_what_python_alone_took_in_this_run() -> None:
    from bench.report import exports_why

    pair = {"dgkg": {"seconds": 0.08}, "oxigraph_convert": {"seconds": 0.032}, "python_copy": {"seconds": 0.048}}
    why = exports_why(pair)
    assert "took 0.048 s in this run, 1.50× `oxigraph convert`" in why
    assert "added 0.032 s" in why
    # a bench.json from before the copy was measured beside the export
    assert exports_why({"dgkg": {"seconds": 0.08}, "oxigraph_convert": {"seconds": 0.032}}).endswith("is start-up.")


def test_the_million_builds_verdict_gives_this_runs_stages() -> None:
    from bench.report import build_why

    size = {"build": {"stages": {"records": 10.0, "views": 142.0, "SPARQL store": 80.0}, "graph": {"entities": 56636}}}
    why = build_why(size)
    assert "views 142.0 s, SPARQL store 80.0 s, records 10.0 s" in why
    assert "56,636 entities" in why
    assert "peak" not in why  # a run from before the build reported its peaks
    size["build"]["stage_peaks_mb"] = {"records": 660.0, "views": 1698.0, "SPARQL store": 730.0}
    assert "reached its peak, 1698 MB, in the views stage" in build_why(size)


def test_a_commands_processes_are_measured_together_as_well_as_apart() -> None:
    """GNU time's peak is the largest one process reached; a build runs its store's process
    beside its own, so the bench also adds up the resident sizes of the whole process tree."""
    import sys

    from bench.measure import run

    child = "b = bytearray(300 * 2**20); import time; time.sleep(1)"
    parent = f"import subprocess, sys; a = bytearray(200 * 2**20); subprocess.run([sys.executable, '-c', {child!r}])"
    measured = run([sys.executable, "-c", parent])
    assert measured.code == 0
    assert 300 <= measured.peak_mb < 450  # the child alone
    assert measured.together_mb is not None and measured.together_mb >= 500  # both at once
