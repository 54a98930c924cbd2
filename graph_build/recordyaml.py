"""One record file's bytes -> YAML data, accepting only what curated records are made of.

Records are plain mappings, lists and scalars. Everything else YAML offers is refused at the
line where it appears, before anything is built from it:

- anchors and aliases (`&x`, `*x`) and merge keys (`<<`): an alias is a reference, and nested
  ones multiply (a record of a few hundred bytes can stand for billions of nodes);
- tags (`!!python/object`, `!x`, `!!str`): a tag changes what a value is, silently;
- nesting deeper than MAX_DEPTH and more than MAX_NODES nodes, which bound recursion, time and
  memory;
- unprintable characters (controls other than tab, newline and carriage return, lone
  surrogates, non-characters), typed or escaped, and text that is not UTF-8;
- a key given twice in one mapping, and a key that is not a plain value.

The parser is libyaml's (PyYAML's C binding), read event by event: each event carries its
position, so every refusal names its line, and the data is built here from the events, so
nothing YAML could construct by itself (objects, references) ever exists. Plain scalars are
typed by the YAML 1.2 core schema, as ruamel.yaml (the loader before this one, ten times
slower: pure Python) typed them; dates stay text so graph_build.values checks them and names
the line. tests/test_records_yaml.py compares the two loaders on the curated records and on
generated text.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml
from yaml.cyaml import CParser
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
    StreamEndEvent,
)

from graph_build.errors import RecordError, RecordRefused

# The deepest curated record nests 7 levels.
MAX_DEPTH = 32
# The largest curated file has about 3,000 nodes; a file at the limit parses in well under a second.
MAX_NODES = 50_000
# C0 controls but tab, newline and CR; DEL and C1 controls; lone surrogates (only an escape can
# make one); the two non-characters YAML excludes.
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

# The YAML 1.2 core schema's plain scalars other than text (ruamel.yaml's resolver, version 1.2).
_NULL = re.compile(r"~|null|Null|NULL|")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+")
_FLOAT = re.compile(
    r"[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
    r"|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN)"
)
_INT_BASES = {"0b": 2, "0o": 8, "0x": 16}
# The first characters of the above, by which YAML's resolvers choose which to try (ruamel.yaml's
# too): `_7` or `_` is text, where the pattern alone would take it for an integer.
_MAY_START_NON_TEXT = frozenset("~nNtTfF0123456789+-.")
_BAD_ESCAPE = "found invalid Unicode character escape code"


class RecordMap(dict[Any, Any]):
    """A mapping of a record file, with the line of its start and of each key (1-based)."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}


class RecordList(list[Any]):
    """A list of a record file, with the line of its start and of each item (1-based)."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []


class _Refused(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def plain_scalar(text: str) -> Any:
    """A plain (unquoted) scalar as YAML 1.2 types it; text if it is nothing else. Raises
    ValueError for a number Python cannot hold (an integer of 5,000 digits)."""
    if text and text[0] not in _MAY_START_NON_TEXT:
        return text
    if _NULL.fullmatch(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.fullmatch(text):
        digits = text.replace("_", "")
        sign = -1 if digits.startswith("-") else 1
        digits = digits.lstrip("+-")
        base = _INT_BASES.get(digits[:2], 10)
        return sign * int(digits[2:] if base != 10 else digits, base)
    if _FLOAT.fullmatch(text):
        number = text.replace("_", "").lower()
        if number.endswith((".inf", ".nan")):
            return -math.inf if number.startswith("-") else math.nan if number.endswith("nan") else math.inf
        return float(number)
    return text


def _refusal(event: NodeEvent) -> str | None:
    """Why this node may not be in a record, or None."""
    if isinstance(event, AliasEvent):
        return f"alias *{event.anchor}: anchors and aliases are not allowed in curated YAML; write the value out"
    if event.anchor is not None:
        return f"anchor &{event.anchor}: anchors and aliases are not allowed in curated YAML; write the value out"
    if event.tag is not None:
        return f"tag {event.tag}: YAML tags are not allowed in curated YAML; write the plain value"
    if isinstance(event, ScalarEvent) and event.style == '"':  # only escapes add what decode() did not see
        found = UNPRINTABLE.search(event.value)
        if found:
            return f"unprintable character U+{ord(found.group()):04X} in a value (from an escape)"
    return None


def _scalar(event: ScalarEvent) -> Any:
    if event.style:  # quoted or block: text as written
        return event.value
    try:
        return plain_scalar(event.value)
    except (ValueError, OverflowError) as exc:
        raise _Refused(event.start_mark.line + 1, f"cannot read this value ({exc})") from exc


def _key(container: RecordMap, key: Any, line: int) -> None:
    if isinstance(key, (RecordMap, RecordList)):
        raise _Refused(line, "a key must be a plain value (a name), not a mapping or a list")
    if key == "<<":
        raise _Refused(line, "merge key <<: merging mappings is not allowed in records; write the values out")
    if key in container.key_lines:
        raise _Refused(line, f"key {key!r} is given twice in this mapping (first at line {container.key_lines[key]})")
    container.key_lines[key] = line


def _compose(parser: CParser) -> tuple[Any, int]:
    """The data of the stream's single document, built from the parser's events, and its number
    of values."""
    stack: list[RecordMap | RecordList] = []
    pending_keys: list[tuple[Any, int] | None] = []  # per open mapping: the key waiting for its value
    nodes = 0
    document: Any = None
    documents = 0
    while True:
        event = parser.get_event()
        if isinstance(event, StreamEndEvent):
            return document, nodes
        if isinstance(event, DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _Refused(event.start_mark.line + 1, "a second YAML document (after ---); a record file holds one")
            continue
        line = event.start_mark.line + 1
        if isinstance(event, (MappingEndEvent, SequenceEndEvent)):
            value: Any = stack.pop()
            pending_keys.pop()
        elif isinstance(event, NodeEvent):
            problem = _refusal(event)
            if problem is not None:
                raise _Refused(line, problem)
            nodes += 1
            if nodes > MAX_NODES:
                raise _Refused(line, f"more than {MAX_NODES} values in one file; split it")
            if isinstance(event, ScalarEvent):
                value = _scalar(event)
            elif isinstance(event, MappingStartEvent):
                stack.append(RecordMap(line))
                pending_keys.append(None)
            else:
                stack.append(RecordList(line))
                pending_keys.append(None)
            if len(stack) > MAX_DEPTH:
                raise _Refused(line, f"nested deeper than {MAX_DEPTH} levels")
            if not isinstance(event, ScalarEvent):
                # a collection is placed in its parent when it ends, with the line it started on
                continue
        else:
            continue  # document end
        _place(stack, pending_keys, value, line if not isinstance(value, (RecordMap, RecordList)) else value.line)
        if not stack:
            document = value


def _place(stack: list[RecordMap | RecordList], pending_keys: list[tuple[Any, int] | None], value: Any, line: int) -> None:
    """Puts a finished node into the collection that holds it."""
    if not stack:
        return
    parent = stack[-1]
    if isinstance(parent, RecordList):
        parent.append(value)
        parent.item_lines.append(line)
        return
    pending = pending_keys[-1]
    if pending is None:
        _key(parent, value, line)
        pending_keys[-1] = (value, line)
    else:
        parent[pending[0]] = value
        pending_keys[-1] = None


def decode(data: bytes, display: str) -> str:
    """UTF-8 text without control characters; raises RecordRefused naming the line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RecordRefused(
            RecordError(
                display,
                data.count(b"\n", 0, exc.start) + 1,
                "encoding",
                f"not UTF-8: byte 0x{data[exc.start]:02x} ({exc.reason})",
            )
        ) from exc
    found = UNPRINTABLE.search(text)
    if found:
        raise RecordRefused(
            RecordError(
                display,
                text.count("\n", 0, found.start()) + 1,
                "yaml",
                f"unprintable character U+{ord(found.group()):04X} (of the control "
                "characters only tab, newline and carriage return are allowed)",
            )
        )
    return text


def _bad_escape(text: str, mark: Any) -> str:
    """libyaml refuses an escape of a lone surrogate or of a code beyond Unicode; its mark stands
    just after the `\\u` or `\\U`, so the code is read from there to name it."""
    width = 8 if text[mark.index - 1] == "U" else 4
    code = text[mark.index : mark.index + width]
    return f"unprintable character U+{code.upper()} in a value (from an escape)"


def load(data: bytes, display: str) -> tuple[Any, int]:
    """The YAML document in `data` (RecordMap, RecordList and plain scalars; None if empty) and
    how many values it holds."""
    text = decode(data, display)
    parser = CParser(text)
    try:
        return _compose(parser)
    except _Refused as refused:
        raise RecordRefused(RecordError(display, refused.line, "yaml", refused.message)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        if exc.problem == _BAD_ESCAPE and mark is not None:
            raise RecordRefused(RecordError(display, mark.line + 1, "yaml", _bad_escape(text, mark))) from None
        # The context mark is where an unclosed construct began: the line a curator has to fix.
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + 1 if mark else None
        raise RecordRefused(RecordError(display, line, "yaml", f"not valid YAML: {exc.problem or exc.context}")) from None
    except yaml.YAMLError as exc:
        # libyaml's reader names a position only (the text was checked for what it refuses)
        position = getattr(exc, "position", 0)
        raise RecordRefused(RecordError(display, text.count("\n", 0, position) + 1, "yaml", f"not valid YAML: {exc}")) from None
    finally:
        parser.dispose()
