"""The one read model of a built graph: entities, facts, each fact's evidence, the vocabulary.

The room's door: callers use only what is imported here. Every reader (the views, `dgkg
lookup`'s description, the linked-data pages) reads the same model, by the same queries, from
the build's store, an in-memory store or a remote endpoint:

    model = read_model(store.select, store.layout)                      # the whole graph
    about = read_model(store.select, store.layout, about=zheliban_iri)   # what touches one entity
    [fact.evidence.quote for fact in model.facts_about["zheliban"]]
"""

import lazy_loader

# Each name is imported when first used (the names are in __init__.pyi), so a command pays only
# for the modules it touches.
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
