"""The label index the build persists beside the store (``dist/labels.sqlite``), so that naming an
entity by a label does not load every label of the graph.

The file holds each label with its key (the folding of queries.labels.key) and its pinyin, both
computed once by the build, and every Latin spelling (pinyin, Latin labels, slugs) of
queries.labels.spellings_of, each table in the order the in-memory index would visit it, so
:class:`LabelFile` answers ``exact`` and ``lookup`` with a few indexed SQLite look-ups (or one
scan in C for a partial match) and gives the same entities, matched by the same labels, as a
:class:`~queries.labels.LabelIndex` of the same store. Only suggestions ("did you mean") need
every key: they load the index from the file, without folding or spelling anything again.

A store without the file (a dist/ written before it existed), or with a file written before the
store last changed, is read the old way, every label from the store: the store is the truth, and
a stale file would name the wrong entities.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path

from queries.labels import SUGGESTIONS, Entity, Label, LabelIndex, Labels, names_by_entity

LABEL_FILE = "labels.sqlite"
FORMAT = 1  # PRAGMA user_version of the file; a reader refuses any other
_SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE labels (
    position INTEGER PRIMARY KEY, entity TEXT NOT NULL, property TEXT NOT NULL, text TEXT NOT NULL,
    lang TEXT, key TEXT NOT NULL, pinyin TEXT NOT NULL
);
CREATE TABLE spellings (position INTEGER PRIMARY KEY, spelling TEXT NOT NULL, entity TEXT NOT NULL, label TEXT NOT NULL);
"""
# Made after the rows are in: one sort each, rather than an insertion into a growing b-tree per row.
_INDEXES = """
CREATE INDEX labels_by_key ON labels (key);
CREATE INDEX labels_by_entity ON labels (entity);
"""


def write_label_file(index: LabelIndex, path: Path) -> None:
    """The file of ``index`` (a fresh one at ``path``). The same labels in the same order give the
    same bytes: SQLite writes no time or random id into a file."""
    path.unlink(missing_ok=True)
    spellings = index._spellings
    with sqlite3.connect(path) as db:
        db.executescript(_SCHEMA)
        db.execute("INSERT INTO meta VALUES ('base', ?)", (index.base,))
        db.executemany(
            "INSERT INTO labels VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (position, label.entity, label.property, label.text, label.lang, folded, spelled)
                for position, (label, folded, spelled) in enumerate(zip(index.labels, index._keys, index._pinyin, strict=True))
            ),
        )
        db.executemany(
            "INSERT INTO spellings VALUES (?, ?, ?, ?)",
            (
                (position, spelling, entity, text)
                for position, (spelling, entity, text) in enumerate(
                    (spelling, entity, text) for spelling, spelt_by in spellings.items() for entity, text in spelt_by.items()
                )
            ),
        )
        db.executescript(_INDEXES)
        db.execute(f"PRAGMA user_version = {FORMAT}")
    db.close()


def open_label_file(dist: Path, store_dir: Path, base: str) -> "LabelFile | None":
    """The label file of the store at ``store_dir``, if there is one as new as the store, written
    for ``base`` in this format; else None (the caller loads every label from the store)."""
    path = dist / LABEL_FILE
    try:
        written = path.stat().st_mtime_ns
        changed = max((f.stat().st_mtime_ns for f in store_dir.iterdir() if _holds_data(f.name)), default=0)
    except OSError:
        return None
    if written < changed:
        return None
    try:
        db = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        version = db.execute("PRAGMA user_version").fetchone()[0]
        row = db.execute("SELECT value FROM meta WHERE name = 'base'").fetchone() if version == FORMAT else None
    except sqlite3.Error:
        return None
    if row is None or row[0] != base:
        db.close()
        return None
    return LabelFile(base, db)


def _holds_data(name: str) -> bool:
    """A file of the store's RocksDB database that a write changes (not its logs or lock, which
    opening the store touches)."""
    return name.endswith(".sst") or name.startswith(("MANIFEST-", "CURRENT"))


class LabelFile(Labels):
    """The persisted index, read-only: what a label names, found without loading every label.

    The endpoint's HTTP process binds parameters on several threads: they share the connection
    (opened with ``check_same_thread=False``) one statement at a time."""

    def __init__(self, base: str, db: sqlite3.Connection) -> None:
        self.base = base
        self._db = db
        self._lock = threading.Lock()

    def _rows(self, query: str, *args: str) -> list[tuple]:
        with self._lock:
            return self._db.execute(query, args).fetchall()

    def _labels(self, where: str, *args: str) -> list[tuple[Label, str]]:
        rows = self._rows(f"SELECT entity, property, text, lang, key FROM labels WHERE {where} ORDER BY position", *args)
        return [(Label(entity, prop, text, lang), folded) for entity, prop, text, lang, folded in rows]

    def names(self, iri: str) -> dict[str, str]:
        return names_by_entity(label for label, _ in self._labels("entity = ?", str(iri))).get(str(iri), {})

    def pinyin(self) -> dict[str, str]:
        return dict(self._rows("SELECT text, pinyin FROM labels WHERE pinyin != ''"))

    def _with_slug(self, slug: str) -> str | None:
        iri = self.base + slug
        return iri if slug and self._rows("SELECT 1 FROM labels WHERE entity = ? LIMIT 1", iri) else None

    def _with_key(self, folded: str) -> Iterable[Label]:
        return [label for label, _ in self._labels("key = ? AND key != ''", folded)]

    def _containing(self, wanted: str) -> Iterable[tuple[Label, str]]:
        return self._labels("instr(key, ?) > 0", wanted)

    def _spelt_containing(self, typed: str) -> Iterable[tuple[str, str, str]]:
        rows = self._rows("SELECT spelling, entity, label FROM spellings WHERE instr(spelling, ?) > 0 ORDER BY position", typed)
        return [(spelling, entity, text) for spelling, entity, text in rows]

    @cached_property
    def everything(self) -> LabelIndex:
        """Every label, for suggestions: read from the file with its key and pinyin."""
        rows = self._rows("SELECT entity, property, text, lang, key, pinyin FROM labels ORDER BY position")
        labels = [Label(entity, prop, text, lang) for entity, prop, text, lang, _, _ in rows]
        return LabelIndex.folded(self.base, labels, [row[4] for row in rows], [row[5] for row in rows])

    def suggest(self, text: str, limit: int = SUGGESTIONS) -> list[Entity]:
        return self.everything.suggest(text, limit)
