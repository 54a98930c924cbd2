"""Getting the model: from a built dist/, or from the graph `dgkg build` has just compiled.

Both read through the one loader (model.read_model) from a store: an in-memory copy of the
named graphs of dist/'s dumps (which the build loads into `dist/store`), or an in-memory store of
a compiled graph, so what the views show is what SPARQL answers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from graph_build import KnowledgeGraph
from model import read_model, ReadModel
from queries import DATASET_DUMP, Store, StoreMissing


def model_from_knowledge_graph(graph: KnowledgeGraph) -> ReadModel:
    store = Store.from_graph(graph)
    return read_model(store.select, store.layout)


# An in-memory copy of the graphs costs ~400 bytes a quad (100 MB at 100k triples). Above this
# much N-Quads in dgkg.nq (some 300k triples) the model is read from the store on disk instead,
# 1.4 times slower, so that a million triples' build keeps within its memory.
COPY_AT_MOST = 150 * 2**20


def load_model(dist: Path) -> ReadModel:
    """The model of a built graph; a clear error when dist/ has not been built. Read from an
    in-memory copy of its named graphs (queries.Store.graphs_of), which the model's queries read
    faster than the store on disk, where the graph is small enough."""
    dump = dist / DATASET_DUMP
    small = dump.is_file() and dump.stat().st_size <= COPY_AT_MOST
    store = _open(Store.graphs_of if small else Store.from_dist, dist)
    return read_model(store.select, store.layout)


def load_model_and_pinyin(dist: Path) -> tuple[ReadModel, dict[str, str]]:
    """The model of a built graph, and the pinyin of each label with Chinese characters as the
    build's label file spells it (one spelling for the explorer's search and the command line's,
    made once: pypinyin takes a tenth of a millisecond a label, 0.8 s at 100k triples)."""
    return load_model(dist), _open(Store.from_dist, dist).labels.pinyin()


def _open(opener: Callable[[Path], Store], dist: Path) -> Store:
    try:
        return opener(dist)
    except StoreMissing as error:
        raise FileNotFoundError(f"{error}") from None
