"""What can go wrong when asking the graph a question, each with a message a user can act on."""

from __future__ import annotations


class QueryError(Exception):
    """Base of every error this room raises on purpose; the message is meant for the user."""


class QuerySyntaxError(QueryError):
    """The SPARQL text does not parse; line and column count from 1 in the text the user wrote."""

    def __init__(
        self, message: str, line: int | None = None, column: int | None = None, text: str | None = None, origin: str = "query"
    ) -> None:
        self.detail = message
        self.line = line
        self.column = column
        self.text = text
        self.origin = origin
        super().__init__(self._render())

    def _render(self) -> str:
        where = self.origin
        if self.line is not None:
            where += f":{self.line}:{self.column}"
        lines = [f"{where}: SPARQL syntax error: {self.detail}"]
        if self.text is not None and self.line is not None:
            source = self.text.splitlines()
            if 0 < self.line <= len(source):
                lines.append("    " + source[self.line - 1])
                lines.append("    " + " " * max((self.column or 1) - 1, 0) + "^")
        return "\n".join(lines)


class UnknownQuestion(QueryError):
    """A question name that is not in the library."""


class ParameterError(QueryError):
    """A parameter the question does not take, or a value that names no entity (or several)."""


class NotFound(QueryError):
    """Nothing in the graph answers to the name given (the message says what comes close)."""


class StoreMissing(QueryError):
    """No store where one was expected: the graph has not been built (or was built before stores)."""


class RemoteError(QueryError):
    """A remote SPARQL or Graph Store endpoint could not be reached or answered with an error."""
