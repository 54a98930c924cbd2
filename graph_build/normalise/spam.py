"""Lines the publishing sites added that are not the article: the reviewed list.

Every pattern below was written for a line actually seen in the seeds (the comment names
where) and checked not to match any line of an article's own text. A line is dropped when
a whole-line pattern matches it; a *tail marker* drops its line and every line after it
(a "you may also like" list that runs to the end of the page). Add to the list only after
reading the line in context; never drop text because it merely looks odd.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class LinePattern:
    regex: re.Pattern[str]
    why: str


def _p(pattern: str, why: str) -> LinePattern:
    return LinePattern(re.compile(pattern), why)


# Words of the porn-site titles prepended to a scrape (000, line 7); a line needs two of them.
_PORN = ("国产", "精品", "自拍", "偷拍", "熟女", "午夜", "黄色视频", "在线观看", "性视频", "av")

LINE_PATTERNS: tuple[LinePattern, ...] = (
    _p(r"^[•·]*$", "a bullet left by a stripped HTML list (000 line 1, 001 line 3)"),
    _p(r"^(?:\d+\.\s*)+$", "list numbering left by stripped HTML list items (001 lines 15-16)"),
    _p(r"^内容标题\d*$", "the site's template placeholder for a title (001 line 1)"),
    _p(r"^联系方式[:：]", "the site's contact telephone number (001 line 17)"),
    _p(r"^当前位置[:：]", "breadcrumb navigation 首页 > 政务理论 (001 line 18)"),
    _p(r"^政务理论$", "the site's category link, as in the breadcrumb (001 line 64)"),
    _p(r"^(?:上一篇|下一篇)[:：]", "previous/next article links (003 lines 97, 99)"),
    _p(r"^(?:返回|目录)$", "navigation links (003 lines 101-102)"),
    _p(r"^更多精彩[,，]\s*[請请][關关]注", "the site's call to follow its WeChat account (004 line 33)"),
    _p(r"^國脈[,，]是.*專業提供商", "advertisement of 國脈, the consultancy that reprinted the article (004 line 34)"),
    _p(r"^(?:[^|]{1,8}\|\s*){5,}", "a list of place names joined by '|', search-engine bait (000 line 270)"),
)

TAIL_MARKERS: tuple[LinePattern, ...] = (
    _p(r"^猜你喜[歡欢]$", "'you may also like': links to other articles, to the end of the page (000 line 253)"),
)


def is_porn_title(line: str) -> bool:
    lowered = line.lower()
    return sum(word in lowered for word in _PORN) >= 2


def drop_spam_lines(text: str) -> tuple[str, list[str]]:
    """Drop the listed lines; returns the text and the dropped (non-blank) lines."""
    kept: list[str] = []
    dropped: list[str] = []
    lines = text.split("\n")
    for index, line in enumerate(lines):
        stripped = line.strip()
        if any(marker.regex.search(stripped) for marker in TAIL_MARKERS):
            dropped.extend(rest.strip() for rest in lines[index:] if rest.strip())
            break
        if stripped and (is_porn_title(stripped) or any(p.regex.search(stripped) for p in LINE_PATTERNS)):
            dropped.append(stripped)
            continue
        kept.append(line)
    return "\n".join(kept), dropped
