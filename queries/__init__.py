"""Asking the graph: the competency-question library, the embedded store, remote endpoints.

The room's door; callers use only what is imported here.

    from queries import Store, Library
    store = Store.from_dist(Path("dist"))
    rows = store.run(Library.load().get("three-golden-projects-members"))
    rows = store.select("SELECT ?m WHERE { ?m dgo:memberOf ?g }", params={"g": "三金工程"})
    [entity] = store.lookup("浙里办")[:1]
    print(store.describe(entity.iri).facts)

Rows are lists of dicts from variable name to rdflib term (``URIRef``, ``Literal``, ``BNode``;
None where unbound): rdflib is the project's toolkit, and ``Literal.toPython()`` gives plain
values. ``rows.variables`` keeps the column order.
"""
from queries.describe import Description, Evidence, Fact
from queries.errors import (ParameterError, QueryError, QuerySyntaxError, RefusedQuery, RemoteError,
                            StoreMissing, UnknownQuestion)
from queries.labels import Binding, Entity
from queries.library import Library, Param, Question, lint
from queries.remote import RemoteEndpoint, push
from queries.results import Rows
from queries.store import Store, check_syntax, write_store

__all__ = [
    "Binding",
    "Description",
    "Entity",
    "Evidence",
    "Fact",
    "Library",
    "Param",
    "ParameterError",
    "QueryError",
    "QuerySyntaxError",
    "Question",
    "RefusedQuery",
    "RemoteEndpoint",
    "RemoteError",
    "Rows",
    "Store",
    "StoreMissing",
    "UnknownQuestion",
    "check_syntax",
    "lint",
    "push",
    "write_store",
]
