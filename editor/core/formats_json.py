"""Hugo-style JSON front matter, edited with member spans located in the original text."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from frontmatter.default_handlers import BaseHandler

from editor.core.errors import FrontMatterError
from editor.core.formats_base import (
    Metadata,
    Parts,
    UnsupportedValueError,
    check_depth,
    line_break_at,
    line_col,
    line_start,
    same_value,
    unreadable_after_edit,
)


class _Member(NamedTuple):
    key: str
    key_start: int
    value_start: int
    value_end: int


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
            raise _error(exc) from exc
        return Parts(head="", fm=text[:end], tail="", body=text[end:])

    def split(self, text: str) -> tuple[str, str]:
        parts = self.locate(text)
        return parts.fm, parts.body

    def load(self, fm: str) -> Any:
        return self.load_with_duplicates(fm)[0]

    def load_with_duplicates(self, fm: str) -> tuple[Any, list[str]]:
        objects: list[list[tuple[str, Any]]] = []

        def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
            objects.append(pairs)
            return dict(pairs)  # a key written twice keeps its last value, as in Hugo

        try:
            data = json.loads(fm, object_pairs_hook=pairs_hook)
        except json.JSONDecodeError as exc:
            raise _error(exc) from exc
        if not isinstance(data, dict):
            raise FrontMatterError("the JSON front matter is not an object", 1)
        check_depth(data)
        twice: list[str] = []
        seen: set[str] = set()
        for key, _ in objects[-1]:  # the outermost object is completed last
            if key in seen and key not in twice:
                twice.append(key)
            seen.add(key)
        return data, twice

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:
        return _dumps(metadata, "", indent="  ")

    def wrap(self, fm: str, newline: str) -> tuple[str, str]:
        return "", newline

    def update(self, fm: str, metadata: Metadata, newline: str) -> str:
        original = self.load(fm)
        members = _json_members(fm)
        unit = _json_indent_unit(fm, members)
        last = {m.key: i for i, m in enumerate(members)}
        kept = [i for i, m in enumerate(members) if m.key in metadata]
        edits: list[tuple[int, int, str]] = []

        for key, i in last.items():  # a key written twice: only its last occurrence counts
            if key not in metadata or same_value(metadata[key], original.get(key)):
                continue
            m = members[i]
            multiline = "\n" in fm[m.value_start : m.value_end] or "\r" in fm[m.value_start : m.value_end]
            indent = _line_indent(fm, m.key_start)
            local = line_break_at(fm, m.key_start) or newline
            edits.append((m.value_start, m.value_end, _json_value(metadata[key], key, multiline, unit, indent, local)))

        last_kept = kept[-1] if kept else None
        for i, m in enumerate(members):
            if m.key in metadata:
                continue
            if last_kept is not None and i < last_kept:
                # The member, its comma and the space up to the next member go.
                edits.append((m.key_start, members[i + 1].key_start, ""))
        trailing = last_kept is None or any(m.key not in metadata for m in members[last_kept + 1 :])

        added = [k for k in metadata if k not in original]
        if last_kept is None:
            # Nothing of the old object is left: write its inside afresh.
            if members or added:
                inside = ""
                if added:
                    entries = [
                        f"{unit}{_dump_key(k)}: {_json_value(metadata[k], k, False, unit, unit, newline)}"
                        for k in added
                    ]
                    inside = newline + ("," + newline).join(entries) + newline
                edits.append((fm.index("{") + 1, fm.rindex("}"), inside))
        else:
            anchor = members[last_kept].value_end
            if trailing:
                edits.append((anchor, members[-1].value_end, ""))
            if added:
                indent = _line_indent(fm, members[last_kept].key_start)
                newline = line_break_at(fm, members[last_kept].key_start) or newline
                before = members[last_kept - 1].value_end if last_kept > 0 else fm.index("{") + 1
                one_line = not re.search(r"[\r\n]", fm[before : members[last_kept].key_start])
                sep = ", " if one_line else f",{newline}{indent}"
                pieces = ""
                for key in added:
                    value = _json_value(metadata[key], key, False, unit, indent, newline)
                    pieces += f"{sep}{_dump_key(key)}: {value}"
                edits.append((anchor, anchor, pieces))
        if not edits:
            return fm
        text = fm
        for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
            text = text[:start] + replacement + text[end:]
        try:
            self.load(text)
        except FrontMatterError as exc:  # never write what cannot be read back
            raise unreadable_after_edit(exc) from exc
        return text


def _error(exc: json.JSONDecodeError) -> FrontMatterError:
    line, column = line_col(exc.doc, exc.pos)
    return FrontMatterError(_json_message(exc.msg), line, column)


def _json_message(msg: str) -> str:
    if msg.startswith("Expecting property name"):
        return "expected a quoted field name (is there a trailing comma or a template tag?)"
    return msg[0].lower() + msg[1:] if msg else "invalid JSON"


_WS = re.compile(r"[ \t\n\r]*")  # JSON's whitespace


def _skip_ws(text: str, i: int) -> int:
    match = _WS.match(text, i)
    return match.end() if match else i


def _json_members(text: str) -> list[_Member]:
    """(key, key start, value start, value end) of each member of the top-level object."""
    decoder = json.JSONDecoder()
    members: list[_Member] = []
    i = _skip_ws(text, text.index("{") + 1)
    while i < len(text) and text[i] != "}":
        key_start = i
        key, i = json.decoder.scanstring(text, i + 1)  # type: ignore[attr-defined]
        i = _skip_ws(text, i) + 1  # skip ':'
        value_start = _skip_ws(text, i)
        _, value_end = decoder.raw_decode(text, value_start)
        members.append(_Member(key, key_start, value_start, value_end))
        i = _skip_ws(text, value_end)
        if i < len(text) and text[i] == ",":
            i = _skip_ws(text, i + 1)
    return members


def _line_indent(text: str, pos: int) -> str:
    start = line_start(text, pos)
    return re.match(r"[ \t]*", text[start:pos]).group(0)  # type: ignore[union-attr]


def _json_indent_unit(text: str, members: list[_Member]) -> str:
    if members:
        unit = _line_indent(text, members[0].key_start)
        if unit:
            return unit
    return "  "


def _dump_key(key: Any) -> str:
    return json.dumps(str(key), ensure_ascii=False)


def _plain(value: Any, key: Any) -> Any:
    """What JSON can hold: dates and times as ISO 8601 text, as Hugo reads them."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise UnsupportedValueError(f"The field '{key}' is {value}, which JSON cannot store; use a number.")
        return value
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v, key) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v, key) for v in value]
    unwrap = getattr(value, "unwrap", None)  # a tomlkit item
    if callable(unwrap):
        return _plain(unwrap(), key)
    inner = getattr(value, "value", None)  # a ruamel TaggedScalar
    if isinstance(inner, str):
        return inner
    raise UnsupportedValueError(
        f"The field '{key}' holds a {type(value).__name__}, which JSON front matter cannot store."
    )


def _dumps(value: Any, key: Any, indent: str | None = None) -> str:
    return json.dumps(_plain(value, key), ensure_ascii=False, indent=indent, allow_nan=False)


def _json_value(value: Any, key: Any, multiline: bool, unit: str, indent: str, newline: str) -> str:
    if multiline and isinstance(value, dict | list) and value:
        dumped = _dumps(value, key, indent=unit)
        return dumped.replace("\n", newline + indent)
    return _dumps(value, key)
