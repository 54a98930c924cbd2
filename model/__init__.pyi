# The names this room's door offers; __init__.py resolves each on first use (lazy_loader).

from .graph import Entity, Evidence, Fact, ReadModel
from .reading import read_model, read_model_from_quads
from .vocabulary import lang_key, lang_order, LANG_ORDER, local_name, Vocabulary

# what `from room import *` and mypy take as the door's names
__all__ = [
    "Entity",
    "Evidence",
    "Fact",
    "LANG_ORDER",
    "lang_key",
    "lang_order",
    "local_name",
    "read_model",
    "read_model_from_quads",
    "ReadModel",
    "Vocabulary",
]
