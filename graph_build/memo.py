"""What a build keeps for the next one (`dgkg build --incremental`), beside its dist/: the state of
the costly checks and of the store, each under a key made of its whole input, so a rebuild redoes
only what its input no longer matches and gives the same result as a full build.

- SHACL: a digest of every subject's triples, kept once the graph conformed. A rebuild checks only
  the subjects whose triples changed and those that point at them (the shapes look one step along
  a subject's properties: a value's class, kind and datatype); every other subject's result
  cannot have changed. Any change to the shapes, the ontology or the IRI base checks everything.
  (tests/test_shacl_agreement.py holds the shapes to that one step.)
- Reasoning: HermiT's answer for the exact input it was given (ontology.reasoning).
- The pages: what each entity's and source's page was made from, as a digest, and the identity of
  the file written (viz.pagememo). A rebuild links the pages whose digest is the same.
- The explorer's layouts: the positions of each community's (or component's) nodes, under a
  digest of its nodes and links (viz.layout). A rebuild lays out only the parts whose links changed.
- The store: the digest of the dumps it was loaded from (dgkg.nq, inferred.ttl), in which layout
  (queries.storedelta). A rebuild copies the previous dist/'s store and changes only what differs
  between the two builds' dumps, when the previous dumps are the ones named; otherwise it loads
  every quad.

The files are plain JSON and N-Triples text, read as data (never unpickled), and a file that
cannot be read counts as missing: the build then does the full work.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any


from ontology import MODULES_DIR, SHAPES_PATH


def memo_dir(dist: Path) -> Path:
    """Where the build into `dist` keeps its memo: `dist.cache` beside it (`dist.*` is ignored by
    git), outside dist/ so that nothing of it is published."""
    return dist.with_name(dist.name + ".cache")


def digest(parts: Iterable[str]) -> str:
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(part.encode("utf-8"))
        hashed.update(b"\n")
    return hashed.hexdigest()


def schema_key() -> str:
    """A digest of the ontology's and the shapes' source files, which load_ontology and
    load_shapes read (hashing the files, not the graphs, spares canonicalising their blank
    nodes: a second per build)."""
    paths = [*sorted(MODULES_DIR.glob("*.ttl")), SHAPES_PATH]
    return digest(f"{path.name} {hashlib.sha256(path.read_bytes()).hexdigest()}" for path in paths)


class BuildMemo:
    """The memo in `directory`, read and then written by the build."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _load(self, name: str) -> bytes | None:
        try:
            return (self.directory / name).read_bytes()
        except OSError:
            return None

    def _store(self, name: str, content: bytes) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        partial = self.directory / f".{name}.partial"
        partial.write_bytes(content)
        partial.replace(self.directory / name)  # a reader sees the old file or the new one

    # -- SHACL ---------------------------------------------------------------------------------
    def shacl_changed(self, key: str, digests: dict[str, str]) -> set[str] | None:
        """The subjects (N-Triples IRIs, as `digests` names them) whose triples changed, appeared or
        went since the build that kept the memo; None when there is no usable memo (check all)."""
        stored = self._load("shacl.json")
        try:
            previous = json.loads(stored) if stored is not None else None
        except ValueError:
            previous = None
        if not isinstance(previous, dict) or previous.get("key") != key or not isinstance(previous.get("subjects"), dict):
            return None
        if any(subject.startswith("_:") for subject in digests):
            return None  # a blank node's label changes from build to build: no telling what changed
        before: dict[str, str] = previous["subjects"]
        return {s for s, d in digests.items() if before.get(s) != d} | (before.keys() - digests.keys())

    def shacl_conformed(self, key: str, digests: dict[str, str]) -> None:
        self._store("shacl.json", json.dumps({"key": key, "subjects": digests}, sort_keys=True).encode("utf-8"))

    # -- JSON sections: the pages (viz.pagememo), the explorer's layouts (viz.layout) -------------
    def section(self, name: str, key: str) -> dict[str, Any] | None:
        """The entries the last build kept under ``name``, if it kept them under ``key`` (the code
        and the versions that made them)."""
        stored = self._load(f"{name}.json")
        try:
            recorded = json.loads(stored) if stored is not None else None
        except ValueError:
            return None
        if not isinstance(recorded, dict) or recorded.get("key") != key or not isinstance(recorded.get("entries"), dict):
            return None
        return recorded["entries"]

    def keep_section(self, name: str, key: str, entries: dict[str, Any]) -> None:
        self._store(f"{name}.json", json.dumps({"key": key, "entries": entries}, sort_keys=True).encode("utf-8"))

    # -- reasoning (ontology.reasoning.HermitMemo) ---------------------------------------------
    def get(self, name: str, key: str) -> bytes | None:
        stored = self._load(f"{name}.key")
        return self._load(f"{name}.nt") if stored is not None and stored.decode("ascii", "replace") == key else None

    def put(self, name: str, key: str, content: bytes) -> None:
        (self.directory / f"{name}.key").unlink(missing_ok=True)  # no moment where the old key names the new text
        self._store(f"{name}.nt", content)
        self._store(f"{name}.key", key.encode("ascii"))
