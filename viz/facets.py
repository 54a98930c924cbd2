"""The three things a reader filters by: class, region and period, computed once per model.

Region is read from the data rather than from a list of properties: an entity lies in every
place it links to (region, jurisdiction, case-of …) and in every place those lie within, so a
new location property in the ontology needs no change here. Period is the span of the years
in an entity's dated facts (founding, launch, issue, start and end years).
"""

from __future__ import annotations

from dataclasses import dataclass

from model import ReadModel
from ontology import DGO


@dataclass(frozen=True)
class Facets:
    regions: dict[str, list[str]]  # slug -> places it lies in (closure), the place itself included
    periods: dict[str, tuple[int, int]]  # slug -> (first year, last year); undated entities absent

    @classmethod
    def of(cls, model: ReadModel) -> "Facets":
        return cls(regions=_regions(model), periods=_periods(model))

    def region_choices(self, model: ReadModel) -> list[str]:
        """Places something else lies in, in label order: the options of the region filter."""
        used = {place for slug, places in self.regions.items() for place in places if place != slug}
        return sorted(used, key=lambda slug: (model.label(slug, "en"), slug))


def _is_place(model: ReadModel, slug: str) -> bool:
    return model.is_a(slug, str(DGO.Place))


def _regions(model: ReadModel) -> dict[str, list[str]]:
    direct: dict[str, set[str]] = {slug: set() for slug in model.entities}
    for fact in model.links:
        if fact.target is not None and _is_place(model, fact.target):
            direct[fact.subject].add(fact.target)
    regions: dict[str, list[str]] = {}
    for slug in model.entities:
        seen: set[str] = {slug} if _is_place(model, slug) else set()
        frontier = list(direct[slug])
        while frontier:
            place = frontier.pop()
            if place not in seen:
                seen.add(place)
                frontier.extend(direct.get(place, ()))
        if seen:
            regions[slug] = sorted(seen)
    return regions


def _periods(model: ReadModel) -> dict[str, tuple[int, int]]:
    years: dict[str, list[int]] = {}
    for fact in model.facts:
        if fact.year is not None:
            years.setdefault(fact.subject, []).append(fact.year)
    return {slug: (min(found), max(found)) for slug, found in sorted(years.items())}
