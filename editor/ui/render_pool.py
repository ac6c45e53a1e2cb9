"""Blocks of a long post rendered in worker processes while the preview fills.

Python-Markdown holds the interpreter's lock, so a thread would take the GUI's turns;
worker processes render on the other cores instead, and their HTML comes back to the
GUI thread as a signal, into the renderer's cache. The workers are started for a long
post only, and stop once they have been idle for a while, so a short post costs no
memory. Anything going wrong in a worker only means the GUI thread renders the blocks
itself, as it always can.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import Future, ProcessPoolExecutor

from PySide6.QtCore import QObject, QTimer, Signal

from editor.core.render import RenderKey, render_keys
from editor.core.site import AssetResolver

BATCH = 120  # blocks per job: large enough to be worth the trip, small enough to come back soon
IDLE_MS = 20_000  # the workers stop after this long without work
WORKER_NICENESS = 10


def _yield_to_the_window() -> None:
    """A worker runs at a lower priority than the window and its page: on a machine with
    few cores, typing and painting come first, and the workers use what is left."""
    try:
        os.nice(WORKER_NICENESS)
    except (AttributeError, OSError):  # Windows has no nice(); a worker at normal priority still works
        pass


class RenderPool(QObject):
    """``rendered(keys, htmls)`` fires on the GUI thread for each finished batch."""

    rendered = Signal(object, object, object)  # the resolver they were rendered with, keys, htmls
    _finished = Signal(object, object, object)  # future, keys, resolver: from the pool's thread

    def __init__(self, parent: QObject | None = None, workers: int | None = None) -> None:
        super().__init__(parent)
        self.workers = workers or max(1, min(2, (os.cpu_count() or 2) - 1))
        self._pool: ProcessPoolExecutor | None = None
        self._futures: set[Future[list[str]]] = set()
        self._asked: set[RenderKey] = set()
        # A worker failed (or cannot be started, as in the desktop bundle, where a worker
        # would start the program again): the GUI thread renders everything.
        self.broken = bool(getattr(sys, "frozen", False)) or os.environ.get("POST_EDITOR_WORKERS") == "0"
        self._idle = QTimer(self, singleShot=True, interval=IDLE_MS)
        self._idle.timeout.connect(self.stop)
        self._finished.connect(self._deliver)

    def busy(self) -> bool:
        return bool(self._futures)

    def asked(self, key: RenderKey) -> bool:
        """Whether ``key`` is being rendered in a worker (the GUI thread need not)."""
        return key in self._asked

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("spawn")  # never fork a process running Qt
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=context, initializer=_yield_to_the_window
            )
        return self._pool

    def submit(self, resolver: AssetResolver | None, keys: list[RenderKey]) -> None:
        """Render ``keys`` in the workers, in order, a batch at a time."""
        keys = [k for k in dict.fromkeys(keys) if k not in self._asked]
        if self.broken or not keys:
            return
        try:
            pool = self._start()
            for start in range(0, len(keys), BATCH):
                batch = keys[start : start + BATCH]
                future = pool.submit(render_keys, resolver, batch)
                self._asked.update(batch)
                self._futures.add(future)
                future.add_done_callback(lambda f, b=batch: self._finished.emit(f, b, resolver))
        except (OSError, RuntimeError) as exc:
            self._give_up(exc)
        self._idle.stop()

    def _deliver(self, future: Future[list[str]], keys: list[RenderKey], resolver: object) -> None:
        self._futures.discard(future)
        self._asked.difference_update(keys)
        if not self._futures:
            self._idle.start()
        if future.cancelled():
            return
        error = future.exception()
        if error is not None:
            self._give_up(error)
            self.rendered.emit(resolver, [], [])  # nothing more comes: the fill goes on without the workers
            return
        self.rendered.emit(resolver, keys, future.result())

    def _give_up(self, _error: BaseException) -> None:
        self.broken = True
        self._asked.clear()
        self.stop()

    def cancel(self) -> None:
        """Drop the batches not started yet (another post is shown)."""
        for future in list(self._futures):
            future.cancel()

    def stop(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
