"""Finding entities by what people call them: either script, English, pinyin, or the slug.

Every label is folded the way the builder matches quotes (graph_build.textmatch.fold: OpenCC
traditional-to-simplified, NFKC, case and white space dropped) and stripped of punctuation, so
國務院, 国务院 and "state council" meet their entity. Pinyin keys are computed only when the
text typed is Latin, and only for labels with Chinese characters: it is the slow part.

When nothing matches, :meth:`LabelIndex.suggest` finds what was probably meant: labels a
character or two off in either script (浙里搬 -> 浙里办), English labels sharing most of the
words typed ("national data bureau" -> National Data Administration), and near spellings in
pinyin or of a slug (zhelibn -> zheliban). Lookup, --param and `dgkg analyze` all say
"did you mean" from here.

Matching is written once, in :class:`Labels`, over a few look-ups that two keepers answer:
:class:`LabelIndex` holds every label in memory (a remote endpoint's, a synthetic model's), and
queries.labelfile reads the index the build wrote beside the store, so a local store names an
entity without loading every label.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import pyoxigraph as ox

from graph_build import fold, latin_key, pinyin_key
from ontology import IriLayout
from queries.errors import ParameterError
from queries.terms import Term, iri_of, parts

LABEL_PROPERTIES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2004/02/skos/core#hiddenLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
)
PREF_LABEL, ALT_LABEL = LABEL_PROPERTIES[:2]
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_QUERY = re.compile(r"^[\sA-Za-z0-9\u00c0-\u024f'’·-]+$")

# Scores: an exact label beats pinyin beats a prefix beats a substring; the slug counts as a label.
EXACT_PREF, EXACT_OTHER, EXACT_PINYIN, PREFIX, INFIX = 100, 95, 85, 60, 40
# A suggestion scores at most NEAR, below any match, in proportion to its similarity (0..1).
NEAR = 30
# difflib ratios from which a label is offered: one character off in three Chinese ones (0.67)
# is a typo, while Latin spellings share letters by chance (helijun for zhelibn: 0.71).
CLOSE_CHINESE, CLOSE_LATIN = 0.6, 0.75
CLOSE_WORD = 0.8  # ratio from which two English words count as the same (a typo)
SUGGESTIONS = 5
OFF_THE_BEST = 0.75  # a suggestion less than this share as close as the best one is noise
_WORD = re.compile(r"[^\W_]+")
# Words too common to say which entity was meant.
_STOPWORDS = frozenset({"a", "an", "and", "the", "of", "for", "in", "on", "to", "at", "by"})


def label_query(base: str, entities: Sequence[str] = ()) -> str:
    """Every label of every entity minted under ``base``, or of the given IRIs only."""
    values = " ".join(f"<{p}>" for p in LABEL_PROPERTIES)
    among = f"  VALUES ?entity {{ {' '.join(f'<{e}>' for e in entities)} }}\n" if entities else ""
    return (
        "SELECT ?entity ?property ?label WHERE {\n"
        f"{among}"
        f"  VALUES ?property {{ {values} }}\n"
        "  ?entity ?property ?label .\n"
        f'  FILTER(isIRI(?entity) && STRSTARTS(STR(?entity), "{base}") && isLiteral(?label))\n'
        "}"
    )


def key(text: str) -> str:
    """The matching key of a label or of what a user typed."""
    return "".join(ch for ch in fold(text) if not unicodedata.category(ch).startswith(("P", "S", "Z")))


def words(text: str) -> tuple[str, ...]:
    """The distinctive words of a Latin label or query, case-folded (a slug's parts too)."""
    return tuple(w for w in _WORD.findall(text.casefold()) if w not in _STOPWORDS)


def word_similarity(likeness: Sequence[float], typed: int, label: int) -> float:
    """How far ``typed`` words name a label of ``label`` words, given the likeness of each typed
    word it has (spelt alike): 0 unless it has most of them, else the Dice coefficient over
    words with a misspelt word counting by its likeness, so typos, extra and missing words cost."""
    if len(likeness) * 2 < typed:
        return 0.0
    return 2 * sum(likeness) / (typed + label)


@dataclass(frozen=True)
class Label:
    entity: str  # the IRI
    property: str
    text: str
    lang: str | None


@dataclass(frozen=True)
class Entity:
    """One lookup hit: the entity, its names, and how well (and by which label) it matched."""

    iri: str
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

    def title(self) -> str:
        """``浙里办 · Zhelibang (zheliban)``: both names and the slug, to tell candidates apart."""
        shown = dict.fromkeys(name for name in (pick(self.names, "zh"), pick(self.names, "en")) if name)
        return f"{' · '.join(shown) or self.slug} ({self.slug})"


class Labels(ABC):
    """Finding entities by their labels, whatever holds them: every label in memory
    (:class:`LabelIndex`) or the file the build writes beside the store (queries.labelfile).
    Each keeper answers a few look-ups; matching and grading are written once here, so both
    give the same answers."""

    base: str

    @abstractmethod
    def names(self, iri: str) -> dict[str, str]:
        """Preferred labels by language tag (lower case), by the rule of :func:`names_by_entity`."""

    @abstractmethod
    def pinyin(self) -> dict[str, str]:
        """Each label with Chinese characters, and its pinyin (:func:`pinyin_of`)."""

    @abstractmethod
    def _with_slug(self, slug: str) -> str | None:
        """The labelled entity whose slug is ``slug``."""

    @abstractmethod
    def _with_key(self, folded: str) -> Iterable[Label]:
        """The labels whose key is ``folded``, in index order."""

    @abstractmethod
    def _containing(self, wanted: str) -> Iterable[tuple[Label, str]]:
        """The labels whose key contains ``wanted`` (each with its key), in index order."""

    @abstractmethod
    def _spelt_containing(self, typed: str) -> Iterable[tuple[str, str, str]]:
        """(Latin spelling, entity, label so spelt) for the spellings containing ``typed``, in
        the order of :func:`spellings_of`."""

    @abstractmethod
    def suggest(self, text: str, limit: int = SUGGESTIONS) -> list[Entity]:
        """Entities ``text`` probably meant when it matches none, closest first (see the module)."""

    @cached_property
    def layout(self) -> IriLayout:
        return IriLayout(self.base)

    def slug(self, iri: str) -> str:
        return self.layout.slug(iri)

    def exact(self, text: str) -> list[Entity]:
        """The entities ``text`` names exactly, by slug or by a label in any script, best first:
        two look-ups, where ``lookup`` grades every label (and spells every Chinese label in
        pinyin, which takes a second on the first call)."""
        best: dict[str, tuple[int, str]] = {}
        slug = "-".join(text.strip().lower().split())
        named = self._with_slug(slug)
        if named is not None:
            best[named] = (EXACT_PREF, slug)
        for label in self._with_key(key(text)):
            score = EXACT_PREF if label.property == PREF_LABEL else EXACT_OTHER
            if score > best.get(label.entity, (-1, ""))[0]:
                best[label.entity] = (score, label.text)
        return self._ranked(best, len(best))

    def lookup(self, text: str, limit: int = 10) -> list[Entity]:
        """Entities whose labels, pinyin or slug match ``text``, best first."""
        wanted = key(text)
        if not wanted:
            return []
        best: dict[str, tuple[int, str]] = {}

        def consider(entity: str, score: int, matched: str) -> None:
            if score > best.get(entity, (-1, ""))[0]:
                best[entity] = (score, matched)

        slug = "-".join(text.strip().lower().split())
        named = self._with_slug(slug)
        if named is not None:
            consider(named, EXACT_PREF, slug)
        for label, folded in self._containing(wanted):
            consider(
                label.entity, _graded(wanted, folded, EXACT_PREF if label.property == PREF_LABEL else EXACT_OTHER), label.text
            )
        if _LATIN_QUERY.match(text):
            typed = latin_key(text)  # spelt without spaces or tones: pinyin, a run-together name or slug
            for spelled, entity, label_text in self._spelt_containing(typed):
                consider(entity, _graded(typed, spelled, EXACT_PINYIN, partial_cap=EXACT_PINYIN - 30), label_text)
        return self._ranked(best, limit)

    def _ranked(self, best: dict[str, tuple[int, str]], limit: int) -> list[Entity]:
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], len(item[1][1]), self.slug(item[0])))
        return [Entity(iri, self.slug(iri), self.names(iri), matched, score) for iri, (score, matched) in ranked[:limit]]


def names_by_entity(labels: Iterable[Label]) -> dict[str, dict[str, str]]:
    """Each entity's names: its first skos:prefLabel in each language, and for entities without
    one (documents, say) its first label in each language, or its first label of all."""
    labels = list(labels)
    names: dict[str, dict[str, str]] = {}
    for label in labels:
        if label.property == PREF_LABEL and label.lang:
            names.setdefault(label.entity, {}).setdefault(label.lang, label.text)
    for label in labels:
        if label.lang or label.entity not in names:
            names.setdefault(label.entity, {}).setdefault(label.lang or "", label.text)
    return names


def pinyin_of(text: str) -> str:
    """The pinyin key of a label with Chinese characters; '' for any other."""
    return pinyin_key(text) if _CJK.search(text) else ""


def spellings_of(labels: Sequence[Label], pinyin: Sequence[str], slugs: Iterable[tuple[str, str]]) -> dict[str, dict[str, str]]:
    """Latin spellings (pinyin of Chinese labels, Latin labels, slugs) -> their entities, each
    with the label so spelt."""
    spellings: dict[str, dict[str, str]] = {}
    for label, spelled in zip(labels, pinyin, strict=True):
        for spelling in (spelled, "" if _CJK.search(label.text) else latin_key(label.text)):
            if spelling:
                spellings.setdefault(spelling, {}).setdefault(label.entity, label.text)
    for entity, slug in slugs:
        spellings.setdefault(latin_key(slug), {}).setdefault(entity, slug)
    return spellings


@dataclass
class LabelIndex(Labels):
    """Every label in memory: what a remote endpoint gives, and the suggestions' ground."""

    base: str
    labels: list[Label] = field(default_factory=list)

    @classmethod
    def from_rows(cls, base: str, rows: Iterable[dict[str, Term]]) -> "LabelIndex":
        """The labels of label_query's rows, in terms of either library."""
        labels = []
        for row in rows:
            label = parts(row["label"])
            lang = label.lang.lower() if label.lang else None
            labels.append(Label(parts(row["entity"]).value, parts(row["property"]).value, label.value, lang))
        return cls(base, labels)

    @classmethod
    def folded(cls, base: str, labels: list[Label], keys: list[str], pinyin: list[str]) -> "LabelIndex":
        """An index whose keys and pinyin were computed before (by the build): folding and
        spelling every label are the slow part of loading one."""
        index = cls(base, labels)
        index.__dict__.update(_keys=keys, _pinyin=pinyin)  # the cached properties' values
        return index

    @cached_property
    def _keys(self) -> list[str]:
        return [key(label.text) for label in self.labels]

    @cached_property
    def _pinyin(self) -> list[str]:
        return [pinyin_of(label.text) for label in self.labels]

    @cached_property
    def _names(self) -> dict[str, dict[str, str]]:
        return names_by_entity(self.labels)

    def pinyin(self) -> dict[str, str]:
        return {label.text: spelled for label, spelled in zip(self.labels, self._pinyin, strict=True) if spelled}

    @cached_property
    def _by_key(self) -> dict[str, list[Label]]:
        by_key: dict[str, list[Label]] = {}
        for label, folded in zip(self.labels, self._keys, strict=True):
            if folded:
                by_key.setdefault(folded, []).append(label)
        return by_key

    @cached_property
    def _spellings(self) -> dict[str, dict[str, str]]:
        return spellings_of(self.labels, self._pinyin, ((entity, self.slug(entity)) for entity in self._names))

    @cached_property
    def _words(self) -> list[tuple[str, str, tuple[str, ...]]]:
        """(entity, label, its words) for every Latin label and slug."""
        found = [(label.entity, label.text, words(label.text)) for label in self.labels if not _CJK.search(label.text)]
        found += [(entity, self.slug(entity), words(self.slug(entity))) for entity in self._names]
        return [item for item in found if item[2]]

    @cached_property
    def _having_word(self) -> dict[str, list[int]]:
        """A word -> the Latin labels (positions in ``_words``) that have it."""
        having: dict[str, list[int]] = {}
        for position, (_, _, label_words) in enumerate(self._words):
            for word in set(label_words):
                having.setdefault(word, []).append(position)
        return having

    def _by_words(self, text: str) -> Iterable[tuple[str, float, str]]:
        """(entity, similarity, label) for the Latin labels sharing words with ``text``."""
        typed = words(text)
        likeness: dict[int, dict[int, float]] = {}  # label -> typed word -> likeness of its closest word
        for number, word in enumerate(typed):
            for close in difflib.get_close_matches(word, self._having_word, n=50, cutoff=CLOSE_WORD):
                ratio = difflib.SequenceMatcher(None, word, close).ratio()
                for position in self._having_word[close]:
                    best = likeness.setdefault(position, {})
                    best[number] = max(best.get(number, 0.0), ratio)
        for position, best in likeness.items():
            entity, label_text, label_words = self._words[position]
            yield entity, word_similarity(list(best.values()), len(typed), len(label_words)), label_text

    @cached_property
    def _by_slug(self) -> dict[str, str]:
        return {self.slug(entity): entity for entity in self._names}

    def names(self, iri: str) -> dict[str, str]:
        return self._names.get(str(iri), {})

    def _with_slug(self, slug: str) -> str | None:
        return self._by_slug.get(slug)

    def _with_key(self, folded: str) -> Iterable[Label]:
        return self._by_key.get(folded, [])

    def _containing(self, wanted: str) -> Iterable[tuple[Label, str]]:
        return ((label, folded) for label, folded in zip(self.labels, self._keys, strict=True) if wanted in folded)

    def _spelt_containing(self, typed: str) -> Iterable[tuple[str, str, str]]:
        for spelled, spelt_by in self._spellings.items():
            if typed in spelled:
                yield from ((spelled, entity, label_text) for entity, label_text in spelt_by.items())

    def suggest(self, text: str, limit: int = SUGGESTIONS) -> list[Entity]:
        close: dict[str, tuple[float, str]] = {}

        def consider(entity: str, similarity: float, matched: str) -> None:
            if similarity > close.get(entity, (0.0, ""))[0]:
                close[entity] = (similarity, matched)

        if _CJK.search(text):
            wanted = key(text)
            for folded in difflib.get_close_matches(wanted, self._by_key, n=4 * limit, cutoff=CLOSE_CHINESE):
                similarity = difflib.SequenceMatcher(None, wanted, folded).ratio()
                for label in self._by_key[folded]:
                    consider(label.entity, similarity, label.text)
        elif _LATIN_QUERY.match(text):
            typed = latin_key(text)
            for spelled in difflib.get_close_matches(typed, self._spellings, n=4 * limit, cutoff=CLOSE_LATIN):
                similarity = difflib.SequenceMatcher(None, typed, spelled).ratio()
                for entity in self._spellings[spelled]:
                    consider(entity, similarity, spelled)
            for entity, similarity, label_text in self._by_words(text):
                consider(entity, similarity, label_text)
        ranked = sorted(close.items(), key=lambda item: (-item[1][0], self.slug(item[0])))
        floor = OFF_THE_BEST * ranked[0][1][0] if ranked else 0.0
        return [
            Entity(iri, self.slug(iri), self.names(iri), matched, round(NEAR * similarity))
            for iri, (similarity, matched) in ranked[:limit]
            if similarity >= floor
        ]


def did_you_mean(candidates: Sequence[Entity]) -> str:
    """``; did you mean 浙里办 · Zhelibang (zheliban)?`` to end a message, one candidate a line
    when there are several; nothing without candidates."""
    if len(candidates) <= 1:
        return "".join(f"; did you mean {entity.title()}?" for entity in candidates)
    return "".join(["; did you mean one of these?", *(f"\n  {entity.title()}" for entity in candidates)])


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


def short_name(node: Term, slug: Callable[[str], str]) -> str:
    """What to show for an IRI without a label: the slug, or the local name of a term."""
    text = parts(node).value
    if "#" in text:
        return text.rsplit("#", 1)[-1]
    shown = slug(text)
    return shown if shown != text else text.rstrip("/").rsplit("/", 1)[-1]


def names_of(select: Callable[[str], list], nodes: Iterable[Term]) -> dict[Term, dict[str, str]]:
    """Labels by language of the given IRIs (terms of either library, each a key of the answer),
    entities and ontology terms alike, by the rule of :meth:`LabelIndex.names`; one query per 500
    IRIs, so naming a result's few cells does not load every label of the graph."""
    nodes_of: dict[str, list[Term]] = {}
    for node in set(nodes):
        iri = iri_of(node)
        if iri is not None:
            nodes_of.setdefault(iri, []).append(node)
    iris = sorted(nodes_of)
    names: dict[Term, dict[str, str]] = {}
    for start in range(0, len(iris), 500):
        chunk = iris[start : start + 500]
        index = LabelIndex.from_rows("", select(label_query("", chunk)))
        names.update((node, index.names(iri)) for iri in chunk if index.names(iri) for node in nodes_of[iri])
    return names


@dataclass(frozen=True)
class Binding:
    """How a parameter value was understood, to show the user when it was not taken verbatim."""

    name: str
    given: str
    term: Term  # an entity's IRI as Oxigraph's term; a caller's own term as given
    note: str | None = None


# Narrows candidates to those allowed (the instances of a class, say).
Keep = Callable[[list[str]], set[str]]


def resolve_entity(index: Labels, name: str, given: str, keep: Keep | None = None) -> Binding:
    """The one entity ``given`` names (slug, IRI or label), or ParameterError saying why not.

    ``keep`` narrows candidates (to a class, say). An exact match must be unique; a partial
    one is taken only when it is clearly the best (浙江 -> 浙江省), and the binding says so.
    """
    text = given.strip()
    if text.startswith("<") and text.endswith(">"):
        return Binding(name, given, _named(name, given, text[1:-1]))
    if re.match(r"^https?://\S+$", text):
        return Binding(name, given, _named(name, given, text))
    hits = _matches(index, text, keep)
    if not hits:
        raise ParameterError(
            f"--param {name}={given}: no entity is called that{_near(index, text, keep)} "
            f"(try `dgkg lookup {given}` to see what the graph knows)"
        )
    top = _unique(hits, f"--param {name}={given}")
    note = None if top.exact else f"{name}={given}: taking {top.name('zh')} ({top.slug}), the closest match"
    return Binding(name, given, ox.NamedNode(top.iri), note)


def _named(name: str, given: str, iri: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError as error:
        raise ParameterError(f"--param {name}={given}: not an IRI ({error})") from None


def find_entity(index: Labels, text: str) -> Entity:
    """The one entity ``text`` names, as for --param; ParameterError with the closest names when
    none does, or with the rivals when several do equally well."""
    hits = _matches(index, text.strip(), None)
    if not hits:
        raise ParameterError(f"no entity is called {text!r}{_near(index, text, None)}")
    return _unique(hits, repr(text))


def _kept(entities: list[Entity], keep: Keep | None) -> list[Entity]:
    if keep is None or not entities:
        return entities
    allowed = keep([entity.iri for entity in entities])
    return [entity for entity in entities if entity.iri in allowed]


def _matches(index: Labels, text: str, keep: Keep | None) -> list[Entity]:
    """Exact matches when there are any (no partial match scores as high), else every match."""
    return _kept(index.exact(text), keep) or _kept(index.lookup(text, limit=50), keep)


def _near(index: Labels, text: str, keep: Keep | None) -> str:
    return did_you_mean(_kept(index.suggest(text), keep))


def _unique(hits: list[Entity], called: str) -> Entity:
    """The best hit, unless others match exactly as well."""
    top = hits[0]
    rivals = [hit for hit in hits[1:] if hit.score == top.score]
    if rivals:
        listed = ", ".join(f"{hit.slug} ({hit.matched})" for hit in [top, *rivals][:8])
        raise ParameterError(f"{called} could mean several entities: {listed}; give a slug")
    return top
