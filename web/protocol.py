"""Reading a SPARQL 1.1 Protocol request (GET, POST urlencoded, POST application/sparql-query).

Updates are recognised here, whatever way they arrive (an ``update`` parameter, an
``application/sparql-update`` body, or update text sent as a query), so they are refused with
403 before anything runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs

from web.outcome import Outcome, plain

# Said here, where most updates are refused, and by the worker's policy (web.policy) for the rest.
READ_ONLY = "this endpoint is read-only: SPARQL Update is refused"


@dataclass(frozen=True)
class ProtocolRequest:
    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    format_name: str | None = None


def read_body(environ: dict, limit: int) -> bytes | Outcome:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return plain(400, "bad Content-Length")
    if length > limit:
        return plain(413, f"request body too large (limit {limit} bytes)")
    return environ["wsgi.input"].read(length) if length else b""


def _decoded_params(text: str, where: str) -> dict[str, list[str]] | Outcome:
    """Form fields; percent-escapes that are not UTF-8 are refused wherever they come, as a
    body that is not UTF-8 is (never replaced with U+FFFD and run as something else)."""
    try:
        return parse_qs(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return plain(400, f"the {where} is not UTF-8")


def url_params(environ: dict) -> dict[str, list[str]] | Outcome:
    # PEP 3333 hands the raw query string over as Latin-1; its bytes must be UTF-8 too.
    raw = environ.get("QUERY_STRING", "")
    try:
        raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return plain(400, "the URL's query string is not UTF-8")
    return _decoded_params(raw, "URL's query string")


def read_form(environ: dict, limit: int) -> dict[str, list[str]] | Outcome:
    """The fields of a POSTed form (application/x-www-form-urlencoded)."""
    body = read_body(environ, limit)
    if isinstance(body, Outcome):
        return body
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return plain(400, "the request body is not UTF-8")
    return _decoded_params(text, "request body")


def parse(environ: dict, limit: int) -> ProtocolRequest | Outcome:
    """The query and dataset of a protocol request, or the error to answer with."""
    method = environ.get("REQUEST_METHOD", "GET")
    params = url_params(environ)
    if isinstance(params, Outcome):
        return params
    if method in {"GET", "HEAD"}:
        return _from_params(params, limit)
    if method != "POST":
        return plain(405, "use GET or POST", (("Allow", "GET, POST, OPTIONS"),))
    content_type = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if content_type == "application/x-www-form-urlencoded":
        form = read_form(environ, limit)
        return form if isinstance(form, Outcome) else _from_params({**params, **form}, limit)
    if content_type == "application/sparql-query":
        if "query" in params:
            return plain(400, "give the query either in the body or as a parameter, not both")
        body = read_body(environ, limit)
        if isinstance(body, Outcome):
            return body
        try:
            return ProtocolRequest(body.decode("utf-8"), *_dataset(params), _format(params))
        except UnicodeDecodeError:
            return plain(400, "the request body is not UTF-8")
    if content_type == "application/sparql-update":
        return plain(403, READ_ONLY)
    return plain(415, "POST the query as application/x-www-form-urlencoded (query=...) or application/sparql-query")


def _from_params(params: dict[str, list[str]], limit: int) -> ProtocolRequest | Outcome:
    if "update" in params:
        return plain(403, READ_ONLY)
    queries = params.get("query", [])
    if len(queries) != 1 or not queries[0].strip():
        return plain(400, "missing the 'query' parameter (exactly one SPARQL query)")
    if len(queries[0].encode("utf-8")) > limit:
        return plain(413, f"query too long (limit {limit} bytes)")
    return ProtocolRequest(queries[0], *_dataset(params), _format(params))


def _dataset(params: dict[str, list[str]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(params.get("default-graph-uri", [])), tuple(params.get("named-graph-uri", []))


def _format(params: dict[str, list[str]]) -> str | None:
    given = params.get("format")
    return given[0] if given else None
