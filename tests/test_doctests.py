"""The examples in the packages' docstrings run, so the documentation cannot drift from the code."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ROOMS = ("ontology", "graph_build", "queries", "viz", "publish", "web", "bench", "dgkg")
WITH_EXAMPLES = sorted(
    ".".join(path.relative_to(ROOT).with_suffix("").parts)
    for room in ROOMS
    for path in (ROOT / room).rglob("*.py")
    if ">>> " in path.read_text(encoding="utf-8")
)


def test_there_are_examples_to_run():
    assert WITH_EXAMPLES, "no module has a docstring example"


@pytest.mark.parametrize("module", WITH_EXAMPLES)
def test_docstring_examples_run(module: str):
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted and not result.failed, f"{result.failed} of {result.attempted} examples failed in {module}"
