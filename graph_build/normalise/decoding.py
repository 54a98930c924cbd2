"""Seed bytes -> text: strict UTF-8 (a seed that is not UTF-8 is an error, not a guess)."""

from __future__ import annotations


def decode_seed(raw: bytes) -> str:
    """Decode a seed, drop a byte-order mark, make every line end a plain LF.

    Raises UnicodeDecodeError for bytes that are not UTF-8: the seeds are UTF-8 scrapes, and
    a seed that is not is a different problem from the mis-read GBK runs *inside* them.
    """
    text = raw.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")
