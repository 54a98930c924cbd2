"""The pages an incremental build takes from the previous dist/ (viz.pagememo): only a page made
from the same context by the same code, whose file is still the one written, and always as a
link to that file; a digest that sees every value a page is given, those a function closes over
included."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph_build.memo import BuildMemo
from viz import memo as viz_memo
from viz import pagememo
from viz.pagememo import PreviousPages
from viz.pages import Page


def page(label: str, served: bool = False) -> Page:
    return Page("entity.html", {"title": label, "link": lambda slug: f"{slug}.html?served={served}"})


def written(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def build(previous: Path, root: Path, memo: BuildMemo, pages: dict[str, Page]) -> set[str]:
    """One build's pages into ``root`` as viz.site writes them; returns those taken from ``previous``."""
    made = PreviousPages(previous, root, memo)
    taken = set()
    for name, each in pages.items():
        if made.take(root / name, each.digest()):
            taken.add(name)
        else:
            written(root, name, str(each.context["title"]))
    made.record()
    return taken


def test_a_page_made_from_the_same_context_is_linked_and_any_other_is_rendered(tmp_path: Path) -> None:
    memo = BuildMemo(tmp_path / "dist.cache")
    first, second, third = tmp_path / "1", tmp_path / "2", tmp_path / "3"
    pages = {"site/a.html": page("甲"), "site/b.html": page("乙"), "site/sources/c.html": page("丙")}
    assert build(tmp_path / "none", first, memo, pages) == set()
    pages["site/b.html"] = page("乙二")
    assert build(first, second, memo, pages) == {"site/a.html", "site/sources/c.html"}
    assert os.stat(second / "site/a.html").st_ino == os.stat(first / "site/a.html").st_ino  # a link, not a copy
    assert (second / "site/b.html").read_text(encoding="utf-8") == "乙二"

    written(second, "site/a.html", "edited by hand")  # no longer the file the memo names
    assert build(second, third, memo, pages) == {"site/b.html", "site/sources/c.html"}
    assert (third / "site/a.html").read_text(encoding="utf-8") == "甲"


def test_other_code_renders_every_page_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    memo = BuildMemo(tmp_path / "dist.cache")
    pages = {"site/a.html": page("甲")}
    build(tmp_path / "none", tmp_path / "1", memo, pages)
    monkeypatch.setattr(pagememo, "code_key", lambda: "another version of the templates")
    assert build(tmp_path / "1", tmp_path / "2", memo, pages) == set()


def test_the_digest_sees_every_value_a_page_is_given() -> None:
    assert page("甲").digest() == page("甲").digest()
    assert page("甲").digest() != page("乙").digest()
    assert page("甲").digest() != page("甲", served=True).digest()  # a value the link function closes over
    assert Page("source.html", page("甲").context).digest() != page("甲").digest()


def test_the_code_key_names_the_templates_and_the_libraries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    templates = tmp_path / "viz"
    written(templates, "templates/entity.html", "{{ title }}")
    monkeypatch.setattr(viz_memo, "CODE_ROOTS", (templates,))
    before = viz_memo.code_key.__wrapped__()
    written(templates, "templates/entity.html", "<h1>{{ title }}</h1>")
    assert viz_memo.code_key.__wrapped__() != before
    edited = viz_memo.code_key.__wrapped__()
    # another igraph may lay out otherwise
    monkeypatch.setattr(viz_memo, "version", lambda name: "9.9" if name == "igraph" else "1.0")
    assert viz_memo.code_key.__wrapped__() != edited


def test_a_page_whose_context_does_not_pickle_is_always_rendered(tmp_path: Path) -> None:
    memo = BuildMemo(tmp_path / "dist.cache")
    odd = Page("entity.html", {"title": "甲", "rows": [lambda: "a function inside a value"]})
    assert odd.digest() is None
    assert build(tmp_path / "none", tmp_path / "1", memo, {"site/a.html": odd}) == set()
    assert build(tmp_path / "1", tmp_path / "2", memo, {"site/a.html": odd}) == set()
