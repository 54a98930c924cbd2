"""Seeing the graph: the offline explorer, neighbourhoods, the timeline, entity pages, analytics.

The room's door: callers use only what is imported here.

    views = Views.from_dist(dist)              # or Views(model_from_knowledge_graph(graph))
    write_views(views, dist)                   # dist/viz/{index,timeline}.html, dist/site/*.html
    render_explorer(views, focus="zheliban", depth=2)
    render_entity_page(views, "zheliban", href=lambda slug: f"/resource/{slug}")
    render_source_page(views, "liao-2021-typology")   # a source document: citation, claims, quotes
    navigation_bar("ontology")                 # the bar every page shares (publish.docs too)
    Analysis(views.model).path("three-golden-projects", "zheliban")
"""

import lazy_loader

# Each name is imported when first used (the names are in __init__.pyi), so a command pays only
# for the modules it touches.
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
