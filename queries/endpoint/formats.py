"""Which serialisation a client gets, from its Accept header and the kind of result."""
from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    aliases: tuple[str, ...] = ()  # other media types that mean this format
    nicknames: tuple[str, ...] = ()  # other names for ?format=

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8"


JSON = Format("json", "application/sparql-results+json", ("application/json", "text/json"))
XML = Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml"))
CSV = Format("csv", "text/csv")
TSV = Format("tsv", "text/tab-separated-values")
TURTLE = Format("turtle", "text/turtle", ("application/x-turtle",), ("ttl",))
NTRIPLES = Format("ntriples", "application/n-triples", ("text/plain",), ("nt", "n-triples"))
JSONLD = Format("jsonld", "application/ld+json", ("application/json",), ("json-ld", "json"))
RDFXML = Format("rdfxml", "application/rdf+xml", ("application/xml", "text/xml"), ("rdf", "xml", "rdf+xml"))

# The first format of each list is the default, used for */* or no Accept header.
FOR_SOLUTIONS = (JSON, XML, CSV, TSV)
FOR_BOOLEAN = (JSON, XML)
FOR_GRAPH = (TURTLE, NTRIPLES, JSONLD, RDFXML)
RDF_FORMATS = {TURTLE.name: ox.RdfFormat.TURTLE, NTRIPLES.name: ox.RdfFormat.N_TRIPLES,
               JSONLD.name: ox.RdfFormat.JSON_LD, RDFXML.name: ox.RdfFormat.RDF_XML}


def accepted(header: str | None) -> list[tuple[str, float]]:
    """Media ranges of an Accept header with their q-values, most wanted first (stable)."""
    ranges: list[tuple[str, float]] = []
    for item in (header or "*/*").split(","):
        media, *params = [part.strip() for part in item.split(";")]
        if not media:
            continue
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((media.lower(), quality))
    return sorted(ranges, key=lambda r: -r[1])


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The media type of ``offered`` the Accept header prefers (q-values, then specificity, then
    the order of ``offered``); None when none is acceptable. A missing header accepts anything."""
    if not accept or not accept.strip():
        return offered[0]
    ranges = accepted(accept)
    best: tuple[float, int, int] | None = None
    choice = None
    for position, media_type in enumerate(offered):
        kind = media_type.split("/")[0]
        matches = [(q, 2 if m == media_type else 1 if m == f"{kind}/*" else 0)
                   for m, q in ranges if m in (media_type, f"{kind}/*", "*/*")]
        if not matches:
            continue
        q, specificity = max(matches, key=lambda item: item[1])  # the most specific range decides
        if q <= 0:
            continue
        key = (q, specificity, -position)
        if best is None or key > best:
            best, choice = key, media_type
    return choice


def choose(header: str | None, offered: tuple[Format, ...]) -> Format | None:
    """The offered format the client wants most, or None (the caller answers 406)."""
    for media, quality in accepted(header):
        if quality <= 0:
            continue
        if media in {"*/*", "*"}:
            return offered[0]
        for fmt in offered:
            if media == fmt.media_type or media in fmt.aliases:
                return fmt
            if media.endswith("/*") and fmt.media_type.startswith(media[:-1]):
                return fmt
    return None


def by_name(name: str, offered: tuple[Format, ...]) -> Format | None:
    """A format asked for by name (``?format=csv``), as browsers cannot set Accept.

    Unknown names give None and the caller falls back to Accept: clients such as SPARQLWrapper
    send several ``format`` parameters in the conventions of other servers.
    """
    for fmt in offered:
        if name.lower() in {fmt.name, fmt.media_type, *fmt.aliases, *fmt.nicknames}:
            return fmt
    return None
