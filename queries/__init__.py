"""Asking the graph: the competency-question library, the embedded store, remote endpoints.

The room's door; callers use only what is imported here.

    from queries import Store, Library
    store = Store.from_dist(Path("dist"))
    rows = store.run(Library.load().get("three-golden-projects-members"))
    rows = store.select("SELECT ?m WHERE { ?m dgo:memberOf ?g }", params={"g": "三金工程"})
    unknown_terms("SELECT ?m WHERE { ?m dgo:memberof ?g }")  # ['unknown term dgo:memberof — did you mean dgo:memberOf?']
    [entity] = store.lookup("浙里办")[:1]
    print(store.describe(entity.iri).facts)

Rows are lists of dicts from variable name to rdflib term (``URIRef``, ``Literal``, ``BNode``;
None where unbound): rdflib is the project's toolkit, and ``Literal.toPython()`` gives plain
values. ``rows.variables`` keeps the column order.
"""

from importlib import import_module
from typing import TYPE_CHECKING

# Names of the door and the module each lives in. They are imported on first use (PEP 562), so
# that a process needing one part (an endpoint worker, a CLI command) does not pay for all of
# them: the label index pulls in the builder's text folding, which is slow to import.
_EXPORTS = {
    "Description": "describe",
    "Evidence": "describe",
    "Fact": "describe",
    "ParameterError": "errors",
    "QueryError": "errors",
    "QuerySyntaxError": "errors",
    "RemoteError": "errors",
    "NotFound": "errors",
    "StoreMissing": "errors",
    "UnknownQuestion": "errors",
    "Binding": "labels",
    "Entity": "labels",
    "Library": "library",
    "Param": "library",
    "Question": "library",
    "lint": "library",
    "RemoteEndpoint": "remote",
    "push": "remote",
    "Rows": "results",
    "Store": "store",
    "check_syntax": "store",
    "write_store": "store",
    "unknown_terms": "vocabulary",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> object:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'queries' has no attribute {name!r}")
    return getattr(import_module(f"queries.{_EXPORTS[name]}"), name)


if TYPE_CHECKING:  # the door's names for type checkers (F401: __all__ is computed, which ruff cannot see)
    from queries.describe import Description, Evidence, Fact  # noqa: F401
    from queries.errors import NotFound, ParameterError, QueryError, QuerySyntaxError  # noqa: F401
    from queries.errors import RemoteError, StoreMissing, UnknownQuestion  # noqa: F401
    from queries.labels import Binding, Entity  # noqa: F401
    from queries.library import Library, Param, Question, lint  # noqa: F401
    from queries.remote import RemoteEndpoint, push  # noqa: F401
    from queries.results import Rows  # noqa: F401
    from queries.store import Store, check_syntax, write_store  # noqa: F401
    from queries.vocabulary import unknown_terms  # noqa: F401
