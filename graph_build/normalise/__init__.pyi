# The names this door offers; __init__.py resolves each on first use (lazy_loader).

from .errata import load_errata
from .model import (
    DocumentResult,
    Erratum,
    MojibakeRun,
    NormalisedText,
    NormaliseError,
    NormaliseReport,
    RepairReport,
    SourceText,
)
from .pipeline import automatic_steps, normalise_all, normalise_text
from .registry import dominant_script, load_registry

# what `from room import *` and mypy take as the door's names
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
