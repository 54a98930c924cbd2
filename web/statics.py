"""The query page's static files at ``/static/<name>``: the YASQE/YASR bundle (web/vendor/build.sh),
the page's own script and style, and the explorer's graph libraries (viz/static/graph-libs.min.js).

Read once and sent as they are, same-origin, so the page needs no CDN. Each page links a file
by a URL carrying a hash of its content (``?v=``): a new version is a new URL, so a year's
cache is safe.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from web.outcome import Outcome, plain

CACHE = ("Cache-Control", "public, max-age=31536000, immutable")
_TYPES = {".js": "text/javascript", ".css": "text/css", ".txt": "text/plain"}
_OWN = ("yasgui.min.js", "yasgui.min.css", "yasgui.LICENSES.txt", "query.js", "query.css")
_FROM_VIZ = ("graph-libs.min.js",)


@dataclass(frozen=True)
class StaticFile:
    body: bytes
    content_type: str

    @property
    def version(self) -> str:
        return hashlib.sha256(self.body).hexdigest()[:16]


@cache
def files() -> dict[str, StaticFile]:
    found = {}
    for package, names in (("web", _OWN), ("viz", _FROM_VIZ)):
        for name in names:
            body = resources.files(package).joinpath("static", name).read_bytes()
            found[name] = StaticFile(body, _TYPES[name[name.rindex(".") :]] + "; charset=utf-8")
    return found


def urls() -> dict[str, str]:
    """Each file's versioned URL, as a page links it."""
    return {name: f"/static/{name}?v={file.version}" for name, file in files().items()}


def serve(path: str) -> Outcome:
    file = files().get(path.removeprefix("/static/"))
    if file is None:
        return plain(404, f"nothing at {path}")
    return Outcome(200, file.content_type, file.body, (CACHE,))
