"""Numbered lists keep their order: an item the text numbers carries `rank`.

The texts number lists with (一)(二), 1. 2., 第一/第二, 一是/二是, 首先/其次/最后. When a claim
links an item to its list (partOf, memberOf, categoryOf, dimensionOf, stageOf, skos:broader or
their inverses) and its quote, or the words just before it in the paragraph, holds such a
marker, the order is in the text and must be in the graph: without it the only trace of the
order is the claim's paragraph locator. The marker may number the item or the list the item
belongs to (一是……的系统,如金税、金卡: the sub-list is numbered, not its members), so a link
passes when the item, the list, or a sub-list between them carries an order.

A `rank` whose quote holds a numbered marker must be that number, and two items of one list
may not share a rank.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import SKOS

from graph_build.errors import RecordError
from graph_build.library import SourceLibrary
from graph_build.qualifiers import chinese_number
from graph_build.records import ClaimRecord, Statement
from graph_build.textmatch import fold
from ontology import OntologyIndex
from ontology import DGO

ORDER_PROPERTIES = (DGO.rank, DGO.stageNumber)
# How far before a quote a marker still numbers it: "1." or "(三)" or "第二," directly precede.
CONTEXT_BEFORE = 6

_CN = "一二三四五六七八九十"
_START = r"(?:^|(?<=[。;:,、)\]”\n]))"  # a marker opens a sentence, a clause or the paragraph
_MARKERS = re.compile(
    rf"\((?P<paren>[{_CN}]+)\)"
    rf"|{_START}(?P<arabic>\d{{1,2}})[.、](?!\d)"
    rf"|{_START}第(?P<ordinal>[{_CN}]+)(?=[,、:]|阶段)"
    rf"|{_START}(?P<shi>[{_CN}]+)是"
    rf"|{_START}(?P<word>首先|其次|再次|最后|一方面|另一方面)(?=,)"
)
_WORD_NUMBERS: dict[str, int | None] = {"首先": 1, "其次": 2, "再次": 3, "最后": None, "一方面": 1, "另一方面": 2}


@dataclass(frozen=True)
class Marker:
    text: str
    number: int | None  # None for 最后 (the last, whatever its number)


def markers(text: str) -> list[Marker]:
    """Every enumeration marker in a folded text."""
    found = []
    for match in _MARKERS.finditer(text):
        if match["arabic"]:
            number: int | None = int(match["arabic"])
        elif match["word"]:
            number = _WORD_NUMBERS[match["word"]]
        else:
            parsed = chinese_number(match["paren"] or match["ordinal"] or match["shi"])
            number = int(parsed) if parsed is not None else None
        found.append(Marker(match.group(), number))
    return found


def quote_context(record: ClaimRecord, library: SourceLibrary) -> str:
    """The folded quote with the words right before it in its paragraph, where a marker may sit."""
    quote = fold(record.quote or "")
    text = library.texts.get(record.source or "")
    if text is None or not quote:
        return quote
    start = text.folded.find(quote)
    if start < 0:
        return quote
    paragraph_start = text.folded.rfind("\n", 0, start) + 1
    return text.folded[max(paragraph_start, start - CONTEXT_BEFORE) : start] + quote


@dataclass(frozen=True)
class Membership:
    """One item-to-list link as a claim states it."""

    item: str
    group: str
    record: ClaimRecord
    statement: Statement


class Memberships:
    """Which properties link an item to its list, read from the ontology."""

    def __init__(self, index: OntologyIndex) -> None:
        self.index = index

    def upward(self, prop: URIRef) -> bool:
        """item → list: partOf and its sub-properties, inScheme's (categoryOf, stageOf), dimensionOf, broader."""
        if prop in (DGO.partOf, DGO.dimensionOf, SKOS.broader):
            return True
        return bool({DGO.partOf, SKOS.inScheme} & self.index.superproperties(prop))

    def downward(self, prop: URIRef) -> bool:
        return any(self.upward(inverse) for inverse in self.index.inverses(prop))

    def of(self, record: ClaimRecord) -> Iterator[Membership]:
        for st in record.statements:
            prop = self.index.resolve_property(st.field)
            if prop is None or prop.kind != "object":
                continue
            up, down = self.upward(prop.iri), self.downward(prop.iri)
            for value in st.value if isinstance(st.value, list) else [st.value]:
                if not isinstance(value, str):
                    continue
                if up:
                    yield Membership(record.subject, value, record, st)
                elif down:
                    yield Membership(value, record.subject, record, st)


@dataclass(frozen=True)
class Order:
    """A rank or stage number, where the curator wrote it."""

    value: int  # a value of another type is refused where the claim is typed
    prop: URIRef
    record: ClaimRecord
    statement: Statement


class Lists:
    """The lists the records state: which items each list has, which lists each item is in, and
    the order (rank, stage number) each entity carries."""

    def __init__(self, records: list[ClaimRecord], index: OntologyIndex) -> None:
        orders = {
            st.field: prop.iri
            for r in records
            for st in r.statements
            if (prop := index.resolve_property(st.field)) is not None and prop.iri in ORDER_PROPERTIES
        }
        self.ranks: dict[str, list[Order]] = defaultdict(list)
        for record in records:
            for st in record.statements:
                if st.field in orders and isinstance(st.value, int) and not isinstance(st.value, bool):
                    self.ranks[record.subject].append(Order(st.value, orders[st.field], record, st))
        memberships = Memberships(index)
        self.links = [m for record in records for m in memberships.of(record)]
        self.lists: dict[str, set[str]] = defaultdict(set)  # item -> the lists it is linked to
        self.items: dict[str, set[str]] = defaultdict(set)  # list -> its items
        for link in self.links:
            self.lists[link.item].add(link.group)
            self.items[link.group].add(link.item)


class OrderCheck:
    def __init__(self, records: list[ClaimRecord], index: OntologyIndex, library: SourceLibrary) -> None:
        self.library = library
        known = Lists(records, index)
        self.ranks, self.links, self.lists, self.items = known.ranks, known.links, known.lists, known.items
        self.errors: list[RecordError] = []

    def error(self, record: ClaimRecord, line: int, field: str, message: str) -> None:
        self.errors.append(RecordError(record.file, line or None, field, message))

    def ordered(self, item: str, group: str) -> bool:
        """The item, its list, or a sub-list between them carries an order."""
        between = {mid for mid in self.lists[item] if group in self.lists[mid]}
        return any(self.ranks.get(node) for node in {item, group, *between})

    def run(self) -> list[RecordError]:
        contexts: dict[int, list[Marker]] = {}
        for link in self.links:
            key = id(link.record)
            if key not in contexts:
                contexts[key] = markers(quote_context(link.record, self.library))
            if contexts[key] and not self.ordered(link.item, link.group):
                self.unordered(link, contexts[key])
        for subject, orders in sorted(self.ranks.items()):
            for order in orders:
                self.rank_matches_marker(subject, order)
        self.duplicate_ranks()
        return self.errors

    def unordered(self, link: Membership, found: list[Marker]) -> None:
        numbers = [m.number for m in found if m.number is not None]
        one_item = not isinstance(link.statement.value, list) or len(link.statement.value) == 1
        rank = f"`rank: {numbers[0]}`" if len(numbers) == 1 and one_item else "`rank: N`"
        self.error(
            link.record,
            link.statement.line,
            link.statement.field,
            f"the quote has the enumeration marker '{found[0].text}', but neither '{link.item}' nor "
            f"'{link.group}' carries its order; add a fact {rank} about '{link.item}' (or about the "
            "numbered sub-list it belongs to) with a quote that shows its number",
        )

    def rank_matches_marker(self, subject: str, order: Order) -> None:
        found = markers(quote_context(order.record, self.library))
        numbers = {m.number for m in found}
        if not found or None in numbers or order.value in numbers:
            return
        shown = ", ".join(f"'{m.text}'" for m in found)
        self.error(
            order.record,
            order.statement.line,
            order.statement.field,
            f"'{subject}' is given {order.statement.field} {order.value}, but the quote numbers it {shown}",
        )

    def duplicate_ranks(self) -> None:
        for group, items in sorted(self.items.items()):
            holders: dict[object, str] = {}
            for item in sorted(items):
                for order in self.ranks.get(item, []):
                    other = holders.setdefault((order.prop, order.value), item)
                    if other != item:
                        self.error(
                            order.record,
                            order.statement.line,
                            order.statement.field,
                            f"'{item}' and '{other}' are both {order.statement.field} {order.value} of "
                            f"'{group}'; the items of one list are numbered 1, 2, 3 …",
                        )


def order_errors(records: list[ClaimRecord], index: OntologyIndex, library: SourceLibrary) -> list[RecordError]:
    """Items the text numbers that carry no order, and ranks that contradict the text's numbers."""
    return OrderCheck(records, index, library).run()
