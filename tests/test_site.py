"""`dgkg export --site DIR`: the static Linked Data site, the same bytes the server negotiates."""

from __future__ import annotations

import re
import json
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT

from conftest import run_dgkg
from test_deref import get, served  # noqa: F401 (the server fixture)

DGR = "https://w3id.org/dgkg/resource/"
DGO = "https://w3id.org/dgkg/ontology#"


@pytest.fixture(scope="module")
def site(built_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site") / "site"
    result = run_dgkg("export", "--site", str(target), "--dist", str(built_dist))
    assert result.returncode == 0, result.stderr
    return target


def test_every_entity_has_a_page_and_three_descriptions(site: Path, built_dist: Path) -> None:
    pages = {p.stem for p in (built_dist / "site").glob("*.html")} - {"index"}
    assert pages and (site / "resource" / "index.html").is_file()
    for slug in pages:
        for ext in ("html", "ttl", "jsonld", "nt"):
            assert (site / "resource" / f"{slug}.{ext}").is_file(), (slug, ext)


def test_descriptions_parse_and_agree(site: Path) -> None:
    graphs = {
        fmt: Graph().parse(site / "resource" / f"zheliban.{ext}", format=fmt)
        for ext, fmt in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"))
    }
    fact = (URIRef(DGR + "zheliban"), URIRef(DGO + "region"), URIRef(DGR + "zhejiang"))
    assert all(fact in g for g in graphs.values())
    sizes = {len(g) for g in graphs.values()}
    assert len(sizes) == 1, sizes
    assert json.loads((site / "resource" / "zheliban.jsonld").read_text())["@context"]["region"]["@id"] == "dgo:region"


def test_pages_link_to_sibling_pages(site: Path) -> None:
    html = (site / "resource" / "zheliban.html").read_text(encoding="utf-8")
    assert 'href="zhejiang.html"' in html and (site / "resource" / "zhejiang.html").is_file()


def test_every_relative_link_of_a_page_resolves_in_the_site(site: Path) -> None:
    """The navigation bar, the neighbours, the data files: nothing a page links is missing."""
    for name in ("zheliban.html", "index.html", "sources/index.html", "sources/liao-2021-typology.html"):
        page = site / "resource" / name
        hrefs = set(re.findall(r'href="([^"#:]+)(?:#[^"]*)?"', page.read_text(encoding="utf-8")))
        missing = [href for href in hrefs if not (page.parent / href).resolve().is_file()]
        assert hrefs and not missing, (name, missing)


def test_ontology_docs_and_negotiation_rules(site: Path) -> None:
    for name in (
        "ontology.ttl",
        "ontology.nt",
        "ontology.jsonld",
        "ontology.owl",
        "docs/index.html",
        "void.ttl",
        "context.jsonld",
        "index.html",
        "site/sources/index.html",  # the navigation bar's Sources link, sent on to resource/sources/
    ):
        assert (site / name).is_file(), name
    assert 'href="resource/sources/index.html"' in (site / "index.html").read_text(encoding="utf-8")
    rules = (site / ".htaccess").read_text()
    assert "R=303" in rules and "Vary Accept" in rules and "text/turtle" in rules


def test_every_distribution_void_ttl_lists_is_in_the_site_at_its_url(site: Path, built_dist: Path) -> None:
    """void.ttl's dcat:downloadURLs, under the w3id.org redirect of /dgkg/resource/ to the site's
    resource/, are the build's files; its dataset IRI and /.well-known/void lead to void.ttl."""
    void = Graph().parse(site / "void.ttl")
    urls = [str(url) for url in void.objects(None, DCAT.downloadURL)]
    assert len(urls) >= 9
    for url in urls:
        assert url.startswith(DGR + "dataset/dgkg/"), url
        assert (site / "resource" / url.removeprefix(DGR)).read_bytes() == (built_dist / url.rsplit("/", 1)[1]).read_bytes()
    rules = (site / ".htaccess").read_text()
    assert "RewriteRule ^resource/dataset/dgkg/?$ %1void.ttl [R=303,L]" in rules
    assert "RewriteRule ^\\.well-known/void$ void.ttl [L]" in rules


def test_site_is_deterministic(site: Path, built_dist: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert run_dgkg("export", "--site", str(again), "--dist", str(built_dist)).returncode == 0
    for ext in ("ttl", "jsonld", "nt"):
        assert (site / "resource" / f"zheliban.{ext}").read_bytes() == (again / "resource" / f"zheliban.{ext}").read_bytes()


def test_a_web_root_of_someone_elses_files_is_refused_and_an_earlier_site_replaced(
    site: Path, built_dist: Path, tmp_path: Path
) -> None:
    """The site writes index.html and .htaccess at its top: into an existing web root it overwrote them."""
    www = tmp_path / "www"
    www.mkdir()
    (www / "index.html").write_text("<p>our lab</p>\n", encoding="utf-8")
    (www / ".htaccess").write_text("Require all granted\n", encoding="utf-8")
    refused = run_dgkg("export", "--site", str(www), "--dist", str(built_dist))
    assert refused.returncode == 1
    assert f"{www} holds files but is not a site dgkg wrote" in refused.stderr and "Traceback" not in refused.stderr
    assert sorted(p.name for p in www.iterdir()) == [".htaccess", "index.html"]
    assert (www / "index.html").read_text(encoding="utf-8") == "<p>our lab</p>\n"

    again = run_dgkg("export", "--site", str(site), "--dist", str(built_dist))  # over the fixture's own site
    assert again.returncode == 0, again.stderr


def test_export_without_format_or_site_fails(built_dist: Path) -> None:
    result = run_dgkg("export", "--dist", str(built_dist))
    assert result.returncode == 2 and "--site" in result.stderr


def test_site_files_are_the_served_descriptions(site: Path, served) -> None:  # noqa: F811
    for ext in ("ttl", "jsonld", "nt"):
        status, _, body = get(served, f"/data/zheliban.{ext}")
        assert status == 200 and body == (site / "resource" / f"zheliban.{ext}").read_bytes(), ext


def test_descriptions_through_independent_parsers(site: Path) -> None:
    """pyoxigraph on each file, pyld on the JSON-LD, rapper's count on Turtle/N-Triples: same triples."""
    import shutil
    import subprocess

    import pyoxigraph as ox
    from pyld import jsonld as pyld

    def canonical(quads: list) -> set[str]:
        dataset = ox.Dataset(quads)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        return {str(q) for q in dataset}

    folder = site / "resource"
    turtle = canonical(list(ox.parse(path=str(folder / "zheliban.ttl"), format=ox.RdfFormat.TURTLE)))
    assert canonical(list(ox.parse(path=str(folder / "zheliban.nt"), format=ox.RdfFormat.N_TRIPLES))) == turtle
    assert canonical(list(ox.parse(path=str(folder / "zheliban.jsonld"), format=ox.RdfFormat.JSON_LD))) == turtle
    document = json.loads((folder / "zheliban.jsonld").read_text(encoding="utf-8"))
    nquads = pyld.to_rdf(pyld.expand(document), {"format": "application/n-quads"})
    assert canonical(list(ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS))) == turtle
    if shutil.which("rapper"):
        for name, syntax in (("zheliban.ttl", "turtle"), ("zheliban.nt", "ntriples")):
            result = subprocess.run(["rapper", "-i", syntax, "-c", str(folder / name)], capture_output=True, text=True)
            assert result.returncode == 0 and f"returned {len(turtle)} " in result.stderr, result.stderr
