"""Front-matter formats that edit text in place instead of rebuilding it.

Each handler plugs into python-frontmatter's handler mechanism (``detect``,
``split``, ``load``, ``export``) and adds what a lossless editor needs:

* ``locate(text)`` finds the exact fences, front matter and body, so nothing is
  normalised on the way in;
* ``update(fm_text, metadata, newline)`` rewrites only the lines of the keys
  whose values changed, appends new keys in the file's own style and removes
  the lines of deleted keys. Unchanged front matter is returned as is.

YAML goes through ruamel.yaml's round-trip mode (comments, key order, quoting
and flow/block style kept), TOML through tomlkit (a style-preserving TOML
document), JSON through the standard library with member spans located in the
original text.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

import tomlkit
from frontmatter.default_handlers import BaseHandler
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    ScalarString,
    SingleQuotedScalarString,
)
from tomlkit.exceptions import ParseError as TOMLParseError
from tomlkit.exceptions import TOMLKitError
from tomlkit.toml_document import TOMLDocument

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
            if not _FIELD.match(text, opening.end()):
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


# --------------------------------------------------------------------------- YAML


def _yaml(indent: tuple[int, int, int] = (2, 4, 2)) -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.allow_unicode = True
    y.width = 1 << 30  # never rewrap long strings
    y.allow_duplicate_keys = False
    mapping, sequence, offset = indent
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    return y


def _detect_yaml_indent(lines: list[str]) -> tuple[int, int, int]:
    """Guess (mapping, sequence, offset) indentation from a front matter's lines."""
    mapping = 2
    offset: int | None = None
    for prev, line in zip(lines, lines[1:], strict=False):
        if not prev.rstrip().endswith(":") or prev.lstrip().startswith("#"):
            continue
        base = len(prev) - len(prev.lstrip(" "))
        ind = len(line) - len(line.lstrip(" "))
        stripped = line.lstrip(" ")
        if stripped.startswith("- ") or stripped.rstrip("\r\n") == "-":
            if offset is None:
                offset = ind - base
        elif stripped.strip() and not stripped.startswith("#") and ind > base:
            mapping = ind - base
    if offset is None:
        offset = 2
    return mapping, offset + 2, offset


def _is_trailer(line: str) -> bool:
    """Blank and column-0 comment lines after a value belong to no key."""
    return not line.strip() or line.startswith("#")


class YAMLHandler(FenceHandler):
    name = "yaml"
    START_DELIMITER = END_DELIMITER = "---"
    FM_BOUNDARY = re.compile(r"^-{3}[ \t]*\r?$", re.MULTILINE)
    OPEN = re.compile(r"\A---[ \t]*(?:\r?\n|\r)")
    CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\r|\Z)", re.MULTILINE)

    def load(self, fm: str) -> Any:
        try:
            data = _yaml().load(fm)
        except MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or exc.context or "invalid YAML"
            line = mark.line + 1 if mark is not None else None
            column = mark.column + 1 if mark is not None else None
            raise FrontMatterError(_yaml_message(problem), line, column) from exc
        except YAMLError as exc:
            raise FrontMatterError(f"invalid YAML ({exc})") from exc
        if data is None:
            return CommentedMap()
        if not isinstance(data, CommentedMap):
            kind = "a list" if isinstance(data, list) else "a single value"
            raise FrontMatterError(f"the front matter is {kind}, not a set of 'key: value' fields", 1)
        return data

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:
        if not metadata:
            return ""
        out = io.StringIO()
        _yaml().dump(CommentedMap(metadata), out)
        return out.getvalue()

    def update(self, fm: str, metadata: Metadata, newline: str) -> str:
        original = self.load(fm)
        lines = split_lines(fm)
        yaml = _yaml(_detect_yaml_indent(lines))

        def dump(key: str, value: Any) -> str:
            out = io.StringIO()
            yaml.dump(CommentedMap([(key, value)]), out)
            dumped = split_lines(out.getvalue())
            while dumped and _is_trailer(dumped[-1]):
                dumped.pop()
            return "".join(dumped)

        if original.fa.flow_style() and original:
            # A one-line {a: 1, b: 2} front matter has no per-key lines to edit.
            if all(k in metadata and dump(k, metadata[k]) == dump(k, original[k]) for k in original) and len(
                metadata
            ) == len(original):
                return fm
            out = io.StringIO()
            yaml.dump(_restyle_map(metadata, original), out)
            return to_newline(out.getvalue(), newline)

        keys = list(original.keys())
        starts = [original.lc.key(k)[0] for k in keys]
        edits: list[tuple[int, int, str]] = []  # (first line, end line, replacement)
        for index, key in enumerate(keys):
            start = starts[index]
            end = starts[index + 1] if index + 1 < len(keys) else len(lines)
            while end > start + 1 and _is_trailer(lines[end - 1]):
                end -= 1
            if key not in metadata:
                edits.append((start, end, ""))
                continue
            new = metadata[key]
            if dump(key, new) == dump(key, original[key]):
                continue
            value = _restyle(new, original[key])
            text = dump(key, value)
            if end - start == 1:
                text = _keep_inline_comment(lines[start], text)
            edits.append((start, end, to_newline(text, newline)))

        added = [k for k in metadata if k not in original]
        if added:
            style = _house_style(original)
            text = "".join(dump(k, _restyle_new(metadata[k], style)) for k in added)
            at = len(lines)
            while at > 0 and not lines[at - 1].strip():
                at -= 1
            if at > 0 and not lines[at - 1].endswith("\n"):
                text = "\n" + text
            edits.append((at, at, to_newline(text, newline)))

        if not edits:
            return fm
        for start, end, text in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
            lines[start:end] = [text] if text else []
        return "".join(lines)


def _yaml_message(problem: str) -> str:
    messages = {
        "expected <block end>, but found": "unexpected text after a value; "
        "quote values that contain ': ', '{', '[' or '#'",
        "expected the node content, but found '<stream end>'": "a list or value is not finished "
        "(an unclosed '[', '{' or quote?)",
        "found unexpected end of stream": "a quoted value is never closed",
        "found character '\\t' that cannot start any token": "a tab is used for indentation; YAML needs spaces",
        "mapping values are not allowed here": "a ':' where YAML does not expect one; quote the value",
    }
    for raw, nice in messages.items():
        if problem.startswith(raw):
            return nice
    return problem


_COMMENT_TAIL = re.compile(r"(\s+#[^'\"\n]*)$")


def _keep_inline_comment(old_line: str, new_text: str) -> str:
    """Carry ``  # note`` at the end of a one-line value over to its new line."""
    if new_text.count("\n") != 1:
        return new_text
    match = _COMMENT_TAIL.search(old_line.rstrip("\r\n"))
    if not match:
        return new_text
    return new_text.rstrip("\n") + match.group(1) + "\n"


def _restyle(new: Any, old: Any) -> Any:
    """Give a new value the quoting and flow/block style of the value it replaces."""
    if isinstance(new, LiteralScalarString | FoldedScalarString) and "\n" not in new.rstrip("\n"):
        # ruamel carries a block style over on assignment; a one-line value reads
        # better as a plain scalar than as a one-line block.
        return str(new) + ("" if not new.endswith("\n") else "")
    if isinstance(new, str) and not isinstance(new, ScalarString):
        if isinstance(old, LiteralScalarString | FoldedScalarString):
            return type(old)(new) if "\n" in new else new
        if isinstance(old, ScalarString):
            return type(old)(new)
        return new
    if isinstance(new, list):
        quote = _item_quote(old) if isinstance(old, list) else None
        items = [
            quote(item) if quote and isinstance(item, str) and not isinstance(item, ScalarString) else item
            for item in new
        ]
        if isinstance(new, CommentedSeq):
            new[:] = items
            return new
        seq = CommentedSeq(items)
        if isinstance(old, CommentedSeq) and old.fa.flow_style():
            seq.fa.set_flow_style()
        return seq
    if isinstance(new, dict) and not isinstance(new, CommentedMap):
        return _restyle_map(new, old if isinstance(old, CommentedMap) else None)
    return new


def _item_quote(items: list[Any]) -> type[ScalarString] | None:
    """The quoting most string items of a list use (None: plain)."""
    counts: dict[type[ScalarString] | None, int] = {}
    for item in items:
        if isinstance(item, str):
            kind = type(item) if isinstance(item, DoubleQuotedScalarString | SingleQuotedScalarString) else None
            counts[kind] = counts.get(kind, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None


def _restyle_map(new: Any, old: CommentedMap | None) -> CommentedMap:
    result = CommentedMap()
    for key, value in new.items():
        result[key] = _restyle(value, old.get(key) if old is not None else None)
    if old is not None and old.fa.flow_style():
        result.fa.set_flow_style()
    return result


@dataclass(frozen=True)
class _HouseStyle:
    quote: type[ScalarString] | None
    flow_lists: bool


def _house_style(mapping: CommentedMap) -> _HouseStyle:
    """How this file writes strings and lists, by majority of its top-level values."""
    quotes: dict[type | None, int] = {}
    flow = block = 0
    for value in mapping.values():
        if isinstance(value, str):
            kind = type(value) if isinstance(value, DoubleQuotedScalarString | SingleQuotedScalarString) else None
            quotes[kind] = quotes.get(kind, 0) + 1
        elif isinstance(value, CommentedSeq):
            if value.fa.flow_style():
                flow += 1
            else:
                block += 1
    quote = max(quotes, key=lambda k: quotes[k]) if quotes else None
    return _HouseStyle(quote=quote, flow_lists=flow > block)


def _restyle_new(value: Any, style: _HouseStyle) -> Any:
    if isinstance(value, str) and not isinstance(value, ScalarString):
        if "\n" in value:
            return LiteralScalarString(value)
        return style.quote(value) if style.quote else value
    if isinstance(value, list) and not isinstance(value, CommentedSeq):
        seq = CommentedSeq(_restyle_new(v, style) for v in value)
        if style.flow_lists:
            seq.fa.set_flow_style()
        return seq
    return value


# --------------------------------------------------------------------------- TOML


class TOMLHandler(FenceHandler):
    name = "toml"
    START_DELIMITER = END_DELIMITER = "+++"
    FM_BOUNDARY = re.compile(r"^\+{3}[ \t]*\r?$", re.MULTILINE)
    OPEN = re.compile(r"\A\+\+\+[ \t]*(?:\r?\n|\r)")
    CLOSE = re.compile(r"^\+\+\+[ \t]*(?:\r?\n|\r|\Z)", re.MULTILINE)

    def load(self, fm: str) -> Any:
        try:
            return tomlkit.parse(fm)
        except TOMLParseError as exc:
            raise FrontMatterError(_toml_message(exc), exc.line, exc.col) from exc
        except TOMLKitError as exc:
            raise FrontMatterError(f"invalid TOML ({exc})") from exc

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:
        return tomlkit.dumps(metadata)

    def update(self, fm: str, metadata: Metadata, newline: str) -> str:
        original = self.load(fm)
        if isinstance(metadata, TOMLDocument):
            for key in metadata:
                if key in original and _plain(metadata[key]) != _plain(original[key]):
                    restyled = _toml_restyle(_plain(metadata[key]), original[key])
                    if restyled is not None:
                        metadata[key] = restyled
            text = metadata.as_string()
        else:
            doc = original
            for key in [k for k in doc if k not in metadata]:
                del doc[key]
            for key, value in metadata.items():
                if key not in doc:
                    doc[key] = value
                elif _plain(doc[key]) != _plain(value):
                    restyled = _toml_restyle(value, doc[key])
                    doc[key] = value if restyled is None else restyled
            text = doc.as_string()
        if text == fm:
            return fm
        return text if newline == "\n" else re.sub(r"(?<!\r)\n", newline, text)


def _plain(value: Any) -> Any:
    unwrap = getattr(value, "unwrap", None)
    return unwrap() if callable(unwrap) else value


def _toml_restyle(new: Any, old: Any) -> Any:
    """A literal ('...') string stays literal when its new value allows it; else None."""
    if isinstance(new, str) and isinstance(old, tomlkit.items.String):
        literal = old.type in (tomlkit.items.StringType.SLL, tomlkit.items.StringType.MLL)
        if literal and "'" not in new and "\n" not in new:
            return tomlkit.string(new, literal=True)
    return None


def _toml_message(exc: TOMLParseError) -> str:
    text = str(exc)
    return re.sub(r"\s+at line \d+ col \d+$", "", text)


# --------------------------------------------------------------------------- JSON


class JSONHandler(BaseHandler):
    """Hugo-style JSON front matter: an object at the very start of the file."""

    name = "json"
    START_DELIMITER = END_DELIMITER = ""
    FM_BOUNDARY = re.compile(r"\A\{(?![{%])")

    def detect(self, text: str) -> bool:
        return bool(self.FM_BOUNDARY.match(text))

    def locate(self, text: str) -> Parts:
        try:
            _, end = json.JSONDecoder().raw_decode(text)
        except json.JSONDecodeError as exc:
            raise FrontMatterError(_json_message(exc.msg), exc.lineno, exc.colno) from exc
        return Parts(head="", fm=text[:end], tail="", body=text[end:])

    def split(self, text: str) -> tuple[str, str]:
        parts = self.locate(text)
        return parts.fm, parts.body

    def load(self, fm: str) -> Any:
        try:
            data = json.loads(fm)
        except json.JSONDecodeError as exc:
            raise FrontMatterError(_json_message(exc.msg), exc.lineno, exc.colno) from exc
        if not isinstance(data, dict):
            raise FrontMatterError("the JSON front matter is not an object", 1)
        return data

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:
        return json.dumps(metadata, ensure_ascii=False, indent=2, default=str)

    def wrap(self, fm: str, newline: str) -> tuple[str, str]:
        return "", newline

    def update(self, fm: str, metadata: Metadata, newline: str) -> str:
        original = self.load(fm)
        members = _json_members(fm)
        unit = _json_indent_unit(fm, members)
        edits: list[tuple[int, int, str]] = []
        for i, (key, key_start, value_start, value_end) in enumerate(members):
            if key not in metadata:
                if i > 0:
                    edits.append((members[i - 1][3], value_end, ""))
                elif len(members) > 1:
                    edits.append((key_start, members[1][1], ""))
                else:
                    close = fm.rindex("}")
                    edits.append((fm.index("{") + 1, close, ""))
                continue
            if metadata[key] == original.get(key):
                continue
            old_text = fm[value_start:value_end]
            indent = _line_indent(fm, key_start)
            edits.append((value_start, value_end, _json_value(metadata[key], "\n" in old_text, unit, indent, newline)))
        added = [k for k in metadata if k not in original]
        if added:
            if members:
                indent = _line_indent(fm, members[-1][1])
                at = members[-1][3]
                pieces = ""
                for key in added:
                    value = _json_value(metadata[key], False, unit, indent, newline)
                    pieces += f",{newline}{indent}{json.dumps(key, ensure_ascii=False)}: {value}"
            else:
                indent = unit
                at = fm.index("{") + 1
                entries = [
                    f"{indent}{json.dumps(k, ensure_ascii=False)}: "
                    f"{_json_value(metadata[k], False, unit, indent, newline)}"
                    for k in added
                ]
                pieces = newline + ("," + newline).join(entries) + newline
            edits.append((at, at, pieces))
        if not edits:
            return fm
        text = fm
        for start, end, replacement in sorted(edits, reverse=True):
            text = text[:start] + replacement + text[end:]
        return text


def _json_message(msg: str) -> str:
    if msg.startswith("Expecting property name"):
        return "expected a quoted field name (is there a trailing comma or a template tag?)"
    return msg[0].lower() + msg[1:] if msg else "invalid JSON"


def _json_members(text: str) -> list[tuple[str, int, int, int]]:
    """(key, key start, value start, value end) of each member of the top-level object."""
    decoder = json.JSONDecoder()
    ws = re.compile(r"\s*")
    members: list[tuple[str, int, int, int]] = []
    i = ws.match(text, text.index("{") + 1).end()  # type: ignore[union-attr]
    while i < len(text) and text[i] != "}":
        key_start = i
        key, i = json.decoder.scanstring(text, i + 1)  # type: ignore[attr-defined]
        i = ws.match(text, i).end() + 1  # type: ignore[union-attr]  # skip ':'
        value_start = ws.match(text, i).end()  # type: ignore[union-attr]
        _, value_end = decoder.raw_decode(text, value_start)
        members.append((key, key_start, value_start, value_end))
        i = ws.match(text, value_end).end()  # type: ignore[union-attr]
        if i < len(text) and text[i] == ",":
            i = ws.match(text, i + 1).end()  # type: ignore[union-attr]
    return members


def _line_indent(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    return re.match(r"[ \t]*", text[start:pos]).group(0)  # type: ignore[union-attr]


def _json_indent_unit(text: str, members: list[tuple[str, int, int, int]]) -> str:
    if members:
        unit = _line_indent(text, members[0][1])
        if unit:
            return unit
    return "  "


def _json_value(value: Any, multiline: bool, unit: str, indent: str, newline: str) -> str:
    if multiline and isinstance(value, dict | list) and value:
        dumped = json.dumps(value, ensure_ascii=False, indent=unit)
        return dumped.replace("\n", newline + indent)
    return json.dumps(value, ensure_ascii=False)


HANDLERS: tuple[BaseHandler, ...] = (YAMLHandler(), TOMLHandler(), JSONHandler())
BY_NAME = {h.name: h for h in HANDLERS}  # type: ignore[attr-defined]
