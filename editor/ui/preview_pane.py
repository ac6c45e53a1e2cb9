"""The live preview: a Qt WebEngine page patched block by block.

A shell page from ``resources/preview`` is loaded once. Each update renders
only the blocks whose text changed (``core.render.BlockRenderer`` caches the
rest), trims the unchanged blocks at both ends, and sends the middle as a
patch through ``runJavaScript`` in an isolated world. JavaScript is disabled in
the page's main world, so scripts and event handlers in the author's HTML
never run; a request interceptor lets only local files of the site and of the
app through; links open in the system browser.
"""

from __future__ import annotations

import bisect
import html
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtWebEngineCore import (
    QWebEngineProfile,
    QWebEngineScript,
    QWebEngineSettings,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QApplication, QWidget

from editor.core import resources, typeset
from editor.core.render import (
    BlockRenderer,
    Change,
    IncrementalLayout,
    Layout,
    RenderKey,
    pygments_css,
    rewrite_media,
)
from editor.core.site import AssetResolver
from editor.ui.preview_page import PREVIEW_DIR, LocalOnlyInterceptor, PreviewPage
from editor.ui.preview_tail import TailFill
from editor.ui.render_pool import RenderPool
from editor.ui.tasks import LatestOnly

WORLD = QWebEngineScript.ScriptWorldId.ApplicationWorld
RENDER_BUDGET_S = 0.010  # render at most this long per turn of the event loop while typing
FILL_BUDGET_S = 0.030  # longer turns to fill a freshly opened long post when nobody types
MAX_IN_FLIGHT = 3  # patches queued in the page at once, so typing never waits behind many
SPLIT_IN_THREAD = 1_000_000  # characters; a longer text is first split into blocks in a thread
POOL_MIN_BLOCKS = 2000  # a fill with more blocks left (a second or more of work) also uses worker processes
POOL_LEAD = 40  # blocks the GUI thread renders itself before the workers' first (the top shows at once)
POOL_AHEAD = 1200  # blocks asked of the workers ahead of what the page shows
FILL_PATCH = 400  # blocks at most in one patch of a fill (those rendered ahead come in runs)
TYPING_S = 0.5  # a change this recent means the author is typing


class PreviewPane(QWebEngineView):
    """Shows the rendered post. ``updated`` fires after each patch reaches the page."""

    updated = Signal()
    ready = Signal()
    topLineChanged = Signal(int, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preview")
        self.setAccessibleName("Preview")
        self.profile = QWebEngineProfile(self)  # off the record: no cache or cookies on disk
        self.interceptor = LocalOnlyInterceptor(self.profile)
        self.profile.setUrlRequestInterceptor(self.interceptor)
        page = PreviewPage(self.profile, self)
        self.setPage(page)
        s = page.settings()
        s.setAttribute(QWebEngineSettings.WebAttribute.JavascriptEnabled, False)
        s.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, False)
        s.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, True)
        s.setAttribute(QWebEngineSettings.WebAttribute.PluginsEnabled, False)
        s.setAttribute(QWebEngineSettings.WebAttribute.ErrorPageEnabled, False)
        s.setAttribute(QWebEngineSettings.WebAttribute.AutoLoadIconsForPage, False)
        s.setAttribute(QWebEngineSettings.WebAttribute.FocusOnNavigationEnabled, False)
        s.setAttribute(QWebEngineSettings.WebAttribute.NavigateOnDropEnabled, False)
        self.setAcceptDrops(False)
        self.renderer = BlockRenderer(post_links=True)
        self.pool = RenderPool(self)
        self.pool.rendered.connect(self._pooled)
        self._tail = TailFill(self.renderer, self.pool, self._typing, self)
        self._fed = 0  # blocks of the layout, from the start, asked of the workers (or shown)
        self._layout = IncrementalLayout()
        self._prepared: tuple[str, Layout, list[int]] | None = None  # a split made in a thread
        self._splitter = LatestOnly(self)
        self._epoch = 0  # counts set_resolver calls: a split begun for another post is dropped
        self._threaded = True  # False after a split failed in its thread: split here instead
        self._html: list[str] = []  # html of each block element in the page
        self._layout_texts: list[str] = []
        self._lines: list[int] = []
        self._pending = 0  # blocks shown as placeholders until rendered
        self._notes_due = False  # every block is shown; the footnote list comes from the workers
        self._has_notes = False
        self._t0 = time.perf_counter()
        self._edited_at = 0.0  # the last change to the text shown (opening a post is none)
        self._header = ""
        self._theme: tuple[bool, str] | None = None
        self._zoom = 1.0
        self._text: str | None = None
        self._in_flight = 0  # patches sent to the page and not yet applied
        self.patches_landed = 0  # patches the page has applied since it was made (for measuring)
        self._again = False  # more to do once a patch lands (pending blocks, newer text)
        self._ready = False
        self._post_links: dict[str, str | None] = {}
        self._renderers: set[str] = set()  # typesetting libraries loaded into the page
        self._synced_to: tuple[int, float] | None = None
        self.last_update_ms = 0.0
        self._continue = QTimer(self, singleShot=True, interval=0)
        self._continue.timeout.connect(self._update)
        page.loadFinished.connect(self._on_load)
        page.scrollPositionChanged.connect(self._on_scrolled)
        self.setUrl(page.shell_url)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.teardown)

    # ----------------------------------------------------------------- set-up

    def _on_load(self, ok: bool) -> None:
        if self._ready:
            return
        script = resources.read_text("preview", "preview.js") + "\n" + typeset.typeset_script()
        self.page().runJavaScript(script, WORLD, lambda _r: self._became_ready())

    def _became_ready(self) -> None:
        self._ready = True
        self.setZoomFactor(self._zoom)  # a zoom set while the shell loaded may not have held
        self.ready.emit()
        if self._theme is not None:
            self._send_theme()
        self._send_header()
        if self._post_links:
            self.set_post_links(self._post_links)
        self._update()

    def is_ready(self) -> bool:
        return self._ready

    def set_post_path(self, path: Path | None) -> None:
        self.set_resolver(AssetResolver.for_post(path))

    def set_resolver(self, resolver: AssetResolver) -> None:
        """Where the shown post's images resolve; the page is rebuilt."""
        self.renderer.set_resolver(resolver)
        self.pool.cancel()  # blocks of the post shown before
        self._tail.stop()
        self._fed, self._notes_due = 0, False
        self.interceptor.roots = (PREVIEW_DIR, *resolver.roots)
        self._layout = IncrementalLayout()  # image URLs may differ: rebuild the page
        self._prepared, self._epoch, self._threaded = None, self._epoch + 1, True
        if self._ready and self._html:
            self.page().runJavaScript(f"__postEditor.patch([['delete', {len(self._html)}]])", WORLD)
        self._html = []

    def set_zoom(self, factor: float) -> None:
        """Show the page ``factor`` times its natural size (1.0: actual size)."""
        self._zoom = factor
        self.setZoomFactor(factor)

    def set_dark(self, dark: bool) -> None:
        self._theme = (dark, pygments_css())
        if self._ready:
            self._send_theme()

    def _send_theme(self) -> None:
        assert self._theme is not None
        dark, css = self._theme
        self.page().runJavaScript(f"__postEditor.setTheme({json.dumps(dark)}, {json.dumps(css)})", WORLD)

    def set_header(self, title: str, meta: list[str], cover: str | None, alt: str = "") -> None:
        """Title, date/tags line and cover image above the body, like the site shows them."""
        parts = []
        if cover:
            parts.append(
                f'<img class="pe-cover" alt="{html.escape(alt, quote=True)}" src="{html.escape(cover, quote=True)}">'
            )
        if title:
            parts.append(f'<h1 class="pe-title">{html.escape(title)}</h1>')
        if meta:
            parts.append(f'<div class="pe-meta">{" · ".join(html.escape(m) for m in meta)}</div>')
        rendered = rewrite_media("".join(parts), self.renderer.resolver, lambda r: r.path.as_uri())  # type: ignore[union-attr]
        if rendered != self._header:
            self._header = rendered
            if self._ready:
                self._send_header()

    def set_post_links(self, titles: dict[str, str | None]) -> None:
        """The title of the post each ``#post-editor-post:`` link opens (None: no such post)."""
        self._post_links = titles
        if self._ready:
            self.page().runJavaScript(f"__postEditor.setPostLinks({json.dumps(titles)})", WORLD)

    def _send_header(self) -> None:
        self.page().runJavaScript(f"__postEditor.setHeader({json.dumps(self._header)})", WORLD)

    # ----------------------------------------------------------------- updates

    def set_markdown(self, text: str) -> None:
        """Schedule a preview of ``text``; never blocks for longer than a slice."""
        if self._text is not None and self._layout.layout.texts:
            self._edited_at = time.perf_counter()
        self._text = text
        self._t0 = time.perf_counter()
        if self._in_flight >= MAX_IN_FLIGHT:
            self._again = True
            return
        if not self._continue.isActive():
            self._continue.start()

    def _update(self) -> None:
        if not self._ready or self._text is None:
            return
        if self._in_flight >= MAX_IN_FLIGHT:
            self._again = True
            return
        if self._prepared is not None:  # a long text's first split, made in a thread
            self._layout.adopt(self._prepared)
            self._prepared = None
            lay, _ = self._layout.update(self._text)  # typed meanwhile: goes on from there
            change = None  # the page has none of it yet
        elif self._threaded and not self._layout.layout.texts and len(self._text) > SPLIT_IN_THREAD:
            self._split_in_thread()
            return
        else:
            lay, change = self._layout.update(self._text)
        unchanged = (
            change is not None and change.start == change.old_end == change.new_end and not change.definitions_changed
        )
        if (self._pending or self._notes_due) and unchanged:
            self._fill_pending(lay)
        elif change is not None and not change.definitions_changed and self._shows(change):
            self._patch_range(lay, change)
        else:
            self._rebuild(lay)
        self._layout_texts = lay.texts
        self._lines = lay.lines

    def _render(
        self, texts: list[str], lay: Layout, deadline: float, pooled: bool = False, most: int = 0
    ) -> tuple[list[str], int]:
        """Render ``texts`` in order until the time budget is spent (or, with ``pooled``,
        until a block the workers are rendering; with ``most``, that many blocks). Returns
        the rendered prefix and how many blocks are left for the next turns."""
        out: list[str] = []
        renderer = self.renderer
        for i, text in enumerate(texts):
            key = renderer.key(text, lay)
            if not renderer.is_cached(key) and (time.perf_counter() > deadline or pooled and self.pool.asked(key)):
                return out, len(texts) - i
            if most and len(out) >= most:
                return out, len(texts) - i
            out.append(renderer.render_key(key, len(lay.texts)))
        return out, 0

    def _fill_pending(self, lay: Layout) -> None:
        """Append the next run of blocks of a long post that is still filling in."""
        first = len(self._html)
        pooled = self._feed_pool(lay, first)
        typing = self._typing()
        deadline = time.perf_counter() + (RENDER_BUDGET_S if typing or pooled else FILL_BUDGET_S)
        rendered, self._pending = self._render(lay.texts[first:], lay, deadline, pooled, FILL_PATCH)
        self._notes_due = not self._pending and pooled and self._notes_in_workers(lay)
        if not rendered and (self._pending or self._notes_due) and pooled:
            return  # the workers' next batch resumes the fill (``_pooled``)
        if not self._pending and not self._notes_due:
            rendered += self._footnotes(lay)
        self._html += rendered
        self._send([["keep", first], ["insert", rendered]])

    def _typing(self) -> bool:
        return time.perf_counter() - self._edited_at < TYPING_S

    def _feed_pool(self, lay: Layout, first: int) -> bool:
        """Ask the workers for the blocks past ``first`` not asked yet, up to ``POOL_AHEAD``
        ahead; True while they work on this fill."""
        left = len(lay.texts) - first
        if self.pool.broken or (left < POOL_MIN_BLOCKS and not self.pool.busy()):
            return False
        start = max(self._fed, first + POOL_LEAD)
        end = min(len(lay.texts), first + POOL_AHEAD)
        if start < end:
            renderer = self.renderer
            keys: list[RenderKey] = [renderer.key(text, lay) for text in lay.texts[start:end]]
            if end == len(lay.texts):  # and the footnote list, the end of the page
                keys += renderer.footnote_keys(lay)
            self.pool.submit(renderer.resolver, [k for k in keys if not renderer.is_cached(k)])
            self._fed = end
        if self.pool.busy():
            self._tail.follow(lay, lambda: self._fed)
        return self.pool.busy()

    def _notes_in_workers(self, lay: Layout) -> bool:
        """Whether a footnote of the list is still being rendered in a worker."""
        return bool(lay.footnotes) and any(self.pool.asked(k) for k in self.renderer.footnote_keys(lay))

    def _pooled(self, resolver: Any, keys: list[Any], htmls: list[str]) -> None:
        """A batch from the workers: into the cache (for the post it was asked for), and on with the fill."""
        if resolver != self.renderer.resolver:
            return
        blocks = len(self._layout_texts)
        for key, out in zip(keys, htmls, strict=True):
            self.renderer.remember(key, out, blocks)
        if not (self._pending or self._notes_due):
            return
        if not self._continue.isActive() and self._in_flight < MAX_IN_FLIGHT:
            self._continue.start()
        else:
            self._again = True

    def _footnotes(self, lay: Layout) -> list[str]:
        notes = self.renderer.render_footnotes(lay)
        self._has_notes = bool(notes)
        return [notes] if notes else []

    def _shows(self, change: Change) -> bool:
        """Whether the page holds every block ``change`` replaces: the whole post, or (while
        a long post fills) the blocks down to the end of the change."""
        if self._pending:
            return change.old_end < len(self._html)
        return len(self._html) == len(self._layout_texts) + self._has_notes

    def _patch_range(self, lay: Layout, change: Change) -> None:
        """A local edit: render the changed blocks, keep every other element."""
        deadline = time.perf_counter() + RENDER_BUDGET_S
        start, old_end = change.start, change.old_end
        middle, pending = self._render(lay.texts[start : change.new_end], lay, deadline)
        if pending:  # a large paste: placeholders must form the tail, as after a rebuild
            self._rebuild(lay)
            return
        # Neighbours re-split with the edit usually render the same: keep their elements.
        while middle and start < old_end and middle[0] == self._html[start]:
            middle.pop(0)
            start += 1
        while middle and old_end > start and middle[-1] == self._html[old_end - 1]:
            middle.pop()
            old_end -= 1
        self._html[start:old_end] = middle
        if self._fed > change.old_end:  # the workers were asked for blocks past the edit
            self._fed += change.new_end - change.old_end
        ops: list[list[Any]] = [["keep", start]]
        if old_end > start:
            ops.append(["delete", old_end - start])
        if middle:
            ops.append(["insert", middle])
        self._send(ops)

    def _rebuild(self, lay: Layout) -> None:
        """Everything may have changed: diff the whole list of blocks. Blocks past
        the time budget are appended by later turns (``_fill_pending``)."""
        deadline = time.perf_counter() + RENDER_BUDGET_S
        new, self._pending = self._render(lay.texts, lay, deadline)
        self._fed, self._notes_due = len(new), False
        self._has_notes = False
        if not self._pending:
            new += self._footnotes(lay)
        old = self._html
        prefix, limit = 0, min(len(old), len(new))
        while prefix < limit and old[prefix] == new[prefix]:
            prefix += 1
        suffix = 0
        while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
            suffix += 1
        ops: list[list[Any]] = []
        if prefix:
            ops.append(["keep", prefix])
        if len(old) - prefix - suffix:
            ops.append(["delete", len(old) - prefix - suffix])
        if new[prefix : len(new) - suffix]:
            ops.append(["insert", new[prefix : len(new) - suffix]])
        self._html = new
        self._send(ops)

    def _send(self, ops: list[list[Any]]) -> None:
        if len(self._renderers) < len(typeset.LIBRARIES):
            self._load_renderers(ops)
        if any(op[0] != "keep" for op in ops):
            self._in_flight += 1
            self.page().runJavaScript(f"__postEditor.patch({json.dumps(ops)})", WORLD, lambda _r: self._landed())
        if self._pending:
            self._again = True  # fill the placeholders next, without waiting for this patch
        self._next()

    def _load_renderers(self, ops: list[list[Any]]) -> None:
        """Load KaTeX or Mermaid into the page the first time a patch brings math or a
        diagram (scripts run in the order sent, so before the patch that needs them)."""
        inserted = "".join(html for op in ops if op[0] == "insert" for html in op[1])
        for kind in sorted(typeset.needs(inserted) - self._renderers):
            self._renderers.add(kind)
            if kind == typeset.MATH:
                href = QUrl.fromLocalFile(str(resources.resource_path(*typeset.KATEX_CSS))).toString()
                self.page().runJavaScript(f"__postEditor.addStyle({json.dumps(href)})", WORLD)
            self.page().runJavaScript(typeset.library_script(kind), WORLD)

    def _landed(self) -> None:
        self._in_flight -= 1
        self.patches_landed += 1
        self._next()

    def _next(self) -> None:
        """Start the next pass, or report that the page is up to date."""
        if self._again and self._in_flight < MAX_IN_FLIGHT:
            self._again = False
            self._continue.start()
        elif not self._again and self._in_flight == 0 and not self._continue.isActive():
            self.last_update_ms = (time.perf_counter() - self._t0) * 1000
            self.updated.emit()

    def _split_in_thread(self) -> None:
        """Split a long text (a second for 20 MB) off the GUI thread; ``_update`` resumes."""
        if self._splitter.busy():
            return  # its result comes back to _update, which then catches up with the text

        epoch = self._epoch

        def done(prepared: Any, error: BaseException | None) -> None:
            if error is not None:
                self._threaded = False  # the next pass splits here, and reports what goes wrong
            elif epoch == self._epoch:
                self._prepared = prepared
            self._update()  # with the split, or (another post shown meanwhile) a fresh one

        text = self._text
        assert text is not None
        self._splitter.request(lambda: IncrementalLayout.split(text), done)

    def is_current(self) -> bool:
        """True when the page shows the latest text completely."""
        idle = self._in_flight == 0 and not self._again and not self._continue.isActive()
        filled = not self._pending and not self._notes_due
        return idle and filled and self._prepared is None and not self._splitter.busy()

    # ----------------------------------------------------------------- scrolling

    def block_index(self, line: int) -> int:
        """Index of the block that holds body ``line``."""
        return max(0, bisect.bisect_right(self._lines, line) - 1)

    def scroll_to_line(self, line: int, fraction: float = 0.0) -> None:
        """Show the block that holds body ``line`` at the top, ``fraction`` of the way in."""
        if not self._ready or not self._lines:
            return
        index = self.block_index(line)
        start = self._lines[index]
        count = self._layout_texts[index].count("\n") + 1 if index < len(self._layout_texts) else 1
        within = min(1.0, (line - start + fraction) / max(1, count))
        self._synced_to = (index, round(within, 2))
        self.page().runJavaScript(f"__postEditor.scrollToIndex({index}, {within})", WORLD)

    def _on_scrolled(self, _pos: object) -> None:
        if self._ready:
            self.page().runJavaScript("__postEditor.topIndex()", WORLD, self._report_top)

    def _report_top(self, result: object) -> None:
        try:  # JSON text: PySide does not convert every JavaScript array reliably
            index, fraction = json.loads(str(result))
        except (ValueError, TypeError):
            return
        synced = self._synced_to
        if synced is not None and abs(synced[0] + synced[1] - index - fraction) < 0.5:
            return  # the scroll we asked for ourselves (give or take a margin)
        self._synced_to = None
        if not self._lines:
            return
        index = min(index, len(self._lines) - 1)
        count = self._layout_texts[index].count("\n") + 1
        exact = self._lines[index] + fraction * count
        self.topLineChanged.emit(int(exact), exact - int(exact))

    def teardown(self) -> None:
        """Delete the page before its profile (Qt warns, and may crash, otherwise)."""
        self._splitter.shutdown()
        self.pool.stop()
        page = self.page()
        if page is not None and page.profile() is self.profile:
            self._ready = False
            self.setPage(None)  # type: ignore[arg-type]
            shiboken6.delete(page)

    # ----------------------------------------------------------------- scripting

    def evaluate(self, script: str, callback: Callable[[Any], None]) -> None:
        """Run ``script`` in the preview's isolated world."""
        self.page().runJavaScript(script, WORLD, callback)
