"""The CLI's error channel: which failures are expected, and how each is told to the user.

An expected failure (a mistake in what was asked, a missing build, an unreachable endpoint) is
printed as one message, ``dgkg COMMAND: message``, and exits 2 for a usage mistake, 1 otherwise;
anything else is a bug and keeps its traceback. Kept apart from dgkg.cli so that
`python -m dgkg.cli` (where cli runs as __main__) and the commands share one UsageError class.
"""

from __future__ import annotations

import sys

USAGE = 2
FAILURE = 1

# Classes are named rather than imported, so that recognising a room's errors does not import
# the room (publish, the builder) into every command. The first name along a class's MRO wins,
# so a usage error below a general one (UnknownQuestion < QueryError) gets its own code.
EXIT_CODES = {
    "dgkg.errors.UsageError": USAGE,
    "queries.errors.UnknownQuestion": USAGE,
    "queries.errors.ParameterError": USAGE,
    "queries.errors.QuerySyntaxError": USAGE,
    "queries.errors.QueryError": FAILURE,
    "publish.source.DistMissing": FAILURE,
    "publish.release.ReleaseError": FAILURE,
    "graph_build.normalise.model.NormaliseError": FAILURE,
    "builtins.OSError": FAILURE,  # a missing or unwritable file, a full disk: the message names it
}


class UsageError(Exception):
    """A problem with what the user asked for; printed without a traceback, exit 2."""


def exit_code(error: BaseException) -> int | None:
    """The exit code of an expected failure, None for anything else (a bug)."""
    for cls in type(error).__mro__:
        code = EXIT_CODES.get(f"{cls.__module__}.{cls.__qualname__}")
        if code is not None:
            return code
    return None


def fail(command: str, error: Exception) -> int:
    """Tell the user what went wrong, on stderr; the exit code to return."""
    print(f"dgkg {command}: {error}", file=sys.stderr, flush=True)
    return exit_code(error) or FAILURE
