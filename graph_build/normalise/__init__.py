"""Seed text -> normalised text, reproducibly (the room's door).

    normalise_all(seeds_dir, sources_dir) -> NormaliseReport   # what `dgkg sources normalise` runs
    normalise_text(raw, errata) -> NormalisedText                # one text, with a repair report
    load_registry(sources_dir) -> list[SourceText]               # sources/documents.yaml
    load_errata(path) -> list[Erratum]                           # sources/errata.yaml

The steps (see pipeline.py for why in this order): repair mis-read GBK runs, strip pinyin
annotations, strip HTML, drop spam and navigation lines, remove injected symbols, one
paragraph per line, then the reviewed errata. Script is never converted and punctuation is
left as the seeds have it. Errors are NormaliseError(file, line, field, message).
"""

from graph_build.normalise.errata import load_errata
from graph_build.normalise.model import (
    DocumentResult,
    Erratum,
    MojibakeRun,
    NormalisedText,
    NormaliseError,
    NormaliseReport,
    RepairReport,
    SourceText,
)
from graph_build.normalise.pipeline import automatic_steps, normalise_all, normalise_text
from graph_build.normalise.registry import dominant_script, load_registry

__all__ = [
    "DocumentResult",
    "Erratum",
    "MojibakeRun",
    "NormaliseError",
    "NormaliseReport",
    "NormalisedText",
    "RepairReport",
    "SourceText",
    "automatic_steps",
    "dominant_script",
    "load_errata",
    "load_registry",
    "normalise_all",
    "normalise_text",
]
