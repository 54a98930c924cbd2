"""Which serialisation a client gets, from its Accept header and the kind of result."""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from ontology import formats


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


def _rdf(name: str) -> Format:
    """An RDF syntax as the registry (ontology.formats) knows it: media types and names."""
    syntax = formats.FORMATS[name]
    return Format(syntax.name, syntax.media_type, syntax.aliases, syntax.nicknames)


TURTLE, NTRIPLES, JSONLD, RDFXML = (_rdf(name) for name in ("turtle", "ntriples", "jsonld", "rdfxml"))

# The first format of each list is the default, used for */* or no Accept header.
FOR_SOLUTIONS = (JSON, XML, CSV, TSV)
FOR_BOOLEAN = (JSON, XML, CSV, TSV)
FOR_GRAPH = (TURTLE, NTRIPLES, JSONLD, RDFXML)
RDF_FORMATS = {fmt.name: formats.FORMATS[fmt.name].rdf_format for fmt in FOR_GRAPH}


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The media type of ``offered`` the Accept header prefers, by werkzeug's parser (q-values,
    then specificity, then the order of ``offered``); None when none is acceptable. A missing or
    empty header accepts anything."""
    if not accept or not accept.strip():
        return offered[0]
    best: str | None = parse_accept_header(accept, MIMEAccept).best_match(offered)
    return best


def choose(header: str | None, offered: tuple[Format, ...]) -> Format | None:
    """The offered format the client wants most, aliases included, or None (the caller answers 406)."""
    by_media: dict[str, Format] = {}
    for fmt in offered:  # a media type two formats share (application/json) means the first
        for media in (fmt.media_type, *fmt.aliases):
            by_media.setdefault(media, fmt)
    wanted = negotiate(header, list(by_media))
    return by_media[wanted] if wanted else None


def by_name(name: str, offered: tuple[Format, ...]) -> Format | None:
    """A format asked for by name (``?format=csv``), as browsers cannot set Accept.

    Unknown names give None and the caller falls back to Accept: clients such as SPARQLWrapper
    send several ``format`` parameters in the conventions of other servers.
    """
    for fmt in offered:
        if name.lower() in {fmt.name, fmt.media_type, *fmt.aliases, *fmt.nicknames}:
            return fmt
    return None
