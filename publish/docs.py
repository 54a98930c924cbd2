"""Ontology documentation (dist/docs/index.html): every dgo class and property with its English
and Chinese labels and definitions, super-classes, domain, range and inverse, linked by anchor.

Generated here rather than by pyLODE: pyLODE 3.4.1 fails at import and 3.3.4 would pin other
packages in the shared environment, and its label check ignores language tags (one label per
language is this ontology's rule). A self-contained page with no external references is enough."""

from __future__ import annotations

from html import escape
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SKOS

from graph_build import KnowledgeGraph
from ontology import curie
from ontology import DGO
from viz import navigation_bar

KINDS = [
    (OWL.Class, "Classes 类"),
    (OWL.ObjectProperty, "Object properties 对象属性"),
    (OWL.DatatypeProperty, "Datatype properties 数据属性"),
]
# the owl:Ontology header's metadata, in reading order; a field the header lacks is left out
HEADER = [
    (OWL.versionInfo, "Version"),
    (OWL.versionIRI, "Version IRI"),
    (OWL.priorVersion, "Prior version"),
    (DCTERMS.created, "Created"),
    (DCTERMS.modified, "Modified"),
    (DCTERMS.creator, "Creator"),
    (DCTERMS.publisher, "Publisher"),
    (DCTERMS.license, "License"),
    (DCTERMS.bibliographicCitation, "Cite as"),
]
RELATIONS = [
    (RDFS.subClassOf, "subclass of"),
    (RDFS.subPropertyOf, "subproperty of"),
    (RDFS.domain, "domain"),
    (RDFS.range, "range"),
    (OWL.inverseOf, "inverse of"),
]
# the tables of contents are runs of links with no spaces between them: without wrapping
# (flex-wrap, overflow-wrap: anywhere for long IRIs) the page was 6,638 px wide
STYLE = (
    "body{font-family:system-ui,'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;max-width:60em;"
    "margin:0 auto 2em;padding:0 1em;line-height:1.5;overflow-wrap:anywhere}"
    "section{border-top:1px solid #ccc;padding:.5em 0}code{background:#f4f4f4}dt{font-weight:bold}"
    "nav.terms{display:flex;flex-wrap:wrap;gap:.2em .8em}nav.dgkg-nav{border-bottom:1px solid #ccc}"
)


def _text(g: Graph, term: URIRef, predicate: URIRef, lang: str) -> str:
    values = sorted(str(o) for o in g.objects(term, predicate) if getattr(o, "language", None) == lang)
    return " / ".join(values)


def _link(term: object) -> str:
    if isinstance(term, URIRef) and str(term).startswith(str(DGO)):
        return f'<a href="#{escape(str(term)[len(str(DGO)) :])}">{escape(curie(term))}</a>'
    if isinstance(term, URIRef):
        return f"<code>{escape(curie(term))}</code>"
    return "<em>(anonymous class expression)</em>"


def _header_value(g: Graph, value: object) -> str:
    """An agent by its foaf:name, an IRI as code (the page links to nothing outside), a literal as text."""
    if not isinstance(value, URIRef):
        return escape(str(value))
    name = g.value(value, FOAF.name)
    return f"<code>{escape(str(value))}</code>" if name is None else f"{escape(str(name))} (<code>{escape(curie(value))}</code>)"


def _header(g: Graph) -> str:
    ontology = g.value(predicate=RDF.type, object=OWL.Ontology)
    if ontology is None:
        return ""
    rows = []
    for predicate, name in HEADER:
        values = sorted(g.objects(ontology, predicate), key=str)
        if values:
            rows.append(f"<dt>{name}</dt><dd>{', '.join(_header_value(g, v) for v in values)}</dd>")
    return f'<dl class="header">{"".join(rows)}</dl>'


def _section(g: Graph, term: URIRef) -> str:
    local = str(term)[len(str(DGO)) :]
    rows = [f"<dt>IRI</dt><dd><code>{escape(str(term))}</code></dd>"]
    for lang, name in (("en", "Definition"), ("zh-Hans", "定义")):
        text = _text(g, term, SKOS.definition, lang)
        if text:
            rows.append(f'<dt>{name}</dt><dd lang="{lang}">{escape(text)}</dd>')
    for predicate, name in RELATIONS:
        targets = sorted(g.objects(term, predicate), key=str)
        if targets:
            rows.append(f"<dt>{name}</dt><dd>{', '.join(_link(t) for t in targets)}</dd>")
    return (
        f'<section id="{escape(local)}"><h3>{escape(_text(g, term, RDFS.label, "en"))} · '
        f'<span lang="zh-Hans">{escape(_text(g, term, RDFS.label, "zh-Hans"))}</span> '
        f"<code>dgo:{escape(local)}</code></h3><dl>{''.join(rows)}</dl></section>"
    )


def render(ontology: Graph) -> str:
    """The whole page: a table of contents per kind, then one section per term, in IRI order."""
    parts, nav = [], []
    for kind, title in KINDS:
        terms = sorted(
            (t for t in ontology.subjects(RDF.type, kind) if isinstance(t, URIRef) and str(t).startswith(str(DGO))), key=str
        )
        nav.append(
            f'<h2>{escape(title)} ({len(terms)})</h2><nav class="terms">'
            + "".join(f'<a href="#{escape(str(t)[len(str(DGO)) :])}">{escape(str(t)[len(str(DGO)) :])}</a>' for t in terms)
            + "</nav>"
        )
        parts.append(f"<h2>{escape(title)}</h2>" + "".join(_section(ontology, t) for t in terms))
    head = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>dgkg ontology · 中国数字政府知识图谱本体</title>"
        f"<style>{STYLE}</style></head><body>{navigation_bar('ontology')}"
        f'<h1>dgkg ontology · <span lang="zh-Hans">中国数字政府知识图谱本体</span></h1>'
        f"<p>Namespace <code>{escape(str(DGO))}</code> (prefix <code>dgo:</code>). "
        'Machine-readable: <a href="../ontology.ttl">ontology.ttl</a>, <a href="../ontology.owl">ontology.owl</a>, '
        '<a href="../context.jsonld">JSON-LD context</a>, <a href="../void.ttl">dataset description</a>.</p>' + _header(ontology)
    )
    return head + "".join(nav) + "".join(parts) + "</body></html>\n"


def write_docs(graph: KnowledgeGraph, out: Path) -> None:
    """The build's artifact writer for dist/docs/."""
    (out / "docs").mkdir(exist_ok=True)
    (out / "docs" / "index.html").write_text(render(graph.ontology), encoding="utf-8")
