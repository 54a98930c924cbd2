"""An entity's description as text for a terminal (`dgkg lookup`): names and types, each fact
with the evidence behind it, then what the reasoner adds. Apart from queries.render's tables:
a description is made of rdflib terms (queries.describe), and `dgkg query` needs no rdflib.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.term import Node

from queries.describe import RDF_TYPE, Description, Figure, Statement
from queries.labels import pick
from queries.render import qname

LABEL_PREDICATES = {
    URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"),
    URIRef("http://www.w3.org/2004/02/skos/core#altLabel"),
    URIRef("http://www.w3.org/2004/02/skos/core#hiddenLabel"),
    URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
}


def description(desc: Description, lang: str) -> str:
    """Every fact about an entity: names and types first, then each asserted fact followed by
    the sources and quotes that support it, then what the reasoner adds.

    Inferred facts that only restate an asserted one through an aligned vocabulary
    (schema:audience beside dgo:audience, rdfs:label beside skos:prefLabel) are left out:
    they are in the graph for clients that know only those vocabularies, not news to a reader.
    """
    zh = lang == "zh"
    names = desc.names.get(desc.iri, {})
    title = " · ".join(dict.fromkeys(v for k, v in sorted(names.items()) if k in {"zh-hans", "en"})) or desc.label(desc.iri, lang)
    out = [f"{title}  ({desc.slug(desc.iri)})  <{desc.iri}>"]
    kinds = dict.fromkeys(_term(desc, t, lang) for t in desc.kinds())
    if kinds:
        out.append(f"  {'类型' if zh else 'types'}: {', '.join(kinds)}")
    aliases = dict.fromkeys(
        f"{f.other} [{f.other.language}]" if isinstance(f.other, Literal) and f.other.language else str(f.other)
        for f in desc.facts
        if f.direction == "out" and f.predicate in LABEL_PREDICATES
    )
    if aliases:
        out.append(f"  {'名称' if zh else 'names'}: {'; '.join(aliases)}")
    shown = [
        f for f in desc.shown(lang) if not (f.direction == "out" and (f.predicate in LABEL_PREDICATES or f.predicate == RDF_TYPE))
    ]
    asserted = [f for f in shown if f.origin != "inferred"]
    inferred = [f for f in shown if f.origin == "inferred"]
    if asserted:
        out.append("")
    for fact in asserted:
        out.extend(_fact(desc, fact, lang))
    if inferred:
        out.append(f"\n  {'推理所得' if zh else 'inferred by the reasoner'}:")
        out.extend(_fact(desc, fact, lang)[0] for fact in inferred)
    return "\n".join(out).rstrip() + "\n"


def _term(desc: Description, node: Node, lang: str) -> str:
    """An ontology term by its label, else by its prefixed name (schema:audience)."""
    return pick(desc.names.get(node, {}), lang) or qname(str(node))


def _fact(desc: Description, fact: Statement, lang: str) -> list[str]:
    arrow = "→" if fact.direction == "out" else "←"
    other = desc.label(fact.other, lang)
    if isinstance(fact.other, URIRef) and desc.slug(fact.other) != str(fact.other):
        other += f" ({desc.slug(fact.other)})"
    figure = desc.figures.get(fact.other)
    if figure is not None:
        other += f": {_figure(desc, figure, lang)}"
    lines = [f"  {_term(desc, fact.predicate, lang)} {arrow} {other}"]
    if fact.origin == "derived":  # the build found it (a name in a text): no quote to show
        lines.append("      (由构建推导)" if lang == "zh" else "      (derived by the build)")
    for evidence in fact.evidence:
        source = evidence.source or "?"  # short: the document's slug
        where = f"{source} {evidence.locator}" if evidence.locator else source
        if evidence.quote:
            lines.append(f"      [{where}] “{' '.join(evidence.quote.split())}”")
        elif evidence.citation:
            lines.append(f"      [{'outside the curated texts' if evidence.external else where}] {evidence.citation}")
        else:
            lines.append(f"      [{where}]")
    return lines


def _figure(desc: Description, figure: Figure, lang: str) -> str:
    """A neighbour statistic's number as the source gives it: 超过 70 个 (2022), so a reader
    sees the figure (and whether it is a bound) without looking the statistic up."""
    text = str(figure.value)
    if figure.qualifier is not None:
        text = f"{desc.label(figure.qualifier, lang)} {text}"
    if figure.unit is not None:
        text += f" {figure.unit}"
    if figure.when is not None:
        text += f" ({figure.when})"
    return text
