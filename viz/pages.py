"""Rendering templates and writing pages: autoescaped Jinja2, files written as UTF-8.

Autoescaping makes every label and quote interpolated into a template text, never markup;
data for scripts goes through `tojson`, which escapes <, >, & and ' so that a label such as
`</script>` cannot end the JSON block. Pages are written here rather than by pyvis, whose
writer uses the platform's default encoding.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

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


def write_page(path: Path, html: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path
