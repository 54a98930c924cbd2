"""Publishing the built graph: deterministic exports in the standard formats, the JSON-LD
context, and the VoID/DCAT description of the dataset.

    from publish import load, export
    export(load(Path("dist"), inferred=True), "turtle", Path("dgkg.ttl"))
"""
from publish.export import CSV, FORMAT_NAMES, FORMATS, Format, default_name, export
from publish.jsonld import CONTEXT_FILE, context_for
from publish.source import DistMissing, GraphData, load

__all__ = ["CONTEXT_FILE", "CSV", "DistMissing", "FORMATS", "FORMAT_NAMES", "Format", "GraphData",
           "context_for", "default_name", "export", "load"]
