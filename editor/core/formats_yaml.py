"""Reading YAML front matter with ruamel.yaml: where each top-level key starts and ends,
a key written twice (the last one counts), impossible dates kept as text, and clear
messages for what cannot be read."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, TaggedScalar
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode
from ruamel.yaml.scanner import RoundTripScanner, ScannerError

from editor.core.errors import FrontMatterError
from editor.core.formats_base import (
    MAX_DEPTH,
    nested_too_deeply,
    split_lines,
    strip_line_break,
)


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


UNEDITABLE = object()  # a merge key (<<) or a complex key: left where it is


_MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass
class Entry:
    """One top-level ``key: value`` pair as written in the file (duplicates included)."""

    key: Any
    line: int  # 0-based line of the key in the front matter
    column: int  # where the key starts on its line (a top-level mapping may be indented)
    value_end: tuple[int, int]  # (line, column) where the value ends
    bang: bool = False  # the value carries the non-specific tag '!'


class _Constructor(RoundTripConstructor):
    entries: list[Entry] | None = None
    flow_root = False

    def construct_document(self, node: Any) -> Any:
        if isinstance(node, MappingNode) and node.flow_style:
            self.flow_root = True
        elif self.entries is None and isinstance(node, MappingNode):
            bang: set[int] = getattr(self.loader.composer, "bang_nodes", set()) if self.loader is not None else set()
            entries: list[Entry] = []
            for key_node, value_node in node.value:
                key: Any = UNEDITABLE  # a merge key (<<) or a complex key
                if key_node.tag != _MERGE_TAG and isinstance(key_node, ScalarNode):
                    key = self.construct_object(key_node, deep=True)
                    if not is_plain_key(key):
                        key = UNEDITABLE
                end = value_node.end_mark
                start = key_node.start_mark
                entries.append(Entry(key, start.line, start.column, (end.line, end.column), id(value_node) in bang))
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
_SCANNER_BREAKS = re.compile("[\x85\u2028\u2029]")  # line breaks for ruamel's scanner, not ours


def round_trip_yaml(indent: tuple[int, int, int] = (2, 4, 2)) -> YAML:
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


def is_plain_key(key: Any) -> bool:
    """Whether a key is equal to the same key read again (a tagged key, ``!t key:``, is
    an object of its own each time: such a key is kept where it is, never edited)."""
    return isinstance(key, str | int | float | dt.date) and not isinstance(key, TaggedScalar) or key is None


@dataclass
class _Parsed:
    data: CommentedMap
    entries: list[Entry] = field(default_factory=list)
    flow: bool = False  # the front matter is one {a: 1, b: 2} mapping

    @property
    def duplicates(self) -> list[Any]:
        seen: set[Any] = set()
        twice: list[Any] = []
        for entry in self.entries:
            if entry.key is UNEDITABLE:
                continue
            if entry.key in seen and entry.key not in twice:
                twice.append(entry.key)
            seen.add(entry.key)
        return twice


def parse_yaml(fm: str) -> _Parsed:
    y = round_trip_yaml()
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


def is_trailer(line: str) -> bool:
    """Blank and column-0 comment lines after a value belong to no key.

    ruamel's scanner ends a comment at NEL, U+2028 or U+2029 (its line counter does
    not): what follows one on a ``#`` line may be a value's text, so such a line is
    never taken for a comment.
    """
    if _SCANNER_BREAKS.search(line):
        return False
    return not line.strip(" \t\r\n") or line.startswith("#")


def detect_indent(lines: list[str]) -> tuple[int, int, int]:
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
