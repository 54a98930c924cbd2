"""The RDF formats dgkg reads and writes: what the CLI, file names and HTTP call each one.

The registry is apart from ontology.rdfio, which converts and writes, so that a command that only
needs a format's name or media type (`dgkg export` copying the build's dump, most exports) does not
import rdflib with it: a tenth of a second, where the whole copy of a small graph takes less.
"""

from __future__ import annotations

import pyoxigraph as ox


class UnknownFormat(ValueError):
    """A format name, extension or media type that no entry of :data:`FORMATS` answers to."""


_CONTROL_CHARACTERS = {code: repr(chr(code))[1:-1] for code in range(32)}  # "\n" for a line break


class DumpUnreadable(OSError):
    """A file the build wrote into dist/ that is no longer what it wrote: it was changed or cut short
    since (an OSError, as a missing one is: the CLI tells it in one line)."""

    REMEDY = "The build wrote this file, so it was changed or cut short since: `dgkg build` writes it again"

    @classmethod
    def parsing(cls, error: SyntaxError) -> DumpUnreadable:
        """From the parser's error, which names the file and the line."""
        said = error.msg if f"line {error.lineno}" in error.msg else f"line {error.lineno}: {error.msg}"
        # the parser quotes the character it stopped at, which can be a line break: kept to one line
        return cls(f"{error.filename or 'a dump of dist/'}: {said.translate(_CONTROL_CHARACTERS)}. {cls.REMEDY}")

    @classmethod
    def changed(cls, path: object) -> DumpUnreadable:
        """A file whose SHA-256 is not the one the build recorded for it."""
        return cls(f"{path}: its SHA-256 is not the one the build recorded (SHA256SUMS). {cls.REMEDY}")


class Format:
    """One RDF syntax: what the CLI calls it, what HTTP and file names call it, and how to write it.
    A plain class, as every record on `dgkg export`'s way to a copy is (dgkg.cli.Command says why)."""

    def __init__(
        self,
        name: str,  # as the CLI says it: dgkg export --format NAME
        title: str,  # as people write it
        rdf_format: ox.RdfFormat,
        named_graphs: bool,  # keeps the named graphs (the claims with their provenance)
        aliases: tuple[str, ...] = (),  # other media types clients send for it
        nicknames: tuple[str, ...] = (),  # other names users type
    ) -> None:
        self.name = name
        self.title = title
        self.rdf_format = rdf_format
        self.named_graphs = named_graphs
        self.aliases = aliases
        self.nicknames = nicknames

    @property
    def media_type(self) -> str:
        return self.rdf_format.media_type

    @property
    def extension(self) -> str:
        return self.rdf_format.file_extension

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)


# In the order the exports and content negotiation list them.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", "Turtle", ox.RdfFormat.TURTLE, False, ("application/x-turtle",), ("ttl",)),
        Format("trig", "TriG", ox.RdfFormat.TRIG, True, ("application/x-trig",)),
        Format("ntriples", "N-Triples", ox.RdfFormat.N_TRIPLES, False, ("text/plain",), ("nt", "n-triples")),
        Format("nquads", "N-Quads", ox.RdfFormat.N_QUADS, True, (), ("nq", "n-quads")),
        Format("jsonld", "JSON-LD", ox.RdfFormat.JSON_LD, False, ("application/json",), ("json-ld", "json")),
        Format(
            "rdfxml", "RDF/XML", ox.RdfFormat.RDF_XML, False, ("application/xml", "text/xml"), ("rdf", "xml", "rdf+xml", "owl")
        ),
    )
}

# What a static linked-data site writes beside each entity's page (`dgkg export --site`), and
# so what that page links: the formats every RDF client reads, without the named-graph ones.
SITE_FORMATS: tuple[Format, ...] = (FORMATS["turtle"], FORMATS["jsonld"], FORMATS["ntriples"])


def format_named(text: str) -> Format:
    """The format called ``text``: its name, a nickname, its file extension or a media type,
    in any case; :class:`UnknownFormat` lists the formats otherwise."""
    wanted = text.strip().lower()
    for fmt in FORMATS.values():
        if wanted in {fmt.name, fmt.extension, *fmt.nicknames, *fmt.media_types}:
            return fmt
    listed = ", ".join(f"{name} (.{fmt.extension}, {fmt.media_type})" for name, fmt in FORMATS.items())
    raise UnknownFormat(f"unknown RDF format {text!r}; the formats are {listed}")


def format_for_media_type(media_type: str) -> Format | None:
    """The format a media type (without parameters) means; its main type wins over an alias
    (application/json is JSON-LD's alias only)."""
    media_type = media_type.split(";")[0].strip().lower()
    for fmt in FORMATS.values():
        if media_type == fmt.media_type:
            return fmt
    return next((fmt for fmt in FORMATS.values() if media_type in fmt.aliases), None)
