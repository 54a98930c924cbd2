"""`dgkg serve`'s endpoint on loopback: a real SPARQL client (SPARQLWrapper) for answers, raw
HTTP for every refusal. No timing assertions: only outcomes and the order of events."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS
from SPARQLWrapper import CSV, JSON, JSONLD, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper

import loopback
from conftest import DGKG, REPO
from loopback import Response
from queries import Store
from web import Endpoint, Outcome, RunningEndpoint, Settings, make_endpoint, start, statics
from queries_sample import sample_dist, sample_library  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.server, pytest.mark.xdist_group("sample-endpoint")]

MEMBERS = (
    "PREFIX dgo: <https://w3id.org/dgkg/ontology#> "
    "SELECT ?m WHERE { ?m dgo:memberOf <https://w3id.org/dgkg/resource/three-golden-projects> } ORDER BY ?m"
)
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?p ?q ?r }"
CAP = 50


def resource_hook(endpoint: Endpoint):
    """What the linked-data room mounts at /resource/: here, Turtle of a DESCRIBE."""

    def app(environ, start_response):
        slug = environ["PATH_INFO"][len("/resource/") :]
        outcome = endpoint.run(f"DESCRIBE <https://w3id.org/dgkg/resource/{slug}>", "hook", "text/turtle")
        start_response(f"{outcome.status} X", [("Content-Type", outcome.content_type)])
        return [outcome.body]

    return app


@pytest.fixture(scope="module")
def served(sample_dist: Path, sample_library: Path) -> Iterator[RunningEndpoint]:
    settings = Settings(workers=2, time_limit=5, result_cap=CAP, budget=1000, concurrent_per_client=1)
    running = start(make_endpoint(sample_dist / "store", settings, {"/resource/": resource_hook}, sample_library))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def store(sample_dist: Path) -> Store:
    return Store.from_dist(sample_dist)


def request(
    running: RunningEndpoint,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    client: str = "127.0.0.1",
) -> Response:
    return loopback.request(running.url, method, path, body, headers, client)


def wrapper(running: RunningEndpoint, query: str, fmt: str, method: str | None = None) -> SPARQLWrapper:
    client = SPARQLWrapper(running.url + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if method:
        client.setMethod(POST)
        client.setRequestMethod(method)
    return client


@pytest.mark.parametrize("method", [None, "urlencoded", POSTDIRECTLY])
def test_select_json_by_get_and_both_posts(served: RunningEndpoint, store: Store, method: str | None) -> None:
    result = wrapper(served, MEMBERS, JSON, method).query().convert()
    assert [b["m"]["value"] for b in result["results"]["bindings"]] == [str(r["m"]) for r in store.select(MEMBERS)]


def test_select_xml_csv_tsv(served: RunningEndpoint) -> None:
    xml = wrapper(served, MEMBERS, XML).query().convert()
    uris = [node.firstChild.data for node in xml.getElementsByTagName("uri")]
    assert uris[0] == "https://w3id.org/dgkg/resource/golden-bridge-project" and len(uris) == 3
    csv_text = wrapper(served, MEMBERS, CSV).query().convert().decode()
    assert csv_text.splitlines()[0] == "m" and len(csv_text.splitlines()) == 4
    tsv_text = wrapper(served, MEMBERS, TSV).query().convert().decode()
    assert tsv_text.splitlines()[1] == "<https://w3id.org/dgkg/resource/golden-bridge-project>"


def test_ask_and_construct_formats(served: RunningEndpoint) -> None:
    assert wrapper(served, "ASK { ?s ?p ?o }", JSON).query().convert()["boolean"] is True
    construct = "CONSTRUCT WHERE { dgr:zheliban dgo:region ?r }"
    turtle = wrapper(served, construct, TURTLE).query().convert()
    graph = Graph().parse(data=turtle, format="turtle")
    assert len(graph) == 1
    jsonld = wrapper(served, construct, JSONLD).query().convert()
    assert len(jsonld) == 1
    status, headers, body = request(
        served, "GET", "/sparql?query=" + quote(construct), headers={"Accept": "application/n-triples"}
    )
    assert status == 200 and headers["content-type"].startswith("application/n-triples")
    assert body.decode().strip() == (
        "<https://w3id.org/dgkg/resource/zheliban> <https://w3id.org/dgkg/ontology#region> "
        "<https://w3id.org/dgkg/resource/zhejiang> ."
    )


def test_graph_clause_reaches_provenance_over_http(served: RunningEndpoint) -> None:
    query = "SELECT ?quote WHERE { GRAPH ?c { dgr:zheliban dgo:region dgr:zhejiang } ?c dgo:quote ?quote }"
    result = wrapper(served, query, JSON).query().convert()
    assert [b["quote"]["value"] for b in result["results"]["bindings"]] == ["浙江的“浙里办”、广东的“粤省事”"]


@pytest.mark.parametrize(
    "method, path, body, headers",
    [
        ("GET", "/sparql?update=" + quote("INSERT DATA { <a> <b> <c> }"), None, {}),
        ("POST", "/sparql", urlencode({"update": "DROP ALL"}).encode(), {"Content-Type": "application/x-www-form-urlencoded"}),
        ("POST", "/sparql", b"CLEAR DEFAULT", {"Content-Type": "application/sparql-update"}),
        ("POST", "/sparql", b"INSERT DATA { <http://a> <http://b> <http://c> }", {"Content-Type": "application/sparql-query"}),
        ("GET", "/sparql?query=" + quote("PREFIX x: <http://x/> DELETE WHERE { ?s ?p ?o }"), None, {}),
    ],
)
def test_updates_are_refused_whatever_way_they_come(served: RunningEndpoint, method, path, body, headers) -> None:
    status, _, answer = request(served, method, path, body, headers)
    assert status == 403 and b"read-only" in answer
    assert (
        request(served, "GET", "/sparql?query=" + quote("ASK { <http://a> <http://b> <http://c> }"))[2]
        == b'{"head": {}, "boolean": false}'
    )


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o . service silent <http://169.254.169.254/> { ?s ?p ?o } }",
    ],
)
def test_service_is_refused(served: RunningEndpoint, query: str) -> None:
    status, _, answer = request(served, "GET", "/sparql?query=" + quote(query))
    assert status == 403 and b"SERVICE" in answer


@pytest.mark.parametrize(
    "method, path, body, headers, status, message",
    [
        (
            "GET",
            "/sparql?query=" + quote("SELECT * WHERE {\n ?s ?p\n}"),
            None,
            {},
            400,
            b"SPARQL syntax error at line 2, column 7: something is missing at the end of this line",
        ),
        ("GET", "/sparql", None, {"Accept": "application/sparql-results+json"}, 400, b"missing the 'query' parameter"),
        ("GET", "/sparql?query=hello", None, {}, 400, b"SPARQL syntax error"),
        ("PUT", "/sparql", b"x", {}, 405, b"use GET or POST"),
        ("POST", "/sparql", b"query", {"Content-Type": "text/plain"}, 415, b"application/sparql-query"),
        ("GET", "/sparql?query=" + quote(MEMBERS), None, {"Accept": "text/html"}, 406, b"text/csv"),
        ("GET", "/sparql?query=" + quote("ASK {}"), None, {"Accept": "text/turtle"}, 406, b"sparql-results+json"),
        ("POST", "/sparql", b"SELECT * {}" + b" " * 300_000, {"Content-Type": "application/sparql-query"}, 413, b"too large"),
        ("GET", "/nowhere", None, {}, 404, b"the endpoint is /sparql"),
    ],
)
def test_clear_client_errors(served: RunningEndpoint, method, path, body, headers, status, message) -> None:
    got, _, answer = request(served, method, path, body, headers)
    assert got == status and message.lower() in answer.lower()


def test_result_cap_cuts_and_says_so(served: RunningEndpoint) -> None:
    status, headers, body = request(served, "GET", "/sparql?query=" + quote("SELECT * WHERE { ?s ?p ?o }"))
    assert status == 200 and headers["x-dgkg-truncated"] == "true" and headers["x-dgkg-result-cap"] == str(CAP)
    assert len(json.loads(body)["results"]["bindings"]) == CAP


def test_a_slow_query_is_cut_off_while_other_clients_are_served(served: RunningEndpoint) -> None:
    pool = served.endpoint.pool
    slow: dict[str, tuple] = {}
    sent = time.monotonic()
    thread = threading.Thread(
        target=lambda: slow.setdefault(
            "answer", request(served, "POST", "/sparql", SLOW.encode(), {"Content-Type": "application/sparql-query"})
        )
    )
    thread.start()
    while pool.idle() == 2 and thread.is_alive():  # until a worker has taken the slow query
        time.sleep(0.01)
    other_client = request(served, "GET", "/sparql?query=" + quote(MEMBERS), client="127.0.0.2")
    still_running = thread.is_alive()
    same_client = request(served, "GET", "/sparql?query=" + quote("ASK {}"))  # waits its turn
    # not a timing assertion but an order: its worker came free only when the slow one was killed
    slow_done_first = time.monotonic() - sent >= served.endpoint.settings.time_limit
    thread.join()
    assert other_client[0] == 200 and len(json.loads(other_client[2])["results"]["bindings"]) == 3
    assert still_running, "the other client was answered while the slow query ran"
    assert same_client[0] == 200 and slow_done_first, "one query at a time per client: the second waited"
    status, _, answer = slow["answer"]
    assert status == 503 and b"time limit of 5 s" in answer
    after = request(served, "GET", "/sparql?query=" + quote(MEMBERS))  # the killed worker was replaced
    assert after[0] == 200


def test_budget_exhausted_gives_429_with_retry_after(sample_dist: Path, sample_library: Path) -> None:
    running = start(
        make_endpoint(sample_dist / "store", Settings(workers=1, budget=3, budget_window=60), library_dir=sample_library)
    )
    try:
        answers = [request(running, "GET", "/sparql?query=" + quote("ASK {}")) for _ in range(4)]
        other = request(running, "GET", "/sparql?query=" + quote("ASK {}"), client="127.0.0.2")
    finally:
        running.stop()
    assert [a[0] for a in answers] == [200, 200, 200, 429]
    assert int(answers[3][1]["retry-after"]) == 20 and b"request budget spent" in answers[3][2]
    assert other[0] == 200, "budgets are per client"


def test_query_page_lists_questions_runs_them_and_escapes_labels(served: RunningEndpoint) -> None:
    status, headers, page = request(served, "GET", "/query?lang=en")
    text = page.decode()
    assert status == 200 and "Which programmes does a programme group have?" in text
    assert "default-src 'none'" in headers["content-security-policy"]
    status, _, page = request(served, "GET", "/query?" + urlencode({"name": "apps-per-region", "param.region": "廣東省"}))
    assert status == 200 and "<th>apps</th>" in page.decode()
    assert '<td title="http://www.w3.org/2001/XMLSchema#integer">1 ' in page.decode()
    form = urlencode({"query": "SELECT ?x ?label WHERE { ?x a dgo:Programme ; skos:prefLabel ?label }", "lang": "zh"})
    status, _, page = request(served, "POST", "/query", form.encode(), {"Content-Type": "application/x-www-form-urlencoded"})
    text = page.decode()
    assert status == 200 and "金卡工程" in text
    assert "&lt;script&gt;alert(&#x27;标签&#x27;)&lt;/script&gt;" in text
    # the scripted page loads only its own same-origin files; the data is only in escaped text
    assert re.findall(r'<script src="([^"]+)"', text) == [
        f"/static/{name}?v={statics.files()[name].version}" for name in ("graph-libs.min.js", "yasgui.min.js", "query.js")
    ]
    for forbidden in ("<b onmouseover", "@import", "url("):
        assert forbidden not in text
    assert not re.search(r"""\b(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", text)


def test_query_page_shows_errors_in_the_page(served: RunningEndpoint) -> None:
    status, _, page = request(served, "GET", "/query?" + urlencode({"query": "SELECT * WHERE { ?s ?p }"}))
    assert status == 200 and "SPARQL syntax error" in page.decode()
    status, _, page = request(served, "GET", "/query?name=nope")
    assert status == 404 and "no question named" in page.decode()


def test_a_browser_at_the_endpoint_is_sent_to_the_page(served: RunningEndpoint) -> None:
    status, headers, _ = request(served, "GET", "/sparql", headers={"Accept": "text/html,*/*;q=0.8"})
    assert status == 303 and headers["location"] == "/query"


def test_mounted_hook_serves_entity_iris(served: RunningEndpoint) -> None:
    status, headers, body = request(served, "GET", "/resource/zheliban")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert "dgr:zhejiang" in body.decode()


def test_outcome_is_bytes_for_any_mount(served: RunningEndpoint) -> None:
    outcome = served.endpoint.run("ASK {}", "test")
    assert isinstance(outcome, Outcome) and outcome.status == 200


@pytest.mark.parametrize("stopped_by", ["ctrl-c", "sigterm"])
def test_dgkg_serve_as_a_user_runs_it(sample_dist: Path, stopped_by: str) -> None:
    """The command: prints its URL, answers, and stops cleanly (exit 0, no traceback, its workers
    gone) on Ctrl-C, sent to its process group; or, started with SIGINT ignored as a shell starts
    a background job, on SIGTERM to its own process (docker stop, systemd)."""
    background = stopped_by == "sigterm"
    process = subprocess.Popen(
        [*DGKG, "serve", "--port", "0", "--dist", str(sample_dist), "--workers", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        cwd=REPO,
        preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if background else None,
    )
    try:
        banner = process.stdout.readline()
        url = re.search(r"SPARQL endpoint (http://127\.0\.0\.1:\d+)/sparql", banner).group(1)
        with urllib.request.urlopen(f"{url}/sparql?query=" + quote("ASK { dgr:zheliban ?p ?o }")) as answer:
            assert json.loads(answer.read())["boolean"] is True
        workers = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
        assert workers
        if background:
            process.terminate()
        else:
            os.killpg(process.pid, signal.SIGINT)
        _, errors = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 0, errors
    assert "Traceback" not in errors
    # multiprocessing's resource tracker leaves once it sees the server's end of its pipe close
    deadline = time.monotonic() + 10
    while [pid for pid in workers if Path(f"/proc/{pid}").exists()] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()], "workers outlived the server"


def test_service_description_without_a_query(served: RunningEndpoint) -> None:
    """SPARQL 1.1 Service Description: what a client (or a federating engine) reads first."""
    status, headers, body = request(served, "GET", "/sparql", headers={"Accept": "text/turtle"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    description = Graph().parse(data=body, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    service = URIRef(served.url + "/sparql")
    assert (service, URIRef(sd + "endpoint"), service) in description
    assert (service, URIRef(sd + "feature"), URIRef(sd + "UnionDefaultGraph")) in description
    formats = set(description.objects(service, URIRef(sd + "resultFormat")))
    assert URIRef("http://www.w3.org/ns/formats/SPARQL_Results_CSV") in formats and len(formats) == 8
    assert any("SERVICE is refused" in str(c) for c in description.objects(service, RDFS.comment))
    _, _, as_jsonld = request(served, "GET", "/sparql", headers={"Accept": "application/ld+json"})
    assert len(Graph().parse(data=as_jsonld, format="json-ld")) == len(description)


@pytest.mark.parametrize(
    "accept,expected",
    [
        ("application/sparql-results+json, text/html;q=0.2", 200),  # Comunica's header: results, not the page
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", 303),  # a browser
    ],
)
def test_a_low_q_html_does_not_send_a_client_to_the_page(served: RunningEndpoint, accept: str, expected: int) -> None:
    status, headers, _ = request(served, "GET", "/sparql", headers={"Accept": accept})
    if expected == 303:
        assert status == 303 and headers["location"] == "/query"
    else:
        assert status != 303
    answered, headers, body = request(served, "GET", "/sparql?query=" + quote(MEMBERS), headers={"Accept": accept})
    assert answered == 200, body
    if expected == 200:
        assert headers["content-type"].startswith("application/sparql-results+json")


@pytest.mark.parametrize("accept,first_line", [("text/csv", "_askResult"), ("text/tab-separated-values", "?_askResult")])
def test_ask_as_csv_and_tsv(served: RunningEndpoint, accept: str, first_line: str) -> None:
    status, _, body = request(served, "GET", "/sparql?query=" + quote("ASK {}"), headers={"Accept": accept})
    assert status == 200 and body.decode().split() == [first_line, "true"]


def test_browsers_may_read_the_limit_headers(served: RunningEndpoint) -> None:
    _, headers, _ = request(served, "GET", "/sparql?query=" + quote("SELECT * WHERE { ?s ?p ?o }"))
    exposed = {h.strip().lower() for h in headers["access-control-expose-headers"].split(",")}
    assert headers["x-dgkg-truncated"] == "true" and {"x-dgkg-truncated", "x-dgkg-warning", "retry-after"} <= exposed


# -- starting -------------------------------------------------------------------------------------

LIGHT_IMPORT = """
import sys
from pathlib import Path
from web import Settings, make_endpoint, start
running = start(make_endpoint(Path(sys.argv[1]), Settings(workers=1), wait=False))
import http.client
conn = http.client.HTTPConnection("127.0.0.1", int(running.url.rsplit(":", 1)[1]), timeout=60)
conn.request("GET", "/sparql?query=ASK%7B%7D")
answer = conn.getresponse()
answer.read()
status = answer.status
heavy = sorted(m for m in ("rdflib", "pyparsing", "werkzeug", "queries.store", "web.worker") if m in sys.modules)
conn.request("GET", "/query")
page = conn.getresponse()
page.read()
print(status, heavy, page.status, "rdflib" in sys.modules)
running.stop()
"""


def test_the_server_process_loads_the_page_s_modules_only_for_the_page(sample_dist: Path) -> None:
    """A query is parsed, run and written in a worker: the HTTP process answers /sparql without
    rdflib, the policy parser or the store's Python side, and loads them for the page."""
    out = subprocess.run([*DGKG[:1], "-c", LIGHT_IMPORT, str(sample_dist / "store")], capture_output=True, text=True, cwd=REPO)
    assert out.stdout.split("\n")[0] == "200 [] 200 True", out.stderr


def test_a_request_before_the_workers_are_ready_waits_for_one(sample_dist: Path, sample_library: Path) -> None:
    endpoint = make_endpoint(sample_dist / "store", Settings(workers=2), library_dir=sample_library, wait=False)
    running = start(endpoint)
    try:
        status, _, body = request(running, "GET", "/sparql?query=" + quote("ASK {}"))
        endpoint.pool.started()
    finally:
        running.stop()
    assert status == 200 and b"true" in body


def test_serve_stops_and_says_why_when_no_worker_can_open_the_store(tmp_path: Path) -> None:
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "CURRENT").write_text("not a store\n")
    out = subprocess.run(
        [*DGKG, "serve", "--port", "0", "--workers", "2", "--dist", str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    assert out.returncode != 0
    assert out.stderr.strip().splitlines()[-1].startswith("dgkg serve: a SPARQL worker did not start: "), out.stderr


def test_serve_names_the_store_directory_as_the_build_does() -> None:
    from dgkg.commands import serve
    from queries import STORE_DIR

    assert serve.STORE_DIR == STORE_DIR


def test_a_text_the_policy_found_clean_is_parsed_once_for_every_worker(served: RunningEndpoint) -> None:
    clean = served.endpoint.clean
    query = MEMBERS + " # remembered"
    assert not clean.known(query)
    first = request(served, "GET", "/sparql?query=" + quote(query))
    assert first[0] == 200 and clean.known(query)
    again = request(served, "GET", "/sparql?query=" + quote(query), client="127.0.0.2")
    assert again[2] == first[2], "a checked text is answered as before"
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    for refused in (service, update, service):
        status, _, _ = request(served, "POST", "/sparql", refused.encode(), {"Content-Type": "application/sparql-query"})
        assert status == 403 and not clean.known(refused), "a refused text is never remembered"
