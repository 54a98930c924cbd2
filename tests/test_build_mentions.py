"""Mentions are counted in one pass over each text (an Aho-Corasick automaton); the counts are
those of the rule written plainly: for each label, str.find from left to right, a label not
overlapping itself; the distinct start positions of an entity's labels."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import URIRef

from graph_build.mentions import mention_counts

ALPHABET = "数据政府网办"  # few letters: labels overlap each other and themselves often


def by_find(labels: set[str], text: str) -> int:
    starts: set[int] = set()
    for label in labels:
        position = text.find(label)
        while position >= 0:
            starts.add(position)
            position = text.find(label, position + len(label))
    return len(starts)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.dictionaries(
        st.sampled_from([URIRef(f"https://example.org/e{i}") for i in range(6)]),
        st.sets(st.text(ALPHABET, min_size=2, max_size=4), min_size=1, max_size=3),
    ),
    st.dictionaries(st.sampled_from(["a", "b", "c"]), st.text(ALPHABET, max_size=60)),
)
def test_counts_equal_the_plain_rule(labels: dict[URIRef, set[str]], texts: dict[str, str]) -> None:
    expected = {(entity, doc): by_find(names, text) for entity, names in labels.items() for doc, text in texts.items()}
    assert mention_counts(labels, texts) == {key: count for key, count in expected.items() if count}


def test_a_label_overlapping_itself_counts_as_find_does() -> None:
    entity = URIRef("https://example.org/e")
    assert mention_counts({entity: {"数据数"}}, {"a": "数据数据数"}) == {(entity, "a"): 1}
    assert mention_counts({entity: {"数据数", "据数"}}, {"a": "数据数据数"}) == {(entity, "a"): 3}
