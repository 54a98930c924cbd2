"""The dgo: namespace as Python knows it, closed: ``ontology/dgo.py`` lists every term the
ontology modules declare, so ``DGO.memberof`` (a typo) fails when the module loads instead of
minting an IRI no one declared.

``dgo.py`` is written by this module and checked against the ontology by the tests; after adding
a term to ``ontology/modules/*.ttl`` run::

    python -m ontology.closed_namespace
"""

from __future__ import annotations

import json
import keyword
import sys
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from ontology.loading import load_ontology

NAMESPACE = "https://w3id.org/dgkg/ontology#"
TARGET = Path(__file__).with_name("dgo.py")


def declared_terms(ontology: Graph) -> dict[str, str]:
    """Local name -> English label of every dgo: IRI the ontology says something about."""
    terms: dict[str, str] = {}
    for subject in set(ontology.subjects()):
        if isinstance(subject, URIRef) and str(subject).startswith(NAMESPACE):
            name = str(subject)[len(NAMESPACE) :]
            english = [o for o in ontology.objects(subject, RDFS.label) if isinstance(o, Literal) and o.language == "en"]
            terms[name] = str(english[0]) if english else ""
    return terms


def render(terms: dict[str, str]) -> str:
    lines = [
        '"""The dgo: terms the ontology declares (written by ``python -m ontology.closed_namespace``; do not edit)."""',
        "",
        "from rdflib import Namespace, URIRef",
        "from rdflib.namespace import DefinedNamespace",
        "",
        "",
        "class DGO(DefinedNamespace):",
        f'    _NS = Namespace("{NAMESPACE}")',
        "    _fail = True  # a term the ontology does not declare is an error, not a new IRI",
        "",
    ]
    extras = []
    for name in sorted(terms, key=lambda n: (n.lower(), n)):
        if not name.isidentifier() or keyword.iskeyword(name):
            extras.append(name)  # reachable as DGO["dgkg-developers"] only
            continue
        comment = f"  # {terms[name]}" if terms[name] else ""
        lines.append(f"    {name}: URIRef{comment}")
    if extras:
        lines += ["", f"    _extras = {json.dumps(extras)}"]
    return "\n".join(lines) + "\n"


def main() -> int:
    TARGET.write_text(render(declared_terms(load_ontology())), encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
