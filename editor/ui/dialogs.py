"""Dialogs every part of the window uses: an error message, and a job run in the
background behind a progress dialog."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from editor.ui.tasks import Task


def show_error(parent: QWidget, title: str, message: str) -> None:
    """A warning the author reads and dismisses; it does not block the caller."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorMessage")
    box.open()


def run_with_progress(
    parent: QWidget, label: str, job: Callable[[Callable[[Any], None]], Any]
) -> tuple[Any, BaseException | None]:
    """Run ``job(progress)`` in a background thread; the window stays responsive and a
    progress dialog appears if it takes a while. Returns (result, error)."""
    outcome: dict[str, Any] = {}
    loop = QEventLoop()
    dialog = QProgressDialog(label, "", 0, 100, parent)
    dialog.setObjectName("progressDialog")
    dialog.setCancelButton(None)  # type: ignore[arg-type]
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)

    def done(result: Any, error: BaseException | None) -> None:
        outcome.update(result=result, error=error)
        loop.quit()

    task = Task(job, on_progress=lambda f: dialog.setValue(int(float(f) * 100)), on_done=done, parent=parent)
    task.start()
    if "error" not in outcome:
        loop.exec()
    dialog.close()
    dialog.deleteLater()
    task.deleteLater()
    return outcome.get("result"), outcome.get("error")


def make_action(window: QWidget, text: str, slot: Callable[[], Any], shortcut: Any = None, name: str = "") -> QAction:
    """A window-wide action (its shortcut works wherever the focus is in the window)."""
    action = QAction(text, window)
    if shortcut is not None:
        if isinstance(shortcut, list):
            action.setShortcuts(shortcut)
        else:
            action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _checked=False: slot())
    if name:
        action.setObjectName(name)
    window.addAction(action)
    return action
