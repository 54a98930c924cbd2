"""RDF/XML written from sorted triples (one rdf:Description per subject) for the same reason
as the text formats: rdflib's XML serialiser walks subjects in hash order."""
from __future__ import annotations

import re
from itertools import groupby
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

_NCNAME_TAIL = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def _split(predicate: str) -> tuple[str, str]:
    """Namespace and local name of a predicate; RDF/XML cannot write one without a local name."""
    for cut in range(len(predicate) - 1, 0, -1):
        if predicate[cut - 1] in "#/" and _NCNAME_TAIL.match(predicate[cut:]):
            return predicate[:cut], predicate[cut:]
    raise ValueError(f"predicate {predicate} has no XML local name; RDF/XML cannot express it")


def rdfxml(triples: list[tuple[Node, Node, Node]], prefixes: dict[str, str]) -> str:
    namespaces = {ns: prefix for prefix, ns in prefixes.items()}
    namespaces[RDF_NS] = "rdf"
    used: dict[str, str] = {RDF_NS: "rdf"}
    body: list[str] = []
    for subject, rows in groupby(triples, key=lambda t: t[0]):
        about = (f"rdf:nodeID={quoteattr(str(subject))}" if isinstance(subject, BNode)
                 else f"rdf:about={quoteattr(str(subject))}")
        body.append(f"  <rdf:Description {about}>\n")
        for _, predicate, obj in rows:
            ns, local = _split(str(predicate))
            prefix = used.setdefault(ns, namespaces.get(ns) or f"ns{len(used)}")
            tag = f"{prefix}:{local}"
            body.append(f"    <{tag}{_object(obj, tag)}\n")
        body.append("  </rdf:Description>\n")
    declarations = "".join(f"\n    xmlns:{prefix}={quoteattr(ns)}" for ns, prefix in sorted(used.items(), key=lambda i: i[1]))
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF{declarations}>\n'
            + "".join(body) + "</rdf:RDF>\n")


def _object(obj: Node, tag: str) -> str:
    """The rest of a property element after its tag: attributes and content or a self-close."""
    if isinstance(obj, URIRef):
        return f" rdf:resource={quoteattr(str(obj))}/>"
    if isinstance(obj, BNode):
        return f" rdf:nodeID={quoteattr(str(obj))}/>"
    assert isinstance(obj, Literal)
    if obj.language:
        attrs = f" xml:lang={quoteattr(obj.language)}"
    elif obj.datatype and obj.datatype != XSD.string:
        attrs = f" rdf:datatype={quoteattr(str(obj.datatype))}"
    else:
        attrs = ""
    return f"{attrs}>{escape(str(obj))}</{tag}>"
