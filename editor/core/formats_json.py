"""Hugo-style JSON front matter, edited with member spans located in the original text."""

from __future__ import annotations

import json
import re
from typing import Any

from frontmatter.default_handlers import BaseHandler

from editor.core.errors import FrontMatterError
from editor.core.formats_base import Metadata, Parts


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
