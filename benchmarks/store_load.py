"""Load times per triple store, and how many library questions each then answers as the embedded
store does: the figures of docs/remote-stores.md.

Run by hand after `dgkg build` (not a test: timings depend on the machine):

    .venv/bin/python benchmarks/store_load.py [--dist dist] [--stores oxigraph,virtuoso,jena]

Each store starts on loopback in a temporary directory (tests/stores), is loaded every way
docs/remote-stores.md describes (`dgkg push`; the store's bulk loader from the complete dump,
`dgkg export --format nquads --inferred`), and is asked every library question with its
documented parameters, as slugs and as labels (tests/test_store_agreement.py asks the same).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from conftest import run_dgkg  # noqa: E402
from stores import agreement, jena, oxigraph, virtuoso  # noqa: E402
from bench.servers import Running, stop  # noqa: E402

from queries import Library, RemoteEndpoint, Store  # noqa: E402

PASSWORD = "benchmark-writer"
Loaded = tuple[Running, float]  # the server, and the seconds loading took


def push(server: Running, dist: Path) -> float:
    assert server.graph_store_url is not None
    started = time.monotonic()
    result = run_dgkg("push", "--endpoint", server.graph_store_url, "--dist", str(dist), timeout=600)
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    return time.monotonic() - started


@contextmanager
def oxigraph_push(work: Path, dist: Path, dump: Path) -> Iterator[Loaded]:
    server = oxigraph.start(work)
    try:
        yield server, push(server, dist)
    finally:
        stop(server.process)


@contextmanager
def oxigraph_bulk(work: Path, dist: Path, dump: Path) -> Iterator[Loaded]:
    assert oxigraph.BINARY is not None
    started = time.monotonic()
    load = [oxigraph.BINARY, "load", "--location", str(work / "data"), "--file", str(dump)]
    subprocess.run(load, check=True, capture_output=True)
    seconds = time.monotonic() - started
    server = oxigraph.start(work)
    try:
        yield server, seconds
    finally:
        stop(server.process)


@contextmanager
def virtuoso_push(work: Path, dist: Path, dump: Path) -> Iterator[Loaded]:
    server = virtuoso.start(work, PASSWORD)
    try:
        yield server, push(server, dist)
    finally:
        stop(server.process)


@contextmanager
def virtuoso_bulk(work: Path, dist: Path, dump: Path) -> Iterator[Loaded]:
    server = virtuoso.start(work, PASSWORD)
    try:
        yield server, virtuoso.bulk_load(server, dump)
    finally:
        stop(server.process)


@contextmanager
def jena_bulk(work: Path, dist: Path, dump: Path) -> Iterator[Loaded]:
    class_path = jena.class_path(work)
    seconds = jena.load(dump, work / "tdb2", class_path)
    server = jena.start(work / "tdb2", work, class_path)
    try:
        yield server, seconds
    finally:
        stop(server.process)


WAYS: dict[str, list[tuple[str, Callable[[Path, Path, Path], AbstractContextManager[Loaded]]]]] = {
    "oxigraph": [("dgkg push", oxigraph_push), ("oxigraph load (dump)", oxigraph_bulk)],
    "virtuoso": [("dgkg push (Digest)", virtuoso_push), ("ld_dir + rdf_loader_run (dump)", virtuoso_bulk)],
    "jena": [("tdb2.tdbloader (dump)", jena_bulk)],
}


def agreeing(remote: RemoteEndpoint, local: Store, library: Library) -> tuple[int, int, list[str]]:
    """Cases answered exactly as the embedded store answers them, of all cases, and the others."""
    cases = agreement.cases(library)
    differing = []
    for case in cases:
        question = library.get(case.question)
        params = agreement.params(case, library, local)
        try:
            text, _ = question.bind(params, remote.resolve)
            got = agreement.remote_multiset(remote.bindings(text), local.run(question, params).variables)
        except Exception as error:  # a failure is a disagreement to report, not a reason to stop
            differing.append(f"{case.id}: {error}")
            continue
        if agreement.differences(agreement.multiset(local.run(question, params)), got) != {"missing": [], "extra": []}:
            differing.append(case.id)
    return len(cases) - len(differing), len(cases), differing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=REPO / "dist")
    parser.add_argument("--stores", default="oxigraph,virtuoso,jena")
    args = parser.parse_args()
    local, library = Store.from_dist(args.dist), Library.load()
    with tempfile.TemporaryDirectory(prefix="dgkg-store-load-") as tmp:
        dump = Path(tmp) / "dgkg.nq"
        result = run_dgkg("export", "--format", "nquads", "--inferred", "--dist", str(args.dist), "-o", str(dump))
        if result.returncode != 0:
            raise SystemExit(result.stderr)
        print("| store | loaded by | load time | questions agreeing |")
        print("| --- | --- | --- | --- |")
        for store in args.stores.split(","):
            for way, load in WAYS[store]:
                work = Path(tempfile.mkdtemp(dir=tmp, prefix=f"{store}-"))
                with load(work, args.dist, dump) as (server, seconds):
                    remote = RemoteEndpoint(server.query_url)
                    same, total, differing = agreeing(remote, local, library)
                    remote.close()
                print(f"| {store} | {way} | {seconds:.1f} s | {same}/{total} |", flush=True)
                for case in differing:
                    print(f"  differs: {case}", file=sys.stderr)


if __name__ == "__main__":
    main()
