"""Bad input: each kind of broken record gives an error naming file, line and field, a non-zero
exit, and leaves the previous dist/ untouched. Runs the real CLI on a copy of the real sources."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.conftest import REPO, run_dgkg

DOC = "liao-2021-typology"


def real_quote() -> str:
    """A passage of the real normalised text, so that only the broken field is wrong."""
    lines = (REPO / "sources" / "texts" / f"{DOC}.txt").read_text(encoding="utf-8").splitlines()
    longest = max(lines, key=len)
    return longest[:20]


def entity(
    slug: str, *, cls: str = "Reform", label: str = "label: {zh-Hans: 测试改革甲, en: Test reform A}", extra: str = ""
) -> str:
    return (
        f"  - id: {slug}\n"
        f"    class: {cls}\n"
        f"    {label}\n"
        f"    definition: {{zh-Hans: 用于测试的记录。, en: A record used by a test.}}\n"
        f"    source: {DOC}\n"
        f'    quote: "{real_quote()}"\n'
        f"{extra}"
    )


CASES = {
    "yaml syntax": ("entities:\n  - id: broken\n    label: {zh-Hans: 甲\n", 3, "yaml", "not valid YAML"),
    "unknown class": ("entities:\n" + entity("test-reform-a", cls="Spaceship"), 2, "class", "unknown class 'Spaceship'"),
    "unknown property": (
        "entities:\n"
        + entity(
            "test-reform-a", extra=f'    facts:\n      - colour: blue\n        source: {DOC}\n        quote: "{real_quote()}"\n'
        ),
        9,
        "colour",
        "unknown property 'colour'",
    ),
    "unknown slug": (
        f"facts:\n  - about: no-such-entity-anywhere\n    startYear: 2014\n    source: {DOC}\n    quote: x\n",
        2,
        "about",
        "unknown slug 'no-such-entity-anywhere'",
    ),
    "duplicate slug": (
        "entities:\n"
        + entity("test-reform-a")
        + entity("test-reform-a", label="label: {zh-Hans: 测试改革乙, en: Test reform B}"),
        8,
        "id",
        "already defined",
    ),
    "wrong datatype": (
        "entities:\n"
        + entity(
            "test-reform-a",
            extra=f'    facts:\n      - startYear: 二〇一四年\n        source: {DOC}\n        quote: "{real_quote()}"\n',
        ),
        9,
        "startYear",
        "four-digit year",
    ),
    "date that is not a date": (
        "entities:\n"
        + entity(
            "test-reform-a",
            cls="PolicyDocument",
            extra=f'    facts:\n      - issued: 2018-02-30\n        source: {DOC}\n        quote: "{real_quote()}"\n',
        ),
        9,
        "issued",
        "YYYY-MM-DD",
    ),
    "missing language tag": (
        "entities:\n" + entity("test-reform-a", label="label: {zh-Hans: 测试改革甲}"),
        4,
        "label",
        "missing language tag(s) en",
    ),
    # Precision (graph_build.precision): a quote names its subject; a founding date is a founding's.
    "subject not in the quote": (
        "entities:\n" + entity("test-reform-a"),
        7,
        "quote",
        "the quote does not name its subject 'test-reform-a': neither it, nor the sentence that holds it, nor its "
        "paragraph before it, nor the heading above writes one of its labels",
    ),
    "subjectInQuote without a note": (
        "entities:\n" + entity("test-reform-a", extra="    subjectInQuote: false\n"),
        8,
        "subjectInQuote",
        "`subjectInQuote: false` needs a `note:` saying how the quote refers to 'test-reform-a'",
    ),
    "subjectInQuote true": (
        "entities:\n" + entity("test-reform-a", extra="    subjectInQuote: true\n"),
        8,
        "subjectInQuote",
        "only `subjectInQuote: false` has a meaning",
    ),
    "a definition quoted from two passages": (
        "entities:\n"
        + entity("test-reform-a").replace(
            f'quote: "{real_quote()}"',
            f'quote: ["{real_quote()}", "{real_quote()}"]',
        ),
        7,
        "quote",
        "one quote per claim: a fact or a definition comes from one passage",
    ),
    "founding year of the plan that proposed the body": (
        "facts:\n  - about: national-data-administration\n    foundingYear: 2023\n    source: chen-2024-empowerment\n"
        "    quote: 2023年3月中共中央、国务院印发了《党和国家机构改革方案》提出组建国家数据局\n",
        3,
        "foundingYear",
        "the quote dates 2023 but no founding or launch word (成立, 组建, 设立, 挂牌, 上线, 启动 …) stands near it",
    ),
    "founding year the quote does not write": (
        f"facts:\n  - about: guangdong-government-service-data-administration\n    foundingYear: 2019\n    source: {DOC}\n"
        "    quote: 组建了广东省政务服务数据管理局\n",
        3,
        "foundingYear",
        "the quote does not write the year 2019",
    ),
    "quote not in source": (
        "entities:\n" + entity("test-reform-a").replace(real_quote(), "这句话不在任何来源文本里出现过"),
        7,
        "quote",
        f"not found in sources/texts/{DOC}.txt",
    ),
}


def fingerprint(directory: Path) -> dict[str, str]:
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_record_is_reported_with_file_line_field_and_dist_is_kept(case: str, sources_copy: Path, tmp_path: Path) -> None:
    text, line, field, fragment = CASES[case]
    bad = sources_copy / "records" / "zz-bad.yaml"
    bad.write_text(text, encoding="utf-8")
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "dgkg.ttl").write_text("# the previous build\n", encoding="utf-8")
    (dist / "build-report.json").write_text("{}\n", encoding="utf-8")  # what marks a build (graph_build.distdir)
    before = fingerprint(dist)

    result = run_dgkg("build", "--dist", str(dist), env={"DGKG_SOURCES": str(sources_copy), "DGKG_ROOT": str(tmp_path)})

    assert result.returncode == 1, result.stdout + result.stderr
    expected = f"sources/records/zz-bad.yaml:{line}: field '{field}': "
    matching = [row for row in result.stderr.splitlines() if row.startswith(expected)]
    assert matching, f"no error starting {expected!r} in:\n{result.stderr}"
    assert any(fragment in row for row in matching), result.stderr
    assert fingerprint(dist) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".dist-")], "staging directory left behind"
