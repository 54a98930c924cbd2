"""Publishing the built graph: deterministic exports in the standard formats, the JSON-LD
context, and the VoID/DCAT description of the dataset.

    from publish import load, export
    export(load(Path("dist"), inferred=True), "turtle", Path("dgkg.ttl"))
"""

from publish.description import NotPublicEndpoint, describe, description_writer, public_endpoint
from publish.docs import write_docs
from publish.export import CSV, FORMAT_NAMES, FORMATS, Format, default_name, export
from publish.jsonld import CONTEXT_FILE, context_for
from publish.source import DistMissing, GraphData, load

__all__ = [
    "CONTEXT_FILE",
    "CSV",
    "DistMissing",
    "FORMATS",
    "FORMAT_NAMES",
    "Format",
    "GraphData",
    "NotPublicEndpoint",
    "context_for",
    "default_name",
    "describe",
    "description_writer",
    "export",
    "load",
    "public_endpoint",
    "write_docs",
]
