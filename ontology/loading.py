"""Read the ontology modules and the SHACL shapes from the package's Turtle sources.

The Turtle files are the source of truth; every consumer gets a fresh graph (callers add
data to what they load, so a shared cached graph would leak one caller's triples into
another's).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ontology.prefixes import PREFIXES

if TYPE_CHECKING:
    from rdflib import Graph

PACKAGE_DIR = Path(__file__).resolve().parent
MODULES_DIR = PACKAGE_DIR / "modules"
SHAPES_PATH = PACKAGE_DIR / "shapes.ttl"


def _bound_graph() -> Graph:
    from rdflib import Graph  # here, not above: `dgkg query` reads MODULES_DIR and makes no graph

    g = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        g.bind(prefix, namespace, override=True, replace=True)
    return g


def load_ontology(modules_dir: Path = MODULES_DIR) -> Graph:
    """All ``modules/*.ttl`` merged into one graph, with the project's prefixes bound."""
    paths = sorted(modules_dir.glob("*.ttl"))
    if not paths:
        raise FileNotFoundError(f"no ontology modules (*.ttl) in {modules_dir}")
    g = _bound_graph()
    for path in paths:
        g.parse(path, format="turtle")
    return g


def load_shapes(path: Path = SHAPES_PATH) -> Graph:
    """The SHACL shapes graph (validate with the ontology as pyshacl's ``ont_graph``)."""
    g = _bound_graph()
    g.parse(path, format="turtle")
    return g
