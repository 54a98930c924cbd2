"""Errors the CLI prints without a traceback.

Kept apart from dgkg.cli so that `python -m dgkg.cli` (where cli runs as __main__) and the
commands share one UsageError class.
"""


class UsageError(Exception):
    """A problem with what the user asked for; printed without a traceback, exit 2."""
