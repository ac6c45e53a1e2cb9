"""Pipe tables in the editor: Format Table, Tab and Shift+Tab from cell to cell (the table
laid out as it goes), Enter in the last row for a new row, Insert Table. Each is one
step to undo, and only the table's own lines change."""

from __future__ import annotations

from PySide6.QtGui import QTextBlock, QTextCursor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QPlainTextEdit, QSpinBox, QWidget

from editor.core.tables import cell_starts, format_table, new_table, table_at

NEARBY = 500  # lines looked at above and below the cursor for the table's edges


def _around(editor: QPlainTextEdit) -> tuple[QTextBlock, list[str], int] | None:
    """The block starting the lines looked at, their texts, and the cursor's line among them."""
    block = editor.textCursor().block()
    is_prose = getattr(editor, "is_prose", None)
    if "|" not in block.text() or (is_prose is not None and not is_prose(block)):
        return None  # no table, or one inside a code block: code is left as it is
    first = block
    for _ in range(NEARBY):
        previous = first.previous()
        if not previous.isValid() or "|" not in previous.text():
            break
        first = previous
    lines, walker = [], first
    while walker.isValid() and "|" in walker.text() and len(lines) < 2 * NEARBY:
        lines.append(walker.text())
        walker = walker.next()
    return first, lines, block.blockNumber() - first.blockNumber()


def _table(editor: QPlainTextEdit) -> tuple[QTextBlock, list[str], int] | None:
    """The first block of the table at the cursor, its lines, and the cursor's row in it."""
    found = _around(editor)
    if found is None:
        return None
    first, lines, row = found
    span = table_at(lines, row)
    if span is None:
        return None
    start, end = span
    block = first
    for _ in range(start):
        block = block.next()
    return block, lines[start:end], row - start


def _replace(editor: QPlainTextEdit, first: QTextBlock, old: list[str], new: list[str], row: int, cell: int) -> None:
    """Put ``new`` in place of the table's lines (one undo step) and the cursor at the
    start of cell ``cell`` of row ``row``."""
    number = first.blockNumber()  # ``first`` itself is replaced by the edit
    cursor = QTextCursor(first)
    cursor.beginEditBlock()
    if new != old:
        last = first
        for _ in range(len(old) - 1):
            last = last.next()
        cursor.setPosition(first.position())
        cursor.setPosition(last.position() + last.length() - 1, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText("\n".join(new))
    cursor.endEditBlock()
    target = editor.document().findBlockByNumber(number + row)
    starts = cell_starts(target.text()) or [0]
    place = QTextCursor(target)
    place.setPosition(target.position() + starts[max(0, min(cell, len(starts) - 1))])
    editor.setTextCursor(place)


def _cell_of(line: str, column: int) -> int:
    starts = cell_starts(line)
    return max(0, sum(1 for s in starts if s <= column + 1) - 1)


def format_at_cursor(editor: QPlainTextEdit) -> bool:
    """Lay out the table at the cursor, the cursor kept in its cell. False: no table here."""
    found = _table(editor)
    if found is None:
        return False
    first, lines, row = found
    cell = _cell_of(lines[row], editor.textCursor().positionInBlock())
    _replace(editor, first, lines, format_table(lines), row, cell)
    return True


def move_cell(editor: QPlainTextEdit, forward: bool) -> bool:
    """Tab / Shift+Tab in a table: lay it out and go to the next or previous cell (the
    delimiter row is stepped over). False: not in a table."""
    found = _table(editor)
    if found is None:
        return False
    first, lines, row = found
    new = format_table(lines)
    cell = _cell_of(lines[row], editor.textCursor().positionInBlock())
    columns = len(cell_starts(new[0]))
    index = row * columns + cell + (1 if forward else -1)
    if index // columns == 1:  # the delimiter row
        index += columns if forward else -columns
    index = max(0, min(index, len(new) * columns - 1))
    _replace(editor, first, lines, new, index // columns, index % columns)
    return True


def add_row_after_last(editor: QPlainTextEdit) -> bool:
    """Enter in the table's last row: a new empty row below it. False otherwise."""
    found = _table(editor)
    if found is None:
        return False
    first, lines, row = found
    if row != len(lines) - 1 or row < 2:
        return False
    columns = len(cell_starts(format_table(lines)[0]))
    new = format_table([*lines, "|" + " |" * columns])
    _replace(editor, first, lines, new, len(new) - 1, 0)
    return True


def insert_table(editor: QPlainTextEdit, rows: int, columns: int) -> None:
    """A new table at the cursor, on lines of its own, its first header cell selected."""
    table = new_table(rows, columns)
    cursor = editor.textCursor()
    cursor.beginEditBlock()
    block = cursor.block()
    if block.text().strip():  # after the paragraph the cursor is in, a blank line between
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        before = "\n\n"
    else:
        before = "\n" if block.previous().isValid() and block.previous().text().strip() else ""
    after = "\n" if block.next().isValid() and block.next().text().strip() else ""
    cursor.insertText(before + "\n".join(table) + "\n" + after)
    cursor.endEditBlock()
    start = editor.document().findBlockByNumber(cursor.blockNumber() - len(table) - bool(after))
    select = QTextCursor(start)
    select.setPosition(start.position() + 2)
    select.setPosition(start.position() + 2 + len("Column 1"), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(select)


def ask_and_insert_table(parent: QWidget, editor: QPlainTextEdit) -> None:
    """Insert Table: ask how many rows and columns, then insert it."""
    dialog = QDialog(parent)
    dialog.setObjectName("insertTableDialog")
    dialog.setWindowTitle("Insert Table")
    form = QFormLayout(dialog)
    rows, columns = QSpinBox(dialog), QSpinBox(dialog)
    rows.setRange(1, 200)
    rows.setValue(2)
    columns.setRange(1, 30)
    columns.setValue(3)
    rows.setObjectName("rows")
    columns.setObjectName("columns")
    form.addRow("&Rows:", rows)
    form.addRow("&Columns:", columns)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        insert_table(editor, rows.value(), columns.value())
    dialog.deleteLater()
