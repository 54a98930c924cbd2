"""Remote triple stores: ask any SPARQL 1.1 endpoint, load the graph into any Graph Store.

Only the standard library speaks HTTP here (http.client): the two protocols are small, and
one persistent connection makes pushing thousands of claim graphs quick. Credentials may be
given in the URL (``https://user:password@host/...``) and are never echoed: sent as HTTP Basic,
or as HTTP Digest once the store asks for it (Virtuoso's /sparql-graph-crud-auth does).
Every request has a timeout, for connecting and for each read of the answer, so a store that
stops answering makes a request fail instead of hanging.
"""

from __future__ import annotations

import base64
import http.client
import json
import logging
import re
import time
import urllib.request
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlencode, urlsplit, urlunsplit

import pyoxigraph as ox

from ontology import formats
from queries.errors import QueryError, RemoteError
from queries.results import Rows, parse_results_json
from queries.sparqltext import DEFAULT_PREFIXES, declare_prefixes
from queries.target import Target
from queries.terms import XSD_STRING, parts

if TYPE_CHECKING:
    from queries.store import Store

USER_AGENT = "dgkg (https://w3id.org/dgkg)"
VIRTUOSO_ASK = "__ASK_RETVAL"
# Stderr (through logging's last resort) unless the program configures logging otherwise.
log = logging.getLogger("dgkg.remote")
DEFAULT_TIMEOUT = 30.0
# The build's own named graphs are <base>claim/<id> and <base>graph/<name>; nothing else under
# the base is a graph dgkg writes, so nothing else may be pruned.
GRAPH_NAMESPACES = ("claim/", "graph/")
# Graph Store URL path endings of the stores docs/remote-stores.md describes, and the path of
# the same store's SPARQL query endpoint.
_QUERY_PATHS = (
    ("/sparql-graph-crud-auth", "/sparql"),
    ("/sparql-graph-crud", "/sparql"),
    ("/rdf-graphs/service", ""),
    ("/sparql/gsp/", "/sparql"),
    ("/sparql/gsp", "/sparql"),
    ("/store", "/query"),
    ("/data", "/sparql"),
)


def public_url(url: str) -> str:
    """The URL without credentials, fit to print (also when it is not a valid URL)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return _redacted(url)
    if not parts.hostname:
        return _redacted(url)
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return urlunsplit((parts.scheme, f"{host}:{port}" if port else host, parts.path, parts.query, ""))


def _redacted(text: str) -> str:
    """Anything before the last '@' of a malformed URL may be a user and password."""
    if "@" not in text:
        return text
    head, _, tail = text.rpartition("@")
    scheme, sep, _ = head.partition("://")
    return f"{scheme}{sep}***@{tail}" if sep else f"***@{tail}"


def query_url_for(graph_store_url: str) -> str | None:
    """The SPARQL query URL of the store behind a Graph Store URL, for the stores whose URL
    layout is known (Oxigraph, Fuseki, GraphDB, Neptune, Virtuoso); None for any other."""
    parts = urlsplit(graph_store_url)
    for ending, replacement in _QUERY_PATHS:
        if parts.path.endswith(ending):
            return urlunsplit(parts._replace(path=parts.path[: -len(ending)] + replacement, fragment=""))
    return None


class _Connection:
    """One keep-alive HTTP(S) connection to the host of ``url``; reconnects once if dropped."""

    def __init__(self, url: str, timeout: float) -> None:
        self.shown = public_url(url)
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            raise RemoteError(f"not a valid URL: {self.shown}") from None
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise RemoteError(f"not an http(s) URL: {self.shown}")
        self.scheme, self.host, self.port = parts.scheme, parts.hostname, port
        self.path = parts.path or "/"
        self.query = parts.query
        self.headers = {"User-Agent": USER_AGENT}
        self._credentials: _Credentials | None = None
        if parts.username:
            origin = f"{self.scheme}://{parts.netloc.rpartition('@')[2]}"
            self._credentials = _Credentials(origin, unquote(parts.username), unquote(parts.password or ""))
        self.timeout = timeout
        self._conn: http.client.HTTPConnection | None = None

    def request(
        self, method: str, params: dict[str, str] | None, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        """Status, response headers (lower-case names) and body."""
        target = self.path
        query = "&".join(part for part in (self.query, urlencode(params or {}, quote_via=quote)) if part)
        if query:
            target += "?" + query
        for attempt in (1, 2):
            try:
                return self._exchange(method, target, body, headers)
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as error:
                # A keep-alive connection the server closed while idle: one fresh try.
                # Every request sent here (PUT, DELETE, a query) may safely be repeated.
                self.close()
                if attempt == 2:
                    raise RemoteError(f"{self.shown} closed the connection: {error}") from None
            except TimeoutError:
                self.close()
                raise RemoteError(
                    f"{self.shown} did not answer within {self.timeout:g} s (is the store paused or overloaded?)"
                ) from None
            except http.client.HTTPException as error:
                self.close()
                raise RemoteError(f"{self.shown} sent a broken answer: {error!r}") from None
            except OSError as error:
                self.close()
                raise RemoteError(f"cannot reach {self.shown}: {error}") from None
        raise AssertionError("unreachable")

    def _exchange(
        self, method: str, target: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        conn = self._connect()
        if body and self._credentials and self._credentials.unasked:
            # Learn how to authenticate before sending a body: a store that wants credentials
            # may answer 401 and close the connection while a large PUT is still being sent.
            self._credentials.unasked = False
            conn.request("HEAD", target, headers=self.headers)
            probe = conn.getresponse()
            probe.read()
            if probe.status == 401:
                self._credentials.accept([v for k, v in probe.getheaders() if k.lower() == "www-authenticate"])
        for _ in range(3):  # as challenged before; a new challenge; a stale nonce
            sent = {**self.headers, **headers}
            authorization = self._credentials.header(method, target) if self._credentials else None
            if authorization:
                sent["Authorization"] = authorization
            try:
                conn.request(method, target, body=body, headers=sent)
            except (BrokenPipeError, ConnectionResetError):
                # A store may answer (a 401 to wrong credentials, a 413) and close before the body
                # is all sent: its answer says more than the broken pipe, if it can still be read.
                if not body:
                    raise
            if self._credentials:
                self._credentials.unasked = False
            response = conn.getresponse()
            status, fields, content = response.status, response.getheaders(), response.read()
            challenges = [value for name, value in fields if name.lower() == "www-authenticate"]
            if status != 401 or self._credentials is None or not self._credentials.accept(challenges):
                break
        return status, {k.lower(): v for k, v in fields}, content

    def _connect(self) -> http.client.HTTPConnection:
        if self._conn is None:
            kind = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
            self._conn = kind(self.host, self.port, timeout=self.timeout)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class _Credentials:
    """A user and password from the URL, answered as the store asks: HTTP Basic or HTTP Digest
    (RFC 7616, computed by urllib's handler, which counts the uses of a nonce). Nothing is sent
    before the store challenges: a store that wants Digest (Virtuoso) rejects a Basic header
    without saying what it wants. Once challenged, each request answers at once, so a push of
    thousands of graphs costs one extra round trip, not one per graph."""

    def __init__(self, origin: str, user: str, password: str) -> None:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, origin, user, password)
        self._digest = urllib.request.AbstractDigestAuthHandler(passwords)
        self._basic = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self._origin = origin
        self._challenge: dict[str, str] | None = None
        self._scheme: str | None = None
        self.unasked = True  # no request has been sent with these credentials yet

    def header(self, method: str, target: str) -> str | None:
        if self._scheme == "basic":
            return self._basic
        if self._scheme == "digest" and self._challenge is not None:
            answer = self._digest.get_authorization(urllib.request.Request(self._origin + target, method=method), self._challenge)
            if answer is None:
                algorithm = self._challenge.get("algorithm", "MD5")
                raise RemoteError(f"the store asks for HTTP Digest with {algorithm}, which dgkg cannot answer")
            return f"Digest {answer}"
        return None

    def accept(self, challenges: list[str]) -> bool:
        """Take a 401's challenge; True if the request is worth sending again with it, False when
        there is none or it was answered already (the credentials are wrong)."""
        for header in challenges:
            scheme, _, params = header.strip().partition(" ")
            if scheme.lower() == "digest":
                challenge = urllib.request.parse_keqv_list([item for item in urllib.request.parse_http_list(params) if item])
                stale = challenge.get("stale", "").lower() == "true"
                known = self._challenge is not None and challenge.get("nonce") == self._challenge.get("nonce")
                if self._scheme == "digest" and known and not stale:
                    return False
                self._scheme, self._challenge = "digest", challenge
                return True
        if self._scheme is None and any(h.strip().lower().startswith("basic") for h in challenges):
            self._scheme = "basic"
            return True
        return False


class AnswerError(RemoteError):
    """The store answered, but with an error status or not in the format asked for: often the
    wrong URL for what was asked (a query sent to a Graph Store URL, say)."""


def _failure(shown: str, status: int, headers: dict[str, str], body: bytes) -> AnswerError:
    """One line: the status and the start of the store's message (tags stripped from HTML)."""
    text = body.decode("utf-8", "replace")
    if "html" in headers.get("content-type", ""):
        text = re.sub(r"<[^>]*>", " ", text)
    text = " ".join(text.split())
    if len(text) > 300:
        text = text[:300] + "…"
    return AnswerError(f"{shown} answered HTTP {status}: {text or '(no message)'}")


# A term as the comparison of graphs sees it: kind, lexical value, lower-cased language tag
# (BCP 47 tags are case-insensitive and stores differ in how they write them), datatype
# (None for xsd:string and language-tagged literals).
TermKey = tuple[str, str, str | None, str | None]
TripleKey = tuple[TermKey, TermKey, TermKey]


def _at_store_cap(headers: dict[str, str], rows: int) -> bool:
    """Whether a store cut the answer at its cap: Virtuoso sends X-SPARQL-MaxRows (its
    ResultSetMaxRows) with a result that reached it, and nothing else says so."""
    cap = headers.get("x-sparql-maxrows", "")
    return cap.isdigit() and rows >= int(cap)


class RemoteEndpoint(Target):
    """A SPARQL 1.1 Protocol query endpoint, asked the same way as the embedded store.

    The library assumes the default graph is the union of all graphs: start Oxigraph with
    ``--union-default-graph``, or see docs/remote-stores.md for other stores.
    """

    def __init__(self, url: str, timeout: float = 120.0) -> None:
        self._conn = _Connection(url, timeout)
        self.url = self._conn.shown

    def query_raw(self, query: str, accept: str) -> tuple[dict[str, str], bytes]:
        """(response headers, body) of any query, in the format ``accept`` asks for."""
        text = declare_prefixes(query, DEFAULT_PREFIXES)
        status, headers, body = self._conn.request(
            "POST",
            None,
            urlencode({"query": text}).encode("utf-8"),
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
        )
        if status != 200:
            raise _failure(self.url, status, headers, body)
        return headers, body

    def _select(self, query: str) -> Rows:
        headers, body = self.query_raw(query, "application/sparql-results+json")
        try:
            result = parse_results_json(body)
        except ValueError:
            raise AnswerError(
                f"{self.url} did not answer with SPARQL results JSON ({headers.get('content-type', 'no content type')})"
            ) from None
        if not isinstance(result, Rows):
            raise QueryError("select() needs a SELECT query")
        result.truncated = headers.get("x-dgkg-truncated") == "true" or _at_store_cap(headers, len(result))
        if result.truncated:
            log.warning(
                "warning: %s stopped at its result cap of %s rows: the answer is probably incomplete "
                "(raise the store's cap, e.g. Virtuoso's ResultSetMaxRows, or narrow the query)",
                self.url,
                f"{len(result):,}",
            )
        return result

    def ask(self, query: str) -> bool:
        _, body = self.query_raw(query, "application/sparql-results+json")
        result = parse_results_json(body)
        if isinstance(result, Rows) and result.variables == (VIRTUOSO_ASK,) and len(result) == 1:
            # Virtuoso 7 answers ASK in JSON as a one-row SELECT of an integer, 1 or 0.
            return str(result[0][VIRTUOSO_ASK]) == "1"
        if not isinstance(result, bool):
            raise QueryError("ask() needs an ASK query")
        return result

    def construct(self, query: str, media_type: str = "text/turtle") -> bytes:
        return self.query_raw(query, media_type)[1]

    def bindings(self, query: str) -> list[dict[str, dict[str, str]]]:
        """The SELECT results' bindings as the JSON format has them, terms exactly as the store
        wrote them (rdflib terms would normalise some literals, hiding differences)."""
        headers, body = self.query_raw(query, "application/sparql-results+json")
        try:
            rows = json.loads(body)["results"]["bindings"]
        except (ValueError, KeyError, TypeError):
            raise AnswerError(
                f"{self.url} did not answer with SPARQL results JSON ({headers.get('content-type', 'no content type')})"
            ) from None
        if not isinstance(rows, list):
            raise AnswerError(f"{self.url} answered with malformed SPARQL results JSON")
        return rows

    def graph_names(self) -> set[str]:
        """Every named graph of the store (``GRAPH ?g {}`` finds empty ones too)."""
        rows = self.bindings("SELECT DISTINCT ?g WHERE { GRAPH ?g {} }")
        return {row["g"]["value"] for row in rows if row.get("g", {}).get("type") == "uri"}

    def graph_contents(self, prefixes: Sequence[str]) -> dict[str, frozenset[TripleKey] | None]:
        """The triples of each named graph whose IRI starts with one of ``prefixes``, as
        comparable keys; None for a graph with blank nodes, which no label comparison can match."""
        tests = " || ".join(f"STRSTARTS(STR(?g), {json.dumps(prefix)})" for prefix in prefixes)
        rows = self.bindings(f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({tests}) }}")
        found: dict[str, set[TripleKey]] = {}
        opaque: set[str] = set()
        try:
            for row in rows:
                name = row["g"]["value"]
                keys = found.setdefault(name, set())
                key = _triple_key(*(_json_term_key(row[var]) for var in "spo"))
                if key is None:
                    opaque.add(name)
                else:
                    keys.add(key)
        except (KeyError, TypeError):
            raise AnswerError(f"{self.url} answered with malformed SPARQL results JSON") from None
        return {name: None if name in opaque else frozenset(keys) for name, keys in found.items()}

    def close(self) -> None:
        self._conn.close()


def _json_term_key(term: dict[str, str]) -> TermKey | None:
    kind = term.get("type")
    if kind == "uri":
        return ("uri", term["value"], None, None)
    if kind in ("literal", "typed-literal"):  # "typed-literal": the 2008 JSON results draft
        lang = term.get("xml:lang")
        datatype = term.get("datatype")
        return ("literal", term["value"], lang.lower() if lang else None, None if lang or datatype == XSD_STRING else datatype)
    return None  # a blank node (or an RDF-star triple term)


def _ox_term_key(term: Any) -> TermKey | None:
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        p = parts(term)
        return (p.kind, p.value, p.lang.lower() if p.lang else None, p.datatype)
    return None


def _triple_key(s: TermKey | None, p: TermKey | None, o: TermKey | None) -> TripleKey | None:
    return None if s is None or p is None or o is None else (s, p, o)


def graph_keys(triples: Iterable[ox.Triple]) -> frozenset[TripleKey] | None:
    """A local graph's triples as keys comparable with RemoteEndpoint.graph_contents'."""
    keys = set()
    for triple in triples:
        key = _triple_key(_ox_term_key(triple.subject), _ox_term_key(triple.predicate), _ox_term_key(triple.object))
        if key is None:
            return None
        keys.add(key)
    return frozenset(keys)


def build_namespaces(store: Store) -> tuple[str, ...]:
    """The IRI prefixes of the build's own named graphs (``<base>claim/``, ``<base>graph/``),
    the base read from its ontology graph, so a build with ``--base`` is handled too."""
    for graph in store.named_graphs():
        if graph.value.endswith("/graph/ontology"):
            base = graph.value[: -len("graph/ontology")]
            return tuple(base + namespace for namespace in GRAPH_NAMESPACES)
    raise QueryError("the build has no <…/graph/ontology> graph, so its graph namespace is unknown; rebuild it")


def graphs_in_place(store: Store, remote: dict[str, frozenset[TripleKey] | None]) -> set[str]:
    """The build's named graphs that the remote store already holds with exactly their triples."""
    same = set()
    for graph in store.named_graphs():
        there = remote.get(graph.value)
        if there is not None and there == graph_keys(store.triples(graph)):
            same.add(graph.value)
    return same


class GraphStore:
    """A SPARQL 1.1 Graph Store HTTP Protocol endpoint: whole graphs replaced or removed."""

    def __init__(self, url: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        self._conn = _Connection(url, timeout)
        self.url = self._conn.shown

    def put(self, graph: str | None, triples: list[ox.Triple]) -> None:
        """Replace ``graph`` (None: the default graph) by ``triples``."""
        ntriples = formats.FORMATS["ntriples"]
        body = ox.serialize(triples, format=ntriples.rdf_format) or b""
        params = {"graph": graph} if graph else {"default": ""}
        status, headers, answer = self._conn.request("PUT", params, body, {"Content-Type": ntriples.media_type})
        if not 200 <= status < 300:
            raise _failure(self.url, status, headers, answer)

    def delete(self, graph: str) -> None:
        status, headers, answer = self._conn.request("DELETE", {"graph": graph}, None, {})
        if status != 404 and not 200 <= status < 300:  # 404: already gone, which is what was wanted
            raise _failure(self.url, status, headers, answer)

    def close(self) -> None:
        self._conn.close()


class Stopped(RemoteError):
    """A push or prune that failed part-way: ``done`` of ``total`` graphs were finished."""

    def __init__(self, done: int, total: int, reason: RemoteError) -> None:
        self.done, self.total, self.reason = done, total, reason
        super().__init__(f"stopped after {done:,} of {total:,} graphs: {reason}")


@dataclass
class PushReport:
    graphs: int  # graphs sent
    triples: int  # triples sent
    seconds: float
    skipped: int = 0  # graphs left alone as already in place


Progress = Callable[[int, int], None]


def push(
    store: Store,
    endpoint: str,
    per_claim: bool = True,
    graph: str | None = None,
    progress: Progress = lambda done, total: None,
    timeout: float = DEFAULT_TIMEOUT,
    skip: Collection[str] = (),
) -> PushReport:
    """Load the store into a SPARQL 1.1 Graph Store HTTP Protocol endpoint (PUT per graph).

    ``per_claim`` keeps every named graph (one per claim, plus ontology, provenance, derived,
    inferred), so provenance queries work remotely. Otherwise all triples go into one graph:
    ``graph`` if given, else the store's default graph. PUT replaces each graph it names.
    Graphs named in ``skip`` are not sent (a resumed push: they are in place already).
    ``progress(done, total)`` follows each graph; a failure raises Stopped, saying how far it got.
    """
    batches: list[tuple[str | None, Iterator[ox.Triple]]]
    if per_claim:
        batches = [(g.value, store.triples(g)) for g in store.named_graphs()]
    else:
        batches = [(graph, store.triples(ox.DefaultGraph()))]  # the union, each triple once
    todo = [(name, content) for name, content in batches if name not in skip]
    done, total, triples = len(batches) - len(todo), len(batches), 0
    started = time.perf_counter()
    with closing(GraphStore(endpoint, timeout)) as target:
        for name, content in todo:
            data = list(content)
            try:
                target.put(name, data)
            except RemoteError as error:
                raise Stopped(done, total, error) from None
            done += 1
            triples += len(data)
            progress(done, total)
    return PushReport(len(todo), triples, time.perf_counter() - started, total - len(todo))


def remove_graphs(
    endpoint: str, graphs: Sequence[str], progress: Progress = lambda done, total: None, timeout: float = DEFAULT_TIMEOUT
) -> None:
    """DELETE each of ``graphs`` from a Graph Store; a failure raises Stopped."""
    with closing(GraphStore(endpoint, timeout)) as target:
        for done, name in enumerate(graphs):
            try:
                target.delete(name)
            except RemoteError as error:
                raise Stopped(done, len(graphs), error) from None
            progress(done + 1, len(graphs))
