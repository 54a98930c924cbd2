"""What an export reads: the built dist/, never a rebuild.

The build writes its dumps canonical (ontology.rdfio: RDFC-1.0 blank-node labels, statements
sorted): dgkg.trig and dgkg.nq hold every graph but the inferred one, dgkg.nt, dgkg.ttl, dgkg.rdf
and dgkg.jsonld the asserted triples. So an export reads the statements back in the order it
writes them, and canonicalises and sorts only what it adds: the reasoner's inferences
(inferred.ttl) for --inferred. Those name individuals only; were a blank node among them, every
label could change, and the whole is then canonicalised again (ontology.rdfio.canonical)."""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable, Iterator
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from ontology import formats

TRIG = "dgkg.trig"
QUADS = "dgkg.nq"
TRIPLES = "dgkg.nt"
INFERRED = "inferred.ttl"
JSONLD = "dgkg.jsonld"
DUMPS = (TRIG, QUADS, TRIPLES, "dgkg.ttl", "dgkg.rdf", JSONLD)  # the asserted data as the build writes it, canonical
CHECKSUMS = "SHA256SUMS"  # the build's digest of each download (publish.description), as `sha256sum` writes them


class DistMissing(FileNotFoundError):
    """dist/ has not been built (or not completely): the user should run `dgkg build`."""


def _read(path: Path | bytes, fmt: ox.RdfFormat | None = None) -> Iterator[ox.Quad]:
    """The statements of a dump (or of text in ``fmt``, made from the dumps), as they come.
    Lenient: the build wrote and checked them, so Oxigraph need not check every IRI again."""
    if isinstance(path, bytes):
        parsed = ox.parse(path, format=fmt, lenient=True)
    else:
        parsed = ox.parse(path=str(_built(path)), lenient=True)
    try:
        yield from parsed
    except SyntaxError as error:
        raise formats.DumpUnreadable.parsing(error) from None


def _built(path: Path) -> Path:
    if not path.is_file():
        raise DistMissing(f"{path} not found: run `dgkg build` first (or pass --dist to a built dist/)")
    return path


def _sorted_lines(*texts: bytes, distinct: bool = True) -> bytes:
    """The lines of N-Triples or N-Quads texts, sorted (``distinct``: each once): sorting the
    lines as text is sorting by subject, predicate, object, graph (a term never runs into the
    next, and the space after it sorts before any character a term goes on with)."""
    lines = [line for text in texts for line in text.splitlines(keepends=True)]
    return b"".join(sorted(set(lines) if distinct else lines))


def _nquads(quads: Iterable[ox.Quad]) -> bytes:
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""


class GraphData:
    """The exported data of a built dist/: the claim, ontology, provenance and derived graphs
    under their names, and the inferred graph only when asked for. A plain class, as every record
    on `dgkg export`'s way to a copy is (dgkg.cli.Command says why)."""

    def __init__(self, dist: Path, base: str, inferred: bool = False) -> None:
        self.dist = dist
        self.base = base
        self.inferred = inferred

    @cached_property
    def prefixes(self) -> dict[str, str]:
        """The prefixes a written format binds. Imported here, as the conversions need them and a
        copied dump does not: ontology.rdfio spells them with rdflib's namespaces (0.1 s to import)."""
        from ontology import rdfio

        return rdfio.prefixes_for(self.base)

    @property
    def provenance(self) -> ox.NamedNode:
        return ox.NamedNode(self.base + "graph/provenance")

    @cached_property
    def inferences(self) -> list[ox.Quad]:
        """The reasoner's triples, in the inferred graph."""
        graph = ox.NamedNode(self.base + "graph/inferred")
        return [ox.Quad(q.subject, q.predicate, q.object, graph) for q in _read(self.dist / INFERRED)]

    @cached_property
    def quads(self) -> list[ox.Quad]:
        """Every quad, as dgkg.trig holds them (plus the inferred graph when loaded)."""
        return [*_read(self.dist / TRIG), *(self.inferences if self.inferred else [])]

    def triples(self) -> list[ox.Quad]:
        """What a triple-only format holds: what dgkg.ttl holds (facts, derived facts, ontology;
        plus the inferred graph when loaded); the claims' provenance needs the named graphs and
        goes out only in TriG and N-Quads."""
        return [q for q in self.quads if q.graph_name != self.provenance]

    def dump(self, fmt: formats.Format) -> Path | None:
        """The build's file that holds exactly what ``fmt`` holds, canonical, if there is one (a
        dist/ built before dgkg.jsonld and dgkg.rdf were dumps has none of them: the export writes
        them from the others).
        It is copied without being parsed, so it is checked against the digest the build recorded
        for it (DumpUnreadable if another): a dump cut short since would be copied as it is."""
        path = self.dist / f"dgkg.{fmt.extension}"
        if self.inferred or path.name not in DUMPS or not path.is_file():
            return None
        recorded = self.checksums.get(path.name)
        if recorded is not None:
            with path.open("rb") as stream:
                if hashlib.file_digest(stream, "sha256").hexdigest() != recorded:
                    raise formats.DumpUnreadable.changed(path)
        return path

    @cached_property
    def checksums(self) -> dict[str, str]:
        """The digests the build recorded, by file name; none from a build that recorded none."""
        try:
            lines = (self.dist / CHECKSUMS).read_text(encoding="ascii", errors="replace").splitlines()
        except FileNotFoundError:
            return {}
        return {name: digest for digest, _, name in (line.partition("  ") for line in lines) if name}

    @cached_property
    def in_canonical_order(self) -> bool:
        """Whether the dumps' canonical form carries over: the inferences carry no blank node
        (a blank node among them could change every label; the whole is then canonicalised)."""
        return not self.inferred or not any(isinstance(t, ox.BlankNode) for q in self.inferences for t in (q.subject, q.object))

    def lines(self, named_graphs: bool) -> bytes:
        """The canonical N-Quads (``named_graphs``) or N-Triples text of the data (if
        ``in_canonical_order``): the dump's lines, tags in their conventional case, and the added
        inferences' as Oxigraph writes them, in lower case (rdfio.conventional_tags cases those)."""
        added = self.inferences if self.inferred else []
        if named_graphs:
            # dgkg.nq holds each quad once, and the inferred graph is a graph of its own
            return _sorted_lines(_built(self.dist / QUADS).read_bytes(), _nquads(added), distinct=False)
        triples = (q.triple for q in added)
        return _sorted_lines(_nquads(_read(self.dist / TRIPLES)), ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")

    def statements(self, named_graphs: bool) -> Iterable[ox.Quad]:
        """The quads of the data (if ``in_canonical_order``) in canonical form and in TriG's order,
        as rdfio.canonical gives them: the triples of every graph in the default graph unless
        ``named_graphs``."""
        if not named_graphs:
            return _read(self.lines(False), ox.RdfFormat.N_TRIPLES) if self.inferred else _read(self.dist / TRIPLES)
        if not (self.inferred and self.inferences):
            return _read(self.dist / TRIG)
        # one more graph: its statements sorted, in the place of its name among the graphs
        quads = list(_read(self.dist / TRIG))
        added = list(_read(_sorted_lines(_nquads(self.inferences)), ox.RdfFormat.N_QUADS))
        at = bisect.bisect(quads, str(added[0].graph_name), key=_graph_key)
        return [*quads[:at], *added, *quads[at:]]


def _graph_key(quad: ox.Quad) -> str:
    return "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)


def resource_base(dist: Path) -> str:
    """The resource base the build used (dgkg build --base), read from its namespace bindings."""
    # a damaged dump is told by the parse that follows (DumpUnreadable), not by this look at its head
    for line in (dist / TRIG).open(encoding="utf-8", errors="replace"):
        if line.startswith("@prefix dgr: <"):
            return line.split("<", 1)[1].split(">", 1)[0]
        if not line.startswith("@prefix"):
            break
    from ontology import DEFAULT_RESOURCE_BASE  # with rdflib: only for a dump written without the prefix

    return DEFAULT_RESOURCE_BASE


def load(dist: Path, inferred: bool = False) -> GraphData:
    """The data of the built ``dist`` (read when a format asks for it); DistMissing if it is not built."""
    trig = dist / TRIG
    if not trig.is_file():
        raise DistMissing(f"{trig} not found: run `dgkg build` first (or pass --dist to a built dist/)")
    if inferred and not (dist / INFERRED).is_file():
        raise DistMissing(f"{dist / INFERRED} not found: run `dgkg build` first")
    base = resource_base(dist)
    return GraphData(dist, base, inferred)
