"""What every place the graph can be asked has in common: the embedded store and remote endpoints.

Subclasses only run SPARQL text (:meth:`Target._select`); binding parameters, resolving labels,
lookup and describe are written once here, so a question means the same thing wherever it runs.
Its own questions (a layout, labels, a class's instances) read the target's rows as they come
(:meth:`Target.solutions`), in the terms of either library, so that binding a parameter needs no
rdflib; Python callers get rdflib terms.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING

import pyoxigraph as ox

import ontology
from ontology import IriLayout
from queries.labels import PREF_LABEL, Binding, Entity, LabelIndex, Labels, label_query, resolve_entity
from queries.library import Question, bind_terms
from queries.results import Rows
from queries.terms import Term, iri_of, is_term

if TYPE_CHECKING:
    from queries.describe import Description

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
BOUND_TEXTS = 256  # (question, values) pairs a target remembers the bound text of
ONTOLOGY_GRAPHS = "SELECT DISTINCT ?graph WHERE { GRAPH ?graph { ?ontology a <http://www.w3.org/2002/07/owl#Ontology> } }"


class Target(ABC):
    """Something that answers SPARQL SELECT queries over the dgkg dataset."""

    @abstractmethod
    def _select(self, query: str) -> Rows:
        """Run SPARQL text as is (the default graph being the union of all graphs): rows of
        rdflib terms."""

    def solutions(self, query: str) -> Rows:
        """Rows of SPARQL text as is, in the target's own terms, for what reads them through
        queries.terms (the results formats, tables, labels): the embedded store's are Oxigraph's,
        never converted; a remote endpoint's are rdflib's, as parsed."""
        return self._select(query)

    @abstractmethod
    def ask(self, query: str) -> bool:
        """The answer to an ASK query."""

    @abstractmethod
    def construct(self, query: str, media_type: str = "text/turtle") -> bytes:
        """The graph of a CONSTRUCT or DESCRIBE query, serialised (Turtle, N-Triples, JSON-LD)."""

    @cached_property
    def layout(self) -> IriLayout:
        """Where the build minted its IRIs, read from the name of its ontology graph."""
        for row in self.solutions(ONTOLOGY_GRAPHS):
            layout = IriLayout.from_ontology_graph(iri_of(row["graph"]) or "")
            if layout is not None:
                return layout
        return IriLayout()

    @property
    def base(self) -> str:
        return self.layout.base

    def slug(self, iri: str) -> str:
        """The slug of an entity's IRI; any other IRI as it is."""
        return self.layout.slug(iri)

    @cached_property
    def labels(self) -> Labels:
        """Where labels are looked up: the build's label file when the target has one, else
        every label, loaded from the target on first use."""
        return self._label_file() or self.label_index

    def _label_file(self) -> Labels | None:
        """The label index the build persisted beside this target, if it has one."""
        return None

    @cached_property
    def label_index(self) -> LabelIndex:
        """Every label of every entity, in memory (a second or more at 100k triples)."""
        return LabelIndex.from_rows(self.base, self.solutions(label_query(self.base)))

    def select(self, query: str, params: Mapping[str, str | Term] | None = None) -> Rows:
        """Rows of a SELECT query, as dicts of rdflib terms (None where unbound).

        ``params`` binds variables: a term (of rdflib or Oxigraph) as is, a string as the entity
        it names (slug, IRI, or any label in either script, English or pinyin).
        """
        bindings = [
            value if is_term(value) else self.resolve(name, str(value), None).term for name, value in (params or {}).items()
        ]
        text = bind_terms(query, dict(zip(params or {}, bindings, strict=True)))
        return self._select(text)

    def run(self, question: Question, params: Mapping[str, str | Term] | None = None) -> Rows:
        """A library question's rows; ``rows.bindings`` says how each parameter was read (rdflib
        terms in both)."""
        key = (question, tuple((params or {}).items()))
        bound = self._bound.get(key)
        if bound is None:
            text, bindings = question.bind(params or {}, self.resolve)
            if len(self._bound) >= BOUND_TEXTS:
                self._bound.clear()
            bound = self._bound[key] = (text, tuple(bindings))
        rows = self._select(bound[0])
        rows.bindings = [_in_rdflib(binding) for binding in bound[1]]
        return rows

    @cached_property
    def _bound(self) -> dict[tuple[Question, tuple[tuple[str, str | Term], ...]], tuple[str, tuple[Binding, ...]]]:
        """The bound text of each question asked with the same values before, and how they were
        read. Binding resolves labels, checks the entity's class with a query and splices the
        values into the text, several times the run of a small question; like ``labels``, the
        answer is taken to hold for the target's life."""
        return {}

    def resolve(self, name: str, value: str, cls: str | None) -> Binding:
        """How a parameter's value is read: the entity it names (an instance of ``cls`` when
        given), as Oxigraph's term, the one bound into the query's text."""
        named = self._entity_with_slug(value, cls)
        if named is not None:
            return Binding(name, value, ox.NamedNode(named))
        keep = None if cls is None else (lambda iris: self._instances(iris, cls))
        return resolve_entity(self.labels, name, value, keep)

    def _entity_with_slug(self, value: str, cls: str | None) -> str | None:
        """The entity whose slug ``value`` is (an instance of ``cls`` when given), found by one
        indexed query that checks the class too: a slug is an entity's identity, so it needs
        neither the label index nor its pinyin (which take a second to load)."""
        if not SLUG.match(value):
            return None
        iri = self.base + value
        typed = "" if cls is None else f" VALUES ?type {{ {self._types(cls)} }} <{iri}> a ?type ."
        return iri if self.ask(f"ASK {{ <{iri}> <{PREF_LABEL}>|<{RDFS_LABEL}> ?label .{typed} }}") else None

    @cached_property
    def _subclasses(self) -> dict[str, set[str]]:
        """Each class's direct subclasses, asked once. The closure is taken here rather than
        with a property path (``a/rdfs:subClassOf*``), which Virtuoso 7 evaluates wrongly."""
        found: dict[str, set[str]] = {}
        for row in self.solutions(f"SELECT DISTINCT ?sub ?super WHERE {{ ?sub <{SUBCLASS_OF}> ?super }}"):
            sub, sup = iri_of(row["sub"]), iri_of(row["super"])
            if sub is not None and sup is not None:
                found.setdefault(sup, set()).add(sub)
        return found

    def _types(self, cls: str) -> str:
        """``cls`` and its subclasses, as IRIs for a VALUES clause."""
        classes, todo = {cls}, [cls]
        while todo:
            for sub in self._subclasses.get(todo.pop(), ()):
                if sub not in classes:
                    classes.add(sub)
                    todo.append(sub)
        return " ".join(f"<{c}>" for c in sorted(classes))

    def _instances(self, iris: list[str], cls: str) -> set[str]:
        entities = " ".join(f"<{iri}>" for iri in iris)
        rows = self.solutions(
            f"SELECT DISTINCT ?e WHERE {{ VALUES ?e {{ {entities} }} VALUES ?type {{ {self._types(cls)} }} ?e a ?type }}"
        )
        return {iri for row in rows if (iri := iri_of(row["e"])) is not None}

    def lookup(self, text: str, limit: int = 10) -> list[Entity]:
        """Entities called ``text`` (either script, English, pinyin or slug), best first."""
        return self.labels.lookup(text, limit)

    def describe(self, iri: str) -> Description:
        """Every fact about an entity, in both directions, each with its claim, source and quote."""
        from queries.describe import describe  # here: a description is rdflib's terms, and queries need none

        return describe(self._select, self.labels, str(iri))


def _in_rdflib(binding: Binding) -> Binding:
    """The binding with its term as an rdflib term, like the rows a Python caller gets with it."""
    if isinstance(binding.term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return replace(binding, term=ontology.rdfio.rdflib_term(binding.term))
    return binding
