"""The source normaliser: each step on real snippets of the seeds, the committed texts, errors.

Tests that need the real seeds find them at $DGKG_SEEDS or <repo>/../shared/seeds and are
skipped, saying so, when they are not there; everything else runs on snippets and on a small
synthetic seed made in a temporary directory.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graph_build.normalise import (
    Erratum,
    NormaliseError,
    load_errata,
    load_registry,
    normalise_all,
    normalise_text,
)
from graph_build.normalise.injected import INJECTED_SYMBOLS, remove_injected_symbols
from graph_build.normalise.markup import strip_markup
from graph_build.normalise.mojibake import LOST, misread, repair_mojibake
from graph_build.normalise.paragraphs import rebuild_paragraphs
from graph_build.normalise.pinyin import strip_pinyin
from graph_build.normalise.spam import LINE_PATTERNS, TAIL_MARKERS, drop_spam_lines, is_porn_title

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "sources"
SEEDS = Path(os.environ.get("DGKG_SEEDS", REPO.parent / "shared" / "seeds"))
needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"the seed documents are not at {SEEDS} (set DGKG_SEEDS to their directory)"
)
REGISTRY = load_registry(SOURCES)
TEXTS = {entry.id: (SOURCES / entry.text).read_text(encoding="utf-8") for entry in REGISTRY}
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"


# ---------------------------------------------------------------------------- pinyin annotations


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("政府治理數(shù)字化轉型的類型學分析", "政府治理數字化轉型的類型學分析"),
        ("順應數(shù)字經(jīng)濟和數(shù)字社會發(fā)展潮流", "順應數字經濟和數字社會發展潮流"),
        ("郁建興從公共治理有效性出發(fā)", "郁建興從公共治理有效性出發"),
        ("數（shù）字", "數字"),  # full-width parentheses too
    ],
)
def test_pinyin_annotations_are_stripped(raw: str, expected: str) -> None:
    assert strip_pinyin(raw)[0] == expected


@pytest.mark.parametrize(
    "raw",
    [
        "英國政治學家帕特里克·鄧利維(PatrickDunleavy)表示",
        "英國的《政府轉型戰略(2017-2020)》等",
        "李偉紅(通訊作者)(1977-),女",
        "佩里·希克斯(Perri6)所言",
        "數字時代治理(Digital-EraGovernance)已遠超越",
    ],
)
def test_real_parenthesised_text_is_kept(raw: str) -> None:
    assert strip_pinyin(raw) == (raw, 0, 0)


def test_annotation_needs_a_character_before_it() -> None:
    assert strip_pinyin("? (shù) ")[1] == 0


# ---------------------------------------------------------------------------- mis-read GBK runs


def test_run_from_seed_000_reads_back_in_step() -> None:
    raw = "要求政府治理進行數(shù)字化轉型?;\ue2c4跀?shù)字治理理論,本文提出"
    text, runs = repair_mojibake(raw)
    assert text == "要求政府治理進行數(shù)字化轉型〓基于數(shù)字治理理論,本文提出"
    assert len(runs) == 1 and runs[0].raw == "?;\ue2c4跀?shù)" and runs[0].lost == 1
    # the round trip: the restored original, read out of step, is the seed's run
    assert misread("。基于數(") == "?;\ue2c4跀?("


def test_run_ending_in_a_trail_byte() -> None:
    raw = "研究發現(xiàn),政府治理過程中的“文山會?!爆F(xiàn)象,實際上"
    text, _ = repair_mojibake(raw)
    assert text == "研究發現(xiàn),政府治理過程中的“文山會〓”現(xiàn)象,實際上"
    assert misread("海”現(") == "?!爆F("


def test_a_character_the_document_never_uses_is_not_trusted() -> None:
    # where a seed dropped byte pairs, two characters can fuse into one real-looking one; so
    # a character read in step that the rest of the text never uses is marked, not kept ...
    assert repair_mojibake("政府治理過程中的“文山會?!爆F(xiàn)象")[0] == "政府治理過程中的“文山會〓”〓(xiàn)象"
    assert strip_pinyin("文山會〓”〓(xiàn)象")[0] == "文山會〓”〓象"
    # ... unless the seed kept GBK's user-defined codes (private-use characters): then no
    # pair was dropped and every character read in step is certain
    assert repair_mojibake("\ue2c4 政府治理過程中的“文山會?!爆F(xiàn)象")[0].endswith("“文山會〓”現(xiàn)象")


def test_run_with_a_full_width_question_mark_and_a_user_defined_code() -> None:
    raw = "具有顯著影響??陀^地說,我國的作用?!笆\ue18d\ue484稹敝傅氖窃谑\ue18d\ue846€重要領域"
    text, runs = repair_mojibake(raw)
    assert text == "具有顯著影響〓客觀地說,我國的作用〓“十二金”指的是在十二個重要領域"
    assert len(runs) == 2


def test_annotated_out_of_step_character_is_resolved_by_its_pinyin() -> None:
    # seed 004: 府數 read from 府's trail byte gives 當, annotated (dāng) and hidden
    text, runs = repair_mojibake("掀起了地方政府?dāng)?shù)字化轉型的浪潮")
    assert text == "掀起了地方政府數(shù)字化轉型的浪潮"
    assert runs[0].lost == 0


def test_closing_tag_swallowed_by_a_run_is_given_back() -> None:
    text, _ = repair_mojibake("轉(zhuǎn)變?yōu)橹卫硇艿男滦椭腔壅卫怼?/p>\n隨著數字技術的發展")
    assert text.endswith("〓</p>\n隨著數字技術的發展")
    assert strip_markup(text)[0].endswith("〓\n\n隨著數字技術的發展")


@pytest.mark.parametrize(
    "raw",
    [
        "優化了營商環境嗎?——基于31省的模糊集定性比較分析",
        "電子政務和政府數字化轉型是否存在區別?實際上,電子政務和數字政府均是",
        "替代還是融合?[J].理論導刊,2022,(8).",
        "Which Matters More for Technological Innovation Assimilation? A Configurational Approach",
    ],
)
def test_real_question_marks_are_left_alone(raw: str) -> None:
    assert repair_mojibake(raw) == (raw, [])


def test_a_dropped_byte_pair_is_marked_not_guessed() -> None:
    # seed 002 dropped the user-defined pairs of 。基于整體: what is left cannot be read
    text, runs = repair_mojibake("又具備了數字化、智能化建設微觀場景下的獨特性?;谡w性智治模型的分析范式")
    assert text == "又具備了數字化、智能化建設微觀場景下的獨特性〓性智治模型的分析范式"
    assert misread("。基于整體性", keep_user_defined=False) == "?;谡w性"


# ---------------------------------------------------------------------------- HTML, spam, symbols, paragraphs


def test_html_debris_and_entities_are_removed() -> None:
    raw = (
        "  • <tr id='37pbL7'><strong id='37pbL7'></strong><small id='37pbL7'></small></tr>"
        "<kbd id='37pbL7'><kbd id='37pbL7'></kbd></kbd>\n1. <dl id='37pbL7'></dl>\n政务&amp;理论 a&nbsp;b"
    )
    text, tags, entities = strip_markup(raw)
    assert "<" not in text and ">" not in text
    assert tags == 12 and entities == 2
    assert "政务&理论" in text


def test_spam_and_navigation_lines_are_dropped() -> None:
    raw = "\n".join(
        [
            "99热精品在线国产_美女午夜性视频免费_国产精品国产高清国产av_av欧美777 ?",
            "内容标题25",
            "联系方式:010-59919125",
            "当前位置:首页 > 政务理论",
            "日期: 2019-06-27 来源:《行政管理改革》2019年第6期",
            "责任编辑:刘朵",
            "更多精彩,請關注“官方微信”",
            "國脈,是大數據治理、數字政府等領域的專業提供商。創新提出",
            "猜你喜歡",
            "“互聯網+政務服務”路徑研究",
        ]
    )
    text, dropped = drop_spam_lines(raw)
    assert text.split("\n") == ["日期: 2019-06-27 来源:《行政管理改革》2019年第6期", "责任编辑:刘朵"]
    assert len(dropped) == 8


def test_injected_symbols_and_unpartnered_brackets_are_removed() -> None:
    raw = (
        "例如我国电子政务先期“以项目▆为中心”,实现政务服务在线㊣ 化,数据驱动治理@ 框架。\n"
        "(二)政务》数据流动化\n来源:《行政管理改革》2019年第6期 write to a@b.org"
    )
    text, count = remove_injected_symbols(raw)
    assert text == (
        "例如我国电子政务先期“以项目为中心”,实现政务服务在线化,数据驱动治理框架。\n"
        "(二)政务数据流动化\n来源:《行政管理改革》2019年第6期 write to a@b.org"
    )
    assert count == 4


def test_broken_paragraphs_are_joined_and_headings_are_not() -> None:
    raw = (
        "一、研究緣起與文獻回顧\n"
        "自十九屆四中全會部署“推進數字政府建設”后,構建數字政府成為重要議題,大力推進政府數字化轉型、創新政府管理、改善服務效能成為普遍共識\n"
        "[1]。作為國家治理體系和治理能力現代化驅動力量的重要部分。然而,\n"
        "地方政府在加強數字化建設。\n\n"
        "   (一)整體性智治的理論基礎  \n"
        "At present, the holistic intelligent\ngovernance construction of local digital government"
    )
    text, joins = rebuild_paragraphs(raw)
    assert text.split("\n") == [
        "一、研究緣起與文獻回顧",
        "自十九屆四中全會部署“推進數字政府建設”后,構建數字政府成為重要議題,大力推進政府數字化轉型、創新政府管理、改善服務效能成為普遍共識"
        "[1]。作為國家治理體系和治理能力現代化驅動力量的重要部分。然而,地方政府在加強數字化建設。",
        "(一)整體性智治的理論基礎",
        "At present, the holistic intelligent governance construction of local digital government",
    ]
    assert joins == 3


# ---------------------------------------------------------------------------- the committed texts


@pytest.mark.parametrize("doc", sorted(TEXTS))
def test_no_debris_is_left_in_the_committed_text(doc: str) -> None:
    text = TEXTS[doc]
    assert not re.search(r"</?[A-Za-z][A-Za-z0-9]*[\s>/]", text), "an HTML tag"
    assert not re.search(rf"\([a-zü]*[{TONED}][a-zü]*\)|（[a-zü]*[{TONED}][a-zü]*）", text), "a pinyin annotation"
    assert not set(text) & set(INJECTED_SYMBOLS), "an injected symbol"
    assert not re.search(r"\b[0-9a-f]{32}\b", text), "a tracking hash"
    assert repair_mojibake(text)[1] == [], "a mis-read GBK run"
    for line in text.split("\n")[:-1]:
        assert not is_porn_title(line), line
        assert not any(p.regex.search(line) for p in (*LINE_PATTERNS, *TAIL_MARKERS)), line


@pytest.mark.parametrize("doc", sorted(TEXTS))
def test_one_paragraph_per_line(doc: str) -> None:
    text = TEXTS[doc]
    assert text.endswith("\n") and not text.endswith("\n\n")
    for number, line in enumerate(text[:-1].split("\n"), 1):
        assert line, f"blank line {number}"
        assert line == line.strip(), f"line {number} has spaces at an end"


def test_registry_languages_are_the_dominant_scripts() -> None:
    assert {e.id: e.language for e in REGISTRY} == {
        "liao-2021-typology": "zh-Hant",
        "collab-governance-2019": "zh-Hans",
        "zeng-2024-holistic": "zh-Hant",
        "chen-2024-empowerment": "zh-Hans",
        "zhejiang-holistic-governance": "zh-Hant",
    }


def test_errata_are_well_formed_and_name_registered_documents() -> None:
    errata = load_errata(SOURCES / "errata.yaml")
    assert errata and {e.doc for e in errata} <= set(TEXTS)
    assert all(e.line for e in errata)


@needs_seeds
def test_normalise_all_reproduces_the_committed_texts(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SOURCES / "documents.yaml", sources)
    shutil.copy(SOURCES / "errata.yaml", sources)
    report = normalise_all(SEEDS, sources)
    assert [d.source.id for d in report.documents] == [e.id for e in REGISTRY]
    for entry in REGISTRY:
        made = (sources / entry.text).read_bytes()
        assert made == (SOURCES / entry.text).read_bytes(), f"{entry.text} differs from the committed text"
    assert not list((sources / "texts").glob(".*")), "a temporary file was left behind"
    again = normalise_all(SEEDS, sources)
    assert not any(d.changed for d in again.documents)


@needs_seeds
def test_restorations_justified_by_misread_reproduce_their_seed() -> None:
    seeds = {e.id: (SEEDS / e.seed).read_text(encoding="utf-8") for e in REGISTRY}
    checked = 0
    for erratum in load_errata(SOURCES / "errata.yaml"):
        for original in re.findall(r'misread\("([^"]+)"\)', erratum.why):
            readings = {misread(original, keep)[1:] for keep in (True, False)}
            assert any(r in seeds[erratum.doc] for r in readings), f"{erratum.file}:{erratum.line}: {original}"
            checked += 1
    assert checked >= 10


# ---------------------------------------------------------------------------- errors

SEED_TEXT = "數(shù)字政府<b id='x'></b>建設\n\n數字政府是國家治理的重給我進來吧要方面。\n更多精彩,請關注“官方微信”\n"


def _project(tmp_path: Path, errata: str) -> tuple[Path, Path]:
    seeds, sources = tmp_path / "seeds", tmp_path / "sources"
    seeds.mkdir()
    sources.mkdir()
    (seeds / "900_test.txt").write_text(SEED_TEXT, encoding="utf-8")
    digest = hashlib.sha256(SEED_TEXT.encode("utf-8")).hexdigest()
    (sources / "documents.yaml").write_text(
        "documents:\n"
        "  - id: test-doc\n"
        "    seed: 900_test.txt\n"
        f"    sha256: {digest}\n"
        "    text: texts/test-doc.txt\n"
        "    language: zh-Hant\n",
        encoding="utf-8",
    )
    (sources / "errata.yaml").write_text(errata, encoding="utf-8")
    return seeds, sources


GOOD_ERRATUM = """errata:
  - doc: test-doc
    find: 重給我進來吧要
    replace: 重要
    kind: injected-word
    why: injected inside 重要
"""


def test_normalise_all_writes_the_text(tmp_path: Path) -> None:
    seeds, sources = _project(tmp_path, GOOD_ERRATUM)
    report = normalise_all(seeds, sources)
    assert (sources / "texts" / "test-doc.txt").read_text(encoding="utf-8") == "數字政府建設\n數字政府是國家治理的重要方面。\n"
    counts = report.documents[0].report.counts
    assert counts["pinyin annotations stripped"] == 1 and counts["lines dropped"] == 1 and counts["errata applied"] == 1


def test_changed_seed_is_an_error_naming_file_and_line(tmp_path: Path) -> None:
    seeds, sources = _project(tmp_path, GOOD_ERRATUM)
    (seeds / "900_test.txt").write_text(SEED_TEXT + "多了一行\n", encoding="utf-8")
    with pytest.raises(NormaliseError) as caught:
        normalise_all(seeds, sources)
    error = caught.value
    assert error.file == str(sources / "documents.yaml") and error.line == 4 and error.field == "sha256"
    assert "900_test.txt" in str(error) and f"{sources / 'documents.yaml'}:4" in str(error)
    assert not (sources / "texts").exists(), "nothing is written when a seed has changed"


def test_erratum_not_found_is_an_error_naming_file_and_line(tmp_path: Path) -> None:
    seeds, sources = _project(
        tmp_path,
        GOOD_ERRATUM
        + """  - doc: test-doc
    find: 不在文中
    replace: 在文中
    kind: other
    why: the text does not have it
""",
    )
    with pytest.raises(NormaliseError) as caught:
        normalise_all(seeds, sources)
    error = caught.value
    assert error.file == str(sources / "errata.yaml") and error.line == 8 and error.field == "find"
    assert "不在文中" in str(error) and f"{sources / 'errata.yaml'}:8" in str(error)


def test_erratum_found_a_different_number_of_times_is_an_error(tmp_path: Path) -> None:
    seeds, sources = _project(tmp_path, GOOD_ERRATUM.replace("why: injected inside 重要", "why: x\n    count: 2"))
    with pytest.raises(NormaliseError) as caught:
        normalise_all(seeds, sources)
    assert caught.value.field == "count" and caught.value.line == 3


def test_bad_erratum_kind_names_its_line(tmp_path: Path) -> None:
    _, sources = _project(tmp_path, GOOD_ERRATUM.replace("kind: injected-word", "kind: typo"))
    with pytest.raises(NormaliseError) as caught:
        load_errata(sources / "errata.yaml")
    assert (caught.value.line, caught.value.field) == (5, "kind")


def test_normalise_text_reports_errata_that_did_not_apply() -> None:
    missing = Erratum(doc="x", find="沒有這句", replace="有", kind="other", why="test")
    result = normalise_text(SEED_TEXT, [missing])
    assert result.report.unapplied_errata == [missing]
    assert LOST not in result.text and "重給我進來吧要" in result.text


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        # an alias is a reference: nested ones stand for billions of nodes in a few lines
        (GOOD_ERRATUM.replace("why: injected inside 重要", "why: &w injected\n  - doc: *w"), 6, "anchor &w"),
        (GOOD_ERRATUM.replace("kind: injected-word", "kind: !!python/name:os.system injected-word"), 5, "tag"),
        (GOOD_ERRATUM.replace("why: injected inside 重要", "why: [unclosed"), 6, "not valid YAML"),
        (GOOD_ERRATUM.replace("why: injected inside 重要", "why: a\x07bell"), 6, "unprintable"),
    ],
)
def test_the_normalisers_yaml_is_refused_as_records_are(tmp_path: Path, text: str, line: int, says: str) -> None:
    """documents.yaml and errata.yaml are read by the records' loader: what it refuses in a record
    it refuses here, naming the file and the line, before anything is built from it."""
    _, sources = _project(tmp_path, text)
    with pytest.raises(NormaliseError) as caught:
        load_errata(sources / "errata.yaml")
    error = caught.value
    assert (error.file, error.field) == (str(sources / "errata.yaml"), "errata")
    assert error.line == line and says in error.message, error
    (sources / "documents.yaml").write_text("documents:\n  - &doc\n    id: x\n  - *doc\n", encoding="utf-8")
    with pytest.raises(NormaliseError) as caught:
        load_registry(sources)
    assert (caught.value.line, caught.value.field) == (2, "documents") and "anchor &doc" in caught.value.message


def test_reading_the_sources_loads_no_repair_step() -> None:
    """A build reads the registry and the normalised texts; the repair steps, with pypinyin's
    dictionaries and the mojibake tables, took half a second to import, so the door loads them
    only for a normalisation. The probe is its own process: this one has imported them above."""
    probe = (
        "import sys; from pathlib import Path; import graph_build; {call}; "
        "print('graph_build.normalise.pipeline' in sys.modules, 'pypinyin' in sys.modules)"
    )
    for call, loaded in (
        (f"graph_build.SourceLibrary.load(Path({str(SOURCES)!r}))", "False False"),
        ("from graph_build.normalise import normalise_text", "True True"),
    ):
        command = [sys.executable, "-c", probe.format(call=call)]
        done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=60)
        assert done.stdout.strip() == loaded, done.stderr[-2000:]
