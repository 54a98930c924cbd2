"""argparse types for the commands' numeric options. A value out of range is argparse's own error,
naming the option and the range (exit 2), before the command starts anything: `--workers 100000`
would start a hundred thousand processes, `--time-limit nan` would let a query run for ever, and
`--port 70000` was taken as port 4464."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable


def whole(least: int, most: int) -> Callable[[str], int]:
    """A whole number from ``least`` to ``most``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number from {least:,} to {most:,}, got {text!r}") from None
        if not least <= value <= most:
            raise argparse.ArgumentTypeError(f"expected a whole number from {least:,} to {most:,}, got {value:,}")
        return value

    return parse


def seconds(most: float) -> Callable[[str], float]:
    """A duration: more than 0 seconds and at most ``most`` (so never NaN or infinite)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not 0 < value <= most:  # False for NaN
            raise argparse.ArgumentTypeError(f"expected seconds, more than 0 and at most {most:g}, got {text!r}")
        return value

    return parse
