# The names this room's door offers; __init__.py resolves each on first use (lazy_loader).

from .analytics import Analysis, Step
from .assets import remote_references
from .entity_page import render_entity_page
from .explorer import render_explorer
from .layout_names import PHYSICS, POSITIONS
from .loading import load_model, model_from_knowledge_graph
from .navigation import navigation_bar, script_source
from .pages import write_page
from .site import render_entity_index, write_build_views, write_views
from .source_page import render_source_index, render_source_page
from .timeline import render_timeline
from .views import Views

# what `from room import *` and mypy take as the door's names
__all__ = [
    "Analysis",
    "load_model",
    "model_from_knowledge_graph",
    "navigation_bar",
    "PHYSICS",
    "POSITIONS",
    "remote_references",
    "render_entity_index",
    "render_entity_page",
    "render_explorer",
    "render_source_index",
    "render_source_page",
    "render_timeline",
    "script_source",
    "Step",
    "Views",
    "write_build_views",
    "write_page",
    "write_views",
]
