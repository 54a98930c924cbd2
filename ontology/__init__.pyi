# The names this room's door offers; __init__.py resolves each on first use (lazy_loader).

from . import formats  # the registry of RDF formats (names, extensions, media types)
from . import rdfio  # RDF in and out: canonical serialisation, rdflib <-> pyoxigraph

from .index import curie, OntologyIndex, PropertyInfo
from .langtags import conventional_case
from .layout import GraphKind, IriLayout, LAYOUT_FILE, LayoutMissing
from .loading import load_ontology, load_shapes, MODULES_DIR, SHAPES_PATH
from .namespaces import DGO, ONTOLOGY_IRI, SH
from .prefixes import DEFAULT_RESOURCE_BASE, PREFIXES
from .rdfio import to_rdfxml
from .reasoning import reason, ReasoningError, ReasoningResult

# what `from room import *` and mypy take as the door's names
__all__ = [
    "conventional_case",
    "curie",
    "DEFAULT_RESOURCE_BASE",
    "DGO",
    "formats",
    "GraphKind",
    "IriLayout",
    "LAYOUT_FILE",
    "LayoutMissing",
    "load_ontology",
    "load_shapes",
    "MODULES_DIR",
    "ONTOLOGY_IRI",
    "OntologyIndex",
    "PREFIXES",
    "PropertyInfo",
    "rdfio",
    "reason",
    "ReasoningError",
    "ReasoningResult",
    "SH",
    "SHAPES_PATH",
    "to_rdfxml",
]
