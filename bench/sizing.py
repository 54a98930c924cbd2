"""Sizes as the bench names them (10k, 100k, 1M) and the range the generator writes.

Apart from the generator and the runner, which load pypinyin, ruamel.yaml and the queries room,
so that `dgkg bench --help` and its options' checks need none of them.
"""

from __future__ import annotations

import re

FEWEST_TRIPLES, MOST_TRIPLES = 1_000, 10_000_000


class GenerateError(Exception):
    """A size the generator does not take, or an output directory that cannot be written
    without destroying something else."""


def check_size(triples: int) -> int:
    if not FEWEST_TRIPLES <= triples <= MOST_TRIPLES:
        raise GenerateError(f"{triples:,} triples: the generator writes from {FEWEST_TRIPLES:,} to {MOST_TRIPLES:,}")
    return triples


def parse_size(text: str) -> int:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([kKmM]?)", text.strip())
    if not match:
        raise ValueError(f"not a size: {text!r} (e.g. 10k, 100k, 1M)")
    return round(float(match.group(1)) * {"": 1, "k": 1000, "m": 1_000_000}[match.group(2).lower()])


def label(size: int) -> str:
    return f"{size // 1_000_000}M" if size % 1_000_000 == 0 else f"{size // 1000}k" if size % 1000 == 0 else str(size)
