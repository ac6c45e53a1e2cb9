"""TOML front matter (``+++`` fences) through tomlkit, a style-preserving TOML document.

``load`` gives plain Python values (str, int, float, bool, date/datetime/time,
list, dict); ``update`` merges them, key by key and table by table, into a fresh
tomlkit parse of the original text, so only what changed is rewritten.

TOML has no empty value: a key set to ``None`` is left out of the file (its
lines are removed), a ``None`` inside a table is left out of the table, and a
``None`` inside a list is an ``UnsupportedValueError``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

import tomlkit
from tomlkit.container import OutOfOrderTableProxy
from tomlkit.exceptions import ParseError as TOMLParseError
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, InlineTable, Table

from editor.core.errors import FrontMatterError
from editor.core.formats_base import (
    FenceHandler,
    Metadata,
    UnsupportedValueError,
    check_depth,
    fence_patterns,
    line_break_of,
    same_value,
    split_lines,
    unreadable_after_edit,
)


class TOMLHandler(FenceHandler):
    name = "toml"
    START_DELIMITER = END_DELIMITER = "+++"
    FM_BOUNDARY = re.compile(r"(?<![^\r\n])\+{3}[ \t]*(?=\r\n|\r|\n|\Z)")
    OPEN, CLOSE = fence_patterns("+++")
    FIELD = re.compile(r"\s*(?:[\w-]+|\"[^\"\n]*\"|'[^'\n]*')(?:[ \t]*\.[ \t]*[\w-]+)*[ \t]*=")

    def load(self, fm: str) -> Any:
        plain = _plain(_parse(_as_lf(fm)))
        check_depth(plain)
        return plain

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:
        doc = tomlkit.document()
        _merge(doc, metadata, "")
        return doc.as_string()

    def update(self, fm: str, metadata: Metadata, newline: str) -> str:
        text = _as_lf(fm)
        cr_only = text is not fm
        doc = _parse(text)
        if same_value(_plain(doc), metadata):
            return fm  # nothing changed (and tomlkit does not give back every text exactly)
        _merge(doc, metadata, "")
        out = doc.as_string()
        if out == text:
            return fm
        try:
            _parse(out)
        except FrontMatterError as exc:  # never write what cannot be read back
            raise unreadable_after_edit(exc) from exc
        if cr_only:
            return out.replace("\n", "\r")
        return _new_lines_in(newline, text, out)


def _as_lf(fm: str) -> str:
    """TOML ends lines with LF or CRLF only; a classic-Mac (CR-only) front matter is
    read with LF line ends (a lone CR is not allowed anywhere else in TOML)."""
    if "\r" in fm and "\n" not in fm:
        return fm.replace("\r", "\n")
    return fm


def _parse(text: str) -> tomlkit.TOMLDocument:
    try:
        return tomlkit.parse(text)
    except TOMLParseError as exc:
        raise FrontMatterError(_toml_message(exc), exc.line, exc.col) from exc
    except TOMLKitError as exc:
        raise FrontMatterError(f"invalid TOML ({exc})") from exc


def _new_lines_in(newline: str, before: str, after: str) -> str:
    """``after`` with proper line ends on the lines tomlkit wrote (it writes ``\\n``):
    those of the lines they replace, else the file's newline. Lines it kept from
    ``before`` keep their own line ends, whatever they are."""
    if newline == "\n" and "\r" not in before:
        return after
    old, new = split_lines(before), split_lines(after)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    out: list[str] = []
    for tag, _i1, i2, j1, j2 in matcher.get_opcodes():
        chunk = new[j1:j2]
        if tag == "equal":
            out += chunk
            continue
        local = line_break_of(old[i2 - 1]) if tag == "replace" else ""
        if not local and out:
            local = line_break_of(out[-1])
        local = local or newline
        for line in chunk:
            if line.endswith("\n") and not line.endswith("\r\n"):
                line = line[:-1] + local
            out.append(line)
    return "".join(out)


def _plain(value: Any) -> Any:
    unwrap = getattr(value, "unwrap", None)
    return unwrap() if callable(unwrap) else value


def _merge(container: Any, new: Mapping[str, Any], where: str) -> None:
    """Make tomlkit ``container`` hold ``new``, touching only the keys that differ."""
    inline = isinstance(container, InlineTable)
    for key in [k for k in container if k not in new or new[k] is None]:
        del container[key]
    for key, value in new.items():
        if value is None:
            continue
        label = f"{where}.{key}" if where else str(key)
        if key not in container:
            container[key] = _item(value, label, inline=inline)
            continue
        old = container[key]
        if same_value(_plain(old), value):
            continue
        if isinstance(value, Mapping) and isinstance(old, dict):
            if any(value.get(k) is not None for k in old):
                _merge(old, value, label)  # a table edits in place, entry by entry
                continue
            # Nothing of the old table stays (tomlkit cannot empty a dotted-key table).
            del container[key]
            container[key] = _item(value, label, inline=True)
            continue
        if isinstance(old, Table | AoT | OutOfOrderTableProxy) and not (isinstance(old, AoT) and _all_tables(value)):
            # A [table] replaced by a plain value: written where the table was, the
            # value would fall into the table before it. Re-add it as a new key.
            del container[key]
            container[key] = _item(value, label, inline=True)
            continue
        if isinstance(old, AoT):
            container[key] = [_item(v, label, inline=False) for v in value]
            continue
        restyled = _toml_restyle(value, old)
        container[key] = restyled if restyled is not None else _item(value, label, inline=True)


def _all_tables(value: Any) -> bool:
    return isinstance(value, list | tuple) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _item(value: Any, label: str, inline: bool) -> Any:
    """A value tomlkit can store; dicts inside other values become inline tables."""
    if value is None:
        raise UnsupportedValueError(f"The field '{label}' has an empty value in a list, which TOML cannot store.")
    if isinstance(value, Mapping):
        if not inline:
            return {str(k): _item(v, f"{label}.{k}", inline=False) for k, v in value.items() if v is not None}
        table = tomlkit.inline_table()
        for k, v in value.items():
            if v is not None:
                table[str(k)] = _item(v, f"{label}.{k}", inline=True)
        return table
    if isinstance(value, list | tuple):
        array = tomlkit.array()
        for v in value:
            array.append(_item(v, label, inline=True))
        return array
    try:
        return tomlkit.item(_plain(value))
    except (TOMLKitError, TypeError, ValueError) as exc:
        raise UnsupportedValueError(
            f"The field '{label}' holds a {type(value).__name__}, which TOML front matter cannot store."
        ) from exc


def _toml_restyle(new: Any, old: Any) -> Any:
    """A literal ('...') string stays literal when its new value allows it; else None."""
    if isinstance(new, str) and isinstance(old, tomlkit.items.String):
        literal = old.type in (tomlkit.items.StringType.SLL, tomlkit.items.StringType.MLL)
        if literal and "'" not in new and not re.search(r"[\x00-\x08\x0a-\x1f\x7f]", new):
            return tomlkit.string(new, literal=True)
    return None


def _toml_message(exc: TOMLParseError) -> str:
    text = str(exc)
    return re.sub(r"\s+at line \d+ col \d+$", "", text)
