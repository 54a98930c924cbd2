"""Language tags as the sources write them. Oxigraph lower-cases a literal's tag (``zh-hans``);
every term dgkg hands on, in any library or format, has it back in BCP 47's conventional case.
Apart from ontology.rdfio, which needs rdflib, so that the query path's writers need neither."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=256)  # a graph has a handful of tags, converted for every literal read
def conventional_case(tag: str) -> str:
    """A language tag in BCP 47's conventional case: script subtags title-cased, regions
    upper-cased (``zh-hans`` -> ``zh-Hans``), as the sources write them."""
    first, *rest = tag.split("-")
    return "-".join([first.lower(), *(p.title() if len(p) == 4 else p.upper() if len(p) == 2 else p.lower() for p in rest)])
