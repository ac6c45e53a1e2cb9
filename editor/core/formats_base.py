"""What every front-matter format shares: ``Parts``, the line model, value helpers
and the fence logic.

Import these names from ``editor.core.formats``.

The line model
--------------
One definition of "a line" serves every parser and writer here: a line ends at
``\\r\\n``, at a lone ``\\r`` (classic Mac files, or a stray CR inside a value) or
at ``\\n``. That is what ruamel.yaml's reader counts when it numbers lines (its
marks, and so ``CommentedMap.lc``), what YAML 1.2 calls a line break, and what
TOML and JSON accept as line ends. ``\\x85``, ``\\u2028`` and ``\\u2029`` are *not*
line ends: YAML 1.2 dropped them, ruamel's line counter ignores them, and TOML
and JSON treat them as ordinary characters; form feeds and vertical tabs are text
too (``str.splitlines`` would split on all of these, so it is never used here).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

from frontmatter.default_handlers import BaseHandler

from editor.core.errors import FrontMatterError, PostError

Metadata = MutableMapping[str, Any]

# ----------------------------------------------------------------- line model

LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
LINE_START = r"(?<![^\r\n])"  # regex: at the start of the text or just after a line end
LINE_END = r"(?:\r\n|\r|\n)"  # regex: one line end


def split_lines(text: str) -> list[str]:
    """The lines of ``text``, each with its line end (see the line model above)."""
    return _LINES.findall(text)


def line_break_of(line: str) -> str:
    """The line end a line from ``split_lines`` finishes with ("" for a last, open line)."""
    if line.endswith("\r\n"):
        return "\r\n"
    if line.endswith(("\r", "\n")):
        return line[-1]
    return ""


def strip_line_break(line: str) -> str:
    return line[: len(line) - len(line_break_of(line))]


def count_line_breaks(text: str, start: int = 0, end: int | None = None) -> int:
    """How many line ends ``text[start:end]`` holds (``\\r\\n`` counts once)."""
    end = len(text) if end is None else end
    n = text.count("\n", start, end) + text.count("\r", start, end) - text.count("\r\n", start, end)
    # A "\r\n" cut in half by ``end`` was counted as a lone "\r": that is what it is up to ``end``.
    return n


def line_start(text: str, pos: int) -> int:
    """Index where the line holding ``text[pos]`` starts."""
    return max(text.rfind("\n", 0, pos), text.rfind("\r", 0, pos)) + 1


def line_break_at(text: str, pos: int) -> str:
    """The line end that finishes the line holding ``text[pos]`` ("" on a last, open line)."""
    match = LINE_BREAK.search(text, pos)
    return match.group(0) if match else ""


def line_col(text: str, pos: int) -> tuple[int, int]:
    """1-based (line, column) of ``text[pos]`` under the line model."""
    return count_line_breaks(text, 0, pos) + 1, pos - line_start(text, pos) + 1


def to_newline(text: str, newline: str) -> str:
    """Turn the ``\\n`` line ends of generated ``text`` into the file's newline."""
    return text if newline == "\n" else text.replace("\n", newline)


def to_lf(text: str, newline: str) -> str:
    """``text`` with the file's own line ends shown as ``\\n`` (for editors).

    ``\\r\\n`` always reads as one line end; a lone ``\\r`` only in a file whose
    newline is ``\\r`` (elsewhere it is a stray character that must survive).
    """
    if "\r" not in text:
        return text
    text = text.replace("\r\n", "\n")
    return text.replace("\r", "\n") if newline == "\r" else text


def from_lf(text: str, newline: str) -> str:
    """The inverse of ``to_lf`` for text that came from an editor."""
    return to_newline(text, newline)


# ----------------------------------------------------------------- values

MAX_DEPTH = 100  # how deeply lists and tables may nest in front matter


def nested_too_deeply(line: int | None = None, column: int | None = None) -> FrontMatterError:
    return FrontMatterError(
        f"the front matter is nested too deeply (lists or tables inside each other more than "
        f"{MAX_DEPTH} levels deep); flatten it",
        line,
        column,
    )


def check_depth(value: Any) -> None:
    """Raise ``FrontMatterError`` when ``value`` nests lists/dicts deeper than ``MAX_DEPTH``.

    Iterative, so it cannot itself run out of stack. For data without shared
    references (JSON, TOML); YAML is limited while it is scanned.
    """
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, Mapping):
            children: Any = item.values()
        elif isinstance(item, list | tuple):
            children = item
        else:
            continue
        if depth >= MAX_DEPTH:
            raise nested_too_deeply()
        stack.extend((child, depth + 1) for child in children)


def unreadable_after_edit(exc: FrontMatterError) -> FrontMatterError:
    """The error for an edit whose result would not read back (it is never written)."""
    return FrontMatterError(
        f"this change would leave the front matter unreadable ({exc.reason}), so it cannot be saved."
    )


class UnsupportedValueError(PostError):
    """A front-matter value cannot be written in the post's format (a Python object
    the format has no way to spell). The message names the field."""


def same_value(a: Any, b: Any) -> bool:
    """Deep equality that also compares kinds: ``True`` is not ``1``, ``1`` is not
    ``1.0``, a date is not a datetime, and NaN equals NaN."""
    if a is b:
        return True
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and str(a) == str(b)
    if isinstance(a, int) and isinstance(b, int):
        return int(a) == int(b)
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or a == b
    if isinstance(a, dt.datetime) or isinstance(b, dt.datetime):
        return isinstance(a, dt.datetime) and isinstance(b, dt.datetime) and a == b and a.tzinfo == b.tzinfo
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return len(a) == len(b) and all(k in b and same_value(v, b[k]) for k, v in a.items())
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    if type(a) is not type(b) and not (isinstance(a, type(b)) or isinstance(b, type(a))):
        return False
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - exotic values: treat as changed
        return False


# Date-like text: what YAML's timestamp type and site generators read as a date.
_DATE_LIKE = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:(?:[Tt]|[ \t]+)(?P<H>\d{1,2}):(?P<M>\d{1,2})(?::(?P<S>\d{1,2})(?:[.,]\d+)?)?"
    r"(?:[ \t]*(?:[Zz]|(?P<zh>[-+]\d{1,2})(?::?(?P<zm>\d{2}))?))?)?"
)


def is_invalid_date(text: str) -> bool:
    """Whether ``text`` is written like a date (``2021-02-30``, ``2020-13-08T00:06:56-07:00``)
    but names no real date or time."""
    match = _DATE_LIKE.fullmatch(text.strip())
    if not match:
        return False
    g = match.groupdict()
    try:
        dt.date(int(g["y"]), int(g["m"]), int(g["d"]))
    except ValueError:
        return True
    if g["H"] is not None and (int(g["H"]) > 23 or int(g["M"]) > 59 or int(g["S"] or 0) > 59):
        return True
    return g["zh"] is not None and (abs(int(g["zh"])) > 23 or int(g["zm"] or 0) > 59)


# ----------------------------------------------------------------- fences


@dataclass(frozen=True)
class Parts:
    """A text cut into opening fence, front matter, closing fence and body.

    ``head + fm + tail + body`` is always the original text.
    """

    head: str
    fm: str
    tail: str
    body: str

    @property
    def fm_first_line(self) -> int:
        """1-based line number in the file where the front matter text starts."""
        return count_line_breaks(self.head) + 1


_FIELD = re.compile(r"\s*[\w\"'][\w .\"'-]*:(?:\s|$)")


class FenceHandler(BaseHandler):
    """Shared fence logic for formats delimited by a line such as ``---``."""

    name = ""
    OPEN: re.Pattern[str]
    CLOSE: re.Pattern[str]
    FIELD: re.Pattern[str] = _FIELD  # what a first field line looks like in this format

    def detect(self, text: str) -> bool:
        return bool(self.OPEN.match(text))

    def locate(self, text: str) -> Parts | None:
        """The parts of ``text``, or None when its first line is not a fence.

        An opening fence that is never closed is a thematic break (``---``) when
        the next line is not a ``key: value`` field, as Jekyll and Hugo read it;
        when a field follows, the author forgot the closing fence and we say so.
        """
        opening = self.OPEN.match(text)
        if not opening:
            return None
        close = self.CLOSE.search(text, opening.end())
        if not close:
            if not self.FIELD.match(text, opening.end()):
                return None
            fence = opening.group(0).strip()
            raise FrontMatterError(
                f"the front matter opened by '{fence}' is never closed. "
                f"Add a line with '{fence}' after the last field.",
                1,
            )
        return Parts(
            head=text[: opening.end()],
            fm=text[opening.end() : close.start()],
            tail=close.group(0),
            body=text[close.end() :],
        )

    def split(self, text: str) -> tuple[str, str]:
        parts = self.locate(text)
        return (parts.fm, parts.body) if parts else ("", text)

    def load(self, fm: str) -> Any:  # pragma: no cover - per format
        raise NotImplementedError

    def load_with_duplicates(self, fm: str) -> tuple[Any, list[str]]:
        """``load(fm)`` and the names of the top-level keys written more than once."""
        return self.load(fm), []

    def update(self, fm: str, metadata: Metadata, newline: str) -> str:  # pragma: no cover
        raise NotImplementedError

    def wrap(self, fm: str, newline: str) -> tuple[str, str]:
        """Fences for a post that had no front matter."""
        fence = self.START_DELIMITER or ""
        return fence + newline, fence + newline


def fence_patterns(fence: str, close_alternatives: str | None = None) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """OPEN and CLOSE patterns for a fence line such as ``---`` under the line model."""
    f = re.escape(fence)
    close = close_alternatives or f
    return (
        re.compile(rf"\A{f}[ \t]*{LINE_END}"),
        re.compile(rf"{LINE_START}(?:{close})[ \t]*(?:{LINE_END}|\Z)"),
    )
