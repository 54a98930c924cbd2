"""Remote triple stores: ask any SPARQL 1.1 endpoint, load the graph into any Graph Store.

Only the standard library speaks HTTP here (http.client): the two protocols are small, and
one persistent connection makes pushing thousands of claim graphs quick. Credentials may be
given in the URL (``https://user:password@host/...``, sent as HTTP Basic) and are never echoed.
"""
from __future__ import annotations

import base64
import http.client
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

import pyoxigraph as ox

from queries.errors import QueryError, RemoteError
from queries.results import Rows, parse_results_json
from queries.sparqltext import DEFAULT_PREFIXES, declare_prefixes
from queries.target import Target

USER_AGENT = "dgkg (https://w3id.org/dgkg)"


def public_url(url: str) -> str:
    """The URL without credentials, fit to print."""
    parts = urlsplit(url)
    host = f"{parts.hostname}{f':{parts.port}' if parts.port else ''}" if parts.hostname else parts.netloc
    return urlunsplit((parts.scheme, host, parts.path, parts.query, ""))


class _Connection:
    """One keep-alive HTTP(S) connection to the host of ``url``; reconnects once if dropped."""

    def __init__(self, url: str, timeout: float) -> None:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise RemoteError(f"not an http(s) URL: {url!r}")
        self.scheme, self.host, self.port = parts.scheme, parts.hostname, parts.port
        self.path = parts.path or "/"
        self.query = parts.query
        self.shown = public_url(url)
        self.headers = {"User-Agent": USER_AGENT}
        if parts.username:
            secret = f"{parts.username}:{parts.password or ''}".encode()
            self.headers["Authorization"] = "Basic " + base64.b64encode(secret).decode()
        self.timeout = timeout
        self._conn: http.client.HTTPConnection | None = None

    def request(self, method: str, params: dict[str, str] | None, body: bytes | None,
                headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        """Status, response headers (lower-case names) and body."""
        target = self.path
        query = "&".join(part for part in (self.query, urlencode(params or {}, quote_via=quote)) if part)
        if query:
            target += "?" + query
        for attempt in (1, 2):
            try:
                conn = self._connect()
                conn.request(method, target, body=body, headers={**self.headers, **headers})
                response = conn.getresponse()
                return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as error:
                self.close()
                if attempt == 2:
                    raise RemoteError(f"{self.shown} closed the connection: {error}") from None
            except OSError as error:
                self.close()
                raise RemoteError(f"cannot reach {self.shown}: {error}") from None
        raise AssertionError("unreachable")

    def _connect(self) -> http.client.HTTPConnection:
        if self._conn is None:
            kind = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
            self._conn = kind(self.host, self.port, timeout=self.timeout)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _failure(shown: str, status: int, body: bytes) -> RemoteError:
    text = body.decode("utf-8", "replace").strip()
    return RemoteError(f"{shown} answered HTTP {status}: {text[:800] or '(no message)'}")


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
            "POST", None, urlencode({"query": text}).encode("utf-8"),
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
        if status != 200:
            raise _failure(self.url, status, body)
        return headers, body

    def _select(self, query: str) -> Rows:
        headers, body = self.query_raw(query, "application/sparql-results+json")
        try:
            result = parse_results_json(body)
        except ValueError:
            raise RemoteError(f"{self.url} did not answer with SPARQL results JSON "
                              f"({headers.get('content-type', 'no content type')})") from None
        if not isinstance(result, Rows):
            raise QueryError("select() needs a SELECT query")
        result.truncated = headers.get("x-dgkg-truncated") == "true"  # a dgkg endpoint cut it at its cap
        return result

    def ask(self, query: str) -> bool:
        _, body = self.query_raw(query, "application/sparql-results+json")
        result = parse_results_json(body)
        if not isinstance(result, bool):
            raise QueryError("ask() needs an ASK query")
        return result

    def construct(self, query: str, media_type: str = "text/turtle") -> bytes:
        return self.query_raw(query, media_type)[1]

    def close(self) -> None:
        self._conn.close()


@dataclass
class PushReport:
    graphs: int
    triples: int
    seconds: float


def push(store, endpoint: str, per_claim: bool = True, graph: str | None = None,
         progress: Callable[[int, int], None] = lambda done, total: None, timeout: float = 300.0) -> PushReport:
    """Load the store into a SPARQL 1.1 Graph Store HTTP Protocol endpoint (PUT per graph).

    ``per_claim`` keeps every named graph (one per claim, plus ontology, provenance, derived,
    inferred), so provenance queries work remotely. Otherwise all triples go into one graph:
    ``graph`` if given, else the store's default graph. PUT replaces each graph it names.
    """
    conn = _Connection(endpoint, timeout)
    started = time.perf_counter()
    if per_claim:
        batches = [(g.value, store.triples(g)) for g in store.named_graphs()]
    else:
        batches = [(graph, _distinct(store.triples(None)))]
    triples = 0
    try:
        for done, (name, content) in enumerate(batches, 1):
            data = list(content)
            body = ox.serialize(data, format=ox.RdfFormat.N_TRIPLES)
            params = {"graph": name} if name else {"default": ""}
            status, _, answer = conn.request("PUT", params, body, {"Content-Type": "application/n-triples"})
            if status not in (200, 201, 204):
                raise _failure(conn.shown, status, answer)
            triples += len(data)
            progress(done, len(batches))
    finally:
        conn.close()
    return PushReport(len(batches), triples, time.perf_counter() - started)


def _distinct(triples: Iterator[ox.Triple]) -> Iterator[ox.Triple]:
    seen: set[ox.Triple] = set()
    for triple in triples:
        if triple not in seen:
            seen.add(triple)
            yield triple
