"""What every page shares, computed once per graph: centrality, facets, search keys, class table.

A build writes hundreds of entity pages and the server renders them on demand; both hold one
`Views` so that PageRank, regions and search keys are computed once, not per page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from model import ReadModel
from viz.analytics import Analysis
from viz.facets import Facets
from viz.loading import StoredPinyin, load_model
from viz.search import query_fold_table, search_keys
from viz.source_texts import Paragraphs, read_paragraphs
from viz.style import ClassStyle, class_style


@dataclass(frozen=True)
class ClassEntry:
    iri: str
    zh: str
    en: str
    style: ClassStyle
    count: int


class Views:
    def __init__(self, model: ReadModel, paragraphs: Paragraphs | None = None, pinyin: Mapping[str, str] | None = None) -> None:
        self.model = model
        self.paragraphs = paragraphs or {}  # source -> locator -> the paragraph a quote comes from
        # label -> its pinyin, where already spelt (viz.loading.StoredPinyin); not read before it is needed
        self.pinyin = pinyin if pinyin is not None else {}

    @classmethod
    def from_dist(cls, dist: Path) -> "Views":
        return cls(load_model(dist), read_paragraphs(dist), StoredPinyin(dist))

    @cached_property
    def analysis(self) -> Analysis:
        return Analysis(self.model)

    @cached_property
    def facets(self) -> Facets:
        return Facets.of(self.model)

    @cached_property
    def keys(self) -> dict[str, list[str]]:
        return {slug: search_keys(entity, self.pinyin) for slug, entity in self.model.entities.items()}

    @cached_property
    def fold_table(self) -> dict[str, str]:
        return query_fold_table(list(self.keys.values()))

    @cached_property
    def classes(self) -> list[ClassEntry]:
        """Top classes, most populous first: the legend, the class filter and the colours."""
        counts = Counter(self.model.top_class(slug) for slug in self.model.entities)
        order = sorted(counts, key=lambda iri: (-counts[iri], iri))
        vocab = self.model.vocabulary
        return [
            ClassEntry(iri, vocab.label(iri, "zh-hans"), vocab.label(iri, "en"), class_style(iri, order), counts[iri])
            for iri in order
        ]

    @cached_property
    def class_index(self) -> dict[str, int]:
        return {entry.iri: index for index, entry in enumerate(self.classes)}

    def style(self, slug: str) -> ClassStyle:
        return self.classes[self.class_index[self.model.top_class(slug)]].style

    @cached_property
    def _top_rank(self) -> float:
        return max(self.analysis.pagerank.values(), default=1.0) or 1.0

    def importance(self, slug: str) -> float:
        """PageRank relative to the top entity's, square-root scaled so that hubs do not swallow the
        picture: node size, and the order in which labels claim room on the screen."""
        return round((self.analysis.pagerank.get(slug, 0.0) / self._top_rank) ** 0.5, 3)
