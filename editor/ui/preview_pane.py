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

import html
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineScript,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QApplication, QWidget

from editor.core.render import Block, BlockRenderer, layout, pygments_css
from editor.core.site import AssetResolver

PREVIEW_DIR = Path(__file__).resolve().parents[2] / "resources" / "preview"
WORLD = QWebEngineScript.ScriptWorldId.ApplicationWorld
RENDER_BUDGET_S = 0.012  # render at most this long per turn of the event loop
PENDING = '<p class="pe-pending"></p>'


class LocalOnlyInterceptor(QWebEngineUrlRequestInterceptor):
    """Blocks every request that is not a local file under an allowed folder."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.roots: tuple[Path, ...] = (PREVIEW_DIR,)
        self.blocked: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:  # noqa: N802 - Qt override
        url = info.requestUrl()
        scheme = url.scheme()
        if scheme == "data":
            return
        if scheme == "file":
            path = Path(url.toLocalFile()).resolve()
            if any(path == r or r in path.parents for r in self.roots):
                return
        self.blocked.append(url.toString())
        info.block(True)


class PreviewPage(QWebEnginePage):
    """Never navigates away from the shell; links go to the system browser."""

    def __init__(self, profile: QWebEngineProfile, parent: QObject | None = None) -> None:
        super().__init__(profile, parent)
        self.shell_url = QUrl.fromLocalFile(str(PREVIEW_DIR / "shell.html"))
        self.opened_links: list[str] = []

    def _is_shell(self, url: QUrl) -> bool:
        return url.scheme() == "file" and url.path() == self.shell_url.path()

    def acceptNavigationRequest(self, url: QUrl | str, nav_type: QWebEnginePage.NavigationType, is_main_frame: bool) -> bool:  # noqa: N802
        url = QUrl(url)
        clicked = nav_type == QWebEnginePage.NavigationType.NavigationTypeLinkClicked
        if self._is_shell(url):
            return True  # the shell itself, or an in-page anchor (footnotes, headings)
        if clicked and is_main_frame and url.scheme() in ("http", "https", "mailto"):
            self.opened_links.append(url.toString())
            QDesktopServices.openUrl(url)
        return False

    def createWindow(self, _type: QWebEnginePage.WebWindowType) -> QWebEnginePage | None:  # noqa: N802
        return None

    def javaScriptConsoleMessage(self, *args: Any) -> None:  # noqa: N802 - keep the console quiet
        pass


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
        self.renderer = BlockRenderer()
        self._shown: list[str] = []  # html of each block in the page
        self._lines: list[int] = []
        self._blocks: list[Block] = []
        self._header = ""
        self._theme: tuple[bool, str] | None = None
        self._text: str | None = None
        self._busy = False  # a patch is on its way to the page
        self._again = False  # text changed while busy: update again when it lands
        self._ready = False
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
        script = (PREVIEW_DIR / "preview.js").read_text(encoding="utf-8")
        self.page().runJavaScript(script, WORLD, lambda _r: self._became_ready())

    def _became_ready(self) -> None:
        self._ready = True
        self.ready.emit()
        if self._theme is not None:
            self._send_theme()
        self._send_header()
        self._update()

    def is_ready(self) -> bool:
        return self._ready

    def set_post_path(self, path: Path | None) -> None:
        resolver = AssetResolver.for_post(path)
        self.renderer.set_resolver(resolver)
        self.interceptor.roots = (PREVIEW_DIR, *resolver.roots)
        self._shown = []  # image URLs may differ: rebuild the page
        if self._ready:
            self.page().runJavaScript("__postEditor.patch([['delete', document.getElementById('pe-content').children.length]], [])", WORLD)

    def set_dark(self, dark: bool) -> None:
        self._theme = (dark, pygments_css())
        if self._ready:
            self._send_theme()

    def _send_theme(self) -> None:
        assert self._theme is not None
        dark, css = self._theme
        self.page().runJavaScript(f"__postEditor.setTheme({json.dumps(dark)}, {json.dumps(css)})", WORLD)

    def set_header(self, title: str, meta: list[str], cover: str | None) -> None:
        """Title, date/tags line and cover image above the body, like the site shows them."""
        parts = []
        if cover:
            parts.append(f'<img class="pe-cover" alt="" src="{html.escape(cover, quote=True)}">')
        if title:
            parts.append(f'<h1 class="pe-title">{html.escape(title)}</h1>')
        if meta:
            parts.append(f'<div class="pe-meta">{" · ".join(html.escape(m) for m in meta)}</div>')
        from editor.core.render import rewrite_media

        rendered = rewrite_media("".join(parts), self.renderer.resolver, lambda r: r.path.as_uri())  # type: ignore[union-attr]
        if rendered != self._header:
            self._header = rendered
            if self._ready:
                self._send_header()

    def _send_header(self) -> None:
        self.page().runJavaScript(f"__postEditor.setHeader({json.dumps(self._header)})", WORLD)

    # ----------------------------------------------------------------- updates

    def set_markdown(self, text: str) -> None:
        """Schedule a preview of ``text``; never blocks for longer than a slice."""
        self._text = text
        self._t0 = time.perf_counter()
        if self._busy:
            self._again = True
            return
        if not self._continue.isActive():
            self._continue.start()

    def _update(self) -> None:
        if not self._ready or self._text is None:
            return
        if self._busy:
            self._again = True
            return
        lay = layout(self._text)
        deadline = time.perf_counter() + RENDER_BUDGET_S
        new_html: list[str] = []
        incomplete = False
        cache_hit = self.renderer.cached
        for block in lay.blocks:
            if time.perf_counter() < deadline or cache_hit(block, lay):
                new_html.append(self.renderer.render_block(block, lay))
            else:
                new_html.append(PENDING)
                incomplete = True
        notes = self.renderer.render_footnotes(lay)
        lines = [b.line for b in lay.blocks]
        if notes:
            new_html.append(notes)
            lines.append(lines[-1] + 1 if lines else 0)
        self._blocks = lay.blocks
        self._send_patch(new_html, lines)
        if incomplete:
            self._again = True

    def _send_patch(self, new: list[str], lines: list[int]) -> None:
        old = self._shown
        prefix = 0
        limit = min(len(old), len(new))
        while prefix < limit and old[prefix] == new[prefix]:
            prefix += 1
        suffix = 0
        while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
            suffix += 1
        ops: list[list[Any]] = []
        if prefix:
            ops.append(["keep", prefix])
        removed = len(old) - prefix - suffix
        if removed:
            ops.append(["delete", removed])
        inserted = new[prefix: len(new) - suffix]
        if inserted:
            ops.append(["insert", [[h, lines[prefix + i]] for i, h in enumerate(inserted)]])
        first_moved = next((i for i, (a, b) in enumerate(zip(self._lines, lines, strict=False)) if a != b), min(len(self._lines), len(lines)))
        line_update = lines if (first_moved < len(lines) or len(lines) != len(self._lines)) else []
        self._shown = new
        self._lines = lines
        if not ops and not line_update:
            self._landed()
            return
        self._busy = True
        script = f"__postEditor.patch({json.dumps(ops)}, {json.dumps(line_update)})"
        self.page().runJavaScript(script, WORLD, lambda _r: self._landed())

    def _landed(self) -> None:
        self._busy = False
        self.last_update_ms = (time.perf_counter() - getattr(self, "_t0", time.perf_counter())) * 1000
        if self._again:
            self._again = False
            self._continue.start()
            return
        self.updated.emit()

    def is_current(self) -> bool:
        """True when the page shows the latest text completely."""
        return not self._busy and not self._again and not self._continue.isActive() and PENDING not in self._shown

    # ----------------------------------------------------------------- scrolling

    def block_at(self, line: int) -> tuple[int, int]:
        """(start line, line count) of the block that contains body ``line``."""
        start, count = 0, 1
        for block in self._blocks:
            if block.line > line:
                break
            start, count = block.line, block.text.count("\n") + 1
        return start, count

    def scroll_to_line(self, line: int, fraction: float = 0.0) -> None:
        """Show the block that holds body ``line`` at the top, ``fraction`` of the way in."""
        if not self._ready:
            return
        start, count = self.block_at(line)
        within = min(1.0, (line - start + fraction) / max(1, count))
        self._synced_to = (start, round(within, 2))
        self.page().runJavaScript(f"__postEditor.scrollToLine({start}, {within})", WORLD)

    def _on_scrolled(self, _pos: object) -> None:
        if self._ready:
            self.page().runJavaScript("JSON.stringify(__postEditor.topLine())", WORLD, self._report_top)

    def _report_top(self, result: object) -> None:
        try:  # JSON text: PySide does not convert every JavaScript array reliably
            start, fraction = json.loads(str(result))
        except (ValueError, TypeError):
            return
        synced = self._synced_to
        if synced is not None and synced[0] == start and abs(synced[1] - fraction) < 0.05:
            return  # the scroll we asked for ourselves
        self._synced_to = None
        _, count = self.block_at(start)
        exact = start + fraction * count
        self.topLineChanged.emit(int(exact), exact - int(exact))

    def teardown(self) -> None:
        """Delete the page before its profile (Qt warns, and may crash, otherwise)."""
        page = self.page()
        if page is not None and page.profile() is self.profile:
            self._ready = False
            self.setPage(None)  # type: ignore[arg-type]
            shiboken6.delete(page)

    # ----------------------------------------------------------------- scripting

    def evaluate(self, script: str, callback: Callable[[Any], None]) -> None:
        """Run ``script`` in the preview's isolated world."""
        self.page().runJavaScript(script, WORLD, callback)
