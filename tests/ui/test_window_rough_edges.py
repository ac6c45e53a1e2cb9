"""The rough edges of daily use, each driven through the real window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from tests.ui.conftest import type_text


def test_the_find_bar_leaves_the_panes_where_they_were(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: A post\n---\nSome text to find, and text again.\n", encoding="utf-8")
    window = make_window(post)
    qtbot.wait(50)
    before = window.splitter.sizes()
    window.findChild(object, "replace").trigger()
    qtbot.waitUntil(window.find_bar.isVisible)
    qtbot.wait(50)
    assert window.splitter.sizes() == before  # the preview keeps its width
    assert window.find_bar.find_edit.width() >= 150 and window.find_bar.replace_edit.width() >= 150
    type_text(qtbot, window.find_bar.find_edit, "text")
    qtbot.waitUntil(lambda: window.find_bar.count.text() == "1 of 2")


def press_enter_on(name: str) -> None:
    """Answer the next message box named ``name`` with Enter: its default button."""
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication, QMessageBox

    def press() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == name:
            for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
                QApplication.sendEvent(box, QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier))
        else:
            QTimer.singleShot(20, press)

    QTimer.singleShot(0, press)


def test_enter_in_the_changed_on_disk_prompts_is_the_safe_choice(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: A post\n---\nText.\n", encoding="utf-8")
    window = make_window(post)
    type_text(qtbot, window.editor, "Mine. ")
    press_enter_on("changedOnDiskPrompt")
    theirs = "---\ntitle: A post\n---\nTheirs.\n"
    post.write_text(theirs, encoding="utf-8")
    qtbot.waitUntil(lambda: window.document.changed_on_disk(), timeout=5000)
    qtbot.wait(500)
    assert "Mine. " in window.editor.toPlainText()  # Enter kept the author's work
    press_enter_on("overwritePrompt")
    assert not window.files.save()
    assert post.read_text(encoding="utf-8") == theirs  # and Enter kept theirs
