"""What the pages inline: vis-network from the pyvis package, and the explorer's own JS and CSS.

Pages must work with no network (readers behind networks that block public CDNs), so every
script and style is inlined from files installed on this machine: vis-network 9.1.2 as
bundled inside pyvis 0.3.2 (the version its own `in_line` mode uses), and viz/static/*.
`remote_references` is the check that a page asks no other host for anything.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pyvis

VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
STATIC = Path(__file__).parent / "static"

URL = re.compile(r"https?://[^\s\"'<>()\\`]+", re.IGNORECASE)
LOADING = [
    re.compile(r"""\b(?:src|href|action|formaction|poster|data|srcset|xlink:href)\s*=\s*["']?\s*(?:https?:)?//""",
               re.IGNORECASE),
    re.compile(r"""url\(\s*["']?\s*(?:https?:)?//""", re.IGNORECASE),
    re.compile(r"""@import\s+(?:url\()?\s*["']?\s*(?:https?:)?//""", re.IGNORECASE),
]


def _inlinable(text: str, name: str) -> str:
    """Refuse a file that would end its own <script>/<style> element early when inlined."""
    if re.search(r"</(script|style)", text, re.IGNORECASE):
        raise ValueError(f"{name} contains a closing </script> or </style> tag and cannot be inlined")
    return text


@lru_cache(maxsize=None)
def vis_network_js() -> str:
    return _inlinable((VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8"), "vis-network.min.js")


@lru_cache(maxsize=None)
def vis_network_css() -> str:
    return _inlinable((VIS_DIR / "vis-network.css").read_text(encoding="utf-8"), "vis-network.css")


@lru_cache(maxsize=None)
def static(name: str) -> str:
    return _inlinable((STATIC / name).read_text(encoding="utf-8"), name)


@lru_cache(maxsize=1)
def _inert_library_urls() -> frozenset[str]:
    """URLs inside the vendored library that load nothing: licence comments, the SVG namespace."""
    return frozenset(URL.findall(vis_network_js()) + URL.findall(vis_network_css()))


def remote_references(html: str, allowed_prefixes: tuple[str, ...] = ()) -> list[str]:
    """Every reference in a page to another host: an empty list means the page is self-contained.

    Any URL in a loading position (src/href/url()/@import, also protocol-relative) counts. Other
    http(s) strings count too, except the vendored library's inert ones and text that starts
    with one of `allowed_prefixes` (an entity page shows its own IRI as text).
    """
    found = [m.group(0) for pattern in LOADING for m in pattern.finditer(html)]
    for url in URL.findall(html):
        if url not in _inert_library_urls() and not url.startswith(allowed_prefixes):
            found.append(url)
    return found
