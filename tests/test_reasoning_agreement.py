"""dgkg's instance checks against HermiT: the same verdict on the curated graph and its mutants.

``reason`` runs HermiT on the ontology alone and decides the data with dgkg's own checks
(ontology.conflicts), which claim to find exactly the inconsistencies HermiT would. Here
HermiT, given ontology and instances together, is the oracle: the curated graph's facts and
seeded random mutants of them (a type from another branch, edges whose domain or range
clashes, through inverses, symmetry and sub-properties, union domains and ranges, a second
value of a functional data property, individuals merged by a functional object property,
values of the wrong datatype) must get the same consistent/inconsistent verdict from both.

HermiT judges the mutants in one JVM (HermiT's own Java API, the jar owlready2 ships), one
reasoner per mutant: through owlready2 each would cost a JVM start and a classification
(~3 s). Two mutants go through ``_run_hermit`` too, to tie the two ways of asking.

HermiT ignores the values of xsd:gYear, xsd:gYearMonth and xsd:date (outside the OWL 2
datatype map), which only dgkg checks (tests/test_reasoning.py), though it still gives their
subjects the properties' domains. Both sides are shown every such value as one and the same
value of its datatype: what HermiT sees of them, or a merge bringing two years together would
be a contradiction only dgkg can see.
"""

from __future__ import annotations

import random
import subprocess
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from ontology import OntologyIndex, PropertyInfo, load_ontology, reason
from ontology.reasoning import _materialise, _run_hermit, _worth_having
from tests.test_reasoning import DictMemo

pytestmark = pytest.mark.java
Triple = tuple[Node, Node, Node]

# One HermiT reasoner per file named on the command line, all in one JVM (Java's source-file mode).
ORACLE = """
import java.io.File;
import org.semanticweb.HermiT.Configuration;
import org.semanticweb.HermiT.Reasoner;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;

public class HermitVerdicts {
    public static void main(String[] args) throws Exception {
        Configuration configuration = new Configuration();
        configuration.ignoreUnsupportedDatatypes = true;
        for (String path : args) {
            OWLOntology ontology = OWLManager.createOWLOntologyManager().loadOntologyFromOntologyDocument(new File(path));
            Reasoner reasoner = new Reasoner(configuration, ontology);
            System.out.println(reasoner.isConsistent() ? "consistent" : "inconsistent");
            reasoner.dispose();
        }
    }
}
"""
OWL2_DATATYPES = (XSD.integer, XSD.decimal, XSD.boolean, XSD.string)
FITTING = {
    XSD.integer: Literal(3),
    XSD.decimal: Literal("3.5", datatype=XSD.decimal),
    XSD.boolean: Literal(True),
    XSD.string: Literal("a value", datatype=XSD.string),
    RDF.langString: Literal("a value", lang="en"),
    XSD.gYear: Literal("2020", datatype=XSD.gYear),
    XSD.gYearMonth: Literal("2020-01", datatype=XSD.gYearMonth),
    XSD.date: Literal("2020-01-31", datatype=XSD.date),
}
HERMIT_IGNORES = (XSD.gYear, XSD.gYearMonth, XSD.date)
VARIANTS = 48


@dataclass
class Variant:
    what: str
    facts: list[Triple]


@pytest.fixture(scope="module")
def curated(built_dist: Path, onto: Graph, index: OntologyIndex) -> list[Triple]:
    """The curated graph's facts: types and property values of its own individuals."""
    own = set(onto.subjects())
    facts = []
    for s, p, o in Graph().parse(built_dist / "dgkg.nt", format="nt"):
        if s in own:
            continue
        info = index.properties.get(p)  # type: ignore[call-overload]
        if (p == RDF.type and o in index.classes) or (info is not None and info.kind != "annotation"):
            facts.append((s, p, o))
    return sorted(facts)


def hermit_verdicts(onto: Graph, variants: list[Variant], tmp_path: Path) -> list[bool]:
    import owlready2

    jar = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
    source = tmp_path / "HermitVerdicts.java"
    source.write_text(ORACLE, encoding="utf-8")
    ontology = onto.serialize(format="nt", encoding="utf-8")
    files = []
    for number, variant in enumerate(variants):
        path = tmp_path / f"variant-{number}.nt"
        path.write_bytes(ontology + as_graph(variant.facts).serialize(format="nt", encoding="utf-8"))
        files.append(str(path))
    run = subprocess.run(["java", "-cp", str(jar), str(source), *files], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    answers = run.stdout.split()
    assert len(answers) == len(variants), run.stdout
    return [answer == "consistent" for answer in answers]


def as_hermit_sees(triple: Triple) -> Triple:
    s, p, value = triple
    if isinstance(value, Literal) and value.datatype in HERMIT_IGNORES:
        return (s, p, FITTING[value.datatype])
    return triple


def as_graph(triples: Iterable[Triple]) -> Graph:
    g = Graph()
    for triple in triples:
        g.add(triple)
    return g


def around(facts: list[Triple], added: list[Triple], hops: int = 2) -> list[Triple]:
    """The facts about the individuals within ``hops`` edges of the mutation, and the mutation."""
    neighbours: dict[Node, set[Node]] = defaultdict(set)
    every = facts + added
    for s, p, o in every:
        if p != RDF.type and isinstance(o, URIRef):
            neighbours[s].add(o)
            neighbours[o].add(s)
    reached: set[Node] = {node for s, _, o in added for node in (s, o) if isinstance(node, URIRef)}
    frontier = set(reached)
    for _ in range(hops):
        frontier = {n for node in frontier for n in neighbours[node]} - reached
        reached |= frontier
    return [t for t in every if t[0] in reached]


class Mutator:
    """Seeded random changes to the curated facts, each aimed at one kind of check: the other
    ends of an added edge are picked to fit its property, so that the check aimed at decides."""

    def __init__(self, facts: list[Triple], index: OntologyIndex, seed: int) -> None:
        self.facts, self.index, self.random = facts, index, random.Random(seed)
        self.classes: dict[Node, set[URIRef]] = defaultdict(set)
        for s, p, o in facts:
            if p == RDF.type and isinstance(o, URIRef):
                self.classes[s] |= {o} | index.superclasses(o)
        self.individuals = sorted(s for s in self.classes if isinstance(s, URIRef))
        self.objects = sorted(p for p, info in index.properties.items() if info.kind == "object")
        self.data = sorted(p for p, info in index.properties.items() if info.kind == "datatype" and info.range in OWL2_DATATYPES)
        self.unions = sorted(
            {
                (members, "domain", p)
                for p, info in index.properties.items()
                if len(info.domains) > 1
                for members in [info.domains]
            }
            | {(members, "range", p) for p, info in index.properties.items() if len(info.ranges) > 1 for members in [info.ranges]}
        )
        self.fresh = 0

    def pick(self, options: Iterable[object]) -> object:
        return self.random.choice(sorted(options))  # type: ignore[type-var]

    def anyone(self) -> URIRef:
        return self.random.choice(self.individuals)  # type: ignore[return-value]

    def one_of(self, members: Iterable[URIRef]) -> URIRef:
        """An individual of one of ``members`` (anyone when the property leaves it open)."""
        wanted = set(members)
        fitting = [i for i in self.individuals if self.classes[i] & wanted] if wanted else []
        return self.random.choice(fitting) if fitting else self.anyone()  # type: ignore[return-value]

    def newcomer(self) -> URIRef:
        self.fresh += 1
        return URIRef(f"https://w3id.org/dgkg/resource/example-mutant-{self.fresh}")

    def edge(self, s: URIRef, p: URIRef) -> Triple:
        info = self.index.properties[p]
        if info.kind == "datatype":
            return (s, p, FITTING[info.range] if info.range in FITTING else Literal("a value"))
        return (s, p, self.one_of(info.ranges))

    def existing(self, wanted: Callable[[PropertyInfo], bool]) -> Triple:
        """A stated property value whose property is ``wanted``."""
        found = [t for t in self.facts if (info := self.index.properties.get(t[1])) is not None and wanted(info)]  # type: ignore[call-overload]
        return self.random.choice(found)

    def variant(self, kind: str) -> Variant:
        added: list[Triple] = getattr(self, kind)()
        shown = "; ".join(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in added)
        return Variant(f"{kind}: {shown}", [as_hermit_sees(t) for t in around(self.facts, added)])

    def clashing(self, first: tuple[URIRef, ...], second: tuple[URIRef, ...]) -> bool:
        up = {c: {c} | self.index.superclasses(c) for c in first + second}
        return all(any(self.index.disjoint_with(x) & up[b] for x in up[a]) for a in first for b in second)

    def at(self, individual: URIRef, role: str, p: URIRef) -> Triple:
        """``individual`` as subject (a domain) or value (a range) of ``p``, the other end fitting."""
        if role == "domain":
            return self.edge(individual, p)
        return (self.one_of(self.index.properties[p].domains), p, individual)

    # -- the kinds ------------------------------------------------------------------------
    def another_type(self) -> list[Triple]:
        return [(self.anyone(), RDF.type, self.pick(self.index.classes))]  # type: ignore[list-item]

    def any_edge(self) -> list[Triple]:
        return [self.edge(self.anyone(), self.pick(self.objects))]  # type: ignore[arg-type]

    def inverse_edge(self) -> list[Triple]:
        return [self.edge(self.anyone(), self.pick(p for p in self.objects if self.index.inverses(p) - {p}))]  # type: ignore[arg-type]

    def symmetric_edge(self) -> list[Triple]:
        return [(self.anyone(), self.pick(p for p in self.objects if p in self.index.inverses(p)), self.anyone())]  # type: ignore[list-item]

    def sub_property_edge(self) -> list[Triple]:
        return [self.edge(self.anyone(), self.pick(p for p in self.objects if self.index.superproperties(p)))]  # type: ignore[arg-type]

    def union_edge(self) -> list[Triple]:
        return [self.edge(self.anyone(), self.pick(p for p in self.objects if len(self.index.properties[p].domains) > 1))]  # type: ignore[arg-type]

    def clashing_unions(self) -> list[Triple]:
        """A newcomer in two unions with no member in common that is free of disjoint classes."""
        pairs = [(a, b) for a in self.unions for b in self.unions if a < b and self.clashing(a[0], b[0])]
        (_, role_a, p_a), (_, role_b, p_b) = self.random.choice(pairs)
        who = self.newcomer()
        return [self.at(who, role_a, p_a), self.at(who, role_b, p_b)]

    def compatible_unions(self) -> list[Triple]:
        pairs = [(a, b) for a in self.unions for b in self.unions if a < b and not self.clashing(a[0], b[0])]
        (_, role_a, p_a), (_, role_b, p_b) = self.random.choice(pairs)
        who = self.newcomer()
        return [self.at(who, role_a, p_a), self.at(who, role_b, p_b)]

    def merge(self) -> list[Triple]:
        """A second value of a functional object property: the two values become one individual."""
        s, p, value = self.existing(lambda info: info.functional and info.kind == "object")
        other = self.one_of(self.classes[value]) if self.random.random() < 0.5 else self.anyone()
        return [(s, p, other)]

    def merge_through_inverse(self) -> list[Triple]:
        s, p, value = self.existing(
            lambda info: info.functional and info.kind == "object" and bool(self.index.inverses(info.iri))
        )
        other = self.one_of(self.classes[value]) if self.random.random() < 0.5 else self.anyone()
        assert isinstance(p, URIRef)
        return [(other, self.pick(self.index.inverses(p)), s)]  # type: ignore[list-item]

    def second_value(self) -> list[Triple]:
        s, p, value = self.existing(lambda info: info.functional and info.iri in self.data)
        assert isinstance(value, Literal)
        if self.random.random() < 0.3 and value.datatype in (XSD.integer, XSD.decimal):
            other = Literal(f"{value}.0" if "." not in value else f"{value}0", datatype=XSD.decimal)  # the same number
        elif value.datatype == XSD.boolean:
            other = Literal(not value.toPython())
        elif value.datatype in (XSD.integer, XSD.decimal):
            other = Literal(value.toPython() + 1, datatype=value.datatype)
        else:
            other = Literal(f"{value} (another)", datatype=value.datatype, lang=value.language)
        return [(s, p, other)]

    def datatype_value(self) -> list[Triple]:
        p: URIRef = self.pick(self.data)  # type: ignore[assignment]
        value = self.pick(
            [Literal(7), Literal("7.5", datatype=XSD.decimal), Literal(True), Literal("seven", datatype=XSD.string)]
        )
        return [(self.one_of(self.index.properties[p].domains), p, value)]  # type: ignore[list-item]


KINDS = [
    "another_type",
    "any_edge",
    "inverse_edge",
    "symmetric_edge",
    "sub_property_edge",
    "union_edge",
    "clashing_unions",
    "compatible_unions",
    "merge",
    "merge_through_inverse",
    "second_value",
    "datatype_value",
]


@pytest.mark.java
def test_dgkg_and_hermit_agree_on_the_curated_graph_and_its_mutants(
    onto: Graph, index: OntologyIndex, curated: list[Triple], tmp_path: Path
) -> None:
    mutator = Mutator(curated, index, seed=20261206)
    variants = [Variant("the curated graph as built", curated)]
    variants += [mutator.variant(KINDS[n % len(KINDS)]) for n in range(VARIANTS)]
    memo = DictMemo()
    ours = [reason(variant.facts, onto, memo=memo) for variant in variants]
    hermit = hermit_verdicts(onto, variants, tmp_path)

    disagreements = [
        f"{variant.what}: HermiT says {'consistent' if verdict else 'inconsistent'}, dgkg {result.explanation or 'consistent'}"
        for variant, verdict, result in zip(variants, hermit, ours, strict=True)
        if verdict != result.consistent
    ]
    assert not disagreements, "\n".join(disagreements)
    assert hermit[0], "the curated graph is consistent"
    assert sum(hermit) >= 10 and hermit.count(False) >= 10, f"a corpus of both verdicts: {sum(hermit)} consistent"

    # The oracle and the reasoner's own way of asking HermiT (owlready2) agree too.
    for verdict in (True, False):
        variant = next(v for v, said in zip(variants[1:], hermit[1:], strict=True) if said is verdict)
        assert _run_hermit(onto, as_graph(variant.facts)).consistent is verdict, variant.what


@pytest.mark.java
def test_the_inferences_are_hermits_types_closed_by_the_builder(onto: Graph, index: OntologyIndex, curated: list[Triple]) -> None:
    """What the build stored when HermiT reasoned over the instances: HermiT's types of the
    individuals, then the builder's closure (subclass, subproperty, inverse, transitivity)."""
    facts = set(curated)
    answer = _run_hermit(onto, as_graph(curated))
    assert answer.consistent
    own: set[Node] = {s for s in onto.subjects() if isinstance(s, URIRef)}
    before = _worth_having(_materialise(chain(facts, answer.inferred), index), facts, own, index)
    after = reason(curated, onto).inferred
    assert len(after) > 1000
    assert set(after) == set(before)
