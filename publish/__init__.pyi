# The names this room's door offers; __init__.py resolves each on first use (lazy_loader).

from .description import (
    DATASET_PATH,
    describe,
    DISTRIBUTIONS,
    media_type_of,
    NotPublicEndpoint,
    public_endpoint,
    write_description,
)
from .docs import write_docs
from .export import CSV, default_name, export, FORMAT_NAMES, FORMATS, write_jsonld_dump
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

# what `from room import *` and mypy take as the door's names
__all__ = [
    "BY_EXTENSION",
    "CONTEXT_FILE",
    "context_for",
    "CSV",
    "DATASET_PATH",
    "default_name",
    "describe",
    "description_quads",
    "description_query",
    "DISTRIBUTIONS",
    "DistMissing",
    "export",
    "FORMAT_NAMES",
    "FORMATS",
    "GraphData",
    "latest_release",
    "load",
    "media_type_of",
    "make_release",
    "NotPublicEndpoint",
    "ontology_document",
    "public_endpoint",
    "published_context",
    "RDF_FORMATS",
    "render",
    "resource_base",
    "write_description",
    "write_docs",
    "write_jsonld_dump",
    "write_site",
]
