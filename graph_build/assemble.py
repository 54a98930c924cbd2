"""Records -> claims: resolve slugs, type every value by the ontology, check every quote.

All problems are collected and raised together (BuildFailed), each naming file, line and field.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from graph_build.enumerations import order_errors
from graph_build.errors import BuildFailed, RecordError, SourceLocation
from graph_build.graph import Claim, Triple
from ontology import IriLayout
from graph_build.groups import group_errors
from graph_build.hierarchy import Link, hierarchy_cycles
from graph_build.library import SourceLibrary
from graph_build.precision import precision_errors
from graph_build.qualifiers import qualifier_errors
from graph_build.records import ClaimRecord, EntityDecl, RecordSet, Statement
from graph_build.textmatch import closest_passage, find_quote, paragraphs_spanned
from graph_build.values import ValueProblem, language_map, typed_literal
from graph_build.vocabulary import controlled_terms
from ontology import OntologyIndex, curie
from ontology import DGO

REQUIRED_LANGS = ("zh-Hans", "en")
LANG_FIELDS = {
    "label": (SKOS.prefLabel, True),
    "altLabel": (SKOS.altLabel, False),
    "definition": (SKOS.definition, True),
}
EXTERNAL_SOURCE_CLASSES = (DGO.Document,)


@dataclass
class Entities:
    """Every declared entity: slug -> (declaration, class IRI)."""

    decls: dict[str, EntityDecl]
    classes: dict[str, URIRef]


class Assembler:
    def __init__(self, index: OntologyIndex, library: SourceLibrary, names: IriLayout) -> None:
        self.index = index
        self.library = library
        self.names = names
        self.errors: list[RecordError] = []
        self.links: list[Link] = []  # every entity-to-entity statement, for the hierarchy check

    def error(self, file: str, line: int, field: str, message: str) -> None:
        self.errors.append(RecordError(file, line or None, field, message))

    # -- entities -------------------------------------------------------------------------------
    def declare(self, records: RecordSet) -> Entities:
        decls: dict[str, EntityDecl] = {}
        classes: dict[str, URIRef] = {}
        for decl in records.entities:
            if decl.slug in decls:
                first = decls[decl.slug]
                self.error(
                    decl.file,
                    decl.line,
                    "id",
                    f"slug '{decl.slug}' is already defined at {first.file}:{first.line}; "
                    "a slug is defined once (add facts with 'about:' instead)",
                )
                continue
            decls[decl.slug] = decl
            cls = self.index.resolve_class(decl.class_name)
            if cls is None:
                self.error(
                    decl.file,
                    decl.line,
                    "class",
                    f"unknown class '{decl.class_name}' (expected a class of the ontology, e.g. "
                    "GovernmentBody, MobileApplication, Programme)",
                )
                continue
            classes[decl.slug] = cls
        return Entities(decls, classes)

    # -- claims ---------------------------------------------------------------------------------
    def claim(self, record: ClaimRecord, entities: Entities) -> Claim | None:
        before = len(self.errors)
        subject = self.names.resource(record.subject)
        if record.subject not in entities.decls:
            self.error(
                record.file,
                record.subject_line,
                "about",
                f"unknown slug '{record.subject}' (no entity with this id is defined in sources/records)",
            )
            return None
        triples: list[Triple] = []
        if record.declares_class and record.subject in entities.classes:
            triples.append((subject, RDF.type, entities.classes[record.subject]))
        if record.declares_class:
            for name in ("label", "definition"):
                if not any(st.field == name for st in record.statements):
                    self.error(
                        record.file,
                        record.line,
                        name,
                        f"entity '{record.subject}' needs a {name} in {' and '.join(REQUIRED_LANGS)}",
                    )
        for statement in record.statements:
            triples.extend(self.statement(record, statement, subject, entities))
        provenance = self.evidence(record)
        if len(self.errors) > before or provenance is None:
            return None
        source, quote, lang, locator, external = provenance
        return Claim(
            iri=self.names.claim(record.claim_id or self.claim_id(record, triples)),
            triples=triples,
            source=self.names.resource(source),
            record=SourceLocation(str(record.file), record.line),
            quote=quote,
            quote_lang=lang,
            locator=locator,
            note=record.note,
            citation=record.citation,
            external=external,
        )

    def statement(self, record: ClaimRecord, st: Statement, subject: URIRef, entities: Entities) -> list[Triple]:
        if st.field == "class":
            return []
        if st.field in LANG_FIELDS:
            predicate, required = LANG_FIELDS[st.field]
            if st.field == "altLabel" or not record.declares_class:
                required = False
            try:
                literals = language_map(st.value, required=REQUIRED_LANGS if required else (), single=st.field != "altLabel")
            except ValueProblem as problem:
                self.error(record.file, st.line, st.field, str(problem))
                return []
            triples: list[Triple] = [(subject, predicate, literal) for literal in literals]
            if predicate == SKOS.prefLabel:
                triples += [(subject, RDFS.label, literal) for literal in literals]
            return triples
        prop = self.index.resolve_property(st.field)
        if prop is None:
            self.error(
                record.file,
                st.line,
                st.field,
                f"unknown property '{st.field}' (expected a property of the ontology; see docs/ontology-terms.md)",
            )
            return []
        values = st.value if isinstance(st.value, list) else [st.value]
        triples = []
        terms = controlled_terms(prop.range) if prop.kind == "object" else {}
        for value in values:
            if terms:
                term = self.controlled(record, st, value, terms)
                if term is not None:
                    triples.append((subject, prop.iri, term))
                continue
            if prop.kind == "object":
                target = self.reference(record, st, value, prop.range, entities)
                if target is not None:
                    triples.append((subject, prop.iri, target))
                    self.links.append(Link(record.subject, prop.iri, str(value), record.file, st.line, st.field))
                continue
            try:
                triples.extend((subject, prop.iri, literal) for literal in typed_literal(value, prop.range))
            except ValueProblem as problem:
                self.error(record.file, st.line, st.field, str(problem))
        return triples

    def reference(
        self, record: ClaimRecord, st: Statement, value: object, expected: URIRef | None, entities: Entities
    ) -> URIRef | None:
        if not isinstance(value, str) or value not in entities.decls:
            hint = "" if isinstance(value, str) else f" (got {type(value).__name__})"
            self.error(record.file, st.line, st.field, f"expected the slug of a defined entity, got {value!r}{hint}")
            return None
        actual = entities.classes.get(value)
        if (
            expected is not None
            and actual is not None
            and expected in self.index.classes
            and not self.index.is_a(actual, expected)
        ):
            self.error(
                record.file,
                st.line,
                st.field,
                f"expected an entity of class {curie(expected)}, but '{value}' is a {curie(actual)}",
            )
            return None
        return self.names.resource(value)

    def controlled(self, record: ClaimRecord, st: Statement, value: object, terms: Mapping[str, URIRef]) -> URIRef | None:
        """A term of a closed list the ontology defines, named by its notation."""
        if isinstance(value, str) and value in terms:
            return terms[value]
        self.error(record.file, st.line, st.field, f"expected one of {', '.join(sorted(terms))}, got {value!r}")
        return None

    def evidence(self, record: ClaimRecord) -> tuple[str, str | None, str | None, str | None, bool] | None:
        source = record.source
        if not source:
            self.error(
                record.file, record.line, "source", "every claim needs a source (a document id from sources/documents.yaml)"
            )
            return None
        if source in self.library:
            if not record.quote:
                self.error(
                    record.file, record.line, "quote", f"a claim from '{source}' needs a verbatim quote from its normalised text"
                )
                return None
            text = self.library.texts[source]
            match = find_quote(text, record.quote)
            if match is None:
                self.error(record.file, record.line_of("quote"), "quote", self.quote_missing(source, record.quote))
                return None
            if record.locator and record.locator != match.locator:
                self.error(
                    record.file,
                    record.line_of("locator"),
                    "locator",
                    f"the quote is at {match.locator}, not {record.locator} (omit the locator to have it computed)",
                )
                return None
            return source, match.exact, self.library.languages[source], match.locator, False
        if not record.citation:
            self.error(
                record.file,
                record.line_of("source"),
                "source",
                f"'{source}' is not a curated source text; a claim from outside the five documents "
                "needs 'citation:' (document number, issuer, date, title) and a Document entity as source",
            )
            return None
        return source, record.quote, None, record.locator, True

    def quote_missing(self, source: str, quote: str) -> str:
        """Why find_quote found no paragraph of the source holding the quote."""
        text = self.library.texts[source]
        spanned = paragraphs_spanned(text, quote)
        if spanned is not None:
            first, last = spanned
            return (
                f"runs from ¶{first} to ¶{last} of sources/texts/{source}.txt; a quote must lie within one "
                "paragraph (one line of the text): quote the part that states the fact, or make two claims"
            )
        near = closest_passage(text, quote)
        hint = f"; the closest passage is «{near}»" if near else ""
        return f"not found in sources/texts/{source}.txt (after folding script and spacing){hint}"

    def check_external_sources(self, claims: list[tuple[ClaimRecord, Claim]], entities: Entities) -> None:
        for record, claim in claims:
            if not claim.external:
                continue
            cls = entities.classes.get(record.source or "")
            if cls is None or not any(self.index.is_a(cls, c) for c in EXTERNAL_SOURCE_CLASSES):
                self.error(
                    record.file,
                    record.line_of("source"),
                    "source",
                    f"'{record.source}' must be a defined entity of class Document (or a subclass) "
                    "to serve as an external source",
                )

    def check_documents_defined(self, entities: Entities) -> None:
        """Each curated text is itself an entity, the target of every claim's prov:wasDerivedFrom."""
        for doc_id in sorted(self.library.texts):
            cls = entities.classes.get(doc_id)
            if cls is None or not self.index.is_a(cls, DGO.SourceDocument):
                self.error(
                    "sources/documents.yaml",
                    0,
                    "id",
                    f"source text '{doc_id}' needs a bibliographic record: an entity with id '{doc_id}' "
                    "of class SourceDocument (or JournalArticle) in sources/records/",
                )

    @staticmethod
    def claim_id(record: ClaimRecord, triples: list[Triple]) -> str:
        lines = sorted(" ".join(term.n3() for term in triple) for triple in triples)
        digest = hashlib.sha1("\n".join([record.source or "", *lines]).encode("utf-8")).hexdigest()
        return f"{record.subject}-{digest[:10]}"


def assemble(records: RecordSet, index: OntologyIndex, library: SourceLibrary, names: IriLayout) -> list[Claim]:
    assembler = Assembler(index, library, names)
    entities = assembler.declare(records)
    pairs: list[tuple[ClaimRecord, Claim]] = []
    seen: dict[URIRef, ClaimRecord] = {}
    for record in records.claims:
        claim = assembler.claim(record, entities)
        if claim is None:
            continue
        if claim.iri in seen:
            first = seen[claim.iri]
            assembler.error(record.file, record.line, "id", f"the same claim is already stated at {first.file}:{first.line}")
            continue
        seen[claim.iri] = record
        pairs.append((record, claim))
    assembler.check_external_sources(pairs, entities)
    assembler.check_documents_defined(entities)
    assembler.errors.extend(hierarchy_cycles(assembler.links, index))
    assembler.errors.extend(qualifier_errors(records.claims, index))
    assembler.errors.extend(precision_errors(records, library))
    assembler.errors.extend(order_errors(records.claims, index, library))
    assembler.errors.extend(group_errors(records.entities, records.claims, index))
    if assembler.errors:
        raise BuildFailed(assembler.errors, "assembling claims")
    return [claim for _, claim in pairs]
