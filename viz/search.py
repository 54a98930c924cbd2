"""Finding an entity by anything a reader might type: either script, English, pinyin or its slug.

Keys are folded in Python with the builder's own fold (OpenCC traditional-to-simplified, NFKC,
case-folded, white space dropped), so the page and the command line agree on what matches.
A browser has no OpenCC, so the page carries a small table mapping every traditional character
that folds to a character used in the keys; its script folds the query with that table, NFKC
and lower case, which for those characters is the same fold.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

from graph_build import fold, fold_char
from viz.model import Entity, ExplorerModel

CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
HAN = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in CJK_RANGES) + "]")


def has_han(text: str) -> bool:
    return HAN.search(text) is not None


def pinyin(text: str) -> str:
    """`浙里办` -> `zheliban`: toneless, unspaced, as people type it into a search box."""
    return "".join(lazy_pinyin(text, style=Style.NORMAL, v_to_u=False))


def search_keys(entity: Entity) -> list[str]:
    keys = [fold(entity.slug.replace("-", " "))]
    for label in entity.all_labels():
        keys.append(fold(label))
        if has_han(label):
            keys.append(fold(pinyin(label)))
    return [key for key in dict.fromkeys(keys) if key]


@lru_cache(maxsize=1)
def _traditional_variants() -> dict[str, list[str]]:
    """Simplified character -> the other characters OpenCC folds to it (once per process)."""
    variants: dict[str, list[str]] = {}
    for lo, hi in CJK_RANGES:
        for code in range(lo, hi + 1):
            ch = chr(code)
            folded = fold_char(ch)
            if len(folded) == 1 and folded != ch:
                variants.setdefault(folded, []).append(ch)
    return variants


def query_fold_table(keys: list[list[str]]) -> dict[str, str]:
    """The traditional -> simplified table a page needs to fold queries for these keys."""
    used = {ch for entity_keys in keys for key in entity_keys for ch in key}
    variants = _traditional_variants()
    return {trad: simp for simp in sorted(used) for trad in variants.get(simp, [])}


class LabelIndex:
    """Resolves what a user typed on the command line (slug or any label) to one entity."""

    def __init__(self, model: ExplorerModel) -> None:
        self.keys: dict[str, set[str]] = {}
        for slug, entity in model.entities.items():
            for key in [fold(slug)] + search_keys(entity):
                self.keys.setdefault(key, set()).add(slug)
        self.model = model

    def resolve(self, text: str) -> str:
        if text in self.model.entities:
            return text
        found = self.keys.get(fold(text), set())
        if len(found) == 1:
            return next(iter(found))
        if found:
            names = ", ".join(f"{slug} ({self.model.label(slug)})" for slug in sorted(found))
            raise LookupError(f"'{text}' names several entities: {names}; give a slug")
        near = difflib.get_close_matches(fold(text), list(self.keys), n=3, cutoff=0.6)
        hint = (
            "; did you mean " + ", ".join(f"{self.model.label(s)} ({s})" for key in near for s in sorted(self.keys[key])) + "?"
            if near
            else ""
        )
        raise LookupError(f"no entity is called '{text}'{hint}")
