# The names this room's door offers; __init__.py resolves each on first use (lazy_loader).

from .describe import Description, Statement
from .errors import NotFound, ParameterError, QueryError, QuerySyntaxError, RemoteError, StoreMissing, UnknownQuestion
from .labels import (
    ALT_LABEL,
    Binding,
    did_you_mean,
    Entity,
    find_entity,
    Label,
    LabelIndex,
    Labels,
    names_of,
    pick,
    PREF_LABEL,
    short_name,
)
from .labelfile import LABEL_FILE
from .library import Library, LIBRARY_DIR, lint, Param, Question
from .mistakes import locate_syntax_error
from .remote import (
    AnswerError,
    build_namespaces,
    DEFAULT_TIMEOUT,
    graphs_in_place,
    public_url,
    push,
    PushReport,
    query_url_for,
    RemoteEndpoint,
    remove_graphs,
    Stopped,
)
from .description_text import description
from .render import table, width
from .results import (
    boolean_csv,
    boolean_json,
    boolean_tsv,
    boolean_xml,
    parse_results_json,
    Rows,
    rows_as_sequences,
    solutions_csv,
    solutions_json,
    solutions_tsv,
    solutions_xml,
)
from .sparqltext import calls_service, DEFAULT_PREFIXES, query_form
from .store import check_syntax, DATASET_DUMP, dataset_quads, Store, STORE_DIR, write_store
from .storedelta import PreviousBuild
from .target import Target
from .vocabulary import ontology_terms, unknown_terms

# what `from room import *` and mypy take as the door's names
__all__ = [
    "ALT_LABEL",
    "AnswerError",
    "Binding",
    "boolean_csv",
    "boolean_json",
    "boolean_tsv",
    "boolean_xml",
    "build_namespaces",
    "calls_service",
    "check_syntax",
    "DATASET_DUMP",
    "dataset_quads",
    "DEFAULT_PREFIXES",
    "DEFAULT_TIMEOUT",
    "Description",
    "description",
    "did_you_mean",
    "Entity",
    "find_entity",
    "graphs_in_place",
    "Label",
    "LABEL_FILE",
    "LabelIndex",
    "Labels",
    "Library",
    "LIBRARY_DIR",
    "lint",
    "locate_syntax_error",
    "names_of",
    "NotFound",
    "ontology_terms",
    "Param",
    "ParameterError",
    "parse_results_json",
    "pick",
    "PreviousBuild",
    "PREF_LABEL",
    "public_url",
    "push",
    "PushReport",
    "query_form",
    "query_url_for",
    "QueryError",
    "QuerySyntaxError",
    "Question",
    "RemoteEndpoint",
    "RemoteError",
    "remove_graphs",
    "Rows",
    "rows_as_sequences",
    "short_name",
    "solutions_csv",
    "solutions_json",
    "solutions_tsv",
    "solutions_xml",
    "Stopped",
    "Store",
    "STORE_DIR",
    "Statement",
    "StoreMissing",
    "table",
    "Target",
    "unknown_terms",
    "UnknownQuestion",
    "width",
    "write_store",
]
