"""Markdown to HTML: one renderer for the preview, export and the command line.

Rendering is done block by block (paragraphs, lists, fenced code...) with a
cache keyed by each block's text, so that after a keystroke only the block
being edited is rendered again. Link reference definitions and footnotes are
document-wide: each block is rendered with the definitions it needs, and
footnotes are numbered in document order and gathered in a final block.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import markdown
from pygments.formatters import HtmlFormatter

from editor.core.site import AssetResolver, Resolved

EXTENSIONS = [
    "tables",
    "fenced_code",
    "footnotes",
    "attr_list",
    "def_list",
    "toc",
    "codehilite",
    "sane_lists",
    "pymdownx.tasklist",
    "pymdownx.tilde",
]
EXTENSION_CONFIGS = {
    "codehilite": {"guess_lang": False, "css_class": "codehilite"},
    "pymdownx.tasklist": {"custom_checkbox": False},
    "pymdownx.tilde": {"subscript": False},
}

LIGHT_STYLE = "default"
DARK_STYLE = "monokai"

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_REF_DEF = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:[ \t]*\S.*$", re.MULTILINE)
_FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]]+)\]:")
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_HTML_OPEN = re.compile(
    r"^ {0,3}<(div|details|table|figure|section|aside|blockquote|pre|script|style|video|audio"
    r"|iframe|object|ul|ol|dl|form|nav|header|footer|article|center)\b",
    re.IGNORECASE,
)
_FOOTNOTE_DIV = re.compile(r'<div class="footnote">.*\Z', re.DOTALL)
_FOOTNOTE_LINK = re.compile(r'(<a class="footnote-ref" href="#fn:([^"]+)">)\d+(</a>)')
_MEDIA = re.compile(
    r"<(img|iframe|video|audio|source|embed)\b([^>]*?)\s(src)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)([^>]*)>",
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
    for i, line in enumerate(lines):
        if start is not None and fence:
            if (
                line.lstrip(" ").startswith(fence)
                and len(line) - len(line.lstrip(" ")) < 4
                and not line.strip().strip(fence[0])
            ):
                fence = ""
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
        fence_match = _FENCE.match(line)
        if fence_match:
            fence = fence_match.group(1)
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
        open=bool(fence or html_tag),
    )


def split_blocks(text: str) -> list[Block]:
    split = split_text(text)
    return [Block(t, n) for t, n in zip(split.texts, split.lines, strict=True)]


def make_markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")


def pygments_css(dark_selector: str = "body.dark") -> str:
    """Code highlighting CSS: the light style, and the dark one under ``dark_selector``."""
    light: str = HtmlFormatter(style=LIGHT_STYLE).get_style_defs(".codehilite")
    dark: str = HtmlFormatter(style=DARK_STYLE).get_style_defs(f"{dark_selector} .codehilite")
    return light + "\n" + dark


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


class BlockRenderer:
    """Renders blocks with a cache; one instance per document."""

    def __init__(self, resolver: AssetResolver | None = None, rewrite: Callable[[Resolved], str] | None = None) -> None:
        self._md = make_markdown()
        self._cache: dict[tuple[str, str, str], str] = {}
        self.resolver = resolver
        self._url_for = rewrite or file_url

    def set_resolver(self, resolver: AssetResolver | None) -> None:
        self.resolver = resolver
        self._cache.clear()

    def _convert(self, source: str) -> str:
        self._md.reset()
        out: str = self._md.convert(source)
        return rewrite_media(out, self.resolver, self._url_for)

    @staticmethod
    def _key(text: str, lay: Layout) -> tuple[str, str, str]:
        refs = lay.references if "[" in text and lay.references else ""
        notes = lay.footnotes if "[^" in text and lay.footnotes else ""
        return text, refs, notes

    def cached(self, text: str, lay: Layout) -> bool:
        """Whether block ``text`` renders from the cache (no Markdown work)."""
        return self._key(text, lay) in self._cache

    def render_block(self, text: str, lay: Layout) -> str:
        key = self._key(text, lay)
        text, refs, notes = key
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        source = text
        if refs:
            source += "\n\n" + refs
        if notes and not _FOOTNOTE_DEF.match(text):
            source += "\n\n" + notes
        out = self._convert(source)
        if notes:
            out = _FOOTNOTE_DIV.sub("", out).rstrip()
            numbers = {ident: str(n) for n, ident in enumerate(lay.footnote_order, start=1)}
            out = _FOOTNOTE_LINK.sub(lambda m: m.group(1) + numbers.get(m.group(2), "?") + m.group(3), out)
        if len(self._cache) > 20000:
            self._cache.clear()
        self._cache[key] = out
        return out

    def render_footnotes(self, lay: Layout) -> str:
        """The footnote list for the whole document ('' when it has none)."""
        if not lay.footnote_order or not lay.footnotes:
            return ""
        key = ("\x00footnotes", " ".join(lay.footnote_order), lay.footnotes)
        cached = self._cache.get(key)
        if cached is None:
            refs = " ".join(f"[^{i}]" for i in lay.footnote_order)
            out = self._convert(refs + "\n\n" + lay.footnotes)
            match = _FOOTNOTE_DIV.search(out)
            cached = match.group(0) if match else ""
            self._cache[key] = cached
        return cached

    def render_all(self, text: str) -> list[str]:
        """The HTML of every block, then the footnotes (when there are any)."""
        lay = layout(text)
        parts = [self.render_block(t, lay) for t in lay.texts]
        notes = self.render_footnotes(lay)
        if notes:
            parts.append(notes)
        return parts


def render_html(
    text: str, resolver: AssetResolver | None = None, rewrite: Callable[[Resolved], str] | None = None
) -> str:
    """The HTML fragment for a Markdown body (the same HTML the preview shows)."""
    renderer = BlockRenderer(resolver, rewrite)
    return "\n".join(h for h in renderer.render_all(text) if h)


def file_url(resolved: Resolved) -> str:
    assert resolved.path is not None
    return resolved.path.as_uri()


def placeholder(resolved: Resolved, tag: str) -> str:
    what = "image" if tag == "img" else "embedded content"
    messages = {
        "remote": f"Remote {what} not loaded",
        "missing": f"Missing {what}",
        "outside": f"Blocked {what} outside the site",
    }
    label = messages.get(resolved.kind, f"Unavailable {what}")
    ref = html.escape(resolved.original)
    return (
        f'<span class="pe-placeholder pe-{resolved.kind}" title="{ref}">'
        f'<span class="pe-placeholder-label">{label}</span> <code>{ref}</code></span>'
    )


def rewrite_media(out: str, resolver: AssetResolver | None, url_for: Callable[[Resolved], str]) -> str:
    """Point local images at real files; replace remote, missing and escaping ones
    with a visible placeholder that names the path."""

    def replace(match: re.Match[str]) -> str:
        tag = match.group(1).lower()
        raw = match.group(4).strip("\"'")
        ref = html.unescape(raw)
        if resolver is None:
            resolved = Resolved("remote" if re.match(r"(?i)https?:|//", ref) else "missing", ref)
        else:
            resolved = resolver.resolve(ref)
        if resolved.kind == "data" and tag == "img":
            return match.group(0)
        if resolved.kind == "local":
            url = html.escape(url_for(resolved), quote=True)
            return f'<{match.group(1)}{match.group(2)} src="{url}"{match.group(5)}>'
        return placeholder(resolved, tag)

    return _MEDIA.sub(replace, out)


def resolver_for(path: Path | None) -> AssetResolver:
    return AssetResolver.for_post(path)
