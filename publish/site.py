"""`dgkg export --site DIR`: the dereferenceable IRIs as static files, for any web server.

    DIR/resource/<slug>.html  .ttl  .jsonld  .nt    the entity page and its description
    DIR/resource/index.html                          every entity by class
    DIR/resource/sources/<doc>.html, index.html      each source document: citation, claims, quotes
    DIR/ontology.ttl .owl .nt .jsonld, DIR/docs/     the ontology and its documentation
    DIR/viz/                                          the explorer and timeline the pages link to
    DIR/void.ttl, DIR/context.jsonld                  the dataset description, the JSON-LD context
    DIR/resource/dataset/dgkg/<file>                  each distribution void.ttl lists (dgkg.nq, …)
    DIR/.htaccess                                     Apache: 303 from /resource/<slug> by Accept;
                                                      the dataset's IRI and /.well-known/void to void.ttl
    DIR/nginx.conf                                    the same for nginx, to include in its server block

The descriptions are the bytes `dgkg serve` returns at /data/<slug>.<ext> (the same query, the same
rendering in publish.linked_data), and the pages the ones the build wrote to dist/site/.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from ontology import formats, PREFIXES
from publish.linked_data import (
    BY_EXTENSION,
    SITE_EXTENSIONS,
    description_quads,
    description_query,
    ontology_document,
    published_context,
    render,
)
from publish.description import DATASET_PATH, DISTRIBUTIONS
from publish.source import DistMissing, resource_base

# Media types a browser sends for an HTML page (an Accept of text/html,application/xml;q=0.9,…):
# mod_rewrite reads no q-values, so a rule on these would send readers RDF instead of the page.
BROWSER_TYPES = frozenset({"application/xml", "text/xml", "text/plain"})
ONTOLOGY_FORMATS = (formats.FORMATS["turtle"], formats.FORMATS["jsonld"], formats.FORMATS["rdfxml"])
ONTOLOGY_FILES = {"rdfxml": "ontology.owl"}  # RDF/XML keeps the name Protégé users know


def _asked_for(fmt: formats.Format) -> list[str]:
    """The media types of ``fmt`` whose presence in an Accept header asks for it (no q-values:
    neither mod_rewrite nor nginx's `if` reads them)."""
    return [t for t in fmt.media_types if t not in BROWSER_TYPES]


def _accepting(fmt: formats.Format) -> str:
    """mod_rewrite conditions: the request's Accept names one of the format's media types."""
    types = _asked_for(fmt)
    return "\n".join(
        f"RewriteCond %{{HTTP_ACCEPT}} {_pattern(t)}{' [OR]' if i < len(types) - 1 else ''}" for i, t in enumerate(types)
    )


def _pattern(media_type: str) -> str:
    """A media type as a regular expression (ld+json: the + is literal)."""
    return media_type.replace(".", "\\.").replace("+", "\\+")


def _ontology_suffix(fmt: formats.Format) -> str:
    """The extension of the ontology's file in ``fmt`` (ontology.owl for RDF/XML)."""
    return ONTOLOGY_FILES.get(fmt.name, f"ontology.{fmt.extension}").rsplit(".", 1)[1]


def _served_types() -> list[tuple[str, str]]:
    """(media type, extension) of each kind of file the site serves that a server need not know:
    every RDF syntax (the distributions, the descriptions, the ontology's files) and the pages."""
    pairs = [(fmt.media_type, fmt.extension) for fmt in formats.FORMATS.values()]
    pairs += [(fmt.media_type, _ontology_suffix(fmt)) for fmt in ONTOLOGY_FORMATS]
    return list(dict.fromkeys([*pairs, ("text/html", "html")]))


def htaccess() -> str:
    """Apache rules for the static site: media types, and 303 See Other from each resource IRI
    (and /ontology) to the document in the format the Accept header asks for, HTML by default;
    the dataset's IRI and /.well-known/void to void.ttl. Each target is an absolute path made from
    the request's own (mod_rewrite would prefix a relative one with the directory's path on disk),
    so the site works at any path of its server (tests/test_site_web_servers.py runs it under Apache)."""
    types = _served_types()
    resource = "^resource/([a-z0-9][a-z0-9-]*)$"
    lines = [
        "# dgkg static site: content negotiation for https://w3id.org/dgkg/resource/<slug>",
        "# (map the w3id.org redirect of /dgkg/resource/ to <this site>/resource/). Needs mod_rewrite, mod_headers.",
        "Options -MultiViews",
        *(f"AddType {media_type} .{ext}" for media_type, ext in types),
        "AddCharset utf-8 " + " ".join(sorted({f".{ext}" for _, ext in types} - {".jsonld", ".owl"})),
        "RewriteEngine On",
        "# the dataset's IRI: 303 See Other to its description, which VoID also looks for at /.well-known/void",
        f"RewriteCond %{{REQUEST_URI}} ^(.*/)resource/{DATASET_PATH}/?$",
        f"RewriteRule ^resource/{DATASET_PATH}/?$ %1void.ttl [R=303,L]",
        "RewriteRule ^\\.well-known/void$ void.ttl [L]",
        "# resource IRIs: 303 See Other to the document for the Accept header (HTML by default), if there is one",
    ]
    for fmt in formats.SITE_FORMATS:
        lines += [
            _accepting(fmt),
            "RewriteCond %{REQUEST_FILENAME}.html -f",
            f"RewriteRule {resource} %{{REQUEST_URI}}.{fmt.extension} [R=303,L]",
        ]
    lines += [
        "RewriteCond %{REQUEST_FILENAME}.html -f",
        f"RewriteRule {resource} %{{REQUEST_URI}}.html [R=303,L]",
        "# the ontology (hash IRIs): /ontology by Accept",
    ]
    for fmt in ONTOLOGY_FORMATS:
        lines += [_accepting(fmt), f"RewriteRule ^ontology$ %{{REQUEST_URI}}.{_ontology_suffix(fmt)} [R=303,L]"]
    lines += [
        "RewriteCond %{REQUEST_URI} ^(.*/)ontology$",
        "RewriteRule ^ontology$ %1docs/index.html [R=303,L]",
        '<If "%{REQUEST_URI} =~ m#^/(.*/)?(resource/[^./]+|ontology)$#">',
        "    Header always append Vary Accept",
        "</If>",
    ]
    return "\n".join(lines) + "\n"


def nginx_conf() -> str:
    """The same rules for nginx, to include in the server block that serves the site (at the
    server's root or under any path of it): the types of the data files, 303 See Other from each
    resource IRI and /ontology by the Accept header, the dataset's IRI and /.well-known/void to
    void.ttl. A format wins as under Apache: the first of the site's formats the header names."""
    by_type: dict[str, list[str]] = {}
    for media_type, ext in _served_types():
        if ext != "html":  # nginx's own mime.types has it, and a types block replaces them all
            by_type.setdefault(media_type, []).append(ext)
    extensions = "|".join(sorted(ext for exts in by_type.values() for ext in exts))

    def negotiated(formats: tuple[formats.Format, ...], suffix: Callable[[formats.Format], str]) -> list[str]:
        return [
            f'    if ($http_accept ~* "{"|".join(map(_pattern, _asked_for(fmt)))}") {{ return 303 $uri.{suffix(fmt)}; }}'
            for fmt in formats
        ]

    return "\n".join(
        [
            "# dgkg static site for nginx: include this file in the server block that serves the site.",
            f"location ~ \\.({extensions})$ {{",
            "    types {",
            *(f"        {media_type} {' '.join(exts)};" for media_type, exts in by_type.items()),
            "    }",
            "    charset utf-8;",
            "    charset_types text/turtle application/n-triples application/n-quads application/trig application/rdf+xml;",
            "}",
            f"location ~ ^(?<dgkg_site>.*/)resource/{DATASET_PATH}/?$ {{ return 303 ${{dgkg_site}}void.ttl; }}",
            "location ~ ^(?<dgkg_site>.*/)\\.well-known/void$ { rewrite ^ ${dgkg_site}void.ttl last; }",
            "location ~ ^/(.*/)?resource/[a-z0-9][a-z0-9-]*$ {",
            "    add_header Vary Accept always;",
            "    if (!-f $request_filename.html) { return 404; }",
            *negotiated(formats.SITE_FORMATS, lambda fmt: fmt.extension),
            "    return 303 $uri.html;",
            "}",
            "location ~ ^(?<dgkg_site>.*/)ontology$ {",
            "    add_header Vary Accept always;",
            *negotiated(ONTOLOGY_FORMATS, _ontology_suffix),
            "    return 303 ${dgkg_site}docs/index.html;",
            "}",
            "",
        ]
    )


def write_site(dist: Path, target: Path) -> list[Path]:
    """Every file of the static site under ``target``; returns the files written."""
    from queries import Store

    if not (dist / "dgkg.trig").is_file() or not (dist / "site").is_dir():
        raise DistMissing(f"{dist} is not a complete build: run `dgkg build` first")
    # The site writes index.html, .htaccess, nginx.conf, site/, docs/ and viz/ at its top: into a
    # web root or any folder of someone's files, it would overwrite theirs.
    if target.is_dir() and any(target.iterdir()) and not ((target / "void.ttl").is_file() and (target / "resource").is_dir()):
        raise FileExistsError(
            f"{target} holds files but is not a site dgkg wrote (no void.ttl and resource/); "
            "give a new or empty directory, and copy the site into place from there"
        )
    base = resource_base(dist)
    prefixes = {prefix: str(ns) for prefix, ns in PREFIXES.items()} | {"dgr": base}
    context = published_context(dist)
    store = Store.from_dist(dist)
    resources = target / "resource"
    resources.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for page in sorted((dist / "site").glob("*.html")):
        shutil.copyfile(page, resources / page.name)
        written.append(resources / page.name)
        slug = page.stem
        if slug == "index":
            continue
        quads = description_quads(store._select(description_query(base + slug, base)))
        for ext in SITE_EXTENSIONS:
            path = resources / f"{slug}.{ext}"
            path.write_bytes(render(quads, BY_EXTENSION[ext].name, base, prefixes, context).encode("utf-8"))
            written.append(path)
    if (dist / "site" / "sources").is_dir():  # beside the entity pages, which link them as sources/<doc>.html
        (resources / "sources").mkdir(exist_ok=True)
        for page in sorted((dist / "site" / "sources").glob("*.html")):
            shutil.copyfile(page, resources / "sources" / page.name)
            written.append(resources / "sources" / page.name)
    for name in ("ontology.ttl", "ontology.owl", "void.ttl", "context.jsonld"):
        shutil.copyfile(dist / name, target / name)
        written.append(target / name)
    downloads = resources / DATASET_PATH  # where void.ttl's dcat:downloadURLs point
    downloads.mkdir(parents=True, exist_ok=True)
    for name in DISTRIBUTIONS:
        if (dist / name).is_file():
            _link_or_copy(dist / name, downloads / name)
            written.append(downloads / name)
    for ext in ("nt", "jsonld"):  # beside ontology.ttl and ontology.owl, copied from dist/
        (target / f"ontology.{ext}").write_bytes(ontology_document(dist, ext, base, prefixes))
        written.append(target / f"ontology.{ext}")
    for folder in ("docs", "viz"):
        if (dist / folder).is_dir():
            shutil.copytree(dist / folder, target / folder, dirs_exist_ok=True)
            written.extend(p for p in (target / folder).rglob("*") if p.is_file())
    # The pages' shared navigation bar links the entity index at ../site/ (its place in dist/);
    # in the site the pages live under resource/, so site/ sends the reader there.
    (target / "site" / "sources").mkdir(parents=True, exist_ok=True)
    (target / "site" / "index.html").write_text(_redirect("../resource/index.html"), encoding="utf-8")
    (target / "site" / "sources" / "index.html").write_text(_redirect("../../resource/sources/index.html"), encoding="utf-8")
    written += [target / "site" / "index.html", target / "site" / "sources" / "index.html"]
    (target / ".htaccess").write_text(htaccess(), encoding="utf-8")
    (target / "nginx.conf").write_text(nginx_conf(), encoding="utf-8")
    (target / "index.html").write_text(
        _redirect(
            "resource/index.html",
            ' · <a href="resource/sources/index.html">Sources 来源文献</a>'
            ' · <a href="docs/index.html">Ontology 本体</a> · <a href="void.ttl">void.ttl</a>',
        ),
        encoding="utf-8",
    )
    written += [target / ".htaccess", target / "index.html"]
    return written


def _link_or_copy(source: Path, target: Path) -> None:
    """A hard link where the two are on one file system (the dumps run to gigabytes at a million
    triples); a copy elsewhere. Either way a later build, which replaces dist/'s files, leaves it."""
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _redirect(to: str, more: str = "") -> str:
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="0; url={to}"><title>dgkg</title></head>'
        f'<body><a href="{to}">All entities 全部实体</a>{more}</body></html>\n'
    )
