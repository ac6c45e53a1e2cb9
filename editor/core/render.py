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
from pathlib import Path

import markdown
from pygments.formatters import HtmlFormatter

from editor.core.post_links import preview_targets
from editor.core.render_blocks import (
    Block,
    Change,
    IncrementalLayout,
    Layout,
    defines_footnote,
    layout,
    split_blocks,
    split_text,
)
from editor.core.site import AssetResolver, Resolved, is_remote

__all__ = [
    "Block",
    "BlockRenderer",
    "Change",
    "IncrementalLayout",
    "Layout",
    "layout",
    "BlockKey",
    "NoteKey",
    "RenderKey",
    "render_html",
    "render_keys",
    "rewrite_media",
    "split_blocks",
    "split_text",
]

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
    "pymdownx.arithmatex",
    "editor.core.render_alerts",
    "editor.core.render_diagrams",
    "editor.core.render_shortcodes",
]


def _code_formatter(lang_str: str = "", **options: object) -> HtmlFormatter:
    """Pygments' HTML formatter for a code block, made once per set of options: building
    one computes its whole style sheet, which cost more than highlighting the block."""
    del lang_str  # what codehilite passes a formatter class; the HTML formatter has no use for it
    key = repr(sorted(options.items()))
    formatter = _FORMATTERS.get(key)
    if formatter is None:
        if len(_FORMATTERS) > 64:  # options vary with a block's highlighted lines and title
            _FORMATTERS.clear()
        formatter = _FORMATTERS[key] = HtmlFormatter(**options)
    return formatter


_FORMATTERS: dict[str, HtmlFormatter] = {}

EXTENSION_CONFIGS = {
    "codehilite": {"guess_lang": False, "css_class": "codehilite", "pygments_formatter": _code_formatter},
    "pymdownx.tasklist": {"custom_checkbox": False},
    "pymdownx.tilde": {"subscript": False},
    "pymdownx.arithmatex": {"generic": True},  # math kept as TeX, for KaTeX (core.typeset)
}

LIGHT_STYLE = "default"
DARK_STYLE = "monokai"

_FOOTNOTE_DIV = re.compile(r'<div class="footnote">.*\Z', re.DOTALL)
_FOOTNOTE_LINK = re.compile(r'(<a class="footnote-ref" href="#fn:([^"]+)">)\d+(</a>)')
_MEDIA = re.compile(
    r"<(img|iframe|video|audio|source|embed)\b([^>]*?)\s(src)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)([^>]*)>",
    re.IGNORECASE,
)


def make_markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")


def pygments_css(dark_selector: str = "body.dark") -> str:
    """Code highlighting CSS: the light style, and the dark one under ``dark_selector``."""
    light: str = HtmlFormatter(style=LIGHT_STYLE).get_style_defs(".codehilite")
    dark: str = HtmlFormatter(style=DARK_STYLE).get_style_defs(f"{dark_selector} .codehilite")
    return light + "\n" + dark


BlockKey = tuple[str, str, str, tuple[tuple[str, int], ...]]  # a block's text, references, notes, numbers
NOTE = "\x00note"  # first of a footnote's key (a block's key has four parts, a footnote's five)
NoteKey = tuple[str, str, int, int, str]  # NOTE, the footnote's id, its number, its citations, its definition
RenderKey = BlockKey | NoteKey


class BlockRenderer:
    """Renders blocks with a cache; one instance per document."""

    def __init__(
        self,
        resolver: AssetResolver | None = None,
        rewrite: Callable[[Resolved], str] | None = None,
        post_links: bool = False,
    ) -> None:
        self._md = make_markdown()
        self._post_links = post_links  # the preview's: links to other posts open them
        self._cache: dict[tuple[object, ...], str] = {}  # a block, or a footnote of the list, by what it depends on
        self.resolver = resolver
        self._url_for = rewrite or file_url

    def set_resolver(self, resolver: AssetResolver | None) -> None:
        self.resolver = resolver
        self._cache.clear()

    def _convert(self, source: str) -> str:
        if self._post_links:
            source = preview_targets(source)
        self._md.reset()
        self._md.post_editor_shortcodes = dict(self.resolver.shortcodes) if self.resolver is not None else {}
        out: str = self._md.convert(source)
        return rewrite_media(out, self.resolver, self._url_for)

    @staticmethod
    def key(text: str, lay: Layout) -> BlockKey:
        """What block ``text`` renders from: its text and the definitions it cites."""
        return (text, *lay.definitions_for(text))

    def is_cached(self, key: RenderKey) -> bool:
        return key in self._cache

    def render_block(self, text: str, lay: Layout) -> str:
        return self.render_key(self.key(text, lay), len(lay.texts))

    def render_key(self, key: BlockKey, blocks: int = 0) -> str:
        """The HTML of the block ``key`` names (``blocks``: how many the post has, so the
        cache never clears itself in the middle of a long post)."""
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        text, refs, notes, numbers = key
        source = text
        if refs:
            source += "\n\n" + refs
        if notes:
            source += "\n\n" + notes
        out = self._convert(source)
        if numbers or defines_footnote(text):  # the footnotes are listed once, at the end
            out = _FOOTNOTE_DIV.sub("", out).rstrip()
            number = dict(numbers)
            out = _FOOTNOTE_LINK.sub(lambda m: m.group(1) + str(number.get(m.group(2)) or "?") + m.group(3), out)
        self.remember(key, out, blocks)
        return out

    def remember(self, key: RenderKey, out: str, blocks: int = 0) -> None:
        """Keep ``out`` as the HTML of ``key`` (rendered here, or by ``render_keys`` elsewhere)."""
        if len(self._cache) > max(20000, 3 * blocks):
            self._cache.clear()
        self._cache[key] = out

    @staticmethod
    def footnote_keys(lay: Layout) -> list[NoteKey]:
        """What each item of the footnote list renders from, in the list's order."""
        keys = []
        for number, ident in enumerate(lay.footnote_order, start=1):
            block = lay.footnote_blocks.get(ident)
            if block is not None:
                keys.append((NOTE, ident, number, lay.footnote_citations.get(ident, 1), block))
        return keys

    def render_footnotes(self, lay: Layout) -> str:
        """The footnote list for the whole document ('' when it has none), put together from
        one rendering per footnote, so an edit to one note renders that note alone."""
        if not lay.footnote_order or not lay.footnotes:
            return ""
        items = [self.render_note(key) for key in self.footnote_keys(lay)]
        if not items:
            return ""
        return '<div class="footnote">\n<hr>\n<ol>\n' + "\n".join(items) + "\n</ol>\n</div>"

    def render_note(self, key: NoteKey) -> str:
        """One ``<li>`` of the footnote list: footnote ``ident``, numbered ``number``, with a
        way back to each of its ``citations`` in the text."""
        cached = self._cache.get(key)
        if cached is None:
            _, ident, number, citations, block = key
            out = self._convert(" ".join([f"[^{ident}]"] * citations) + "\n\n" + block)
            start = out.find(f'<li id="fn:{html.escape(ident, quote=True)}">')
            cached = ""
            if start >= 0:
                end = out.find('\n<li id="fn:', start + 1)
                end = out.rfind("</li>", start, end if end >= 0 else len(out)) + len("</li>")
                cached = out[start:end].replace(
                    'title="Jump back to footnote 1 in the text"', f'title="Jump back to footnote {number} in the text"'
                )
            self._cache[key] = cached
        return cached

    def render_any(self, key: RenderKey, blocks: int = 0) -> str:
        """The HTML a block's or a footnote's key names."""
        if len(key) == 5:  # a footnote's key
            return self.render_note(key)
        return self.render_key(key, blocks)

    def render_all(self, text: str) -> list[str]:
        """The HTML of every block, then the footnotes (when there are any)."""
        lay = layout(text)
        parts = [self.render_block(t, lay) for t in lay.texts]
        notes = self.render_footnotes(lay)
        if notes:
            parts.append(notes)
        return parts


_WORKER: list[BlockRenderer] = []  # a worker process's renderer, kept between batches


def render_keys(resolver: AssetResolver | None, keys: list[RenderKey]) -> list[str]:
    """The HTML of each block or footnote ``keys`` names, as ``BlockRenderer`` makes it:
    the job a worker process does while a long post fills the preview."""
    if not _WORKER:
        _WORKER.append(BlockRenderer(resolver, post_links=True))  # the workers render for the preview
    renderer = _WORKER[0]
    if renderer.resolver != resolver:
        renderer.set_resolver(resolver)
    return [renderer.render_any(key) for key in keys]


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
            resolved = Resolved("remote" if is_remote(ref) else "missing", ref)
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
