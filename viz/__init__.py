"""Seeing the graph: the offline explorer, neighbourhoods, the timeline, entity pages, analytics.

The room's door: callers use only what is imported here.

    views = Views.from_dist(dist)              # or Views(model_from_knowledge_graph(graph))
    write_views(views, dist)                   # dist/viz/{index,timeline}.html, dist/site/*.html
    render_explorer(views, focus="zheliban", depth=2)
    render_entity_page(views, "zheliban", href=lambda slug: f"/resource/{slug}")
    navigation_bar("ontology")                 # the bar every page shares (publish.docs too)
    Analysis(views.model).path("three-golden-projects", "zheliban")
"""

from viz.analytics import Analysis, Step
from viz.assets import remote_references
from viz.entity_page import render_entity_page
from viz.explorer import PHYSICS, POSITIONS, render_explorer
from viz.loading import load_model, model_from_knowledge_graph
from viz.navigation import navigation_bar, script_source
from viz.model import Entity, Evidence, ExplorerModel, Fact
from viz.pages import write_page
from viz.search import LabelIndex
from viz.site import render_entity_index, write_build_views, write_views
from viz.timeline import render_timeline
from viz.views import Views

__all__ = [
    "PHYSICS",
    "POSITIONS",
    "Analysis",
    "Entity",
    "Evidence",
    "ExplorerModel",
    "Fact",
    "LabelIndex",
    "Step",
    "Views",
    "load_model",
    "model_from_knowledge_graph",
    "navigation_bar",
    "script_source",
    "remote_references",
    "render_entity_index",
    "render_entity_page",
    "render_explorer",
    "render_timeline",
    "write_build_views",
    "write_page",
    "write_views",
]
