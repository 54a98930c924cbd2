"""The real build in real triple stores, each started on loopback in its own directory: the Oxigraph
server (loaded by `dgkg push`), Virtuoso (by `dgkg push` with HTTP Digest, after
scripts/virtuoso-grants.sql) and Jena TDB2 (bulk-loaded from the complete dump, `dgkg export
--format nquads --inferred`). Every library question, with its documented parameters given as
slugs and as labels, answers each of them with the embedded store's rows; every quad arrives,
except where a store's own bug changes it, asserted as exactly that (docs/remote-stores.md).

One xdist worker owns each store (xdist_group), which starts once per module."""

from __future__ import annotations

import base64
import http.server
import re
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pyoxigraph as ox
import pytest
from conftest import run_dgkg
from stores import agreement, jena, oxigraph, virtuoso
from stores.agreement import Case, QuadKey, TermKey
from bench.servers import Running, stop

from queries import Library, RemoteEndpoint, Store
from queries.remote import GraphStore, build_namespaces
from queries.terms import parts

pytestmark = pytest.mark.server

LIBRARY = Library.load()
CASES = agreement.cases(LIBRARY)
HAS_VIRTUOSO = virtuoso.installed()
# Each store as loaded: by `dgkg push`, or (-bulk) by its own loader from the complete dump.
STORES = {
    "oxigraph": oxigraph.BINARY is not None,
    "virtuoso": HAS_VIRTUOSO,
    "virtuoso-bulk": HAS_VIRTUOSO,
    "jena": jena.installed(),
}
NOT_VIRTUOSO = "virtuoso-t is not installed (scripts/setup.sh: apt-get install virtuoso-opensource)"
MISSING = {
    "oxigraph": "the oxigraph server is not installed (pip install oxigraph)",
    "virtuoso": NOT_VIRTUOSO,
    "virtuoso-bulk": NOT_VIRTUOSO,
    "jena": "Jena or a JDK is not installed (scripts/setup.sh: apt-get install libapache-jena-java default-jdk-headless)",
}
XSD = "http://www.w3.org/2001/XMLSchema#"
PASSWORD = "push-Digest-7f3a"  # the test server's own writer account, on loopback only


def per_store(store: str, *values: object, test_id: str = "") -> Any:
    marks = [pytest.mark.xdist_group(f"store-{store}")]
    if not STORES[store]:
        marks.append(pytest.mark.skip(reason=MISSING[store]))
    return pytest.param(store, *values, marks=marks, id=f"{store}-{test_id}" if test_id else store)


# -- the stores, loaded as a user loads them ---------------------------------------------------------


@pytest.fixture(scope="module")
def local(built_dist: Path) -> Store:
    return Store.from_dist(built_dist)


@pytest.fixture(scope="module")
def complete_dump(built_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Asserted and inferred quads in one file, each in its named graph: what bulk loaders take."""
    out = tmp_path_factory.mktemp("dump") / "dgkg.nq"
    result = run_dgkg("export", "--format", "nquads", "--inferred", "--dist", str(built_dist), "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def oxigraph_server(built_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    server = oxigraph.start(tmp_path_factory.mktemp("oxigraph"))
    try:
        push(server, built_dist)
        yield server
    finally:
        stop(server.process)


@pytest.fixture(scope="module")
def virtuoso_server(built_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    server = virtuoso.start(tmp_path_factory.mktemp("virtuoso"), PASSWORD)
    try:
        push(server, built_dist)
        yield server
    finally:
        stop(server.process)


@pytest.fixture(scope="module")
def virtuoso_bulk_server(complete_dump: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    server = virtuoso.start(tmp_path_factory.mktemp("virtuoso-bulk"), PASSWORD)
    try:
        virtuoso.bulk_load(server, complete_dump)
        yield server
    finally:
        stop(server.process)


@pytest.fixture(scope="module")
def jena_server(complete_dump: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    work = tmp_path_factory.mktemp("jena")
    class_path = jena.class_path(work)
    jena.load(complete_dump, work / "tdb2", class_path)
    server = jena.start(work / "tdb2", work, class_path)
    try:
        yield server
    finally:
        stop(server.process)


def push(server: Running, dist: Path) -> None:
    assert server.graph_store_url is not None
    result = run_dgkg("push", "--endpoint", server.graph_store_url, "--dist", str(dist), timeout=300)
    assert result.returncode == 0, result.stderr
    assert re.search(r"pushed [\d,]+ triples into [\d,]+ named graphs", result.stdout), result.stdout
    assert PASSWORD not in result.stdout + result.stderr


@pytest.fixture(scope="module")
def endpoints() -> Iterator[dict[str, RemoteEndpoint]]:
    """One client per store for the module, so its label index is read once, not per question."""
    opened: dict[str, RemoteEndpoint] = {}
    yield opened
    for endpoint in opened.values():
        endpoint.close()


@pytest.fixture
def remote(request: pytest.FixtureRequest, endpoints: dict[str, RemoteEndpoint], store: str) -> RemoteEndpoint:
    if store not in endpoints:
        server: Running = request.getfixturevalue(f"{store.replace('-', '_')}_server")
        endpoints[store] = RemoteEndpoint(server.query_url)
    return endpoints[store]


# -- every library question, as the library documents its parameters --------------------------------


@pytest.mark.parametrize(("store", "case"), [per_store(store, case, test_id=case.id) for store in STORES for case in CASES])
def test_library_question_answers_as_the_embedded_store(remote: RemoteEndpoint, local: Store, case: Case) -> None:
    question = LIBRARY.get(case.question)
    params = agreement.params(case, LIBRARY, local)
    expected = local.run(question, params)
    text, bindings = question.bind(params, remote.resolve)
    assert [parts(b.term) for b in bindings] == [parts(b.term) for b in expected.bindings]  # Oxigraph's beside rdflib's
    got = agreement.remote_multiset(remote.bindings(text), expected.variables)
    assert agreement.differences(agreement.multiset(expected), got) == {"missing": [], "extra": []}


def test_every_question_is_asked() -> None:
    """All the library's questions (40 when the issue was written), each by its slugs, and by
    labels when it has an entity parameter."""
    assert [c.question for c in CASES if c.given == "slug"] == [q.name for q in LIBRARY]
    assert len(LIBRARY) >= 40
    assert sum(c.given == "label" for c in CASES) == sum(any(p.cls and p.default for p in q.params) for q in LIBRARY) > 0


# -- every quad ---------------------------------------------------------------------------------------


def virtuoso_changes(quads: Counter[QuadKey]) -> tuple[Counter[QuadKey], Counter[QuadKey], list[tuple[QuadKey, QuadKey]]]:
    """What Virtuoso 7.2 changes (docs/remote-stores.md): the booleans it loses and the ones it
    answers with instead, and the pairs of which it keeps only one.
    * A boolean comes back as "1" or "0" (it stores xsd:boolean as an integer).
    * Of "2019"^^xsd:gYear and "2019-01"^^xsd:gYearMonth for the same subject and property in one
      graph, one is lost, whichever arrives second: it stores both as the date-time 2019-01-01,
      so takes them for one value (a gYearMonth of any other month stays apart from its year)."""
    lost: Counter[QuadKey] = Counter()
    instead: Counter[QuadKey] = Counter()
    years: dict[tuple[TermKey, ...], QuadKey] = {}
    januaries: dict[tuple[TermKey, ...], QuadKey] = {}
    for quad, n in quads.items():
        g, s, p, o = quad
        datatype = o[3] if o[0] == "literal" else ""
        if datatype == XSD + "boolean":
            lost[quad] += n
            instead[(g, s, p, ("literal", "1" if o[1] == "true" else "0", "", datatype))] += n
        elif datatype == XSD + "gYear":
            years[(g, s, p, (o[1],))] = quad
        elif datatype == XSD + "gYearMonth" and o[1].endswith("-01"):
            januaries[(g, s, p, (o[1][:4],))] = quad
    pairs = [(year, januaries[key]) for key, year in years.items() if key in januaries]
    return lost, instead, pairs


@pytest.mark.parametrize("store", [per_store(store) for store in STORES])
def test_every_quad_arrives(remote: RemoteEndpoint, local: Store, store: str) -> None:
    expected = agreement.local_quads(local)
    got = agreement.remote_quads(remote, build_namespaces(local))
    missing, extra = expected - got, got - expected
    if store.startswith("virtuoso"):
        lost, instead, pairs = virtuoso_changes(expected)
        assert lost and pairs, "the graph no longer has what Virtuoso changes: drop the known differences"
        assert extra == instead
        assert all(missing[year] + missing[month] == 1 for year, month in pairs)
        assert missing == lost + Counter(year if missing[year] else month for year, month in pairs)
    else:
        assert (sorted(missing.elements()), sorted(extra.elements())) == ([], [])


# -- a store's result cap is noticed --------------------------------------------------------------------


@pytest.fixture(scope="module")
def capped_virtuoso(built_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """A Virtuoso whose ResultSetMaxRows is 50, holding the graph in its default graph."""
    server = virtuoso.start(tmp_path_factory.mktemp("virtuoso-capped"), PASSWORD, max_rows=50)
    try:
        assert server.graph_store_url is not None
        # Virtuoso's Graph Store has no default graph to PUT into; its default graph for queries
        # is the union of all graphs, so one named graph serves.
        single = ["--single-graph", "--graph", "https://example.org/dgkg-capped"]
        result = run_dgkg("push", "--endpoint", server.graph_store_url, *single, "--dist", str(built_dist))
        assert result.returncode == 0, result.stderr
        yield server
    finally:
        stop(server.process)


@pytest.mark.parametrize("store", [per_store("virtuoso")])
def test_query_warns_when_a_store_cuts_the_answer_at_its_cap(capped_virtuoso: Running, store: str) -> None:
    def ask(query: str) -> tuple[list[str], str]:
        result = run_dgkg("query", "--sparql", query, "--format", "csv", "--endpoint", capped_virtuoso.query_url)
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines(), result.stderr

    rows, warning = ask("SELECT ?s WHERE { ?s a ?type }")
    assert len(rows) == 1 + 50
    assert f"warning: {capped_virtuoso.query_url} stopped at its result cap of 50 rows" in warning
    rows, warning = ask("SELECT ?s WHERE { ?s a ?type } LIMIT 49")
    assert len(rows) == 1 + 49
    assert "result cap" not in warning


# -- credentials: answered as the store asks, never printed ---------------------------------------------


@pytest.mark.parametrize("store", [per_store("virtuoso")])
def test_push_with_a_wrong_password_fails_in_one_line_without_showing_it(
    virtuoso_server: Running, built_dist: Path, store: str
) -> None:
    assert virtuoso_server.graph_store_url is not None
    wrong = virtuoso_server.graph_store_url.replace(PASSWORD, "not-the-password")
    single = ["--single-graph", "--graph", "https://example.org/never"]
    result = run_dgkg("push", "--endpoint", wrong, *single, "--dist", str(built_dist), timeout=120)
    assert result.returncode == 1
    assert "answered HTTP 401" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "not-the-password" not in result.stdout + result.stderr


@pytest.mark.parametrize("store", [per_store("virtuoso")])
def test_resume_asks_virtuoso_at_its_query_url(virtuoso_server: Running, built_dist: Path, store: str) -> None:
    """--resume derives /sparql from /sparql-graph-crud-auth and finds the pushed graphs there."""
    assert virtuoso_server.graph_store_url is not None
    result = run_dgkg("push", "--endpoint", virtuoso_server.graph_store_url, "--resume", "--dry-run", "--dist", str(built_dist))
    assert result.returncode == 0, result.stderr
    match = re.search(r"would push ([\d,]+) of ([\d,]+) graphs \(([\d,]+) already in place\)", result.stdout)
    assert match, result.stdout
    assert int(match.group(3).replace(",", "")) > 0
    assert PASSWORD not in result.stdout + result.stderr


class BasicOnly(http.server.BaseHTTPRequestHandler):
    """A Graph Store that wants HTTP Basic, as Fuseki's and GraphDB's security do."""

    expected = "Basic " + base64.b64encode(b"writer:s3cret/%").decode()
    received: ClassVar[list[bytes]] = []

    def do_HEAD(self) -> None:
        self._answer(b"")

    def do_PUT(self) -> None:
        self._answer(self.rfile.read(int(self.headers["Content-Length"])))

    def _answer(self, body: bytes) -> None:
        if self.headers.get("Authorization") != self.expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="dgkg"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.command == "PUT":
            self.received.append(body)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_push_answers_a_basic_challenge() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), BasicOnly)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    triple = ox.Triple(ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p"), ox.Literal("o"))
    try:
        # the password percent-encoded in the URL, as RFC 3986 writes a "/" or "%" there
        store = GraphStore(f"http://writer:s3cret%2F%25@127.0.0.1:{server.server_address[1]}/store")
        store.put("https://example.org/g", [triple])
        store.put("https://example.org/h", [triple])
        store.close()
    finally:
        server.shutdown()
    assert BasicOnly.received == [b'<https://example.org/s> <https://example.org/p> "o" .\n'] * 2
