"""Reading the model from a store: one SELECT for the claims, one for the vocabulary.

The same two queries serve every reader: the whole graph for the views (from an in-memory store
of the graph just compiled, or any store) and the claims touching one entity for a description,
from the embedded store or any remote endpoint. Rows come from a ``select`` callable (variable ->
rdflib term), so the model knows nothing of where they come from. A built dist/'s views read
the whole model as its dumps stream instead (read_model_from_quads), with no store: the same
model, which tests/test_model.py holds to the SELECTs'.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from model.graph import Entity, Evidence, Fact, ReadModel
from model.vocabulary import Vocabulary, lang_key
from model.vocabulary import query as vocabulary_query
from ontology import DGO, IriLayout

Row = Mapping[str, Node | None]
Select = Callable[[str], Iterable[Row]]

# rdflib's namespace attributes cost a microsecond each, and the model's loop reads them per triple
TYPE, PREF_LABEL, ALT_LABEL, DEFINITION = RDF.type, str(SKOS.prefLabel), str(SKOS.altLabel), str(SKOS.definition)
LABEL_PREDICATES = {PREF_LABEL, ALT_LABEL, DEFINITION, str(RDFS.label)}
TITLES = (DCTERMS.title, RDFS.label)
_TITLE_PREDICATES = frozenset(TITLES)  # a URIRef hashes as its text does, in C
CLAIM = DGO.Claim
# A claim's evidence in the provenance graph: each property, and the variable it is read into
EVIDENCE = {
    PROV.wasDerivedFrom: "source",
    DGO.quote: "quote",
    DGO.locator: "locator",
    DCTERMS.bibliographicCitation: "citation",
    DGO.outsideCuratedSources: "external",
}
Quad = tuple[Node, Node, Node, str]  # a triple and the IRI of its graph


def read_model(select: Select, layout: IriLayout, about: URIRef | None = None) -> ReadModel:
    """The model of every claim, or (``about``) of the claims whose triples touch one entity,
    with the types of that entity's neighbours so they are entities too."""
    claims: dict[str, list[tuple[Node, Node, Node]]] = defaultdict(list)
    evidence: dict[str, Evidence] = {}
    rows = (row for query in claims_queries(layout, about) for row in select(query))
    for row in rows:
        claim = str(row["claim"])
        claims[claim].append(_triple(row))
        if about is not None and claim not in evidence:
            evidence[claim] = _evidence(claim, row, layout)
    if about is None:  # the whole graph's provenance: one row per claim
        for row in select(f"SELECT ?claim ?source ?quote ?locator ?citation ?external WHERE {{ {_provenance(layout)} }}"):
            claim = str(row["claim"])
            if claim in claims and claim not in evidence:
                evidence[claim] = _evidence(claim, row, layout)
    return _model(claims, evidence, select, layout)


def read_model_from_quads(quads: Iterable[Quad], layout: IriLayout) -> ReadModel:
    """The whole graph's model, the one read_model gives, from the dataset's quads as they stream
    from its dumps (each triple with its graph's IRI) rather than from the SELECTs, which the
    store on disk answers term by term from RocksDB: at a million triples the model took 51 s
    that way and takes 19 s streamed, in less memory (at 100k, 4.0 s and 1.8 s). Nothing is asked
    of a store, so the build reads the model while its store is still being loaded.

    The claims are the graphs the provenance graph types dgo:Claim, and their evidence the
    values the SELECT would join; the vocabulary is read from the ontology's graph and the
    source documents' titles from the title triples of any graph, as their SELECTs read them."""
    provenance, ontology = str(layout.provenance), str(layout.ontology)
    named = {ontology, str(layout.derived), str(layout.inferred)}
    in_graph: dict[str, list[tuple[Node, Node, Node]]] = defaultdict(list)
    typed: set[str] = set()
    values: dict[str, dict[str, Node]] = defaultdict(dict)
    vocabulary: list[tuple[Node, Node, Node]] = []
    titles: list[tuple[Node, Node]] = []
    for s, p, o, graph in quads:
        if p in _TITLE_PREDICATES:
            titles.append((s, o))
        if graph == provenance:
            if p == TYPE and o == CLAIM:
                typed.add(str(s))
            elif (variable := EVIDENCE.get(p)) is not None:  # type: ignore[call-overload]
                values[str(s)].setdefault(variable, o)
        elif graph == ontology:
            vocabulary.append((s, p, o))
        elif graph not in named:
            in_graph[graph].append((s, p, o))
    claims = {claim: triples for claim, triples in in_graph.items() if claim in typed}
    evidence = {claim: _evidence(claim, {v: values[claim].get(v) for v in EVIDENCE.values()}, layout) for claim in claims}
    extraction = _Extraction(claims, evidence, Vocabulary.from_triples(vocabulary), layout)
    return extraction.model(lambda sources: _titles_among(titles, layout, sources))


def _model(
    claims: dict[str, list[tuple[Node, Node, Node]]], evidence: dict[str, Evidence], select: Select, layout: IriLayout
) -> ReadModel:
    vocabulary = Vocabulary.from_triples(_triple(row) for row in select(vocabulary_query(str(layout.ontology))))
    return _Extraction(claims, evidence, vocabulary, layout).model(lambda sources: _titles(select, layout, sources))


def claims_queries(layout: IriLayout, about: URIRef | None = None) -> list[str]:
    """Each claim triple; ``about``: only those touching the entity, and the claimed types of
    whatever they link it to, each row with its claim's provenance. One SELECT per shape of
    triple: as one UNION, Oxigraph joined the provenance of every claim first (a minute for a hub
    at 100k). The whole graph's rows leave the provenance to one row per claim (_provenance):
    joined to every triple, it was read and converted eight times over."""
    if about is None:
        claim = f"GRAPH <{layout.provenance}> {{ ?claim a <{CLAIM}> }}"
        return [f"SELECT ?claim ?s ?p ?o WHERE {{ {claim} GRAPH ?claim {{ ?s ?p ?o }} }}"]
    e = f"<{about}>"
    neighbours = f"SELECT DISTINCT ?s WHERE {{ {{ GRAPH ?near {{ {e} ?p0 ?s }} }} UNION {{ GRAPH ?near {{ ?s ?p0 {e} }} }} }}"
    return [
        _with_provenance(f"GRAPH ?claim {{ {e} ?p ?o }} BIND({e} AS ?s)", layout),
        _with_provenance(f"GRAPH ?claim {{ ?s ?p {e} }} BIND({e} AS ?o)", layout),
        _with_provenance(f"{{ {neighbours} }} GRAPH ?claim {{ ?s a ?o }} BIND(<{RDF.type}> AS ?p)", layout),
    ]


def _with_provenance(triples: str, layout: IriLayout) -> str:
    projection = "?claim ?s ?p ?o ?source ?quote ?locator ?citation ?external"
    return f"SELECT {projection} WHERE {{\n  {triples}\n  {_provenance(layout)}\n}}"


def _provenance(layout: IriLayout) -> str:
    """A claim and its provenance, each part optional but the claim's type."""
    optional = "".join(f"\n    OPTIONAL {{ ?claim <{p}> ?{variable} }}" for p, variable in EVIDENCE.items())
    return f"GRAPH <{layout.provenance}> {{\n    ?claim a <{CLAIM}> .{optional}\n  }}"


def _evidence(claim: str, row: Row, layout: IriLayout) -> Evidence:
    outside = row["external"]
    return Evidence(
        claim=claim,
        source=layout.slug(str(row["source"])) if row["source"] is not None else "",
        quote=_text(row["quote"]),
        locator=_text(row["locator"]),
        citation=_text(row["citation"]),
        # a boolean, which some stores (Virtuoso) return as 1/0
        external=isinstance(outside, Literal) and bool(outside.toPython()),
    )


class _Extraction:
    """One pass over the claims, sorting their triples into entities, naming and facts."""

    def __init__(
        self,
        claims: dict[str, list[tuple[Node, Node, Node]]],
        evidence: dict[str, Evidence],
        vocabulary: Vocabulary,
        layout: IriLayout,
    ) -> None:
        self.claims = {claim: sorted(set(triples), key=_order) for claim, triples in sorted(claims.items())}
        self.evidence = evidence
        self.vocabulary = vocabulary
        self.layout = layout

    def model(self, titles_of: Callable[[set[str]], dict[str, str]]) -> ReadModel:
        classes: dict[str, list[str]] = defaultdict(list)
        for triples in self.claims.values():
            for s, p, o in triples:
                if p == TYPE and isinstance(o, URIRef):
                    classes[self.layout.slug(str(s))].append(str(o))
        entities = {
            slug: Entity(slug=slug, iri=str(self.layout.resource(slug)), cls=_most_specific(types, self.vocabulary))
            for slug, types in sorted(classes.items())
        }
        facts: list[Fact] = []
        naming: list[Fact] = []
        for claim, triples in self.claims.items():
            evidence = self.evidence[claim]
            for s, p, o in triples:
                subject = self.layout.slug(str(s))
                entity = entities.get(subject)
                if entity is None:
                    continue
                if p == TYPE:
                    entity.declared_by = entity.declared_by or evidence
                    naming.append(_value_fact(subject, p, o, evidence))
                elif str(p) in LABEL_PREDICATES and isinstance(o, Literal):
                    _name(entity, str(p), o)
                    naming.append(_value_fact(subject, p, o, evidence))
                elif isinstance(o, URIRef) and self.layout.slug(str(o)) in entities and self.layout.is_entity(str(o)):
                    facts.append(Fact(subject, str(p), evidence, target=self.layout.slug(str(o))))
                else:
                    facts.append(_value_fact(subject, p, o, evidence))
        titles = {e.source: entities[e.source].label("en") for e in self.evidence.values() if e.source in entities}
        titles |= titles_of({e.source for e in self.evidence.values()} - set(titles))
        return ReadModel(self.layout.base, self.vocabulary, entities, facts, titles, naming)


def _name(entity: Entity, predicate: str, label: Literal) -> None:
    tag = lang_key(label)
    if predicate == PREF_LABEL:
        entity.labels[tag] = str(label)
    elif predicate == ALT_LABEL and str(label) not in entity.alt_labels.get(tag, []):
        entity.alt_labels.setdefault(tag, []).append(str(label))
    elif predicate == DEFINITION:
        entity.definitions[tag] = str(label)


def _titles(select: Select, layout: IriLayout, sources: set[str]) -> dict[str, str]:
    """The title of each source document that is not an entity of the graph (else its slug)."""
    # a slug has no colon
    named = [source if ":" in source else str(layout.resource(source)) for source in sorted(sources) if source]
    found: list[tuple[Node, Node]] = []
    if named:
        values = " ".join(f"<{iri}>" for iri in named)
        predicates = " ".join(f"<{p}>" for p in TITLES)
        # within the graphs, as every query of the model asks: a store whose default graph is not
        # their union (a Fuseki, an in-memory store of the dumps) answers the same
        wanted = f"VALUES ?doc {{ {values} }} VALUES ?p {{ {predicates} }}"
        query = f"SELECT ?doc ?title WHERE {{ {wanted} GRAPH ?g {{ ?doc ?p ?title }} }}"
        found = [(row["doc"], row["title"]) for row in select(query)]  # type: ignore[misc]
    return _titles_among(found, layout, sources)


def _titles_among(titled: Iterable[tuple[Node, Node]], layout: IriLayout, sources: set[str]) -> dict[str, str]:
    """Of ``titled`` (a document and one of its titles), each source's first title in code-point
    order, whatever order they come in; the source itself where it has none."""
    titles = dict.fromkeys(sorted(sources), "")
    for doc, title in titled:
        slug = layout.slug(str(doc))
        if slug in titles and str(title):
            titles[slug] = min(filter(None, (titles[slug], str(title))))
    return {source: title or source for source, title in titles.items()}


def _value_fact(subject: str, p: Node, o: Node, evidence: Evidence) -> Fact:
    """A fact whose value is not an entity: a literal (with its language and datatype) or an IRI."""
    if isinstance(o, Literal):
        return Fact(subject, str(p), evidence, value=str(o), lang=o.language, datatype=str(o.datatype) if o.datatype else None)
    return Fact(subject, str(p), evidence, value=str(o), is_iri=True)


def _triple(row: Row) -> tuple[Node, Node, Node]:
    s, p, o = row["s"], row["p"], row["o"]
    if s is None or p is None or o is None:  # the query binds all three: a store that answers otherwise is broken
        raise ValueError(f"the store answered a triple with a part missing: {dict(row)}")
    return s, p, o


def _order(triple: tuple[Node, Node, Node]) -> tuple[str, ...]:
    """Terms by their text, then a literal's language and datatype (one text can be in two)."""
    s, p, o = triple
    extra = (o.language or "", str(o.datatype or "")) if isinstance(o, Literal) else ("", "")
    return (str(s), str(p), str(o), *extra)


def _text(value: Node | None) -> str | None:
    return None if value is None else str(value)


def _most_specific(types: list[str], vocabulary: Vocabulary) -> str:
    """Of several asserted types, the one below the others (ties broken by IRI, for stability)."""
    ranked = sorted(set(types), key=lambda c: (-len(vocabulary.ancestors(c)), c))
    return ranked[0]
