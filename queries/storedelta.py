"""The store of an incremental build (`dgkg build --incremental`): the previous dist/'s store,
copied and changed by the difference between its dumps and the new ones, instead of every quad
loaded again (at 100k triples the load and its label index took 5 of a rebuild's 23 s).

The dumps are written sorted (graph_build.dumps), so the two are compared in one pass over both,
in bounded memory, line by line: dgkg.nq's lines as the build wrote them, the inferences as the
N-Quads lines of their graph. Only the lines that differ are parsed. Their blank nodes keep the
RDFC-1.0 labels of the dump: they are the nodes a fresh load would give the store, so the updated
store holds the quads a fresh load would, blank nodes included.

The copy is a RocksDB checkpoint (hard links to the immutable files of the previous store), and
the new dist/ is swapped in whole or not at all, so the previous build is never changed.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

# Bumped whenever the store holds something else for the same dumps: a store written by another
# layout is then loaded afresh, never patched.
STORE_LAYOUT = "union-default-graph/2"
# Beyond this many changed quads a fresh load is as quick, and the difference is not held.
DIFFERENCE_LIMIT = 100_000
# Each rebuild leaves the store a few small files (one per index it changed), and a read looks in
# each. Past this many, they are compacted into one per index: 0.7 s at 100k triples, 4.5 s at
# 1M, paid once in several rebuilds rather than on each.
COMPACT_AFTER = 96


class StoreMemo(Protocol):
    """Where the build keeps, between builds, which dumps the store beside them was loaded from
    (graph_build.memo)."""

    def get(self, name: str, key: str) -> bytes | None: ...

    def put(self, name: str, key: str, content: bytes) -> None: ...


@dataclass(frozen=True)
class PreviousBuild:
    """The dist/ an incremental build replaces, and the memo the build keeps beside it."""

    dist: Path
    memo: StoreMemo


@dataclass(frozen=True)
class Difference:
    removed: list[ox.Quad]
    added: list[ox.Quad]

    @classmethod
    def of_lines(cls, removed: list[str], added: list[str]) -> "Difference":
        return cls(_parsed(removed), _parsed(added))

    def touches(self, predicates: Iterable[str]) -> bool:
        """Whether a changed quad has one of ``predicates`` (IRIs)."""
        wanted = set(predicates)
        return any(quad.predicate.value in wanted for quad in (*self.removed, *self.added))


class NotSorted(Exception):
    """A dump is not in the order the build writes: it is not compared, the store is loaded."""


def dumps_key(dist: Path, dumps: Iterable[str]) -> str:
    """What names the store a build wrote into ``dist``: the layout and the digest of each dump
    it was loaded from."""
    hashed = hashlib.sha256(STORE_LAYOUT.encode("ascii"))
    for name in dumps:
        with (dist / name).open("rb") as stream:
            hashed.update(hashlib.file_digest(stream, "sha256").digest())
    return hashed.hexdigest()


def difference(dumps: Iterable[tuple[Iterator[str], Iterator[str]]], limit: int = DIFFERENCE_LIMIT) -> Difference | None:
    """The statements only in the old and those only in the new of each (old, new) pair of sorted
    N-Quads line streams (each line once), or None when they differ by more than ``limit``;
    raises NotSorted if a stream is not sorted."""
    removed: list[str] = []
    added: list[str] = []
    for old_lines, new_lines in dumps:
        old, new = _ascending(old_lines), _ascending(new_lines)
        before, after = next(old, None), next(new, None)
        while before is not None or after is not None:
            if before == after:
                before, after = next(old, None), next(new, None)
                continue
            if after is None or before is not None and before < after:
                removed.append(before)  # type: ignore[arg-type]
                before = next(old, None)
            else:
                added.append(after)
                after = next(new, None)
            if len(removed) + len(added) > limit:
                return None
    return Difference.of_lines(removed, added)


def _ascending(lines: Iterator[str]) -> Iterator[str]:
    previous = ""
    for line in lines:
        if line < previous:
            raise NotSorted(line)
        previous = line
        yield line


def _parsed(lines: list[str]) -> list[ox.Quad]:
    return list(ox.parse("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_QUADS, lenient=True))


def copy_store(source: Path, target: Path) -> None:
    """A copy of the store at ``source`` at ``target``, sharing its immutable files (a RocksDB
    checkpoint); the source is opened read-only, as a server reading it may hold it."""
    ox.Store.read_only(str(source)).backup(str(target))


def apply(store: ox.Store, change: Difference) -> None:
    """``change`` made to a store whose default graph is the union of its named graphs, keeping
    it so: a triple leaves the default graph only when no named graph holds it any longer."""
    default = ox.DefaultGraph()
    for quad in change.removed:
        store.remove(quad)
    store.extend(change.added)
    for quad in change.removed:
        held = store.quads_for_pattern(quad.subject, quad.predicate, quad.object)
        if not any(type(other.graph_name) is not ox.DefaultGraph for other in held):
            store.remove(ox.Quad(quad.subject, quad.predicate, quad.object, default))
    store.extend(ox.Quad(q.subject, q.predicate, q.object, default) for q in change.added)
    # Into the database's files, not only its log: a read-only copy of this store (the next
    # incremental build's checkpoint) sees only what is in its files.
    store.flush()


def compact_if_fragmented(store: ox.Store, directory: Path) -> None:
    """The store at ``directory`` compacted if its changes have left it in more than COMPACT_AFTER files."""
    if sum(1 for f in directory.iterdir() if f.suffix == ".sst") > COMPACT_AFTER:
        store.optimize()


def discard(target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
