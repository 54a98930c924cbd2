"""`dgkg serve` attacked from outside: the real command on the real build, raw HTTP on loopback.

Every finding of the outside test is a regression test here (crash, SERVICE bypass, ReDoS,
unbounded /query, worker memory, runaways holding the pool, the small refusals), plus a corpus
of SERVICE bypasses checked against a loopback listener that must never hear from the server,
and a property-based fuzzer (hypothesis) sending arbitrary and mutated SPARQL through every
way in. The server runs as its own process, so a crash is seen as a dead process, not a dead
test run. Slow connections are tests/test_hostile_connections.py's.

Bounded everywhere: fixed example counts, socket timeouts, a time limit per query; loopback
addresses only. No timing assertions: outcomes, and the server still answering.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DGKG, REPO
from loopback import Response, Served, request, serving
from web.policy import refusal

pytestmark = [pytest.mark.server, pytest.mark.xdist_group("hostile-endpoint")]

LIBRARY = sorted((REPO / "queries" / "library").glob("*.rq"))
ASK_ZHELIBAN = "ASK { dgr:zheliban ?p ?o }"
# ~1.3 GB/s of growth in a worker before the memory limit: ORDER BY over a cartesian product
MEMORY_HOG = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ALLOWED = {200, 400, 403, 406, 413, 429, 503}  # never 500, never a dropped connection


def get(served: Served, path: str, client: str = "127.0.0.1", timeout: float = 60) -> Response:
    return served.get(path, client, timeout)


def answers(served: Served, client: str = "127.0.0.9") -> bool:
    """Whether the server still answers a plain query correctly."""
    status, _, body = get(served, "/sparql?query=" + quote(ASK_ZHELIBAN), client)
    return status == 200 and b"true" in body


def post(served: Served, path: str, body: bytes, content_type: str, client: str = "127.0.0.1", timeout: float = 60) -> Response:
    return request(served.url, "POST", path, body, {"Content-Type": content_type}, client, timeout)


class Listener:
    """A loopback TCP listener that records every connection made to it (it must get none)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.heard: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            with conn:
                conn.settimeout(2)
                try:
                    self.heard.append(conn.recv(4096) or b"(connected)")
                except OSError:
                    self.heard.append(b"(connected)")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    heard = Listener()
    yield heard
    heard.close()


@pytest.fixture(scope="module")
def server(built_dist: Path) -> Iterator[Served]:
    """Generous budgets (the suite sends many requests from one address), short time limit."""
    with serving(
        built_dist,
        "--workers",
        "4",
        "--per-client",
        "4",
        "--time-limit",
        "3",
        "--memory-limit",
        "1024",
        "--budget",
        "100000/60",
        "--time-budget",
        "100000",
    ) as served:
        yield served


# -- SERVICE: a corpus of bypasses ----------------------------------------------------------------


def bypasses(port: int) -> list[str]:
    """Ways to make the engine call ``127.0.0.1:port``; each must be refused or fail unheard."""
    url = f"http://127.0.0.1:{port}/sparql"
    body = "{ ?s ?p ?o }"
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {body} }}",
        f"select * where {{ service <{url}> {body} }}",
        f"SELECT * WHERE {{ SeRvIcE SILENT <{url}> {body} }}",
        f"SELECT * WHERE {{SERVICE<{url}>{body}}}",
        f"SELECT * WHERE {{ SERVICE#comment\n<{url}> {body} }}",
        f"SELECT * WHERE {{ SERVICE\t\f<{url}>\n{body} }}",
        f"PREFIX ex: <http://e/> SELECT * WHERE {{ BIND(ex:a\\# AS ?x) SERVICE <{url}> {body} }}",
        f"PREFIX ex: <http://e/> SELECT * WHERE {{ BIND(ex:a\\' AS ?x) SERVICE <{url}> {body} }}",
        f"SELECT * WHERE {{ BIND(:a\\# AS ?x) SERVICE <{url}> {body} }}",
        f"PREFIX 中: <http://e/> SELECT * WHERE {{ BIND(中:a\\' AS ?x) SERVICE <{url}> {body} }}",
        f"PREFIX ex: <http://e/> SELECT * WHERE {{ ?s ex:p\\#\\' ?o . SERVICE <{url}> {body} }}",
        f"SELECT * WHERE {{ VALUES ?svc {{ <{url}> }} SERVICE ?svc {body} }}",
        f"SELECT * WHERE {{ BIND(<{url}> AS ?svc) SERVICE ?svc {body} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {body} }} }} }}",
        f"SELECT * WHERE {{ OPTIONAL {{ SERVICE <{url}> {body} }} }}",
        f"SELECT * WHERE {{ {{ ?a ?b ?c }} UNION {{ SERVICE <{url}> {body} }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c MINUS {{ SERVICE <{url}> {body} }} }}",
        f"SELECT * WHERE {{ FILTER EXISTS {{ SERVICE <{url}> {body} }} }}",
        f"SELECT * WHERE {{ FILTER NOT EXISTS {{ SERVICE <{url}> {body} }} }}",
        f"SELECT * WHERE {{ GRAPH ?g {{ SERVICE <{url}> {body} }} }}",
        f"ASK {{ SERVICE <{url}> {body} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {body} }}",
        f"DESCRIBE ?s WHERE {{ SERVICE <{url}> {body} }}",
        f"BASE <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE <sparql> {body} }}",
        f"PREFIX s: <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE s:sparql {body} }}",
        f"SELECT * WHERE {{ ?s ?p 'a\\' SERVICE' . SERVICE <{url}> {body} }}",
        f'SELECT * WHERE {{ ?s ?p """x # "" """ . SERVICE <{url}> {body} }}',
        f"# SERVICE in a comment, then for real\nSELECT * WHERE {{ SERVICE <{url}> {body} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {body} }}",
        f"SELECT * WHERE {{ SERVICE <http://localhost:{port}/sparql> {body} }}",
        f"SELECT * WHERE {{ SERVICE <http://[::ffff:127.0.0.1]:{port}/sparql> {body} }}",
        f"SELECT * WHERE {{ SERVICE <http://2130706433:{port}/sparql> {body} }}",
        f"SELECT * WHERE {{ SERVICE <http://127.1:{port}/sparql> {body} }}",
        f"SELECT (COUNT(*) AS ?n) WHERE {{ SERVICE SILENT <{url}> {{ SELECT * WHERE {body} }} }} GROUP BY ?s",
        f"SELECT * WHERE {{ ?x ?y ?z . SERVICE <{url}> {{ SERVICE <{url}> {body} }} }}",
        f"SELECT * {{ SERVICE <{url}> {body} }}",
    ]


WAYS_IN = ("get", "post-form", "post-query", "page")


def send(served: Served, way: str, query: str) -> Response:
    if way == "get":
        return get(served, "/sparql?query=" + quote(query))
    if way == "post-form":
        return post(served, "/sparql", urlencode({"query": query}).encode(), "application/x-www-form-urlencoded")
    if way == "post-query":
        return post(served, "/sparql", query.encode(), "application/sparql-query")
    return get(served, "/query?" + urlencode({"query": query}))


def test_the_corpus_is_large_enough() -> None:
    assert len(bypasses(1)) >= 30


@pytest.mark.parametrize("way", WAYS_IN)
def test_no_service_bypass_reaches_the_listener(server: Served, listener: Listener, way: str) -> None:
    outcomes = []
    for query in bypasses(listener.port):
        status, _, body = send(server, way, query)
        outcomes.append((status, query))
        assert status in ALLOWED, f"{status} for {query!r}: {body[:300]!r}"
        if way != "page":  # the page shows the error in HTML with status 200
            assert status != 200, f"answered {query!r}: {body[:300]!r}"
    assert server.alive() and answers(server)
    time.sleep(0.5)  # a connection attempt in flight would have been accepted by now
    assert listener.heard == [], f"the server called out: {listener.heard[:3]}"


def test_the_policy_alone_refuses_every_bypass_it_can_read(listener: Listener) -> None:
    """Layer one, without the network namespace: every bypass rdflib can read is refused on its
    parse tree, and an unconfined worker refuses what it cannot read."""
    for query in bypasses(listener.port):
        refused = refusal(query, network_isolated=False)
        assert refused is not None and refused.status in {400, 403}, query


def test_a_confined_worker_cannot_reach_the_listener(listener: Listener) -> None:
    """Layer two, without the policy: the engine itself told to call the listener, from a
    process confined as a worker is, gets no network."""
    script = (
        "import sys, pyoxigraph as ox\n"
        "from web.sandbox import confine\n"
        "c = confine(1024)\n"
        "print('isolated' if c.network_isolated else c.network_problem)\n"
        "try:\n"
        f"    list(ox.Store().query('SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/x> {{ ?s ?p ?o }} }}'))\n"
        "except OSError as e:\n"
        "    print('refused:', e)\n"
    )
    done = subprocess.run([DGKG[0], "-c", script], capture_output=True, text=True, timeout=60, cwd=REPO)
    assert done.stdout.startswith("isolated"), done.stdout + done.stderr
    assert "refused: Network is unreachable" in done.stdout
    time.sleep(0.5)
    assert listener.heard == []


def test_confine_reports_isolation_in_this_process_kind() -> None:
    """As a normal user too (user namespace), where the kernel allows it: run as 'nobody'."""
    if os.getuid() != 0:
        pytest.skip("needs root to switch to another user")
    script = "from web.sandbox import confine; c = confine(None); print(c.network_problem or 'isolated')"
    done = subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", DGKG[0], "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 0, done.stderr
    # Either isolated, or the kernel refuses unprivileged user namespaces: then it says so, and
    # the server warns at start (test_serve_warns_when_workers_keep_the_network).
    assert done.stdout.strip() == "isolated" or done.stdout.startswith("unshare failed"), done.stdout


# -- the findings, one by one ----------------------------------------------------------------------


@pytest.mark.parametrize("way", WAYS_IN)
def test_deep_nesting_is_refused_and_the_server_stays_up(server: Served, way: str) -> None:
    deep = "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ")}"
    status, _, body = send(server, way, deep)
    assert status in {200, 400} and b"nests brackets more than 128 deep" in body
    assert server.alive() and answers(server)


def test_nesting_just_under_the_limit_is_parsed_in_the_worker(server: Served) -> None:
    before = server.worker_pids()
    nested = "SELECT * WHERE { FILTER(" + "(" * 120 + "true" + ")" * 120 + ")} LIMIT 1"
    status, _, body = send(server, "get", nested)
    assert status == 200, body
    assert server.worker_pids() == before, "no worker died parsing it"


def test_a_long_run_of_spaces_in_a_header_line_is_read_in_linear_time(server: Served) -> None:
    """200 KB of header froze every thread for 463 s; now it is parsed at once (the body is
    over the size limit, or a plain query when within it)."""
    text = "# name: x" + " " * 190_000 + "y\nASK {}"
    status, _, _ = post(server, "/query", urlencode({"query": text}).encode(), "application/x-www-form-urlencoded", timeout=60)
    assert status in {200, 413}
    within = "# name: x" + " " * 90_000 + "y\nASK {}"
    status, _, body = post(
        server, "/query", urlencode({"query": within}).encode(), "application/x-www-form-urlencoded", timeout=60
    )
    assert status == 200 and b"true" in body.lower()
    assert answers(server)


def test_the_query_page_runs_queries_under_the_time_limit(server: Served) -> None:
    status, _, body = get(server, "/query?" + urlencode({"query": RUNAWAY}), timeout=60)
    assert status == 200 and b"time limit of 3 s" in body
    assert answers(server)


def test_many_heavy_page_queries_from_one_address_leave_others_served(built_dist: Path) -> None:
    """Eight 3.9 KB ASK queries froze all clients for 128 s when /query ran them in the server.
    With the default share (one worker per client here) the other client keeps being served."""
    heavy = "ASK { " + " ".join(f"?a{i} ?b{i} ?c{i} ." for i in range(200)) + " }"
    assert 3_500 < len(heavy) < 4_500
    with serving(built_dist, "--workers", "4", "--time-limit", "3") as served:
        heavy_statuses: list[int] = []
        threads = [
            threading.Thread(
                target=lambda: heavy_statuses.append(get(served, "/query?" + urlencode({"query": heavy}), client="127.0.0.3")[0])
            )
            for _ in range(8)
        ]
        for thread in threads:
            thread.start()
        others = [answers(served, client="127.0.0.4") for _ in range(5)]
        for thread in threads:
            thread.join(120)
        assert all(others), "another client was served while the heavy queries ran"
        assert len(heavy_statuses) == 8 and set(heavy_statuses) <= {200, 429}


def test_a_query_growing_without_bound_is_stopped_by_the_memory_limit(built_dist: Path) -> None:
    with serving(built_dist, "--workers", "2", "--time-limit", "60", "--memory-limit", "1024") as served:
        status, _, body = get(served, "/sparql?query=" + quote(MEMORY_HOG), timeout=120)
        assert status == 503 and b"memory limit of 1024 MB" in body, body
        assert served.alive() and answers(served), "the worker was replaced"


def test_two_runaways_leave_a_third_client_served(built_dist: Path) -> None:
    """With the defaults (here 4 workers, one per client at a time), two runaway clients each
    hold one worker; a normal client keeps getting answers while they run."""
    with serving(built_dist, "--workers", "4") as served:
        stop = threading.Event()

        def runaway(client: str) -> None:
            while not stop.is_set():
                get(served, "/sparql?query=" + quote(RUNAWAY), client=client, timeout=60)

        attackers = [threading.Thread(target=runaway, args=(c,), daemon=True) for c in ("127.0.0.5", "127.0.0.6")]
        for attacker in attackers:
            attacker.start()
        try:
            time.sleep(1)  # both runaways are in their workers
            statuses = [get(served, "/sparql?query=" + quote(ASK_ZHELIBAN), client="127.0.0.7")[0] for _ in range(20)]
        finally:
            stop.set()
        assert statuses == [200] * 20
        for attacker in attackers:
            attacker.join(60)


def test_a_runaway_client_spends_its_time_budget(built_dist: Path) -> None:
    with serving(built_dist, "--workers", "2", "--time-limit", "2", "--time-budget", "3") as served:
        first = get(served, "/sparql?query=" + quote(RUNAWAY))
        second = get(served, "/sparql?query=" + quote(RUNAWAY))
        third = get(served, "/sparql?query=" + quote(ASK_ZHELIBAN))
        assert first[0] == 503 and second[0] == 503
        assert third[0] == 429 and b"query time budget spent" in third[2] and int(third[1]["retry-after"]) >= 1
        assert answers(served, client="127.0.0.2"), "budgets are per client"


def test_every_route_spends_the_request_budget(built_dist: Path) -> None:
    with serving(built_dist, "--workers", "2", "--budget", "4/60") as served:
        paths = ["/ontology.nt", "/data/zheliban.ttl", "/page/zheliban", "/resource/dataset/dgkg/dgkg.nq", "/ontology.nt"]
        statuses = [get(served, path)[0] for path in paths]
        assert statuses == [200, 200, 200, 200, 429]
        assert get(served, "/ontology.nt", client="127.0.0.2")[0] == 200


def test_a_worker_killed_while_idle_costs_no_query(built_dist: Path) -> None:
    with serving(built_dist, "--workers", "2") as served:
        assert answers(served)
        for pid in served.worker_pids():
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.5)
        status, _, body = get(served, "/sparql?query=" + quote(ASK_ZHELIBAN))
        assert status == 200 and b"true" in body


def test_a_bad_param_line_on_the_page_is_a_clear_400(server: Served) -> None:
    text = "# param: 1bad (((\nSELECT * WHERE { ?s ?p ?o } LIMIT 1"
    status, headers, body = get(server, "/query?" + urlencode({"query": text}))
    assert status == 400 and b"cannot read parameter line" in body
    assert headers["content-type"].startswith("text/html")


def test_every_response_says_nosniff(server: Served) -> None:
    for path in (
        "/nowhere",
        "/sparql?query=" + quote(ASK_ZHELIBAN),
        "/query",
        "/data/nothing.ttl",
        "/ontology.ttl",
        "/.well-known/void",
        "/resource/dataset/dgkg/dgkg.jsonld",
    ):
        _, headers, _ = get(server, path)
        assert headers.get("x-content-type-options") == "nosniff", path


@pytest.mark.parametrize(
    "path,body,content_type",
    [
        ("/sparql?query=ASK%20%7B%7D%FF", None, None),
        ("/sparql?query=ASK%20%7B%7D&x=%C3", None, None),
        ("/query?query=ASK%20%7B%7D%FF", None, None),
        ("/sparql", b"query=ASK%20%7B%7D%FF", "application/x-www-form-urlencoded"),
        ("/sparql", b"ASK {} \xff", "application/sparql-query"),
        ("/query", b"query=ASK%20%7B%7D%FF", "application/x-www-form-urlencoded"),
    ],
)
def test_invalid_utf8_is_refused_wherever_it_comes(
    server: Served, path: str, body: bytes | None, content_type: str | None
) -> None:
    if body is None:
        status, _, answer = get(server, path)
    else:
        status, _, answer = post(server, path, body, content_type or "")
    assert status == 400 and b"not UTF-8" in answer


# -- the fuzzer ----------------------------------------------------------------------------------

TOKENS = [
    "SELECT",
    "ASK",
    "CONSTRUCT",
    "DESCRIBE",
    "WHERE",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "?s",
    "?p",
    "$o",
    "dgo:memberOf",
    "ex:a\\#",
    "ex:a\\'",
    ":b",
    "<http://127.0.0.1:1/x>",
    "SERVICE",
    "SILENT",
    "OPTIONAL",
    "UNION",
    "MINUS",
    "FILTER",
    "BIND",
    "AS",
    "VALUES",
    "GRAPH",
    "FROM",
    "NAMED",
    "PREFIX",
    "BASE",
    "ex:",
    "'",
    '"',
    "'''",
    '"""',
    "#",
    "\n",
    "\\",
    "\\u0053",
    ".",
    ";",
    ",",
    "*",
    "a",
    "1",
    "1.5e3",
    "true",
    "ORDER BY",
    "GROUP BY",
    "HAVING",
    "LIMIT",
    "OFFSET",
    "COUNT(*)",
    "REGEX(",
    "STR(",
    "LANG(",
    "^^",
    "@zh-Hans",
    "INSERT DATA",
    "DELETE WHERE",
    "LOAD",
    "CLEAR ALL",
    "\x00",
    "\u202e",
    "浙里办",
    "\ufeff",
]


def mutated(text: str) -> st.SearchStrategy[str]:
    """A library query with characters inserted, deleted or replaced at random places."""
    edits = st.lists(
        st.tuples(st.integers(0, len(text)), st.integers(0, 3), st.text(max_size=4) | st.sampled_from(TOKENS)), max_size=6
    )
    return edits.map(lambda changes: _apply(text, changes))


def _apply(text: str, changes: list[tuple[int, int, str]]) -> str:
    for at, cut, insert in changes:
        text = text[:at] + insert + text[at + cut :]
    return text


QUERIES = (
    st.lists(st.sampled_from(TOKENS) | st.text(max_size=6), max_size=40).map(" ".join)
    | st.text(max_size=400)
    | st.sampled_from([p.read_text(encoding="utf-8") for p in LIBRARY]).flatmap(mutated)
)


@settings(max_examples=160, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(query=QUERIES, way=st.sampled_from(WAYS_IN))
def test_fuzzed_queries_never_break_the_server(server: Served, listener: Listener, query: str, way: str) -> None:
    status, _, body = send(server, way, query)
    assert status in ALLOWED, f"{status} for {query!r} by {way}: {body[:300]!r}"
    assert listener.heard == []


def test_after_the_fuzzer_the_server_is_whole(server: Served, listener: Listener) -> None:
    assert server.alive() and answers(server)
    assert listener.heard == []
    assert not any("Traceback" in line for line in server.log), "".join(server.log[-40:])
