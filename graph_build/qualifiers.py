"""A number the text qualifies (超过70%, 近500项, 100余万) is not an exact figure.

The check reads each claim's quote for the numbers it writes (Arabic or Chinese numerals, with
万/亿 multipliers) and the qualifier words right beside them. A numeric field whose value the
quote gives only with such a word must say so (`valueQualifier:`), and a qualifier must be
the one the quote's word means: otherwise a reader quoting the graph would misquote the source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rdflib.namespace import XSD

from graph_build.errors import RecordError
from graph_build.records import ClaimRecord, Statement
from graph_build.textmatch import fold
from graph_build.vocabulary import controlled_terms
from ontology import OntologyIndex
from ontology import DGO

QUALIFIER_FIELD = "valueQualifier"
QUALIFIED_FIELD = "value"
NUMERIC_RANGES = (XSD.decimal, XSD.integer, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.gYear)

# Words before a number, longest first where one is the end of another (接近 before 近).
BEFORE = {
    "超过了": "more-than",
    "超过": "more-than",
    "逾": "more-than",
    "不少于": "at-least",
    "不低于": "at-least",
    "至少": "at-least",
    "接近": "nearly",
    "将近": "nearly",
    "几近": "nearly",
    "近": "nearly",
    "大约": "approximately",
    "大概": "approximately",
    "约": "approximately",
    "不足": "less-than",
    "不到": "less-than",
    "不满": "less-than",
    "不超过": "at-most",
    "不高于": "at-most",
    "最多": "at-most",
}
# 数十, 几百, 上千: a round number given as an order of magnitude.
MAGNITUDE = {"数": "approximately", "几": "approximately", "上": "approximately"}
# Words after the number (and its unit): 100余万, 80%以上, 1000人左右.
AFTER = {
    "有余": "more-than",
    "余": "more-than",
    "多": "more-than",
    "以上": "at-least",
    "以下": "at-most",
    "左右": "approximately",
    "上下": "approximately",
    "前后": "approximately",
}
MEASURE_WORDS = "个项件名人家次种年岁倍位户座条类元%‰"

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_SECTIONS = {"万": 10**4, "亿": 10**8}
_NUMBER = re.compile(
    r"(?P<arabic>\d+(?:\.\d+)?)(?P<infix>余|多)?(?P<mult>[十百千万亿]*)"
    r"|(?P<chinese>[零〇一二两三四五六七八九十百千万亿]+)"
)
# 最近 (lately), 节约 (save), 制约 (constrain) … end in a qualifier's character but are other words.
_NOT_QUALIFIER_BEFORE = {"近": "最附靠邻", "约": "节制合签契公条预隐婚违履"}
_BEFORE = re.compile(
    "(?:"
    + "|".join(
        f"(?<![{_NOT_QUALIFIER_BEFORE[word]}]){word}" if word in _NOT_QUALIFIER_BEFORE else word
        for word in sorted(BEFORE, key=len, reverse=True)
    )
    + ")$"
)
_AFTER = re.compile("(?:" + "|".join(sorted(AFTER, key=len, reverse=True)) + ")")


@dataclass(frozen=True)
class Occurrence:
    """A number as the quote writes it, with the qualifier its neighbouring words give it."""

    value: Decimal
    text: str  # the number with the qualifier word and unit around it, as the quote has it
    qualifier: str | None


def chinese_number(text: str) -> Decimal | None:
    """一千零二十二 -> 1022, 十二 -> 12, 一亿二千万 -> 120000000; None for what is not a numeral."""
    done, wan, section, digit = 0, 0, 0, None  # whole 亿 groups, the 万 group, the rest
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        elif ch == "万":
            wan += (section + (digit or 0)) * _SECTIONS[ch]
            section, digit = 0, None
        elif ch == "亿":
            done = (done + wan + section + (digit or 0)) * _SECTIONS[ch]
            wan, section, digit = 0, 0, None
        else:
            return None
    return Decimal(done + wan + section + (digit or 0))


def _multiplier(text: str) -> int:
    factor = 1
    for ch in text:
        factor *= _UNITS.get(ch) or _SECTIONS.get(ch) or 1
    return factor


def _after_unit(quote: str, end: int, unit: str) -> int:
    """Where a qualifier word after the number would start: past the claim's unit or one measure word."""
    if unit and quote.startswith(unit, end):
        return end + len(unit)
    if end < len(quote) and quote[end] in MEASURE_WORDS:
        return end + 1
    return end


def occurrences(quote: str, unit: str = "") -> Iterator[Occurrence]:
    """Every number in a folded quote with the qualifier written beside it, if any."""
    for match in _NUMBER.finditer(quote):
        if match["arabic"]:
            try:
                value = Decimal(match["arabic"]) * _multiplier(match["mult"])
            except InvalidOperation:
                continue
            qualifier = AFTER[match["infix"]] if match["infix"] else None
        else:
            parsed = chinese_number(match["chinese"])
            if parsed is None:
                continue
            value, qualifier = parsed, None
        start, end = match.start(), match.end()
        before = _BEFORE.search(quote, 0, start)
        if before:
            qualifier, start = qualifier or BEFORE[before.group()], before.start()
        elif match["chinese"] and match["chinese"][0] in "十百千万亿" and start and quote[start - 1] in MAGNITUDE:
            qualifier, start = MAGNITUDE[quote[start - 1]], start - 1
        after_at = _after_unit(quote, end, unit)
        after = _AFTER.match(quote, after_at)
        if after:
            qualifier, end = qualifier or AFTER[after.group()], after.end()
        yield Occurrence(value, quote[start : max(end, after_at)], qualifier)


def _as_number(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _unit_of(record: ClaimRecord) -> str:
    unit = next((st.value for st in record.statements if st.field == "unit"), "")
    return fold(unit) if isinstance(unit, str) else ""


class QualifierCheck:
    """The qualifier errors of one claim."""

    def __init__(self, record: ClaimRecord, numeric_fields: set[str]) -> None:
        self.record = record
        self.numeric_fields = numeric_fields
        self.found = list(occurrences(fold(record.quote or ""), _unit_of(record)))
        self.qualifier = next((st for st in record.statements if st.field == QUALIFIER_FIELD), None)
        self.errors: list[RecordError] = []

    def error(self, line: int, field: str, message: str) -> None:
        self.errors.append(RecordError(self.record.file, line or None, field, message))

    def run(self) -> list[RecordError]:
        values = [st for st in self.record.statements if st.field in self.numeric_fields]
        for st in values:
            for value in st.value if isinstance(st.value, list) else [st.value]:
                self.exact_value(st, value)
        if self.qualifier is not None:
            self.stated_qualifier(self.qualifier, next((st for st in values if st.field == QUALIFIED_FIELD), None))
        return self.errors

    def exact_value(self, st: Statement, value: object) -> None:
        """A value recorded as exact that the quote writes only with a qualifier word."""
        if st.field == QUALIFIED_FIELD and self.qualifier is not None:
            return
        number = _as_number(value)
        seen = [o for o in self.found if number is not None and o.value == number]
        if not seen or any(o.qualifier is None for o in seen):
            return
        if st.field == QUALIFIED_FIELD:
            self.error(
                st.line,
                st.field,
                f"the quote says '{seen[0].text}' but the value is recorded as exact; "
                f"add `{QUALIFIER_FIELD}: {seen[0].qualifier}` to this fact",
            )
            return
        self.error(
            st.line,
            st.field,
            f"the quote says '{seen[0].text}' but {value} is recorded as exact; a number the text "
            "qualifies is not an exact one: leave the field out and keep the words in a "
            "characteristic or note",
        )

    def stated_qualifier(self, qualifier: Statement, value: Statement | None) -> None:
        """A qualifier stands beside the value it qualifies, as the quote's words say it."""
        if value is None:
            self.error(
                qualifier.line,
                qualifier.field,
                f"'{QUALIFIER_FIELD}' qualifies the value stated in the same fact item; put it beside `value:`",
            )
            return
        number = _as_number(value.value)
        seen = [o for o in self.found if number is not None and o.value == number]
        if (
            not isinstance(qualifier.value, str)
            or qualifier.value not in controlled_terms(DGO.ValueQualifier)
            or any(o.qualifier == qualifier.value for o in seen)
        ):
            return  # an unknown qualifier is reported where the claim is typed
        if not seen:
            self.error(
                qualifier.line,
                qualifier.field,
                f"the quote does not write the value {value.value}; quote the words that give it and its qualifier",
            )
            return
        said = "; ".join(f"'{o.text}' ({o.qualifier or 'exact'})" for o in seen)
        self.error(qualifier.line, qualifier.field, f"the quote gives the value as {said}, not as {qualifier.value}")


def numeric_fields(records: list[ClaimRecord], index: OntologyIndex) -> set[str]:
    """The fields curators use whose values are numbers or years."""
    fields = {st.field for record in records for st in record.statements}
    numeric = set()
    for name in fields:
        prop = index.resolve_property(name)
        if prop is not None and prop.range in NUMERIC_RANGES:
            numeric.add(name)
    return numeric


def qualifier_errors(records: list[ClaimRecord], index: OntologyIndex) -> list[RecordError]:
    """Every claim whose quote qualifies a number the claim records as exact, or the reverse."""
    fields = numeric_fields(records, index)
    errors: list[RecordError] = []
    for record in records:
        if record.quote and any(st.field in fields or st.field == QUALIFIER_FIELD for st in record.statements):
            errors.extend(QualifierCheck(record, fields).run())
    return errors
