"""Precision rules: a quote must carry the claim it supports, not merely lie in the text.

Two rules beyond "the quote is in the text" (textmatch) and "within one paragraph" (textmatch
keeps the paragraph break in the folded text, so no quote can match across it):

- the quote names its subject: the quote, the sentence that holds it or its paragraph before it
  (where 其, 该平台, 它 find what they refer to) writes one of the subject's labels (any language,
  folded as quotes are), or the subject is what the paragraph's heading names; otherwise the
  record says `subjectInQuote: false` and a `note:` says how the quote refers to the subject
  (其, 该平台, a reference marker [10]);
- a founding or launch date is one the quote attaches to a founding or launch: a verb such as
  成立/组建/设立/挂牌/上线/启动 stands near the year, not only another event (the plan that
  proposed the body, the meeting that decided it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from graph_build.errors import RecordError
from graph_build.library import SourceLibrary
from graph_build.records import SUBJECT_FLAG, ClaimRecord, RecordSet
from graph_build.textmatch import FoldedText, fold

LABEL_FIELDS = ("label", "altLabel")

# A heading line: 一、 (一) 1. 第一阶段 …; it names what its paragraphs are about.
_NUMERAL = "[一二三四五六七八九十]+"
_HEADING = re.compile(rf"^(?:{_NUMERAL}、|[(（]{_NUMERAL}[)）]|\d+[.、．]|第{_NUMERAL}[阶段部分])")
_SENTENCE_END = "。！？!?"

# Fields whose value is the date something was founded or went live, and the words that say so.
DATE_FIELDS = {"foundingYear", "foundingDate", "launchYear", "launchDate"}
FOUNDING_VERBS = (
    "成立",
    "组建",
    "设立",
    "增设",
    "新设",
    "挂牌",
    "建立",
    "创建",
    "创立",
    "上线",
    "启动",
    "开通",
    "运行",
    "推出",
    "启用",
    "开启",
    "揭牌",
    "改组",
    "更名",
)
NEAR = 48  # folded characters either side of the year in which the verb must stand
# A founding verb after one of these is the content of a plan or decision (提出组建, 公布组建), not
# the founding itself: the year then dates the plan.
PROPOSAL_WORDS = ("提出", "公布", "决定", "部署", "要求", "计划", "拟", "宣布", "推动")

# Subjects the text does not name because the graph composes them: a statistic, a studied case,
# a place in a byline, a re-organisation event, a stage, a scheme (typology, periodisation,
# framework, programme group) and its parts are labelled by the curator from what the text says
# about them, so their quotes name what they are built from instead (the indicator, the place,
# the person). A claim about the source document itself is the text speaking of itself (本文).
COMPOSED_CLASSES = {
    "Statistic",
    "Indicator",
    "Case",
    "Authorship",
    "OrganizationalChange",
    "Stage",
    "Periodisation",
    "Typology",
    "TypologyCategory",
    "AnalyticalFramework",
    "FrameworkDimension",
    "ProgrammeGroup",
}  # folded characters either side of the year in which the verb must stand


def _texts(value: object) -> Iterator[str]:
    """Every string in a label value: a tag-to-text mapping whose texts may be lists."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def subject_labels(records: RecordSet) -> dict[str, set[str]]:
    """Each entity's labels and altLabels in every language, folded for matching."""
    labels: dict[str, set[str]] = {}
    for record in records.claims:
        for st in record.statements:
            if st.field in LABEL_FIELDS:
                labels.setdefault(record.subject, set()).update(f for f in map(fold, _texts(st.value)) if len(f) >= 2)
    return labels


@dataclass(frozen=True)
class Place:
    """Where a quote stands: its paragraph, the sentence(s) holding it and the heading above."""

    quote: str
    sentence: str
    before: str  # the paragraph up to the quote: where 其, 该平台, 它 find what they refer to
    heading: str


def place_of(text: FoldedText, quote: str, headings: dict[int, str] | None = None) -> Place | None:
    """Where ``quote`` is in ``text``; ``headings`` keeps the heading found above each paragraph
    for the next quote of the same text (finding it reads the text up to the paragraph)."""
    needle = fold(quote)
    start = text.folded.find(needle) if needle else -1
    if start < 0:
        return None
    para_start = text.folded.rfind("\n", 0, start) + 1
    para_end = text.folded.find("\n", start)
    para_end = len(text.folded) if para_end < 0 else para_end
    end = start + len(needle)
    begin = max((text.folded.rfind(mark, para_start, start) for mark in _SENTENCE_END), default=-1)
    begin = para_start if begin < para_start else begin + 1
    stops = [i for i in (text.folded.find(mark, end, para_end) for mark in _SENTENCE_END) if i >= 0]
    stop = min(stops) + 1 if stops else para_end
    heading = headings.get(para_start) if headings is not None else None
    if heading is None:
        heading = _heading_above(text, para_start)
        if headings is not None:
            headings[para_start] = heading
    return Place(needle, text.folded[begin:stop], text.folded[para_start:start], heading)


def _heading_above(text: FoldedText, para_start: int) -> str:
    """The folded heading nearest above the paragraph (the paragraph itself when it is a heading), or ''."""
    upto = text.origin[para_start] if para_start < len(text.origin) else len(text.original)
    own, *_ = text.original[upto:].split("\n", 1)
    for line in [own, *reversed(text.original[:upto].split("\n"))]:
        if _HEADING.match(line.strip()):
            return fold(line)
    return ""


class PrecisionCheck:
    def __init__(self, records: RecordSet, library: SourceLibrary) -> None:
        self.records = records
        self.library = library
        self.labels = subject_labels(records)
        self.composed = {e.slug for e in records.entities if e.class_name in COMPOSED_CLASSES}
        self.errors: list[RecordError] = []
        self.headings: dict[str, dict[int, str]] = {}  # source -> paragraph start -> the heading above it

    def error(self, record: ClaimRecord, line: int, field: str, message: str) -> None:
        self.errors.append(RecordError(record.file, line or None, field, message))

    def run(self) -> list[RecordError]:
        for record in self.records.claims:
            source = record.source
            if not record.quote or source is None or source not in self.library:
                continue  # an external source has no text to read; an unknown one is reported elsewhere
            place = place_of(self.library.texts[source], record.quote, self.headings.setdefault(source, {}))
            if place is None:
                continue  # a quote not in the text is reported where quotes are matched
            self.subject_named(record, place)
            self.date_attached(record, place)
        return self.errors

    def subject_named(self, record: ClaimRecord, place: Place) -> None:
        if record.subject in self.composed or record.subject == record.source:
            return
        if record.subject_in_quote is False:
            if not record.note:
                self.error(
                    record,
                    record.line_of(SUBJECT_FLAG),
                    SUBJECT_FLAG,
                    f"`{SUBJECT_FLAG}: false` needs a `note:` saying how the quote refers to "
                    f"'{record.subject}' (其, 该平台, [10] …)",
                )
            return
        labels = self.labels.get(record.subject, set())
        if any(label in place.sentence or label in place.before or label in place.heading for label in labels):
            return
        self.error(
            record,
            record.line_of("quote"),
            "quote",
            f"the quote does not name its subject '{record.subject}': neither it, nor the sentence that holds it, "
            f"nor its paragraph before it, nor the heading above writes one of its labels; quote the words that "
            f"name the subject, or, when the quote refers to it otherwise (其, 该平台, a reference marker), add "
            f"`{SUBJECT_FLAG}: false` and a `note:` saying how",
        )

    def date_attached(self, record: ClaimRecord, place: Place) -> None:
        for st in record.statements:
            if st.field not in DATE_FIELDS:
                continue
            year = str(st.value)[:4]
            spots = [m.start() for m in re.finditer(re.escape(year), place.quote)]
            if not spots:
                self.error(
                    record,
                    st.line,
                    st.field,
                    f"the quote does not write the year {year}; quote the words that date the founding or launch",
                )
                continue
            windows = [place.quote[max(0, at - NEAR) : at + len(year) + NEAR] for at in spots]
            if not any(_founded_in(window) for window in windows):
                self.error(
                    record,
                    st.line,
                    st.field,
                    f"the quote dates {year} but no founding or launch word (成立, 组建, 设立, 挂牌, 上线, 启动 …) stands "
                    f"near it: the text may attach the year to another event (the plan that proposed the body); "
                    f"quote where the text says it was founded or launched, or leave the date out",
                )


def _founded_in(window: str) -> bool:
    """A founding verb in the window that is not the object of a plan or decision."""
    for verb in FOUNDING_VERBS:
        for found in re.finditer(verb, window):
            if not any(window[max(0, found.start() - len(word)) : found.start()] == word for word in PROPOSAL_WORDS):
                return True
    return False


def precision_errors(records: RecordSet, library: SourceLibrary) -> list[RecordError]:
    """Claims whose quote does not name their subject, and founding dates the quote gives to another event."""
    return PrecisionCheck(records, library).run()
