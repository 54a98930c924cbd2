# The names this room's door offers; __init__.py resolves each on first use (lazy_loader).

from .description import describe, description_writer, NotPublicEndpoint, public_endpoint
from .docs import write_docs
from .export import CSV, default_name, export, Format, FORMAT_NAMES, FORMATS
from .jsonld import CONTEXT_FILE, context_for
from .linked_data import (
    BY_EXTENSION,
    description_quads,
    description_query,
    ontology_document,
    published_context,
    RDF_FORMATS,
    render,
)
from .release import latest_release, make_release
from .site import write_site
from .source import DistMissing, GraphData, load, resource_base
