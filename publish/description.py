"""The VoID + DCAT description of the dataset (dist/void.ttl), computed from the build so the
counts, sizes and vocabularies can never drift from the data the way a hand-written one would."""

from __future__ import annotations

import hashlib
import ipaddress
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, VOID, XSD

from ontology import IriLayout, formats, rdfio
from publish.jsonld import context_for
from publish.source import CHECKSUMS

LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
TITLE = {"zh-Hans": "中国数字政府知识图谱", "en": "Knowledge graph of China's digital government"}
DESCRIPTION = {
    "zh-Hans": "中国数字政府的平台、机构、政策、项目与事件，每一事实均附来源与原文引述。",
    "en": "Platforms, bodies, policies, programmes and events of China's digital government; "
    "every fact carries its source and a verbatim quote.",
}
# The dumps the build writes; media types from the format registry, sizes from the files themselves.
DISTRIBUTIONS = (
    *("dgkg.ttl", "dgkg.nt", "dgkg.jsonld", "dgkg.rdf", "dgkg.trig", "dgkg.nq", "inferred.ttl"),
    *("ontology.ttl", "ontology.owl", "context.jsonld"),
)
# How DCAT 3 gives a distribution's checksum (dcat:Distribution spdx:checksum), and the same
# digests as `sha256sum` writes them, which `sha256sum -c SHA256SUMS` checks in a copy of dist/.
SPDX = Namespace("http://spdx.org/rdf/terms#")
# The dataset's IRI under the resource base; each distribution's download URL is DATASET_PATH/<file>,
# where `dgkg serve` and the static site (`dgkg export --site`) give the file.
DATASET_PATH = "dataset/dgkg"
ONTOLOGY = URIRef("https://w3id.org/dgkg/ontology")
# dcat:version is a DCAT 3 term; rdflib's closed DCAT namespace lists DCAT 2 only and warns on it.
DCAT_VERSION = URIRef(f"{DCAT}version")


def namespace_of(iri: str) -> str:
    """The vocabulary an IRI belongs to: everything up to its last '#' or '/'."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


class NotPublicEndpoint(ValueError):
    """A SPARQL endpoint address nobody else can reach (loopback, unspecified, not http(s))."""


def public_endpoint(url: str) -> str:
    """``url`` if others can reach it: void.ttl travels with the data, so an address that means
    'this machine' would send every reader to their own machine."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise NotPublicEndpoint(f"the SPARQL endpoint must be an http(s) URL, got {url!r}")
    host = parts.hostname
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        local = host == "localhost" or host.endswith(".localhost")
    else:
        local = address.is_loopback or address.is_unspecified or address.is_link_local
    if local:
        raise NotPublicEndpoint(
            f"{url} is an address of this machine only; give the public URL of "
            "`dgkg serve` (or leave it unset: void.ttl then names no endpoint)"
        )
    return url


ASSERTED_DUMP = "dgkg.nt"  # the asserted data and the ontology, each triple once, as the build wrote it


@dataclass
class DataCounts:
    """What VoID counts of the asserted data: its distinct triples, subjects and predicates, its
    entities (typed resources under the resource base, claims excluded) and their classes."""

    triples: int = 0
    subjects: int = 0
    predicates: set[str] = field(default_factory=set)
    entities: int = 0
    per_class: Counter[URIRef] = field(default_factory=Counter)

    @classmethod
    def of(cls, dump: Path, base: str) -> "DataCounts":
        """Counted from the N-Triples dump as Oxigraph streams it (its triples are distinct), so
        that the data need not be held: at a million triples an rdflib graph of it took 1.5 GB."""
        counts, subjects, entities = cls(), set(), set()
        rdf_type = str(RDF.type)
        for quad in ox.parse(path=dump, format=ox.RdfFormat.N_TRIPLES):
            subject, predicate = quad.subject, quad.predicate.value
            counts.triples += 1
            subjects.add(str(subject))
            counts.predicates.add(predicate)
            if predicate == rdf_type and isinstance(subject, ox.NamedNode):
                iri = subject.value
                if iri.startswith(base) and "/" not in iri[len(base) :]:
                    entities.add(iri)
                    counts.per_class[URIRef(quad.object.value)] += 1
        counts.subjects, counts.entities = len(subjects), len(entities)
        return counts


def media_type_of(distribution: str) -> str:
    """The media type of one of the DISTRIBUTIONS, by its extension (the format registry's)."""
    return formats.format_named(Path(distribution).suffix[1:]).media_type


def checksums(out: Path) -> dict[str, str]:
    """The SHA-256 of each distribution the build wrote into ``out``, by file name."""
    digests = {}
    for name in DISTRIBUTIONS:
        if (out / name).is_file():
            with (out / name).open("rb") as stream:
                digests[name] = hashlib.file_digest(stream, "sha256").hexdigest()
    return digests


def describe(out: Path, base: str, ontology: Graph, endpoint: str | None = None, digests: dict[str, str] | None = None) -> Graph:
    """The description of what the build wrote into ``out`` with resource base ``base``: the
    asserted data (dgkg.ttl), its entities (typed resources under the base, claims excluded) and
    their classes, each distribution with its size and (``digests``) its SHA-256; the version and
    creator of the ``ontology``; the SPARQL endpoint only when one is configured (a public URL,
    see :func:`public_endpoint`)."""
    counts = DataCounts.of(out / ASSERTED_DUMP, base)
    per_class = counts.per_class
    vocabularies = {namespace_of(p) for p in counts.predicates} | {namespace_of(str(c)) for c in per_class}

    dataset = URIRef(base + DATASET_PATH)
    g = Graph()
    add = g.add
    add((dataset, RDF.type, VOID.Dataset))
    add((dataset, RDF.type, DCAT.Dataset))
    for lang, text in TITLE.items():
        add((dataset, DCTERMS.title, Literal(text, lang=lang)))
    for lang, text in DESCRIPTION.items():
        add((dataset, DCTERMS.description, Literal(text, lang=lang)))
    add((dataset, DCTERMS.license, LICENSE))
    for version in ontology.objects(ONTOLOGY, OWL.versionInfo):
        add((dataset, DCAT_VERSION, Literal(str(version))))
        add((dataset, OWL.versionInfo, Literal(str(version))))
    for creator in ontology.objects(ONTOLOGY, DCTERMS.creator):
        # the ontology names its creator by an agent IRI described with foaf:name
        add((dataset, DCTERMS.creator, Literal(str(ontology.value(creator, FOAF.name, default=creator)))))
    add((dataset, VOID.uriSpace, Literal(base)))
    add((dataset, VOID.triples, Literal(counts.triples, datatype=XSD.integer)))
    add((dataset, VOID.entities, Literal(counts.entities, datatype=XSD.integer)))
    add((dataset, VOID.distinctSubjects, Literal(counts.subjects, datatype=XSD.integer)))
    add((dataset, VOID.properties, Literal(len(counts.predicates), datatype=XSD.integer)))
    add((dataset, VOID.classes, Literal(len(per_class), datatype=XSD.integer)))
    for vocabulary in vocabularies:
        add((dataset, VOID.vocabulary, URIRef(vocabulary)))
    for cls, count in per_class.items():
        partition = URIRef(f"{dataset}/class/{str(cls)[len(namespace_of(str(cls))) :]}")
        add((dataset, VOID.classPartition, partition))
        add((partition, VOID["class"], cls))
        add((partition, VOID.entities, Literal(count, datatype=XSD.integer)))
    for name in DISTRIBUTIONS:
        media_type = media_type_of(name)
        path = out / name
        if not path.is_file():
            continue
        distribution = URIRef(f"{dataset}/{name}")
        add((dataset, VOID.dataDump, distribution))
        add((dataset, DCAT.distribution, distribution))
        add((distribution, RDF.type, DCAT.Distribution))
        add((distribution, DCAT.downloadURL, distribution))
        add((distribution, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{media_type}")))
        add((distribution, DCTERMS.format, Literal(media_type)))
        add((distribution, DCAT.byteSize, Literal(path.stat().st_size, datatype=XSD.nonNegativeInteger)))
        add((distribution, DCTERMS.license, LICENSE))
        if digests and name in digests:
            checksum = URIRef(f"{distribution}#sha256")  # an IRI, not a blank node: the same in every build
            add((distribution, SPDX.checksum, checksum))
            add((checksum, RDF.type, SPDX.Checksum))
            add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
            add((checksum, SPDX.checksumValue, Literal(digests[name], datatype=XSD.hexBinary)))
    if endpoint:
        service = URIRef(public_endpoint(endpoint))
        add((dataset, VOID.sparqlEndpoint, service))
        add((service, RDF.type, DCAT.DataService))
        add((service, DCAT.endpointURL, service))
        add((service, DCAT.servesDataset, dataset))
    return g


def write_description(out: Path, endpoint: str | None = None) -> None:
    """The build's last writer but the ontology's documentation, once every dump is in ``out``:
    the JSON-LD context first (so it is a listed distribution), then the distributions'
    checksums (SHA256SUMS) and void.ttl, from the ontology.ttl and layout.json the build wrote
    there. ``endpoint`` is where `dgkg serve` answers SPARQL for this deployment."""
    base = IriLayout.read(out).base
    ontology = Graph().parse(out / "ontology.ttl", format="turtle")
    context = {"@context": context_for(base, rdfio.from_rdflib(ontology))}
    (out / "context.jsonld").write_text(json.dumps(context, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    digests = checksums(out)
    (out / CHECKSUMS).write_text("".join(f"{digest}  {name}\n" for name, digest in digests.items()), encoding="ascii")
    description = rdfio.from_rdflib(describe(out, base, ontology, endpoint, digests))
    prefixes = {**rdfio.prefixes_for(base), "spdx": str(SPDX)}
    rdfio.write(out / "void.ttl", description, "turtle", prefixes=prefixes)
