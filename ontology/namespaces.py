"""The namespaces dgkg mints and the standard vocabularies it aligns to, as rdflib namespaces
(their IRIs, with the prefixes, are text in ontology.prefixes).

The ontology namespace is the ontology's identity and never changes; the resource base can be
moved (``dgkg build --base``) for a deployment under another domain.
"""

from rdflib import Namespace, URIRef

from ontology.dgo import DGO as DGO  # closed: the terms the ontology declares (ontology/closed_namespace.py)
from ontology.prefixes import DEFAULT_RESOURCE_BASE, PREFIXES

ONTOLOGY_IRI = URIRef("https://w3id.org/dgkg/ontology")
DGR = Namespace(DEFAULT_RESOURCE_BASE)

ORG = Namespace(PREFIXES["org"])
CPOV = Namespace(PREFIXES["cpov"])
CPSV = Namespace(PREFIXES["cpsv"])
ELI = Namespace(PREFIXES["eli"])
SDO = Namespace(PREFIXES["schema"])
BIBO = Namespace(PREFIXES["bibo"])
SH = Namespace(PREFIXES["sh"])
QB = Namespace(PREFIXES["qb"])
OA = Namespace(PREFIXES["oa"])
