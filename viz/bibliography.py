"""A source document's bibliographic record, as the graph states it, and the two ways to cite it.

Only what a claim states is used (records/documents.yaml quotes each field from the text's
header or footer); a field the text does not give is left out, never guessed. Two things the
graph does not say directly are read from the claims' own quotes:

- the order of authors (dgo:author is unordered): the order in which their names appear in the
  quote of the author claim ("Zeng Fanjun, Shang Liping, Li Weihong");
- whether the document has a title: a label is its title when the quote that identifies the
  document is that label (spacing aside). The labels of an untitled reprint describe it; a
  citation puts such a description in square brackets rather than pass it off as a title.

GB/T 7714-2015 (顺序编码制 entry): 作者. 题名[J]. 刊名, 年(期): 页码. DOI. — up to three authors,
then "等". BibTeX: @article for journal articles, @misc otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from model import Fact, ReadModel
from ontology import DGO

TYPE_CODE = {str(DGO.JournalArticle): "J"}  # GB/T 7714 document type codes; everything else is [Z]
ISSUED = (str(DGO.publicationYear), str(DGO.issuedYear))
MAX_AUTHORS = 3  # GB/T 7714-2015 §8.1.2: list three, then 等 / et al.


@dataclass(frozen=True)
class Reference:
    slug: str
    kind: str  # GB/T 7714 document type code
    authors: list[str]  # in the order the text names them
    title: str | None  # None: the text gives no title (see description)
    description: str
    journal: str | None = None
    year: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    number: str | None = None  # a policy document's number (文号)
    issuer: str | None = None
    author_slugs: tuple[str, ...] = ()  # the authors' entities, in the order of `authors`

    @property
    def creators(self) -> list[str]:
        """Who is responsible for it (主要责任者): its authors, else the body that issued it."""
        return self.authors or ([self.issuer] if self.issuer else [])

    def gbt7714(self) -> str:
        head = ", ".join(self.creators[:MAX_AUTHORS]) + (", 等" if len(self.creators) > MAX_AUTHORS else "")
        title = self.title or f"[{self.description}]"
        if self.number:
            title += f": {self.number}"  # other title information (其他题名信息)
        parts = [f"{head}. " if head else "", f"{title}[{self.kind}]."]
        where = ", ".join(part for part in (self.journal, self._year_issue()) if part)
        if where:
            parts.append(f" {where}")
            parts.append(f": {self.pages}." if self.pages else ".")
        elif self.pages:
            parts.append(f" {self.pages}.")
        if self.doi:
            parts.append(f" DOI:{self.doi}.")
        return "".join(parts)

    def _year_issue(self) -> str:
        if not self.year:
            return f"({self.issue})" if self.issue else ""
        return f"{self.year}({self.issue})" if self.issue else self.year

    def bibtex(self) -> str:
        esc = _bibtex_text
        corporate = f"{{{esc(self.issuer)}}}" if self.issuer else None  # braced: a body, not a person's name
        fields = [
            ("author", " and ".join(esc(a) for a in self.authors) or corporate),
            ("title", esc(self.title) if self.title else None),
            ("note", None if self.title else esc(self.description)),
            ("journal", esc(self.journal) if self.journal else None),
            ("year", self.year),
            ("number", esc(self.issue or self.number or "") or None),
            ("pages", self.pages.replace("-", "--") if self.pages else None),
            ("doi", esc(self.doi) if self.doi else None),
        ]
        kind = "article" if self.kind == "J" else "misc"
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        return f"@{kind}{{{self.slug},\n{body}\n}}"


def reference(model: ReadModel, slug: str) -> Reference:
    """The record of source document `slug` (an entity, or only a name the claims cite)."""
    entity = model.entities.get(slug)
    if entity is None:
        return Reference(slug, "Z", [], None, model.source_titles.get(slug, slug))
    facts = model.facts_about.get(slug, [])

    def value(*predicates: str) -> str | None:
        return next((f.value for p in predicates for f in facts if f.predicate == p and f.value), None)

    authors = _ordered_authors(model, [f for f in facts if f.predicate == str(DGO.author) and f.target])
    issuer = next((f.target for f in facts if f.predicate == str(DGO.issuer) and f.target), None)
    return Reference(
        slug=slug,
        kind=TYPE_CODE.get(entity.cls, "Z"),
        authors=[model.label(a, "zh-hans") for a in authors],
        title=_title(model, slug),
        description=entity.label("zh-hans"),
        journal=value(str(DGO.journal)),
        year=(value(*ISSUED) or "")[:4] or None,
        issue=value(str(DGO.issueNumber)),
        pages=value(str(DGO.pages)),
        doi=value(str(DGO.doi)),
        number=value(str(DGO.documentNumber)),
        issuer=model.label(issuer, "zh-hans") if issuer else None,
        author_slugs=tuple(authors),
    )


def _title(model: ReadModel, slug: str) -> str | None:
    """The document's title in its own language, if the text gives one: the label that the quote
    identifying the document reproduces. A Chinese title is cited in simplified characters."""
    entity = model.entities[slug]
    declared = entity.declared_by
    if declared is None or declared.source != slug or not declared.quote:
        return entity.label("zh-hans")  # a document another text names: by its title
    said = _squeeze(declared.quote)
    for lang, text in [*entity.labels.items(), *((lang, t) for lang, texts in entity.alt_labels.items() for t in texts)]:
        if _squeeze(text) == said:
            return entity.labels.get("zh-hans", text) if lang.startswith("zh") else text
    return None


def _ordered_authors(model: ReadModel, claims: list[Fact]) -> list[str]:
    """Authors in the order the author claim's quote names them; unnamed there: after, by slug."""
    slugs = sorted({f.target for f in claims if f.target})
    quote = next((f.evidence.quote for f in claims if f.evidence.quote), "") or ""

    def place(author: str) -> tuple[int, str]:
        found = [quote.find(name) for name in model.entities[author].all_labels() if name and name in quote]
        return (min(found) if found else len(quote) + 1, author)

    return sorted(slugs, key=place)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _bibtex_text(text: str) -> str:
    """The characters TeX treats specially, escaped."""
    return re.sub(r"([&%$#_{}])", r"\\\1", text)
