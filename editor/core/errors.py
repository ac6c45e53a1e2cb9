"""Errors that reach the author. Each message says what is wrong and what to do."""

from __future__ import annotations


class PostError(Exception):
    """A post could not be read, parsed or written."""


class NotTextError(PostError):
    """The file is not text (binary data, or an encoding we cannot read)."""


class WriteError(PostError):
    """Writing a file failed; the file on disk was left as it was."""


class FrontMatterError(PostError):
    """The front matter could not be parsed.

    ``line`` and ``column`` are 1-based positions in the whole file, or None when
    the problem has no single position.
    """

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        self.reason = message
        self.line = line
        self.column = column
        where = ""
        if line is not None:
            where = f"Front matter line {line}"
            if column is not None:
                where += f", column {column}"
            where += ": "
        super().__init__(f"{where}{message}")
