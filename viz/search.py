"""Finding an entity by anything a reader might type: either script, English, pinyin or its slug.

Keys are folded in Python with the builder's own fold (OpenCC traditional-to-simplified, NFKC,
case-folded, white space dropped), so the page and the command line agree on what matches.
A browser has no OpenCC, so the page carries a small table mapping every traditional character
that folds to a character used in the keys; its script folds the query with that table, NFKC
and lower case, which for those characters is the same fold.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from graph_build import fold, fold_char, pinyin_key
from model import Entity

CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
HAN = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in CJK_RANGES) + "]")


def has_han(text: str) -> bool:
    return HAN.search(text) is not None


def search_keys(entity: Entity, spelled: Mapping[str, str] | None = None) -> list[str]:
    """What finds the entity; ``spelled``: the pinyin of labels already spelt (the label file's)."""
    spelled = spelled or {}
    keys = [fold(entity.slug.replace("-", " "))]
    for label in entity.all_labels():
        keys.append(fold(label))
        if has_han(label):
            keys.append(spelled.get(label) or pinyin_key(label))
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
