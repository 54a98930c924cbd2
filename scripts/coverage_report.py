#!/usr/bin/env python3
"""Coverage report: candidate names in the curated texts that the graph does not know.

For each normalised text (sources/texts/<doc>.txt, one paragraph per line) it collects
candidate names:

  * terms in 《》 (titles) and in “” / "" quotes;
  * words ending in a typical name suffix (局, 厅, 办公室, 委员会, 领导小组, 平台, 工程, 系统, 网,
    码, APP, 改革, 规划, 意见, 战略, 模式, 省, 市, 县, 区, 公司, 中心, 全会, 会议): the run of
    Chinese characters before the suffix, cut at punctuation and at function words (的, 和, 与 …),
    at most MAX_WORD characters;

and lists those that match no skos:prefLabel / skos:altLabel of the graph after folding
(graph_build.textmatch.fold: traditional -> simplified script, NFKC width, case, no white space),
with the paragraph numbers (line numbers of the text) where they occur.

A suffix word counts as known when a known label of 2+ characters is a suffix of it (the words in
front are taken as context: "推进浙江政务服务网" is known when 浙江政务服务网 is), or when it is the
suffix alone. A quoted or titled term counts as known when it equals a label.

Candidates judged not to be names (rhetorical phrases, generic words) can be listed in an
ignore file (default scripts/coverage_ignore.txt): one term per line, optionally prefixed with
"<doc-id>:" to ignore it in that text only; "#" starts a comment.

Usage:
  .venv/bin/python scripts/coverage_report.py                 # labels from sources/records
  .venv/bin/python scripts/coverage_report.py --dist /tmp/d   # labels from /tmp/d/dgkg.ttl
  .venv/bin/python scripts/coverage_report.py --doc zeng-2024-holistic --kind title
  .venv/bin/python scripts/coverage_report.py --summary       # counts per text only
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph_build.textmatch import fold  # noqa: E402

SUFFIXES = [
    "局",
    "厅",
    "办公室",
    "委员会",
    "领导小组",
    "平台",
    "工程",
    "系统",
    "网",
    "网站",
    "码",
    "APP",
    "改革",
    "规划",
    "意见",
    "战略",
    "模式",
    "省",
    "市",
    "县",
    "区",
    "公司",
    "中心",
    "全会",
    "会议",
]
MAX_WORD = 14
# Characters that end a name on its left: function words and verbs that commonly precede names.
STOP_CHARS = set("的和与及在是了等对将为由把被向从以并或也而即其所之于就都又还更让使通过")
# A suffix followed by one of these characters is part of another word (局限, 区域, 网络, 市场 …).
NOT_FOLLOWED_BY = {
    "局": "限面部势",
    "区": "域别块分间",
    "网": "络上民购格点友速页站",
    "市": "场民",
    "省": "级份略钱事",
    "系统": "性化",
    "中心": "化",
    "码": "头",
    "县": "域级",
    "改革": "开",
}
# Verbs that often stand before a name; stripped from the left of a suffix word.
LEADING_VERBS = (
    "综合运用",
    "推进",
    "加快",
    "建设",
    "构建",
    "实现",
    "运用",
    "提升",
    "深化",
    "借助",
    "持续",
    "打造",
    "推动",
    "重视",
    "坚持",
    "提供",
    "形成",
    "选择",
    "具备",
    "成立",
    "加大",
    "扩展",
    "完善",
    "加强",
    "依托",
    "支撑",
    "利用",
    "搭建",
    "全面",
    "积极",
    "需要",
    "要求",
    "提出",
    "开展",
    "制定",
    "出台",
    "印发",
    "发布",
    "强调",
)
CJK = r"\u3400-\u9fff"
TITLE = re.compile(r"《([^《》]{1,60})》")
QUOTED = re.compile(r"[“\"]([^“”\"]{1,40})[”\"]")
# A run of Chinese characters (and ASCII letters/digits, for names such as 12345, APP).
RUN = re.compile(rf"[{CJK}A-Za-z0-9+]+")


def labels_from_records(records_dir: Path) -> set[str]:
    from graph_build.recordyaml import load

    labels: set[str] = set()

    def take(value):
        if isinstance(value, str):
            labels.add(fold(value))
        elif isinstance(value, list):
            for v in value:
                take(v)
        elif isinstance(value, dict):
            for v in value.values():
                take(v)

    for path in sorted(records_dir.glob("*.yaml")):
        data = load(path.read_bytes(), str(path))[0] or {}
        for entity in data.get("entities") or []:
            take(entity.get("label"))
            take(entity.get("altLabel"))
            for fact in entity.get("facts") or []:
                take(fact.get("altLabel"))
        for fact in data.get("facts") or []:  # altLabel claims about entities defined elsewhere
            take(fact.get("altLabel"))
    return labels


def labels_from_dist(dist: Path) -> set[str]:
    import rdflib
    from rdflib.namespace import SKOS

    graph = rdflib.Graph()
    ttl = dist / "dgkg.ttl"
    graph.parse(ttl, format="turtle")
    labels = set()
    for prop in (SKOS.prefLabel, SKOS.altLabel):
        for obj in graph.objects(None, prop):
            labels.add(fold(str(obj)))
    return labels


def load_ignore(path: Path) -> tuple[set[str], dict[str, set[str]]]:
    everywhere: set[str] = set()
    per_doc: dict[str, set[str]] = defaultdict(set)
    if not path.exists():
        return everywhere, per_doc
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        doc, sep, term = line.partition(":")
        if sep and re.fullmatch(r"[a-z0-9-]+", doc):
            per_doc[doc].add(fold(term.strip()))
        else:
            everywhere.add(fold(line))
    return everywhere, per_doc


def suffix_words(paragraph: str, folded_suffixes: list[str]):
    """Candidate words ending in a name suffix, in folded form."""
    for run in RUN.findall(fold(paragraph)):
        for suffix in folded_suffixes:
            start = 0
            while (i := run.find(suffix, start)) >= 0:
                end = i + len(suffix)
                start = i + 1
                if end < len(run) and run[end] in NOT_FOLLOWED_BY.get(suffix, ""):
                    continue
                left = max(0, end - MAX_WORD)
                word = run[left:end]
                # cut at the last function word before the suffix
                head = word[: len(word) - len(suffix)]
                for j in range(len(head) - 1, -1, -1):
                    if head[j] in STOP_CHARS:
                        word = word[j + 1 :]
                        break
                stripped = True
                while stripped:
                    stripped = False
                    for verb in LEADING_VERBS:
                        if word.startswith(verb) and len(word) > len(verb) + len(suffix):
                            word = word[len(verb) :]
                            stripped = True
                if len(word) > len(suffix):
                    yield word


def is_known(term: str, kind: str, labels: set[str], long_labels: list[str], suffixes: set[str]) -> bool:
    if term in labels:
        return True
    if kind == "suffix":
        if term in suffixes:
            return True
        return any(term.endswith(label) for label in long_labels)
    return False


def report(texts_dir: Path, labels: set[str], ignore, docs=None, kinds=None):
    everywhere, per_doc = ignore
    folded_suffixes = [fold(s) for s in SUFFIXES]
    suffix_set = set(folded_suffixes)
    long_labels = [lab for lab in labels if len(lab) >= 2]
    results = {}
    for path in sorted(texts_dir.glob("*.txt")):
        doc = path.stem
        if docs and doc not in docs:
            continue
        found: dict[tuple[str, str], set[int]] = defaultdict(set)
        for number, paragraph in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for m in TITLE.finditer(paragraph):
                found[(fold(m.group(1)), "title")].add(number)
            for m in QUOTED.finditer(paragraph):
                found[(fold(m.group(1)), "quoted")].add(number)
            for word in suffix_words(paragraph, folded_suffixes):
                found[(word, "suffix")].add(number)
        missing = {}
        for (term, kind), paras in found.items():
            if kinds and kind not in kinds:
                continue
            if not term or term in everywhere or term in per_doc.get(doc, ()):
                continue
            if is_known(term, kind, labels, long_labels, suffix_set):
                continue
            missing[(term, kind)] = sorted(paras)
        results[doc] = missing
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, help="read labels from DIST/dgkg.ttl instead of the records")
    parser.add_argument("--records", type=Path, default=ROOT / "sources" / "records")
    parser.add_argument("--texts", type=Path, default=ROOT / "sources" / "texts")
    parser.add_argument("--ignore", type=Path, default=ROOT / "scripts" / "coverage_ignore.txt")
    parser.add_argument("--no-ignore", action="store_true", help="report ignored candidates too")
    parser.add_argument("--doc", action="append", help="only this text (repeatable)")
    parser.add_argument("--kind", action="append", choices=["title", "quoted", "suffix"])
    parser.add_argument("--summary", action="store_true", help="counts per text only")
    args = parser.parse_args(argv)

    labels = labels_from_dist(args.dist) if args.dist else labels_from_records(args.records)
    ignore = (set(), {}) if args.no_ignore else load_ignore(args.ignore)
    results = report(args.texts, labels, ignore, set(args.doc or ()), set(args.kind or ()))
    total = 0
    for doc, missing in results.items():
        counts = defaultdict(int)
        for _, kind in missing:
            counts[kind] += 1
        total += len(missing)
        detail = ", ".join(f"{k} {counts[k]}" for k in ("title", "quoted", "suffix") if counts[k])
        print(f"## {doc}: {len(missing)} unknown candidates ({detail or 'none'})")
        if args.summary:
            continue
        for (term, kind), paras in sorted(missing.items(), key=lambda kv: (kv[1][0], kv[0])):
            print(f"  {kind:6} {term}\t¶{','.join(map(str, paras))}")
    print(f"total: {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
