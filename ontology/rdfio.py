"""RDF in and out for every room: canonical, deterministic output in the formats of ontology.formats.

Every file dgkg writes in an RDF syntax (the build's dist/, `dgkg export`, the linked-data
routes, CONSTRUCT results) goes through :func:`serialize`, which

* renames blank nodes by RDFC-1.0 (pyoxigraph's ``Dataset.canonicalize``), so equal data gives
  equal labels whichever parser or build made it;
* sorts the statements (graph, subject, predicate, object as N-Triples text), so N-Triples and
  N-Quads lines come out sorted and Turtle/TriG group each subject once;
* writes them with pyoxigraph's serializers, which keep every literal's lexical form
  (``"44"^^xsd:decimal`` stays ``"44"``);
* gives language tags their conventional case back (Oxigraph lower-cases them: ``zh-hans``),
  as the sources and BCP 47 write them (``zh-Hans``);
* compacts JSON-LD with pyld against a given context (the published ``context.jsonld``).

So the same data always gives the same bytes, and :func:`parse` reads them back.

>>> fmt = format_named("nt")
>>> fmt.name, fmt.media_type, fmt.named_graphs
('ntriples', 'application/n-triples', False)
>>> text = serialize([ox.Quad(ox.BlankNode("x"), ox.NamedNode("http://e/p"), ox.Literal("数", language="zh-Hans"))], fmt)
>>> text.decode()
'_:c14n0 <http://e/p> "数"@zh-Hans .\\n'
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from ontology.formats import FORMATS, Format, format_named
from ontology.langtags import conventional_case
from ontology.prefixes import DEFAULT_RESOURCE_BASE, PREFIXES

Term = ox.NamedNode | ox.BlankNode | ox.Literal
XSD_STRING = str(XSD.string)
RDF_TYPE = str(RDF.type)


def prefixes_for(base: str = DEFAULT_RESOURCE_BASE) -> dict[str, str]:
    """The prefixes every dgkg file binds: the project's vocabularies, and ``dgr`` at the build's
    resource base."""
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()} | {"dgr": base}


# -- terms ---------------------------------------------------------------------------------


def has_blank_node(quad: ox.Quad) -> bool:
    """Whether a quad's subject or object is a blank node (the only places dgkg puts one)."""
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


def ox_term(node: Node) -> Term:
    """The pyoxigraph term for an rdflib term, lexical form unchanged."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)) if node.datatype else None)
    raise TypeError(f"not an RDF term: {node!r}")


# A JSON string is an N-Triples string: each escape json writes (\" \\ \b \f \n \r \t \uXXXX) is
# one N-Triples has, and with ensure_ascii off every other character is written as itself.
_quoted = json.JSONEncoder(ensure_ascii=False).encode


def ntriples_term(node: Node) -> str:
    """An rdflib term as N-Triples text, as it was given (a language tag keeps its case)."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        text = _quoted(str(node))
        if node.language:
            return f"{text}@{node.language}"
        return f"{text}^^<{node.datatype}>" if node.datatype is not None else text
    if isinstance(node, BNode):
        return f"_:{node}"
    raise TypeError(f"not an RDF term: {node!r}")


def ntriples_text(triples: Iterable[tuple[Node, Node, Node]]) -> bytes:
    """rdflib triples as N-Triples, in the order given (not sorted: not for a file, see serialize).
    For Oxigraph to read into a store: its parser runs without Python's lock, where converting
    each term into a pyoxigraph object (ox_term) holds it and took three times as long."""
    term = ntriples_term
    return "".join([f"{term(s)} {term(p)} {term(o)} .\n" for s, p, o in triples]).encode("utf-8")


def rdflib_term(term: Term) -> Node:
    """The rdflib term for a pyoxigraph term; xsd:string literals become plain literals."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=conventional_case(term.language))
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype))


def _quad(s: Node, p: Node, o: Node, g: Node | None) -> ox.Quad:
    graph = ox.DefaultGraph() if g is None else ox_term(g)
    # rdflib types every position as Node; pyoxigraph checks each position at run time
    return ox.Quad(ox_term(s), ox_term(p), ox_term(o), graph)  # type: ignore[arg-type]


def from_rdflib(source: Graph | Iterable[Sequence[Node | None]], graph_name: Node | None = None) -> list[ox.Quad]:
    """Quads from an rdflib Graph (into ``graph_name``, default graph if None), a Dataset (its
    named graphs kept) or any iterable of rdflib triples or quads (g None: the default graph)."""
    if isinstance(source, Dataset):
        default = source.default_graph.identifier
        quads = []
        for s, p, o, g in source.quads((None, None, None, None)):
            name = g.identifier if isinstance(g, Graph) else g
            quads.append(_quad(s, p, o, None if name is None or name == default else name))
        return quads
    return [_quad(row[0], row[1], row[2], graph_name if len(row) == 3 else row[3]) for row in source]  # type: ignore[arg-type]


def rdflib_quads(quads: Iterable[ox.Quad]) -> list[tuple[Node, Node, Node, Node | None]]:
    """(s, p, o, g) rdflib tuples, g None for the default graph (no RDF-star: dgkg has none)."""
    return [
        (
            rdflib_term(q.subject),  # type: ignore[arg-type]
            rdflib_term(q.predicate),
            rdflib_term(q.object),  # type: ignore[arg-type]
            None if isinstance(q.graph_name, ox.DefaultGraph) else rdflib_term(q.graph_name),
        )
        for q in quads
    ]


# -- canonical form ------------------------------------------------------------------------


def _graph_first(quad: ox.Quad) -> tuple[str, str, str, str]:
    """TriG's order: each graph once, the default graph first."""
    graph = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
    return graph, str(quad.subject), str(quad.predicate), str(quad.object)


def _graph_last(quad: ox.Quad) -> tuple[str, str, str, str]:
    """N-Quads' order: the lines sorted as text (the graph name ends a line)."""
    graph = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
    return str(quad.subject), str(quad.predicate), str(quad.object), graph


def canonical(quads: Iterable[ox.Quad], named_graphs: bool = True, graph_last: bool = False) -> list[ox.Quad]:
    """The distinct quads with RDFC-1.0 blank-node labels, sorted by graph (``graph_last``: by
    subject, the graph last); with ``named_graphs`` False, the distinct triples of every graph
    merged into the default graph (what a triple format holds)."""
    if not named_graphs:
        quads = (ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    dataset = ox.Dataset(quads)
    # RDFC-1.0 is exponential in the worst case only for highly symmetric blank-node graphs; the
    # OWL axioms' lists and restrictions are trees, which it labels in linear time.
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(dataset, key=_graph_last if graph_last else _graph_first)


# -- writing and reading -------------------------------------------------------------------

# A literal in the N-Triples-like syntaxes ends in '"' and its language tag follows an '@'; a '"'
# inside a literal is always escaped, so matching whole literals never starts inside one.
_TAGGED_LITERAL = re.compile(r'("(?:[^"\\\n]|\\.)*"@)([a-z]+(?:-[a-z0-9]+)*)')
_XML_LANG = re.compile(r'(xml:lang=")([^"]+)(")')


def _restore_tag_case(text: str, fmt: Format) -> str:
    if fmt.rdf_format == ox.RdfFormat.RDF_XML:
        return _XML_LANG.sub(lambda m: m.group(1) + conventional_case(m.group(2)) + m.group(3), text)
    return _TAGGED_LITERAL.sub(lambda m: m.group(1) + conventional_case(m.group(2)), text)


def _expanded(node: Any) -> Any:
    """pyoxigraph's JSON-LD as a JSON-LD processor expands it from RDF: rdf:type as ``@type``
    (so the context's ``type`` key and compact class names apply), tags in conventional case."""
    if isinstance(node, list):
        return [_expanded(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {key: conventional_case(v) if key == "@language" else _expanded(v) for key, v in node.items()}
    types = out.get(RDF_TYPE, [])
    if types and all(set(value) == {"@id"} for value in types):
        del out[RDF_TYPE]
        out["@type"] = [*out.get("@type", []), *(value["@id"] for value in types)]
    return out


def jsonld_processor() -> Any:
    """A pyld JSON-LD processor whose IRI compaction is memoised (see :func:`_memoised`)."""
    return _memoised()()


@cache
def _memoised() -> Any:
    """pyld's JSON-LD processor with IRI compaction memoised: pyld picks a term for every value by
    scanning the whole context, though the choice depends only on the property and the value's
    kind (an IRI, a language, a datatype), and writes every IRI by trying every prefix. Same
    output, computed once per property and kind and once per IRI."""
    from pyld import jsonld  # only JSON-LD needs it, and it is slow to import

    COMPLEX_VALUE = {"@list", "@graph", "@preserve", "@index"}  # values whose compaction depends on more than their kind

    class Memoised(jsonld.JsonLdProcessor):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.compacted: dict[tuple[Any, ...], Any] = {}
            self.prefixes: dict[str, list[tuple[str, str]] | None] = {}
            self.inverse: dict[str, Any] = {}

        def _compact_iri(
            self, active_ctx: Any, iri: Any, value: Any = None, vocab: bool = False, base: Any = None, reverse: bool = False
        ) -> Any:
            uuid = active_ctx["_uuid"]
            if uuid not in self.prefixes:
                # no term spelled as a compact IRI and no @vocab: a CURIE is then usable exactly when
                # its prefix is a prefix term, and only the value's kind can change the term chosen
                mappings = active_ctx["mappings"]
                simple = "@vocab" not in active_ctx and not any(":" in term for term in mappings)
                terms = [(t, m["@id"]) for t, m in mappings.items() if m and m.get("_prefix") and isinstance(m.get("@id"), str)]
                self.prefixes[uuid] = terms if simple else None
            prefixes = self.prefixes[uuid]
            if prefixes is None or not isinstance(iri, str):
                return super()._compact_iri(active_ctx, iri, value, vocab, base, reverse)
            inverse = self.inverse.get(uuid) or self.inverse.setdefault(uuid, self._get_inverse_context(active_ctx))
            by_term = vocab and iri in inverse and not iri.startswith("@")  # pyld picks a term by the value's kind
            if not by_term and (value is None or not iri.startswith("@")):
                key: tuple[Any, ...] = (uuid, iri, vocab, base)
            elif by_term and (value is None or isinstance(value, dict) and not value.keys() & COMPLEX_VALUE):
                shown = value or {}
                target = shown.get("@id")  # only an IRI that is itself a term's can change the choice
                kind = (
                    *sorted(shown),
                    shown.get("@language"),
                    shown.get("@direction"),
                    shown.get("@type"),
                    target in inverse and target,
                )
                key = (uuid, iri, value is None, kind, reverse)
            else:
                return super()._compact_iri(active_ctx, iri, value, vocab, base, reverse)
            if key not in self.compacted:
                # pyld's own CURIE rule (shortest, then least), over the prefix terms only
                curies = [f"{term}:{iri[len(start) :]}" for term, start in prefixes if iri.startswith(start) and iri != start]
                if not by_term and curies and not iri.startswith("@"):
                    self.compacted[key] = min(curies, key=lambda curie: (len(curie), curie))
                else:
                    self.compacted[key] = super()._compact_iri(active_ctx, iri, value, vocab, base, reverse)
            return self.compacted[key]

    return Memoised


def _jsonld(quads: list[ox.Quad], context: Mapping[str, Any] | None) -> bytes:
    """Compact JSON-LD against ``context`` by pyld (a full JSON-LD processor: the published
    context's coercions and language maps apply as any client reads them)."""
    expanded = _expanded(json.loads(_oxigraph(quads, ox.RdfFormat.JSON_LD)))
    if context is None:
        document: Any = expanded
    else:
        # pyoxigraph writes expanded JSON-LD already; expanding it again would lower-case the tags
        document = jsonld_processor().compact(
            expanded, {"@context": dict(context)}, {"compactArrays": True, "skipExpansion": True}
        )
        if "@graph" not in document:  # a single node is compacted to the top level: keep one shape
            document = {"@context": document.pop("@context"), "@graph": [document] if document else []}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _oxigraph(
    statements: Iterable[ox.Quad] | Iterable[ox.Triple], fmt: ox.RdfFormat, prefixes: Mapping[str, str] | None = None
) -> bytes:
    text = ox.serialize(statements, format=fmt, prefixes=dict(prefixes or {}))
    assert text is not None  # returned since no output file is given
    return text


def serialize(
    quads: Iterable[ox.Quad],
    fmt: Format | str,
    prefixes: Mapping[str, str] | None = None,
    context: Mapping[str, Any] | None = None,
) -> bytes:
    """The canonical text of ``quads`` in ``fmt`` (see the module docstring). A triple format
    writes the distinct triples of all graphs; ``prefixes`` apply to Turtle, TriG and RDF/XML,
    ``context`` to JSON-LD."""
    fmt = format_named(fmt) if isinstance(fmt, str) else fmt
    rows = canonical(quads, fmt.named_graphs, graph_last=fmt.rdf_format == ox.RdfFormat.N_QUADS)
    if fmt.rdf_format == ox.RdfFormat.JSON_LD:
        return _jsonld(rows, context)
    statements: list[ox.Quad] | list[ox.Triple] = rows if fmt.named_graphs else [q.triple for q in rows]
    text = _oxigraph(statements, fmt.rdf_format, prefixes)
    return _restore_tag_case(text.decode("utf-8"), fmt).encode("utf-8")


def serialize_canonical(
    quads: Iterable[ox.Quad],
    fmt: Format | str,
    prefixes: Mapping[str, str] | None = None,
    context: Mapping[str, Any] | None = None,
) -> bytes:
    """What :func:`serialize` writes, for quads already in canonical form: distinct, with RDFC-1.0
    labels and in ``fmt``'s order, as :func:`canonical` returns them (and as a file that
    :func:`serialize` wrote holds them). Nothing is relabelled or sorted again, and the quads
    stream through Oxigraph; a triple format takes quads of the default graph only."""
    fmt = format_named(fmt) if isinstance(fmt, str) else fmt
    if fmt.rdf_format == ox.RdfFormat.JSON_LD:
        return _jsonld(list(quads), context)
    return conventional_tags(_oxigraph(quads, fmt.rdf_format, prefixes), fmt)


# _TAGGED_LITERAL and _XML_LANG on bytes; each literal can be matched one way only, so its runs are
# possessive (no backtracking) and the matches are the same.
_TAGGED_LITERAL_BYTES = re.compile(rb'("[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"@)([a-z]+(?:-[a-z0-9]+)*)')
_XML_LANG_BYTES = re.compile(rb'(xml:lang=")([^"]+)(")')


def conventional_tags(text: bytes, fmt: Format) -> bytes:
    """``text`` in ``fmt`` (as Oxigraph writes it) with its language tags in conventional case, as
    :func:`serialize` writes them: the same substitution, on bytes, each distinct tag cased once."""
    cased: dict[bytes, bytes] = {}

    def case(tag: bytes) -> bytes:
        if tag not in cased:
            cased[tag] = conventional_case(tag.decode("utf-8")).encode("utf-8")
        return cased[tag]

    if fmt.rdf_format == ox.RdfFormat.RDF_XML:
        return _XML_LANG_BYTES.sub(lambda m: m.group(1) + case(m.group(2)) + m.group(3), text)
    return _TAGGED_LITERAL_BYTES.sub(lambda m: m.group(1) + case(m.group(2)), text)


def parse(source: bytes | str | Path, fmt: Format | str) -> list[ox.Quad]:
    """The quads of ``source`` (file path, or the text itself) in ``fmt``."""
    fmt = format_named(fmt) if isinstance(fmt, str) else fmt
    if isinstance(source, Path):
        return list(ox.parse(path=str(source), format=fmt.rdf_format))
    return list(ox.parse(source, format=fmt.rdf_format))


def write(path: Path, quads: Iterable[ox.Quad], fmt: Format | str | None = None, **options: Any) -> Path:
    """``quads`` serialised into ``path``, in ``fmt`` or the format its extension names."""
    chosen = format_named(fmt or path.suffix.lstrip(".")) if not isinstance(fmt, Format) else fmt
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(serialize(quads, chosen, **options))
    return path


def to_rdfxml(graph: Graph) -> bytes:
    """``graph`` as canonical RDF/XML: ontology.owl, the syntax Protégé and owlready2 both open."""
    return serialize(from_rdflib(graph), FORMATS["rdfxml"], prefixes_for())
