"""The post model: front matter edited in place, body as text, bytes kept exact.

``Post.load(path).to_bytes()`` returns the file's bytes unchanged. Editing one
field of ``post.metadata`` rewrites only that field's lines; the body is never
touched by a metadata edit, and a body edit never touches the front matter.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

import frontmatter

from editor.core import fileio
from editor.core.errors import FrontMatterError, NotTextError, PostError, WriteError
from editor.core.fileio import TextFile
from editor.core.formats import BY_NAME, HANDLERS, Metadata, Parts

__all__ = ["Post", "PostError", "FrontMatterError", "NotTextError", "WriteError"]


def _normalize(text: str) -> str:
    return text.replace("\r\n", "\n") if "\r" in text else text


class Post:
    """A Markdown post with optional YAML, TOML or JSON front matter."""

    def __init__(
        self,
        parts: Parts,
        metadata: Metadata,
        fmt: str | None,
        textfile: TextFile,
        path: Path | None = None,
    ) -> None:
        self.path = path
        self.format = fmt
        self.metadata = metadata
        self._parts = parts
        self._file = textfile
        self._content = _normalize(parts.body)

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Post:
        """Read and parse ``path``. Raises ``NotTextError``, ``FrontMatterError`` or OSError."""
        p = Path(path)
        data = p.read_bytes()
        return cls.loads(data, path=p)

    @classmethod
    def loads(cls, data: bytes, path: str | os.PathLike[str] | None = None) -> Post:
        """Parse a post from bytes."""
        name = Path(path).name if path is not None else "This file"
        textfile = fileio.decode_bytes(data, name=name)
        return cls.from_textfile(textfile, path=Path(path) if path is not None else None)

    @classmethod
    def from_text(cls, text: str, path: str | os.PathLike[str] | None = None) -> Post:
        """A new post from text (UTF-8, newline style taken from the text)."""
        newline, mixed = fileio.detect_newline(text)
        return cls.from_textfile(
            TextFile(text=text, newline=newline, mixed_newlines=mixed),
            path=Path(path) if path is not None else None,
        )

    @classmethod
    def from_textfile(cls, textfile: TextFile, path: Path | None = None) -> Post:
        text = textfile.text
        handler = frontmatter.detect_format(text, HANDLERS)
        try:
            parts = _guarded(handler.locate, text) if handler else None  # type: ignore[attr-defined]
            if handler is None or parts is None:
                parts = Parts(head="", fm="", tail="", body=text)
                return cls(parts, BY_NAME["yaml"].load(""), None, textfile, path)
            metadata = load_front_matter(handler, parts.fm)
        except FrontMatterError as exc:
            raise _in_file(exc, handler, text, path) from exc
        return cls(parts, metadata, handler.name, textfile, path)  # type: ignore[attr-defined]

    # ------------------------------------------------------------------ access

    @property
    def content(self) -> str:
        """The body, with ``\\n`` line ends whatever the file uses."""
        return self._content

    @content.setter
    def content(self, text: str) -> None:
        self._content = text

    @property
    def encoding(self) -> str:
        return self._file.encoding

    @property
    def newline(self) -> str:
        return self._file.newline

    @property
    def front_matter_text(self) -> str:
        """The front matter as it will be written, without fences, ``\\n`` line ends."""
        return _normalize(self._current_fm())

    @front_matter_text.setter
    def front_matter_text(self, text: str) -> None:
        """Replace the front matter with ``text`` (from a source editor).

        Raises ``FrontMatterError`` (with file line numbers) and changes nothing
        when the text does not parse.
        """
        fmt = self.format or "yaml"
        handler = BY_NAME[fmt]
        raw = text.replace("\n", self.newline) if self.newline != "\n" else text
        try:
            metadata = load_front_matter(handler, raw)
        except FrontMatterError as exc:
            first = self._parts.fm_first_line if self.format else 2
            line = exc.line + first - 1 if exc.line is not None else None
            raise FrontMatterError(exc.reason, line, exc.column) from exc
        head, tail = self._parts.head, self._parts.tail
        if self.format is None:
            head, tail = handler.wrap(raw, self.newline)  # type: ignore[attr-defined]
        self._parts = Parts(head=head, fm=raw, tail=tail, body=self._parts.body)
        self.metadata = metadata
        self.format = fmt

    def has_front_matter(self) -> bool:
        return self.format is not None

    # ------------------------------------------------------------------ writing

    def _current_fm(self) -> str:
        if self.format is None:
            if not self.metadata:
                return ""
            handler = BY_NAME["yaml"]
            return fileio_newlines(handler.export(dict(self.metadata)), self.newline)
        handler = BY_NAME[self.format]
        updated: str = handler.update(self._parts.fm, self.metadata, self.newline)  # type: ignore[attr-defined]
        return updated

    def _body(self) -> str:
        if self._content == _normalize(self._parts.body):
            return self._parts.body
        if self.newline != "\n":
            return self._content.replace("\n", self.newline)
        return self._content

    def head_text(self) -> str:
        """What comes before the body in the file: the fenced front matter, if any."""
        fm = self._current_fm()
        head, tail = self._parts.head, self._parts.tail
        if self.format is None and fm:
            head, tail = BY_NAME["yaml"].wrap(fm, self.newline)  # type: ignore[attr-defined]
        return head + fm + tail

    def text_with_front_matter(self, text: str) -> str:
        """The whole file as it would be with ``text`` (``\\n`` line ends, not parsed,
        perhaps not parseable) as its front matter: what a Source edit that does not
        parse yet would make of the file."""
        if text and not text.endswith("\n"):
            text += "\n"  # the closing fence starts a line of its own
        raw = text.replace("\n", self.newline) if self.newline != "\n" else text
        head, tail = self._parts.head, self._parts.tail
        if self.format is None:
            head, tail = BY_NAME["yaml"].wrap(raw, self.newline)  # type: ignore[attr-defined]
        return head + raw + tail + self._body()

    def to_text(self) -> str:
        """The whole file as text, with the file's own newlines."""
        return self.head_text() + self._body()

    def to_bytes(self) -> bytes:
        """The whole file as bytes, in the file's encoding, BOM and newline style."""
        return self._file.encode(self.to_text())

    def save(self, path: str | os.PathLike[str] | None = None) -> Path:
        """Write the post atomically to ``path`` (default: where it was loaded from)."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise PostError("This post has no file yet; choose where to save it.")
        data = self.to_bytes()
        fileio.atomic_write(target, data)
        self.mark_saved(target, data)
        return target

    def mark_saved(self, path: Path, data: bytes) -> None:
        """Make the just-written ``data`` the new baseline for later edits."""
        saved = Post.loads(data, path=path)
        self.path = path
        self._parts = saved._parts
        self._file = saved._file
        self.format = saved.format
        self.metadata = saved.metadata
        self._content = saved._content

    def copy(self) -> Post:
        return copy.deepcopy(self)

    def __repr__(self) -> str:
        return f"<Post {self.path or '(unsaved)'} format={self.format} keys={list(self.metadata)}>"


def load_front_matter(handler: Any, fm: str) -> Any:
    """``handler.load(fm)``, with parser crashes on hostile input turned into ``FrontMatterError``."""
    return _guarded(handler.load, fm)


def _guarded(parse: Any, text: str) -> Any:
    """``parse(text)``, with parser crashes on hostile input turned into ``FrontMatterError``."""
    try:
        return parse(text)
    except FrontMatterError:
        raise
    except RecursionError as exc:
        raise FrontMatterError(
            "the front matter is nested too deeply (lists or tables inside each other hundreds of "
            "levels deep); flatten it"
        ) from exc
    except ValueError as exc:
        # Python refuses to turn numbers of more than 4,300 digits into integers.
        if "digits" in str(exc):
            raise FrontMatterError("a number has too many digits to read; put it in quotes to keep it as text") from exc
        raise FrontMatterError(f"a value cannot be read ({exc})") from exc


def fileio_newlines(text: str, newline: str) -> str:
    return text if newline == "\n" else text.replace("\n", newline)


def _in_file(exc: FrontMatterError, handler: Any, text: str, path: Path | None) -> FrontMatterError:
    """Turn a position inside the front matter into a position in the file."""
    line = exc.line
    if line is not None and handler.name != "json":
        opening = handler.OPEN.match(text)
        offset = text.count("\n", 0, opening.end()) if opening else 0
        if "never closed" not in exc.reason:
            line += offset
    error = FrontMatterError(exc.reason, line, exc.column)
    error.path = path  # type: ignore[attr-defined]
    return error
