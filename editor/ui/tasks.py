"""Background work whose results come back to the GUI thread as signals.

The function runs in a QThread; ``progress`` and ``done`` are delivered on the
GUI thread (queued signals), so callbacks may touch widgets. A job never
touches widgets itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot


class _Worker(QObject):
    progress = Signal(object)
    done = Signal(object, object)  # result, error

    def __init__(self, fn: Callable[[Callable[[Any], None]], Any]) -> None:
        super().__init__()
        self._fn = fn

    @Slot()
    def run(self) -> None:
        try:
            result = self._fn(self.progress.emit)
        except Exception as exc:  # noqa: BLE001 - reported to the GUI thread, never lost
            self.done.emit(None, exc)
        else:
            self.done.emit(result, None)


class Task(QObject):
    """One background job. Keep a reference until ``finished`` fires."""

    finished = Signal()

    def __init__(
        self,
        fn: Callable[[Callable[[Any], None]], Any],
        on_progress: Callable[[Any], None] | None = None,
        on_done: Callable[[Any, BaseException | None], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._worker = _Worker(fn)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        # Both signals go to this object's methods: it lives in the GUI thread, so the
        # connections are queued. (A plain function or lambda would run in the worker.)
        self._on_progress = on_progress
        self._worker.progress.connect(self._progress)
        self._on_done = on_done
        self._worker.done.connect(self._finish)
        self.running = False

    def start(self) -> None:
        self.running = True
        self._thread.start()

    @Slot(object)
    def _progress(self, value: Any) -> None:
        if self._on_progress is not None:
            self._on_progress(value)

    @Slot(object, object)
    def _finish(self, result: Any, error: BaseException | None) -> None:
        self._thread.quit()
        self._thread.wait()
        self.running = False
        if self._on_done is not None:
            self._on_done(result, error)
        self.finished.emit()

    def wait(self) -> None:
        """Block until the job is done (for shutdown)."""
        self._thread.quit()
        self._thread.wait()


class LatestOnly(QObject):
    """Background jobs where only the newest request matters (checks, counts of a text).

    One job runs at a time. A request made meanwhile waits, replacing any
    request already waiting, and the running job's result is dropped: it
    describes an older state. ``cancel`` drops it too (the caller has just
    produced a newer answer itself), and after ``shutdown`` nothing runs or
    calls back.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._task: Task | None = None
        self._waiting: tuple[Callable[[], Any], Callable[[Any, BaseException | None], None]] | None = None
        self._generation = 0
        self._closed = False

    def request(self, fn: Callable[[], Any], on_done: Callable[[Any, BaseException | None], None]) -> None:
        if self._closed:
            return
        self._generation += 1
        if self.busy():
            self._waiting = (fn, on_done)
            return
        generation = self._generation
        task = Task(
            lambda _progress: fn(),
            on_done=lambda result, error: self._done(task, generation, result, error, on_done),
            parent=self,
        )
        self._task = task
        task.start()

    def cancel(self) -> None:
        """Forget the running job's result and any waiting request."""
        self._generation += 1
        self._waiting = None

    def _done(
        self, task: Task, generation: int, result: Any, error: BaseException | None, on_done: Callable[..., None]
    ) -> None:
        task.deleteLater()
        if self._closed:
            return
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self.request(*waiting)
        elif generation == self._generation:
            on_done(result, error)

    def busy(self) -> bool:
        return self._task is not None and self._task.running

    def shutdown(self) -> None:
        """Run nothing more and call nobody back; wait for a running job (before the window goes)."""
        self._closed = True
        self._waiting = None
        if self._task is not None and self._task.running:
            self._task.wait()
