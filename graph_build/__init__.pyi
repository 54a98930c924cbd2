# The names this room's door offers; __init__.py resolves each on first use (lazy_loader).

from .background import InBackground
from .distdir import check_target
from .errors import BuildFailed, RecordError, SourceLocation
from .graph import Claim, KnowledgeGraph
from .library import SourceLibrary
from .memo import BuildMemo, memo_dir
from .memory import SAMPLE_EVERY, collecting_between_stages
from .normalise import normalise_all
from .pipeline import BuildOptions, BuildReport, compile_graph
from .records import load_records
from .sentence_coverage import sentence_coverage, TextCoverage
from .textmatch import fold, fold_char, latin_key, pinyin_key
from .writer import ArtifactWriter, write_core_artifacts, write_dist, write_prefixed_dumps

# what `from room import *` and mypy take as the door's names
__all__ = [
    "SAMPLE_EVERY",
    "ArtifactWriter",
    "BuildFailed",
    "BuildMemo",
    "BuildOptions",
    "BuildReport",
    "check_target",
    "Claim",
    "collecting_between_stages",
    "compile_graph",
    "fold",
    "fold_char",
    "InBackground",
    "KnowledgeGraph",
    "latin_key",
    "load_records",
    "memo_dir",
    "normalise_all",
    "pinyin_key",
    "RecordError",
    "sentence_coverage",
    "SourceLibrary",
    "SourceLocation",
    "TextCoverage",
    "write_core_artifacts",
    "write_dist",
    "write_prefixed_dumps",
]
