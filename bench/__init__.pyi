# The names this room's door offers; __init__.py resolves each on first use (lazy_loader).

from .generate import generate, Summary
from .report import write
from .runner import bench
from .sizing import check_size, GenerateError, label, parse_size

# what `from room import *` and mypy take as the door's names
__all__ = ["bench", "check_size", "GenerateError", "generate", "label", "parse_size", "Summary", "write"]
