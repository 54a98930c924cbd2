"""The published JSON-LD context (dist/context.jsonld): the hand-written part (prefixes, short
keys for skos/rdfs/prov terms) and a key per dgo property of the ontology. ontology.rdfio
compacts every JSON-LD document dgkg writes against it."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import orjson
import pyoxigraph as ox
from rdflib.namespace import OWL, RDF

from ontology import DGO, rdfio

CONTEXT_FILE = Path(__file__).with_name("context.jsonld")
_RDF_TYPE = ox.NamedNode(str(RDF.type))
_KINDS = {ox.NamedNode(str(OWL.ObjectProperty)): {"@type": "@id"}, ox.NamedNode(str(OWL.DatatypeProperty)): {}}


@cache
def base_context() -> dict[str, Any]:
    """The hand-written part of the context: prefixes and short keys for skos/rdfs/prov terms."""
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def context_for(base: str, statements: Iterable[ox.Quad | ox.Triple]) -> dict[str, Any]:
    """The published context: the base part, ``dgr`` at the build's resource base, and every dgo
    property the statements declare, by its local name (object properties coerced to IRIs).
    Taken from the ontology in the data, so the context cannot fall behind it."""
    context = {**base_context(), "dgr": base}
    namespace = str(DGO)
    terms = {}
    for statement in statements:
        subject = statement.subject
        if statement.predicate == _RDF_TYPE and statement.object in _KINDS and isinstance(subject, ox.NamedNode):
            if subject.value.startswith(namespace):
                local = subject.value[len(namespace) :]
                terms[local] = {"@id": f"dgo:{local}", **_KINDS[statement.object]}  # type: ignore[index]
    context.update((key, terms[key]) for key in sorted(terms) if key not in context)
    return context


# The value shapes of RDF in JSON-LD (ontology.rdfio writes them as a JSON-LD processor reads RDF):
# a node reference, a plain string, a typed value, a language-tagged string.
_ID, _STRING, _TYPED, _TAGGED = "@id", "@value", "@type", "@language"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_UNSUPPORTED = {"@context", "@nest", "@index", "@language", "@direction"}


class Compaction:
    """JSON-LD compaction of canonical RDF against a context such as the published one, node by
    node: the document pyld writes (ontology.rdfio), at a fraction of its time. pyld (memoised)
    still decides every term, compact IRI and keyword alias, once per property and kind of value;
    what is written out here is the rest of its compaction algorithm for the contexts it covers
    (``supported``): terms that coerce values to IRIs or a datatype, language maps, no default
    language, no @vocab or @base."""

    def __init__(self, context: dict[str, Any]) -> None:
        self.context = context
        self.processor = rdfio.jsonld_processor()
        options = {"processingMode": "json-ld-1.1"}
        initial = self.processor._get_initial_context(options)
        self.active = self.processor.process_context(initial, {"@context": dict(context)}, options)
        self.mappings: dict[str, Any] = self.active["mappings"]
        self.terms = self.processor._get_inverse_context(self.active)  # the IRIs a term stands for
        self.ids: dict[str, str] = {}
        self.classes: dict[str, str] = {}
        self.rules: dict[tuple[str, str, str | None], tuple[str, bool, bool, Any]] = {}
        self.alias = {k: self.processor._compact_iri(self.active, k) for k in ("@id", "@type", "@value", "@language", "@none")}

    @property
    def supported(self) -> bool:
        return not {"@language", "@direction", "@vocab", "@base"} & self.active.keys() and all(
            m is None
            or not m.get("reverse")
            and not _UNSUPPORTED & m.keys()
            and set(m.get("@container", []))
            <= ({"@language", "@set"} if not str(m.get("@id", "")).startswith("@") else set())  # a keyword's alias has none
            and m.get("@type") not in ("@none", "@json")
            for m in self.mappings.values()
        )

    def node_id(self, iri: str) -> str:
        if iri not in self.ids:
            self.ids[iri] = self.processor._compact_iri(self.active, iri, vocab=False, base="")
        return self.ids[iri]

    def class_name(self, iri: str) -> str:
        if iri not in self.classes:
            self.classes[iri] = self.processor._compact_iri(self.active, iri, vocab=True)
        return self.classes[iri]

    def rule(self, predicate: str, kind: str, detail: str | None) -> tuple[str, bool, bool, Any]:
        """How a value of ``kind`` (with its datatype or language tag as ``detail``) is written under
        ``predicate``: the term, whether in a language map, whether always an array, and the
        function that writes the value (pyld's value compaction)."""
        key = (predicate, kind, detail)
        value: dict[str, str] = {"@id": detail or "_:b"} if kind == _ID else {"@value": ""}
        if kind in (_TYPED, _TAGGED):
            value[kind] = detail  # type: ignore[assignment]
        term = self.processor._compact_iri(self.active, predicate, value, vocab=True)
        mapping = self.mappings.get(term) or {}
        coerce, container = mapping.get("@type"), mapping.get("@container", [])
        write: Any
        if kind == _ID and coerce == "@vocab":
            write = lambda iri: self.processor._compact_iri(self.active, iri, vocab=True, base="")  # noqa: E731
        elif kind == _ID and coerce == "@id":
            write = self.node_id
        elif kind == _ID:
            write = lambda iri: {self.alias["@id"]: self.node_id(iri)}  # noqa: E731
        elif kind == _STRING or kind == _TYPED and coerce == detail:
            write = str
        elif kind == _TYPED:
            datatype = self.processor._compact_iri(self.active, detail, vocab=True)
            write = lambda text: {self.alias["@type"]: datatype, self.alias["@value"]: text}  # noqa: E731
        else:
            write = lambda text: {self.alias["@language"]: detail, self.alias["@value"]: text}  # noqa: E731
        self.rules[key] = (term, "@language" in container, "@set" in container or "@list" in container, write)
        return self.rules[key]

    def node(self, subject: str, values: dict[str, list[tuple[str, str | None, str]]]) -> dict[str, Any]:
        """One node object: id, types, then the properties in the order of their IRIs."""
        out: dict[str, Any] = {self.alias["@id"]: self.node_id(subject)}
        types = values.get(rdfio.RDF_TYPE)
        if types and all(kind == _ID for kind, _, _ in types):  # rdf:type as @type, as a processor reads RDF
            del values[rdfio.RDF_TYPE]
            compact = [self.class_name(iri) for _, _, iri in types]
            out[self.alias["@type"]] = compact[0] if len(compact) == 1 else compact
        rules, terms = self.rules, self.terms
        for predicate in sorted(values):
            for kind, detail, text in values[predicate]:
                key = (predicate, kind, detail if kind != _ID or detail in terms else None)
                term, by_language, as_array, write = rules.get(key) or self.rule(*key)
                item = write(text)
                target = out
                if by_language:
                    target = out.setdefault(term, {})
                    term = detail if kind == _TAGGED and detail else self.alias["@none"]
                    if isinstance(item, dict) and "@value" in item:
                        item = item["@value"]
                if term not in target:
                    target[term] = [item] if as_array else item
                elif isinstance(target[term], list):
                    target[term].append(item)
                else:
                    target[term] = [target[term], item]
        return out

    def nodes(self, quads: Iterable[ox.Quad]) -> Iterator[dict[str, Any]]:
        """The compacted node of each subject of quads in canonical order, in order."""
        subject: Any = None
        values: dict[str, list[tuple[str, str | None, str]]] = {}
        cased: dict[str, str] = {}
        for quad in quads:
            if quad.subject != subject:
                if subject is not None:
                    yield self.node(_id(subject), values)
                subject, values = quad.subject, {}
            value = quad.object
            if type(value) is ox.Literal:
                language = value.language
                if language:
                    tag = cased.get(language) or cased.setdefault(language, rdfio.conventional_case(language))
                    entry: tuple[str, str | None, str] = (_TAGGED, tag, value.value)
                else:
                    datatype = value.datatype.value
                    entry = (_STRING, None, value.value) if datatype == _XSD_STRING else (_TYPED, datatype, value.value)
            else:
                iri = value.value if type(value) is ox.NamedNode else f"_:{value.value}"  # type: ignore[union-attr]
                entry = (_ID, iri, iri)
            values.setdefault(quad.predicate.value, []).append(entry)
        if subject is not None:
            yield self.node(_id(subject), values)


def _id(term: ox.NamedNode | ox.BlankNode) -> str:
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def document(quads: Iterable[ox.Quad], context: dict[str, Any]) -> Iterator[bytes]:
    """The JSON-LD of canonical ``quads`` of the default graph, compacted with ``context``, in
    pieces: the bytes rdfio.serialize writes (``{"@context": …, "@graph": […]}``, indented by two),
    by :class:`Compaction` where it covers the context, one node at a time (a million triples'
    document is never held whole).

    The text is orjson's, which writes what ``json.dumps(…, ensure_ascii=False, indent=2)`` writes
    (tests/test_export.py holds it to that), in Rust: the standard library encodes with an indent
    in Python, a generator per level, which at a million triples took a sixth of the export. A node
    is written at the depth of its place in the array: its lines indented by four more (a string
    never holds a raw line break in JSON)."""
    compaction = Compaction(context)
    if not compaction.supported:
        yield rdfio.serialize_canonical(list(quads), "jsonld", context=context)
        return
    head = orjson.dumps({"@context": context, "@graph": []}, option=orjson.OPT_INDENT_2)
    opening, empty = head[: -len(b"[]\n}")], True
    for node in compaction.nodes(quads):
        text = orjson.dumps(node, option=orjson.OPT_INDENT_2).replace(b"\n", b"\n    ")
        yield (opening + b"[\n    " if empty else b",\n    ") + text
        empty = False
    yield opening + b"[]\n}\n" if empty else b"\n  ]\n}\n"
