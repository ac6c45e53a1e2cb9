"""The post model: front matter edited in place, body as text, bytes kept exact.

``Post.load(path).to_bytes()`` returns the file's bytes unchanged. Editing one
field of ``post.metadata`` rewrites only that field's lines; the body is never
touched by a metadata edit, and a body edit never touches the front matter.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

import frontmatter

from editor.core import fileio, fileio_write
from editor.core.errors import FrontMatterError, NotTextError, PostError, WriteError
from editor.core.fileio import TextFile
from editor.core.formats import (
    BY_NAME,
    HANDLERS,
    Metadata,
    Parts,
    UnsupportedValueError,
    count_line_breaks,
    is_invalid_date,
    to_lf,
    to_newline,
)
from editor.core.formats_yaml_write import HouseStyle

__all__ = ["Post", "PostError", "FrontMatterError", "NotTextError", "UnsupportedValueError", "WriteError"]


class Post:
    """A Markdown post with optional YAML, TOML or JSON front matter."""

    def __init__(
        self,
        parts: Parts,
        metadata: Metadata,
        fmt: str | None,
        textfile: TextFile,
        path: Path | None = None,
        duplicates: Sequence[str] = (),
    ) -> None:
        self.path = path
        self.format = fmt
        self.metadata = metadata
        self._parts = parts
        self._file = textfile
        self._duplicates = list(duplicates)
        self._content = to_lf(parts.body, textfile.newline)
        self.read_quickly = False  # see peek()
        self.style_hint: HouseStyle | None = None  # how the post's site writes YAML, for what the file does not show
        self._remember()

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Post:
        """Read and parse ``path``. Raises ``NotTextError``, ``FrontMatterError`` or OSError."""
        p = Path(path)
        data = fileio.read_file_bytes(p)  # regular files only, size-limited: a FIFO never blocks
        return cls.loads(data, path=p)

    @classmethod
    def peek(cls, path: str | os.PathLike[str]) -> Post:
        """Read ``path`` to look at, not to edit (checking a whole site): YAML front
        matter is read by the quick C reader when it reads it exactly as ``load``
        would, else as ``load`` does. The values are then plain ``dict``/``list``/``str``;
        the post writes back only unedited (``to_bytes`` raises ``PostError`` after an
        edit). ``read_quickly`` says which reader it was."""
        p = Path(path)
        return cls.peeks(fileio.read_file_bytes(p), path=p)

    @classmethod
    def peeks(cls, data: bytes, path: str | os.PathLike[str] | None = None) -> Post:
        """``peek`` from bytes."""
        p = Path(path) if path is not None else None
        textfile = fileio.decode_bytes(data, name=p.name if p is not None else "This file")
        text = textfile.text
        handler = frontmatter.detect_format(text, HANDLERS)
        if handler is not None and getattr(handler, "name", None) == "yaml":
            try:
                parts = _guarded(handler.locate, text)  # type: ignore[attr-defined]
            except FrontMatterError:
                parts = None
            metadata = handler.quick_load(parts.fm) if parts is not None else None  # type: ignore[attr-defined]
            if parts is not None and metadata is not None:
                post = cls(parts, metadata, "yaml", textfile, p)
                post.read_quickly = True
                return post
        return cls.from_textfile(textfile, path=p)

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
            metadata, duplicates = _guarded(handler.load_with_duplicates, parts.fm)  # type: ignore[attr-defined]
        except FrontMatterError as exc:
            raise _in_file(exc, handler, text, path) from exc
        return cls(parts, metadata, handler.name, textfile, path, duplicates)  # type: ignore[attr-defined]

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
    def encoding_label(self) -> str:
        """The encoding as the status bar names it (``UTF-8``, ``UTF-8 with BOM``…)."""
        return self._file.encoding_label

    @property
    def duplicate_keys(self) -> list[str]:
        """Top-level keys the front matter writes more than once (in the order they
        first repeat). ``metadata[key]`` is the last value, as Jekyll and Hugo read it;
        setting it rewrites the last occurrence, deleting it removes every one."""
        return [k for k in self._duplicates if k in self.metadata]

    @property
    def file_warnings(self) -> tuple[str, ...]:
        """What reading the file found worth telling the author (stray bytes kept)."""
        return self._file.warnings

    @property
    def invalid_dates(self) -> list[str]:
        """Top-level keys whose value is text written like a date or date-time that
        names none (``2021-02-30``, ``2020-13-08T00:06:56-07:00``). Such a value is a
        ``str`` in ``metadata`` and round-trips as written."""
        return [str(k) for k, v in self.metadata.items() if isinstance(v, str) and is_invalid_date(v)]

    def key_for(self, name: str) -> str | None:
        """The post's own key for the field ``name`` (``Title`` for ``title``), see ``keys.find_key``."""
        from editor.core.keys import find_key

        return find_key(self.metadata, name)

    @property
    def front_matter_text(self) -> str:
        """The front matter as it will be written, without fences, ``\\n`` line ends."""
        return to_lf(self._current_fm(), self.newline)

    @front_matter_text.setter
    def front_matter_text(self, text: str) -> None:
        """Replace the front matter with ``text`` (from a source editor).

        Raises ``FrontMatterError`` (with file line numbers) and changes nothing
        when the text does not parse.
        """
        fmt = self.format or "yaml"
        handler = BY_NAME[fmt]
        raw = to_newline(text, self.newline)
        try:
            metadata, duplicates = _guarded(handler.load_with_duplicates, raw)  # type: ignore[attr-defined]
        except FrontMatterError as exc:
            first = self._parts.fm_first_line if self.format else 2
            line = exc.line + first - 1 if exc.line is not None else None
            raise FrontMatterError(exc.reason, line, exc.column) from exc
        head, tail = self._parts.head, self._parts.tail
        if self.format is None:
            head, tail = self._fences(raw, self._parts.body)
        self._parts = Parts(head=head, fm=raw, tail=tail, body=self._parts.body)
        self.metadata = metadata
        self._duplicates = list(duplicates)
        self.format = fmt
        self.read_quickly = False
        self._remember()

    def has_front_matter(self) -> bool:
        return self.format is not None

    # ------------------------------------------------------------------ writing

    def _remember(self) -> None:
        """Note the front matter as read, so an unedited post is written back without
        asking the handler to compare every value again (which parses and dumps)."""
        self._pristine = _fingerprint(self.metadata) if self.format is not None else None

    def _current_fm(self) -> str:
        if self._pristine is not None and self.format is not None and _fingerprint(self.metadata) == self._pristine:
            return self._parts.fm  # (a None fingerprint never matches: _pristine is None then)
        if self.read_quickly:
            raise PostError("This post was read to be checked, not edited; open it to change it.")
        if self.format is None:
            if not self.metadata:
                return ""
            handler = BY_NAME["yaml"]
            return to_newline(_writing(handler.export, dict(self.metadata)), self.newline)
        handler = BY_NAME[self.format]
        if self.style_hint is not None and self.format == "yaml":
            return str(_writing(handler.update, self._parts.fm, self.metadata, self.newline, self.style_hint))  # type: ignore[attr-defined]
        updated: str = _writing(handler.update, self._parts.fm, self.metadata, self.newline)  # type: ignore[attr-defined]
        return updated

    def _body(self) -> str:
        if self._content == to_lf(self._parts.body, self.newline):
            return self._parts.body
        return to_newline(self._content, self.newline)

    def head_text(self) -> str:
        """What comes before the body in the file: the fenced front matter, if any."""
        fm = self._current_fm()
        head, tail = self._parts.head, self._parts.tail
        if self.format is None and fm:
            head, tail = self._fences(fm, self._body())
        return head + fm + tail

    def text_with_front_matter(self, text: str) -> str:
        """The whole file as it would be with ``text`` (``\\n`` line ends, not parsed,
        perhaps not parseable) as its front matter: what a Source edit that does not
        parse yet would make of the file."""
        if text and not text.endswith("\n"):
            text += "\n"  # the closing fence starts a line of its own
        raw = to_newline(text, self.newline)
        head, tail = self._parts.head, self._parts.tail
        body = self._body()
        if self.format is None:
            head, tail = self._fences(raw, body)
        return head + raw + tail + body

    def _fences(self, fm: str, body: str) -> tuple[str, str]:
        """The ``---`` lines around new front matter for a post that had none."""
        head, tail = BY_NAME["yaml"].wrap(fm, self.newline)  # type: ignore[attr-defined]
        if tail.endswith("\r") and body.startswith("\n"):
            tail += "\n"  # "\r" + "\n" would read as one CRLF and take the body's first line end
        return head, tail

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
        fileio_write.atomic_write(target, data)
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
        self._duplicates = saved._duplicates
        self._content = saved._content
        self._pristine = saved._pristine
        self.read_quickly = False

    def copy(self) -> Post:
        return copy.deepcopy(self)

    def __repr__(self) -> str:
        return f"<Post {self.path or '(unsaved)'} format={self.format} keys={list(self.metadata)}>"


def load_front_matter(handler: Any, fm: str) -> Any:
    """``handler.load(fm)``, with parser crashes on hostile input turned into ``FrontMatterError``."""
    return _guarded(handler.load, fm)


def _guarded(parse: Any, text: str) -> Any:
    """``parse(text)``, with parser crashes on hostile input turned into ``FrontMatterError``.

    The parsers are third-party code meeting arbitrary input: whatever they raise
    reaches the author as a ``FrontMatterError``, never as a traceback.
    """
    try:
        return parse(text)
    except PostError:
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
    except Exception as exc:  # noqa: BLE001 - see the docstring
        raise FrontMatterError(f"the front matter cannot be read ({type(exc).__name__}: {exc})") from exc


class _NoFingerprint(Exception):
    pass


FINGERPRINT_NODES = 20_000


def _fingerprint(value: Any) -> Any:
    """What decides how ``value`` is written: its type, its value, and the style ruamel
    keeps on it (quoting, flow style, anchor, a timestamp's form). Two values with the
    same fingerprint write the same text. Objects are compared by their state
    (``__dict__``), so a tagged scalar edited in place is seen. None (no shortcut) for
    front matter that holds a set, shares a value between keys (aliases: a billion
    laughs) or is very large."""
    try:
        return _print(value, set(), [FINGERPRINT_NODES])
    except _NoFingerprint:
        return None


def _print(value: Any, seen: set[int], budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise _NoFingerprint
    kind = type(value)
    if isinstance(value, AbstractSet):  # a !!set: no order to compare by, and edited in place
        raise _NoFingerprint
    if isinstance(value, Mapping | list | tuple):
        if id(value) in seen:  # the same container twice: an alias
            raise _NoFingerprint
        seen.add(id(value))
        style = value.fa.flow_style() if hasattr(value, "fa") else None
        if isinstance(value, Mapping):
            items = tuple((type(k), k, _print(v, seen, budget)) for k, v in value.items())
        else:
            items = tuple(_print(v, seen, budget) for v in value)
        return (kind, style, _anchor(value), items)
    if kind in (str, int, bool, float) or value is None:
        return (kind, value)
    extra = getattr(value, "__dict__", None)
    return (kind, value, _anchor(value), repr(sorted(extra.items())) if extra else None)


def _anchor(value: Any) -> Any:
    anchor = getattr(value, "_yaml_anchor", None)
    return None if anchor is None else (anchor.value, anchor.always_dump)


def _writing(write: Any, *args: Any) -> Any:
    """``write(*args)`` (a handler's update or export), with any failure to write a value
    turned into a ``PostError`` that says so: saving fails cleanly, the file is untouched."""
    try:
        return write(*args)
    except PostError:
        raise
    except RecursionError as exc:
        raise UnsupportedValueError("A field is nested too deeply to be written; flatten it.") from exc
    except Exception as exc:  # noqa: BLE001 - a value the format cannot hold must not crash a save
        raise UnsupportedValueError(f"The front matter cannot be written ({type(exc).__name__}: {exc}).") from exc


def fileio_newlines(text: str, newline: str) -> str:
    return to_newline(text, newline)


def _in_file(exc: FrontMatterError, handler: Any, text: str, path: Path | None) -> FrontMatterError:
    """Turn a position inside the front matter into a position in the file."""
    line = exc.line
    if line is not None and handler.name != "json":
        opening = handler.OPEN.match(text)
        offset = count_line_breaks(text, 0, opening.end()) if opening else 0
        if "never closed" not in exc.reason:
            line += offset
    error = FrontMatterError(exc.reason, line, exc.column)
    error.path = path  # type: ignore[attr-defined]
    return error
