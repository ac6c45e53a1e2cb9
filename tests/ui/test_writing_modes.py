"""Focus, typewriter and distraction-free writing in the real window, each remembered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

BODY = "First paragraph, line one.\nLine two.\n\nSecond paragraph.\n\nThird paragraph.\n" + "More.\n\n" * 80


def test_focus_mode_dims_all_but_the_paragraph_being_written(make_window: Any, tmp_path: Path) -> None:
    post = tmp_path / "p.md"
    post.write_text("---\ntitle: P\n---\n" + BODY, encoding="utf-8")
    window = make_window(post)
    editor, modes = window.editor, window.writing_modes
    cursor = editor.document().find("Second")
    editor.setTextCursor(cursor)
    modes.focus_action.setChecked(True)
    dimmed = [s.cursor.selectedText() for s in editor.extraSelections()]
    assert len(dimmed) == 2
    assert dimmed[0].startswith("First paragraph") and "Second" not in "".join(dimmed)
    assert dimmed[1].lstrip("\u2029").startswith("Third paragraph")
    editor.setTextCursor(editor.document().find("line one"))  # the two-line paragraph: both lines bright
    dimmed = [s.cursor.selectedText() for s in editor.extraSelections()]
    assert len(dimmed) == 1 and dimmed[0].lstrip("\u2029").startswith("Second paragraph")
    assert editor.document().toPlainText() == BODY and not editor.document().isModified()  # formats only
    modes.focus_action.setChecked(False)
    assert editor.extraSelections() == []
    assert window.settings.flag("focusMode", True) is False


def test_focus_on_the_sentence_dims_the_rest_of_the_paragraph_too(make_window: Any, tmp_path: Path) -> None:
    post = tmp_path / "s.md"
    body = "Before this.\n\nOne sentence here. The cursor is in this one! And a third?\n\nAfter.\n"
    post.write_text("---\ntitle: S\n---\n" + body, encoding="utf-8")
    window = make_window(post)
    editor, modes = window.editor, window.writing_modes
    modes.focus_action.setChecked(True)
    modes.sentence_action.setChecked(True)
    cursor = editor.document().find("cursor")
    editor.setTextCursor(cursor)
    dimmed = [s.cursor.selectedText() for s in editor.extraSelections()]
    assert dimmed[0].endswith("One sentence here. ") and dimmed[1].startswith("And a third?")
    editor.setTextCursor(editor.document().find("third"))
    dimmed = [s.cursor.selectedText() for s in editor.extraSelections()]
    assert dimmed[0].endswith("this one! ") and dimmed[1].lstrip("\u2029").startswith("After.")
    assert window.settings.flag("focusSentence", False) is True
    modes.sentence_action.setChecked(False)
    dimmed = [s.cursor.selectedText() for s in editor.extraSelections()]
    assert dimmed[0] == "Before this.\u2029\u2029"  # back to the paragraph
    assert editor.document().toPlainText() == body


def test_typewriter_mode_keeps_the_cursor_line_in_the_middle(make_window: Any, tmp_path: Path) -> None:
    post = tmp_path / "p.md"
    post.write_text("---\ntitle: P\n---\n" + BODY, encoding="utf-8")
    window = make_window(post)
    editor = window.editor
    window.writing_modes.typewriter_action.setChecked(True)
    editor.moveCursor(QTextCursor.MoveOperation.End)
    middle = editor.viewport().height() / 2
    assert abs(editor.cursorRect().center().y() - middle) < editor.fontMetrics().lineSpacing() * 1.5
    assert window.settings.flag("typewriterMode", False) is True


def test_distraction_free_shows_the_editor_alone_and_esc_leaves(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    modes = window.writing_modes
    assert modes.distraction_free_action.shortcut().toString() == "F11"
    window.preview.show()
    modes.distraction_free_action.setChecked(True)
    assert window.isFullScreen() and not window.preview.isVisible() and not window.form.isVisible()
    assert not window.menuBar().isVisible() and window.editor.isVisible() and window.editor.line_width == 72
    QTest.keyClick(window.editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not modes.distraction_free_action.isChecked(), timeout=3000)
    assert not window.isFullScreen() and window.preview.isVisible() and window.menuBar().isVisible()
    assert window.editor.line_width == 0
