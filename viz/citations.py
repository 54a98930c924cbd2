"""Short names for sources, the way a reader cites them: "廖福崇 2021", "Digital Empowerment 2024".

The details panel shows a source beside every quote; the full title of a paper runs to 110
characters and, repeated under each fact, buries the quotes. A sole author gives "author year";
otherwise the title up to its subtitle (before a colon or dash) in the reader's language,
shortened at a word boundary, with the year. Author order is not in the graph (dgo:author is
unordered), so several authors are not reduced to a "first author et al.".
"""

from __future__ import annotations

import re

from model import ReadModel
from ontology import DGO

YEARS = (str(DGO.publicationYear), str(DGO.issuedYear), str(DGO.year))
LIMIT = {"zh-hans": 16, "en": 40}  # characters; a CJK character is about two Latin ones wide
SUBTITLE = re.compile(r"\s*(?:[:：]|——|—|\s-\s)\s*")


def short_title(model: ReadModel, source: str, lang: str) -> str:
    """The source's short name in `lang` (zh-hans or en)."""
    entity = model.entities.get(source)
    if entity is None:
        return _shorten(model.source_titles.get(source, source), LIMIT.get(lang, 40))
    facts = model.facts_about.get(source, [])
    authors = sorted({f.target for f in facts if f.predicate == str(DGO.author) and f.target})
    year = next((f.value[:4] for f in facts if f.predicate in YEARS and f.value), None)
    if len(authors) == 1:
        text = model.label(authors[0], lang)
    else:
        candidates = [entity.labels.get(lang)] + entity.alt_labels.get(lang, [])
        title = min((c for c in candidates if c), key=len, default=None) or entity.label(lang)
        text = _shorten(SUBTITLE.split(title, maxsplit=1)[0] or title, LIMIT.get(lang, 40))
    return f"{text} {year}" if year and year not in text else text


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if " " in cut:  # a word boundary, for Latin scripts
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;，、") + "…"
