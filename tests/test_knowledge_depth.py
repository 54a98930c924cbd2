"""Issue 14, knowledge depth: a value keeps the text's qualifier (超过, 近, 余, 以上 …).

Crafted bad records go through the real CLI on a copy of the real sources (one `dgkg validate`
for all of them: the build reports every error at once); the real build is checked for what
the records now say.
"""
from __future__ import annotations

import csv
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from pyoxigraph import Store

from graph_build.qualifiers import AFTER, BEFORE, MAGNITUDE, chinese_number, occurrences
from graph_build.textmatch import fold
from graph_build.vocabulary import controlled_terms
from ontology import DGO as DGO_NS
from tests.conftest import REPO, run_dgkg

DGO = "https://w3id.org/dgkg/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"

# ---------------------------------------------------------------------------------------
# Reading numbers and their qualifiers


def test_every_qualifier_word_means_a_qualifier_of_the_ontology() -> None:
    notations = set(controlled_terms(DGO_NS.ValueQualifier))
    assert notations == {"more-than", "at-least", "nearly", "approximately", "less-than", "at-most"}
    assert {*BEFORE.values(), *AFTER.values(), *MAGNITUDE.values()} == notations


@pytest.mark.parametrize("text, value", [
    ("九", 9), ("十二", 12), ("一千零二十二", 1022), ("两万", 20000), ("三十万", 300000), ("一亿二千万", 120000000),
])
def test_chinese_numerals(text: str, value: int) -> None:
    assert chinese_number(text) == Decimal(value)


@pytest.mark.parametrize("quote, unit, value, qualifier", [
    ("超过70%的地级市建设了政务云平台", "%", "70", "more-than"),
    ("国家政务服务平台注册用户超过5.8亿人", "人", "580000000", "more-than"),
    ("实名用户已超过9.5亿人", "人", "950000000", "more-than"),
    ("具有统一数字身份的国家接近100个", "个", "100", "nearly"),
    ("“浙里辦”已集成近500項便民服務", "项", "500", "nearly"),
    ("“浙政釘”將100余萬名政府工作人員“接入”一個平臺", "人", "1000000", "more-than"),
    ("用户日活跃率在80%以上", "%", "80", "at-least"),
    ("每年可在全球产生超过1万亿美元的价值", "美元", "1000000000000", "more-than"),
    ("约3000人参加", "人", "3000", "approximately"),
    ("参与人数1000人左右", "人", "1000", "approximately"),
    ("不足5%的县", "%", "5", "less-than"),
    ("数十个部门", "个", "10", "approximately"),
    ("截至2019年4月“粤省事”实名注册用户数量为1022万人", "人", "10220000", None),
    ("民生实事项目完成率则高达130.39%", "%", "130.39", None),
    ("追赶型数字政府主要包括青海、宁夏和西藏等九个省级政府", "个", "9", None),
    ("最近3年", "", "3", None),
    ("节约30%的成本", "%", "30", None),
])
def test_a_quote_gives_each_number_with_its_qualifier(quote: str, unit: str, value: str,
                                                      qualifier: str | None) -> None:
    found = [o for o in occurrences(fold(quote), fold(unit)) if o.value == Decimal(value)]
    assert [o.qualifier for o in found] == [qualifier]


# ---------------------------------------------------------------------------------------
# Crafted bad records through the real CLI

DOC = "chen-2024-empowerment"
QUOTE = "超过70%的地级市建设了政务云平台"


def statistic(slug: str, facts: str) -> str:
    return (f"  - id: {slug}\n"
            f"    class: Statistic\n"
            f"    label: {{zh-Hans: 测试统计{slug[-1]}, en: Test statistic {slug[-1]}}}\n"
            f"    definition: {{zh-Hans: 用于测试的记录。, en: A record used by a test.}}\n"
            f"    source: {DOC}\n"
            f"    quote: {QUOTE}\n"
            f"    facts:\n{facts}")


def fact(lines: str, quote: str = QUOTE) -> str:
    body = "".join(f"        {line}\n" for line in lines.split("; "))
    return "      - " + body.lstrip() + f"        source: {DOC}\n        quote: {quote}\n"


BAD_RECORDS = "entities:\n" + "".join([
    statistic("zz-stat-a", fact("value: 70; unit: \"%\"")),
    statistic("zz-stat-b", fact("value: 70; valueQualifier: nearly; unit: \"%\"")),
    statistic("zz-stat-c", fact("value: 70; valueQualifier: above")),
    statistic("zz-stat-d", fact("valueQualifier: more-than")),
    statistic("zz-stat-e", fact("value: 31; valueQualifier: more-than",
                                "全国31个省(自治区、直辖市)和新疆生产建设兵团政务云基础设施基本建成")),
])


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[str]]:
    """One validation of the real sources plus every crafted bad record; its error lines."""
    sources = tmp_path_factory.mktemp("depth") / "sources"
    shutil.copytree(REPO / "sources", sources)
    (sources / "records" / "zz-depth.yaml").write_text(BAD_RECORDS, encoding="utf-8")
    result = run_dgkg("validate", env={"DGKG_SOURCES": str(sources), "NO_COLOR": "1"})
    assert result.returncode == 1, result.stdout + result.stderr
    return BAD_RECORDS, (result.stdout + result.stderr).splitlines()


def line_of(text: str, needle: str, after: str) -> int:
    """1-based line of the first `needle` after the line holding `after`."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if after in line)
    return next(i for i in range(start, len(lines)) if needle in lines[i]) + 1


def reported(errors: list[str], line: int, field: str) -> str:
    where = f"sources/records/zz-depth.yaml:{line}: field '{field}': "
    hits = [e for e in errors if where in e]
    assert len(hits) == 1, f"expected one error at {where}, got {hits} among:\n" + "\n".join(errors)
    return hits[0]


def test_a_qualified_value_recorded_as_exact_is_refused(bad_run: tuple[str, list[str]]) -> None:
    text, errors = bad_run
    message = reported(errors, line_of(text, "- value: 70", "zz-stat-a"), "value")
    assert "the quote says '超过70%' but the value is recorded as exact; add `valueQualifier: more-than`" in message


def test_a_qualifier_the_quote_does_not_give_is_refused(bad_run: tuple[str, list[str]]) -> None:
    text, errors = bad_run
    message = reported(errors, line_of(text, "valueQualifier: nearly", "zz-stat-b"), "valueQualifier")
    assert "the quote gives the value as '超过70%' (more-than), not as nearly" in message
    message = reported(errors, line_of(text, "valueQualifier: more-than", "zz-stat-e"), "valueQualifier")
    assert "'31个' (exact), not as more-than" in message


def test_an_unknown_qualifier_and_one_without_a_value_are_refused(bad_run: tuple[str, list[str]]) -> None:
    text, errors = bad_run
    message = reported(errors, line_of(text, "valueQualifier: above", "zz-stat-c"), "valueQualifier")
    assert "expected one of approximately, at-least, at-most, less-than, more-than, nearly, got 'above'" in message
    message = reported(errors, line_of(text, "valueQualifier: more-than", "zz-stat-d"), "valueQualifier")
    assert "put it beside `value:`" in message


# ---------------------------------------------------------------------------------------
# The real build


@pytest.fixture(scope="module")
def store(built_dist: Path) -> Store:
    return Store.read_only(str(built_dist / "store"))


def select(store: Store, query: str) -> list[dict[str, str]]:
    prefixes = f"PREFIX dgo: <{DGO}>\nPREFIX skos: <{SKOS}>\nPREFIX prov: <{PROV}>\n"
    result = store.query(prefixes + query)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


def test_every_statistic_the_text_qualifies_carries_its_qualifier(store: Store) -> None:
    rows = select(store, """SELECT ?stat ?value ?unit ?quote ?notation WHERE {
        GRAPH ?claim { ?stat dgo:value ?value }
        OPTIONAL { GRAPH ?claim { ?stat dgo:valueQualifier ?q } GRAPH ?ontology { ?q skos:notation ?notation } }
        OPTIONAL { GRAPH ?u { ?stat dgo:unit ?unit } }
        GRAPH ?provenance { ?claim dgo:quote ?quote } }""")
    assert len(rows) >= 32
    qualified = {}
    for row in rows:
        said = {o.qualifier for o in occurrences(fold(row["quote"]), fold(row.get("unit", "")))
                if o.value == Decimal(row["value"])}
        expected = None if None in said or not said else said.pop()
        assert row.get("notation") == expected, row
        if expected:
            qualified[row["stat"].rsplit("/", 1)[-1]] = expected
    assert qualified == {
        "stat-prefecture-cities-government-cloud": "more-than",
        "stat-ngsp-registered-users": "more-than",
        "stat-national-integrated-platform-real-name-users": "more-than",
        "stat-countries-with-unified-digital-identity": "nearly",
        "stat-countries-with-integrated-online-services": "more-than",
        "mckinsey-government-digital-transformation-value-forecast": "more-than",
        "zheliban-convenience-services-count": "nearly",
        "zhezhengding-connected-staff": "more-than",
        "zhezhengding-daily-active-user-rate": "at-least",
    }


def test_the_qualifiers_form_a_skos_scheme_in_the_ontology(store: Store) -> None:
    rows = select(store, """SELECT ?q ?notation ?zh ?en WHERE { GRAPH ?ontology {
        ?q a dgo:ValueQualifier ; skos:inScheme dgo:valueQualifierScheme ; skos:notation ?notation ;
           skos:prefLabel ?zh , ?en FILTER(langMatches(lang(?zh), "zh-Hans") && lang(?en) = "en") } }""")
    assert {r["notation"]: (r["zh"], r["en"]) for r in rows} == {
        "more-than": ("超过", "more than"), "at-least": ("以上", "at least"), "nearly": ("近", "nearly"),
        "approximately": ("约", "approximately"), "less-than": ("不足", "less than"),
        "at-most": ("以下", "at most")}


def test_lookup_shows_the_value_as_the_source_states_it(built_dist: Path) -> None:
    done = run_dgkg("lookup", "stat-prefecture-cities-government-cloud", "--dist", str(built_dist),
                    "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert re.search(r"value → more than 70\n", done.stdout)
    assert "value qualifier → more than" in done.stdout


def test_the_csv_export_has_a_qualifier_column(built_dist: Path, tmp_path: Path) -> None:
    done = run_dgkg("export", "--format", "csv", "-o", str(tmp_path / "csv"), "--dist", str(built_dist))
    assert done.returncode == 0, done.stderr
    with (tmp_path / "csv" / "Statistic.csv").open(encoding="utf-8") as table:
        rows = {row["slug"]: row for row in csv.DictReader(table)}
    assert rows["zhezhengding-daily-active-user-rate"]["dgo:valueQualifier"] == "at-least"
    assert rows["zheliban-convenience-services-count"]["dgo:valueQualifier"] == "nearly"
    assert rows["yueshengshi-real-name-registered-users-2019-04"]["dgo:valueQualifier"] == ""
