"""Markdown to HTML: one renderer for the preview, export and the command line.

Rendering is done block by block (paragraphs, lists, fenced code...) with a
cache keyed by each block's text, so that after a keystroke only the block
being edited is rendered again. Link reference definitions and footnotes are
document-wide: each block is rendered with the definitions it needs, and
footnotes are numbered in document order and gathered in a final block.
"""

from __future__ import annotations

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


def split_blocks(text: str) -> list[Block]:
    """Cut a Markdown body into independently renderable top-level blocks.

    Blank lines separate blocks, except inside fenced code and raw HTML blocks;
    indented lines and list items after a list stay with the block before them.
    """
    lines = text.split("\n")
    blocks: list[tuple[int, int]] = []  # (start line, end line exclusive)
    start: int | None = None
    fence = ""
    html_tag = ""
    for i, line in enumerate(lines):
        if start is not None and fence:
            if re.match(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$", line):
                fence = ""
            continue
        if start is not None and html_tag:
            if f"</{html_tag}" in line.lower():
                html_tag = ""
            continue
        if not line.strip():
            if start is not None:
                blocks.append((start, i))
                start = None
            continue
        if start is None:
            if blocks and (line[0] in " \t" or (_LIST_ITEM.match(line) and _LIST_ITEM.match(lines[blocks[-1][0]]))):
                start = blocks.pop()[0]  # continuation of the previous block
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
        blocks.append((start, len(lines)))
    return [Block("\n".join(lines[a:b]), a) for a, b in blocks]


def make_markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")


def pygments_css(dark_selector: str = "body.dark") -> str:
    """Code highlighting CSS: the light style, and the dark one under ``dark_selector``."""
    light = HtmlFormatter(style=LIGHT_STYLE).get_style_defs(".codehilite")
    dark = HtmlFormatter(style=DARK_STYLE).get_style_defs(f"{dark_selector} .codehilite")
    return light + "\n" + dark


@dataclass(frozen=True)
class Layout:
    """A body cut into blocks, with the document-wide definitions blocks need."""

    blocks: list[Block]
    references: str
    footnotes: str
    footnote_order: tuple[str, ...]


def layout(text: str) -> Layout:
    blocks = split_blocks(text)
    references = "\n".join(m.group(0) for m in _REF_DEF.finditer(text))
    footnote_blocks = [b.text for b in blocks if _FOOTNOTE_DEF.match(b.text)]
    order: list[str] = []
    for block in blocks:
        if _FOOTNOTE_DEF.match(block.text):
            continue
        for ident in _FOOTNOTE_REF.findall(block.text):
            if ident not in order:
                order.append(ident)
    return Layout(blocks, references, "\n\n".join(footnote_blocks), tuple(order))


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
        out = self._md.convert(source)
        return rewrite_media(out, self.resolver, self._url_for)

    @staticmethod
    def _key(block: Block, lay: Layout) -> tuple[str, str, str]:
        text = block.text
        refs = lay.references if "[" in text and lay.references else ""
        notes = lay.footnotes if "[^" in text and lay.footnotes else ""
        return text, refs, notes

    def cached(self, block: Block, lay: Layout) -> bool:
        """Whether ``block`` renders from the cache (no Markdown work)."""
        return self._key(block, lay) in self._cache

    def render_block(self, block: Block, lay: Layout) -> str:
        key = self._key(block, lay)
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

    def render_all(self, text: str) -> list[tuple[Block, str]]:
        lay = layout(text)
        parts = [(b, self.render_block(b, lay)) for b in lay.blocks]
        notes = self.render_footnotes(lay)
        if notes:
            parts.append((Block("", len(text.split("\n"))), notes))
        return parts


def render_html(text: str, resolver: AssetResolver | None = None,
                rewrite: Callable[[Resolved], str] | None = None) -> str:
    """The HTML fragment for a Markdown body (the same HTML the preview shows)."""
    renderer = BlockRenderer(resolver, rewrite)
    return "\n".join(h for _, h in renderer.render_all(text) if h)


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


def rewrite_media(out: str, resolver: AssetResolver | None,
                  url_for: Callable[[Resolved], str]) -> str:
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
