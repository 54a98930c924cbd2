"""The question library: headers, parameters, binding, lint; and the SPARQL text helpers."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from queries import Library, ParameterError, Question, QuerySyntaxError, UnknownQuestion, check_syntax, lint
from queries.labels import Binding
from queries.sparqltext import blank_out, calls_service, declare_prefixes, error_position, inject_values, query_form, where_group
from queries_sample import COUNT_QUERY, MEMBERS_QUERY

DGO = "https://w3id.org/dgkg/ontology#"
GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")


def fixed(name: str, value: str, cls: str | None) -> Binding:
    return Binding(name, value, URIRef(f"https://w3id.org/dgkg/resource/{value}"))


def test_header_gives_name_questions_and_typed_params() -> None:
    question = Question.parse(MEMBERS_QUERY)
    assert question.name == "members"
    assert question.zh == "某工程群包括哪些工程？"
    assert question.en.endswith("(continued English text)")
    [param] = question.params
    assert (param.name, param.default, param.cls, param.datatype) == (
        "group",
        "three-golden-projects",
        DGO + "ProgrammeGroup",
        None,
    )
    count = Question.parse(COUNT_QUERY)
    assert [(p.name, p.default, p.datatype) for p in count.params] == [("region", None, None), ("since", None, str(GYEAR))]


def test_binding_opens_the_where_group_so_aggregates_are_filtered() -> None:
    question = Question.parse(COUNT_QUERY)
    text, bindings = question.bind({"region": "zhejiang", "since": "2015"}, fixed)
    assert (
        "WHERE { VALUES ?region { <https://w3id.org/dgkg/resource/zhejiang> } "
        'VALUES ?since { "2015"^^<http://www.w3.org/2001/XMLSchema#gYear> }' in text
    )
    # the resolver's term as it gave it; a typed value as Oxigraph's literal, which the query's text holds
    assert [b.term for b in bindings] == [
        URIRef("https://w3id.org/dgkg/resource/zhejiang"),
        ox.Literal("2015", datatype=ox.NamedNode(str(GYEAR))),
    ]
    assert text.count("\n") == COUNT_QUERY.count("\n"), "binding must not move lines"


def test_defaults_apply_and_optional_params_stay_unbound() -> None:
    text, bindings = Question.parse(MEMBERS_QUERY).bind({}, fixed)
    assert [b.given for b in bindings] == ["three-golden-projects"]
    text, bindings = Question.parse(COUNT_QUERY).bind({}, fixed)
    assert bindings == [] and text == COUNT_QUERY


@pytest.mark.parametrize(
    "values, message",
    [
        ({"grup": "x"}, "has no parameter 'grup' (it takes: region, since)"),
        ({"since": "twenty"}, "not a valid xsd:gYear"),
    ],
)
def test_bad_parameters_are_named(values: dict, message: str) -> None:
    with pytest.raises(ParameterError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Question.parse(COUNT_QUERY).bind(values, fixed)


def test_ad_hoc_parameters_must_be_variables() -> None:
    question = Question.parse("SELECT ?m WHERE { ?m <http://x/p> ?g }")
    text, _ = question.accepting(["g"]).bind({"g": "three"}, fixed)
    assert "VALUES ?g { <https://w3id.org/dgkg/resource/three> }" in text
    with pytest.raises(ParameterError, match=r"no variable \?h"):
        question.accepting(["h"])


def test_library_lookup_suggests_close_names(tmp_path: Path) -> None:
    (tmp_path / "members.rq").write_text(MEMBERS_QUERY, encoding="utf-8")
    library = Library.load(tmp_path)
    assert library.get("members").path == tmp_path / "members.rq"
    with pytest.raises(UnknownQuestion, match="did you mean members"):
        library.get("member")


def test_lint_catches_case_sensitive_language_tests_and_stray_params(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text(
        '# name: other\n# zh: 问\n# param: nothere\nSELECT ?x WHERE { ?x ?p ?l FILTER(lang(?l) = "zh-Hans") }\n', encoding="utf-8"
    )
    problems = lint(Question.from_file(bad))
    assert any("differs from the file name" in p for p in problems)
    assert any("no '# en:' line" in p for p in problems)
    assert any("langMatches" in p for p in problems)
    assert any("'nothere' is not a variable" in p for p in problems)


def test_every_library_question_is_well_formed() -> None:
    """The curators' questions: header complete, parses, parameters used, no lang(?x) = "..."."""
    library = Library.load()
    assert not library.problems
    problems = [problem for question in library for problem in lint(question)]
    for question in library:
        try:
            check_syntax(question.text, question.origin)
        except QuerySyntaxError as error:
            problems.append(str(error))
    assert not problems, "\n".join(problems)


def test_syntax_errors_carry_line_column_and_caret() -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        check_syntax("SELECT ?s\nWHERE {\n  ?s ?p\n}", "q.rq")
    error = caught.value
    assert (error.line, error.column) == (3, 8)  # the object missing after ?p, not the '}' where Oxigraph gave up
    assert str(error).startswith("q.rq:3:8: SPARQL syntax error")
    assert str(error).splitlines()[-2:] == ["      ?s ?p", "           ^"]


def test_blank_out_hides_strings_iris_and_comments_but_keeps_positions() -> None:
    text = 'SELECT * # SERVICE\nWHERE { ?s <http://x/SERVICE> "WHERE { SERVICE" }'
    blank = blank_out(text)
    assert len(blank) == len(text) and blank.count("\n") == 1
    assert "SERVICE" not in blank and not calls_service(text)
    assert calls_service("SELECT * WHERE { service <http://example.org/sparql> { ?s ?p ?o } }")
    assert not calls_service("SELECT * WHERE { ?s ex:SERVICE ?o }")


@pytest.mark.parametrize(
    "text, form",
    [
        ("PREFIX a: <x> SELECT * {}", "SELECT"),
        ("BASE <x> ask {}", "ASK"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <x>", "DESCRIBE"),
        ("PREFIX a: <x> INSERT DATA { <a> <b> <c> }", "UPDATE"),
        ("WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "UPDATE"),
        ("DROP ALL", "UPDATE"),
        ("hello", None),
    ],
)
def test_query_form(text: str, form: str | None) -> None:
    assert query_form(text) == form


def test_where_group_skips_construct_templates_and_subqueries() -> None:
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert construct[where_group(construct) :].startswith("{ ?s ?p ?o }") and where_group(construct) > 20
    assert where_group("SELECT * { { SELECT ?s WHERE { ?s ?p ?o } } }") == 9
    assert where_group("DESCRIBE <x>") is None
    assert inject_values("ASK {}", {"a": "<x>"}) == "ASK { VALUES ?a { <x> } }"


def test_declare_prefixes_adds_only_the_undeclared() -> None:
    text = declare_prefixes("PREFIX dgo: <http://other/> SELECT * {}", {"dgo": "http://d/", "skos": "http://s/"})
    assert text == "PREFIX skos: <http://s/> PREFIX dgo: <http://other/> SELECT * {}"


def test_error_position_reads_oxigraph_messages() -> None:
    assert error_position("error at 3:7: expected one of ...") == (3, 7, "expected one of ...")
    assert error_position("no position") == (None, None, "no position")
