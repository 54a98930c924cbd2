"""Dereferenceable IRIs under `dgkg serve`: the Linked Data routes, mounted beside /sparql.

    /resource/<slug>          303 See Other, by the Accept header, to
    /page/<slug>              the entity page (viz.render_entity_page), text/html
    /page/sources/<slug>      a source document's page (viz.render_source_page); /page/sources/ lists them
    /data/<slug>.<ext>        its description: ttl, jsonld, nt, trig, nq (publish.linked_data)
    /ontology                 the ontology (hash IRIs dgo:term = /ontology#term) by content
                              negotiation: the docs page or ontology.ttl/.jsonld/.nt (200, Content-Location)
    /ontology.<ext>, /docs/   the same as fixed documents
    /resource/dataset/dgkg    the dataset (void.ttl's subject): 303 See Other to /void.ttl
    /resource/dataset/dgkg/<file>   each distribution void.ttl lists (dgkg.nq, dgkg.jsonld, …), streamed
    /void.ttl, /.well-known/void    the VoID/DCAT description (the well-known place VoID names)

The public IRIs are ``https://w3id.org/dgkg/resource/<slug>`` and ``https://w3id.org/dgkg/ontology#<term>``;
a w3id.org redirect of ``/dgkg/resource/`` and ``/dgkg/ontology`` to this server makes them dereference
(docs/publishing.md). The RDF always names resources by their public IRIs.

Every description is one SELECT run through :meth:`Endpoint.run`, so resource requests count
against the same per-client budget, time limit and result cap as /sparql.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import BinaryIO

from ontology import DEFAULT_RESOURCE_BASE, formats, rdfio
from publish import context_for
from publish import BY_EXTENSION, RDF_FORMATS, description_quads, description_query, ontology_document, published_context, render
from publish import DATASET_PATH, DISTRIBUTIONS, media_type_of, resource_base
from web.app import Endpoint, _send
from web.formats import negotiate
from web.outcome import Outcome, plain
from queries import parse_results_json

log = logging.getLogger("dgkg.serve")

HTML = "text/html"
DAMAGED = "this page cannot be made: a file of the server's build no longer parses (its log names it); retry once it is rebuilt"
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
# Other media types clients send for the offered ones: the registry's aliases of each RDF syntax.
ALIASES = {alias: fmt.media_type for fmt in RDF_FORMATS.values() for alias in fmt.aliases} | {"application/xhtml+xml": HTML}
VARY = (("Vary", "Accept"),)
# The ontology's RDF by extension: the file the build wrote, or None for one rendered on request.
ONTOLOGY_DOCUMENTS = {"ttl": "ontology.ttl", "owl": "ontology.owl", "jsonld": None, "nt": None}
DATASET = f"/resource/{DATASET_PATH}"
VOID_PATHS = ("/void.ttl", "/.well-known/void")
BLOCK = 1 << 16  # bytes read at a time from a distribution that no file wrapper sends
PROPERTY_KINDS = (
    "CONSTRUCT { ?p a ?k } WHERE { VALUES ?k { <http://www.w3.org/2002/07/owl#ObjectProperty> "
    "<http://www.w3.org/2002/07/owl#DatatypeProperty> } ?p a ?k }"
)


def _offered(accept: str | None, offered: list[str]) -> str | None:
    if accept:
        for alias, canonical in ALIASES.items():
            accept = re.sub(rf"(?i)(?<![\w+.-]){re.escape(alias)}(?![\w+.-])", canonical, accept)
    return negotiate(accept, offered)


@dataclass(frozen=True)
class Download:
    """A file of dist/ to send as it is: a distribution, up to hundreds of megabytes, so it is
    streamed (the server's file wrapper where it has one) rather than held as an Outcome's body."""

    path: Path
    media_type: str


class LinkedData:
    """The WSGI app behind the mounts; one per endpoint (pages and the label model are cached)."""

    def __init__(self, endpoint: Endpoint, dist: Path) -> None:
        self.endpoint = endpoint
        self.dist = dist
        # a store served without the rest of dist/ (tests, a copied store) still serves RDF
        self.base = resource_base(dist) if (dist / "dgkg.trig").is_file() else DEFAULT_RESOURCE_BASE
        self.prefixes = rdfio.prefixes_for(self.base)
        self._rendered: dict[str, bytes] = {}

    @cached_property
    def context(self) -> dict:
        return (
            published_context(self.dist)
            if (self.dist / "context.jsonld").is_file()
            else context_for(self.base, rdfio.parse(self.endpoint.store.construct(PROPERTY_KINDS), "turtle"))
        )

    @cached_property
    def views(self):  # the viz model, loaded on the first page request
        from viz import Views

        return Views.from_dist(self.dist)

    @cached_property
    def slugs(self) -> frozenset[str]:
        """Known resources: the typed resources under the base (as void:entities counts them),
        asked of the store once."""
        rows = self.endpoint.store.select(
            f"SELECT DISTINCT ?s WHERE {{ ?s a ?c FILTER(STRSTARTS(STR(?s), {json.dumps(self.base)})) }}"
        )
        found = (str(row["s"])[len(self.base) :] for row in rows)
        return frozenset(slug for slug in found if SLUG.match(slug))

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "/")
        accept = environ.get("HTTP_ACCEPT")
        head = environ.get("REQUEST_METHOD") == "HEAD"
        try:
            outcome, extra = self.route(path, accept, environ.get("REMOTE_ADDR") or "unknown")
            if isinstance(outcome, Download):
                return _send_file(environ, start_response, outcome, head)
        except (FileNotFoundError, ImportError) as missing:  # a store served without its dist/ files
            outcome, extra = plain(404, f"not available from this server: {missing}"), ()
        except formats.DumpUnreadable as damaged:  # the server's own files: the log names them, not the answer
            log.error("%s: %s", path, damaged)
            outcome, extra = plain(503, DAMAGED), ()
        return _send(start_response, outcome, extra, head)

    def route(self, path: str, accept: str | None, client: str) -> tuple[Outcome | Download, tuple[tuple[str, str], ...]]:
        if path == DATASET:  # the dataset is described, not served: 303, as for an entity
            return Outcome(303, "text/plain; charset=utf-8", b"see /void.ttl\n", (("Location", VOID_PATHS[0]),)), ()
        if path.startswith(DATASET + "/"):
            name = path[len(DATASET) + 1 :]
            if name not in DISTRIBUTIONS:
                return plain(404, f"no distribution {name!r}: the dataset's are {', '.join(DISTRIBUTIONS)}"), ()
            return Download(self.dist / name, media_type_of(name)), ()
        if path in VOID_PATHS:
            return Download(self.dist / "void.ttl", media_type_of("void.ttl")), ()
        if path.startswith("/resource/"):
            slug = path[len("/resource/") :]
            if not self._known(slug):
                return plain(404, f"no resource {slug!r} in this graph"), VARY
            offered = [HTML, *(f.media_type for f in RDF_FORMATS.values())]
            choice = _offered(accept, offered)
            if choice is None:
                return plain(406, "acceptable here: " + ", ".join(offered)), VARY
            target = (
                f"/page/{slug}"
                if choice == HTML
                else f"/data/{slug}.{next(f.extension for f in RDF_FORMATS.values() if f.media_type == choice)}"
            )
            return Outcome(303, "text/plain; charset=utf-8", f"see {target}\n".encode(), (("Location", target),)), VARY
        if path.startswith("/page/sources/"):
            return self.source_page(path[len("/page/sources/") :].removesuffix(".html")), ()
        if path.startswith("/page/"):
            slug = path[len("/page/") :].removesuffix(".html")
            if not slug or slug == "index":
                from viz import render_entity_index

                return _page(render_entity_index(self.views, served=True)), ()
            if not self._known(slug):
                return plain(404, f"no resource {slug!r} in this graph"), ()
            from viz import render_entity_page

            html = render_entity_page(self.views, slug, href=lambda s: f"/resource/{s}", explorer=None, served=True)
            return _page(html), ()
        if path.startswith("/data/"):
            slug, _, ext = path[len("/data/") :].rpartition(".")
            if ext not in BY_EXTENSION or not self._known(slug):
                return plain(404, f"nothing at {path}: /data/<slug>.{{{','.join(BY_EXTENSION)}}}"), ()
            return self.description(slug, BY_EXTENSION[ext].name, client), ()
        if path in ("/ontology", "/ontology/") or path.startswith("/ontology.") or path.startswith("/docs/"):
            return self.ontology(path, accept)
        return plain(404, f"nothing at {path}"), ()

    def source_page(self, slug: str) -> Outcome:
        """A source document's page (viz.render_source_page), or their index."""
        from viz import render_source_index, render_source_page

        if not slug or slug == "index":
            return _page(render_source_index(self.views, page=lambda s: f"/page/sources/{s}", served=True))
        try:
            return _page(render_source_page(self.views, slug, href=lambda s: f"/resource/{s}", served=True))
        except LookupError:
            return plain(404, f"no source document {slug!r} in this graph")

    def _known(self, slug: str) -> bool:
        return bool(SLUG.match(slug)) and slug in self.slugs

    def description(self, slug: str, format_name: str, client: str) -> Outcome:
        """The description of one resource, queried through the endpoint's limits."""
        outcome = self.endpoint.run(description_query(self.base + slug, self.base), client, "application/sparql-results+json")
        if outcome.status != 200:
            return outcome
        rows = parse_results_json(outcome.body)
        assert not isinstance(rows, bool)
        fmt = RDF_FORMATS[format_name]
        body = render(description_quads(rows), format_name, self.base, self.prefixes, self.context).encode("utf-8")
        charset = "" if fmt.name == "jsonld" else "; charset=utf-8"  # JSON is UTF-8 by definition
        return Outcome(
            200,
            fmt.media_type + charset,
            body,
            (("Access-Control-Allow-Origin", "*"), ("Link", f'<{self.base}{slug}>; rel="describes"')),
        )

    def ontology(self, path: str, accept: str | None) -> tuple[Outcome, tuple[tuple[str, str], ...]]:
        documents = {
            "html": (HTML, "docs/index.html"),
            **{ext: (formats.format_named(ext).media_type, name) for ext, name in ONTOLOGY_DOCUMENTS.items()},
        }
        extra: tuple[tuple[str, str], ...] = ()
        if path.startswith("/docs/"):
            ext = "html"
        elif path.startswith("/ontology."):
            ext = path[len("/ontology.") :]
            if ext not in documents:
                return plain(404, f"nothing at {path}"), ()
        else:
            offered = [media for media, _ in documents.values()]
            choice = _offered(accept, offered)
            if choice is None:
                return plain(406, "acceptable here: " + ", ".join(offered)), VARY
            ext = next(e for e, (media, _) in documents.items() if media == choice)
            extra = (*VARY, ("Content-Location", f"/ontology.{ext}"))
        media, name = documents[ext]
        body = (self.dist / name).read_bytes() if name else self._ontology_rendered(ext)
        return Outcome(
            200,
            media + ("; charset=utf-8" if media != formats.FORMATS["jsonld"].media_type else ""),
            body,
            (("Access-Control-Allow-Origin", "*"),),
        ), extra

    def _ontology_rendered(self, ext: str) -> bytes:
        """Rendered once per format: parsing the ontology per request would let a client spend
        the server's time out of proportion to its request budget."""
        if ext not in self._rendered:
            self._rendered[ext] = ontology_document(self.dist, ext, self.base, self.prefixes)
        return self._rendered[ext]


def _send_file(environ: dict, start_response: Callable, download: Download, head: bool) -> Iterable[bytes]:
    """The file whole, with its length: opened first, so a missing one is a 404 (FileNotFoundError)."""
    stream = download.path.open("rb")
    size = download.path.stat().st_size
    charset = "" if download.media_type == formats.FORMATS["jsonld"].media_type else "; charset=utf-8"
    start_response(
        "200 OK",
        [
            ("Content-Type", download.media_type + charset),
            ("Content-Length", str(size)),
            ("X-Content-Type-Options", "nosniff"),
            ("Access-Control-Allow-Origin", "*"),
        ],
    )
    if head:
        stream.close()
        return []
    wrapper = environ.get("wsgi.file_wrapper")
    return wrapper(stream, BLOCK) if wrapper is not None else _blocks(stream)


def _blocks(stream: BinaryIO) -> Iterator[bytes]:
    with stream:
        while block := stream.read(BLOCK):
            yield block


def _page(html: str) -> Outcome:
    """An entity page or the index: its one inline script (the language switch) is allowed by
    hash, every other script and every other origin stays forbidden."""
    from viz import script_source

    policy = f"default-src 'none'; style-src 'unsafe-inline'; script-src {script_source()}; form-action 'self'"
    return Outcome(200, "text/html; charset=utf-8", html.encode("utf-8"), (("Content-Security-Policy", policy),))


PREFIXES_SERVED = ("/resource/", "/page/", "/data/", "/ontology", "/docs/", *VOID_PATHS)


def linked_data_mounts() -> dict[str, Callable[[Endpoint], LinkedData]]:
    """The mounts for `dgkg serve` (dgkg.commands.serve.mounts): one app shared by every prefix."""
    apps: dict[int, LinkedData] = {}

    def factory(endpoint: Endpoint) -> LinkedData:
        key = id(endpoint)
        if key not in apps:
            apps[key] = LinkedData(endpoint, Path(endpoint.store_path).parent)
        return apps[key]

    return {prefix: factory for prefix in PREFIXES_SERVED}
