"""Issue 14, knowledge depth: a value keeps the text's qualifier (超过, 近, 余, 以上 …), a list
the text numbers keeps its order, and a node that stands for a list says what it is of; and
how much of each text the quotes cover (`dgkg sources coverage`).

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

from graph_build.enumerations import markers
from graph_build.qualifiers import AFTER, BEFORE, MAGNITUDE, chinese_number, occurrences
from graph_build.sentence_coverage import FRONT_MATTER, coverage_of, sentences
from graph_build.textmatch import FoldedText, fold
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


@pytest.mark.parametrize(
    "text, value",
    [
        ("九", 9),
        ("十二", 12),
        ("一千零二十二", 1022),
        ("两万", 20000),
        ("三十万", 300000),
        ("一亿二千万", 120000000),
    ],
)
def test_chinese_numerals(text: str, value: int) -> None:
    assert chinese_number(text) == Decimal(value)


@pytest.mark.parametrize(
    "quote, unit, value, qualifier",
    [
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
    ],
)
def test_a_quote_gives_each_number_with_its_qualifier(quote: str, unit: str, value: str, qualifier: str | None) -> None:
    found = [o for o in occurrences(fold(quote), fold(unit)) if o.value == Decimal(value)]
    assert [o.qualifier for o in found] == [qualifier]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("(二)政民互动", [2]),
        ("3.互联互通。互联互通包括部门通", [3]),
        ("第二,资源聚合模式能量失衡", [2]),
        ("第二阶段为电子政务向“互联网+政务服务”转型的阶段", [2]),
        ("的双重维度。一是在动力层即本底条件方面", [1]),
        ("首先,技术治理不尽人意", [1]),
        ("最后,一定程度的官僚主义", [None]),
        ("另一方面,我国数字政府建设", [2]),
        ("超过5.8亿人", []),
        ("实现统一是关键", []),
        ("第一次全国会议", []),
        ("2019.06", []),
    ],
)
def test_enumeration_markers(text: str, expected: list[int | None]) -> None:
    assert [m.number for m in markers(fold(text))] == expected


def test_the_checks_take_malformed_values_without_failing() -> None:
    """Values of the wrong shape are refused where the claim is typed; these checks pass them by."""
    from graph_build.enumerations import order_errors
    from graph_build.library import SourceLibrary
    from graph_build.qualifiers import qualifier_errors
    from graph_build.records import ClaimRecord, Statement
    from ontology import OntologyIndex, load_ontology

    index = OntologyIndex.from_graph(load_ontology())
    odd = [
        ClaimRecord(
            "zz.yaml",
            1,
            "zz-a",
            1,
            [
                Statement("value", [70, {"x": 1}], 2),
                Statement("valueQualifier", ["more-than"], 3),
                Statement("unit", {"zh-Hans": "%"}, 4),
            ],
            quote=QUOTE,
        ),
        ClaimRecord(
            "zz.yaml",
            5,
            "zz-b",
            5,
            [Statement("rank", [1, 2], 6), Statement("partOf", [{"a": 1}], 7)],
            source="collab-governance-2019",
            quote="(一)政务服务一体化",
        ),
        ClaimRecord(
            "zz.yaml",
            8,
            "zz-c",
            8,
            [Statement("rank", "一", 9), Statement("partOf", "zz-b", 10)],
            source="collab-governance-2019",
            quote="(一)政务服务一体化",
        ),
    ]
    library = SourceLibrary.load(REPO / "sources")
    assert qualifier_errors(odd, index) == []
    assert [e.field for e in order_errors(odd, index, library)] == ["partOf"]


# ---------------------------------------------------------------------------------------
# Crafted bad records through the real CLI

DOC = "chen-2024-empowerment"
QUOTE = "超过70%的地级市建设了政务云平台"


def statistic(slug: str, facts: str) -> str:
    return (
        f"  - id: {slug}\n"
        f"    class: Statistic\n"
        f"    label: {{zh-Hans: 测试统计{slug[-1]}, en: Test statistic {slug[-1]}}}\n"
        f"    definition: {{zh-Hans: 用于测试的记录。, en: A record used by a test.}}\n"
        f"    source: {DOC}\n"
        f"    quote: {QUOTE}\n"
        f"    facts:\n{facts}"
    )


def fact_in(source: str, lines: str, quote: str) -> str:
    body = "".join(f"        {line}\n" for line in lines.split("; "))
    return "      - " + body.lstrip() + f"        source: {source}\n        quote: {quote}\n"


def fact(lines: str, quote: str = QUOTE) -> str:
    return fact_in(DOC, lines, quote)


def concept(slug: str, facts: str = "") -> str:
    return (
        f"  - id: {slug}\n"
        f"    class: TheoreticalConcept\n"
        f"    label: {{zh-Hans: 测试概念{slug.rsplit('-', 1)[-1]}, en: Test concept {slug.rsplit('-', 1)[-1]}}}\n"
        f"    definition: {{zh-Hans: 用于测试的记录。, en: A record used by a test.}}\n"
        f"    source: {LIST_DOC}\n"
        f"    quote: (三)组织机构新型化\n" + (f"    facts:\n{facts}" if facts else "")
    )


def about(slug: str, lines: str, quote: str) -> str:
    body = "".join(f"    {line}\n" for line in lines.split("; "))
    return f"  - about: {slug}\n{body}    source: {LIST_DOC}\n    quote: {quote}\n"


LIST_DOC = "collab-governance-2019"
BAD_LISTS = "".join(
    [
        concept("zz-list-a"),
        concept("zz-item-a1", fact_in(LIST_DOC, "partOf: zz-list-a", "(三)组织机构新型化")),
        concept("zz-item-a2", fact_in(LIST_DOC, "partOf: zz-list-a", "数据驱动治理。数据驱动治理框架")),
        concept("zz-list-b"),
        concept("zz-item-b1", fact_in(LIST_DOC, "partOf: zz-list-b", "(一)政务服务一体化")),
        concept("zz-item-b2", fact_in(LIST_DOC, "partOf: zz-list-b", "(二)政务数据流动化")),
        concept("zz-other-c"),
        concept("zz-heading-d", fact_in(LIST_DOC, "skos:narrower: [zz-item-d1, zz-item-d2]", "(一)政务服务一体化")),
        concept("zz-item-d1"),
        concept("zz-item-d2"),
        "  - id: zz-typology-e\n    class: Typology\n"
        "    label: {zh-Hans: 测试类型学e, en: Test typology e}\n"
        "    definition: {zh-Hans: 用于测试的记录。, en: A record used by a test.}\n"
        f"    source: {LIST_DOC}\n    quote: (三)组织机构新型化\n"
        "    facts:\n" + fact_in(LIST_DOC, "proposedIn: collab-governance-2019", "(三)组织机构新型化"),
        "  - id: zz-category-e1\n    class: TypologyCategory\n"
        "    label: {zh-Hans: 测试类别e1, en: Test category e1}\n"
        "    definition: {zh-Hans: 用于测试的记录。, en: A record used by a test.}\n"
        f"    source: {LIST_DOC}\n    quote: (三)组织机构新型化\n"
        "    facts:\n" + fact_in(LIST_DOC, "categoryOf: zz-typology-e", "(三)组织机构新型化"),
        "  - id: zz-category-e2\n    class: TypologyCategory\n"
        "    label: {zh-Hans: 测试类别e2, en: Test category e2}\n"
        "    definition: {zh-Hans: 用于测试的记录。, en: A record used by a test.}\n"
        f"    source: {LIST_DOC}\n    quote: (三)组织机构新型化\n"
        "    facts:\n" + fact_in(LIST_DOC, "categoryOf: zz-typology-e", "(三)组织机构新型化"),
        concept(
            "zz-heading-f",
            fact_in(LIST_DOC, "skos:narrower: [zz-item-d1, zz-item-d2]", "(一)政务服务一体化")
            + fact_in(LIST_DOC, "concerns: digital-government", "(一)政务服务一体化"),
        ),
    ]
)
BAD_LIST_FACTS = "".join(
    [
        about("zz-item-b1", "rank: 1", "(一)政务服务一体化"),
        about("zz-item-b2", "rank: 1", "数据驱动治理是政府治理方式变革的必然趋势"),
        about("zz-other-c", "rank: 2", "(三)组织机构新型化"),
        about("zz-item-d1", "rank: 1", "(一)政务服务一体化"),
        about("zz-item-d2", "rank: 2", "(二)政务数据流动化"),
        about("zz-category-e1", "rank: 3", "(三)组织机构新型化"),
        about("zz-category-e2", "rank: 4", "持续深化放管服改革"),
    ]
)

BAD_RECORDS = (
    "entities:\n"
    + BAD_LISTS
    + "".join(
        [
            statistic("zz-stat-a", fact('value: 70; unit: "%"')),
            statistic("zz-stat-b", fact('value: 70; valueQualifier: nearly; unit: "%"')),
            statistic("zz-stat-c", fact("value: 70; valueQualifier: above")),
            statistic("zz-stat-d", fact("valueQualifier: more-than")),
            statistic(
                "zz-stat-e",
                fact(
                    "value: 31; valueQualifier: more-than", "全国31个省(自治区、直辖市)和新疆生产建设兵团政务云基础设施基本建成"
                ),
            ),
        ]
    )
    + "facts:\n"
    + BAD_LIST_FACTS
)


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


def test_an_item_the_text_numbers_without_an_order_is_refused(bad_run: tuple[str, list[str]]) -> None:
    text, errors = bad_run
    message = reported(errors, line_of(text, "partOf: zz-list-a", "id: zz-item-a1"), "partOf")
    assert (
        "the quote has the enumeration marker '(三)', but neither 'zz-item-a1' nor 'zz-list-a' carries its "
        "order; add a fact `rank: 3` about 'zz-item-a1'"
    ) in message


def test_a_marker_just_before_the_quote_counts(bad_run: tuple[str, list[str]]) -> None:
    text, errors = bad_run
    message = reported(errors, line_of(text, "partOf: zz-list-a", "id: zz-item-a2"), "partOf")
    assert "the enumeration marker '1.'" in message


def test_a_rank_the_quote_contradicts_is_refused(bad_run: tuple[str, list[str]]) -> None:
    text, errors = bad_run
    message = reported(errors, line_of(text, "rank: 2", "about: zz-other-c"), "rank")
    assert "'zz-other-c' is given rank 2, but the quote numbers it '(三)'" in message


def test_two_items_of_one_list_with_one_rank_are_refused(bad_run: tuple[str, list[str]]) -> None:
    text, errors = bad_run
    message = reported(errors, line_of(text, "rank: 1", "about: zz-item-b2"), "rank")
    assert "'zz-item-b2' and 'zz-item-b1' are both rank 1 of 'zz-list-b'" in message


def test_ordered_items_pass(bad_run: tuple[str, list[str]]) -> None:
    text, errors = bad_run
    assert not [e for e in errors if f":{line_of(text, 'partOf: zz-list-b', 'id: zz-item-b1')}:" in e]


def test_a_list_heading_linked_to_nothing_it_belongs_to_is_refused(bad_run: tuple[str, list[str]]) -> None:
    text, errors = bad_run
    message = reported(errors, line_of(text, "id: zz-heading-d", "id: zz-heading-d"), "concerns")
    assert (
        "'zz-heading-d' is the heading of a numbered list with 2 items (zz-item-d1, zz-item-d2) but is "
        "linked to nothing it belongs to; add `concerns:`"
    ) in message


def test_a_typology_with_only_its_article_is_refused(bad_run: tuple[str, list[str]]) -> None:
    text, errors = bad_run
    message = reported(errors, line_of(text, "id: zz-typology-e", "id: zz-typology-e"), "concerns")
    assert "'zz-typology-e' is a dgo:Typology with 2 items (zz-category-e1, zz-category-e2)" in message


def test_a_list_that_says_what_it_is_of_passes(bad_run: tuple[str, list[str]]) -> None:
    text, errors = bad_run
    assert not [e for e in errors if f":{line_of(text, 'id: zz-heading-f', 'id: zz-heading-f')}:" in e]
    assert not [e for e in errors if "'zz-list-a'" in e and "concerns" in e]  # a plain concept with parts


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
    rows = select(
        store,
        """SELECT ?stat ?value ?unit ?quote ?notation WHERE {
        GRAPH ?claim { ?stat dgo:value ?value }
        OPTIONAL { GRAPH ?claim { ?stat dgo:valueQualifier ?q } GRAPH ?ontology { ?q skos:notation ?notation } }
        OPTIONAL { GRAPH ?u { ?stat dgo:unit ?unit } }
        GRAPH ?provenance { ?claim dgo:quote ?quote } }""",
    )
    assert len(rows) >= 32
    qualified = {}
    for row in rows:
        said = {
            o.qualifier for o in occurrences(fold(row["quote"]), fold(row.get("unit", ""))) if o.value == Decimal(row["value"])
        }
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
    rows = select(
        store,
        """SELECT ?q ?notation ?zh ?en WHERE { GRAPH ?ontology {
        ?q a dgo:ValueQualifier ; skos:inScheme dgo:valueQualifierScheme ; skos:notation ?notation ;
           skos:prefLabel ?zh , ?en FILTER(langMatches(lang(?zh), "zh-Hans") && lang(?en) = "en") } }""",
    )
    assert {r["notation"]: (r["zh"], r["en"]) for r in rows} == {
        "more-than": ("超过", "more than"),
        "at-least": ("以上", "at least"),
        "nearly": ("近", "nearly"),
        "approximately": ("约", "approximately"),
        "less-than": ("不足", "less than"),
        "at-most": ("以下", "at most"),
    }


def test_lookup_shows_the_value_as_the_source_states_it(built_dist: Path) -> None:
    done = run_dgkg("lookup", "stat-prefecture-cities-government-cloud", "--dist", str(built_dist), "--lang", "en")
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


# Every numbered list the records model, its items in the text's order (items the records link
# to the list without a number, such as data-opening, are not listed).
ORDERED_LISTS = {
    "whole-of-government": ["government-service-integration", "government-data-mobility", "new-type-organisation"],
    "government-service-integration": [
        "online-service-handling",
        "fast-service-handling",
        "simplified-service-handling",
        "assisted-service-handling",
        "fair-service-handling",
        "no-application-handling",
    ],
    "government-data-mobility": ["data-driven-governance", "data-sharing", "interconnection"],
    "new-type-organisation": [
        "technology-rich-governance-capacity",
        "networked-governance-structure",
        "integrated-governance-form",
    ],
    "collaborative-governance": ["government-enterprise-cooperation", "government-citizen-interaction"],
    "governance-overload": [
        "technical-governance-shortfall",
        "lack-of-unified-data-standards",
        "bureaucratism-and-data-security-bottleneck",
    ],
    "low-public-participation-efficacy": [
        "tragedy-of-the-commons",
        "social-exchange-imbalance",
        "civic-consciousness-misplacement",
    ],
    "twelve-golden-projects": [
        "twelve-golden-group-efficiency-finance",
        "twelve-golden-group-public-service",
        "twelve-golden-group-macro-regulation",
    ],
    "technology-organization-function-framework": [
        "tof-technology-application",
        "tof-organisational-reform",
        "tof-function-realisation",
    ],
    "holistic-smart-governance-operating-logic": ["dynamic-layer-dimension", "ontological-layer-dimension"],
    "holistic-intelligent-government-dilemmas": [
        "holistic-idea-mutual-exclusion",
        "governance-structure-fragmentation",
        "digital-governance-institution-split",
        "operating-mechanism-dissipation",
        "digital-technology-resource-deficiency",
    ],
    "holistic-intelligent-government-construction-paths": [
        "reshape-governance-philosophy-path",
        "rebuild-governance-structure-path",
        "rebuild-governance-institutions-path",
        "reconstruct-governance-mechanisms-path",
        "reset-governance-technology-path",
    ],
    "reconstruct-governance-mechanisms-path": [
        "holistic-integration-mechanism",
        "holistic-coordination-mechanism",
        "holistic-trust-mechanism",
    ],
    "local-digital-transformation-recommendations": ["twin-wheel-drive", "dual-guarantee", "goal-orientation"],
    "holistic-government-three-levels": [
        "departmental-collaboration-dimension",
        "actor-coordination-dimension",
        "domain-comprehensiveness-dimension",
    ],
    "holistic-intelligent-government-research-strands": [
        "technology-structure-mutual-construction",
        "institution-led-building-model",
        "digital-empowerment-governance-path",
    ],
    "digital-transformation-path-typology": ["comprehensive-development-path", "technology-empowerment-path", "reform-led-path"],
    "provincial-digital-government-gradient": [
        "leading-digital-government",
        "high-quality-digital-government",
        "distinctive-digital-government",
        "developing-digital-government",
        "catching-up-digital-government",
    ],
}
MEMBERSHIP = ("dgo:partOf", "dgo:memberOf", "dgo:categoryOf", "dgo:dimensionOf", "dgo:stageOf", "skos:broader")
INVERSE_MEMBERSHIP = ("dgo:hasPart", "dgo:hasMember", "dgo:hasDimension", "skos:narrower")


@pytest.fixture(scope="module")
def ranks(store: Store) -> dict[str, list[tuple[int, str]]]:
    """Each entity's ranks with the quote of the claim that gives it."""
    rows = select(
        store,
        """SELECT ?item ?rank ?quote WHERE {
        GRAPH ?claim { ?item dgo:rank ?rank } GRAPH ?provenance { ?claim dgo:quote ?quote } }""",
    )
    found: dict[str, list[tuple[int, str]]] = {}
    for row in rows:
        found.setdefault(row["item"].rsplit("/", 1)[-1], []).append((int(row["rank"]), row["quote"]))
    return found


@pytest.mark.parametrize("group", sorted(ORDERED_LISTS))
def test_each_numbered_list_is_ranked_one_to_n_in_the_text_order(
    store: Store, group: str, ranks: dict[str, list[tuple[int, str]]]
) -> None:
    base = "https://w3id.org/dgkg/resource/"
    members = {
        row["m"].rsplit("/", 1)[-1]
        for row in select(
            store,
            f"""SELECT ?m WHERE {{ GRAPH ?claim {{
        {{ ?m {" | ".join(MEMBERSHIP)} <{base}{group}> }} UNION
        {{ <{base}{group}> {" | ".join(INVERSE_MEMBERSHIP)} ?m }} }} }}""",
        )
    }
    items = ORDERED_LISTS[group]
    assert set(items) <= members
    assert [sorted({rank for rank, _ in ranks.get(item, [])}) for item in items] == [[n] for n in range(1, len(items) + 1)]


def test_every_rank_quoted_with_a_marker_shows_its_number(ranks: dict[str, list[tuple[int, str]]]) -> None:
    numbered = 0
    for item, given in ranks.items():
        for rank, quote in given:
            found = markers(fold(quote))
            if found:
                numbered += 1
                assert rank in {m.number for m in found} or None in {m.number for m in found}, (item, rank, quote)
    assert numbered >= 45


LIST_CLASSES = ("dgo:Typology", "dgo:Periodisation", "dgo:AnalyticalFramework", "dgo:ProgrammeGroup")


def test_every_list_node_says_what_it_belongs_to(store: Store) -> None:
    """Each typology, periodisation, framework or programme group with two or more items, and each
    heading of a numbered list, is linked to what it is of or to the whole it is part of."""
    member = " | ".join(MEMBERSHIP)
    inverse = " | ".join(INVERSE_MEMBERSHIP)
    lists = select(
        store,
        f"""SELECT DISTINCT ?list WHERE {{
        {{ GRAPH ?d {{ ?list a ?class }} VALUES ?class {{ {" ".join(LIST_CLASSES)} }} }}
        UNION
        {{ GRAPH ?n {{ ?list skos:narrower ?ranked }} GRAPH ?r {{ ?ranked dgo:rank ?rank }} }}
        {{ SELECT ?list (COUNT(DISTINCT ?item) AS ?items) WHERE {{ GRAPH ?c {{
            {{ ?item {member} ?list }} UNION {{ ?list {inverse} ?item }} }} }} GROUP BY ?list }}
        FILTER(?items >= 2) }}""",
    )
    unlinked = select(
        store,
        f"""SELECT ?list WHERE {{
        VALUES ?list {{ {" ".join(f"<{row['list']}>" for row in lists)} }}
        FILTER NOT EXISTS {{ GRAPH ?a {{ ?list dgo:concerns ?about }} }}
        FILTER NOT EXISTS {{ GRAPH ?b {{ {{ ?list {member} ?whole }} UNION {{ ?whole {inverse} ?list }} }} }}
    }}""",
    )
    assert len(lists) >= 30
    assert unlinked == []


@pytest.mark.parametrize(
    "group, about",
    [
        ("holistic-intelligent-government-dilemmas", "holistic-intelligent-government"),
        ("holistic-intelligent-government-construction-paths", "holistic-intelligent-government"),
        ("holistic-intelligent-government-research-strands", "holistic-intelligent-government"),
        ("holistic-smart-governance-model", "holistic-intelligent-government"),
        ("subject-organization-technology-framework", "holistic-smart-governance"),
        ("digital-transformation-path-typology", "digital-transformation"),
        ("liao-digital-government-periodisation", "digital-government"),
        ("smart-governance-evolution", "smart-governance"),
        ("global-government-administration-stages", "government-administration"),
        ("global-online-government-service-stages", "online-government-services"),
    ],
)
def test_a_list_is_linked_to_what_the_text_says_it_is_of(store: Store, group: str, about: str) -> None:
    base = "https://w3id.org/dgkg/resource/"
    rows = select(
        store,
        f"""SELECT ?quote WHERE {{ GRAPH ?claim {{ <{base}{group}> dgo:concerns <{base}{about}> }}
        GRAPH ?provenance {{ ?claim dgo:quote ?quote }} }}""",
    )
    assert len(rows) == 1 and rows[0]["quote"]


# ---------------------------------------------------------------------------------------
# Sentence coverage

SAMPLE = "标题\n一、第一节\n甲句。乙句！丙句?丁句;\n二、第二节\n戊句。己句\n参考文献:\n[1]某文.\n"


def test_sentences_split_on_terminators_and_paragraphs_by_section() -> None:
    found = sentences(FoldedText.of(SAMPLE))
    assert [(s.text, s.paragraph, s.section) for s in found] == [
        ("标题", 1, FRONT_MATTER),
        ("甲句。", 3, "一、第一节"),
        ("乙句！", 3, "一、第一节"),
        ("丙句?", 3, "一、第一节"),
        ("丁句;", 3, "一、第一节"),
        ("戊句。", 5, "二、第二节"),
        ("己句", 5, "二、第二节"),
        ("[1]某文.", 7, "参考文献:"),
    ]


def test_a_sentence_is_covered_when_a_quote_overlaps_it() -> None:
    result = coverage_of("sample", FoldedText.of(SAMPLE), ["乙句！丙", "己句", "不在文中"])
    assert (result.covered, result.sentences) == (3, 8)
    assert [(s.title, s.covered, s.sentences) for s in result.sections] == [
        (FRONT_MATTER, 0, 1),
        ("一、第一节", 2, 4),
        ("二、第二节", 1, 2),
        ("参考文献:", 0, 1),
    ]
    assert [s.text for s in result.uncovered] == ["标题", "甲句。", "丁句;", "戊句。", "[1]某文."]


def test_sources_coverage_reports_each_text_and_section() -> None:
    done = run_dgkg("sources", "coverage")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    for doc in (
        "chen-2024-empowerment",
        "collab-governance-2019",
        "liao-2021-typology",
        "zeng-2024-holistic",
        "zhejiang-holistic-governance",
    ):
        assert any(re.fullmatch(rf"{doc}: \d+/\d+ sentences \(\d+\.\d%\)", line) for line in lines), doc
    assert re.search(r"^    \d+/\d+ sentences \(\d+\.\d%\) +一、整体政府$", done.stdout, re.M)
    assert re.fullmatch(r"all texts: \d+/\d+ sentences \(\d+\.\d%\)", lines[-1])


def test_sources_coverage_lists_the_uncovered_sentences_of_one_text() -> None:
    done = run_dgkg("sources", "coverage", "--doc", "collab-governance-2019", "--uncovered")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("collab-governance-2019: ")
    uncovered = [line.strip() for line in done.stdout.split("not quoted")[1].splitlines()[1:]]
    assert uncovered and all(re.match(r"¶\d+ ", line) for line in uncovered)
    assert not any("(二)政民互动" in line for line in uncovered)  # quoted by its rank
    wrong = run_dgkg("sources", "coverage", "--doc", "no-such-text")
    assert wrong.returncode == 2 and "no source text 'no-such-text'" in wrong.stderr


# ---------------------------------------------------------------------------------------
# Explanatory relations (issue 14, item 1; ontology/modules/explanation.ttl): causes, effects,
# aims, measures, problems, preconditions and contrasts, as the texts state them

EXPLAINING = (
    "causes",
    "hasCause",
    "hasEffect",
    "aimsAt",
    "hasMeasure",
    "hasProblem",
    "hasPrecondition",
    "preconditionOf",
    "contrastsWith",
)
IN_WORDS = ("cause", "effect", "measure")
EXPLAINED_TEXTS = ("chen-2024-empowerment", "collab-governance-2019", "zhejiang-holistic-governance")
# A heading line (一、 (一) 1. 第一) names what the paragraphs below it are about.
HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.、．]|第[一二三四五六七八九十]+)")
# Subjects the curator labels from what the text says of them (a studied case, a re-organisation).
COMPOSED = ("Case", "OrganizationalChange")


def explanatory_claims(store: Store) -> list[dict[str, str]]:
    values = " ".join(f"dgo:{name}" for name in EXPLAINING + IN_WORDS)
    return select(
        store,
        f"""SELECT ?claim ?p ?s ?o ?quote ?doc WHERE {{
        VALUES ?p {{ {values} }}
        GRAPH ?claim {{ ?s ?p ?o }}
        GRAPH ?provenance {{ ?claim a dgo:Claim ; dgo:quote ?quote ; prov:wasDerivedFrom ?doc }} }}""",
    )


def labels_of(store: Store) -> dict[str, set[str]]:
    rows = select(store, "SELECT ?s ?l WHERE { GRAPH ?g { ?s skos:prefLabel|skos:altLabel ?l } }")
    labels: dict[str, set[str]] = {}
    for row in rows:
        labels.setdefault(row["s"], set()).add(fold(row["l"]))
    return labels


def reading_of(doc: str, quote: str) -> str:
    """The quote's paragraph up to the end of the sentence that holds the quote, with the nearest heading above."""
    lines = (REPO / "sources" / "texts" / f"{doc}.txt").read_text(encoding="utf-8").splitlines()
    needle = fold(quote)
    for number, line in enumerate(lines):
        folded = fold(line)
        at = folded.find(needle)
        if at >= 0:
            stops = [i for i in (folded.find(mark, at + len(needle)) for mark in "。！？") if i >= 0]
            heading = next((fold(h) for h in reversed(lines[: number + 1]) if HEADING.match(h.strip())), "")
            return folded[: min(stops) + 1 if stops else len(folded)] + "\n" + heading
    raise AssertionError(f"quote not in {doc}: {quote}")


def test_the_explanatory_terms_are_used_in_each_text(store: Store) -> None:
    claims = explanatory_claims(store)
    used: dict[str, set[str]] = {}
    for row in claims:
        used.setdefault(row["doc"].rsplit("/", 1)[-1], set()).add(row["p"].rsplit("#", 1)[-1])
    for doc in EXPLAINED_TEXTS:
        kinds = used.get(doc, set())
        assert {"effect", "cause", "measure", "aimsAt"} <= kinds, (doc, kinds)
        assert len(kinds) >= 7, (doc, kinds)
    stated = set().union(*used.values())
    assert set(EXPLAINING + IN_WORDS) - {"causes", "hasCause", "preconditionOf"} <= stated


def test_each_explanatory_quote_names_its_subject_and_object(store: Store) -> None:
    labels = labels_of(store)
    composed = {
        row["s"]
        for row in select(
            store, "SELECT ?s WHERE { GRAPH ?g { ?s a ?c } VALUES ?c { " + " ".join(f"dgo:{c}" for c in COMPOSED) + " } }"
        )
    }
    unnamed = []
    for row in explanatory_claims(store):
        doc = row["doc"].rsplit("/", 1)[-1]
        if doc not in EXPLAINED_TEXTS:
            continue
        reading = reading_of(doc, row["quote"])
        ends = [row["s"]] + ([row["o"]] if row["p"].rsplit("#", 1)[-1] in EXPLAINING else [])
        for end in ends:
            if end not in composed and not any(label in reading for label in labels.get(end, ())):
                unnamed.append((row["p"].rsplit("#", 1)[-1], end.rsplit("/", 1)[-1], row["quote"]))
    assert not unnamed, "\n".join(map(str, unnamed))


def test_causes_are_read_from_both_ends_and_effects_are_causes(store: Store) -> None:
    def pairs(prop: str) -> set[tuple[str, str]]:
        return {(r["s"], r["o"]) for r in select(store, f"SELECT ?s ?o WHERE {{ GRAPH ?g {{ ?s dgo:{prop} ?o }} }}")}

    effects, causes, has_cause = pairs("hasEffect"), pairs("causes"), pairs("hasCause")
    assert effects and effects <= causes
    assert {(o, s) for s, o in causes} == has_cause
    contrasts = pairs("contrastsWith")
    assert contrasts and contrasts == {(o, s) for s, o in contrasts}
    preconditions = pairs("hasPrecondition")
    assert preconditions and {(o, s) for s, o in preconditions} == pairs("preconditionOf")


def test_lookup_shows_an_explanation_with_its_quote(built_dist: Path) -> None:
    done = run_dgkg("lookup", "central-and-western-regions", "--dist", str(built_dist), "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "contrasts with → Eastern Region (eastern-region)" in done.stdout
    done = run_dgkg("lookup", "data-barriers", "--dist", str(built_dist), "--lang", "zh")
    assert done.returncode == 0, done.stderr
    assert re.search(r"原因 → 由于职能划分.*\n\s+\[chen-2024-empowerment ¶22\]", done.stdout)


# ---------------------------------------------------------------------------------------
# Roles and citations as properties, and the precision rules (issue 14, items 4 and 6)


def test_a_quote_names_its_subject_in_its_sentence_or_before_it_in_its_paragraph() -> None:
    from graph_build.precision import place_of

    text = FoldedText.of("一、标题\n浙江成立了数据中心。该中心统筹全省数据,服务企业。\n")
    place = place_of(text, "服务企业")
    assert place is not None
    assert place.sentence == fold("该中心统筹全省数据,服务企业。")
    assert place.before == fold("浙江成立了数据中心。该中心统筹全省数据,")
    assert place.heading == fold("一、标题")


@pytest.mark.parametrize(
    "window, founded",
    [
        ("2018年广东组建了广东省政务服务数据管理局", True),
        ("2015年浙江成立了省一级的数据资源管理中心", True),
        ("2023年3月中共中央、国务院印发了《党和国家机构改革方案》提出组建国家数据局", False),
        ("2023年党的二十届二中全会通过的《党和国家机构改革方案》中公布组建国家数据局", False),
        ("2023年3月中共中央、国务院印发了《党和国家机构改革方案》", False),
    ],
)
def test_a_founding_word_dates_a_founding_but_not_when_a_plan_proposes_it(window: str, founded: bool) -> None:
    from graph_build.precision import _founded_in

    assert _founded_in(window) is founded


def test_no_bibliography_entry_is_an_association_with_a_concept(store: Store) -> None:
    """A reference-list entry gives a cited work (cites, author, discusses), never concept associatedWith person."""
    rows = select(
        store,
        "SELECT ?quote WHERE { GRAPH ?claim { ?concept dgo:associatedWith ?person } ?claim dgo:quote ?quote }",
    )
    assert rows, "the texts' own attributions (邓利维表示……) stay associatedWith"
    assert not [r["quote"] for r in rows if re.match(r"^\[\d+\]", r["quote"])]


def test_every_work_that_discusses_a_concept_is_cited_and_has_its_authors(store: Store) -> None:
    rows = select(
        store,
        "SELECT DISTINCT ?work (COUNT(DISTINCT ?article) AS ?citing) (COUNT(DISTINCT ?author) AS ?authors) WHERE {"
        " ?work dgo:discusses ?concept . OPTIONAL { ?article dgo:cites ?work } OPTIONAL { ?work dgo:author ?author } }"
        " GROUP BY ?work",
    )
    assert len(rows) >= 30
    assert not [r["work"] for r in rows if r["citing"] == "0" or r["authors"] == "0"]


def test_the_authorships_give_each_byline_in_order(store: Store) -> None:
    rows = select(
        store,
        "SELECT ?doc ?position ?person WHERE { ?doc dgo:qualifiedAuthorship ?a ."
        " ?a dgo:authorPosition ?position ; dgo:authorshipAgent ?person }",
    )
    order: dict[str, dict[int, str]] = {}
    for row in rows:
        order.setdefault(row["doc"].rsplit("/", 1)[-1], {})[int(row["position"])] = row["person"].rsplit("/", 1)[-1]
    assert order["zeng-2024-holistic"] == {1: "zeng-fanjun", 2: "shang-liping", 3: "li-weihong"}
    assert order["chen-2024-empowerment"] == {1: "chen-wanqiu", 2: "zhang-yuan"}
    assert order["liao-2021-typology"] == {1: "liao-fuchong"}
    for doc, people in order.items():
        authors = select(store, f"SELECT ?p WHERE {{ <https://w3id.org/dgkg/resource/{doc}> dgo:author ?p }}")
        assert {a["p"].rsplit("/", 1)[-1] for a in authors} == set(people.values()), doc


def test_the_corresponding_author_funding_and_affiliations_are_links(store: Store) -> None:
    res = "https://w3id.org/dgkg/resource/"
    li = f"<{res}li-weihong>"
    ask = f"PREFIX dgo: <{DGO}>\nASK {{ <{res}zeng-2024-holistic> dgo:correspondingAuthor {li} ; dgo:author {li} }}"
    assert bool(store.query(ask))
    grant = select(store, f"SELECT ?n WHERE {{ <{res}zeng-2024-holistic> dgo:funding ?g . ?g dgo:grantNumber ?n }}")
    assert [g["n"] for g in grant] == ["22BGL245"]
    places = select(store, "SELECT ?person ?body WHERE { ?person dgo:affiliation ?body }")
    people = {p["person"].rsplit("/", 1)[-1] for p in places}
    assert {"zeng-fanjun", "shang-liping", "li-weihong", "chen-wanqiu", "zhang-yuan"} <= people


def test_the_explanations_of_liao_and_zeng_are_typed_relations(store: Store) -> None:
    """Issue 14, item 1: the organisational factors, the service-centre precondition and measures, the dilemmas' causes."""
    rows = select(
        store,
        "SELECT ?s ?p ?o ?source WHERE { GRAPH ?claim { ?s ?p ?o } ?claim prov:wasDerivedFrom ?source ."
        " FILTER(?p IN (dgo:cause, dgo:effect, dgo:measure, dgo:hasPrecondition, dgo:hasCause, dgo:hasEffect, dgo:causes,"
        " dgo:contrastsWith, dgo:hasProblem, dgo:preconditionOf, dgo:aimsAt)) }",
    )
    by_text: dict[str, set[tuple[str, str]]] = {}
    for row in rows:
        doc = row["source"].rsplit("/", 1)[-1]
        by_text.setdefault(doc, set()).add((row["s"].rsplit("/", 1)[-1], row["p"].rsplit("#", 1)[-1]))
    liao, zeng = by_text["liao-2021-typology"], by_text["zeng-2024-holistic"]
    assert len(liao) >= 35 and len(zeng) >= 25
    assert {("digital-transformation", "cause"), ("digital-government", "hasPrecondition")} <= liao
    assert ("shanghai-comprehensive-development-case", "measure") in liao
    assert ("e-government", "contrastsWith") in liao
    dilemmas = ("holistic-idea-mutual-exclusion", "governance-structure-fragmentation", "digital-governance-institution-split")
    for dilemma in dilemmas:
        assert (dilemma, "cause") in zeng and (dilemma, "effect") in zeng, dilemma
