"""The dgkg ontology room: the OWL modules, the SHACL shapes, and the code that reads them.

Everything other rooms need comes through here: ``load_ontology()`` and ``load_shapes()``
give rdflib graphs, ``OntologyIndex`` resolves the names records use, ``reason()`` runs
HermiT (or OWL-RL without Java) and returns only the inferences worth keeping, and
``to_rdfxml()`` writes the RDF/XML that Protégé and owlready2 open.
"""

from rdflib import URIRef

from ontology.export import to_rdfxml
from ontology.index import OntologyIndex, PropertyInfo, curie
from ontology.loading import MODULES_DIR, SHAPES_PATH, load_ontology, load_shapes
from ontology.namespaces import DGO, PREFIXES
from ontology.reasoning import ReasoningError, ReasoningResult, reason

ONTOLOGY_IRI = URIRef("https://w3id.org/dgkg/ontology")

__all__ = [
    "DGO",
    "MODULES_DIR",
    "ONTOLOGY_IRI",
    "PREFIXES",
    "SHAPES_PATH",
    "OntologyIndex",
    "PropertyInfo",
    "ReasoningError",
    "ReasoningResult",
    "curie",
    "load_ontology",
    "load_shapes",
    "reason",
    "to_rdfxml",
]
