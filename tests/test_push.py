"""`dgkg push` into a real Graph Store (the Oxigraph server from PyPI, started on loopback),
then the same questions asked of it remotely, with the same answers as the embedded store."""

from __future__ import annotations

import io
import re
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import queries_sample
from conftest import DGKG, REPO, run_dgkg
from queries_sample import NAMES, R, free_port, start_oxigraph, stop

from dgkg.commands import push as push_command
from queries import Library, RemoteEndpoint, RemoteError, Store, push
from queries.remote import GraphStore, build_namespaces, graphs_in_place, query_url_for

# The shared fixtures, bound by assignment: as imports, every test taking them would count as
# redefining an unused import (ruff F811).
sample_dist = queries_sample.sample_dist
sample_library = queries_sample.sample_library

pytestmark = [pytest.mark.server, pytest.mark.xdist_group("oxigraph-server")]


@pytest.fixture(scope="module")
def union_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    process, url = start_oxigraph(tmp_path_factory.mktemp("oxigraph-union"), union=True)
    yield url
    stop(process)


@pytest.fixture(scope="module")
def local(sample_dist: Path) -> Store:
    return Store.from_dist(sample_dist)


@pytest.fixture(scope="module")
def pushed(union_server: str, sample_dist: Path) -> RemoteEndpoint:
    result = run_dgkg("push", "--endpoint", f"{union_server}/store", "--dist", str(sample_dist), timeout=120)
    assert result.returncode == 0, result.stderr
    assert "named graphs" in result.stdout
    return RemoteEndpoint(f"{union_server}/query")


def test_every_graph_arrives(pushed: RemoteEndpoint, local: Store) -> None:
    rows = pushed.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    remote = {str(row["g"]): row["n"].toPython() for row in rows}
    expected = {g.value: sum(1 for _ in local.triples(g)) for g in local.named_graphs()}
    assert remote == expected


def test_library_questions_answer_the_same_remotely(pushed: RemoteEndpoint, local: Store, sample_library: Path) -> None:
    library = Library.load(sample_library)
    for question, params in [
        ("members", {"group": "三金工程"}),
        ("apps-per-region", {"region": "廣東"}),
        ("apps-per-region", {}),
    ]:
        assert pushed.run(library.get(question), params) == local.run(library.get(question), params)


def test_provenance_lookup_and_describe_work_remotely(pushed: RemoteEndpoint, local: Store) -> None:
    query = "SELECT ?quote WHERE { GRAPH ?c { dgr:zheliban dgo:region dgr:zhejiang } ?c dgo:quote ?quote }"
    assert pushed.select(query) == local.select(query) and len(local.select(query)) == 1
    assert pushed.lookup("zhe li ban")[0].slug == "zheliban"
    assert pushed.describe(R("zheliban")).facts == local.describe(R("zheliban")).facts


def test_cli_query_against_the_remote_endpoint(pushed: RemoteEndpoint, union_server: str, sample_dist: Path) -> None:
    remote = run_dgkg(
        "query",
        "programme-group-members",
        "--param",
        "group=Three Golden Projects",
        "--format",
        "csv",
        "--endpoint",
        f"{union_server}/query",
        env={"DGKG_DIST": "/nonexistent"},
    )
    here = run_dgkg(
        "query",
        "programme-group-members",
        "--param",
        "group=Three Golden Projects",
        "--format",
        "csv",
        "--dist",
        str(sample_dist),
    )
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == here.stdout and len(remote.stdout.splitlines()) == 4


def test_single_graph_push_into_a_store_without_union_default(tmp_path: Path, local: Store) -> None:
    process, url = start_oxigraph(tmp_path / "plain", union=False)
    try:
        report = push(local, f"{url}/store", per_claim=False)
        remote = RemoteEndpoint(f"{url}/query")
        members = "SELECT ?m WHERE { ?m dgo:memberOf dgr:three-golden-projects } ORDER BY ?m"
        assert remote.select(members) == local.select(members)
        assert remote.select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1") == []
        distinct = local.select("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
        assert report.graphs == 1 and report.triples == distinct[0]["n"].toPython()
    finally:
        stop(process)


def test_push_failures_are_clear(local: Store, union_server: str, sample_dist: Path) -> None:
    with pytest.raises(RemoteError, match="answered HTTP 404"):
        push(local, f"{union_server}/nothing-here")
    result = run_dgkg("push", "--endpoint", f"http://127.0.0.1:{free_port()}/store", "--dist", str(sample_dist))
    assert result.returncode == 1 and "cannot reach http://127.0.0.1:" in result.stderr


# Hardening: progress, timeouts, a push cut short and resumed, pruning. These use the real build
# and their own Oxigraph servers, which a test may kill or pause.

COUNT_GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g {} }"
SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
Launch = Callable[[Path], tuple[subprocess.Popen, str]]


@pytest.fixture
def oxigraph() -> Iterator[Launch]:
    """Starts Oxigraph servers (union default graph) on loopback; every one still running at the
    end is woken (it may have been paused) and stopped."""
    started: list[subprocess.Popen] = []

    def launch(location: Path) -> tuple[subprocess.Popen, str]:
        process, url = start_oxigraph(location, union=True)
        started.append(process)
        return process, url

    try:
        yield launch
    finally:
        for process in started:
            if process.poll() is None:
                process.send_signal(signal.SIGCONT)
                stop(process)


@pytest.fixture(scope="module")
def build(built_dist: Path) -> Store:
    return Store.from_dist(built_dist)


def sizes(query_url: str) -> dict[str, int]:
    """Triples per named graph of a remote store."""
    return {str(row["g"]): row["n"].toPython() for row in RemoteEndpoint(query_url, timeout=30).select(SIZES)}


def local_sizes(store: Store) -> dict[str, int]:
    return {g.value: sum(1 for _ in store.triples(g)) for g in store.named_graphs()}


def wait_for_graphs(query_url: str, at_least: int, pusher: subprocess.Popen) -> None:
    """Until the store holds ``at_least`` named graphs (bounded; fails if the push ended first)."""
    remote = RemoteEndpoint(query_url, timeout=10)
    for _ in range(6000):
        if remote.select(COUNT_GRAPHS)[0]["n"].toPython() >= at_least:
            return
        if pusher.poll() is not None:
            pytest.fail(f"the push ended before the store held {at_least} graphs: {pusher.communicate(timeout=10)[1]}")
        time.sleep(0.005)
    pytest.fail(f"the store never held {at_least} graphs")


def test_a_push_cut_short_by_a_killed_store_says_how_far_it_got_and_resumes(
    oxigraph: Launch, built_dist: Path, build: Store, tmp_path: Path
) -> None:
    location = tmp_path / "store"
    server, url = oxigraph(location)
    pusher = subprocess.Popen(
        [*DGKG, "push", "--endpoint", f"{url}/store", "--dist", str(built_dist)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        wait_for_graphs(f"{url}/query", 100, pusher)
        # Hold the push while the store dies, so that it is cut short mid-way however fast it is.
        pusher.send_signal(signal.SIGSTOP)
        server.kill()
        server.wait(10)
        pusher.send_signal(signal.SIGCONT)
        _, stderr = pusher.communicate(timeout=60)
    finally:
        if pusher.poll() is None:
            pusher.send_signal(signal.SIGCONT)
            pusher.kill()
            pusher.wait(10)
    total = len(build.named_graphs())
    assert pusher.returncode == 1 and "Traceback" not in stderr
    shown = re.escape(f"{url}/store")
    stopped = re.fullmatch(
        rf"dgkg push: push stopped after ([\d,]+) of {total:,} graphs: "
        rf"(cannot reach {shown}|{shown} closed the connection|{shown} sent a broken answer)"
        r".*; run the same command with --resume to continue\n",
        stderr,
    )
    assert stopped, stderr
    done = int(stopped[1].replace(",", ""))
    assert 100 <= done < total

    _, url = oxigraph(location)  # the same store, restarted (on another port)
    assert len(sizes(f"{url}/query")) >= done
    resumed = run_dgkg("push", "--endpoint", f"{url}/store", "--dist", str(built_dist), "--resume", timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    kept = re.search(r"\(([\d,]+) already in place\)", resumed.stdout)
    assert kept and int(kept[1].replace(",", "")) >= done, resumed.stdout
    assert sizes(f"{url}/query") == local_sizes(build)


def test_a_paused_store_makes_push_fail_after_the_timeout(oxigraph: Launch, built_dist: Path, tmp_path: Path) -> None:
    server, url = oxigraph(tmp_path / "paused")
    server.send_signal(signal.SIGSTOP)
    put = run_dgkg("push", "--endpoint", f"{url}/store", "--dist", str(built_dist), "--timeout", "3", timeout=60)
    assert put.returncode == 1 and "Traceback" not in put.stderr
    assert (
        put.stderr == f"dgkg push: nothing was pushed: {url}/store did not answer within 3 s "
        "(is the store paused or overloaded?)\n"
    )
    asked = run_dgkg("push", "--endpoint", f"{url}/store", "--dist", str(built_dist), "--timeout", "3", "--resume", timeout=60)
    assert asked.returncode == 1 and f"{url}/query did not answer within 3 s" in asked.stderr
    assert "--query-endpoint" not in asked.stderr  # the URL is right; the store is what is wrong


def test_resume_sends_again_what_differs_even_with_the_same_number_of_triples(
    oxigraph: Launch, sample_dist: Path, local: Store, tmp_path: Path
) -> None:
    _, url = oxigraph(tmp_path / "drift")
    assert run_dgkg("push", "--endpoint", f"{url}/store", "--dist", str(sample_dist)).returncode == 0
    changed, gone = str(NAMES.claim("c1")), str(NAMES.claim("c2"))
    altered = list(local.triples(ox.NamedNode(changed)))
    label = next(i for i, t in enumerate(altered) if isinstance(t.object, ox.Literal) and t.object.language)
    altered[label] = ox.Triple(altered[label].subject, altered[label].predicate, ox.Literal("改过", language="zh"))
    store = GraphStore(f"{url}/store")
    store.put(changed, altered)  # one label edited: as many triples as before, different content
    store.delete(gone)
    assert sizes(f"{url}/query")[changed] == len(altered)
    plan = run_dgkg("push", "--endpoint", f"{url}/store", "--dist", str(sample_dist), "--resume", "--dry-run")
    total = len(local.named_graphs())
    assert plan.stdout.splitlines()[1] == f"would push 2 of {total} graphs ({total - 2} already in place)"
    resumed = run_dgkg("push", "--endpoint", f"{url}/store", "--dist", str(sample_dist), "--resume")
    assert resumed.returncode == 0 and f"({total - 2} already in place)" in resumed.stdout
    remote = RemoteEndpoint(f"{url}/query")
    assert graphs_in_place(local, remote.graph_contents(build_namespaces(local))) == {g.value for g in local.named_graphs()}


def test_prune_removes_only_the_builds_own_graphs_that_it_no_longer_has(
    oxigraph: Launch, built_dist: Path, build: Store, tmp_path: Path
) -> None:
    _, url = oxigraph(tmp_path / "prune")
    first = run_dgkg("push", "--endpoint", f"{url}/store", "--dist", str(built_dist), timeout=120)
    assert first.returncode == 0 and first.stderr == ""  # not a terminal, and quick: no progress lines
    base = NAMES.base
    withdrawn, old = f"{base}claim/withdrawn-claim", f"{base}graph/old-derivation"
    theirs = ["http://example.org/g", f"{base}zheliban", f"{base}claimed/x"]  # not dgkg's graphs to remove
    store = GraphStore(f"{url}/store")
    triple = [ox.Triple(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"), ox.Literal("o"))]
    for graph in [withdrawn, old, *theirs]:
        store.put(graph, triple)
    remote = RemoteEndpoint(f"{url}/query")
    before = remote.graph_names()

    dry = run_dgkg("push", "--endpoint", f"{url}/store", "--dist", str(built_dist), "--prune", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines()[-3:] == ["would remove 2 graphs the build no longer has:", f"  {withdrawn}", f"  {old}"]
    assert remote.graph_names() == before and sizes(f"{url}/query")[withdrawn] == 1

    pruned = run_dgkg(
        "push",
        "--endpoint",
        f"{url}/store",
        "--dist",
        str(built_dist),
        "--prune",
        "--resume",
        "--query-endpoint",
        f"{url}/query",
        timeout=120,
    )
    assert pruned.returncode == 0, pruned.stderr
    assert pruned.stdout.splitlines()[-3:] == ["removed 2 graphs the build no longer has:", f"  {withdrawn}", f"  {old}"]
    assert remote.graph_names() == {g.value for g in build.named_graphs()} | set(theirs)

    again = run_dgkg("push", "--endpoint", f"{url}/store", "--dist", str(built_dist), "--prune", "--resume")
    assert again.returncode == 0 and "no graphs to remove" in again.stdout


@pytest.mark.parametrize(
    "endpoint, message",
    [
        ("ftp://bob:secret@host/store", "dgkg push: not an http(s) URL: ftp://host/store"),
        ("bob:secret@host/store", "dgkg push: not an http(s) URL: ***@host/store"),
        ("http://bob:secret@host:port/store", "dgkg push: not a valid URL: http://***@host:port/store"),
    ],
)
def test_a_url_that_is_not_http_is_refused_without_echoing_credentials(endpoint: str, message: str, sample_dist: Path) -> None:
    result = run_dgkg("push", "--endpoint", endpoint, "--dist", str(sample_dist))
    assert (result.returncode, result.stdout, result.stderr) == (1, "", message + "\n")


def test_an_error_answer_or_no_answer_is_one_line_with_the_url(union_server: str, sample_dist: Path) -> None:
    port = free_port()
    refused = run_dgkg("push", "--endpoint", f"http://bob:secret@127.0.0.1:{port}/store", "--dist", str(sample_dist))
    assert refused.returncode == 1 and refused.stderr.startswith(
        f"dgkg push: nothing was pushed: cannot reach http://127.0.0.1:{port}/store: "
    )
    missing = run_dgkg("push", "--endpoint", f"http://bob:secret@{union_server[7:]}/nothing-here", "--dist", str(sample_dist))
    assert missing.returncode == 1 and missing.stderr.startswith(
        f"dgkg push: nothing was pushed: {union_server}/nothing-here answered HTTP 404: "
    )
    for result in (refused, missing):
        assert result.stderr.count("\n") == 1 and "secret" not in result.stderr and "Traceback" not in result.stderr
    unknown = run_dgkg("push", "--endpoint", f"{union_server}/nothing-here", "--dist", str(sample_dist), "--prune")
    assert unknown.returncode == 2 and "give it with --query-endpoint URL" in unknown.stderr


def test_query_urls_are_derived_for_the_documented_stores() -> None:
    assert query_url_for("http://u:p@127.0.0.1:7878/store") == "http://u:p@127.0.0.1:7878/query"
    assert query_url_for("http://localhost:3030/dgkg/data") == "http://localhost:3030/dgkg/sparql"
    assert (
        query_url_for("http://localhost:7200/repositories/dgkg/rdf-graphs/service") == "http://localhost:7200/repositories/dgkg"
    )
    assert query_url_for("https://c:8182/sparql/gsp/") == "https://c:8182/sparql"
    assert query_url_for("http://localhost/graphs") is None


def test_progress_on_a_terminal_is_one_line_rewritten(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(push_command, "REDRAW_EVERY", 0.0)
    screen = Terminal()
    progress = push_command.ProgressLine("pushed", screen)
    progress.start(already=700, total=1635)
    progress(721, 1635)
    progress.end()
    assert re.fullmatch(r"\r\x1b\[Kpushed 721/1,635 graphs · [\d,]+ graphs/s · [\d,]+ s left\r\x1b\[K", screen.getvalue())


def test_progress_in_a_log_is_plain_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(push_command, "NOTE_EVERY", 0.0)
    log = io.StringIO()
    progress = push_command.ProgressLine("pushed", log)
    progress.start(already=0, total=1635)
    progress(721, 1635)
    progress.end()
    assert re.fullmatch(r"pushed 721/1,635 graphs · [\d,]+ graphs/s · [\d,]+ s left\n", log.getvalue())
