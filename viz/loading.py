"""Getting the model: from a built dist/, or from the graph `dgkg build` has just compiled.

Both read through the one loader (model.read_model) from a store: the build's `dist/store`,
or an in-memory store of a compiled graph, so what the views show is what SPARQL answers.
"""

from __future__ import annotations

from pathlib import Path

from graph_build import KnowledgeGraph
from model import read_model, ReadModel
from queries import Store, StoreMissing


def model_from_knowledge_graph(graph: KnowledgeGraph) -> ReadModel:
    store = Store.from_graph(graph)
    return read_model(store.select, store.layout)


def load_model(dist: Path) -> ReadModel:
    """The model of a built graph; a clear error when dist/ has not been built."""
    store = _store(dist)
    return read_model(store.select, store.layout)


def load_model_and_pinyin(dist: Path) -> tuple[ReadModel, dict[str, str]]:
    """The model of a built graph, and the pinyin of each label with Chinese characters as the
    build's label file spells it (one spelling for the explorer's search and the command line's,
    made once: pypinyin takes a tenth of a millisecond a label, 0.8 s at 100k triples); both from
    one opening of the store."""
    store = _store(dist)
    return read_model(store.select, store.layout), store.labels.pinyin()


def _store(dist: Path) -> Store:
    try:
        return Store.from_dist(dist)
    except StoreMissing as error:
        raise FileNotFoundError(f"{error}") from None
