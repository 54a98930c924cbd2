"""Getting the model: from a built dist/, or from the graph `dgkg build` has just compiled.

A compiled graph is read through the one loader (model.read_model) from an in-memory store of
it; a built dist/ gives its model as its dataset's dumps stream, the files the build loaded into
`dist/store` (model.read_model_from_quads, held to the model that store answers by
tests/test_model.py), so what the views show is what SPARQL answers, and the build reads the
model while its store is being loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import cached_property
from pathlib import Path

from graph_build import KnowledgeGraph
from model import read_model, read_model_from_quads, ReadModel
from ontology import IriLayout
from queries import Store, StoreMissing, dataset_quads


def model_from_knowledge_graph(graph: KnowledgeGraph) -> ReadModel:
    store = Store.from_graph(graph)
    return read_model(store.select, store.layout)


def load_model(dist: Path) -> ReadModel:
    """The model of a built graph, read as its dataset's dumps stream (model.read_model_from_quads);
    a clear error when dist/ has not been built."""
    layout = IriLayout.read(dist)
    try:
        return read_model_from_quads(dataset_quads(dist, str(layout.inferred)), layout)
    except StoreMissing as error:
        raise FileNotFoundError(f"{error}") from None


def _open(dist: Path) -> Store:
    try:
        return Store.from_dist(dist)
    except StoreMissing as error:
        raise FileNotFoundError(f"{error}") from None


class StoredPinyin(Mapping[str, str]):
    """The pinyin of each label with Chinese characters, as the build's label file in ``dist``
    spells it: one spelling for the explorer's search and the command line's, made once
    (pypinyin takes a tenth of a millisecond a label, 0.8 s at 100k triples). Read when first
    looked up, once ``written`` has returned: in a build, the store's process writes the file
    while the views render the pages that need no pinyin."""

    def __init__(self, dist: Path, written: Callable[[], object] = lambda: None) -> None:
        self.dist, self.written = dist, written

    @cached_property
    def _spelt(self) -> dict[str, str]:
        self.written()
        return _open(self.dist).labels.pinyin()

    def __getitem__(self, label: str) -> str:
        return self._spelt[label]

    def __iter__(self) -> Iterator[str]:
        return iter(self._spelt)

    def __len__(self) -> int:
        return len(self._spelt)
