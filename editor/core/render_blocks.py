"""A Markdown body as blocks: where each block starts, the document-wide definitions
(link references, footnotes) and what each block needs of them, and which blocks an
edit changed. No rendering here: see ``render``."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# Docusaurus' admonitions (:::tip ... :::) hold blank lines, like fenced code, when
# they start a block.
_ADMONITION = re.compile(r"^ {0,3}(:{3,})[ \t]*[A-Za-z]")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_REF_DEF = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:[ \t]*\S.*$", re.MULTILINE)
_FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]]+)\]:")
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_FOOTNOTE_DEFS = re.compile(r"^ {0,3}\[\^([^\]]+)\]:", re.MULTILINE)
_REF_LABEL = re.compile(r"^ {0,3}\[([^\]]+)\]:.*$", re.MULTILINE)
_BRACKETS = re.compile(r"\[([^\[\]\n]+)\]")
# Shortcodes and tags that always wrap a body, and components: like a fence, they hold the
# blank lines inside them in one block (core/render_shortcodes.py renders the whole).
_PAIRED_NAMES = (
    "highlight|notice|details|tabs|tab|hint|expand|columns|callout|alert|admonition|collapse|note|tip|warning|info"
)
_PAIRED = re.compile(
    rf"^ {{0,3}}(?:\{{\{{[<%]\s*(?P<hugo>{_PAIRED_NAMES})(?=[\s>%])"
    r"|\{%-?\s*(?P<liquid>highlight|raw|capture|comment)\b"
    r"|\{%\s*(?P<zola>\w+)\([^)]*\)\s*%\}|<(?!(?i:p|div|a|b|i|u|s|br|hr|li|ul|ol|em|tr|td|th|h[1-6])[\s/>])(?P<jsx>[A-Z][\w.]*)(?=[\s>]))"
)
_HTML_OPEN = re.compile(
    r"^ {0,3}<(div|details|table|figure|section|aside|blockquote|pre|script|style|video|audio"
    r"|iframe|object|ul|ol|dl|form|nav|header|footer|article|center)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Block:
    """A top-level Markdown block: its text and its first line (0-based) in the body."""

    text: str
    line: int


@dataclass(frozen=True)
class Split:
    """Blocks of a text: their texts, first lines and character offsets.

    ``open`` is True when the text ends inside a fenced code or raw HTML block,
    so what follows it may still belong to the last block.
    """

    texts: list[str]
    lines: list[int]
    offsets: list[int]
    open: bool


def split_text(text: str) -> Split:
    """Cut a Markdown body into independently renderable top-level blocks.

    Blank lines separate blocks, except inside fenced code and raw HTML blocks;
    indented lines and list items after a list stay with the block before them.
    """
    lines = text.split("\n")
    spans: list[tuple[int, int]] = []  # (start line, end line exclusive)
    start: int | None = None
    fence = ""
    html_tag = ""
    closer: re.Pattern[str] | None = None
    unclosed: set[str] = set()  # closers not found after some point: nor after any later one
    position = 0  # where line ``i`` ends in ``text``
    for i, line in enumerate(lines):
        position += len(line) + 1
        if start is not None and fence:
            if _closes(fence, line):
                fence = ""
            continue
        if start is not None and closer is not None:
            if closer.search(line):
                closer = None
            continue
        if start is not None and html_tag:
            if f"</{html_tag}" in line.lower():
                html_tag = ""
            continue
        if not line.strip():
            if start is not None:
                spans.append((start, i))
                start = None
            continue
        if start is None:
            if spans and (line[0] in " \t" or (_LIST_ITEM.match(line) and _LIST_ITEM.match(lines[spans[-1][0]]))):
                start = spans.pop()[0]  # continuation of the previous block
            else:
                start = i
        fence_match = _FENCE.match(line) or (_ADMONITION.match(line) if start == i else None)
        if fence_match:
            fence = fence_match.group(1)
            continue
        paired = _PAIRED.match(line) if start == i else None
        if paired:
            closer = _closer(paired)
            if closer.search(line, paired.end()) or (paired["jsx"] and "/>" in line):
                closer = None  # closed on its own line
            elif closer.pattern in unclosed or not closer.search(text, position):
                unclosed.add(closer.pattern)  # never closed: a block like any other, not the rest of the post
                closer = None
            continue
        html_match = _HTML_OPEN.match(line)
        if html_match and start == i:
            tag = html_match.group(1).lower()
            if f"</{tag}" not in line.lower():
                html_tag = tag
    if start is not None:
        spans.append((start, len(lines)))
    line_offsets = [0]
    for line in lines:
        line_offsets.append(line_offsets[-1] + len(line) + 1)
    return Split(
        texts=["\n".join(lines[a:b]) for a, b in spans],
        lines=[a for a, _ in spans],
        offsets=[line_offsets[a] for a, _ in spans],
        open=bool(fence or html_tag or closer),
    )


def _closer(opened: re.Match[str]) -> re.Pattern[str]:
    """What ends the body a paired shortcode, tag or component opened."""
    if opened["hugo"]:
        return re.compile(rf"\{{\{{[<%]\s*/\s*{opened['hugo']}\s*[>%]\}}\}}")
    if opened["liquid"]:
        return re.compile(rf"\{{%-?\s*end{opened['liquid']}\s*-?%\}}")
    if opened["zola"]:
        return re.compile(r"\{%\s*end\s*%\}")
    return re.compile(rf"</{re.escape(opened['jsx'])}\s*>")


def _closes(fence: str, line: str) -> bool:
    """Whether ``line`` closes the block ``fence`` opened (at least as many of its marks)."""
    return (
        line.lstrip(" ").startswith(fence)
        and len(line) - len(line.lstrip(" ")) < 4
        and not line.strip().strip(fence[0])
    )


def defines_footnote(block: str) -> bool:
    """Whether ``block`` is a footnote's definition (``[^id]: …``)."""
    return _FOOTNOTE_DEF.match(block) is not None


def split_blocks(text: str) -> list[Block]:
    split = split_text(text)
    return [Block(t, n) for t, n in zip(split.texts, split.lines, strict=True)]


@dataclass(frozen=True)
class Layout:
    """A body cut into blocks, with the document-wide definitions blocks need."""

    texts: list[str]
    lines: list[int]
    references: str
    footnotes: str
    footnote_order: tuple[str, ...]

    @property
    def blocks(self) -> list[Block]:
        return [Block(t, n) for t, n in zip(self.texts, self.lines, strict=True)]

    @cached_property
    def footnote_blocks(self) -> dict[str, str]:
        """The block that defines each footnote, by its identifier."""
        found: dict[str, str] = {}
        if self.footnotes:
            for block in self.texts:
                if _FOOTNOTE_DEF.match(block):
                    for ident in _FOOTNOTE_DEFS.findall(block):
                        found.setdefault(ident, block)
        return found

    @cached_property
    def reference_lines(self) -> dict[str, str]:
        """Each link reference definition's line, by its label (as Markdown matches labels)."""
        return {_label(m.group(1)): m.group(0) for m in _REF_LABEL.finditer(self.references)}

    @cached_property
    def footnote_citations(self) -> dict[str, int]:
        """How many times the text cites each footnote."""
        counts: dict[str, int] = {}
        if self.footnotes:
            for block in self.texts:
                if "[^" in block and not _FOOTNOTE_DEF.match(block):
                    for ident in _FOOTNOTE_REF.findall(block):
                        counts[ident] = counts.get(ident, 0) + 1
        return counts

    @cached_property
    def footnote_numbers(self) -> dict[str, int]:
        return {ident: n for n, ident in enumerate(self.footnote_order, start=1)}

    def definitions_for(self, text: str) -> tuple[str, str, tuple[tuple[str, int], ...]]:
        """What block ``text`` needs of the document-wide definitions: the link references
        and the footnotes it cites (not all of them: a long post cites hundreds), and the
        document-wide number of each footnote it cites."""
        refs = ""
        if self.references and "[" in text:
            lines = self.reference_lines
            used = dict.fromkeys(lines[key] for key in map(_label, _BRACKETS.findall(text)) if key in lines)
            refs = "\n".join(used)
        if not self.footnotes or "[^" not in text:
            return refs, "", ()
        cited = list(dict.fromkeys(_FOOTNOTE_REF.findall(text)))
        blocks = self.footnote_blocks
        notes = "\n\n".join(dict.fromkeys(blocks[i] for i in cited if i in blocks and blocks[i] != text))
        numbers = self.footnote_numbers
        return refs, notes, tuple((i, numbers.get(i, 0)) for i in cited)


def _label(text: str) -> str:
    """A link label as Markdown compares labels: case and runs of white space do not count."""
    return " ".join(text.split()).lower()


def _definitions(text: str, texts: list[str]) -> tuple[str, str, tuple[str, ...]]:
    references = "\n".join(m.group(0) for m in _REF_DEF.finditer(text)) if "]:" in text else ""
    footnotes: list[str] = []
    order: list[str] = []
    if "[^" in text:
        for block in texts:
            if _FOOTNOTE_DEF.match(block):
                footnotes.append(block)
                continue
            if "[^" in block:
                for ident in _FOOTNOTE_REF.findall(block):
                    if ident not in order:
                        order.append(ident)
    return references, "\n\n".join(footnotes), tuple(order)


def layout(text: str) -> Layout:
    split = split_text(text)
    return Layout(split.texts, split.lines, *_definitions(text, split.texts))


@dataclass(frozen=True)
class Change:
    """Blocks ``start:old_end`` of the previous layout became ``start:new_end``."""

    start: int
    old_end: int
    new_end: int
    definitions_changed: bool


def _common_prefix(a: str, b: str) -> int:
    """Length of the longest common prefix of ``a`` and ``b``."""
    n = min(len(a), len(b))
    lo, step = 0, 256
    while True:  # gallop in growing chunks (memcmp speed, no large copies), then bisect the chunk
        hi = min(n, lo + step)
        if a[lo:hi] != b[lo:hi]:
            break
        if hi == n:
            return n
        lo, step = hi, min(step * 2, 1 << 16)
    while hi - lo > 1:  # a[:lo] == b[:lo], a[:hi] != b[:hi]
        mid = (lo + hi) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the longest common suffix of ``a`` and ``b``, at most ``limit``."""
    la, lb = len(a), len(b)
    lo, step = 0, 256
    while True:
        hi = min(limit, lo + step)
        if a[la - hi : la - lo] != b[lb - hi : lb - lo]:
            break
        if hi == limit:
            return limit
        lo, step = hi, min(step * 2, 1 << 16)
    while hi - lo > 1:  # the last lo characters match, the last hi do not
        mid = (lo + hi) // 2
        if a[la - mid : la - lo] == b[lb - mid : lb - lo]:
            lo = mid
        else:
            hi = mid
    return lo


class IncrementalLayout:
    """The layout of a text that changes a little at a time.

    ``update`` re-splits only the blocks around the edit and says which blocks
    changed, so a keystroke in a 1 MB post costs about as much as in a small one.
    """

    def __init__(self) -> None:
        self.text = ""
        self.layout = Layout([], [], "", "", ())
        self._offsets: list[int] = []

    @staticmethod
    def split(text: str) -> tuple[str, Layout, list[int]]:
        """The whole layout of ``text``, from scratch: pure, so it may run in another thread.
        ``adopt`` takes the result."""
        split = split_text(text)
        return text, Layout(split.texts, split.lines, *_definitions(text, split.texts)), split.offsets

    def adopt(self, prepared: tuple[str, Layout, list[int]]) -> None:
        """Make a layout from ``split`` the current one (later updates go on from its text)."""
        self.text, self.layout, self._offsets = prepared

    def update(self, text: str) -> tuple[Layout, Change | None]:
        """The new layout, and the changed block range (None: everything changed)."""
        old_text, old = self.text, self.layout
        if text == old_text:
            return old, Change(0, 0, 0, False)
        change = self._incremental(old_text, text, old) if old.texts else None
        if change is None:
            self.adopt(self.split(text))
        self.text = text
        return self.layout, change

    def _incremental(self, old_text: str, text: str, old: Layout) -> Change | None:
        prefix = _common_prefix(old_text, text)
        suffix = _common_suffix(old_text, text, min(len(old_text), len(text)) - prefix)
        offsets, n = self._offsets, len(old.texts)
        first = max(0, bisect.bisect_right(offsets, prefix) - 2)
        changed_end = len(old_text) - suffix
        last = min(n, bisect.bisect_right(offsets, changed_end) + 1)
        while last < n and (old.texts[last][:1] in (" ", "\t") or _LIST_ITEM.match(old.texts[last])):
            last += 1  # a following indented or list block could merge with the edited one
        delta = len(text) - len(old_text)
        seg_start = offsets[first] if first else 0  # text before the first block is blank
        old_seg_end = offsets[last] if last < n else len(old_text)
        new_seg_end = old_seg_end + delta
        segment = text[seg_start:new_seg_end]
        split = split_text(segment)
        if split.open and last < n:
            return None  # an unclosed fence swallows what follows: start over
        old_segment = old_text[seg_start:old_seg_end]
        line_delta = segment.count("\n") - old_segment.count("\n")
        base_line = old.lines[first] if first else 0
        texts = old.texts[:first] + split.texts + old.texts[last:]
        lines = old.lines[:first] + [base_line + x for x in split.lines] + [x + line_delta for x in old.lines[last:]]
        self._offsets = offsets[:first] + [seg_start + x for x in split.offsets] + [x + delta for x in offsets[last:]]
        touched = any(mark in chunk for chunk in (segment, old_segment) for mark in ("]:", "[^"))
        if touched:
            definitions = _definitions(text, texts)
        else:
            definitions = (old.references, old.footnotes, old.footnote_order)
        self.layout = Layout(texts, lines, *definitions)
        changed = definitions != (old.references, old.footnotes, old.footnote_order)
        return Change(first, last, first + len(split.texts), changed)
