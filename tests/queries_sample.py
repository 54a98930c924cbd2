"""A small hand-made KnowledgeGraph for the query room's unit tests.

It has what the real graph has in miniature: claims as named graphs with quotes, an ontology
graph with bilingual labels, inferred triples, labels in both scripts and English, and a
library question with a parameter. Unit tests stay independent of the curated records.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from graph_build import Claim, KnowledgeGraph, write_core_artifacts, write_prefixed_dumps
from ontology import IriLayout
from ontology.namespaces import DGO
from ontology.prefixes import DEFAULT_RESOURCE_BASE
from queries import write_store

NAMES = IriLayout(DEFAULT_RESOURCE_BASE)
R = NAMES.resource
SOURCE = R("liao-2021-typology")


def _labels(slug: str, zh: str, en: str, *alt: tuple[str, str]) -> list[tuple]:
    iri = R(slug)
    out = [(iri, SKOS.prefLabel, Literal(zh, lang="zh-Hans")), (iri, SKOS.prefLabel, Literal(en, lang="en"))]
    out += [(iri, SKOS.altLabel, Literal(text, lang=lang)) for lang, text in alt]
    return out


def ontology() -> Graph:
    graph = Graph()
    graph.add((URIRef("https://w3id.org/dgkg/ontology"), RDF.type, OWL.Ontology))
    for name, zh, en in [
        ("ProgrammeGroup", "工程群", "programme group"),
        ("Programme", "工程", "programme"),
        ("Province", "省", "province"),
        ("MobileApplication", "移动应用", "mobile application"),
        ("SourceDocument", "来源文献", "source document"),
    ]:
        graph.add((DGO[name], RDF.type, OWL.Class))
        graph.add((DGO[name], RDFS.label, Literal(zh, lang="zh-Hans")))
        graph.add((DGO[name], RDFS.label, Literal(en, lang="en")))
    graph.add((DGO.ProgrammeGroup, RDFS.subClassOf, DGO.Programme))
    for name, zh, en in [
        ("memberOf", "成员属于", "member of"),
        ("hasMember", "包括成员", "has member"),
        ("region", "地区", "region"),
        ("foundingYear", "成立年份", "founding year"),
    ]:
        graph.add((DGO[name], RDF.type, OWL.ObjectProperty))
        graph.add((DGO[name], RDFS.label, Literal(zh, lang="zh-Hans")))
        graph.add((DGO[name], RDFS.label, Literal(en, lang="en")))
    return graph


def sample_graph() -> KnowledgeGraph:
    quote_three = "三金工程,即金卡、金桥、金关工程"
    claims = [
        Claim(
            NAMES.claim("c1"),
            [
                (R("three-golden-projects"), RDF.type, DGO.ProgrammeGroup),
                *_labels("three-golden-projects", "三金工程", "Three Golden Projects", ("zh-Hant", "三金工程")),
                (R("golden-card-project"), RDF.type, DGO.Programme),
                *_labels("golden-card-project", "金卡工程", "Golden Card Project", ("zh-Hant", "金卡工程")),
                (R("golden-bridge-project"), RDF.type, DGO.Programme),
                *_labels("golden-bridge-project", "金桥工程", "Golden Bridge Project", ("zh-Hant", "金橋工程")),
                (R("golden-customs-project"), RDF.type, DGO.Programme),
                *_labels("golden-customs-project", "金关工程", "Golden Customs Project", ("zh-Hant", "金關工程")),
            ],
            SOURCE,
            "sources/records/x.yaml:1",
            quote=quote_three,
            quote_lang="zh-Hans",
            locator="¶3",
        ),
        Claim(
            NAMES.claim("c2"),
            [
                (R("golden-card-project"), DGO.memberOf, R("three-golden-projects")),
                (R("golden-bridge-project"), DGO.memberOf, R("three-golden-projects")),
                (R("golden-customs-project"), DGO.memberOf, R("three-golden-projects")),
            ],
            SOURCE,
            "sources/records/x.yaml:9",
            quote=quote_three,
            quote_lang="zh-Hans",
            locator="¶3",
        ),
        Claim(
            NAMES.claim("c3"),
            [
                (R("zhejiang"), RDF.type, DGO.Province),
                *_labels("zhejiang", "浙江省", "Zhejiang Province", ("zh-Hans", "浙江"), ("zh-Hant", "浙江省")),
                (R("guangdong"), RDF.type, DGO.Province),
                *_labels("guangdong", "广东省", "Guangdong Province", ("zh-Hant", "廣東省")),
                (R("zheliban"), RDF.type, DGO.MobileApplication),
                *_labels("zheliban", "浙里办", "Zheliban", ("zh-Hant", "浙裡辦")),
                (R("zheliban"), DGO.region, R("zhejiang")),
                (R("zheliban"), DGO.foundingYear, Literal("2014", datatype=XSD.gYear)),
                (R("yueshengshi"), RDF.type, DGO.MobileApplication),
                *_labels("yueshengshi", "粤省事", "Yueshengshi", ("zh-Hant", "粵省事")),
                (R("yueshengshi"), DGO.region, R("guangdong")),
                (R("yueshengshi"), DGO.foundingYear, Literal("2018", datatype=XSD.gYear)),
            ],
            SOURCE,
            "sources/records/x.yaml:20",
            quote="浙江的“浙里办”、广东的“粤省事”",
            quote_lang="zh-Hans",
            locator="¶7",
        ),
        Claim(
            NAMES.claim("c5"),
            [
                (R("markup-probe"), RDF.type, DGO.Programme),
                *_labels("markup-probe", "<script>alert('标签')</script>", "<b onmouseover=alert(1)>probe</b>"),
            ],
            SOURCE,
            "sources/records/x.yaml:40",
            quote="<i>引文</i> & “quote”",
            quote_lang="zh-Hans",
        ),
        Claim(
            NAMES.claim("c4"),
            [
                (SOURCE, RDF.type, DGO.SourceDocument),
                (SOURCE, RDFS.label, Literal("中国数字政府建设的类型学", lang="zh-Hans")),
            ],
            SOURCE,
            "sources/records/x.yaml:30",
            citation="Liao 2021",
            external=True,
        ),
    ]
    inferred = Graph()
    for member in ("golden-card-project", "golden-bridge-project", "golden-customs-project"):
        inferred.add((R("three-golden-projects"), DGO.hasMember, R(member)))
    inferred.add((R("three-golden-projects"), RDF.type, DGO.Programme))
    return KnowledgeGraph(names=NAMES, ontology=ontology(), claims=claims, inferred=inferred)


MEMBERS_QUERY = """# name: members
# zh: 某工程群包括哪些工程？
# en: Which programmes does a programme group have?
#   (continued English text)
# param: group (dgo:ProgrammeGroup) = three-golden-projects -- the group, a slug or any label
PREFIX dgo: <https://w3id.org/dgkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?member ?member_en WHERE {
  ?member dgo:memberOf ?group .
  ?member skos:prefLabel ?member_en . FILTER(langMatches(lang(?member_en), "en"))
}
ORDER BY ?member
"""

COUNT_QUERY = """# name: apps-per-region
# zh: 各地区有多少政务应用？
# en: How many government apps does each region have?
# param: region -- optional; every region when not given
# param: since (xsd:gYear) -- optional; apps founded in or after this year
PREFIX dgo: <https://w3id.org/dgkg/ontology#>
SELECT (COUNT(?app) AS ?apps) WHERE {
  ?app a dgo:MobileApplication ; dgo:region ?region ; dgo:foundingYear ?year .
  FILTER(!BOUND(?since) || STR(?year) >= STR(?since))
}
"""


def write_library(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "members.rq").write_text(MEMBERS_QUERY, encoding="utf-8")
    (directory / "apps-per-region.rq").write_text(COUNT_QUERY, encoding="utf-8")
    return directory


@pytest.fixture(scope="session")
def sample_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dist/ holding the RDF dumps and the store of the sample graph (what the query commands read)."""
    dist = tmp_path_factory.mktemp("sample-dist")
    graph = sample_graph()
    write_core_artifacts(graph, dist)  # the store is loaded from the dumps, as in a build
    write_prefixed_dumps(dist)
    write_store(dist)
    return dist


@pytest.fixture(scope="session")
def sample_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_library(tmp_path_factory.mktemp("sample-library"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


OXIGRAPH = Path(sys.executable).parent / "oxigraph"


def start_oxigraph(location: Path, union: bool) -> tuple[subprocess.Popen, str]:
    """An Oxigraph server on a free loopback port, once it answers queries."""
    port = free_port()
    args = [str(OXIGRAPH), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    log = location.parent / f"{location.name}.log"  # a file, not a pipe nobody reads (which could fill up)
    with log.open("wb") as sink:
        process = subprocess.Popen(args + (["--union-default-graph"] if union else []), stdout=sink, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2).read()
            return process, url
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"oxigraph did not start: {log.read_text(errors='replace')}") from None
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("oxigraph did not answer on loopback")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
