"""The prefixes dgkg declares, as text: the names SPARQL, Turtle and the command line's tables
abbreviate IRIs with.

Apart from ontology.namespaces (rdflib's namespace objects, for the code that makes terms), so
that reading and writing query text needs no rdflib: importing it was most of `dgkg query`'s
start-up. tests/test_ontology.py holds each standard namespace here to rdflib's own.
"""

ONTOLOGY_NAMESPACE = "https://w3id.org/dgkg/ontology#"
DEFAULT_RESOURCE_BASE = "https://w3id.org/dgkg/resource/"

PREFIXES: dict[str, str] = {
    "dgo": ONTOLOGY_NAMESPACE,
    "dgr": DEFAULT_RESOURCE_BASE,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "cpov": "http://data.europa.eu/m8g/",
    "cpsv": "http://purl.org/vocab/cpsv#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "schema": "https://schema.org/",
    "bibo": "http://purl.org/ontology/bibo/",
    "sh": "http://www.w3.org/ns/shacl#",
    "qb": "http://purl.org/linked-data/cube#",
    "oa": "http://www.w3.org/ns/oa#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
}
