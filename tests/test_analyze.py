"""Analytics: centrality, communities and explained paths, in Python and through the CLI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import run_dgkg
from viz_sample import sample_graph, write_sample_dist

from viz import Analysis, model_from_knowledge_graph, remote_references


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return Analysis(model_from_knowledge_graph(sample_graph()))


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("analyze") / "dist"
    write_sample_dist(target)
    return target


def test_centrality_by_two_measures_ranks_the_hub_first(analysis: Analysis):
    assert analysis.top(analysis.pagerank, 1)[0][0] == "zheliban"
    assert analysis.top({k: float(v) for k, v in analysis.degree.items()}, 1)[0][0] == "zheliban"
    assert analysis.betweenness["lonely-concept"] == 0.0


def test_communities_partition_the_linked_entities(analysis: Analysis):
    members = [slug for community in analysis.communities for slug in community]
    linked = [n for n in analysis.graph if analysis.graph.degree(n)]
    assert sorted(members) == sorted(linked)
    assert {"zheliban", "zhejiang"} <= set(next(c for c in analysis.communities if "zheliban" in c))
    assert 0 < analysis.modularity <= 1


def test_path_names_every_link_and_its_direction(analysis: Analysis):
    steps = analysis.path("three-golden-projects", "national-data-administration")
    assert steps[0].source == "three-golden-projects" and steps[-1].target == "national-data-administration"
    assert all(a.target == b.source for a, b in zip(steps, steps[1:], strict=False))
    first = steps[0]
    assert first.fact.predicate.endswith("#openedBy") and not first.forward  # the stage is opened by the project
    assert steps[-1].fact.predicate.endswith("#resultingOrganization") and steps[-1].forward
    assert all(step.fact.evidence.quote for step in steps)


def test_no_path_is_a_clear_error(analysis: Analysis):
    with pytest.raises(LookupError, match="no chain of facts"):
        analysis.path("lonely-concept", "zheliban")


def test_cli_path_accepts_labels_in_any_script(dist: Path):
    done = run_dgkg("analyze", "--dist", str(dist), "--path", "三金工程", "國家數據局")
    assert done.returncode == 0, done.stderr
    assert "三金工程 (Three Golden Projects) → 国家数据局 (National Data Administration): 6 link(s)" in done.stdout
    assert "三金工程 ←开启标志 · opened by— 信息化阶段" in done.stdout
    assert "«以三金工程为标志»" in done.stdout


def test_cli_overview_lists_measures_and_communities(dist: Path):
    done = run_dgkg("analyze", "--dist", str(dist), "--top", "5")
    assert done.returncode == 0, done.stderr
    for text in ("PageRank", "betweenness", "degree", "communities (Louvain", "modularity", "浙里办"):
        assert text in done.stdout


def test_cli_reports_unknown_names_and_missing_builds(dist: Path, tmp_path: Path):
    done = run_dgkg("analyze", "--dist", str(dist), "--path", "三金工程", "nothing-like-it")
    assert done.returncode == 2 and "no entity is called 'nothing-like-it'" in done.stderr
    done = run_dgkg("analyze", "--dist", str(tmp_path))
    assert done.returncode == 1 and "dgkg build" in done.stderr


def test_cli_viz_writes_a_neighbourhood_page(dist: Path, tmp_path: Path):
    target = tmp_path / "out" / "zheliban.html"
    done = run_dgkg("viz", "--dist", str(dist), "--focus", "Zhelibang", "--depth", "2", "-o", str(target))
    assert done.returncode == 0, done.stderr
    html = target.read_text(encoding="utf-8")
    assert remote_references(html) == []
    site = Path(os.path.relpath(dist / "site", target.parent)).as_posix()
    assert f'"entityHref": "{site}/{{slug}}.html"' in html  # links reach dist/site from wherever the page is
    assert "6 entities within 2 link(s) of zheliban" in done.stdout


def test_cli_viz_rewrites_all_views(dist: Path, tmp_path: Path):
    done = run_dgkg("viz", "--dist", str(dist), "-o", str(tmp_path / "views"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "views" / "viz" / "index.html").is_file()
    assert (tmp_path / "views" / "site" / "zheliban.html").is_file()


def test_real_graph_walks_from_the_golden_projects_to_zheliban(built_dist: Path):
    done = run_dgkg("analyze", "--dist", str(built_dist), "--path", "三金工程", "浙里办")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("三金工程 (Three Golden Projects) → 浙里办")
    steps = [line for line in lines if line[:1].isdigit()]
    assert steps and all("—" in step for step in steps) and steps[-1].rstrip().endswith("浙里办")


def test_real_graph_walks_from_the_golden_projects_to_the_national_data_administration(built_dist: Path):
    """The issue's walk, on the real build: every step is a sourced fact."""
    done = run_dgkg("analyze", "--dist", str(built_dist), "--path", "三金工程", "国家数据局")
    assert done.returncode == 0, done.stderr
    steps = [line for line in done.stdout.splitlines() if line[:1].isdigit()]
    assert steps and "国家数据局" in steps[-1]
    quotes = [line for line in done.stdout.splitlines() if "«" in line and "»" in line]
    assert len(quotes) == len(steps), done.stdout
