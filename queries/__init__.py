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
values. ``rows.variables`` keeps the column order. ``store.solutions(text)`` gives the rows in
the store's own terms (Oxigraph's), which is what `dgkg query` writes: it never imports rdflib.
"""

import lazy_loader

# Each name is imported when first used (the names are in __init__.pyi), so a command pays only
# for the modules it touches.
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
