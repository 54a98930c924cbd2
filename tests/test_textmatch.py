"""Quote matching folds script, width and spacing, and returns the source's own text."""

from hypothesis import given, strategies as st

from graph_build.textmatch import FoldedText, find_quote, fold, fold_char


def test_fold_makes_traditional_and_simplified_equal() -> None:
    assert fold("浙裏辦 數字政府") == fold("浙里办数字政府")


def test_fold_unifies_full_and_half_width_punctuation() -> None:
    assert fold("技术，组织：职能") == fold("技术,组织:职能")


def test_find_quote_returns_the_source_span_and_paragraph() -> None:
    text = FoldedText.of("第一段。\n根據“技術-組織-職能”的分析框架,路徑主要有三種。\n")
    match = find_quote(text, "根据“技术-组织-职能”的分析框架，路径")
    assert match is not None
    assert match.exact == "根據“技術-組織-職能”的分析框架,路徑"
    assert match.paragraph == 2
    assert match.locator == "¶2"


def test_find_quote_misses_a_changed_word() -> None:
    text = FoldedText.of("全面發展型、技術賦能型和改革引領型三種。")
    assert find_quote(text, "全面发展型、技术驱动型") is None


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_fold_is_each_character_folded_in_turn(text: str) -> None:
    """fold() runs str.translate over a table filled as characters are met; it must give what
    folding each character and joining the pieces gives (a piece may be empty or longer)."""
    assert fold(text) == "".join(fold_char(ch) for ch in text)
