"""The competency-question library: one ``queries/library/<name>.rq`` file per question.

The question and its parameters live in the file's opening comment, so the file stays a
query any SPARQL tool runs as is (docs/competency-format.md):

    # name: platforms-by-region
    # zh: 某地区有哪些政务平台？
    # en: Which government platforms does a region have?
    # param: region (dgo:AdministrativeRegion) = zhejiang -- the region, a slug or any label
    # param: year (xsd:gYear) -- optional; a literal, left unbound when not given

A parameter's type in parentheses is a class (values name entities of that class) or an
``xsd:`` datatype (values are literals). A parameter without a default stays unbound when not
given, so the question answers for every value.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox

from ontology import PREFIXES
from queries.errors import ParameterError, UnknownQuestion
from queries.labels import Binding
from queries.sparqltext import inject_values, where_group
from queries.terms import Term, is_term, parts, sparql_term
from queries.vocabulary import unknown_terms

LIBRARY_DIR = Path(__file__).resolve().parent / "library"
XSD = "http://www.w3.org/2001/XMLSchema#"

# Header lines are split with str methods and anchored, greedy patterns that cannot backtrack
# over a run of spaces: the query page parses text a client sends (a lazy ``(.*?)\s*$`` was
# quadratic in the length of such a run).
_HEADER = re.compile(r"#\s*([A-Za-z_-]+)\s*:(.*)", re.S)
_PARAM_NAME = re.compile(r"([A-Za-z_]\w*)\s*(?:\(([^()]+)\))?")
_PREFIX_DECL = re.compile(r"PREFIX\s+([\w-]*):\s*<([^>]*)>", re.I)
_LANG_EQUALS = re.compile(r"lang\s*\(\s*[?$]\w+\s*\)\s*!?=|[\"']\s*!?=\s*lang\s*\(", re.I)

# resolve(parameter name, value typed by the user, class IRI or None) -> how it was bound
Resolver = Callable[[str, str, str | None], Binding]


@dataclass(frozen=True)
class Param:
    name: str
    default: str | None = None
    datatype: str | None = None  # an XSD datatype IRI: the value is a literal
    cls: str | None = None  # a class IRI: the value names an entity of that class
    doc: str = ""


@dataclass(frozen=True)
class Question:
    name: str
    zh: str
    en: str
    text: str
    params: tuple[Param, ...] = ()
    path: Path | None = None

    @classmethod
    def parse(cls, text: str, path: Path | None = None, fallback_name: str = "query") -> "Question":
        """Read the opening comment; lines without ``key:`` continue the previous key."""
        header: dict[str, list[str]] = {}
        params: list[str] = []
        last: list[str] | None = None
        for line in text.splitlines():
            stripped = line.strip()
            if not stripped:
                continue
            if not stripped.startswith("#"):
                break
            match = _HEADER.fullmatch(stripped)
            if match and match.group(1).lower() == "param":
                params.append(match.group(2).strip())
                last = None
            elif match:
                last = header.setdefault(match.group(1).lower(), [])
                last.append(match.group(2).strip())
            elif last is not None and stripped.lstrip("#").strip():
                last.append(stripped.lstrip("#").strip())
        prefixes = {**{p: str(ns) for p, ns in PREFIXES.items()}, **{p: iri for p, iri in _PREFIX_DECL.findall(text)}}
        name = " ".join(header.get("name", [])) or (path.stem if path else fallback_name)
        return cls(
            name=name,
            zh=" ".join(header.get("zh", [])),
            en=" ".join(header.get("en", [])),
            text=text,
            params=tuple(_param(spec, prefixes, path) for spec in params),
            path=path,
        )

    @classmethod
    def from_file(cls, path: Path) -> "Question":
        return cls.parse(path.read_text(encoding="utf-8"), path, path.stem)

    @property
    def origin(self) -> str:
        return str(self.path) if self.path else self.name

    def param(self, name: str) -> Param:
        for param in self.params:
            if param.name == name:
                return param
        accepted = ", ".join(p.name for p in self.params) or "none"
        raise ParameterError(f"question '{self.name}' has no parameter '{name}' (it takes: {accepted})")

    def accepting(self, names: Iterable[str]) -> "Question":
        """This query taking any of ``names`` as an entity parameter, for ad hoc queries
        (``--sparql``, ``--file``) whose header declares none: each must be a variable."""
        declared = {p.name for p in self.params}
        extra = []
        for name in names:
            if name in declared:
                continue
            if not re.search(rf"[?$]{re.escape(name)}\b", _body(self.text)):
                raise ParameterError(f"--param {name}: the query has no variable ?{name}")
            extra.append(Param(name))
        return replace(self, params=self.params + tuple(extra))

    def bind(self, values: Mapping[str, str | Term], resolve: Resolver) -> tuple[str, list[Binding]]:
        """The query text with each given (or default) value bound, and how each was read."""
        for name in values:
            self.param(name)
        bindings: list[Binding] = []
        for param in self.params:
            given = values.get(param.name, param.default)
            if given is None or given == "":
                continue
            bindings.append(_bind(param, given, resolve))
        return bind_terms(self.text, {b.name: b.term for b in bindings}), bindings


def bind_terms(text: str, terms: Mapping[str, Term]) -> str:
    if terms and where_group(text) is None:
        raise ParameterError("parameters can be bound only in a query with a WHERE clause")
    return inject_values(text, {name: sparql_term(term) for name, term in terms.items()})


def _bind(param: Param, given: str | Term, resolve: Resolver) -> Binding:
    if is_term(given):  # a term is bound as it is
        return Binding(param.name, parts(given).value, given)
    if param.datatype:
        if not _well_typed(given, param.datatype):
            short = param.datatype.replace(XSD, "xsd:")
            raise ParameterError(f"--param {param.name}={given}: not a valid {short}")
        return Binding(param.name, given, ox.Literal(given, datatype=ox.NamedNode(param.datatype)))
    return resolve(param.name, given, param.cls)


def _well_typed(value: str, datatype: str) -> bool:
    """Whether ``value`` is a lexical form of ``datatype``: rdflib checks most XSD types (not
    gYear). Imported here, for the rare question with a typed parameter (none of the library's)."""
    from rdflib import Literal, URIRef

    if datatype == XSD + "gYear":
        return re.fullmatch(r"-?\d{4,}", value) is not None
    return not Literal(value, datatype=URIRef(datatype)).ill_typed


def _param(spec: str, prefixes: dict[str, str], path: Path | None) -> Param:
    """``name [(type)] [= default] [-- description]``"""
    head, _, doc = spec.partition("--")
    head, has_default, default = head.partition("=")
    match = _PARAM_NAME.fullmatch(head.strip())
    if not match:
        shown = spec if len(spec) <= 80 else spec[:77] + "..."
        raise ParameterError(
            f"{path or 'query'}: cannot read parameter line '# param: {shown}' "
            "(expected 'name [(type)] [= default] [-- description]')"
        )
    datatype = cls = None
    if match.group(2):
        iri = _expand(match.group(2).strip(), prefixes)
        if iri.startswith(XSD):
            datatype = iri
        else:
            cls = iri
    return Param(match.group(1), (default.strip() or None) if has_default else None, datatype, cls, doc.strip())


def _expand(name: str, prefixes: dict[str, str]) -> str:
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    prefix, _, local = name.partition(":")
    if prefix in prefixes:
        return prefixes[prefix] + local
    if name in {"string", "integer", "decimal", "date", "gYear", "boolean"}:
        return XSD + name
    raise ParameterError(f"unknown prefix in parameter type '{name}'")


@dataclass
class Library:
    """All questions of a directory, by name."""

    questions: dict[str, Question] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # files that could not be read

    @classmethod
    def load(cls, directory: Path = LIBRARY_DIR) -> "Library":
        library = cls()
        for path in sorted(directory.glob("*.rq")):
            try:
                question = Question.from_file(path)
            except ParameterError as error:
                library.problems.append(str(error))
                continue
            if question.name in library.questions:
                library.problems.append(f"{path}: name '{question.name}' is also used by {library.questions[question.name].path}")
            library.questions[question.name] = question
        return library

    def __iter__(self):
        return iter(self.questions.values())

    def __len__(self) -> int:
        return len(self.questions)

    def get(self, name: str) -> Question:
        if name in self.questions:
            return self.questions[name]
        close = difflib.get_close_matches(name, self.questions, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UnknownQuestion(f"no question named '{name}' in the library{hint} (see `dgkg query --list`)")


def lint(question: Question) -> list[str]:
    """Problems a curator should fix in a question file (run by the library's tests)."""
    problems = []
    where = question.origin
    if question.path and question.name != question.path.stem:
        problems.append(f"{where}: '# name: {question.name}' differs from the file name")
    for key in ("zh", "en"):
        if not getattr(question, key):
            problems.append(f"{where}: the header has no '# {key}:' line (the question in that language)")
    if _LANG_EQUALS.search(_body(question.text)):
        problems.append(
            f"{where}: compares lang(?x) with '='; use langMatches(lang(?x), \"zh-Hans\") (Oxigraph lower-cases language tags)"
        )
    for param in question.params:
        if not re.search(rf"[?$]{param.name}\b", _body(question.text)):
            problems.append(f"{where}: parameter '{param.name}' is not a variable of the query")
    if question.params and where_group(question.text) is None:
        problems.append(f"{where}: has parameters but no WHERE group to bind them in")
    problems += [f"{where}: {warning}" for warning in unknown_terms(question.text)]
    return problems


def _body(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
