"""Dereferenceable IRIs under `dgkg serve`: raw HTTP against a server on a free loopback port."""

from __future__ import annotations

import http.client
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT

from dgkg.commands.serve import mounts
from web.formats import negotiate
from web import RunningEndpoint, Settings, make_endpoint, start

DGR = "https://w3id.org/dgkg/resource/"
DGO = "https://w3id.org/dgkg/ontology#"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


@pytest.fixture(scope="module")
def served(built_dist: Path):
    settings = Settings(workers=1, time_limit=20, budget=10_000)
    running = start(make_endpoint(built_dist / "store", settings, mounts()))
    yield running
    running.stop()


def get(served: RunningEndpoint, path: str, accept: str | None = None) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(served.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    conn.request("GET", path, headers={"Accept": accept} if accept else {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def follow(served: RunningEndpoint, path: str, accept: str) -> tuple[int, dict[str, str], bytes]:
    status, headers, _ = get(served, path, accept)
    assert status == 303 and "accept" in headers["vary"].lower()
    return get(served, headers["location"], accept)


def test_turtle_on_a_resource_iri_gives_its_triples(served: RunningEndpoint) -> None:
    status, headers, body = follow(served, "/resource/zheliban", "text/turtle")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=body.decode("utf-8"), format="turtle")
    assert (URIRef(DGR + "zheliban"), URIRef(DGO + "region"), URIRef(DGR + "zhejiang")) in graph
    # provenance: the claim of the fact, reified, with its quote
    quotes = list(
        graph.query(f"""PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?quote WHERE {{ ?st rdf:subject <{DGR}zheliban> ; rdf:predicate <{DGO}region> ;
        <http://purl.org/dc/terms/isPartOf> ?claim . ?claim <{DGO}quote> ?quote }}""")
    )
    assert quotes
    assert any(
        str(o.language) == "zh-Hans" for o in graph.objects(URIRef(DGR + "zheliban"), None) if getattr(o, "language", None)
    )


def test_browser_gets_the_page(served: RunningEndpoint) -> None:
    status, headers, _ = get(served, "/resource/zheliban", BROWSER)
    assert status == 303 and headers["location"] == "/page/zheliban"
    status, headers, body = get(served, headers["location"], BROWSER)
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "浙里办" in body.decode("utf-8") and 'href="/resource/zhejiang"' in body.decode("utf-8")


@pytest.mark.parametrize(
    "accept, ext, fmt",
    [
        ("application/ld+json", "jsonld", "json-ld"),
        ("application/n-triples", "nt", "nt"),
        ("application/trig", "trig", "trig"),
        ("application/n-quads", "nq", "nquads"),
        ("application/rdf+xml", "rdf", "xml"),
    ],
)
def test_every_rdf_format(served: RunningEndpoint, accept: str, ext: str, fmt: str) -> None:
    status, headers, _ = get(served, "/resource/zheliban", accept)
    assert headers["location"] == f"/data/zheliban.{ext}"
    status, headers, body = get(served, headers["location"], accept)
    assert status == 200 and headers["content-type"].split(";")[0] == accept
    if fmt in ("trig", "nquads"):
        from rdflib import Dataset

        data = Dataset().parse(data=body.decode("utf-8"), format=fmt)
        graphs = {str(g.identifier) for g in data.graphs()}
        assert any(g.startswith(DGR + "claim/zheliban") for g in graphs) and DGR + "graph/provenance" in graphs
    else:
        graph = Graph().parse(data=body.decode("utf-8"), format=fmt)
        assert (URIRef(DGR + "zheliban"), URIRef(DGO + "region"), URIRef(DGR + "zhejiang")) in graph
    if ext == "jsonld":
        assert json.loads(body)["@context"]["region"]["@id"] == "dgo:region"


def test_unknown_slug_is_404(served: RunningEndpoint) -> None:
    for path in ("/resource/no-such-thing", "/page/no-such-thing", "/data/no-such-thing.ttl", "/resource/../store"):
        status, _, _ = get(served, path, "text/turtle")
        assert status == 404, path


def test_every_distribution_void_ttl_lists_downloads_from_its_own_url(served: RunningEndpoint, built_dist: Path) -> None:
    """A reader of the dataset's description follows its links: the dataset's IRI gives its
    description, and each dcat:downloadURL the file the build wrote, whole, in its media type."""
    status, headers, _ = get(served, "/resource/dataset/dgkg", "text/turtle")
    assert status == 303 and headers["location"] == "/void.ttl"
    status, headers, described = get(served, headers["location"])
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert described == (built_dist / "void.ttl").read_bytes() == get(served, "/.well-known/void")[2]
    void = Graph().parse(data=described.decode("utf-8"), format="turtle")
    dataset = URIRef(DGR + "dataset/dgkg")
    downloads = {
        str(url): str(next(void.objects(d, DCAT.mediaType)))
        for d in void.objects(dataset, DCAT.distribution)
        for url in void.objects(d, DCAT.downloadURL)
    }
    assert len(downloads) >= 9 and DGR + "dataset/dgkg/dgkg.jsonld" in downloads
    for url, media_type in downloads.items():
        path = "/resource/" + url.removeprefix(DGR)  # what a w3id.org redirect of /dgkg/resource/ asks here
        status, headers, body = get(served, path)
        assert status == 200, path
        assert body == (built_dist / url.rsplit("/", 1)[1]).read_bytes(), path
        assert int(headers["content-length"]) == len(body)
        assert media_type.endswith("/" + headers["content-type"].split(";")[0]), path  # the IANA IRI of the type


def test_only_the_listed_distributions_are_served(served: RunningEndpoint) -> None:
    for path in ("/resource/dataset/dgkg/store", "/resource/dataset/dgkg/../layout.json", "/resource/dataset/dgkg/labels.sqlite"):
        assert get(served, path)[0] == 404, path
    parts = urlsplit(served.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    conn.request("HEAD", "/resource/dataset/dgkg/dgkg.nq")
    response = conn.getresponse()
    assert response.status == 200 and int(response.getheader("Content-Length")) > 0 and response.read() == b""
    conn.close()


def test_not_acceptable(served: RunningEndpoint) -> None:
    status, headers, _ = get(served, "/resource/zheliban", "image/png")
    assert status == 406 and headers["vary"] == "Accept"


def test_ontology_hash_iris(served: RunningEndpoint) -> None:
    status, headers, body = get(served, "/ontology", "text/turtle")
    assert status == 200 and headers["vary"] == "Accept" and headers["content-location"] == "/ontology.ttl"
    graph = Graph().parse(data=body.decode("utf-8"), format="turtle")
    assert (URIRef(DGO + "region"), None, None) in graph
    status, headers, body = get(served, "/ontology", BROWSER)
    assert status == 200 and headers["content-type"].startswith("text/html") and b'id="region"' in body
    status, headers, body = get(served, "/ontology", "application/ld+json")
    assert status == 200 and len(Graph().parse(data=body.decode("utf-8"), format="json-ld")) > 100
    assert get(served, "/ontology.nt")[0] == 200


def test_sparql_still_answers(served: RunningEndpoint) -> None:
    status, _, _ = get(served, "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D", "application/sparql-results+json")
    assert status == 200


def test_negotiation() -> None:
    offered = ["text/html", "text/turtle", "application/ld+json"]
    assert negotiate(BROWSER, offered) == "text/html"
    assert negotiate("*/*", offered) == "text/html"
    assert negotiate(None, offered) == "text/html"
    assert negotiate("text/turtle;q=0.5, application/ld+json", offered) == "application/ld+json"
    assert negotiate("text/*, application/ld+json;q=0.1", offered) == "text/html"
    assert negotiate("text/html;q=0, */*", offered) == "text/turtle"
    assert negotiate("image/png", offered) is None


def test_a_served_page_allows_exactly_its_own_script(served: RunningEndpoint) -> None:
    """The language switch runs on served pages: the page's one inline script is allowed by its
    hash (as a browser computes it), nothing else."""
    import base64
    import hashlib

    for path in ("/page/zheliban", "/page/"):
        status, headers, body = get(served, path, BROWSER)
        scripts = re.findall(r"<script>(.*?)</script>", body.decode("utf-8"), re.S)
        assert status == 200 and len(scripts) == 1
        digest = base64.b64encode(hashlib.sha256(scripts[0].encode("utf-8")).digest()).decode()
        policy = headers["content-security-policy"]
        assert f"script-src 'sha256-{digest}'" in policy and "script-src 'unsafe-inline'" not in policy
        assert "default-src 'none'" in policy
