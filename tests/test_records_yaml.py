"""The record loader (libyaml's events, graph_build.recordyaml) reads what ruamel.yaml's round-trip
loader reads: the same values, typed by the same YAML 1.2 rules, at the same lines. ruamel.yaml
was the loader before; it is the reference here, on every curated record and on generated text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor

from graph_build import records as records_module
from graph_build.errors import BuildFailed, RecordRefused
from graph_build.recordyaml import RecordList, RecordMap, load, plain_scalar
from tests.conftest import REPO
from tests.test_hostile_records import yamlish


class _DatesAsText(RoundTripConstructor):
    """As the builder wants them: a date stays the text written (graph_build.values checks it)."""


_DatesAsText.add_constructor("tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str)


def reference(text: str) -> Any:
    yaml = YAML(typ="rt")
    yaml.Constructor = _DatesAsText
    return yaml.load(text)


def scalar(value: Any) -> tuple[str, str]:
    """Type and value, whatever subclass ruamel wraps them in (ScalarFloat, LiteralScalarString …)."""
    for kind in (bool, int, float, str):
        if isinstance(value, kind):
            return kind.__name__, repr(kind(value))
    return type(value).__name__, repr(value)


def ruamel_tree(node: Any) -> Any:
    if isinstance(node, CommentedMap):
        return ("map", node.lc.line + 1, [(scalar(k), node.lc.key(k)[0] + 1, ruamel_tree(v)) for k, v in node.items()])
    if isinstance(node, CommentedSeq):
        return ("list", node.lc.line + 1, [(node.lc.item(i)[0] + 1, ruamel_tree(v)) for i, v in enumerate(node)])
    return scalar(node)


def our_tree(node: Any) -> Any:
    if isinstance(node, RecordMap):
        return ("map", node.line, [(scalar(k), node.key_lines[k], our_tree(v)) for k, v in node.items()])
    if isinstance(node, RecordList):
        return ("list", node.line, [(line, our_tree(v)) for line, v in zip(node.item_lines, node, strict=True)])
    return scalar(node)


@pytest.mark.parametrize("path", sorted((REPO / "sources" / "records").glob("*.yaml")), ids=lambda p: p.name)
def test_curated_records_read_as_ruamel_reads_them(path: Path) -> None:
    data = path.read_bytes()
    assert our_tree(load(data, path.name)[0]) == ruamel_tree(reference(data.decode("utf-8")))


@pytest.mark.parametrize(
    "text",
    ["2014", "-0o17", "0x1F", "1_000", "007", "1.50", "-.inf", ".NaN", "1e3", "true", "False", "~", "null", "", "2018-02-30",
     "yes", "on", "1:20", "0b101", "+12", "12abc", "<", "_1_000", "_", ".5", "-.5", "NULL", "TRUE", "n", "浙里办", "Zheliban"],
)  # fmt: skip
def test_plain_scalars_are_typed_as_yaml_1_2(text: str) -> None:
    assert scalar(plain_scalar(text)) == scalar(reference(f"v: {text}\n")["v"])


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(yamlish)
def test_generated_text_reads_alike_where_both_accept_it(data: bytes) -> None:
    """Where both loaders accept a text, they read the same data at the same lines. (They differ
    only on what one of them refuses: libyaml and ruamel disagree on a few corners of YAML syntax,
    an empty key (`: x`) or a tab after a non-breaking space, and this loader refuses a key given
    twice, a list or mapping as a key and a merge key; each refusal names its line.)"""
    try:
        ours = our_tree(load(data, "x.yaml")[0])
    except RecordRefused as refused:
        assert refused.error.line
        return
    try:
        theirs = ruamel_tree(reference(data.decode("utf-8")))
    except Exception:  # ruamel refuses what libyaml accepts: nothing to compare
        return
    assert ours == theirs


def test_the_values_of_all_files_together_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading stops after the file that takes the records past MAX_TOTAL_VALUES, and says so."""
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.yaml").write_text("facts:\n  - about: x\n    related: [a, b, c]\n", encoding="utf-8")
    # per file: 2 mappings, 2 lists, 3 keys, 1 slug and 3 list items
    assert records_module.load_records(tmp_path, tmp_path).values == 3 * 11
    monkeypatch.setattr(records_module, "MAX_TOTAL_VALUES", 20)
    with pytest.raises(BuildFailed) as failure:
        records_module.load_records(tmp_path, tmp_path)
    assert [str(error) for error in failure.value.errors] == [
        "b.yaml: the record files up to this one hold more than 20 values together; the files after it were not read"
    ]
