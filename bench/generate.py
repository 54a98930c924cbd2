"""`dgkg bench generate`: a synthetic sources tree of any size, shaped like the curated one.

Each synthetic entity copies a curated entity's profile (bench.shape): its class, its label
languages and its claims field by field. A reference names a synthetic entity of the class the
curated one named, chosen by preferential attachment (an entity is picked in proportion to the
links it has), so hubs form as in the curated graph. Every claim quotes a sentence that the
generator writes into a synthetic source text, so every quote validates. Hierarchy links
(partOf, withinRegion, skos:broader …) all point one way in time (bench.shape.direction), so no
hierarchy loops.

The same seed and size give the same bytes: one seeded generator, and files written in order.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import random
import re
import shutil
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import names
from bench.sizing import GenerateError, check_size
from bench.shape import ORDER_FIELDS, load_shape

# The sizes the generator takes, in asserted triples. A thousand is 66 entities of 33 classes (a
# million: 56,636 of 49); fewer is too few to measure anything by. The generator holds every entity
# and sentence in memory until the files are written (a million triples: 440 MB at peak), so the
# most is ten times the bench's largest size.
MARKER = "generated.json"  # marks a directory the generator wrote, so a rerun may replace it
ENTITIES_PER_FILE = 64  # the curated files hold 30 entities on average; few thousand lines each
GROUP_CLASSES = {"Typology", "Periodisation", "AnalyticalFramework", "ProgrammeGroup"}
QUALIFIER_WORDS = {  # the valueQualifier's word, placed as the curated texts place it
    "more-than": ("超过", ""),
    "at-least": ("", "以上"),
    "nearly": ("近", ""),
    "approximately": ("约", ""),
    "less-than": ("不足", ""),
    "at-most": ("", "以下"),
}
PLAIN = re.compile(r"[A-Za-z\u4e00-\u9fff][-A-Za-z0-9\u4e00-\u9fff ()]*")


@dataclass
class Entity:
    number: int
    slug: str
    profile: dict[str, Any]
    document: str
    zh: str = ""
    en: str = ""


@dataclass
class Summary:
    triples: int
    seed: int
    entities: int
    documents: int
    claims: int
    record_files: int
    record_bytes: int
    text_bytes: int
    classes: dict[str, int] = field(default_factory=dict)


def kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def scalar(value: Any) -> str:
    """A YAML scalar: plain where YAML reads it back as the same text, else double-quoted
    (a JSON string is a valid YAML double-quoted scalar)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if PLAIN.fullmatch(text) and text.lower() not in {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}:
        return text
    return json.dumps(text, ensure_ascii=False)


class Generator:
    def __init__(self, shape: dict[str, Any], triples: int, seed: int) -> None:
        self.shape = shape
        self.terms: dict[str, dict[str, Any]] = shape["terms"]
        self.rng = random.Random(seed)
        profiles = shape["profiles"]
        documents = [p for p in profiles if p["document"]]
        others = [p for p in profiles if not p["document"]]
        self.belonging = self.belonging_claims(profiles)
        count = max(len(documents) + 1, round(triples / shape["triples_per_entity"]))
        n_docs = max(1, round(count * len(documents) / len(profiles)))
        self.width = names.width_for(count)
        chosen = [documents[i % len(documents)] for i in range(n_docs)]
        picked = [self.rng.choice(others) for _ in range(count - n_docs)]
        chosen += self.referenced(picked, others) + picked
        count = len(chosen)
        self.entities: list[Entity] = []
        self.by_class: dict[str, list[int]] = defaultdict(list)
        self.doc_slugs = [f"synthetic-source-{names.latin(names.code(i, self.width)).lower()}" for i in range(n_docs)]
        for number, profile in enumerate(chosen):
            cls = profile["class"]
            slug = self.doc_slugs[number] if number < n_docs else f"{kebab(cls)}-{number}"
            # documents cite themselves; others are spread over the texts in runs, as a
            # curated record file quotes mostly one text
            document = slug if number < n_docs else self.doc_slugs[number * n_docs // count]
            entity = Entity(number, slug, profile, document)
            self.name(entity)
            self.entities.append(entity)
            self.by_class[cls].append(number)
        self.ends: dict[str, list[int]] = defaultdict(list)  # one entry per link end: preferential attachment
        self.sentences: dict[str, list[str]] = defaultdict(list)
        self.claims = 0
        self.taken: set[tuple[str, int]] = set()
        self.literals: dict[tuple[int, str, str], tuple[Any, str] | None] = {}

    def referenced(self, picked: list[dict[str, Any]], others: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """One copy of each class the picked profiles refer to but did not pick (a statistic must
        say what it is about, and a small graph may have picked nothing of that class)."""
        first: dict[str, dict[str, Any]] = {}
        for profile in others:
            first.setdefault(profile["class"], profile)
        have = {p["class"] for p in picked}
        extra: list[dict[str, Any]] = []
        todo = list(picked)
        while todo:
            profile = todo.pop()
            for claim in profile["claims"]:
                for _, kinds in claim:
                    for k in kinds:
                        if k[0] == "ref" and k[1] not in have and k[1] in first:
                            have.add(k[1])
                            extra.append(first[k[1]])
                            todo.append(first[k[1]])
        return extra

    @staticmethod
    def belonging_claims(profiles: list[dict[str, Any]]) -> dict[str, list[list[Any]]]:
        """For each list class, the claim a copy adds when its profile does not say what it
        belongs to: a curated list may say so by links stated elsewhere, which a copy lacks, and
        the builder refuses a list with items that belongs to nothing. `concerns` where the class
        says it in the curated records, else `partOf` the kind of whole its curated lists are part
        of (or, failing an older one, the copy's source document, which is part of nothing)."""
        claims: dict[str, list[list[Any]]] = {}
        for cls in GROUP_CLASSES:
            fields = [
                (f, k[1]) for p in profiles if p["class"] == cls for c in p["claims"] for f, ks in c for k in ks if k[0] == "ref"
            ]
            concerned = Counter(target for f, target in fields if f == "concerns")
            wholes = Counter(target for f, target in fields if f in ("partOf", "memberOf"))
            if concerned:
                claims[cls] = [["concerns", [["ref", concerned.most_common(1)[0][0]]]]]
            elif wholes:
                claims[cls] = [["partOf", [["whole", wholes.most_common(1)[0][0]]]]]
        return claims

    def claims_of(self, profile: dict[str, Any]) -> list[list[list[Any]]]:
        claims: list[list[list[Any]]] = profile["claims"]
        added = self.belonging.get(profile["class"])
        if not added:
            return claims
        if any(f == added[0][0] for claim in claims for f, _ in claim):
            # the profile's own link, but one that falls back to the document rather than lapse
            return [[[f, [["whole", k[1]] if f == "partOf" and k[0] == "ref" else k for k in ks]] for f, ks in c] for c in claims]
        return [*claims, added]

    def term_zh(self, name: str) -> str:
        return names.safe(self.terms.get(name, {}).get("zh") or name.split(":")[-1])

    def term_en(self, name: str) -> str:
        return self.terms.get(name, {}).get("en") or name.split(":")[-1]

    def name(self, entity: Entity) -> None:
        code = names.code(entity.number, self.width)
        cls = entity.profile["class"]
        entity.zh = f"{self.term_zh(cls)}{code}"
        entity.en = f"{self.term_en(cls)} {names.latin(code)}"

    # --- values --------------------------------------------------------------------------

    def target(self, subject: Entity, field_name: str, cls: str) -> Entity | None:
        """A synthetic entity of class `cls`: older and by preferential attachment, or newer
        (uniformly) for a link down a hierarchy."""
        way = self.terms.get(field_name, {}).get("direction")
        pool = self.by_class.get(cls, [])
        if way == "newer":
            later = pool[bisect.bisect_right(pool, subject.number) :]
            number = self.rng.choice(later) if later else None
        elif self.ends[cls]:
            number = self.rng.choice(self.ends[cls])
        elif pool and way is None:
            number = self.rng.choice(pool)
        else:
            number = None
        if number is None or number == subject.number:
            return None
        if self.terms.get(field_name, {}).get("inverse_functional"):
            # the inverse names one value (a stage has one previous stage): one subject per target
            if (field_name, number) in self.taken:
                return None
            self.taken.add((field_name, number))
        if number < subject.number:  # the pool of older entities only ever holds older ones
            self.ends[cls].append(number)
        return self.entities[number]

    def language_map(self, counts: dict[str, int], zh: str, en: str) -> dict[str, Any]:
        forms = {"zh-Hans": zh, "zh-Hant": names.traditional(zh), "en": en, "zh-Latn-pinyin": names.pinyin(zh)}
        out: dict[str, Any] = {}
        for tag, count in sorted(counts.items()):
            values = [forms[tag] if k == 0 else f"{forms[tag]} ({k + 1})" for k in range(count)]
            out[tag] = values[0] if count == 1 else values
        return out

    def value(self, subject: Entity, field_name: str, kind: list[Any], qualifier: str | None) -> tuple[Any, str] | None:
        """The YAML value and the words the quote says it with."""
        tag = kind[0]
        if tag == "ref":
            if self.terms.get(field_name, {}).get("functional"):
                # one value, however often stated: two would be one entity to a reasoner, and
                # that entity would carry both of their (different) functional values
                key = (subject.number, field_name, kind[1])
                if key not in self.literals:
                    target = self.target(subject, field_name, kind[1])
                    self.literals[key] = (target.slug, target.zh) if target else None
                return self.literals[key]
            target = self.target(subject, field_name, kind[1])
            return (target.slug, target.zh) if target else None
        if tag == "whole":
            whole = self.target(subject, field_name, kind[1]) or next(e for e in self.entities if e.slug == subject.document)
            return whole.slug, whole.zh
        if tag == "lang":
            code = names.code(self.rng.randrange(len(names.ALPHABET) ** 2), 2)
            zh = f"{subject.zh}的{self.term_zh(field_name)}{code}"
            en = f"{self.term_en(field_name)} {names.latin(code)} of {subject.en}"
            return self.language_map(kind[1], zh, en), zh
        if tag == "order":
            return subject.number + 1, ""  # unique: no two items of any list share a number
        literal = (subject.number, field_name, tag)
        if literal not in self.literals:  # a field stated twice of one entity keeps one value (functional ones)
            value, words = self.literal(kind, qualifier)
            if tag in ("year", "date"):
                words = f"{words or value}{founding_verb(field_name)}"
            self.literals[literal] = (value, words)
        return self.literals[literal]

    def literal(self, kind: list[Any], qualifier: str | None) -> tuple[Any, str]:
        tag = kind[0]
        if tag == "year":
            year = self.rng.randint(1993, 2024)
            return year, f"{year}年"
        if tag == "int":
            number = self.rng.randint(1, 10 ** int(kind[1]) - 1)
            before, after = QUALIFIER_WORDS.get(qualifier or "", ("", ""))
            return number, f"{before}{number}{after}"
        if tag == "decimal":
            decimal = self.rng.randint(10, 999) / 10
            return decimal, ""  # a decimal point beside a list marker could read as "1."
        if tag == "date":
            return f"{self.rng.randint(1993, 2024)}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}", ""
        return kind[1], ""  # a controlled term or a curated text kept as it is

    def claim(self, subject: Entity, kinds: list[list[Any]], note: bool) -> dict[str, Any] | None:
        qualifier = next((ks[0][1] for f, ks in kinds if f == "valueQualifier"), None)
        item: dict[str, Any] = {}
        words: list[str] = []
        for field_name, field_kinds in kinds:
            values = [self.value(subject, field_name, kind, qualifier) for kind in field_kinds]
            kept = [v for v in values if v is not None]
            unique = list({json.dumps(v[0], ensure_ascii=False, sort_keys=True): v for v in kept}.values())
            if not unique:
                continue
            item[field_name] = unique[0][0] if len(unique) == 1 else [v for v, _ in unique]
            said = "、".join(w for _, w in unique if w)
            words.append(f"{self.term_zh(field_name)}{said}")
        if not item or set(item) <= {"valueQualifier", "unit"}:
            return None
        quote = f"{subject.zh}{'，'.join(words)}"
        self.claims += 1
        self.sentences[subject.document].append(quote)
        item["source"] = subject.document
        item["quote"] = quote
        if note:
            item["note"] = f"Synthetic claim {self.claims}."
        return item

    def declaration(self, entity: Entity) -> dict[str, Any]:
        profile = entity.profile
        cls = profile["class"]
        code = entity.zh[len(self.term_zh(cls)) :]
        quote = f"{entity.zh}是{self.term_zh(cls)}"
        self.claims += 1
        self.sentences[entity.document].append(quote)
        alt = {
            tag: self.language_map({tag: count}, f"{code}{self.term_zh(cls)}", f"{names.latin(code)} {self.term_en(cls)}")[tag]
            for tag, count in profile["altLabel"].items()
        }
        decl: dict[str, Any] = {
            "id": entity.slug,
            "class": cls,
            "label": self.language_map(dict.fromkeys(profile["label"], 1), entity.zh, entity.en),
        }
        if alt:
            decl["altLabel"] = alt
        decl["definition"] = self.language_map(
            dict.fromkeys(profile["definition"], 1), f"{quote}。", f"A synthetic {self.term_en(cls)}."
        )
        decl["source"] = entity.document
        decl["quote"] = quote
        notes = profile["notes"]
        facts = []
        seen: set[str] = set()  # a claim stated twice is refused (its id is its content)
        for number, kinds in enumerate(self.claims_of(profile)):
            item = self.claim(entity, kinds, number < notes)
            key = json.dumps({k: v for k, v in (item or {}).items() if k not in ("quote", "note")}, sort_keys=True)
            if item and key not in seen:
                seen.add(key)
                facts.append(item)
        if facts:
            decl["facts"] = facts
        self.ends[cls].append(entity.number)
        return decl

    # --- output --------------------------------------------------------------------------

    def text(self, document: str) -> str:
        """The source text: a title line, then paragraphs of about the curated length."""
        title = next(e for e in self.entities if e.slug == document)
        paragraphs = [f"{title.zh}。"]
        current = ""
        for sentence in self.sentences[document]:
            current += sentence + "。"
            if len(current) >= self.shape["paragraph_chars"]:
                paragraphs.append(current)
                current = ""
        if current:
            paragraphs.append(current)
        return "\n".join(paragraphs) + "\n"


def founding_verb(field_name: str) -> str:
    """The verb a founding or launch date is quoted with: the builder checks that the year the
    quote writes is attached to a founding (成立) or launch (上线), not to another event."""
    lowered = field_name.lower()
    return "成立" if "founding" in lowered else "上线" if "launch" in lowered else ""


def unrank_headings(declarations: list[dict[str, Any]]) -> None:
    """A concept whose narrower concepts all carry a rank heads a numbered list, and the builder
    asks such a heading what it is of. Copies link narrower concepts at random, so a copy may
    head such a list by chance: one of its items loses its rank instead."""
    ranked = {d["id"]: d for d in declarations if any(set(f) & ORDER_FIELDS for f in d.get("facts", []))}
    narrower: dict[str, set[str]] = defaultdict(set)
    for decl in declarations:
        for fact in decl.get("facts", []):
            for value in as_list(fact.get("skos:broader")):
                narrower[value].add(decl["id"])
            narrower[decl["id"]].update(as_list(fact.get("skos:narrower")))
    for heading in sorted(narrower):
        items = narrower[heading]
        if len(items) >= 2 and items <= set(ranked):
            item = ranked.pop(max(items))
            facts = [{k: v for k, v in f.items() if k not in ORDER_FIELDS} for f in item["facts"]]
            item["facts"] = [f for f in facts if set(f) - {"source", "quote", "note"}]


def as_list(value: Any) -> list[Any]:
    return [] if value is None else value if isinstance(value, list) else [value]


def yaml_lines(value: Any, indent: int) -> list[str]:
    """Block-style YAML for the records' plain shapes (mappings of scalars, lists and mappings)."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict):
                lines.append(f"{pad}{key}:")
                lines += yaml_lines(item, indent + 2)
            elif isinstance(item, list) and any(isinstance(v, dict) for v in item):
                lines.append(f"{pad}{key}:")
                lines += yaml_lines(item, indent + 2)
            elif isinstance(item, list):
                lines.append(f"{pad}{key}: [{', '.join(scalar(v) for v in item)}]")
            else:
                lines.append(f"{pad}{key}: {scalar(item)}")
    else:
        for item in value:
            nested = yaml_lines(item, indent + 2)
            lines.append(f"{pad}- {nested[0].lstrip()}")
            lines += nested[1:]
    return lines


def prepare(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise GenerateError(f"{out} is a file, not a directory; choose a new directory")
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            raise GenerateError(f"{out} is not empty and was not written by dgkg bench generate; choose a new directory")
        for part in ("records", "texts"):
            shutil.rmtree(out / part, ignore_errors=True)
    (out / "records").mkdir(parents=True, exist_ok=True)
    (out / "texts").mkdir(exist_ok=True)


def generate(triples: int, seed: int, out: Path, shape: dict[str, Any] | None = None) -> Summary:
    """Write a sources tree of about `triples` asserted triples into `out` (documents.yaml,
    texts/, records/): `dgkg build --sources OUT` builds it."""
    check_size(triples)
    generator = Generator(shape or load_shape(), triples, seed)
    prepare(out)
    declarations = [generator.declaration(entity) for entity in generator.entities]
    unrank_headings(declarations)
    record_bytes = 0
    files = 0
    for start in range(0, len(declarations), ENTITIES_PER_FILE):
        lines = [f"# synthetic records {start}-{start + ENTITIES_PER_FILE - 1}, seed {seed}", "entities:"]
        for decl in declarations[start : start + ENTITIES_PER_FILE]:
            lines += yaml_lines([decl], 2) + [""]
        data = "\n".join(lines).encode("utf-8")
        (out / "records" / f"synthetic-{files:05d}.yaml").write_bytes(data)
        record_bytes += len(data)
        files += 1
    registry = ["documents:"]
    text_bytes = 0
    for doc in generator.doc_slugs:
        text = generator.text(doc).encode("utf-8")
        (out / "texts" / f"{doc}.txt").write_bytes(text)
        text_bytes += len(text)
        registry += [
            f"  - id: {doc}",
            f"    seed: {doc}.txt",
            f"    sha256: {hashlib.sha256(text).hexdigest()}",
            f"    text: texts/{doc}.txt",
            "    language: zh-Hans",
        ]
    (out / "documents.yaml").write_text("\n".join(registry) + "\n", encoding="utf-8")
    classes: dict[str, int] = defaultdict(int)
    for entity in generator.entities:
        classes[entity.profile["class"]] += 1
    summary = Summary(
        triples=triples,
        seed=seed,
        entities=len(generator.entities),
        documents=len(generator.doc_slugs),
        claims=generator.claims,
        record_files=files,
        record_bytes=record_bytes,
        text_bytes=text_bytes,
        classes=dict(sorted(classes.items())),
    )
    (out / MARKER).write_text(json.dumps(summary.__dict__, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return summary
