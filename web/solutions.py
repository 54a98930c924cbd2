"""SELECT results written by Oxigraph's own serialisers, cut at the endpoint's result cap.

Oxigraph serialises only whole result iterators, and the endpoint must stop at the cap (a query
may yield millions of rows). So the engine first writes TSV, where each solution is one line
(the format escapes line breaks and tabs inside terms), into a sink that stops it once it holds
one row more than the cap; the rows kept are read back by Oxigraph's TSV parser and written in
the format the client asked for. Reading rows one by one into Python and writing them there
cost more CPU than most of the endpoint's queries themselves (~1.1 ms per 100 rows).

Oxigraph keeps language tags lower-cased (``zh-hans``); dgkg writes them in BCP 47's
conventional case, as the sources do (``zh-Hans``, ontology.rdfio.conventional_case). The tags
are put back in that case in the written bytes, where each syntax leaves no doubt about what a
tag is: in JSON the value of an ``"xml:lang"`` key (a quote inside a string is escaped), in XML
the attribute of a ``<literal`` element (a ``<`` in text is escaped), and in TSV a ``"@tag``
that ends a field (tabs and line breaks inside a term are escaped). CSV has no tags.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import IO, cast

import pyoxigraph as ox

from ontology import rdfio

FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_TAGS = {
    "json": re.compile(rb'"xml:lang":"([A-Za-z0-9-]+)"'),
    "xml": re.compile(rb'<literal xml:lang="([A-Za-z0-9-]+)"'),
    "tsv": re.compile(rb'"@([A-Za-z0-9-]+)(?=[\t\n])'),
}


class _Enough(Exception):
    """Raised by the sink to stop the engine: it holds every line it needs."""


class _Sink:
    """Takes the engine's TSV until it has ``lines`` whole lines."""

    def __init__(self, lines: int) -> None:
        self.lines = lines
        self.chunks: list[bytes] = []
        self.seen = 0
        self.full = False

    def write(self, data: bytes) -> int:
        if self.full:  # Oxigraph writes its buffer again when a write fails: nothing more is kept
            raise _Enough()
        chunk = bytes(data)
        self.chunks.append(chunk)
        self.seen += chunk.count(b"\n")
        if self.seen >= self.lines:
            self.full = True
            raise _Enough()
        return len(chunk)

    def flush(self) -> None:
        """Oxigraph flushes its writer at the end; the chunks are kept as they come."""


def capped(result: ox.QuerySolutions, format_name: str, cap: int) -> tuple[bytes, bool]:
    """At most ``cap`` solutions of ``result`` in the named format (json, xml, csv, tsv), and
    whether some were cut. Errors of the query's evaluation come out of here (it is lazy)."""
    sink = _Sink(cap + 2)  # the header line, the cap's rows and one more
    try:
        result.serialize(cast(IO[bytes], sink), format=ox.QueryResultsFormat.TSV)  # it calls write and flush only
    except _Enough:
        pass
    lines = b"".join(sink.chunks).split(b"\n", cap + 1)
    cut = len(lines) == cap + 2 and lines[-1] != b""
    tsv = b"\n".join(lines[: cap + 1]) + b"\n" if cut else b"\n".join(lines)
    if format_name == "tsv":
        written = tsv
    else:
        parsed = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
        written = parsed.serialize(format=FORMATS[format_name]) or b""
    tags = _TAGS.get(format_name)
    return (tags.sub(_conventional, written) if tags else written), cut


def _conventional(match: re.Match[bytes]) -> bytes:
    whole, start, end = match.group(0), match.start(1) - match.start(0), match.end(1) - match.start(0)
    return whole[:start] + _cased(whole[start:end]) + whole[end:]


@lru_cache(maxsize=256)
def _cased(tag: bytes) -> bytes:
    return rdfio.conventional_case(tag.decode("ascii")).encode("ascii")
