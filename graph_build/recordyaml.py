"""One record file's bytes -> YAML data, accepting only what curated records are made of.

Records are plain mappings, lists and scalars. Everything else YAML offers is refused at the
line where it appears, before anything is built from it:

- anchors and aliases (`&x`, `*x`): an alias is a reference, and nested ones multiply (a
  record of a few hundred bytes can stand for billions of nodes);
- tags (`!!python/object`, `!x`, `!!str`): a tag changes what a value is, silently;
- nesting deeper than MAX_DEPTH and more than MAX_NODES nodes, which bound recursion, time and
  memory;
- unprintable characters (controls other than tab, newline and carriage return, lone
  surrogates, non-characters), typed or escaped, and text that is not UTF-8.

The checks sit in ruamel.yaml's composer, which sees each parser event with its position.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer, MaxDepthExceededError
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import AliasEvent, ScalarEvent

from graph_build.errors import RecordError, RecordRefused

# The deepest curated record nests 7 levels.
MAX_DEPTH = 32
# The largest curated file has about 3,000 nodes; a file at the limit parses in about 3 s.
MAX_NODES = 50_000
# C0 controls but tab, newline and CR; DEL and C1 controls; lone surrogates (only an escape can
# make one); the two non-characters YAML excludes.
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


class RefusedConstruct(MarkedYAMLError):
    """Valid YAML that records never need; refused where the parser meets it."""


def _refusal(event: Any) -> str | None:
    """Why this node may not be in a record, or None."""
    if isinstance(event, AliasEvent):
        return f"alias *{event.anchor}: anchors and aliases are not allowed in records; write the value out"
    if event.anchor is not None:
        return f"anchor &{event.anchor}: anchors and aliases are not allowed in records; write the value out"
    if event.ctag is not None:
        return f"tag {event.tag}: YAML tags are not allowed in records; write the plain value"
    if isinstance(event, ScalarEvent):
        # ruamel marks the fold points of a `>` scalar with BEL for round-tripping; a block
        # scalar has no escapes, and a typed BEL was refused with the rest of the text.
        value = event.value.replace("\a", "") if event.style == ">" else event.value
        found = UNPRINTABLE.search(value)
        if found:
            return f"unprintable character U+{ord(found.group()):04X} in a value (from an escape)"
    return None


class _RecordComposer(Composer):
    """ruamel's composer, refusing anchors, aliases, tags, unprintable values and excess nodes."""

    nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        problem = _refusal(event)
        if problem is not None:
            raise RefusedConstruct(None, None, problem, event.start_mark)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise RefusedConstruct(None, None, f"more than {MAX_NODES} values in one file; split it", event.start_mark)
        return super().compose_node(parent, index)


class _RecordConstructor(RoundTripConstructor):
    """Dates stay text so graph_build.values checks them and reports the line (ruamel's own
    date parsing raises on 2018-02-30 without saying where); a value Python cannot convert
    (an integer of 5,000 digits) becomes an error at its node instead of escaping unmarked."""

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as exc:
            raise ConstructorError(None, None, f"cannot read this value ({exc})", node.start_mark) from exc


_RecordConstructor.add_constructor("tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Composer = _RecordComposer
    yaml.Constructor = _RecordConstructor
    yaml.max_depth = MAX_DEPTH
    return yaml


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


def load(data: bytes, display: str) -> Any:
    """The YAML document in `data` as ruamel round-trip data (which keeps line numbers)."""
    text = decode(data, display)
    try:
        return _yaml().load(text)
    except MaxDepthExceededError as exc:
        raise RecordRefused(
            RecordError(display, exc.problem_mark.line + 1, "yaml", f"nested deeper than {MAX_DEPTH} levels")
        ) from exc
    except RefusedConstruct as exc:
        raise RecordRefused(RecordError(display, exc.problem_mark.line + 1, "yaml", str(exc.problem))) from exc
    except MarkedYAMLError as exc:
        # The context mark is where an unclosed construct began: the line a curator has to fix.
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + 1 if mark else None
        raise RecordRefused(RecordError(display, line, "yaml", f"not valid YAML: {exc.problem or exc.context}")) from exc
