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
import re
from dataclasses import dataclass
from typing import Any

from frontmatter.default_handlers import BaseHandler
from ruamel.yaml import YAML
from ruamel.yaml.anchor import Anchor
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    ScalarString,
    SingleQuotedScalarString,
)

from editor.core.errors import FrontMatterError
from editor.core.formats_base import FenceHandler, Metadata, Parts, split_lines, to_newline
from editor.core.formats_json import JSONHandler
from editor.core.formats_toml import TOMLHandler

__all__ = [
    "BY_NAME",
    "HANDLERS",
    "FenceHandler",
    "JSONHandler",
    "Metadata",
    "Parts",
    "TOMLHandler",
    "YAMLHandler",
    "split_lines",
    "to_newline",
]


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
            if _same_scalar(new, original[key]) or dump(key, new) == dump(key, original[key]):
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


def _same_scalar(new: Any, old: Any) -> bool:
    """Whether two values are the same scalar of the same type, so dump the same.

    Saves dumping (twice) a multi-megabyte string just to see that it did not change.
    """
    kind = type(new)
    if kind is not type(old) or not (isinstance(new, str) or kind in (int, bool)) or new != old:
        return False
    return not hasattr(new, Anchor.attrib) and not hasattr(old, Anchor.attrib)


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


HANDLERS: tuple[BaseHandler, ...] = (YAMLHandler(), TOMLHandler(), JSONHandler())
BY_NAME = {h.name: h for h in HANDLERS}  # type: ignore[attr-defined]
