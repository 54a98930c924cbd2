"""Rendering templates and writing pages: autoescaped Jinja2, files written as UTF-8.

Autoescaping makes every label and quote interpolated into a template text, never markup;
data for scripts goes through `tojson`, which escapes <, >, & and ' so that a label such as
`</script>` cannot end the JSON block. Pages are written here rather than by pyvis, whose
writer uses the platform's default encoding.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # The templates ship with the package and do not change while it runs; reloading would
        # stat each template's file on every page (a tenth of a millisecond each on a slow disk).
        auto_reload=False,
    )


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)


@dataclass(frozen=True)
class Page:
    """A template and everything it is given, rendered when its HTML is asked for."""

    template: str
    context: dict[str, Any]

    def html(self) -> str:
        return render(self.template, **self.context)

    def digest(self) -> str | None:
        """What the page is made from, as a digest: two pages with the same digest render the same
        HTML with the same code (viz.pagememo names the code). The context is pickled, never read
        back: a value pickles to the same bytes in any process (sets aside, which then differ, so
        a page is rendered again), and a function is taken as its name and the values it closes
        over. None when a value does not pickle (a function inside another value): the page is
        then always rendered."""
        parts = (self.template, [(name, _plain(value)) for name, value in self.context.items()])
        try:
            return hashlib.sha256(pickle.dumps(parts, protocol=5)).hexdigest()
        except (pickle.PicklingError, TypeError, AttributeError):
            return None


def _plain(value: object) -> object:
    if callable(value) and hasattr(value, "__code__"):
        cells = tuple(cell.cell_contents for cell in value.__closure__ or ())  # type: ignore[attr-defined]
        return (value.__module__, value.__qualname__, value.__defaults__, cells)  # type: ignore[attr-defined]
    return value


def write_page(path: Path, html: str) -> Path:
    """``html`` at ``path``, its folders made where missing: only then, since asking for each of a
    build's pages (56,000 at a million triples) cost two system calls and an exception apiece."""
    try:
        path.write_text(html, encoding="utf-8")
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    return path
