"""The namespaces dgkg mints and the standard vocabularies it aligns to.

The ontology namespace is the ontology's identity and never changes; the resource base can be
moved (``dgkg build --base``) for a deployment under another domain.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, TIME, VOID, XSD, DefinedNamespace

from ontology.dgo import DGO  # closed: the terms the ontology declares (ontology/closed_namespace.py)

ONTOLOGY_IRI = URIRef("https://w3id.org/dgkg/ontology")
DEFAULT_RESOURCE_BASE = "https://w3id.org/dgkg/resource/"
DGR = Namespace(DEFAULT_RESOURCE_BASE)

ORG = Namespace("http://www.w3.org/ns/org#")
CPOV = Namespace("http://data.europa.eu/m8g/")
CPSV = Namespace("http://purl.org/vocab/cpsv#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SDO = Namespace("https://schema.org/")
BIBO = Namespace("http://purl.org/ontology/bibo/")
SH = Namespace("http://www.w3.org/ns/shacl#")
QB = Namespace("http://purl.org/linked-data/cube#")
OA = Namespace("http://www.w3.org/ns/oa#")

PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "dgo": DGO,
    "dgr": DGR,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "time": TIME,
    "foaf": FOAF,
    "org": ORG,
    "cpov": CPOV,
    "cpsv": CPSV,
    "eli": ELI,
    "schema": SDO,
    "bibo": BIBO,
    "sh": SH,
    "qb": QB,
    "oa": OA,
    "dcat": DCAT,
    "void": VOID,
}
