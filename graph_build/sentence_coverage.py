"""How much of each source text the graph quotes: the share of its sentences that hold (or
overlap) at least one claim's quote, per text and per section.

A sentence ends at 。！？; (or !?; after width folding) or at the end of its paragraph. A
section starts at a top-level heading (一、…, 二、…) or at the reference list (参考文献); what
comes before the first heading is the front matter (title, abstract, keywords). Positions are
taken in the folded text (graph_build.textmatch), where quotes are matched, so a quote typed
in either script covers the sentence it was found in.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from graph_build.library import SourceLibrary
from graph_build.records import RecordSet
from graph_build.textmatch import PARAGRAPH_END, FoldedText, fold

SENTENCE_END = "。!?;"
FRONT_MATTER = "(front matter)"
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|参考文献)")
_CONTENT = re.compile(r"[\w\u4e00-\u9fff]")


@dataclass(frozen=True)
class Sentence:
    start: int  # in the folded text
    end: int
    paragraph: int
    section: str
    text: str  # the source's own words


@dataclass
class SectionCoverage:
    title: str
    sentences: int = 0
    covered: int = 0

    @property
    def share(self) -> float:
        return self.covered / self.sentences if self.sentences else 0.0


@dataclass
class TextCoverage:
    doc: str
    sections: list[SectionCoverage] = field(default_factory=list)
    uncovered: list[Sentence] = field(default_factory=list)

    @property
    def sentences(self) -> int:
        return sum(s.sentences for s in self.sections)

    @property
    def covered(self) -> int:
        return sum(s.covered for s in self.sections)

    @property
    def share(self) -> float:
        return self.covered / self.sentences if self.sentences else 0.0


def _original(text: FoldedText, start: int, end: int) -> str:
    return text.original[text.origin[start] : text.origin[end - 1] + 1].strip()


def sentences(text: FoldedText) -> list[Sentence]:
    """The text's sentences in order, each with its paragraph and section."""
    found: list[Sentence] = []
    section = FRONT_MATTER
    start = 0
    for paragraph, line in enumerate(text.folded.split(PARAGRAPH_END), 1):
        if _HEADING.match(line):  # a heading names its section; it is not one of its sentences
            section = _original(text, start, start + len(line))
            start += len(line) + len(PARAGRAPH_END)
            continue
        begin = start
        for index, ch in enumerate(line):
            if ch in SENTENCE_END or index == len(line) - 1:
                end = start + index + 1
                if _CONTENT.search(text.folded, begin, end):
                    found.append(Sentence(begin, end, paragraph, section, _original(text, begin, end)))
                begin = end
        start += len(line) + len(PARAGRAPH_END)
    return found


def quote_spans(text: FoldedText, quotes: Iterable[str]) -> list[tuple[int, int]]:
    """Where each quote is in the folded text (its first occurrence, the one a claim cites), sorted."""
    spans = []
    for quote in quotes:
        needle = fold(quote)
        at = text.folded.find(needle) if needle else -1
        if at >= 0:
            spans.append((at, at + len(needle)))
    return sorted(spans)


def _overlaps(sentence: Sentence, spans: list[tuple[int, int]], ends: list[int]) -> bool:
    """Whether any span overlaps the sentence; `ends` is the running maximum of span ends."""
    last = bisect_right(spans, (sentence.end, -1)) - 1  # the last span starting before the sentence ends
    return last >= 0 and ends[last] > sentence.start


def coverage_of(doc: str, text: FoldedText, quotes: Iterable[str]) -> TextCoverage:
    spans = quote_spans(text, quotes)
    ends: list[int] = []
    for _, end in spans:
        ends.append(max(end, ends[-1]) if ends else end)
    result = TextCoverage(doc)
    by_title: dict[str, SectionCoverage] = {}
    for sentence in sentences(text):
        section = by_title.get(sentence.section)
        if section is None:
            section = by_title[sentence.section] = SectionCoverage(sentence.section)
            result.sections.append(section)
        section.sentences += 1
        if _overlaps(sentence, spans, ends):
            section.covered += 1
        else:
            result.uncovered.append(sentence)
    return result


def sentence_coverage(library: SourceLibrary, records: RecordSet) -> list[TextCoverage]:
    """Coverage of every curated text by the quotes of the claims drawn from it."""
    quotes: dict[str, list[str]] = {doc: [] for doc in library.texts}
    for record in records.claims:
        if record.source in quotes and record.quote:
            quotes[record.source].append(record.quote)
    return [coverage_of(doc, library.texts[doc], quotes[doc]) for doc in sorted(library.texts)]
