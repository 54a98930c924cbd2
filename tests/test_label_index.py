"""The label file the build writes beside the store (queries.labelfile) answers as the index of
every label would: for every label of the real graph, in either script, in English and in pinyin,
the same entities, matched by the same labels; a typo gets the same suggestions; a dist/ without
the file, or with a file older than its store, is read the old way."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from graph_build import pinyin_key
from queries import LABEL_FILE, LabelIndex, ParameterError, Store
from queries.labelfile import LabelFile
from queries.labels import resolve_entity
from tests.conftest import run_dgkg


@pytest.fixture(scope="module")
def store(built_dist: Path) -> Store:
    return Store.from_dist(built_dist)


@pytest.fixture(scope="module")
def texts(store: Store) -> list[str]:
    """Every label of the graph, the pinyin of each Chinese one, and every slug."""
    labels = store.label_index.labels
    found = {label.text for label in labels}
    found |= {pinyin_key(label.text) for label in labels if any("\u4e00" <= ch <= "\u9fff" for ch in label.text)}
    found |= {store.slug(label.entity) for label in labels}
    return sorted(found)


def test_the_build_writes_the_file_and_a_store_reads_it(store: Store) -> None:
    assert isinstance(store.labels, LabelFile)
    assert isinstance(store.label_index, LabelIndex)
    assert len(store.label_index.labels) > 1000  # both scripts and English for hundreds of entities


def test_every_label_names_what_the_full_index_names(store: Store, texts: list[str]) -> None:
    persisted, full = store.labels, store.label_index
    for text in texts:
        assert persisted.exact(text) == full.exact(text), text
        assert persisted.lookup(text, limit=50) == full.lookup(text, limit=50), text


def test_every_label_binds_a_parameter_as_the_full_index_does(store: Store, texts: list[str]) -> None:
    def resolved(index: LabelFile | LabelIndex, text: str) -> str:
        try:
            return str(resolve_entity(index, "g", text))
        except ParameterError as error:  # several entities so called: the same rivals, listed alike
            return f"error: {error}"

    persisted, full = store.labels, store.label_index
    assert isinstance(persisted, LabelFile)
    for text in texts:
        assert resolved(persisted, text) == resolved(full, text), text


@pytest.mark.parametrize("typo", ["浙里搬", "國務阮", "zhelibn", "national data bureau", "state councl"])
def test_a_typo_gets_the_same_suggestions(store: Store, typo: str) -> None:
    suggested = store.labels.suggest(typo)
    assert suggested and suggested == store.label_index.suggest(typo)
    with pytest.raises(ParameterError, match="did you mean"):
        store.resolve("g", typo, None)


def copied(dist: Path, into: Path) -> Path:
    """The store and its label file, copied with their times (as `cp -p` would)."""
    into.mkdir()
    shutil.copytree(dist / "store", into / "store", copy_function=shutil.copy2)
    shutil.copy2(dist / LABEL_FILE, into / LABEL_FILE)
    return into


def test_a_missing_file_falls_back_to_every_label(built_dist: Path, tmp_path: Path) -> None:
    dist = copied(built_dist, tmp_path / "dist")
    (dist / LABEL_FILE).unlink()
    store = Store.from_dist(dist)
    assert isinstance(store.labels, LabelIndex)
    assert store.lookup("浙里办")[0].slug == "zheliban"


def test_a_file_older_than_its_store_falls_back(built_dist: Path, tmp_path: Path) -> None:
    dist = copied(built_dist, tmp_path / "dist")
    assert isinstance(Store.from_dist(dist).labels, LabelFile)
    current = dist / "store" / "CURRENT"
    later = (dist / LABEL_FILE).stat().st_mtime_ns + 10**9
    os.utime(current, ns=(later, later))  # the store was written again after the file
    assert isinstance(Store.from_dist(dist).labels, LabelIndex)


def test_a_file_of_another_format_falls_back(built_dist: Path, tmp_path: Path) -> None:
    dist = copied(built_dist, tmp_path / "dist")
    with sqlite3.connect(dist / LABEL_FILE) as db:
        db.execute("PRAGMA user_version = 0")
    db.close()
    assert isinstance(Store.from_dist(dist).labels, LabelIndex)


def test_two_writes_of_the_file_are_identical(store: Store, tmp_path: Path) -> None:
    from queries.labelfile import write_label_file

    for name in ("a", "b"):
        write_label_file(store.label_index, tmp_path / name)
    assert (tmp_path / "a").read_bytes() == (tmp_path / "b").read_bytes()


@pytest.mark.parametrize("called", ["浙里办", "浙裏辦", "Zhelibang", "zheliban", "zhe li ban", "浙里"])
def test_a_name_binds_without_loading_every_label(built_dist: Path, called: str) -> None:
    """Exact names in every script, pinyin, and a partial name taken as the closest: none loads
    the index of every label, from the store or from the file."""
    store = Store.from_dist(built_dist)
    binding = store.resolve("g", called, None)
    assert binding.term.value.startswith(store.base + "zheliban")
    labels = store.labels
    assert isinstance(labels, LabelFile)
    assert "label_index" not in vars(store) and "everything" not in vars(labels)


def test_a_dist_named_relative_to_the_working_directory_reads_its_file(built_dist: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`dgkg lookup --dist dist` in the directory above: the file is opened by a file URI, which a
    relative path has none of (it failed with a traceback before)."""
    monkeypatch.chdir(built_dist.parent)
    store = Store.from_dist(Path(built_dist.name))
    assert isinstance(store.labels, LabelFile)
    assert store.labels.pinyin()["浙里办"] == "zheliban"
    result = run_dgkg("lookup", "浙里办", "--dist", built_dist.name, cwd=built_dist.parent)
    assert result.returncode == 0 and "Zhelibang" in result.stdout, result.stderr


@pytest.mark.parametrize("given", ["<http://x> } } SELECT * { ?s ?p <y>", "http://x>}}", "<https://a b>"])
def test_a_value_written_as_an_iri_must_be_one(given: str) -> None:
    """A value in angle brackets, or starting http(s)://, is bound as that IRI, spliced into the
    query's text: one that is no IRI could close the VALUES block and write SPARQL of its own
    (the query page binds what a client sends). It is refused, and nothing is bound."""
    with pytest.raises(ParameterError, match="not an IRI"):
        resolve_entity(LabelIndex("https://w3id.org/dgkg/resource/"), "region", given)
