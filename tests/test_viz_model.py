"""The views' model: entities, facts with evidence, facets and lookup, from the builder's shape."""

from __future__ import annotations

from pathlib import Path

import pytest
from viz_sample import HOSTILE, sample_graph, write_sample_dist

from viz import Views, load_model, model_from_knowledge_graph
from viz.search import query_fold_table, search_keys


@pytest.fixture(scope="module")
def model():
    return model_from_knowledge_graph(sample_graph())


def test_entities_carry_labels_in_every_script_and_their_class(model):
    zheliban = model.entity("zheliban")
    assert zheliban.labels == {"zh-hans": "浙里办", "en": "Zheliban"}
    assert zheliban.alt_labels == {"zh-hant": ["浙裏辦"], "en": ["Zhelibang"]}
    assert zheliban.cls.endswith("#MobileApplication")
    assert model.top_class("zheliban").endswith("#DigitalPlatform")
    assert zheliban.declared_by is not None and zheliban.declared_by.quote == "浙里办"


def test_every_fact_keeps_its_source_quote_and_locator(model):
    facts = {f.predicate.rsplit("#", 1)[1]: f for f in model.facts_about["zheliban"]}
    assert facts["operatedBy"].target == "zhejiang-big-data-bureau"
    assert facts["operatedBy"].evidence.quote == "建设“浙里办”政务服务平台"
    assert facts["operatedBy"].evidence.source == "sample-article"
    assert facts["launchYear"].value == "2014" and facts["launchYear"].year == 2014
    assert model.source_titles["sample-article"] == "Sample article"


def test_trig_in_dist_gives_the_same_model_as_the_builders_graph(tmp_path: Path, model):
    write_sample_dist(tmp_path / "dist")
    loaded = load_model(tmp_path / "dist")
    assert loaded.entities == model.entities
    assert sorted(loaded.facts, key=repr) == sorted(model.facts, key=repr)


def test_missing_dist_names_the_fix(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="dgkg build"):
        load_model(tmp_path)


def test_regions_follow_places_within_places(model):
    facets = Views(model).facets
    assert facets.regions["run-at-most-once"] == ["hangzhou", "zhejiang"]
    assert facets.regions["zhejiang"] == ["zhejiang"]
    assert "three-golden-projects" not in facets.regions
    assert facets.periods["stage-e-government"] == (2002, 2014)


def test_search_keys_cover_both_scripts_english_and_pinyin(model):
    keys = search_keys(model.entity("zheliban"))
    assert {"浙里办", "zheliban", "zhelibang"} <= set(keys)  # 浙裏辦 folds to 浙里办
    table = query_fold_table([keys])
    assert table["裏"] == "里" and table["辦"] == "办"


def test_hostile_label_is_kept_verbatim_as_data(model):
    assert model.label("hostile-concept") == HOSTILE


def test_the_explorers_keys_take_the_label_files_pinyin_and_are_those_it_would_spell(built_dist: Path):
    """One spelling of each label for the explorer and the command line: the views take the
    pinyin the build's label file holds (viz.loading.StoredPinyin) and give the keys they
    would have spelt themselves."""
    from graph_build import pinyin_key
    from viz.loading import StoredPinyin

    model, spelled = load_model(built_dist), StoredPinyin(built_dist)
    assert spelled["浙里办"] == "zheliban" and all(pinyin_key(text) == key for text, key in spelled.items())
    assert Views(model, pinyin=spelled).keys == Views(model).keys
    assert Views(model, pinyin={"浙里办": "fromthefile"}).keys["zheliban"].count("fromthefile") == 1


def test_the_label_files_pinyin_is_read_only_once_the_store_is_written(built_dist: Path) -> None:
    """In a build the store's process writes the label file while the views render: the views
    read the pinyin only when the explorer's search first needs it, after the wait."""
    from viz.loading import StoredPinyin

    waited: list[bool] = []
    views = Views(load_model(built_dist), pinyin=StoredPinyin(built_dist, lambda: waited.append(True)))
    assert not waited
    assert "zheliban" in views.keys["zheliban"]
    assert waited == [True]
