"""Finding entities by what people call them: either script, English, pinyin, or the slug.

Every label is folded the way the builder matches quotes (graph_build.textmatch.fold: OpenCC
traditional-to-simplified, NFKC, case and white space dropped) and stripped of punctuation, so
國務院, 国务院 and "state council" meet their entity. Pinyin keys are computed only when the
text typed is Latin, and only for labels with Chinese characters: it is the slow part.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from rdflib import Literal, URIRef
from rdflib.term import Node

from graph_build.textmatch import fold
from queries.errors import ParameterError

LABEL_PROPERTIES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2004/02/skos/core#hiddenLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
)
PREF_LABEL = LABEL_PROPERTIES[0]
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_QUERY = re.compile(r"^[\sA-Za-z0-9\u00c0-\u024f'’·-]+$")

# Scores: an exact label beats pinyin beats a prefix beats a substring; the slug counts as a label.
EXACT_PREF, EXACT_OTHER, EXACT_PINYIN, PREFIX, INFIX = 100, 95, 85, 60, 40


def label_query(base: str) -> str:
    """Every label of every entity minted under ``base``."""
    values = " ".join(f"<{p}>" for p in LABEL_PROPERTIES)
    return (
        "SELECT ?entity ?property ?label WHERE {\n"
        f"  VALUES ?property {{ {values} }}\n"
        "  ?entity ?property ?label .\n"
        f'  FILTER(isIRI(?entity) && STRSTARTS(STR(?entity), "{base}") && isLiteral(?label))\n'
        "}"
    )


def key(text: str) -> str:
    """The matching key of a label or of what a user typed."""
    return "".join(ch for ch in fold(text) if not unicodedata.category(ch).startswith(("P", "S", "Z")))


def latin_key(text: str) -> str:
    """Lower-case ASCII letters and digits only: tone marks, spaces and apostrophes dropped."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalnum())


def pinyin_key(label: str) -> str:
    from pypinyin import Style, lazy_pinyin  # imported when first needed: loading its dictionaries takes a while

    return latin_key("".join(lazy_pinyin(label, style=Style.NORMAL, v_to_u=True)))


@dataclass(frozen=True)
class Label:
    entity: URIRef
    property: str
    text: str
    lang: str | None


@dataclass(frozen=True)
class Entity:
    """One lookup hit: the entity, its names, and how well (and by which label) it matched."""

    iri: URIRef
    slug: str
    names: dict[str, str]  # language tag (lower case) -> preferred label
    matched: str  # the label (or slug) that matched
    score: int

    @property
    def exact(self) -> bool:
        return self.score >= EXACT_PINYIN

    def name(self, lang: str) -> str:
        """The preferred label in ``lang`` ("zh" or "en"), else any, else the slug."""
        return pick(self.names, lang) or self.slug


@dataclass
class LabelIndex:
    base: str
    labels: list[Label] = field(default_factory=list)

    @classmethod
    def from_rows(cls, base: str, rows: Iterable[dict[str, Node | None]]) -> "LabelIndex":
        labels = [
            Label(URIRef(row["entity"]), str(row["property"]), str(row["label"]),
                  row["label"].language.lower() if isinstance(row["label"], Literal) and row["label"].language else None)
            for row in rows
        ]
        return cls(base, labels)

    @cached_property
    def _keys(self) -> list[str]:
        return [key(label.text) for label in self.labels]

    @cached_property
    def _pinyin(self) -> list[str]:
        return [pinyin_key(label.text) if _CJK.search(label.text) else "" for label in self.labels]

    @cached_property
    def _names(self) -> dict[URIRef, dict[str, str]]:
        names: dict[URIRef, dict[str, str]] = {}
        for label in self.labels:
            if label.property == PREF_LABEL and label.lang:
                names.setdefault(label.entity, {}).setdefault(label.lang, label.text)
        for label in self.labels:  # entities without skos:prefLabel (documents, say) fall back to any label
            if label.lang or label.entity not in names:
                names.setdefault(label.entity, {}).setdefault(label.lang or "", label.text)
        return names

    def names(self, iri: URIRef) -> dict[str, str]:
        return self._names.get(iri, {})

    def slug(self, iri: URIRef) -> str:
        return str(iri)[len(self.base):] if str(iri).startswith(self.base) else str(iri)

    def lookup(self, text: str, limit: int = 10) -> list[Entity]:
        """Entities whose labels, pinyin or slug match ``text``, best first."""
        wanted = key(text)
        if not wanted:
            return []
        best: dict[URIRef, tuple[int, str]] = {}

        def consider(entity: URIRef, score: int, matched: str) -> None:
            if score > best.get(entity, (-1, ""))[0]:
                best[entity] = (score, matched)

        slug = "-".join(text.strip().lower().split())
        for entity in self._names:
            if self.slug(entity) == slug:
                consider(entity, EXACT_PREF, slug)
        for label, folded in zip(self.labels, self._keys):
            score = _graded(wanted, folded, EXACT_PREF if label.property == PREF_LABEL else EXACT_OTHER)
            if score:
                consider(label.entity, score, label.text)
        if _LATIN_QUERY.match(text):
            typed = latin_key(text)
            for label, spelled in zip(self.labels, self._pinyin):
                score = spelled and _graded(typed, spelled, EXACT_PINYIN, partial_cap=EXACT_PINYIN - 30)
                if score:
                    consider(label.entity, score, label.text)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], len(item[1][1]), self.slug(item[0])))
        return [Entity(iri, self.slug(iri), self.names(iri), matched, score)
                for iri, (score, matched) in ranked[:limit]]


def _graded(wanted: str, candidate: str, exact: int, partial_cap: int = PREFIX + 20) -> int:
    """How well ``wanted`` matches ``candidate``: exact, prefix or infix, longer overlap first."""
    if candidate == wanted:
        return exact
    if not candidate or wanted not in candidate:
        return 0
    coverage = int(19 * len(wanted) / len(candidate))
    score = (PREFIX if candidate.startswith(wanted) else INFIX) + coverage
    return min(score, partial_cap)


def pick(names: dict[str, str], lang: str) -> str | None:
    """The label in ``lang`` ("zh" means simplified), else the other language, else any."""
    wanted = "zh-hans" if lang.startswith("zh") else lang.lower()
    for tag in (wanted, "en" if wanted != "en" else "zh-hans", "zh-hant", "zh", *names):
        if tag in names:
            return names[tag]
    return None


def short_name(node: Node, slug: Callable[[URIRef], str]) -> str:
    """What to show for an IRI without a label: the slug, or the local name of a term."""
    text = str(node)
    if "#" in text:
        return text.rsplit("#", 1)[-1]
    shown = slug(URIRef(text))
    return shown if shown != text else text.rstrip("/").rsplit("/", 1)[-1]


def names_of(select: Callable[[str], list], index: "LabelIndex", nodes: Iterable[Node]) -> dict[Node, dict[str, str]]:
    """Labels by language of the given IRIs: entities from the index, other terms (ontology
    classes and properties) by one query for their rdfs:label or skos:prefLabel."""
    names: dict[Node, dict[str, str]] = {}
    others = []
    for node in {n for n in nodes if isinstance(n, URIRef)}:
        if index.names(node):
            names[node] = index.names(node)
        else:
            others.append(node)
    for start in range(0, len(others), 500):
        values = " ".join(f"<{node}>" for node in others[start:start + 500])
        rows = select(
            "SELECT ?node ?label WHERE { VALUES ?node { " + values + " } "
            "?node <http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#prefLabel> ?label }"
        )
        for row in rows:
            label = row["label"]
            tag = (label.language or "").lower() if isinstance(label, Literal) else ""
            names.setdefault(row["node"], {}).setdefault(tag, str(label))
    return names


@dataclass(frozen=True)
class Binding:
    """How a parameter value was understood, to show the user when it was not taken verbatim."""

    name: str
    given: str
    term: Node
    note: str | None = None


def resolve_entity(index: LabelIndex, name: str, given: str,
                   keep: Callable[[list[URIRef]], set[URIRef]] | None = None) -> Binding:
    """The one entity ``given`` names (slug, IRI or label), or ParameterError saying why not.

    ``keep`` narrows candidates (to a class, say). An exact match must be unique; a partial
    one is taken only when it is clearly the best (浙江 -> 浙江省), and the binding says so.
    """
    text = given.strip()
    if text.startswith("<") and text.endswith(">"):
        return Binding(name, given, URIRef(text[1:-1]))
    if re.match(r"^https?://\S+$", text):
        return Binding(name, given, URIRef(text))
    hits = index.lookup(text, limit=50)
    if keep is not None and hits:
        allowed = keep([hit.iri for hit in hits])
        hits = [hit for hit in hits if hit.iri in allowed]
    if not hits:
        raise ParameterError(f"--param {name}={given}: no entity is called that "
                             f"(try `dgkg lookup {given}` to see what the graph knows)")
    top = hits[0]
    rivals = [hit for hit in hits[1:] if hit.score == top.score]
    if rivals:
        listed = ", ".join(f"{hit.slug} ({hit.matched})" for hit in [top, *rivals][:8])
        raise ParameterError(f"--param {name}={given} could mean several entities: {listed}; give a slug")
    note = None if top.exact else f"{name}={given}: taking {top.name('zh')} ({top.slug}), the closest match"
    return Binding(name, given, top.iri, note)
