"""Front-matter formats that edit text in place instead of rebuilding it.

Each handler plugs into python-frontmatter's handler mechanism (``detect``,
``split``, ``load``, ``export``) and adds what a lossless editor needs:

* ``locate(text)`` finds the exact fences, front matter and body, so nothing is
  normalised on the way in;
* ``load_with_duplicates(fm)`` gives the values and the top-level keys written
  more than once (the last one counts, as in Jekyll and Hugo);
* ``update(fm_text, metadata, newline)`` rewrites only the lines of the keys
  whose values changed, appends new keys in the file's own style and removes
  the lines of deleted keys. Unchanged front matter is returned as is.

YAML goes through ruamel.yaml's round-trip mode (comments, key order, quoting
and flow/block style kept), TOML through tomlkit (a style-preserving TOML
document), JSON through the standard library with member spans located in the
original text. Every one of them cuts text into lines the same way
(``formats_base``: ``\\r\\n``, lone ``\\r`` and ``\\n`` end a line).

Where ruamel.yaml is stricter than libyaml (what Jekyll reads with) in ways real
posts trip over, the YAML reader here follows libyaml: tabs may separate a value
from what follows it on its line, a key written twice keeps its last value, and
an impossible date (``2021-02-30``) is text rather than an error.
"""

from __future__ import annotations

import io
import re
import threading
from collections import Counter
from typing import Any

from frontmatter.default_handlers import BaseHandler
from ruamel.yaml import YAML
from ruamel.yaml.anchor import Anchor
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from editor.core.formats_base import (
    LINE_BREAK,
    MAX_DEPTH,
    FenceHandler,
    Metadata,
    Parts,
    UnsupportedValueError,
    count_line_breaks,
    fence_patterns,
    is_invalid_date,
    line_break_of,
    line_col,
    same_value,
    split_lines,
    to_lf,
    to_newline,
)
from editor.core.formats_json import JSONHandler
from editor.core.formats_toml import TOMLHandler
from editor.core.formats_yaml import (
    UNEDITABLE,
    detect_indent,
    is_plain_key,
    is_trailer,
    parse_yaml,
    round_trip_yaml,
)
from editor.core.formats_yaml_merge import keep_file_spelling
from editor.core.formats_yaml_write import (
    COMMENT_TAIL,
    HouseStyle,
    Spill,
    after_kept_blanks,
    dump_all,
    dump_one,
    harden,
    house_style,
    indent_lines,
    is_same,
    is_same_scalar,
    keep_anchor,
    keep_inline_comment,
    keeps_trailing_breaks,
    readable,
    restyle,
    restyle_map,
    restyle_new,
    retag,
    tail_spills,
)

__all__ = [
    "BY_NAME",
    "HANDLERS",
    "LINE_BREAK",
    "MAX_DEPTH",
    "FenceHandler",
    "JSONHandler",
    "Metadata",
    "Parts",
    "TOMLHandler",
    "UnsupportedValueError",
    "YAMLHandler",
    "count_line_breaks",
    "is_invalid_date",
    "line_break_of",
    "line_col",
    "same_value",
    "split_lines",
    "to_lf",
    "to_newline",
]


# --------------------------------------------------------------------------- YAML reader


# --------------------------------------------------------------------------- YAML writer


class YAMLHandler(FenceHandler):
    name = "yaml"
    START_DELIMITER = END_DELIMITER = "---"
    FM_BOUNDARY = re.compile(r"(?<![^\r\n])-{3}[ \t]*(?=\r\n|\r|\n|\Z)")
    OPEN, CLOSE = fence_patterns("---", r"---|\.\.\.")

    def load(self, fm: str) -> Any:
        return parse_yaml(fm).data

    def load_with_duplicates(self, fm: str) -> tuple[Any, list[str]]:
        parsed = parse_yaml(fm)
        return parsed.data, [str(k) for k in parsed.duplicates]

    def quick_load(self, fm: str) -> dict[str, Any] | None:
        """The values as ``load`` reads them, as plain Python objects, read by the C
        parser; or None where that could differ from ``load`` (see ``_quick_yaml``)."""
        return _quick_yaml(fm)

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:
        if not metadata:
            return ""
        out = io.StringIO()
        try:
            round_trip_yaml().dump(CommentedMap((k, harden(v)) for k, v in metadata.items()), out)
        except YAMLError as exc:
            raise UnsupportedValueError(f"A field cannot be written as YAML ({exc}).") from exc
        return out.getvalue()

    def update(self, fm: str, metadata: Metadata, newline: str, style: HouseStyle | None = None) -> str:
        """``fm`` with ``metadata``'s changes; new keys in the file's style (what the file does
        not show, such as how it writes lists, from ``style``: the site's)."""
        parsed = parse_yaml(fm)
        original = parsed.data
        lines = split_lines(fm)
        yaml = round_trip_yaml(detect_indent(lines))

        def dump(key: Any, value: Any, spills: list[Spill] | None = None) -> str:
            return dump_one(yaml, key, value, spills)

        if parsed.flow:
            # A one-line {a: 1, b: 2} front matter has no per-key lines to edit.
            if dump_all(yaml, metadata) == dump_all(yaml, original):
                return fm
            restyled = restyle_map(metadata, original)
            restyled.fa.set_flow_style()
            return readable(fm, to_newline(dump_all(yaml, harden(restyled)), newline))

        entries = parsed.entries
        last: dict[Any, int] = {}
        for index, entry in enumerate(entries):
            if entry.key is not UNEDITABLE:
                last[entry.key] = index
        edits: list[tuple[int, int, str]] = []  # (first line, end line, replacement)
        for index, entry in enumerate(entries):
            key = entry.key
            if key is UNEDITABLE:
                continue
            start = entry.line
            end = entries[index + 1].line if index + 1 < len(entries) else len(lines)
            nxt = end
            while end > start + 1 and is_trailer(lines[end - 1]):
                end -= 1
            if index == last[key] and keeps_trailing_breaks(original[key]):
                # The blank lines after a `|+` block are its content, not trailers.
                end_line, end_col = entry.value_end
                end = max(end, min(nxt, end_line + (1 if end_col else 0)))
            if key not in metadata:
                if after_kept_blanks(entries, index, last, metadata, original):
                    # Blank lines left here would join the `|+` block before: they go too.
                    while end < nxt and not lines[end].strip(" \t\r\n"):
                        end += 1
                edits.append((start, end, ""))  # every occurrence of a deleted key goes
                continue
            if index != last[key]:
                continue  # an earlier occurrence of a key written twice: the last one counts
            new, old = metadata[key], original[key]
            if is_same_scalar(new, old):
                continue
            spills = tail_spills(old)
            before = dump(key, old, spills)
            if dump(key, new, spills) == before:
                continue
            value = keep_anchor(retag(restyle(new, old), old, entry.bang), old)
            text = dump(key, value, spills)
            if text == before:
                continue
            if entry.column == 0:
                text = keep_file_spelling(yaml, lines[start:end], before, text)
            if end - start == 1 and text.count("\n") == 1 and not COMMENT_TAIL.search(text.rstrip("\n")):
                text = keep_inline_comment(lines[start], text)
            text = indent_lines(text, entry.column)
            # The new lines end as the lines they replace (a mixed file stays as mixed as it was).
            edits.append((start, end, to_newline(text, line_break_of(lines[end - 1]) or newline)))

        addition = _addition(entries, original, lines, metadata, last, dump, newline, style)
        if addition is not None:
            edits.append(addition)

        if not edits:
            return fm
        for start, end, text in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
            lines[start:end] = [text] if text else []
        uses = Counter(id(v) for v in original.values() if isinstance(v, dict | list) or hasattr(v, Anchor.attrib))
        aliased = frozenset(k for k, v in original.items() if uses[id(v)] > 1)  # an anchor and its aliases
        return readable(fm, "".join(lines), metadata, aliased)


def _addition(
    entries: list[Any],
    original: Any,
    lines: list[str],
    metadata: Metadata,
    last: dict[Any, int],
    dump: Any,
    newline: str,
    site_style: HouseStyle | None = None,
) -> tuple[int, int, str] | None:
    """The edit that writes the keys the front matter does not have yet, in its house
    style, after its last field (and after a last ``|+`` block's kept blank lines)."""
    added = [
        k
        for k in metadata
        if is_plain_key(k) and k not in last and not (k in original and is_same(metadata[k], original[k]))
    ]
    if not added:
        return None
    style = house_style(original, site_style)
    text = "".join(dump(k, restyle_new(metadata[k], style, k)) for k in added)
    text = indent_lines(text, entries[0].column if entries else 0)
    at = len(lines)
    while at > 0 and not lines[at - 1].strip(" \t\r\n"):
        at -= 1
    final = entries[-1] if entries else None
    if final is not None and final.key is not UNEDITABLE and keeps_trailing_breaks(original.get(final.key)):
        end_line, end_col = final.value_end
        at = max(at, min(len(lines), end_line + (1 if end_col else 0)))
    local = line_break_of(lines[at - 1]) if at > 0 else ""
    if at > 0 and not local:
        text = "\n" + text
    return (at, at, to_newline(text, local or newline))


def _same_in(key: Any, metadata: Metadata, original: Any) -> bool:
    return key in original and is_same(metadata[key], original[key])


_QUICK_REFUSES = re.compile(r"[!&*\t\r\x85\u2028\u2029\ufeff]|<<|^%", re.MULTILINE)
"""What the quick reader leaves to the full one: tags, anchors and aliases, merge keys,
directives, tabs and the line breaks our line model treats on purpose."""
_QUICK_LIMIT = 64 * 1024
_QUICK_BRACKETS = 64


def _quick_yaml(fm: str) -> dict[str, Any] | None:
    """Front matter read by ruamel's safe loader (libyaml's C parser when
    ``ruamel.yaml.clib`` is installed, with the same YAML 1.2 resolver as the
    round-trip loader), for reading a whole site quickly. None, so that the caller
    reads it fully, for anything where the two could disagree: a key written twice,
    an impossible date, a tag, an anchor, a merge key, a tab, a lone ``\r``, deep
    nesting, a very long front matter, keys that are not text, or any error."""
    if len(fm) > _QUICK_LIMIT or _QUICK_REFUSES.search(fm):
        return None
    if fm.count("[") + fm.count("{") > _QUICK_BRACKETS:
        return None
    reader = getattr(_QUICK, "yaml", None)
    if reader is None:
        reader = _QUICK.yaml = _QuickYAML()  # one per thread: a YAML object is not shareable
    try:
        data = reader.load(fm)
    except Exception:  # noqa: BLE001 - any doubt: the full reader decides and explains
        return None
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        return None
    return data


class _QuickYAML(YAML):
    def __init__(self) -> None:
        super().__init__(typ="safe", pure=False)
        self.allow_duplicate_keys = False


_QUICK = threading.local()


HANDLERS: tuple[BaseHandler, ...] = (YAMLHandler(), TOMLHandler(), JSONHandler())
BY_NAME = {h.name: h for h in HANDLERS}  # type: ignore[attr-defined]
