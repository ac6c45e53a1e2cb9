"""What every front-matter format shares: ``Parts``, line helpers and the fence logic.

Import these names from ``editor.core.formats``.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

from frontmatter.default_handlers import BaseHandler

from editor.core.errors import FrontMatterError

Metadata = MutableMapping[str, Any]


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
        return self.head.count("\n") + 1


def split_lines(text: str) -> list[str]:
    """Split on ``\\n`` only, keeping line ends (``str.splitlines`` also splits on
    form feeds and Unicode separators, which YAML and Markdown treat as text)."""
    return re.findall(r"[^\n]*\n|[^\n]+\Z", text)


def to_newline(text: str, newline: str) -> str:
    """Turn the ``\\n`` line ends of generated ``text`` into the file's newline."""
    return text if newline == "\n" else text.replace("\n", newline)


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

    def update(self, fm: str, metadata: Metadata, newline: str) -> str:  # pragma: no cover
        raise NotImplementedError

    def wrap(self, fm: str, newline: str) -> tuple[str, str]:
        """Fences for a post that had no front matter."""
        fence = self.START_DELIMITER or ""
        return fence + newline, fence + newline
