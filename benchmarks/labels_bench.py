"""Naming an entity by a label, with the build's label file (dist/labels.sqlite) beside the old
way (every label loaded from the store and folded, as a dist/ without the file is read), and
beside naming it by its slug (one ASK): whole `dgkg query --param` and `dgkg lookup` processes,
and `dgkg serve`'s first query page with the parameter given as a label, its latency and the
memory of its HTTP process.

Run by hand after `dgkg build` (not a test: timings depend on the machine):

    .venv/bin/python benchmarks/labels_bench.py [--dist dist] [--dist /tmp/E-100k] [--repeat 5]

A 100k graph: `dgkg bench generate --triples 100000 --seed 1 --out /tmp/E-src`, then
`DGKG_SOURCES=/tmp/E-src dgkg build --dist /tmp/E-100k`. "Without the file" is the same dist/
seen through a folder of links to everything but labels.sqlite. Each process figure is the median
(min–max) of --repeat runs after one untimed run; each server figure is one fresh `dgkg serve`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from cli_bench import shown, timed  # noqa: E402 (the whole-process timing every CLI benchmark uses)
from loopback import serving  # noqa: E402
from graph_build import pinyin_key  # noqa: E402
from queries import LABEL_FILE, Library, Store  # noqa: E402

DGKG = [sys.executable, "-m", "dgkg.cli"]
QUESTION = "cases-of-region"  # a parameter of a class (dgo:Place), as a user binds it by name
SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"


def names(dist: Path, order: str = "DESC") -> tuple[str, str, str, str, str]:
    """The question's parameter, and the slug, Chinese and English names and pinyin of the most
    linked (``order`` ASC: least linked) entity of its class that each names alone."""
    store = Store.from_dist(dist)
    param = next(p for p in Library.load().get(QUESTION).params if p.cls)
    rows = store.select(
        f"SELECT ?e ?zh ?en (COUNT(?x) AS ?n) WHERE {{ ?e a/<{SUBCLASS_OF}>* <{param.cls}> ; <{PREF_LABEL}> ?zh, ?en . "
        'FILTER(LANG(?zh) = "zh-hans" && LANG(?en) = "en") OPTIONAL { ?x ?p ?e } } '
        f"GROUP BY ?e ?zh ?en ORDER BY {order}(?n) STR(?e) LIMIT 20"
    )
    for row in rows:
        called = str(row["zh"]), str(row["en"]), pinyin_key(str(row["zh"]))
        bindings = [store.resolve(param.name, text, param.cls) for text in called]
        if all(binding.note is None and binding.term.value == str(row["e"]) for binding in bindings):
            return param.name, store.slug(row["e"]), *called
    raise SystemExit(f"no {param.cls} in {dist} is named alone by its Chinese label")


def without_file(dist: Path, into: Path) -> Path:
    """``dist`` as a build that wrote no label file: links to all of it but labels.sqlite."""
    into.mkdir()
    for entry in dist.iterdir():
        if entry.name != LABEL_FILE:
            (into / entry.name).symlink_to(entry)
    return into


def first_page(dist: Path, param: str, value: str) -> tuple[float, float, float]:
    """Seconds of the server's first query page binding ``value``, and the MB its HTTP process
    holds before and after."""
    with serving(dist, "--workers", "1") as served:
        parent = psutil.Process(served.process.pid)
        before = parent.memory_info().rss / 2**20
        path = "/query?" + urlencode({"name": QUESTION, f"param.{param}": value})
        started = time.perf_counter()
        status, _, body = served.get(path, timeout=600)
        spent = time.perf_counter() - started
        assert status == 200 and b"no entity is called" not in body, body[-500:]
        return spent, before, parent.memory_info().rss / 2**20


def bench(dist: Path, repeat: int) -> None:
    param, slug, zh, en, pinyin = names(dist)
    leaf = names(dist, "ASC")[2]  # `dgkg lookup` of a hub is its description's query (model.reading) above all
    print(f"\n## {dist} ({QUESTION}, {param} = {slug} / {zh} / {en} / {pinyin}; lookup {leaf})\n")
    with tempfile.TemporaryDirectory() as scratch:
        old = without_file(dist, Path(scratch) / "dist")
        query = [*DGKG, "query", QUESTION, "--format", "csv", "--param"]
        rows = {
            "dgkg query --param slug": timed([*query, f"{param}={slug}", "--dist", str(dist)], repeat),
            "dgkg query --param Chinese label, file": timed([*query, f"{param}={zh}", "--dist", str(dist)], repeat),
            "dgkg query --param Chinese label, no file": timed([*query, f"{param}={zh}", "--dist", str(old)], repeat),
            "dgkg query --param English label, file": timed([*query, f"{param}={en}", "--dist", str(dist)], repeat),
            "dgkg query --param English label, no file": timed([*query, f"{param}={en}", "--dist", str(old)], repeat),
            "dgkg query --param pinyin, file": timed([*query, f"{param}={pinyin}", "--dist", str(dist)], repeat),
            "dgkg query --param pinyin, no file": timed([*query, f"{param}={pinyin}", "--dist", str(old)], repeat),
            "dgkg lookup Chinese label, file": timed([*DGKG, "lookup", leaf, "--dist", str(dist)], repeat),
            "dgkg lookup Chinese label, no file": timed([*DGKG, "lookup", leaf, "--dist", str(old)], repeat),
        }
        print("| whole process | median (min–max) |\n| --- | ---: |")
        for name, samples in rows.items():
            print(f"| {name} | {shown(samples)} |")
        median = {name: statistics.median(samples) for name, samples in rows.items()}
        slug_run = median["dgkg query --param slug"]
        with_file, old_way = median["dgkg query --param Chinese label, file"], median["dgkg query --param Chinese label, no file"]
        lookups = median["dgkg lookup Chinese label, file"] / median["dgkg lookup Chinese label, no file"]
        print(
            f"\nlabel with the file / slug: {with_file / slug_run:.2f}×; without the file / slug: {old_way / slug_run:.2f}×; "
            f"lookup with / without the file: {lookups:.2f}×"
        )
        print("\n| dgkg serve, first /query with the parameter as | seconds | HTTP process MB before | after |")
        print("| --- | ---: | ---: | ---: |")
        for name, served, value in (
            ("slug", dist, slug),
            ("Chinese label, file", dist, zh),
            ("Chinese label, no file", old, zh),
            ("English label, file", dist, en),
            ("English label, no file", old, en),
            ("pinyin, file", dist, pinyin),
            ("pinyin, no file", old, pinyin),
        ):
            spent, before, after = first_page(served, param, value)
            print(f"| {name} | {spent:.3f} | {before:.0f} | {after:.0f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, action="append", help="a built dist/ (repeatable; default dist/)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for dist in args.dist or [REPO / "dist"]:
        bench(dist.resolve(), args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
