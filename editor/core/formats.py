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

import copy
import datetime as dt
import io
import re
import threading
from dataclasses import dataclass, field
from typing import Any

from frontmatter.default_handlers import BaseHandler
from ruamel.yaml import YAML
from ruamel.yaml.anchor import Anchor
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode
from ruamel.yaml.scalarbool import ScalarBoolean
from ruamel.yaml.scalarint import ScalarInt
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    PlainScalarString,
    ScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.scanner import RoundTripScanner, ScannerError
from ruamel.yaml.tag import Tag
from ruamel.yaml.tokens import CommentToken

from editor.core.errors import FrontMatterError
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
    nested_too_deeply,
    same_value,
    split_lines,
    strip_line_break,
    to_lf,
    to_newline,
)
from editor.core.formats_json import JSONHandler
from editor.core.formats_toml import TOMLHandler

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


class _TooDeep(ScannerError):
    pass


class _Scanner(RoundTripScanner):
    """ruamel's round-trip scanner, with libyaml's reading of tabs and a depth limit."""

    def scan_to_next_token(self) -> Any:
        # libyaml lets tabs separate tokens wherever a simple key cannot start
        # (after a value, a ':' or a ']'), so `title: x\t` and `key:\tvalue` read;
        # ruamel refuses every tab outside flow collections. A tab at the start of
        # a line (indentation) stays an error in both.
        if not self.flow_level and not self.allow_simple_key:
            srp = self.reader.peek
            while srp() in " \t":
                self.reader.forward()
        return super().scan_to_next_token()

    def scan_plain_spaces(self, indent: Any, start_mark: Any) -> Any:
        # Blanks inside or after a plain scalar may be tabs (`- melody\t\t`, `a\tb`).
        srp = self.reader.peek
        length = 0
        while srp(length) in " \t":
            length += 1
        if length and "\t" in self.reader.prefix(length):
            if srp(length) in "\r\n\x85\u2028\u2029":
                self.reader.forward(length)  # trailing blanks before a line break are not content
            else:
                blanks = self.reader.prefix(length)
                self.reader.forward(length)
                return [blanks]
        return super().scan_plain_spaces(indent, start_mark)

    def fetch_flow_collection_start(self, TokenClass: Any, to_push: Any) -> None:  # noqa: N803 - ruamel's name
        # Checked while scanning: ruamel slows down quadratically with nesting
        # (4 KB of '[' took 8 s) long before Python's recursion limit stops it.
        if self.flow_level >= MAX_DEPTH:
            raise _TooDeep(None, None, "nested too deeply", self.reader.get_mark())
        super().fetch_flow_collection_start(TokenClass, to_push)

    def add_indent(self, column: int) -> bool:
        if len(self.indents) >= MAX_DEPTH:
            raise _TooDeep(None, None, "nested too deeply", self.reader.get_mark())
        return bool(super().add_indent(column))


class _Composer(Composer):
    """Remembers the scalars written with the non-specific tag ``!`` (ruamel drops it),
    and reads them as text, as YAML says (ruamel reads ``! ''`` as null)."""

    bang_nodes: set[int]

    def compose_scalar_node(self, anchor: Any) -> Any:
        event = self.parser.peek_event()
        node = super().compose_scalar_node(anchor)
        if event.ctag is not None and str(event.ctag) == "!":
            if not hasattr(self, "bang_nodes"):
                self.bang_nodes = set()
            self.bang_nodes.add(id(node))
            node.tag = "tag:yaml.org,2002:str"
        return node


_UNEDITABLE = object()  # a merge key (<<) or a complex key: left where it is
_MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass
class _Entry:
    """One top-level ``key: value`` pair as written in the file (duplicates included)."""

    key: Any
    line: int  # 0-based line of the key in the front matter
    column: int  # where the key starts on its line (a top-level mapping may be indented)
    value_end: tuple[int, int]  # (line, column) where the value ends
    bang: bool = False  # the value carries the non-specific tag '!'


class _Constructor(RoundTripConstructor):
    entries: list[_Entry] | None = None
    flow_root = False

    def construct_document(self, node: Any) -> Any:
        if isinstance(node, MappingNode) and node.flow_style:
            self.flow_root = True
        elif self.entries is None and isinstance(node, MappingNode):
            bang: set[int] = getattr(self.loader.composer, "bang_nodes", set()) if self.loader is not None else set()
            entries: list[_Entry] = []
            for key_node, value_node in node.value:
                key: Any = _UNEDITABLE  # a merge key (<<) or a complex key
                if key_node.tag != _MERGE_TAG and isinstance(key_node, ScalarNode):
                    key = self.construct_object(key_node, deep=True)
                    if not _plain_key(key):
                        key = _UNEDITABLE
                end = value_node.end_mark
                start = key_node.start_mark
                entries.append(_Entry(key, start.line, start.column, (end.line, end.column), id(value_node) in bang))
            self.entries = entries
        return super().construct_document(node)

    def check_mapping_key(self, node: Any, key_node: Any, mapping: Any, key: Any, value: Any) -> bool:
        # A key written twice: Jekyll and Hugo use the last value, and so do we
        # (ruamel keeps the first, or refuses the file). The earlier occurrence's
        # comments go: ruamel cannot merge them with the later one's (it crashes).
        if key in mapping:
            mapping.ca.items.pop(key, None)
        return True

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except (ValueError, OverflowError):
            # `date: 2021-02-30`, `lastmod: 2020-13-08T00:06:56-07:00`: not a real
            # date; keep the text (Post.invalid_dates lists it for the checks).
            return str(node.value)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


def _yaml(indent: tuple[int, int, int] = (2, 4, 2)) -> YAML:
    y = YAML(typ="rt")
    y.Scanner = _Scanner
    y.Composer = _Composer
    y.Constructor = _Constructor
    y.preserve_quotes = True
    y.allow_unicode = True
    y.width = 1 << 30  # never rewrap long strings
    y.allow_duplicate_keys = True
    mapping, sequence, offset = indent
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    return y


def _plain_key(key: Any) -> bool:
    """Whether a key is equal to the same key read again (a tagged key, ``!t key:``, is
    an object of its own each time: such a key is kept where it is, never edited)."""
    return isinstance(key, str | int | float | dt.date) and not isinstance(key, TaggedScalar) or key is None


@dataclass
class _Parsed:
    data: CommentedMap
    entries: list[_Entry] = field(default_factory=list)
    flow: bool = False  # the front matter is one {a: 1, b: 2} mapping

    @property
    def duplicates(self) -> list[Any]:
        seen: set[Any] = set()
        twice: list[Any] = []
        for entry in self.entries:
            if entry.key is _UNEDITABLE:
                continue
            if entry.key in seen and entry.key not in twice:
                twice.append(entry.key)
            seen.add(entry.key)
        return twice


def _parse_yaml(fm: str) -> _Parsed:
    y = _yaml()
    try:
        data = y.load(fm)
    except _TooDeep as exc:
        mark = exc.problem_mark
        raise nested_too_deeply(mark.line + 1, mark.column + 1) from exc
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        raise FrontMatterError(_yaml_message(problem, fm, mark), line, column) from exc
    except YAMLError as exc:
        raise FrontMatterError(f"invalid YAML ({exc})") from exc
    if data is None:
        return _Parsed(CommentedMap())
    if not isinstance(data, CommentedMap):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise FrontMatterError(f"the front matter is {kind}, not a set of 'key: value' fields", 1)
    entries = y.constructor.entries or []
    flow = y.constructor.flow_root
    for before, after in zip(entries, entries[1:], strict=False):
        if after.line <= before.line:  # cannot happen with ruamel's line counting; never guess
            raise FrontMatterError(
                "two fields start on one line (is a Unicode line separator used as a line break?); "
                "put each field on a line of its own",
                after.line + 1,
            )
    return _Parsed(data, entries, flow)


def _yaml_message(problem: str, fm: str = "", mark: Any = None) -> str:
    messages = {
        "expected <block end>, but found": "unexpected text after a value; "
        "quote values that contain ': ', '{', '[' or '#'",
        "expected the node content, but found '<stream end>'": "a list or value is not finished "
        "(an unclosed '[', '{' or quote?)",
        "found unexpected end of stream": "a quoted value is never closed",
        "mapping values are not allowed here": "a ':' where YAML does not expect one; quote the value",
    }
    if problem.startswith("found character '\\t' that cannot start any token"):
        if mark is not None and _starts_line(fm, mark.line, mark.column):
            return "a tab is used for indentation; YAML needs spaces"
        return "a tab where YAML expects a value; use spaces"
    for raw, nice in messages.items():
        if problem.startswith(raw):
            return nice
    return problem


def _starts_line(fm: str, line: int, column: int) -> bool:
    lines = split_lines(fm)
    return 0 <= line < len(lines) and not lines[line][:column].strip(" \t")


# --------------------------------------------------------------------------- YAML writer


def _is_trailer(line: str) -> bool:
    """Blank and column-0 comment lines after a value belong to no key.

    ruamel's scanner ends a comment at NEL, U+2028 or U+2029 (its line counter does
    not): what follows one on a ``#`` line may be a value's text, so such a line is
    never taken for a comment.
    """
    if _SCANNER_BREAKS.search(line):
        return False
    return not line.strip(" \t\r\n") or line.startswith("#")


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
        if stripped.startswith("- ") or strip_line_break(stripped) == "-":
            if offset is None:
                offset = ind - base
        elif stripped.strip() and not stripped.startswith("#") and ind > base:
            mapping = ind - base
    if offset is None or offset < 0:
        offset = 2
    return max(mapping, 1), offset + 2, offset


class YAMLHandler(FenceHandler):
    name = "yaml"
    START_DELIMITER = END_DELIMITER = "---"
    FM_BOUNDARY = re.compile(r"(?<![^\r\n])-{3}[ \t]*(?=\r\n|\r|\n|\Z)")
    OPEN, CLOSE = fence_patterns("---", r"---|\.\.\.")

    def load(self, fm: str) -> Any:
        return _parse_yaml(fm).data

    def load_with_duplicates(self, fm: str) -> tuple[Any, list[str]]:
        parsed = _parse_yaml(fm)
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
            _yaml().dump(CommentedMap((k, _harden(v)) for k, v in metadata.items()), out)
        except YAMLError as exc:
            raise UnsupportedValueError(f"A field cannot be written as YAML ({exc}).") from exc
        return out.getvalue()

    def update(self, fm: str, metadata: Metadata, newline: str) -> str:
        parsed = _parse_yaml(fm)
        original = parsed.data
        lines = split_lines(fm)
        yaml = _yaml(_detect_yaml_indent(lines))

        def dump(key: Any, value: Any, spills: list[_Spill] | None = None) -> str:
            return _dump_one(yaml, key, value, spills)

        if parsed.flow:
            # A one-line {a: 1, b: 2} front matter has no per-key lines to edit.
            if _dump_all(yaml, metadata) == _dump_all(yaml, original):
                return fm
            restyled = _restyle_map(metadata, original)
            restyled.fa.set_flow_style()
            return _readable(fm, to_newline(_dump_all(yaml, _harden(restyled)), newline))

        entries = parsed.entries
        last: dict[Any, int] = {}
        for index, entry in enumerate(entries):
            if entry.key is not _UNEDITABLE:
                last[entry.key] = index
        edits: list[tuple[int, int, str]] = []  # (first line, end line, replacement)
        for index, entry in enumerate(entries):
            key = entry.key
            if key is _UNEDITABLE:
                continue
            start = entry.line
            end = entries[index + 1].line if index + 1 < len(entries) else len(lines)
            nxt = end
            while end > start + 1 and _is_trailer(lines[end - 1]):
                end -= 1
            if index == last[key] and _keeps_trailing_breaks(original[key]):
                # The blank lines after a `|+` block are its content, not trailers.
                end_line, end_col = entry.value_end
                end = max(end, min(nxt, end_line + (1 if end_col else 0)))
            if key not in metadata:
                if _after_kept_blanks(entries, index, last, metadata, original):
                    # Blank lines left here would join the `|+` block before: they go too.
                    while end < nxt and not lines[end].strip(" \t\r\n"):
                        end += 1
                edits.append((start, end, ""))  # every occurrence of a deleted key goes
                continue
            if index != last[key]:
                continue  # an earlier occurrence of a key written twice: the last one counts
            new, old = metadata[key], original[key]
            if _same_scalar(new, old):
                continue
            spills = _tail_spills(old)
            before = dump(key, old, spills)
            if dump(key, new, spills) == before:
                continue
            value = _keep_anchor(_retag(_restyle(new, old), old, entry.bang), old)
            text = dump(key, value, spills)
            if text == before:
                continue
            if end - start == 1:
                text = _keep_inline_comment(lines[start], text)
            text = _indent(text, entry.column)
            # The new lines end as the lines they replace (a mixed file stays as mixed as it was).
            edits.append((start, end, to_newline(text, line_break_of(lines[end - 1]) or newline)))

        added = [
            k
            for k in metadata
            if _plain_key(k) and k not in last and not (k in original and _same(metadata[k], original[k]))
        ]
        if added:
            style = _house_style(original)
            text = "".join(dump(k, _restyle_new(metadata[k], style)) for k in added)
            text = _indent(text, entries[0].column if entries else 0)
            at = len(lines)
            while at > 0 and not lines[at - 1].strip(" \t\r\n"):
                at -= 1
            final = entries[-1] if entries else None
            if final is not None and final.key is not _UNEDITABLE and _keeps_trailing_breaks(original.get(final.key)):
                # The blank lines after a last `|+` block are its content: add after them.
                end_line, end_col = final.value_end
                at = max(at, min(len(lines), end_line + (1 if end_col else 0)))
            local = line_break_of(lines[at - 1]) if at > 0 else ""
            if at > 0 and not local:
                text = "\n" + text
            edits.append((at, at, to_newline(text, local or newline)))

        if not edits:
            return fm
        for start, end, text in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
            lines[start:end] = [text] if text else []
        return _readable(fm, "".join(lines))


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


def _after_kept_blanks(
    entries: list[_Entry], index: int, last: dict[Any, int], metadata: Metadata, original: CommentedMap
) -> bool:
    """Whether the nearest entry before ``index`` that stays ends in a ``|+`` block."""
    for before in range(index - 1, -1, -1):
        key = entries[before].key
        if key is _UNEDITABLE or key in metadata:
            return key is not _UNEDITABLE and last.get(key) == before and _keeps_trailing_breaks(original.get(key))
    return False


def _dump_all(yaml: YAML, mapping: Any) -> str:
    out = io.StringIO()
    try:
        yaml.dump(mapping, out)
    except YAMLError as exc:
        raise UnsupportedValueError(f"A field cannot be written as YAML ({exc}).") from exc
    return out.getvalue()


def _indent(text: str, column: int) -> str:
    """Generated ``key: value`` lines moved right to where the file's top-level keys start."""
    if not column:
        return text
    pad = " " * column
    return "".join(pad + line if line.strip() else line for line in split_lines(text))


def _readable(old: str, new: str) -> str:
    """``new``, once it is known to read back: an edit never leaves a file that does not."""
    try:
        _parse_yaml(new)
    except FrontMatterError as exc:
        hint = ""
        if "alias" in exc.reason:
            hint = " Another field refers to the value changed (an alias such as *name); change that field first."
        raise FrontMatterError(
            f"this change would leave the front matter unreadable ({exc.reason}), so it cannot be saved.{hint}"
        ) from exc
    return new


def _keep_anchor(value: Any, old: Any) -> Any:
    """A new value keeps the anchor (``&name``) of the value it replaces, so that the
    aliases (``*name``) that refer to it still read."""
    anchor = getattr(old, Anchor.attrib, None)
    name = anchor.value if anchor is not None else None
    if not name:
        return value
    own = getattr(value, Anchor.attrib, None)
    if own is not None and own.value:
        return value
    if isinstance(value, CommentedSeq | CommentedMap | TaggedScalar | ScalarString):
        value.yaml_set_anchor(name, always_dump=True)
        return value
    if isinstance(value, bool):
        return ScalarBoolean(value, anchor=name)
    if isinstance(value, str):
        return PlainScalarString(value, anchor=name)
    if isinstance(value, int):
        return ScalarInt(value, anchor=name)
    return value


def _dump_one(yaml: YAML, key: Any, value: Any, spills: list[_Spill] | None = None) -> str:
    """``key: value`` as YAML lines, without the comment lines that followed the old value."""
    out = io.StringIO()
    value = _harden(_drop_spills(value, spills or []))
    try:
        yaml.dump(CommentedMap([(key, value)]), out)
    except YAMLError as exc:
        raise UnsupportedValueError(f"The field '{key}' cannot be written as YAML ({exc}).") from exc
    except (TypeError, ValueError, AttributeError) as exc:
        raise UnsupportedValueError(
            f"The field '{key}' holds a {type(value).__name__}, which YAML front matter cannot store."
        ) from exc
    dumped = split_lines(out.getvalue())
    if dumped and dumped[-1] == "...\n":
        dumped.pop()  # the end-of-document marker ruamel adds after a `|+` block would close the front matter
    keep_blanks = _keeps_trailing_breaks(value)
    while dumped and _is_trailer(dumped[-1]) and not (keep_blanks and not dumped[-1].strip()):
        dumped.pop()
    return "".join(dumped)


@dataclass(frozen=True)
class _Spill:
    """A comment token on a value's last item that runs past its line: ruamel hangs
    the comments and blank lines that follow a value (before the next key) there."""

    path: tuple[Any, ...]  # keys/indexes down to the item
    slot: int
    text: str


def _tail_spills(value: Any) -> list[_Spill]:
    spills: list[_Spill] = []
    node: Any = value
    path: tuple[Any, ...] = ()
    while isinstance(node, CommentedSeq | CommentedMap) and len(node):
        last = len(node) - 1 if isinstance(node, CommentedSeq) else list(node.keys())[-1]
        for slot, token in enumerate(node.ca.items.get(last) or ()):
            if _spills(token):
                spills.append(_Spill((*path, last), slot, token.value))
        node, path = node[last], (*path, last)
    return spills


def _drop_spills(value: Any, spills: list[_Spill]) -> Any:
    """A copy of ``value`` without the comment lines the old value's last item carried.

    Those lines stay in the file as trailers of the key, so a rewritten value must
    not bring them along a second time (after an appended item, say). The item's
    own end-of-line comment is kept.
    """
    if not spills or not isinstance(value, CommentedSeq | CommentedMap):
        return value
    value = copy.deepcopy(value)
    for spill in spills:
        node: Any = value
        for step in spill.path[:-1]:
            node = _child(node, step)
        if not isinstance(node, CommentedSeq | CommentedMap):
            continue
        entry = node.ca.items.get(spill.path[-1])
        if not entry or spill.slot >= len(entry):
            continue
        token = entry[spill.slot]
        if not isinstance(token, CommentToken) or token.value != spill.text:
            continue
        first = spill.text.split("\n", 1)[0]
        if first.strip():
            trimmed = copy.copy(token)
            trimmed.value = first + "\n"
            entry[spill.slot] = trimmed
        else:
            entry[spill.slot] = None
    return value


def _child(node: Any, step: Any) -> Any:
    if isinstance(node, CommentedSeq) and isinstance(step, int) and 0 <= step < len(node):
        return node[step]
    if isinstance(node, CommentedMap) and step in node:
        return node[step]
    return None


def _spills(token: Any) -> bool:
    """Whether a comment token runs past its own line (comment lines, blank lines after it)."""
    if not isinstance(token, CommentToken):
        return False
    text = token.value
    return text.count("\n") > 1 or "\n" in text.rstrip("\n")


def _keeps_trailing_breaks(value: Any) -> bool:
    """Whether ``value`` ends in a block scalar whose trailing blank lines are content (``|+``)."""
    node = value
    while isinstance(node, list | dict) and len(node):
        node = node[-1] if isinstance(node, list) else node[list(node.keys())[-1]]
    if isinstance(node, TaggedScalar):
        return node.style in ("|", ">") and isinstance(node.value, str) and node.value.endswith("\n\n")
    return isinstance(node, LiteralScalarString | FoldedScalarString) and (node.endswith("\n\n") or node == "\n")


_BREAKS_IN_TEXT = re.compile("[\r\x85\u2028\u2029]")
_SCANNER_BREAKS = re.compile("[\x85\u2028\u2029]")


def _harden(value: Any, _memo: dict[int, Any] | None = None) -> Any:
    """``value`` with every string that ruamel would write with a raw ``\\r``, NEL or
    Unicode separator (which reads back as a different string, or not at all) made
    double-quoted, where they are escaped.

    The caller's value is never changed: containers holding such a string are
    copied. Shared (aliased) lists and maps are visited once and stay shared.
    """
    if isinstance(value, TaggedScalar):
        if isinstance(value.value, str) and _BREAKS_IN_TEXT.search(value.value) and value.style != '"':
            hardened_tag = TaggedScalar(value.value, '"', value.tag)
            anchor = getattr(value, Anchor.attrib, None)
            if anchor is not None and anchor.value:
                hardened_tag.yaml_set_anchor(anchor.value, always_dump=True)
            return hardened_tag
        return value
    if isinstance(value, str):
        if value[:1] in (":", "?") and len(value) > 1 and type(value) in (str, PlainScalarString):
            # ruamel writes `: x` unquoted in a flow collection ({a: : x}), which does not read.
            quoted = SingleQuotedScalarString(value)
            anchor = getattr(value, Anchor.attrib, None)
            if anchor is not None and anchor.value:
                quoted.yaml_set_anchor(anchor.value, always_dump=anchor.always_dump)
            value = quoted
        if _BREAKS_IN_TEXT.search(value) and not isinstance(value, DoubleQuotedScalarString):
            hardened = DoubleQuotedScalarString(value)
            anchor = getattr(value, Anchor.attrib, None)
            if anchor is not None and anchor.value:
                hardened.yaml_set_anchor(anchor.value, always_dump=anchor.always_dump)
            return hardened
        return value
    if not isinstance(value, list | dict):
        return value
    memo: dict[int, Any] = {} if _memo is None else _memo
    if id(value) in memo:
        return memo[id(value)]
    memo[id(value)] = value  # a value that holds itself stays as it is
    result: Any = value
    if isinstance(value, list):
        items = [_harden(item, memo) for item in value]
        if any(a is not b for a, b in zip(items, value, strict=True)):
            result = CommentedSeq(items) if isinstance(value, CommentedSeq) else items
    else:
        pairs = [(k, _harden(v, memo)) for k, v in value.items()]
        if any(v is not value[k] for k, v in pairs):
            result = CommentedMap(pairs) if isinstance(value, CommentedMap) else dict(pairs)
    if result is not value and isinstance(value, CommentedSeq | CommentedMap):
        value.copy_attributes(result)
    memo[id(value)] = result
    return result


def _same(new: Any, old: Any) -> bool:
    return _same_scalar(new, old) or same_value(_unwrap(new), _unwrap(old))


def _unwrap(value: Any) -> Any:
    if isinstance(value, TaggedScalar):
        return value.value
    return value


def _same_scalar(new: Any, old: Any) -> bool:
    """Whether two values are the same scalar of the same type, so dump the same.

    Saves dumping (twice) a multi-megabyte string just to see that it did not change.
    """
    kind = type(new)
    if kind is not type(old) or not (isinstance(new, str) or kind in (int, bool)) or new != old:
        return False
    return not hasattr(new, Anchor.attrib) and not hasattr(old, Anchor.attrib)


_COMMENT_TAIL = re.compile("([ \t]+#[^'\"\r\n\x85\u2028\u2029]*)$")


def _keep_inline_comment(old_line: str, new_text: str) -> str:
    """Carry ``  # note`` at the end of a one-line value over to its new line."""
    if new_text.count("\n") != 1:
        return new_text
    match = _COMMENT_TAIL.search(strip_line_break(old_line))
    if not match:
        return new_text
    line = new_text.rstrip("\n")
    tail = match.group(1)
    if re.search(r"(?:^|\s)![^\s]*$", line):
        tail = "  " + tail.lstrip(" \t")  # a tag must be followed by a space (`!t\t#` does not read)
    return line + tail + "\n"


_STYLE_OF: dict[type, str] = {
    DoubleQuotedScalarString: '"',
    SingleQuotedScalarString: "'",
    LiteralScalarString: "|",
    FoldedScalarString: ">",
}


def _retag(value: Any, old: Any, bang: bool) -> Any:
    """Keep the tag the old value was written with (``!!str``, ``!foo``, ``!``)."""
    if isinstance(value, TaggedScalar):
        return value
    if isinstance(value, str):
        style = _STYLE_OF.get(type(value))
        if isinstance(old, TaggedScalar):
            if style is None and isinstance(old.value, str):
                style = old.style
            if style in ("|", ">") and "\n" not in value:
                style = None
            return TaggedScalar(str(value), style, old.tag)
        if bang:
            return TaggedScalar(str(value), style, Tag(suffix="!"))
        return value
    if isinstance(value, CommentedSeq | CommentedMap) and type(value) is type(old):
        tag = getattr(old, Tag.attrib, None)
        if tag is not None and getattr(value, Tag.attrib, None) is None:
            value.yaml_set_ctag(tag)
    return value


def _restyle(new: Any, old: Any) -> Any:
    """Give a new value the quoting and flow/block style of the value it replaces."""
    if isinstance(new, LiteralScalarString | FoldedScalarString) and "\n" not in new.rstrip("\n"):
        # ruamel carries a block style over on assignment; a one-line value reads
        # better as a plain scalar than as a one-line block.
        return str(new)
    if isinstance(old, TaggedScalar):
        old = old.value
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
            if all(a is b for a, b in zip(items, new, strict=True)):
                return new
            seq = CommentedSeq(items)  # a copy: the caller's list is left as it is
            new.copy_attributes(seq)  # with the items' comments (a slice assignment would drop them)
            return seq
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
