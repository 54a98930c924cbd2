"""Publishing the built graph: deterministic exports in the standard formats, the JSON-LD
context, and the VoID/DCAT description of the dataset.

    from publish import load, export
    export(load(Path("dist"), inferred=True), "turtle", Path("dgkg.ttl"))
"""
from publish.description import DEFAULT_SPARQL_ENDPOINT, describe, description_writer
from publish.docs import write_docs
from publish.export import CSV, FORMAT_NAMES, FORMATS, Format, default_name, export
from publish.jsonld import CONTEXT_FILE, context_for
from publish.source import DistMissing, GraphData, load

__all__ = ["CONTEXT_FILE", "CSV", "DEFAULT_SPARQL_ENDPOINT", "DistMissing", "FORMATS", "FORMAT_NAMES", "Format", "GraphData",
           "context_for", "default_name", "describe", "description_writer", "export", "load", "write_docs"]
