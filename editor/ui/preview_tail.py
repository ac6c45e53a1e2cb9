"""The GUI thread's share of filling a long post: while the workers render it from the top,
the window renders it from the bottom, in short slices, whenever it has nothing else to
do. The two meet in the middle; each block is rendered once, by whoever gets to it first
(the preview asks the workers only for blocks not rendered yet)."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from editor.core.render import BlockRenderer, Layout, RenderKey
from editor.ui.render_pool import RenderPool

SLICE_S = 0.006  # the longest a slice keeps the event loop, so a key typed meanwhile waits no more
RESUME_MS = 100  # after a key, wait this long before the next slice: typing comes first
REST_MS = 2  # between slices: the page and the window's own threads get the processor too


class TailFill(QObject):
    """Renders the end of ``follow``'s layout into the renderer's cache, backwards, down to
    the first block the workers have been asked for (``front()``)."""

    def __init__(
        self,
        renderer: BlockRenderer,
        pool: RenderPool,
        typing: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._renderer = renderer
        self._pool = pool
        self._typing = typing
        self._layout: Layout | None = None
        self._front: Callable[[], int] = lambda: 0
        self._todo: list[RenderKey] = []  # what is left at the end of the page, the footnotes first
        self._at = 0  # the block the next slice starts at, going up
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._slice)
        self.rendered = 0  # blocks and footnotes rendered here (for tests and measuring)

    def follow(self, lay: Layout, front: Callable[[], int]) -> None:
        """Fill ``lay`` from its end while the workers fill it from ``front()``."""
        if lay is not self._layout:
            self._layout, self._front = lay, front
            self._todo = self._renderer.footnote_keys(lay)[::-1] if lay.footnotes else []
            self._at = len(lay.texts)
        if not self._timer.isActive():
            self._timer.start()

    def stop(self) -> None:
        self._layout = None
        self._timer.stop()

    def _slice(self) -> None:
        lay = self._layout
        if lay is None or not self._pool.busy():
            return  # the fill is over (or the workers gave up, and the preview renders the rest)
        if self._typing():
            self._timer.start(RESUME_MS)
            return
        renderer, pool, blocks = self._renderer, self._pool, len(lay.texts)
        deadline = time.perf_counter() + SLICE_S
        while time.perf_counter() < deadline:
            if not self._todo:
                if self._at <= self._front():
                    self._layout = None  # met the workers
                    return
                self._at -= 1
                self._todo.append(renderer.key(lay.texts[self._at], lay))
            key = self._todo.pop()
            if not renderer.is_cached(key) and not pool.asked(key):
                renderer.render_any(key, blocks)
                self.rendered += 1
        self._timer.start(REST_MS)
