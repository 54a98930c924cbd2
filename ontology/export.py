"""Deterministic RDF/XML for ``ontology.owl``: the format Protégé and owlready2 both open.

rdflib's RDF/XML serializers write subjects in hash order, so the same graph gives a
different file on every run and every release diff is noise. This writer sorts subjects and
statements and names blank nodes canonically (rdflib.compare), so equal graphs give equal
bytes. Each subject is a flat ``rdf:Description``; blank nodes are referenced by
``rdf:nodeID``, which every RDF/XML parser reads.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import RDF

from ontology.namespaces import PREFIXES

# A predicate must be written as an XML qualified name, so its IRI has to split into a
# namespace and an NCName local part.
_NCNAME_TAIL = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*$")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _split(predicate: URIRef) -> tuple[str, str]:
    match = _NCNAME_TAIL.search(str(predicate))
    if match is None or match.start() == 0:
        raise ValueError(f"RDF/XML cannot write the predicate <{predicate}> as an XML name")
    return str(predicate)[: match.start()], match.group()


def _prefixes(namespaces: set[str], g: Graph) -> dict[str, str]:
    """Namespace -> prefix: the project's prefixes first, then the graph's, then ns1, ns2 ..."""
    known = {str(ns): prefix for prefix, ns in PREFIXES.items()}
    for prefix, ns in sorted(g.namespaces()):
        if prefix and str(ns) not in known and prefix not in known.values():
            known[str(ns)] = prefix
    chosen: dict[str, str] = {str(RDF): "rdf"}
    generated = 0
    for ns in sorted(namespaces):
        if ns in chosen:
            continue
        if ns in known:
            chosen[ns] = known[ns]
        else:
            generated += 1
            chosen[ns] = f"ns{generated}"
    return chosen


def _node_key(node: object) -> tuple[int, str]:
    order = 0 if isinstance(node, URIRef) else 1 if isinstance(node, BNode) else 2
    if isinstance(node, Literal):
        return order, f"{node}\x00{node.language or ''}\x00{node.datatype or ''}"
    return order, str(node)


def _text(value: str) -> str:
    if _XML_INVALID.search(value):
        raise ValueError(f"RDF/XML cannot hold the control characters in {value!r}")
    return value


def _subject_attribute(node: object) -> str:
    if isinstance(node, BNode):
        return f"rdf:nodeID={quoteattr(str(node))}"
    return f"rdf:about={quoteattr(_text(str(node)))}"


def _property_element(qname: str, obj: object) -> str:
    if isinstance(obj, URIRef):
        return f"    <{qname} rdf:resource={quoteattr(_text(str(obj)))}/>"
    if isinstance(obj, BNode):
        return f"    <{qname} rdf:nodeID={quoteattr(str(obj))}/>"
    assert isinstance(obj, Literal)
    attributes = ""
    if obj.language:
        attributes = f" xml:lang={quoteattr(obj.language)}"
    elif obj.datatype:
        attributes = f" rdf:datatype={quoteattr(str(obj.datatype))}"
    return f"    <{qname}{attributes}>{escape(_text(str(obj)))}</{qname}>"


def to_rdfxml(g: Graph) -> bytes:
    """``g`` as UTF-8 RDF/XML; the same graph always gives the same bytes."""
    canonical = to_canonical_graph(g)
    by_subject: dict[object, list[tuple[URIRef, object]]] = {}
    namespaces: set[str] = set()
    for s, p, o in canonical:
        by_subject.setdefault(s, []).append((p, o))
        namespaces.add(_split(p)[0])
    prefixes = _prefixes(namespaces, g)

    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF"]
    lines += [f"    xmlns:{prefix}={quoteattr(ns)}" for ns, prefix in sorted(prefixes.items(), key=lambda item: item[1])]
    lines[-1] += ">"
    for subject in sorted(by_subject, key=_node_key):
        lines.append(f"  <rdf:Description {_subject_attribute(subject)}>")
        statements = sorted(by_subject[subject], key=lambda po: (po[0] != RDF.type, str(po[0]), _node_key(po[1])))
        for predicate, obj in statements:
            ns, local = _split(predicate)
            lines.append(_property_element(f"{prefixes[ns]}:{local}", obj))
        lines.append("  </rdf:Description>")
    lines.append("</rdf:RDF>")
    return ("\n".join(lines) + "\n").encode("utf-8")
