"""`dgkg bench`: every stage at every size, each beside its reference, in one run.

Each stage runs as its own process (bench.measure.run), so its wall time includes what a user
waits for (start-up, imports) and its peak memory is its own.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.browser import CHROMIUM
from bench.endpoint import OXIGRAPH, QUERY
from bench.endpoint import measure as measure_endpoint
from bench.generate import generate
from bench.virtuoso import measure as measure_virtuoso
from bench.measure import DGKG, EXPORT_BUDGET, PYTHON, machine, median, repeat, run
from bench.sizing import label
from queries import Library

SEED = 1
EXPORTS = {"turtle": "ttl", "ntriples": "nt", "trig": "trig", "nquads": "nq", "jsonld": "jsonld", "rdfxml": "rdf"}
QUAD_FORMATS = {"trig", "nquads"}
BARE = "import sys, pyoxigraph as ox; s = ox.Store.read_only(sys.argv[1]); print(sum(1 for _ in s.query(sys.argv[2])))"
# What `dgkg export` does with a dump, written with the standard library alone: read the options
# (argparse), check the file's SHA-256 (hashlib) and copy it (shutil). The part of an export's
# time that no Python command can save, measured beside it.
PYTHON_COPY = """
import argparse, hashlib, pathlib, shutil
parser = argparse.ArgumentParser()
parser.add_argument("source", type=pathlib.Path)
parser.add_argument("target", type=pathlib.Path)
args = parser.parse_args()
with args.source.open("rb") as stream:
    hashlib.file_digest(stream, "sha256")
shutil.copyfile(args.source, args.target)
"""
Progress = Callable[[str], None]


def stage_times(stdout: str) -> dict[str, float]:
    """The build's own stage report: `built DIR in 26.9s (records 2.8s, claims 0.4s, …)`."""
    match = re.search(r"built \S+ in [\d.]+s \((.*)\)", stdout)
    if not match:
        return {}
    return {name: float(seconds) for name, seconds in re.findall(r"(.+?) (\d+(?:\.\d+)?)s(?:, |$)", match.group(1))}


def stage_peaks(stdout: str) -> dict[str, float]:
    """The build's own peak memory by stage: `peak memory by stage, MB (this process): records 250, …`."""
    match = re.search(r"^peak memory by stage, MB \([^)]*\): (.*)$", stdout, re.MULTILINE)
    if not match:
        return {}
    return {name: float(mb) for name, mb in re.findall(r"(.+?) (\d+)(?:, |$)", match.group(1))}


def build_figures(result: Any) -> dict[str, Any]:
    """A build's time and peak, and its own figures stage by stage; their order too, which
    bench.json (its keys sorted) does not keep."""
    stages = stage_times(result.stdout)
    return {**figures(result), "stages": stages, "stage_order": list(stages), "stage_peaks_mb": stage_peaks(result.stdout)}


def figures(result: Any) -> dict[str, float]:
    return {"seconds": result.seconds, "peak_mb": result.peak_mb, "together_mb": result.together_mb, "exit": result.code}


def build(sources: Path, dist: Path) -> dict[str, Any]:
    """A build that keeps its memo (`--incremental`: the first has none to read, so it does the
    full work), `dgkg validate`, then one changed record rebuilt incrementally, with the
    rebuild's own stage times."""
    env = {"DGKG_SOURCES": str(sources)}
    built = run([*DGKG, "build", "--incremental", "--dist", str(dist)], env)
    report: dict[str, Any] = build_figures(built)
    if built.code != 0:
        report["error"] = (built.stdout + built.stderr)[-2000:]
        return report
    report["graph"] = json.loads((dist / "build-report.json").read_text(encoding="utf-8"))
    report["validate"] = figures(run([*DGKG, "validate"], env))
    record = sorted((sources / "records").glob("*.yaml"))[0]
    record.write_text(record.read_text(encoding="utf-8").replace("A synthetic", "A changed synthetic", 1), encoding="utf-8")
    rebuilt = run([*DGKG, "build", "--incremental", "--dist", str(dist)], env)
    report["rebuild_one_record"] = build_figures(rebuilt)
    return report


def cli(dist: Path, repeats: int) -> dict[str, Any]:
    """`dgkg query NAME` (the library question that takes no parameter) and `dgkg query --sparql`,
    each beside a bare Python process that runs the same text with pyoxigraph."""
    question = next(q for q in Library.load() if not q.params)
    named = repeat([*DGKG, "query", question.name, "--dist", str(dist), "--format", "tsv"], repeats)
    named_bare = repeat([PYTHON, "-c", BARE, str(dist / "store"), question.text], repeats)
    ours = repeat([*DGKG, "query", "--sparql", QUERY, "--dist", str(dist), "--format", "tsv"], repeats)
    bare = repeat([PYTHON, "-c", BARE, str(dist / "store"), QUERY], repeats)
    return {
        "question": question.name,
        "dgkg_query_named": median(named),
        "bare_python_named": median(named_bare),
        "dgkg_query": median(ours),
        "bare_python": median(bare),
    }


def exports(dist: Path, work: Path, repeats: int) -> dict[str, Any]:
    """Each format written by `dgkg export`, by `oxigraph convert` and by Python alone copying
    the same dump (PYTHON_COPY), in turn, ``repeats`` times each: at 10k a run takes a few
    hundredths of a second, as long as the machine's noise. Fewer once a format's runs have taken
    EXPORT_BUDGET seconds (at 1M a run takes seconds, its noise small beside it)."""
    result: dict[str, Any] = {}
    for name, ext in EXPORTS.items():
        source = dist / ("dgkg.trig" if name in QUAD_FORMATS else "dgkg.nt")
        commands = {
            "dgkg": [*DGKG, "export", "--format", name, "--dist", str(dist), "-o", str(work / f"dgkg.{ext}")],
            "oxigraph_convert": [
                str(OXIGRAPH),
                "convert",
                "--from-file",
                str(source),
                "--to-file",
                str(work / f"oxigraph.{ext}"),
            ],
            "python_copy": [PYTHON, "-c", PYTHON_COPY, str(dist / f"dgkg.{ext}"), str(work / f"python.{ext}")],
        }
        runs: dict[str, list[Any]] = {key: [] for key in commands}
        started = time.perf_counter()
        while len(runs["dgkg"]) < max(repeats, 1) and (not runs["dgkg"] or time.perf_counter() - started < EXPORT_BUDGET):
            for key, command in commands.items():
                runs[key].append(run(command))
        result[name] = {key: median_figures(done) for key, done in runs.items()}
    return result


def median_figures(runs: list[Any]) -> dict[str, float | None]:
    """Runs of one command: the median time, the largest peaks, how many runs, and an exit code
    that is not 0 if any run's was not."""
    together = [r.together_mb for r in runs if r.together_mb is not None]
    return {
        "seconds": median([r.seconds for r in runs]),
        "peak_mb": max(r.peak_mb for r in runs),
        "together_mb": max(together, default=None),
        "exit": next((r.code for r in runs if r.code), 0),
        "runs": len(runs),
    }


def opened(page: Path) -> dict[str, Any]:
    """The explorer page in headless Chromium (bench.browser), in a process of its own."""
    if not CHROMIUM.exists():
        return {"error": f"no Chromium at {CHROMIUM} (make setup installs it)"}
    done = run([PYTHON, "-m", "bench.browser", str(page)])
    if done.code != 0:
        return {"error": done.stderr[-2000:]}
    return {**json.loads(done.stdout), "peak_mb": done.peak_mb}


def asked(dist: Path, repeats: int) -> dict[str, Any]:
    """bench.probes in a process of its own: the library questions, and the loads it makes."""
    done = run([PYTHON, "-m", "bench.probes", str(dist), str(repeats)])
    if done.code != 0:
        return {"error": done.stderr[-2000:], "peak_mb": done.peak_mb}
    return {**json.loads(done.stdout), "seconds": done.seconds, "peak_mb": done.peak_mb}


def one_size(size: int, work: Path, repeats: int, progress: Progress) -> dict[str, Any]:
    sources, dist = work / "sources", work / "dist"
    # the bench's own wall time, phase by phase: [name, seconds] pairs (bench.json sorts its keys)
    phases: list[list[Any]] = []
    result: dict[str, Any] = {"size": size, "phase_seconds": phases}

    def phase(name: str) -> None:
        progress(f"{label(size)}: {name}")
        phases.append([name, time.perf_counter()])

    def done() -> None:
        phases[-1][1] = round(time.perf_counter() - phases[-1][1], 1)

    phase("generating")
    result["generated"] = generate(size, SEED, sources).__dict__
    done()
    phase("building, validating, rebuilding")
    result["build"] = build(sources, dist)
    done()
    if "error" in result["build"]:
        return result
    phase("loading, library questions")
    questions = asked(dist, repeats)
    result["load"] = {**questions.pop("load", {}), "peak_mb": questions["peak_mb"]}
    result["questions"] = questions
    done()
    phase("CLI, exports, explorer")
    result["cli"] = cli(dist, repeats)
    result["exports"] = exports(dist, work, repeats)
    # the page the build wrote (its views stage, timed with the build): `dgkg viz` would write every
    # view again, a second views stage (115 s of the full run at 1M)
    result["viz"] = {"browser": opened(dist / "viz" / "index.html")}
    done()
    phase("endpoint")
    result["endpoint"] = measure_endpoint(dist)
    done()
    phase("Virtuoso")
    result["virtuoso"] = measure_virtuoso(dist, work)
    done()
    return result


def keeps_work(result: dict[str, Any], asked: bool) -> bool:
    """Whether a size's work folder stays: when asked, or when its build failed (its sources and
    the build's output are what one reads to find out why)."""
    return asked or "error" in result.get("build", {})


def bench(sizes: list[int], out: Path, repeats: int, progress: Progress, keep_work: bool = False) -> dict[str, Any]:
    """Every size in turn, each in out/work/<size>/ (its generated sources, its dist/, the exports),
    removed once measured unless ``keep_work`` or its build failed: the 1M size's is gigabytes."""
    out.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"machine": machine(), "seed": SEED, "repeats": repeats, "sizes": []}
    for size in sizes:
        work = out / "work" / label(size)
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        result = one_size(size, work, repeats, progress)
        results["sizes"].append(result)
        (out / "bench.json").write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        if not keeps_work(result, keep_work):
            shutil.rmtree(work)
    if (out / "work").is_dir() and not any((out / "work").iterdir()):
        (out / "work").rmdir()
    results["machine_after"] = machine()["load_average"]
    return results
