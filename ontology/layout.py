"""Where dgkg mints IRIs under its resource base: the contract every room reads instead of
cutting IRI strings itself.

    >>> layout = IriLayout("https://w3id.org/dgkg/resource/")
    >>> layout.resource("zheliban")
    rdflib.term.URIRef('https://w3id.org/dgkg/resource/zheliban')
    >>> layout.slug("https://w3id.org/dgkg/resource/zheliban")
    'zheliban'
    >>> layout.graph_kind(layout.claim("c0042")), layout.graph_kind(layout.inferred)
    ('claim', 'inferred')
    >>> layout.is_entity(layout.claim("c0042")), layout.is_entity(layout.resource("zheliban"))
    (False, True)

The build records its layout in ``dist/layout.json``; a store without ``dist/`` (a remote
endpoint) is read by the name of its ontology graph (:meth:`IriLayout.from_ontology_graph`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ontology.formats import DumpUnreadable
from ontology.prefixes import DEFAULT_RESOURCE_BASE

if TYPE_CHECKING:
    from rdflib import URIRef

LAYOUT_FILE = "layout.json"
GraphKind = Literal["ontology", "provenance", "inferred", "derived", "claim"]
# The paths under the base that the build uses for itself; everything else there is an entity.
CLAIMS, MENTIONS, ACTIVITIES, GRAPHS = "claim/", "mention/", "activity/", "graph/"
INTERNAL_PATHS = (CLAIMS, MENTIONS, ACTIVITIES, GRAPHS)
FIXED_GRAPHS: tuple[GraphKind, ...] = ("ontology", "provenance", "inferred", "derived")


def _iri(text: str) -> URIRef:
    """An IRI the layout mints, as the rdflib term the builder adds to its graphs. rdflib is
    imported here, when the first is made: `dgkg query` reads a layout's base and slugs only."""
    from rdflib import URIRef

    return URIRef(text)


class LayoutMissing(FileNotFoundError):
    """dist/ has no layout.json: it was not written by `dgkg build`."""


@dataclass(frozen=True)
class IriLayout:
    base: str = DEFAULT_RESOURCE_BASE

    def resource(self, slug: str) -> URIRef:
        return _iri(self.base + slug)

    def slug(self, iri: str) -> str:
        """The slug of an IRI minted under the base; any other IRI as it is."""
        text = str(iri)  # a URIRef's own startswith does not take a tuple; all take a plain str
        return text[len(self.base) :] if text.startswith(self.base) else text

    def claim(self, claim_id: str) -> URIRef:
        return _iri(self.base + CLAIMS + claim_id)

    def graph(self, kind: GraphKind) -> URIRef:
        """One of the fixed named graphs (a claim graph is named by :meth:`claim`)."""
        return _iri(self.base + GRAPHS + kind)

    @property
    def ontology(self) -> URIRef:
        return self.graph("ontology")

    @property
    def provenance(self) -> URIRef:
        return self.graph("provenance")

    @property
    def inferred(self) -> URIRef:
        return self.graph("inferred")

    @property
    def derived(self) -> URIRef:
        return self.graph("derived")

    def graph_kind(self, iri: str) -> GraphKind | None:
        """What a named graph holds, or None for a name the build does not use."""
        local = self.slug(iri)
        if local == str(iri):
            return None
        if local.startswith(CLAIMS):
            return "claim"
        kind = local[len(GRAPHS) :] if local.startswith(GRAPHS) else None
        return next((fixed for fixed in FIXED_GRAPHS if fixed == kind), None)

    def is_internal(self, iri: str) -> bool:
        """A node the build made for its own bookkeeping (a claim, a mention, a graph name)."""
        return str(iri).startswith(tuple(self.base + path for path in INTERNAL_PATHS))

    def is_entity(self, iri: str) -> bool:
        """An IRI under the base that names something the graph describes."""
        return str(iri).startswith(self.base) and str(iri) != self.base and not self.is_internal(iri)

    @classmethod
    def from_ontology_graph(cls, name: str) -> IriLayout | None:
        """The layout whose ontology graph is called ``name``, if it is one."""
        suffix = GRAPHS + "ontology"
        return cls(name[: -len(suffix)]) if name.endswith(suffix) else None

    def write(self, dist: Path) -> Path:
        path = dist / LAYOUT_FILE
        graphs = {kind: str(self.graph(kind)) for kind in FIXED_GRAPHS}
        document = {"base": self.base, "graphs": graphs, "claims": self.base + CLAIMS, "internal": list(INTERNAL_PATHS)}
        path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        return path

    @classmethod
    def read(cls, dist: Path) -> IriLayout:
        path = dist / LAYOUT_FILE
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise LayoutMissing(f"{path} not found: run `dgkg build` first (or pass --dist to a built dist/)") from None
        except ValueError as error:  # not JSON, or not UTF-8
            raise DumpUnreadable(f"{path}: not the layout the build wrote ({error}). {DumpUnreadable.REMEDY}") from None
        base = document.get("base") if isinstance(document, dict) else None
        if not isinstance(base, str):
            raise DumpUnreadable(f"{path}: names no IRI base. {DumpUnreadable.REMEDY}")
        return cls(base)
