"""Pipe tables in the real editor: laid out, walked with Tab, grown with Enter, inserted,
each one step to undo, and the text around them untouched."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from editor.core.tables import display_width, format_table
from editor.ui import table_editing

TABLE = "Before | not a table.\n\n|Name|Value|\n|:--|--:|\n|東京|1|\n|b|22|\n\nAfter | text.\n"


def press(widget: Any, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, modifiers))


def put_cursor(editor: Any, text: str, offset: int = 0) -> None:
    cursor = editor.document().find(text)
    cursor.setPosition(cursor.selectionStart() + offset)
    editor.setTextCursor(cursor)


def test_format_tab_enter_and_undo(make_window: Any, tmp_path: Path) -> None:
    post = tmp_path / "t.md"
    post.write_text("---\ntitle: T\n---\n" + TABLE, encoding="utf-8")
    window = make_window(post)
    editor = window.editor
    put_cursor(editor, "Value")
    assert table_editing.format_at_cursor(editor)
    text = editor.document().toPlainText()
    assert text == (
        "Before | not a table.\n\n| Name | Value |\n| :--- | ----: |\n"
        "| 東京 |     1 |\n| b    |    22 |\n\nAfter | text.\n"
    )
    assert editor.textCursor().block().text().startswith("| Name") and editor.textCursor().positionInBlock() == 9
    editor.undo()
    assert editor.document().toPlainText() == TABLE  # one step
    # Tab goes to the next cell (over the delimiter row), laying the table out on the way.
    put_cursor(editor, "Value")
    press(editor, Qt.Key.Key_Tab)
    cursor = editor.textCursor()
    assert cursor.block().text() == "| 東京 |     1 |" and cursor.positionInBlock() == 2
    press(editor, Qt.Key.Key_Backtab)
    assert editor.textCursor().block().text() == "| Name | Value |" and editor.textCursor().positionInBlock() == 9
    # Enter in the last row adds a row.
    put_cursor(editor, "|    22 |", 3)
    press(editor, Qt.Key.Key_Return)
    lines = editor.document().toPlainText().split("\n")
    assert lines[6] == "|      |       |" and editor.textCursor().blockNumber() == 6
    assert lines[0] == "Before | not a table." and lines[-2] == "After | text."
    # Outside a table, Tab and Enter do what they always did.
    put_cursor(editor, "After")
    press(editor, Qt.Key.Key_Tab)
    assert editor.textCursor().block().text().startswith("    After")


def test_insert_table_and_wide_characters(make_window: Any) -> None:
    window = make_window()
    editor = window.editor
    editor.selectAll()
    editor.insertPlainText("Intro.")
    table_editing.insert_table(editor, 2, 3)
    text = editor.document().toPlainText()
    assert text.startswith("Intro.\n\n| Column 1 | Column 2 | Column 3 |\n| -------- | -------- | -------- |\n")
    assert editor.textCursor().selectedText() == "Column 1"
    editor.undo()
    assert editor.document().toPlainText() == "Intro."
    rows = format_table(["|a|b|", "|:-:|---|", "|😀😀|x|", "|ｗｉｄｅ|y|"])
    assert len({display_width(r) for r in rows}) == 1  # every row as wide on screen
    assert rows[1] == "| :------: | --- |"


def test_the_format_menu_has_the_table_actions(make_window: Any) -> None:
    window = make_window()
    names = {a.objectName(): a for a in window.findChildren(type(window.view_actions.soft_wrap))}
    assert names["formatTable"].shortcut().toString() == "Ctrl+Alt+T"
    assert "insertTable" in names
    editor = window.editor
    editor.insertPlainText("plain text")
    before = editor.document().toPlainText()
    names["formatTable"].trigger()
    assert editor.document().toPlainText() == before  # no table here: nothing changes
    editor.moveCursor(QTextCursor.MoveOperation.End)


def test_a_table_inside_a_code_block_is_code(make_window: Any, tmp_path: Path) -> None:
    body = "```markdown\n|a|b|\n|-|-|\n|1|2|\n```\n"
    post = tmp_path / "code.md"
    post.write_text("---\ntitle: C\n---\n" + body, encoding="utf-8")
    window = make_window(post)
    put_cursor(window.editor, "|1|2|", 1)
    assert not table_editing.format_at_cursor(window.editor)
    assert window.editor.document().toPlainText() == body
    press(window.editor, Qt.Key.Key_Tab)  # indents, as Tab does in code
    assert window.editor.document().toPlainText() == body.replace("|1|2|", "|    1|2|")
