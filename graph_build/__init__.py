"""Curated sources -> RDF: read records, resolve, type, check quotes, validate, reason, write.

The room's door: callers use only what is imported here.
"""

from graph_build.distdir import check_target
from graph_build.errors import BuildFailed, RecordError
from graph_build.graph import Claim, GraphNames, KnowledgeGraph
from graph_build.pipeline import BuildOptions, BuildReport, compile_graph
from graph_build.writer import ArtifactWriter, write_dist

__all__ = [
    "ArtifactWriter",
    "BuildFailed",
    "BuildOptions",
    "BuildReport",
    "Claim",
    "GraphNames",
    "KnowledgeGraph",
    "RecordError",
    "check_target",
    "compile_graph",
    "write_dist",
]
