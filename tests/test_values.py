"""Record values are typed by the property's range, and a wrong value says what was expected."""

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, XSD

from graph_build.values import ValueProblem, language_map, typed_literal


@pytest.mark.parametrize(
    ("value", "datatype", "expected"),
    [
        (2014, XSD.gYear, Literal("2014", datatype=XSD.gYear)),
        ("2018-10-01", XSD.date, Literal("2018-10-01", datatype=XSD.date)),
        ("2023-03", XSD.gYearMonth, Literal("2023-03", datatype=XSD.gYearMonth)),
        (3, XSD.integer, Literal("3", datatype=XSD.integer)),
        (5.8, XSD.decimal, Literal("5.8", datatype=XSD.decimal)),
        ("中办发〔2002〕17号", XSD.string, Literal("中办发〔2002〕17号")),
    ],
)
def test_values_fit_their_range(value: object, datatype, expected: Literal) -> None:
    assert typed_literal(value, datatype) == [expected]


@pytest.mark.parametrize(
    ("value", "datatype", "fragment"),
    [
        ("2014年", XSD.gYear, "four-digit year"),
        ("2018-02-30", XSD.date, "YYYY-MM-DD"),
        ("2018-13-01", XSD.date, "YYYY-MM-DD"),
        ("三", XSD.integer, "whole number"),
        (True, XSD.integer, "whole number"),
        ("many", XSD.decimal, "number"),
        ({"en": "x"}, XSD.string, "single value"),
    ],
)
def test_values_outside_their_range_are_refused(value: object, datatype, fragment: str) -> None:
    with pytest.raises(ValueProblem, match=fragment):
        typed_literal(value, datatype)


def test_language_map_requires_tags() -> None:
    with pytest.raises(ValueProblem, match="missing language tag.*en"):
        language_map({"zh-Hans": "浙里办"}, required=("zh-Hans", "en"))
    with pytest.raises(ValueProblem, match="unknown language tag 'zh-hans'"):
        language_map({"zh-hans": "浙里办"})
    with pytest.raises(ValueProblem, match="mapping from language tag"):
        language_map("浙里办")
    assert typed_literal({"zh-Hant": "浙裏辦"}, RDF.langString) == [Literal("浙裏辦", lang="zh-Hant")]
