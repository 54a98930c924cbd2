"""The static site under the web servers it ships rules for, each as Debian packages it: Apache
httpd (apache2-bin) reading the site's .htaccess, nginx including the site's nginx.conf. Every
resource IRI and /ontology negotiated by Accept, the dataset's IRI and /.well-known/void sent to
void.ttl, and every distribution void.ttl lists served at its download URL in its media type; the
site at the root of its server and under a path of it. Apache is given no types of its own (no
mime.types): the .htaccess must name them; nginx has its usual mime.types, which name none of RDF's."""

from __future__ import annotations

import http.client
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import DCAT

from bench.servers import free_port, launch, stop, tail
from conftest import run_dgkg

APACHE = shutil.which("apache2") or "/usr/sbin/apache2"
MODULES = Path("/usr/lib/apache2/modules")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
INSTALLED = {"apache": Path(APACHE).is_file(), "nginx": Path(NGINX).is_file()}
DGR = "https://w3id.org/dgkg/resource/"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


def apache_config(site: Path, work: Path, port: int) -> str:
    modules = ("mpm_event", "authz_core", "rewrite", "headers", "mime", "dir")
    return "\n".join(
        [
            *(f"LoadModule {name}_module {MODULES}/mod_{name}.so" for name in modules),
            f"ServerRoot {work}",
            f"PidFile {work}/httpd.pid",
            f"ErrorLog {work}/error.log",
            f"TypesConfig {work}/mime.types",  # empty: the site's .htaccess names every type it serves
            "ServerName localhost",
            f"Listen 127.0.0.1:{port}",
            "User nobody",  # Apache refuses to serve as root, which CI runs as
            "Group nogroup",
            f"DocumentRoot {site}",
            f'<Directory "{site}">',
            "    AllowOverride All",
            "    Require all granted",
            "</Directory>",
            "",
        ]
    )


@pytest.fixture(scope="module")
def exported(built_dist: Path) -> Iterator[Path]:
    """The site exported into ROOT/dgkg, every directory readable by the server's user."""
    root = Path(tempfile.mkdtemp(prefix="dgkg-site-"))
    try:
        root.chmod(0o755)
        result = run_dgkg("export", "--site", str(root / "dgkg"), "--dist", str(built_dist))
        assert result.returncode == 0, result.stderr
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def nginx_config(root: Path, site: Path, work: Path, port: int) -> str:
    temp = " ".join(f"{kind}_temp_path {work}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""daemon off;
master_process off;
user nobody nogroup;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{}}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    {temp}
    server {{
        listen 127.0.0.1:{port};
        root {root};
        include {site}/nginx.conf;
    }}
}}
"""


@pytest.fixture(
    scope="module",
    params=[("apache", ""), ("apache", "/dgkg"), ("nginx", ""), ("nginx", "/dgkg")],
    ids=["apache-at-the-root", "apache-under-a-path", "nginx-at-the-root", "nginx-under-a-path"],
)
def site(exported: Path, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A web server on a free port, the site at its root or at /dgkg/; yields the site's address."""
    server, prefix = request.param
    if not INSTALLED[server]:
        pytest.skip(f"{server} is not installed (Debian apache2-bin, nginx; bash scripts/setup.sh)")
    work = tmp_path_factory.mktemp(server)
    port = free_port()
    root = exported / "dgkg" if not prefix else exported
    if server == "apache":
        (work / "httpd.conf").write_text(apache_config(root, work, port), encoding="utf-8")
        (work / "mime.types").write_text("", encoding="utf-8")
        command = [APACHE, "-X", "-f", str(work / "httpd.conf")]
    else:
        (work / "nginx.conf").write_text(nginx_config(root, exported / "dgkg", work, port), encoding="utf-8")
        command = [NGINX, "-c", str(work / "nginx.conf"), "-p", str(work)]
    process = launch(command, work / "server.log")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=5).request("HEAD", "/")
            break
        except OSError:
            time.sleep(0.2)
    assert process.poll() is None, tail(work / "server.log") + tail(work / "error.log")
    yield f"127.0.0.1:{port}{prefix}"
    stop(process)


def get(site: str, path: str, accept: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """``path`` of the site at ``site`` (host:port and the site's path on the server)."""
    address, _, prefix = site.partition("/")
    host, port = address.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    conn.request("GET", f"/{prefix}{path}" if prefix else path, headers={"Accept": accept} if accept else {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def location(site: str, headers: dict[str, str]) -> str:
    """The path a redirect names (Apache writes an absolute URL), within the site."""
    path = "/" + headers["location"].split("/", 3)[3]
    prefix = "/" + site.partition("/")[2] if "/" in site else ""
    assert path.startswith(prefix + "/"), (path, prefix)
    return path[len(prefix) :]


@pytest.mark.parametrize(
    "accept, document, media_type",
    [
        ("text/turtle", "/resource/zheliban.ttl", "text/turtle"),
        ("application/ld+json", "/resource/zheliban.jsonld", "application/ld+json"),
        ("application/n-triples", "/resource/zheliban.nt", "application/n-triples"),
        (BROWSER, "/resource/zheliban.html", "text/html"),
        (None, "/resource/zheliban.html", "text/html"),
    ],
)
def test_a_resource_iri_is_negotiated(site: str, accept: str | None, document: str, media_type: str) -> None:
    status, headers, _ = get(site, "/resource/zheliban", accept)
    assert status == 303 and location(site, headers) == document and "Accept" in headers.get("vary", "")
    status, headers, body = get(site, document, accept)
    assert status == 200 and headers["content-type"].startswith(media_type) and body


def test_the_ontology_is_negotiated(site: str) -> None:
    status, headers, _ = get(site, "/ontology", "text/turtle")
    assert status == 303 and location(site, headers) == "/ontology.ttl"
    status, headers, _ = get(site, "/ontology", BROWSER)
    assert status == 303 and location(site, headers) == "/docs/index.html"


def test_the_dataset_and_its_distributions_resolve(site: str, built_dist: Path) -> None:
    status, headers, _ = get(site, "/resource/dataset/dgkg", "text/turtle")
    assert status == 303 and location(site, headers) == "/void.ttl"
    status, headers, described = get(site, "/.well-known/void")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert described == (built_dist / "void.ttl").read_bytes()
    void = Graph().parse(data=described.decode("utf-8"), format="turtle")
    distributions = list(void.objects(None, DCAT.distribution))
    assert len(distributions) >= 9
    for distribution in distributions:
        url, media_type = next(void.objects(distribution, DCAT.downloadURL)), next(void.objects(distribution, DCAT.mediaType))
        path = "/resource/" + str(url).removeprefix(DGR)
        status, headers, body = get(site, path)
        assert status == 200 and body == (built_dist / path.rsplit("/", 1)[1]).read_bytes(), path
        assert str(media_type).endswith("/" + headers["content-type"].split(";")[0]), (path, headers["content-type"])


def test_an_unknown_resource_is_not_found(site: str) -> None:
    assert get(site, "/resource/no-such-thing", "text/turtle")[0] == 404
