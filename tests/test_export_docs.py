"""The ontology documentation the build writes (dist/docs/index.html): every dgo term, in
English and Chinese, self-contained (no external references)."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from ontology.namespaces import DGO


def test_every_dgo_term_has_a_section_with_both_labels(built_dist: Path) -> None:
    html = (built_dist / "docs" / "index.html").read_text(encoding="utf-8")
    ontology = Graph().parse(built_dist / "ontology.ttl")
    terms = {
        t
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for t in ontology.subjects(RDF.type, kind)
        if isinstance(t, URIRef) and str(t).startswith(str(DGO))
    }
    sections = set(re.findall(r'<section id="([^"]+)">', html))
    assert sections == {str(t)[len(str(DGO)) :] for t in terms}
    assert 'id="MobileApplication"><h3>Mobile application · <span lang="zh-Hans">移动应用</span>' in html
    assert '<a href="#DigitalPlatform">dgo:DigitalPlatform</a>' in html


def test_the_page_loads_nothing_from_the_network(built_dist: Path) -> None:
    html = (built_dist / "docs" / "index.html").read_text(encoding="utf-8")
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', html)
