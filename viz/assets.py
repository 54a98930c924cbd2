"""What the pages inline: the graph libraries vendored from npm, and the explorer's own JS and CSS.

Pages must work with no network (readers behind networks that block public CDNs), so every
script and style is inlined from files in viz/static/: graph-libs.min.js is sigma.js,
graphology, ForceAtlas2 and Noverlap bundled by viz/vendor/build.sh with their licences in its
header. `remote_references` is the check that a page asks no other host for anything.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

STATIC = Path(__file__).parent / "static"
GRAPH_LIBRARIES = "graph-libs.min.js"

URL = re.compile(r"https?://[^\s\"'<>()\\`]+", re.IGNORECASE)
LOADING = [
    re.compile(r"""\b(?:src|href|action|formaction|poster|data|srcset|xlink:href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE),
    re.compile(r"""url\(\s*["']?\s*(?:https?:)?//""", re.IGNORECASE),
    re.compile(r"""@import\s+(?:url\()?\s*["']?\s*(?:https?:)?//""", re.IGNORECASE),
]


def _inlinable(text: str, name: str) -> str:
    """Refuse a file that would end its own <script>/<style> element early when inlined."""
    if re.search(r"</(script|style)", text, re.IGNORECASE):
        raise ValueError(f"{name} contains a closing </script> or </style> tag and cannot be inlined")
    return text


@lru_cache(maxsize=None)
def static(name: str) -> str:
    return _inlinable((STATIC / name).read_text(encoding="utf-8"), name)


def graph_libraries() -> str:
    return static(GRAPH_LIBRARIES)


@lru_cache(maxsize=1)
def _inert_library_urls() -> frozenset[str]:
    """URLs inside the vendored libraries that load nothing: licence headers, namespaces."""
    return frozenset(URL.findall(graph_libraries()))


def remote_references(html: str, allowed_prefixes: tuple[str, ...] = ()) -> list[str]:
    """Every reference in a page to another host: an empty list means the page is self-contained.

    Any URL in a loading position (src/href/url()/@import, also protocol-relative) counts. Other
    http(s) strings count too, except the vendored libraries' inert ones and text that starts
    with one of `allowed_prefixes` (an entity page shows its own IRI as text).
    """
    found = [m.group(0) for pattern in LOADING for m in pattern.finditer(html)]
    for url in URL.findall(html):
        if url not in _inert_library_urls() and not url.startswith(allowed_prefixes):
            found.append(url)
    return found
