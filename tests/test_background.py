"""What the build writes beside its views, in a second process (graph_build.background): the
store, label file and dumps it writes are those written in the build's own process; each step's
figures come back in order; what a step fails on reaches the build as its error, the process is
stopped with the build, and dist/ is left as it was."""

from __future__ import annotations

import os
import shutil
import signal
import time
from functools import partial
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_build import InBackground, write_prefixed_dumps
from queries import write_store
from queries.labelfile import LABEL_FILE


def dumps_of(built_dist: Path, into: Path) -> Path:
    """A dist/ holding only what the build's own process writes before the views: the line-based
    dumps, the ontology's files and the layout."""
    into.mkdir()
    for name in ("dgkg.nq", "dgkg.nt", "inferred.ttl", "layout.json", "ontology.ttl", "ontology.owl"):
        shutil.copyfile(built_dist / name, into / name)
    return into


def statements(dist: Path) -> tuple[int, list[str]]:
    """How many quads the store holds, and those without a blank node (whose labels each load
    draws afresh), as text."""
    quads = list(ox.Store.read_only(str(dist / "store")))
    named = sorted(str(q) for q in quads if not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object)))
    return len(quads), named


def writes(name: str, out: Path) -> None:
    (out / name).write_text(name, encoding="utf-8")


def sleeps_then_writes(out: Path) -> None:
    (out.parent / "running").touch()
    time.sleep(3)
    (out.parent / "late").write_text("the step ran to its end", encoding="utf-8")


def started(steps: InBackground) -> int:
    """The pid of the step's process running, once the steps' thread has started it."""
    for _ in range(1000):
        if steps._process is not None and steps._process.pid is not None:
            return steps._process.pid
        time.sleep(0.01)
    raise AssertionError("no step was started")


def fails_unpicklably(out: Path) -> None:
    class Local(Exception):  # a class the build's process cannot find to unpickle
        pass

    raise Local("a disk that lies")


def test_the_process_writes_what_the_builders_own_process_writes(built_dist: Path, tmp_path: Path) -> None:
    beside, inside = dumps_of(built_dist, tmp_path / "beside"), dumps_of(built_dist, tmp_path / "inside")
    steps = InBackground([("store", write_store), ("TriG, Turtle and RDF/XML", write_prefixed_dumps)])
    steps.start(beside)
    seconds, peak = steps.wait("store")
    assert steps.wait("store") == (seconds, peak)  # the views and the build both wait: the second returns at once
    assert seconds > 0 and peak is not None and peak > 0
    steps.wait("TriG, Turtle and RDF/XML")
    write_store(inside)
    write_prefixed_dumps(inside)
    assert statements(beside) == statements(inside)
    for name in (LABEL_FILE, "dgkg.trig", "dgkg.ttl", "dgkg.rdf"):
        assert (beside / name).read_bytes() == (inside / name).read_bytes() == (built_dist / name).read_bytes()


def test_the_steps_run_in_order_and_a_failure_is_raised_to_its_wait_and_every_later_one(tmp_path: Path) -> None:
    steps = InBackground([("first", partial(writes, "first")), ("store", write_store), ("last", partial(writes, "last"))])
    with pytest.raises(ValueError, match="no step named 'views'"):
        steps.writer("views")
    (tmp_path / "layout.json").write_text('{"base": "http://example.org/"}', encoding="utf-8")
    (tmp_path / "dgkg.nq").write_text("<http://example.org/s> <http://example.org/p> .\n", encoding="utf-8")
    (tmp_path / "inferred.ttl").write_text("", encoding="utf-8")
    steps.writer("store")(None, tmp_path)  # type: ignore[arg-type]
    steps.writer("first")(None, tmp_path)  # type: ignore[arg-type]  # started once
    assert steps.wait("first")[0] >= 0 and (tmp_path / "first").read_text(encoding="utf-8") == "first"
    with pytest.raises(SyntaxError):
        steps.wait("store")
    with pytest.raises(SyntaxError):  # again, as the views and then the build each wait
        steps.wait("last")
    assert not (tmp_path / "last").exists()  # no step runs after a failure
    assert steps.wait("first")[0] >= 0  # a step done before it keeps its figures
    steps.stop()  # ended already: nothing to stop


def test_an_error_the_build_cannot_unpickle_comes_as_its_message(tmp_path: Path) -> None:
    steps = InBackground([("lying", fails_unpicklably)])
    steps.start(tmp_path)
    with pytest.raises(OSError, match="Local: a disk that lies"):
        steps.wait("lying")


def test_a_build_whose_store_fails_says_so_and_leaves_dist_as_it_was(built_dist: Path, tmp_path: Path) -> None:
    """The dump the store's step loads goes missing under it (as a full disk or another process
    would take it): the build fails with the process's error and its dist/, and the dist/ it would
    have replaced is untouched."""
    from graph_build import BuildFailed, BuildReport, write_dist
    from tests.conftest import curated_graph

    dist = tmp_path / "dist"
    shutil.copytree(built_dist, dist, symlinks=True)
    before = {p.relative_to(dist).as_posix(): p.stat().st_mtime_ns for p in dist.rglob("*")}

    def takes_the_dump(graph: object, out: Path) -> None:
        (out / "dgkg.nq").unlink()

    steps = InBackground([("SPARQL store", write_store)])
    with pytest.raises(BuildFailed) as failure:
        write_dist(
            curated_graph(),
            BuildReport(),
            dist,
            [("a disk failing", takes_the_dump), ("SPARQL store", steps.writer("SPARQL store"))],
        )
    assert "dgkg.nq" in str(failure.value.errors[0]) and str(dist) in str(failure.value.errors[0])
    assert {p.relative_to(dist).as_posix(): p.stat().st_mtime_ns for p in dist.rglob("*")} == before


def test_a_build_that_fails_beside_the_steps_stops_their_process_and_starts_no_other(tmp_path: Path) -> None:
    from graph_build import BuildFailed, BuildReport, write_dist
    from tests.conftest import curated_graph

    steps = InBackground([("slow", sleeps_then_writes), ("SPARQL store", write_store)])

    def views_failing(graph: object, out: Path) -> None:
        started(steps)
        raise OSError("no room left for the pages")

    with pytest.raises(BuildFailed) as failure:
        write_dist(curated_graph(), BuildReport(), tmp_path / "dist", [("slow", steps.writer("slow")), ("views", views_failing)])
    assert "no room left for the pages" in str(failure.value.errors[0])
    assert steps._process is not None and not steps._process.is_alive()
    assert steps._thread is not None and not steps._thread.is_alive()  # so no step is started after
    time.sleep(4)
    assert not (tmp_path / "late").exists()  # cut short, not waited for
    assert not (tmp_path / "dist").exists()


def test_a_process_killed_before_it_answers_is_an_error_naming_the_step_and_its_exit(built_dist: Path, tmp_path: Path) -> None:
    steps = InBackground([("first", partial(writes, "first")), ("SPARQL store", write_store)])
    steps.start(dumps_of(built_dist, tmp_path / "dist"))
    os.kill(started(steps), signal.SIGKILL)  # before it has even imported what it runs
    with pytest.raises(OSError, match=r"writing first ended without an answer \(exit code -9\)"):
        steps.wait("SPARQL store")


KILLED_BUILD = """
import sys, time
from pathlib import Path
from graph_build import InBackground
from tests.test_background import sleeps_then_writes, started
steps = InBackground([("slow", sleeps_then_writes)])
steps.start(Path(sys.argv[1]))
print(started(steps), flush=True)
time.sleep(60)
"""


def ended(process: Path) -> bool:
    """Whether the process of /proc/PID is gone, or a zombie no one reaps (a container's first
    process may not)."""
    try:
        return process.joinpath("stat").read_text().rsplit(")", 1)[-1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def test_a_build_killed_outright_takes_the_step_running_with_it(tmp_path: Path) -> None:
    """SIGKILL (or the out-of-memory killer) gives the build no chance to stop its steps: Linux
    ends the step's process with it, before the step is done."""
    import subprocess
    import sys

    from tests.conftest import REPO

    (tmp_path / "dist").mkdir()
    command = [sys.executable, "-c", KILLED_BUILD, str(tmp_path / "dist")]
    build = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert build.stdout is not None
        step = Path(f"/proc/{build.stdout.readline().strip()}")
        for _ in range(3000):
            if (tmp_path / "running").exists():  # the step is under way
                break
            time.sleep(0.01)
        build.kill()
        build.wait()
        for _ in range(1000):
            if ended(step):
                break
            time.sleep(0.01)
        assert not (tmp_path / "late").exists()  # killed, not run to its end
    finally:
        build.kill()


def test_a_step_that_cannot_be_started_is_an_answer_not_a_wait_forever(tmp_path: Path) -> None:
    """A step the process cannot be handed (here a lambda, which does not pickle) fails where the
    steps' thread starts it; the build waiting for it gets that error."""
    import threading

    steps = InBackground([("unpicklable", lambda out: None)])
    steps.start(tmp_path)
    raised: list[BaseException] = []

    def waits() -> None:
        try:
            steps.wait("unpicklable")
        except BaseException as error:
            raised.append(error)

    waiting = threading.Thread(target=waits, daemon=True)
    waiting.start()
    waiting.join(60)
    assert not waiting.is_alive(), "the wait never ended"
    assert raised and "lambda" in str(raised[0])
