"""Symbols injected into sentences by the publishing site: the reviewed list.

Each symbol below occurs in the seeds only where it was injected (`以项目▆为中心`,
`数据驱动治理@ 框架`); none occurs in an article's own text. The injector often left a space
after the symbol (`在线㊣ 化`), which goes with it. Bracket characters are used both ways
(《行政管理改革》 is real, `政务》数据` is injected), so brackets are removed only when they have
no partner in their paragraph. Injected *words* (`重給我進來吧要`) cannot be told apart by
rule and are removed by reviewed errata (sources/errata.yaml).

`卐` is a CJK code point but here only ever an injected symbol (`现卐象`).
Deliberately absent: `〓` (the marker for unrecoverable text), `·` (names: 帕特里克·鄧利維),
`—`, `〔〕` (document numbers 〔2002〕).
"""

from __future__ import annotations

import re

INJECTED_SYMBOLS = "◥◤◣◢▆▂■▲△▽◆◎○●☆★※⊙☉∮∑∏∩∞≡╳⌒↘↙↓↑←→㊣♂♀々〇ㄨ¤№︻︼︾ωζΨ@卐"
# opening -> closing; an unpartnered one in a paragraph is injected
BRACKETS = {"《": "》", "「": "」", "『": "』", "〖": "〗", "【": "】"}

_SYMBOL = re.compile("[" + re.escape(INJECTED_SYMBOLS) + r"]+[ \u00a0]*")


def remove_injected_symbols(text: str) -> tuple[str, int]:
    """Remove listed symbols (an ASCII `@` only between non-ASCII text: an address keeps it)."""
    count = 0

    def drop(match: re.Match[str]) -> str:
        nonlocal count
        before = text[match.start() - 1] if match.start() else ""
        if "@" in match.group(0) and before.isascii() and before.isalnum():
            return match.group(0)
        count += len(match.group(0).rstrip(" \u00a0"))
        return ""

    text = _SYMBOL.sub(drop, text)
    lines = []
    for line in text.split("\n"):
        line, removed = _drop_unpartnered(line)
        count += removed
        lines.append(line)
    return "\n".join(lines), count


def _drop_unpartnered(line: str) -> tuple[str, int]:
    closing = {close: open_ for open_, close in BRACKETS.items()}
    stacks: dict[str, list[int]] = {open_: [] for open_ in BRACKETS}
    orphan: set[int] = set()
    for index, ch in enumerate(line):
        if ch in BRACKETS:
            stacks[ch].append(index)
        elif ch in closing:
            if stacks[closing[ch]]:
                stacks[closing[ch]].pop()
            else:
                orphan.add(index)
    for stack in stacks.values():
        orphan.update(stack)
    if not orphan:
        return line, 0
    return "".join(ch for i, ch in enumerate(line) if i not in orphan), len(orphan)
