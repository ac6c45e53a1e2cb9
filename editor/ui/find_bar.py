"""Find and replace bar for the editor pane (Ctrl+F / Ctrl+H)."""

from __future__ import annotations

import re

from PySide6.QtCore import QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

MATCH_LIMIT = 10_000  # counted up to this many; more shows as "10,000+"


class FindBar(QWidget):
    """Find (and replace) in the editor, in two compact rows that never widen the editor's
    column: the options are toggle buttons, and the bar says which match is selected of
    how many the post holds."""

    message = Signal(str)

    def __init__(self, editor: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.editor = editor
        self.find_edit = QLineEdit(placeholderText="Find")
        self.find_edit.setObjectName("findText")
        self.find_edit.setClearButtonEnabled(True)
        self.replace_edit = QLineEdit(placeholderText="Replace with")
        self.replace_edit.setObjectName("replaceText")
        for edit in (self.find_edit, self.replace_edit):
            edit.setMinimumWidth(80)
            edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.case = self._toggle("Aa", "Match case")
        self.word = self._toggle("W", "Whole words")
        self.regex = self._toggle(".*", "Regular expression (\\1 or $1 in the replacement)")
        self.count = QLabel()
        self.count.setObjectName("findCount")
        self.status = QLabel()
        self.status.setObjectName("findStatus")
        prev_btn = self._button("Previous match (Shift+F3)", Qt.ArrowType.UpArrow)
        next_btn = self._button("Next match (F3, Enter)", Qt.ArrowType.DownArrow)
        self.replace_btn = QPushButton("Replace")
        self.replace_all_btn = QPushButton("All")
        self.replace_all_btn.setToolTip("Replace all (one undo step)")
        close = QToolButton(text="✕", toolTip="Close (Esc)", autoRaise=True)
        # Three short rows, so the fields keep their width in a narrow editor column:
        # the search and its arrows; its options and the count; the replacement.
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.find_edit, 0, 0)
        grid.addWidget(prev_btn, 0, 1)
        grid.addWidget(next_btn, 0, 2)
        grid.addWidget(close, 0, 3)
        options = QHBoxLayout()
        options.setContentsMargins(0, 0, 0, 0)
        for toggle in (self.case, self.word, self.regex):
            options.addWidget(toggle)
        options.addSpacing(6)
        options.addWidget(self.count, 1)
        grid.addLayout(options, 1, 0, 1, 4)
        replacing = QHBoxLayout()
        replacing.setContentsMargins(0, 0, 0, 0)
        replacing.addWidget(self.replace_edit, 1)
        replacing.addWidget(self.replace_btn)
        replacing.addWidget(self.replace_all_btn)
        grid.addLayout(replacing, 2, 0, 1, 4)
        grid.addWidget(self.status, 3, 0, 1, 4)
        grid.setColumnStretch(0, 1)
        self.status.hide()
        self._recount = QTimer(self, singleShot=True, interval=80)
        self._recount.timeout.connect(self._update_count)
        self.find_edit.returnPressed.connect(self.find_next)
        self.find_edit.textChanged.connect(lambda _t: self._incremental())
        for toggle in (self.case, self.word, self.regex):
            toggle.toggled.connect(lambda _on: self._recount.start())
        editor.textChanged.connect(lambda: self.isVisible() and self._recount.start())  # whichever post it shows
        editor.cursorPositionChanged.connect(lambda: self.isVisible() and self._recount.start())
        next_btn.clicked.connect(self.find_next)
        prev_btn.clicked.connect(self.find_previous)
        self.replace_btn.clicked.connect(self.replace_one)
        self.replace_all_btn.clicked.connect(self.replace_all)
        self.replace_edit.returnPressed.connect(self.replace_one)
        close.clicked.connect(self.close_bar)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_bar)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.hide()

    def _toggle(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(text=text, toolTip=tip, checkable=True, autoRaise=True)
        button.setAccessibleName(tip)
        return button

    def _button(self, tip: str, arrow: Qt.ArrowType) -> QToolButton:
        button = QToolButton(toolTip=tip, autoRaise=True)
        button.setArrowType(arrow)
        button.setAccessibleName(tip)
        return button

    def _set_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def matches(self) -> tuple[int, int] | None:
        """``(number of the selected match or 0, how many)`` in the post, or None when the
        search has no text or a pattern Python cannot count."""
        text = self.find_edit.text()
        if not text:
            return None
        flags = 0 if self.case.isChecked() else re.IGNORECASE
        pattern = text if self.regex.isChecked() else re.escape(text)
        if self.word.isChecked():
            pattern = rf"\b(?:{pattern})\b"
        try:
            compiled = re.compile(pattern, flags | re.MULTILINE)
        except re.error:
            return None
        plain = self.editor.document().toPlainText()
        cursor = self.editor.textCursor()
        here = _code_points(plain, cursor.selectionStart())
        selected_end = _code_points(plain, cursor.selectionEnd())
        total, current = 0, 0
        for match in compiled.finditer(plain):
            if match.end() == match.start():
                continue  # an empty match is no match to step to
            total += 1
            if match.start() == here and match.end() == selected_end:
                current = total
            if total >= MATCH_LIMIT:
                return current, MATCH_LIMIT + 1
        return current, total

    def _update_count(self) -> None:
        found = self.matches() if self.isVisible() else None
        if found is None:
            self.count.setText("")
            return
        current, total = found
        many = f"{MATCH_LIMIT:,}+" if total > MATCH_LIMIT else f"{total:,}"
        if total == 0:
            self.count.setText("No matches")
        else:
            self.count.setText(f"{current:,} of {many}" if current else f"{many} match{'es' if total != 1 else ''}")

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
            self._set_status(f"Invalid pattern: {pattern.errorString()}")
            return QTextCursor()
        self._set_status("")
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
                uncounted = bool(self.find_edit.text()) and self.matches() is None
                self._set_status("Not found" if uncounted else "")
            self._recount.start()
            return False
        self._set_status("")
        self.editor.setTextCursor(found)
        self.editor.ensureCursorVisible()
        self._recount.start()
        return True

    def _incremental(self) -> None:
        cursor = self.editor.textCursor()
        cursor.setPosition(cursor.selectionStart())
        if self.find_edit.text():
            self._select(self._find(cursor))
        else:
            self._set_status("")
            self._recount.start()

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
        text = f"Replaced {count} occurrence{'s' if count != 1 else ''}"
        self.count.setText(text)
        self.message.emit(text)
        return count


def _code_points(text: str, position: int) -> int:
    """Qt's position (UTF-16 units) in ``text`` as Python's (code points)."""
    if text.isascii():
        return position
    return len(text.encode("utf-16-le")[: 2 * position].decode("utf-16-le", errors="ignore"))
