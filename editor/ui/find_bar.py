"""Find and replace bar for the editor pane (Ctrl+F / Ctrl+H)."""

from __future__ import annotations

import re

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QWidget,
)


class FindBar(QWidget):
    message = Signal(str)

    def __init__(self, editor: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.editor = editor
        self.find_edit = QLineEdit(placeholderText="Find")
        self.find_edit.setObjectName("findText")
        self.replace_edit = QLineEdit(placeholderText="Replace with")
        self.replace_edit.setObjectName("replaceText")
        self.case = QCheckBox("Match case")
        self.word = QCheckBox("Whole word")
        self.regex = QCheckBox("Regex")
        self.status = QLabel()
        prev_btn = QPushButton("Previous")
        next_btn = QPushButton("Next")
        self.replace_btn = QPushButton("Replace")
        self.replace_all_btn = QPushButton("Replace All")
        close = QToolButton(text="✕", toolTip="Close (Esc)", autoRaise=True)
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.addWidget(self.find_edit, 0, 0)
        grid.addWidget(prev_btn, 0, 1)
        grid.addWidget(next_btn, 0, 2)
        grid.addWidget(self.case, 0, 3)
        grid.addWidget(self.word, 0, 4)
        grid.addWidget(self.regex, 0, 5)
        grid.addWidget(close, 0, 7)
        grid.addWidget(self.replace_edit, 1, 0)
        grid.addWidget(self.replace_btn, 1, 1)
        grid.addWidget(self.replace_all_btn, 1, 2)
        grid.addWidget(self.status, 1, 3, 1, 4)
        grid.setColumnStretch(0, 1)
        self.find_edit.returnPressed.connect(self.find_next)
        self.find_edit.textChanged.connect(lambda _t: self._incremental())
        next_btn.clicked.connect(self.find_next)
        prev_btn.clicked.connect(self.find_previous)
        self.replace_btn.clicked.connect(self.replace_one)
        self.replace_all_btn.clicked.connect(self.replace_all)
        self.replace_edit.returnPressed.connect(self.replace_one)
        close.clicked.connect(self.close_bar)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_bar)
        self.hide()

    def open(self, replace: bool = False) -> None:
        for w in (self.replace_edit, self.replace_btn, self.replace_all_btn):
            w.setVisible(replace)
        selected = self.editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.find_edit.setText(selected)
        self.show()
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.editor.setFocus()

    def _flags(self, backward: bool = False) -> QTextDocument.FindFlag:
        flags = QTextDocument.FindFlag(0)
        if self.case.isChecked():
            flags |= QTextDocument.FindFlag.FindCaseSensitively
        if self.word.isChecked():
            flags |= QTextDocument.FindFlag.FindWholeWords
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        return flags

    def _pattern(self) -> str | QRegularExpression:
        text = self.find_edit.text()
        if not self.regex.isChecked():
            return text
        options = QRegularExpression.PatternOption.NoPatternOption
        if not self.case.isChecked():
            options |= QRegularExpression.PatternOption.CaseInsensitiveOption
        pattern = text
        if self.word.isChecked():
            pattern = rf"\b(?:{text})\b"
        return QRegularExpression(pattern, options)

    def _find(self, start: QTextCursor, backward: bool = False) -> QTextCursor:
        doc = self.editor.document()
        pattern = self._pattern()
        if isinstance(pattern, QRegularExpression) and not pattern.isValid():
            self.status.setText(f"Invalid pattern: {pattern.errorString()}")
            return QTextCursor()
        self.status.setText("")
        found = doc.find(pattern, start, self._flags(backward))
        if found.isNull():  # wrap around
            edge = QTextCursor(doc)
            if backward:
                edge.movePosition(QTextCursor.MoveOperation.End)
            found = doc.find(pattern, edge, self._flags(backward))
        return found

    def _select(self, found: QTextCursor) -> bool:
        if found.isNull() or not found.hasSelection():
            if not self.status.text().startswith("Invalid pattern"):
                self.status.setText("Not found" if self.find_edit.text() else "")
            return False
        self.status.setText("")
        self.editor.setTextCursor(found)
        self.editor.ensureCursorVisible()
        return True

    def _incremental(self) -> None:
        cursor = self.editor.textCursor()
        cursor.setPosition(cursor.selectionStart())
        if self.find_edit.text():
            self._select(self._find(cursor))

    def find_next(self) -> bool:
        if not self.find_edit.text():
            return False
        return self._select(self._find(self.editor.textCursor()))

    def find_previous(self) -> bool:
        if not self.find_edit.text():
            return False
        cursor = self.editor.textCursor()
        cursor.setPosition(cursor.selectionStart())
        return self._select(self._find(cursor, backward=True))

    def _replacement(self, matched: str) -> str:
        text = self.replace_edit.text()
        pattern = self._pattern()
        if isinstance(pattern, QRegularExpression):
            match = pattern.match(matched)
            if match.hasMatch():
                # \1 or $1 style group references
                return re.sub(r"[\\$](\d)", lambda m: match.captured(int(m.group(1))) or "", text)
        return text

    def replace_one(self) -> None:
        cursor = self.editor.textCursor()
        if cursor.hasSelection() and self._matches(cursor):
            cursor.insertText(self._replacement(cursor.selectedText()))
        self.find_next()

    def _matches(self, cursor: QTextCursor) -> bool:
        start = QTextCursor(cursor)
        start.setPosition(cursor.selectionStart())
        found = self._find(start)
        return found.selectionStart() == cursor.selectionStart() and found.selectionEnd() == cursor.selectionEnd()

    def replace_all(self) -> int:
        doc = self.editor.document()
        if not self.find_edit.text():
            return 0
        cursor = QTextCursor(doc)
        edit = QTextCursor(doc)
        edit.beginEditBlock()  # one undo step
        count = 0
        pattern = self._pattern()
        while True:
            found = doc.find(pattern, cursor, self._flags())
            if found.isNull() or not found.hasSelection():
                break
            found.insertText(self._replacement(found.selectedText()))
            cursor = found
            count += 1
        edit.endEditBlock()
        self.status.setText(f"Replaced {count} occurrence{'s' if count != 1 else ''}")
        self.message.emit(self.status.text())
        return count
