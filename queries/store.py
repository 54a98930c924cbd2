"""The embedded store: Oxigraph on disk in ``dist/store``, written by the build, opened by readers.

Why Oxigraph (pyoxigraph) and not rdflib's engine: loading is ~10x faster, joins and aggregates
25-80x (benchmarks/queries_bench.py measures it on this graph), it persists, and many processes
can open the same store read-only, which the endpoint's worker processes rely on.
The dataset follows SPARQL's own rules, so the answers are those of any standard store: the
default graph is the union of every named graph (claims, ontology, provenance, derived,
inferred) as a set, each triple once, written into the store's default graph by the build;
``GRAPH ?claim { ... }`` reaches one claim's triples; ``FROM``/``FROM NAMED`` (and the
protocol's default-graph-uri/named-graph-uri) replace the dataset. Oxigraph's union-default-
graph option would count a triple once per graph it is in, and let it override ``FROM``.
"""

from __future__ import annotations

import gc
import re
import shutil
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

import ontology
from ontology import IriLayout, formats
from queries.errors import QueryError, QuerySyntaxError, StoreMissing
from queries.labelfile import LABEL_FILE, open_label_file, write_label_file
from queries.labels import LABEL_PROPERTIES, Labels
from queries.mistakes import locate_syntax_error
from queries.results import Rows, graph_document
from queries import storedelta
from queries.storedelta import Difference, PreviousBuild, dumps_key
from queries.sparqltext import DEFAULT_PREFIXES, calls_service
from queries.target import Target

if TYPE_CHECKING:  # the builder's package is heavy to import, and readers never need it
    from rdflib.term import Node

    from graph_build import KnowledgeGraph

STORE_DIR = "store"
RawResult = ox.QuerySolutions | ox.QueryTriples | ox.QueryBoolean


def write_store(out: Path, previous: PreviousBuild | None = None) -> None:
    """The build's store: every named graph of the dataset, inferences included, and their union
    as the default graph, in a persistent store at ``out/store``; then its label index, read from
    the store as a reader would, at ``out/labels.sqlite`` (queries.labelfile), so that readers
    resolve a label without loading them all.

    The quads are read from the dumps the build has just written beside it (dgkg.nq, and
    inferred.ttl into the inferred graph its layout.json names). An incremental build
    (``previous``) copies the store of the dist/ it replaces and changes what differs between
    their dumps (queries.storedelta), when that store was loaded from those dumps in this layout,
    and keeps the previous label file when no label changed; otherwise, and always in a full
    build, every quad is loaded. `dgkg build` runs it in a process of its own, beside its views
    (graph_build.background)."""
    target, inferred = out / STORE_DIR, ox.NamedNode(str(IriLayout.read(out).inferred))
    change = _updated(previous, out, target, inferred) if previous is not None else None
    if change is None:
        _load_dumps(out, target, inferred)
    if previous is not None:
        previous.memo.put("store", dumps_key(out, DUMPS), b"")
    if previous is not None and change is not None and not change.touches(map(str, LABEL_PROPERTIES)):
        shutil.copyfile(previous.dist / LABEL_FILE, out / LABEL_FILE)
    else:
        write_label_file(Store.open(target).label_index, out / LABEL_FILE)


# written by the builder before the store (graph_build.dumps)
DATASET_DUMP, INFERRED_DUMP = "dgkg.nq", "inferred.ttl"
DUMPS = (DATASET_DUMP, INFERRED_DUMP)
LOAD_BATCH = 100_000  # quads per bulk load: Oxigraph's loader holds a batch (~80 MB at this size)
LOAD_BYTES = 16 << 20  # of N-Quads text per bulk load: ~100,000 lines
GRAPH_AT_END = re.compile(rb" <[^ >]*> \.\n")  # an N-Quads line's graph, an IRI (which holds no space)


def _dump_texts(dist: Path) -> Iterator[tuple[bytes, bool]]:
    """The statements of the dumps in ``dist`` as text of whole lines, LOAD_BYTES or LOAD_BATCH
    statements at a time, each with whether it is the inferences': dgkg.nq's N-Quads, then
    inferred.ttl's triples as N-Triples."""
    path = dist / DATASET_DUMP
    try:
        with path.open("rb") as stream:
            while lines := stream.readlines(LOAD_BYTES):
                yield b"".join(lines), False
    except OSError as error:
        raise OSError(f"cannot read {path}: {error}") from None
    inferences = _read(dist / INFERRED_DUMP, ox.RdfFormat.TURTLE)
    while batch := list(islice(inferences, LOAD_BATCH)):
        yield ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES) or b"", True


def _inferences(dist: Path, inferred: ox.NamedNode) -> Iterator[ox.Quad]:
    return (ox.Quad(q.subject, q.predicate, q.object, inferred) for q in _read(dist / INFERRED_DUMP, ox.RdfFormat.TURTLE))


def _read(path: Path, fmt: ox.RdfFormat) -> Iterator[ox.Quad]:
    """The quads of a dump, read leniently; a file that cannot be read is named (Oxigraph's
    error does not say which)."""
    try:
        yield from ox.parse(path=path, format=fmt, lenient=True)
    except OSError as error:
        raise OSError(f"cannot read {path}: {error}") from None


def _dump_lines(dist: Path, inferred: ox.NamedNode) -> tuple[Iterator[str], Iterator[str]]:
    """The statements of the dumps in ``dist`` as N-Quads lines, each dump sorted: dgkg.nq's
    lines as written, and the inferences' (inferred.ttl is sorted by triple, and so are they)."""
    return _lines(dist / DATASET_DUMP), (f"{quad} .\n" for quad in _inferences(dist, inferred))


def _lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8", newline="") as stream:
        yield from stream


def dataset_quads(dist: Path, inferred: str) -> Iterator[tuple["Node", "Node", "Node", str]]:
    """Each quad of the named graphs in the dataset's dumps in ``dist`` (dgkg.nq, then
    inferred.ttl's triples in the graph ``inferred``: every graph GRAPH ?g reads), as rdflib terms
    and the IRI of its graph, as Oxigraph parses the files: the store on disk, answering a SELECT
    of every claim, looks each term up in RocksDB, five times slower. Not leniently, as
    the store is loaded: these terms go on to rdflib one by one, and in a dump cut short a lenient
    parse gives a term that is no IRI before it stops at the error."""
    terms = TermCache()
    for name, fmt in ((DATASET_DUMP, ox.RdfFormat.N_QUADS), (INFERRED_DUMP, ox.RdfFormat.TURTLE)):
        try:
            for quad in ox.parse(path=dist / name, format=fmt):
                graph = quad.graph_name
                if isinstance(graph, ox.NamedNode):  # as GRAPH ?g reads (the build writes no other)
                    yield terms[quad.subject], terms[quad.predicate], terms[quad.object], graph.value
                elif name == INFERRED_DUMP:
                    yield terms[quad.subject], terms[quad.predicate], terms[quad.object], inferred
        except SyntaxError as error:
            raise formats.DumpUnreadable.parsing(error) from None
        except OSError as error:
            raise StoreMissing(f"cannot read {dist / name}: {error}") from None


def _load_dumps(dist: Path, target: Path, inferred: ox.NamedNode) -> None:
    """Every quad of the dumps into a fresh store, each with its triple in the default graph, a
    batch of text at a time (Oxigraph's loader fed a whole file holds a million quads per
    thread: 1.5 GB at a million triples)."""
    store = ox.Store(str(target))
    for text, inferences in _dump_texts(dist):
        _load_text(store, text, inferred if inferences else None)
    store.optimize()
    del store  # closes the database before dist/ is swapped in
    gc.collect()


def _load_text(store: ox.Store, text: bytes, graph: ox.NamedNode | None) -> None:
    """N-Quads lines into their graphs (or N-Triples lines into ``graph``), and their triples into
    the default graph. Oxigraph's bulk loader reads text faster than Python can hand it terms
    (the whole load: 7.0 -> 5.2 s at 100k triples, 74 -> 62 s at a million), but it names each
    load's blank nodes afresh: the lines that may hold one (the
    ontology's axioms, a few hundred) go in as the terms of one parse instead, so that an axiom's
    node in the default graph is the node of its own graph."""
    fmt = ox.RdfFormat.N_QUADS if graph is None else ox.RdfFormat.N_TRIPLES
    if b"_:" in text:
        lines = text.splitlines(keepends=True)
        parsed = ox.parse(b"".join(line for line in lines if b"_:" in line), fmt, lenient=True)
        _extend(
            store, _with_union(parsed if graph is None else (ox.Quad(q.subject, q.predicate, q.object, graph) for q in parsed))
        )
        text = b"".join(line for line in lines if b"_:" not in line)
    # lenient: the build's own writers wrote the dumps, from terms Oxigraph had checked
    store.bulk_load(text, fmt, to_graph=graph, lenient=True)
    store.bulk_load(text if graph is not None else GRAPH_AT_END.sub(b" .\n", text), ox.RdfFormat.N_TRIPLES, lenient=True)


def _updated(previous: PreviousBuild, out: Path, target: Path, inferred: ox.NamedNode) -> Difference | None:
    """The previous build's store, changed into this build's at ``target``, and the change; None
    (nothing at ``target``) if the previous store was not loaded from the previous dumps in this
    layout, or the two builds differ by too much to be worth it."""
    old = previous.dist
    try:
        if not (old / STORE_DIR).is_dir() or not (old / LABEL_FILE).is_file():
            return None
        if previous.memo.get("store", dumps_key(old, DUMPS)) is None:
            return None
        change = storedelta.difference(zip(_dump_lines(old, inferred), _dump_lines(out, inferred), strict=True))
        if change is None:
            return None
        storedelta.copy_store(old / STORE_DIR, target)
        store = ox.Store(str(target))
        storedelta.apply(store, change)
        storedelta.compact_if_fragmented(store, target)
        del store
        gc.collect()
        return change
    except (OSError, SyntaxError, storedelta.NotSorted):
        storedelta.discard(target)  # a dump that no longer reads, a store that does not open: load afresh
        return None


def _with_union(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """Each quad, then its triple in the default graph, which keeps it once however many graphs
    hold it."""
    default = ox.DefaultGraph()
    for quad in quads:
        yield quad
        yield ox.Quad(quad.subject, quad.predicate, quad.object, default)


def _extend(store: ox.Store, quads: Iterator[ox.Quad]) -> None:
    while batch := list(islice(quads, LOAD_BATCH)):
        store.bulk_extend(batch)


def _load(store: ox.Store, graph: "KnowledgeGraph") -> None:
    """A compiled graph's quads, inferences included, and their union in the default graph, into
    an in-memory store (no dumps to load from), converted from the graph's rdflib terms."""
    ox_term, name = ontology.rdfio.ox_term, ox.NamedNode(graph.names.inferred)

    def quads() -> Iterator[ox.Quad]:
        yield from graph.iter_quads()
        yield from (ox.Quad(ox_term(s), ox_term(p), ox_term(o), name) for s, p, o in graph.inferred)  # type: ignore[arg-type]

    _extend(store, _with_union(quads()))


def check_syntax(query: str, origin: str = "query") -> None:
    """Raise QuerySyntaxError (line, column, caret) if ``query`` does not parse.

    Parsing runs the query on an empty in-memory store: pyoxigraph has no parse-only call.
    A query with SERVICE is not tried, as Oxigraph would make the HTTP call to parse it.
    """
    if calls_service(query):
        return
    try:
        ox.Store().query(query, prefixes=DEFAULT_PREFIXES)
    except SyntaxError as error:
        raise syntax_error(error, query, origin) from None
    except (OSError, RuntimeError, ValueError, TypeError):
        pass  # parsed; evaluation problems show up where the query really runs


def syntax_error(error: SyntaxError, query: str, origin: str = "query") -> QuerySyntaxError:
    line, column, detail = locate_syntax_error(query, str(error))
    return QuerySyntaxError(detail, line, column, query, origin)


class TermCache(dict):
    """pyoxigraph term -> rdflib term, each converted once: building an rdflib ``Literal`` costs
    microseconds (it parses the lexical form into a Python value), and the same IRIs and labels
    come back in row after row and query after query. Emptied when full, so it stays bounded.
    None (an unbound variable) stays None."""

    LIMIT = 50_000  # some 20 MB of terms

    def __missing__(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Node | None:
        if term is None:
            return None
        if len(self) >= self.LIMIT:
            self.clear()
        converted = self[term] = ontology.rdfio.rdflib_term(term)
        return converted


class Store(Target):
    """A dgkg store: SELECT rows as dicts of rdflib terms or of its own (Oxigraph's), raw results
    for serialisers."""

    def __init__(self, store: ox.Store, path: Path | None = None) -> None:
        self._store = store
        self.path = path
        self._terms = TermCache()

    @classmethod
    def open(cls, path: Path, read_only: bool = True) -> "Store":
        if not path.is_dir():
            raise StoreMissing(f"no store at {path}: run `dgkg build` first")
        try:
            store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except OSError as error:
            raise StoreMissing(f"cannot open the store at {path}: {error}") from None
        return cls(store, path)

    @classmethod
    def from_dist(cls, dist: Path) -> "Store":
        return cls.open(dist / STORE_DIR)

    @classmethod
    def from_graph(cls, graph: "KnowledgeGraph") -> "Store":
        """An in-memory store of a compiled graph (tests, benchmarks)."""
        store = ox.Store()
        _load(store, graph)
        return cls(store)

    def _label_file(self) -> Labels | None:
        return None if self.path is None else open_label_file(self.path.parent, self.path, self.base)

    def query_raw(self, query: str) -> RawResult:
        """Oxigraph's own result object (solutions, triples or boolean) over the dataset.

        The text is tried as written first, and with dgkg's predeclared prefixes only when it
        does not parse: handing Oxigraph the prefixes costs ~8 µs a query (it reads the whole
        mapping each time), a quarter of a small library question, while the questions declare
        their prefixes. Either way the query means the same: the predeclared prefixes only
        resolve names the text leaves undeclared, and such a text does not parse without them.
        """
        try:
            try:
                return self._store.query(query)
            except SyntaxError:
                return self._store.query(query, prefixes=DEFAULT_PREFIXES)
        except SyntaxError as error:
            raise syntax_error(error, query) from None
        except (OSError, RuntimeError, ValueError) as error:
            raise QueryError(f"the query failed: {error}") from None

    def _solved(self, query: str) -> tuple[list[str], ox.QuerySolutions]:
        result = self.query_raw(query)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("select() needs a SELECT query; use query_raw() for ASK, CONSTRUCT, DESCRIBE")
        return [v.value for v in result.variables], result

    def solutions(self, query: str) -> Rows:
        variables, result = self._solved(query)
        return Rows(variables, (dict(zip(variables, solution, strict=True)) for solution in result))

    def _select(self, query: str) -> Rows:
        variables, result = self._solved(query)
        terms = self._terms
        return Rows(variables, ({var: terms[t] for var, t in zip(variables, solution, strict=True)} for solution in result))

    def ask(self, query: str) -> bool:
        result = self.query_raw(query)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("ask() needs an ASK query")
        return bool(result)

    def construct(self, query: str, media_type: str = "text/turtle") -> bytes:
        result = self.query_raw(query)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("construct() needs a CONSTRUCT or DESCRIBE query")
        return graph_document(result, media_type)

    def named_graphs(self) -> list[ox.NamedNode]:
        return sorted((g for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)

    def triples(self, graph: ox.NamedNode | ox.DefaultGraph) -> Iterator[ox.Triple]:
        """Triples of one graph; ``ox.DefaultGraph()``: every triple of the dataset, once."""
        for quad in self._store.quads_for_pattern(None, None, None, graph):
            yield quad.triple

    def __len__(self) -> int:
        """Quads in the named graphs (the default graph repeats them)."""
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, None)) - self.default_size()

    def default_size(self) -> int:
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
