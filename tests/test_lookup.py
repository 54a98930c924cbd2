"""`dgkg lookup` on the real build, run as a user runs it: each fact once, in the language
asked for, with its number and its quotes, and none of the build's bookkeeping nodes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import run_dgkg

# A quote line: [document ¶N] “…” (an outside citation has no quote and no ¶).
QUOTE_LINE = re.compile(r"^ {6}\[(?P<where>[^\]]*)\] “")


def lookup(dist: Path, text: str, lang: str) -> str:
    result = run_dgkg("lookup", text, "--lang", lang, "--dist", str(dist))
    assert result.returncode == 0, result.stderr
    return result.stdout.split("\n\n其他匹配")[0].split("\nother matches")[0]


def fact_lines(output: str) -> list[str]:
    """The lines naming a fact (two-space indent), not its evidence (six)."""
    return [line for line in output.splitlines() if line.startswith("  ") and not line.startswith("   ")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_zheliban_shows_each_fact_once_and_no_internal_node(built_dist: Path, lang: str) -> None:
    output = lookup(built_dist, "浙里办", lang)
    facts = fact_lines(output)
    assert len(facts) == len(set(facts)), [f for f in facts if facts.count(f) > 1]
    for internal in ("mention/", "claim/", "_:", "activity/", "graph/"):
        assert internal not in output
    part_of = [f for f in facts if "(zhejiang-public-data-platform)" in f]
    assert len(part_of) == 1 and "→" in part_of[0]  # not also "has part ←" nor dcterms:hasPart
    assert "hasPart" not in output
    definitions = [f for f in facts if f.startswith("  skos:definition")]
    assert len(definitions) == 1  # stated in both languages: shown once, in the language asked for
    has_chinese = bool(re.search(r"[\u4e00-\u9fff]", definitions[0].split("→", 1)[1]))
    assert has_chinese == (lang == "zh")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_national_data_administration_shows_only_its_most_specific_types(built_dist: Path, lang: str) -> None:
    output = lookup(built_dist, "国家数据局", lang)
    [types] = [line for line in output.splitlines() if line.startswith(("  types:", "  类型:"))]
    names = types.split(":", 1)[1].split(",")
    assert 1 <= len(names) <= 3, types
    assert "schema:" not in types and "foaf:" not in types


@pytest.mark.parametrize(("lang", "qualifier"), [("zh", "超过"), ("en", "more than")])
def test_a_qualified_statistic_shows_its_number_and_qualifier(built_dist: Path, lang: str, qualifier: str) -> None:
    own = lookup(built_dist, "stat-ngsp-registered-users", lang)
    assert f"{qualifier} 580000000" in own
    # Named from the platform it is about, the statistic still carries its number.
    platform = lookup(built_dist, "national-government-service-platform", lang)
    [line] = [f for f in fact_lines(platform) if "(stat-ngsp-registered-users)" in f]
    assert line.endswith(f": {qualifier} 580000000 人"), line


@pytest.mark.parametrize("text", ["浙里办", "国家数据局", "stat-ngsp-registered-users"])
def test_every_quote_names_its_document_and_paragraph(built_dist: Path, text: str) -> None:
    for lang in ("zh", "en"):
        quotes = [m for line in lookup(built_dist, text, lang).splitlines() if (m := QUOTE_LINE.match(line))]
        assert quotes
        for match in quotes:
            assert re.fullmatch(r"\S+ ¶\d+(-\d+)?", match["where"]), match.group(0)


@pytest.fixture(scope="module")
def store(built_dist: Path):
    from queries import Store

    return Store.from_dist(built_dist)


@pytest.mark.parametrize("typed", ["zheliban", "浙里办", "浙裏辦", "Zhelibang", "ZHELIBAN", "zhe li ban"])
def test_an_entity_is_found_by_whatever_a_reader_types(store, typed: str) -> None:
    assert store.lookup(typed)[0].slug == "zheliban"


def test_every_search_key_of_the_explorer_finds_its_entity_on_the_command_line(built_dist: Path, store) -> None:
    """The explorer's search box and `dgkg lookup` spell pinyin by one rule (ü as u), so a key
    the page accepts is one the command line accepts for the same entity."""
    from viz import Views
    from viz.search import search_keys

    model = Views.from_dist(built_dist).model
    refused = []
    for slug, entity in model.entities.items():
        for typed in search_keys(entity):
            if slug not in {hit.slug for hit in store.lookup(typed, limit=50)}:
                refused.append(f"{slug}: {typed}")
    assert not refused, refused[:20]


def test_an_effect_is_shown_once_not_again_as_its_inferred_cause(built_dist: Path) -> None:
    """has effect is a kind of causes, whose inverse is has cause: the reasoner's has cause ← (and
    causes →) beside the stated has effect → would say the same fact twice."""
    measure, effect = "zhejiang-data-centre-establishment-2015", "digital-transformation"
    for page, other in ((measure, effect), (effect, measure)):
        lines = [line for line in fact_lines(lookup(built_dist, page, "en")) if f"({other})" in line]
        assert len(lines) == 1 and "has effect" in lines[0], lines
