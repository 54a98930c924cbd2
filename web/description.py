"""The endpoint's SPARQL 1.1 Service Description, answered at ``GET /sparql`` without a query.

It says what a client needs before asking: the endpoint's URL (as the client reached it), the
query language, every result format, that the default graph is the union of the named graphs,
the dataset's size and its structural graphs (claim graphs, one per claim, are listed by
``SELECT DISTINCT ?g WHERE { GRAPH ?g {} }``), and the limits in force. Built with rdflib and
serialised in the format the client negotiates.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, VOID, XSD

from ontology import formats, rdfio

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
)
# the media types it is offered in: every triple format of the registry
OFFERED = [fmt.media_type for fmt in formats.FORMATS.values() if not fmt.named_graphs]


def serialised(description: Graph, media_type: str) -> bytes:
    """The description in one of the OFFERED media types, written as every RDF file of dgkg is."""
    fmt = formats.format_for_media_type(media_type)
    if fmt is None or fmt.named_graphs:
        raise ValueError(f"the service description is not offered as {media_type}")
    prefixes = {prefix: str(ns) for prefix, ns in description.namespaces()}
    return rdfio.serialize(rdfio.from_rdflib(description), fmt, prefixes)


def service_description(endpoint: str, triples: int, graphs: list[str], limits: str) -> Graph:
    g = Graph(bind_namespaces="core")
    g.bind("sd", SD)
    g.bind("formats", FORMATS)
    g.bind("void", VOID)
    service, dataset, default = URIRef(endpoint), BNode("dataset"), BNode("default")
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    g.add((service, DCTERMS.title, Literal("dgkg: a knowledge graph of China's digital government", lang="en")))
    g.add((service, DCTERMS.title, Literal("中国数字政府知识图谱", lang="zh-Hans")))
    g.add((service, RDFS.comment, Literal(limits, lang="en")))
    for name in RESULT_FORMATS:
        g.add((service, SD.resultFormat, FORMATS[name]))
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, VOID.triples, Literal(triples, datatype=XSD.integer)))
    for index, name in enumerate(graphs):
        named = BNode(f"graph{index}")
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(name)))
    return g
