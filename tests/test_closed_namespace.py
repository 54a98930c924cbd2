"""The dgo: namespace is closed: Python knows exactly the terms the ontology declares."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ontology import DGO, load_ontology
from ontology.closed_namespace import TARGET, declared_terms, render


def test_dgo_py_lists_exactly_the_terms_the_ontology_declares():
    assert TARGET.read_text(encoding="utf-8") == render(declared_terms(load_ontology())), (
        "ontology/dgo.py is out of date: run `python -m ontology.closed_namespace`"
    )


def test_a_misspelt_term_is_an_error_not_a_new_iri():
    assert str(DGO.memberOf) == "https://w3id.org/dgkg/ontology#memberOf"
    with pytest.raises(AttributeError, match="memberof"):
        DGO.memberof  # noqa: B018 -- the attribute access is the test
    with pytest.raises(AttributeError):
        DGO["memberof"]


def test_every_declared_term_is_in_the_term_contract():
    """docs/ontology-terms.md is the curators' contract: a term the ontology declares but the
    contract never names is one no curator will know to use."""
    contract = (Path(__file__).resolve().parent.parent / "docs" / "ontology-terms.md").read_text(encoding="utf-8")
    missing = [t for t in declared_terms(load_ontology()) if not re.search(rf"(?<![\w-]){re.escape(t)}(?![\w-])", contract)]
    assert not missing, f"add these to docs/ontology-terms.md: {missing}"
