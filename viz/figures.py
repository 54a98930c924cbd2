"""A statistic's figure as the text gives it: the number with its qualifier, unit and date.

"超过70%的地级市" is recorded as the value 70 with dgo:valueQualifier dgo:MoreThan (a SKOS
concept whose labels are 超过 / more than); showing "70%" alone would misquote the source. The
qualifier's label comes from the ontology, in the reader's language. In Chinese, 以上 and 以下
follow the number ("80%以上"), the other qualifiers precede it ("超过 70%", "近 500项"); in
English every qualifier precedes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from model import Fact, ReadModel
from ontology import DGO

WHEN = (str(DGO.asOfYear), str(DGO.asOfMonth), str(DGO.asOf))
VALUE, UNIT, QUALIFIER = str(DGO.value), str(DGO.unit), str(DGO.valueQualifier)
FOLLOWS_NUMBER = {str(DGO.AtLeast), str(DGO.AtMost)}  # 以上, 以下


@dataclass(frozen=True)
class Figure:
    value: str
    unit: str | None
    when: str | None
    qualifier: str | None  # the SKOS concept's IRI

    def qualifier_labels(self, model: ReadModel) -> list[object] | None:
        """[zh, en, whether the Chinese word follows the number], for the explorer's panel."""
        if self.qualifier is None:
            return None
        vocab = model.vocabulary
        return [vocab.label(self.qualifier, "zh-hans"), vocab.label(self.qualifier, "en"), self.qualifier in FOLLOWS_NUMBER]

    def text(self, model: ReadModel, lang: str) -> str:
        """ "超过 70%" / "more than 70%", with the date in brackets when the graph has one."""
        number = readable_number(self.value) + (self.unit or "")
        if self.qualifier:
            word = model.vocabulary.label(self.qualifier, lang)
            number = f"{number}{word}" if lang != "en" and self.qualifier in FOLLOWS_NUMBER else f"{word} {number}"
        if self.when:
            number += f" ({self.when})" if lang == "en" else f"（{self.when}）"
        return number


def figure(facts: list[Fact]) -> Figure | None:
    """The figure among an entity's facts, or None if it states no dgo:value."""
    first: dict[str, str] = {}  # predicate -> its first value, in one pass (a hub has thousands of facts)
    for fact in facts:
        if fact.value and fact.predicate not in first:
            first[fact.predicate] = fact.value
    value = first.get(VALUE)
    if value is None:
        return None
    when = next((first[p] for p in WHEN if p in first), None)
    return Figure(value, first.get(UNIT), when, first.get(QUALIFIER))


def readable_number(value: str) -> str:
    """1000000.0 -> 1,000,000; a value that is not a number is left as written."""
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value
    return f"{number.normalize():,f}" if number == number.to_integral_value() else f"{number:,}"
