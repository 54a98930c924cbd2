# The names this room's door offers; __init__.py resolves each on first use (lazy_loader).

from .describe import Description, Evidence, Fact
from .errors import NotFound, ParameterError, QueryError, QuerySyntaxError, RemoteError, StoreMissing, UnknownQuestion
from .labels import (
    ALT_LABEL,
    Binding,
    did_you_mean,
    Entity,
    find_entity,
    Label,
    LabelIndex,
    names_of,
    pick,
    PREF_LABEL,
    short_name,
)
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
from .render import description, table, width
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
from .store import check_syntax, Store, STORE_DIR, write_store
from .target import Target
from .vocabulary import ontology_terms, unknown_terms
