"""A node that stands for a list belongs to something: what the list is of.

A typology, a periodisation, an analytical framework or a programme group with items, and a
concept that heads a numbered list of narrower concepts ("the dilemmas of building the holistic
intelligent government"), stand for a section or a list of the text. Linked only to its items
and to the article, it says nothing of what it classifies, periodises, analyses or enumerates:
the build asks for `concerns` (the concept or initiative it is about), or for a link that makes
it a part or an item of something larger.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib.namespace import SKOS

from graph_build.enumerations import Lists
from graph_build.errors import RecordError
from graph_build.records import ClaimRecord, EntityDecl
from ontology import OntologyIndex, curie
from ontology import DGO

GROUP_CLASSES = (DGO.Typology, DGO.Periodisation, DGO.AnalyticalFramework, DGO.ProgrammeGroup)
BELONGS_TO = DGO.concerns
MIN_ITEMS = 2


class GroupCheck:
    def __init__(self, entities: list[EntityDecl], records: list[ClaimRecord], index: OntologyIndex) -> None:
        self.entities = entities
        self.index = index
        self.lists = Lists(records, index)
        self.narrower: dict[str, set[str]] = defaultdict(set)  # concept -> the narrower concepts it lists
        for link in self.lists.links:
            prop = index.resolve_property(link.statement.field)
            if prop is not None and prop.iri in (SKOS.broader, SKOS.narrower):
                self.narrower[link.group].add(link.item)
        self.about: dict[str, set[str]] = defaultdict(set)
        for record in records:
            for st in record.statements:
                prop = index.resolve_property(st.field)
                if prop is not None and (prop.iri == BELONGS_TO or BELONGS_TO in index.superproperties(prop.iri)):
                    self.about[record.subject].add(str(st.value))

    def kind(self, decl: EntityDecl) -> str | None:
        """What list the entity stands for, or None when it stands for no list."""
        if len(self.lists.items[decl.slug]) < MIN_ITEMS:
            return None
        cls = self.index.resolve_class(decl.class_name)
        if cls is not None and any(self.index.is_a(cls, group) for group in GROUP_CLASSES):
            return f"a {curie(cls)}"
        narrower = self.narrower[decl.slug]
        if len(narrower) >= MIN_ITEMS and all(self.lists.ranks.get(item) for item in narrower):
            return "the heading of a numbered list"
        return None

    def run(self) -> list[RecordError]:
        errors = []
        for decl in self.entities:
            kind = self.kind(decl)
            if kind is None or self.about[decl.slug] or self.lists.lists[decl.slug]:
                continue
            items = sorted(self.lists.items[decl.slug])
            shown = ", ".join(items[:3]) + (" …" if len(items) > 3 else "")
            errors.append(
                RecordError(
                    decl.file,
                    decl.line,
                    "concerns",
                    f"'{decl.slug}' is {kind} with {len(items)} items ({shown}) but is linked to nothing it "
                    "belongs to; add `concerns:` with the concept or initiative it is of (or `partOf` the whole it "
                    "is a part of), quoting where the text says so",
                )
            )
        return errors


def group_errors(entities: list[EntityDecl], records: list[ClaimRecord], index: OntologyIndex) -> list[RecordError]:
    """Every list node that is linked only to its items (and its article), not to what it is of."""
    return GroupCheck(entities, records, index).run()
