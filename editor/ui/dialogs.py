"""Dialogs every part of the window uses: an error message, a question asking for a
line of text or a choice, and a job run in the background behind a progress dialog."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMessageBox, QProgressDialog, QWidget

from editor.ui.tasks import Task


def show_error(parent: QWidget, title: str, message: str) -> None:
    """A warning the author reads and dismisses; it does not block the caller."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorMessage")
    box.open()


ASK_WIDTH = 440  # wide enough for the question, its answer and the dialog's own title


def _asker(parent: QWidget, title: str, label: str, name: str) -> QInputDialog:
    dialog = QInputDialog(parent)
    dialog.setObjectName(name)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    return dialog


def _run(dialog: QInputDialog) -> bool:
    dialog.setMinimumWidth(ASK_WIDTH)  # after the dialog lays itself out for its kind of input
    dialog.resize(ASK_WIDTH, dialog.sizeHint().height())
    return bool(dialog.exec())


def ask_text(parent: QWidget, title: str, label: str, text: str = "", name: str = "askText") -> str | None:
    """A line of text from the author, or None when they cancel."""
    dialog = _asker(parent, title, label, name)
    dialog.setTextValue(text)
    return dialog.textValue() if _run(dialog) else None


def ask_item(parent: QWidget, title: str, label: str, items: list[str], name: str = "askItem") -> str | None:
    """One of ``items``, or None when the author cancels."""
    dialog = _asker(parent, title, label, name)
    dialog.setComboBoxItems(items)
    dialog.setComboBoxEditable(False)
    return dialog.textValue() if _run(dialog) else None


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
