# The names this room's door offers; __init__.py resolves each on first use (lazy_loader).

from .analytics import Analysis, Step
from .assets import remote_references
from .entity_page import render_entity_page
from .explorer import PHYSICS, POSITIONS, render_explorer
from .loading import load_model, model_from_knowledge_graph
from .model import Entity, Evidence, ExplorerModel, Fact
from .navigation import navigation_bar, script_source
from .pages import write_page
from .site import render_entity_index, write_build_views, write_views
from .source_page import render_source_index, render_source_page
from .timeline import render_timeline
from .views import Views
