"""Writing YAML front matter back: one key's new lines dumped in the style the file
already uses (quotes, flow lists, anchors, tags, comments, indentation), and what a
value needs to be written safely (line breaks, spills of block scalars)."""

from __future__ import annotations

import copy
import io
import re
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.anchor import Anchor
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.error import YAMLError
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
from ruamel.yaml.tag import Tag
from ruamel.yaml.tokens import CommentToken

from editor.core.errors import FrontMatterError
from editor.core.formats_base import (
    Metadata,
    UnsupportedValueError,
    same_value,
    split_lines,
    strip_line_break,
)
from editor.core.formats_yaml import (
    UNEDITABLE,
    Entry,
    is_trailer,
    parse_yaml,
)


def after_kept_blanks(
    entries: list[Entry], index: int, last: dict[Any, int], metadata: Metadata, original: CommentedMap
) -> bool:
    """Whether the nearest entry before ``index`` that stays ends in a ``|+`` block."""
    for before in range(index - 1, -1, -1):
        key = entries[before].key
        if key is UNEDITABLE or key in metadata:
            return key is not UNEDITABLE and last.get(key) == before and keeps_trailing_breaks(original.get(key))
    return False


def dump_all(yaml: YAML, mapping: Any) -> str:
    out = io.StringIO()
    try:
        yaml.dump(mapping, out)
    except YAMLError as exc:
        raise UnsupportedValueError(f"A field cannot be written as YAML ({exc}).") from exc
    return out.getvalue()


def indent_lines(text: str, column: int) -> str:
    """Generated ``key: value`` lines moved right to where the file's top-level keys start."""
    if not column:
        return text
    pad = " " * column
    return "".join(pad + line if line.strip() else line for line in split_lines(text))


def readable(old: str, new: str, metadata: Any = None, aliased: frozenset[Any] = frozenset()) -> str:
    """``new``, once it is known to read back, and to read back as ``metadata`` when given:
    an edit never leaves a file that does not read, nor one where a value the author did
    not touch reads differently (ruamel can move a comment into the block scalar before it).
    The ``aliased`` keys (``reviewer: *me``) follow their anchor, so they are not compared."""
    try:
        parsed = parse_yaml(new)
    except FrontMatterError as exc:
        hint = ""
        if "alias" in exc.reason:
            hint = " Another field refers to the value changed (an alias such as *name); change that field first."
        raise FrontMatterError(
            f"this change would leave the front matter unreadable ({exc.reason}), so it cannot be saved.{hint}"
        ) from exc
    if metadata is not None:
        read = {_unwrap(k): v for k, v in parsed.data.items()}
        meant = {_unwrap(k): v for k, v in metadata.items()}
        keys = [k for k in dict.fromkeys([*meant, *read]) if k not in aliased]
        which = next((k for k in keys if k not in read or k not in meant or not _reads_as(read[k], meant[k])), None)
    if metadata is not None and which is not None:
        raise UnsupportedValueError(
            f"Writing this change would also change the field '{which}' as it reads back, so it was not "
            "written. Edit the front matter in the Source tab instead."
        )
    return new


def keep_anchor(value: Any, old: Any) -> Any:
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


def dump_one(yaml: YAML, key: Any, value: Any, spills: list[Spill] | None = None) -> str:
    """``key: value`` as YAML lines, without the comment lines that followed the old value."""
    out = io.StringIO()
    value = harden(_drop_spills(value, spills or []))
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
    keep_blanks = keeps_trailing_breaks(value)
    while dumped and is_trailer(dumped[-1]) and not (keep_blanks and not dumped[-1].strip()):
        dumped.pop()
    return "".join(dumped)


@dataclass(frozen=True)
class Spill:
    """A comment token on a value's last item that runs past its line: ruamel hangs
    the comments and blank lines that follow a value (before the next key) there."""

    path: tuple[Any, ...]  # keys/indexes down to the item
    slot: int
    text: str


def tail_spills(value: Any) -> list[Spill]:
    spills: list[Spill] = []
    node: Any = value
    path: tuple[Any, ...] = ()
    while isinstance(node, CommentedSeq | CommentedMap) and len(node):
        last = len(node) - 1 if isinstance(node, CommentedSeq) else list(node.keys())[-1]
        for slot, token in enumerate(node.ca.items.get(last) or ()):
            if _spills(token):
                spills.append(Spill((*path, last), slot, token.value))
        node, path = node[last], (*path, last)
    return spills


def _drop_spills(value: Any, spills: list[Spill]) -> Any:
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


def keeps_trailing_breaks(value: Any) -> bool:
    """Whether ``value`` ends in a block scalar whose trailing blank lines are content (``|+``)."""
    node = value
    while isinstance(node, list | dict) and len(node):
        node = node[-1] if isinstance(node, list) else node[list(node.keys())[-1]]
    if isinstance(node, TaggedScalar):
        return node.style in ("|", ">") and isinstance(node.value, str) and node.value.endswith("\n\n")
    return isinstance(node, LiteralScalarString | FoldedScalarString) and (node.endswith("\n\n") or node == "\n")


_BREAKS_IN_TEXT = re.compile("[\r\x85\u2028\u2029]")


def harden(value: Any, _memo: dict[int, Any] | None = None) -> Any:
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
        items = [harden(item, memo) for item in value]
        if any(a is not b for a, b in zip(items, value, strict=True)):
            result = CommentedSeq(items) if isinstance(value, CommentedSeq) else items
    else:
        pairs = [(k, harden(v, memo)) for k, v in value.items()]
        if any(v is not value[k] for k, v in pairs):
            result = CommentedMap(pairs) if isinstance(value, CommentedMap) else dict(pairs)
    if result is not value and isinstance(value, CommentedSeq | CommentedMap):
        value.copy_attributes(result)
    memo[id(value)] = result
    return result


def is_same(new: Any, old: Any) -> bool:
    return is_same_scalar(new, old) or same_value(_unwrap(new), _unwrap(old))


def _reads_as(read: Any, meant: Any) -> bool:
    try:
        return _same_tree(read, meant, set())
    except RecursionError:
        return True  # nested deeper than Python compares: compared no further


def _same_tree(a: Any, b: Any, seen: set[tuple[int, int]]) -> bool:
    """``same_value`` for trees whose lists and maps may be shared or hold themselves
    (YAML aliases): each pair of containers is compared once (a billion laughs stays cheap)."""
    a, b = _unwrap(a), _unwrap(b)
    if not isinstance(a, dict | list) or not isinstance(b, dict | list):
        return same_value(a, b)
    pair = (id(a), id(b))
    if pair in seen:
        return True
    seen.add(pair)
    if isinstance(a, dict) and isinstance(b, dict):
        if [_unwrap(k) for k in a] != [_unwrap(k) for k in b]:
            return False
        return all(_same_tree(x, y, seen) for x, y in zip(a.values(), b.values(), strict=True))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same_tree(x, y, seen) for x, y in zip(a, b, strict=True))
    return False


def _unwrap(value: Any) -> Any:
    if isinstance(value, TaggedScalar):
        return value.value
    return value


def is_same_scalar(new: Any, old: Any) -> bool:
    """Whether two values are the same scalar of the same type, so dump the same.

    Saves dumping (twice) a multi-megabyte string just to see that it did not change.
    """
    kind = type(new)
    if kind is not type(old) or not (isinstance(new, str) or kind in (int, bool)) or new != old:
        return False
    return not hasattr(new, Anchor.attrib) and not hasattr(old, Anchor.attrib)


COMMENT_TAIL = re.compile("([ \t]+#[^'\"\r\n\x85\u2028\u2029]*)$")


def keep_inline_comment(old_line: str, new_text: str) -> str:
    """Carry ``  # note`` at the end of a one-line value over to its new line."""
    if new_text.count("\n") != 1:
        return new_text
    match = COMMENT_TAIL.search(strip_line_break(old_line))
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


def retag(value: Any, old: Any, bang: bool) -> Any:
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


def restyle(new: Any, old: Any) -> Any:
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
        return restyle_map(new, old if isinstance(old, CommentedMap) else None)
    return new


def _item_quote(items: list[Any]) -> type[ScalarString] | None:
    """The quoting most string items of a list use (None: plain)."""
    counts: dict[type[ScalarString] | None, int] = {}
    for item in items:
        if isinstance(item, str):
            kind = type(item) if isinstance(item, DoubleQuotedScalarString | SingleQuotedScalarString) else None
            counts[kind] = counts.get(kind, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None


def restyle_map(new: Any, old: CommentedMap | None) -> CommentedMap:
    result = CommentedMap()
    for key, value in new.items():
        result[key] = restyle(value, old.get(key) if old is not None else None)
    if old is not None and old.fa.flow_style():
        result.fa.set_flow_style()
    return result


@dataclass(frozen=True)
class HouseStyle:
    """How a file (or a site) writes text and lists, and whether it shows either at all."""

    quote: type[ScalarString] | None
    flow_lists: bool
    has_text: bool = True
    has_lists: bool = True
    by_key: tuple[tuple[str, type[ScalarString] | None], ...] = ()  # a site's quoting of its usual keys

    def quote_for(self, key: Any) -> type[ScalarString] | None:
        return next((quote for name, quote in self.by_key if name == key), self.quote)


def house_style(mapping: CommentedMap, fallback: HouseStyle | None = None) -> HouseStyle:
    """How this file writes strings and lists, by majority of its top-level values; what
    the file does not show (a post without a list) comes from ``fallback``, the site's."""
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
    flow_lists = flow > block
    if fallback is not None:
        quote = quote if quotes or not fallback.has_text else fallback.quote
        flow_lists = flow_lists if flow or block or not fallback.has_lists else fallback.flow_lists
    by_key = fallback.by_key if fallback is not None else ()
    return HouseStyle(quote, flow_lists, bool(quotes), bool(flow or block), by_key)


def restyle_new(value: Any, style: HouseStyle, key: Any = None) -> Any:
    """A new value written in the house style (for ``key``: as the site writes that key)."""
    if isinstance(value, str) and not isinstance(value, ScalarString):
        if "\n" in value:
            return LiteralScalarString(value)
        quote = style.quote_for(key)
        return quote(value) if quote else value
    if isinstance(value, list) and not isinstance(value, CommentedSeq):
        seq = CommentedSeq(restyle_new(v, style) for v in value)
        if style.flow_lists:
            seq.fa.set_flow_style()
        return seq
    return value
