"""The Markdown editor pane: highlighting, list continuation, formatting commands."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFontDatabase,
    QFontMetricsF,
    QKeyEvent,
    QPalette,
    QResizeEvent,
    QTextBlock,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QWidget

from editor.core.paste import html_to_markdown
from editor.ui import table_editing
from editor.ui.highlighter import MarkdownHighlighter

_LIST = re.compile(r"^(\s*)([-*+]|(\d{1,9})([.)]))(\s+)(\[[ xX]\]\s+)?")
_QUOTE = re.compile(r"^(\s*(?:>\s?)+)")
_HEADING = re.compile(r"^#{1,6}\s+")
INDENT = "    "
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff", ".bmp", ".heic", ".avif"}


class EditorPane(QPlainTextEdit):
    """QPlainTextEdit with Markdown conveniences. Positions are Qt's (UTF-16 units)."""

    topLineChanged = Signal(int, float)  # first visible line (0-based) and fraction into it
    imageDropped = Signal(object)  # a Path to an image file, or a QImage pasted from the clipboard
    pasteNote = Signal(str)  # what a paste of rich text did that the author should know
    linkTargetWanted = Signal()  # "](" was typed: the author may want to link to another post

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bodyEditor")
        self.setAccessibleName("Post body")
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.line_width = 0  # the text column in characters; 0 fills the pane
        self._dark = False
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(font.pointSizeF(), 11.0))
        self.setFont(font)
        self.setCenterOnScroll(False)
        self.setBackgroundRole(QPalette.ColorRole.Base)  # the margins beside a narrow column too
        self.setAutoFillBackground(True)
        self.highlighter: MarkdownHighlighter | None = None
        self._plain_paste = False  # the next paste takes the clipboard's plain text only
        # Each adds its entries to the right-click menu, given the cursor at the pointer.
        self.context_menu_hooks: list[Callable[[QMenu, QTextCursor], None]] = []
        self._last_top: tuple[int, float] | None = None
        self.verticalScrollBar().valueChanged.connect(self._emit_top_line)
        # Colouring newly shown blocks waits for the event loop: a scroll can happen inside an
        # edit (the scroll bar clamps as text goes), and colouring there would swallow the
        # signals that edit still has to send.
        self._colour_timer = QTimer(self, singleShot=True, interval=0)
        self._colour_timer.timeout.connect(self._colour_view)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self._colour_timer.start())
        self.blockCountChanged.connect(lambda _n: self._colour_timer.start())

    def set_document(self, document: QTextDocument, dark: bool | None = None) -> None:
        """Edit ``document``; each document keeps its own highlighter, cursor and undo history.
        Its colours are dark or light as ``dark`` says, else as the pane's last ones."""
        dark = self._dark if dark is None else dark
        self._dark = dark
        self._fit_font(document)  # before it is laid out in this pane
        self.setDocument(document)
        self._last_top = None
        existing = document.findChild(MarkdownHighlighter)
        if existing is None:
            self.highlighter = MarkdownHighlighter(document, dark)
            self.moveCursor(QTextCursor.MoveOperation.Start)
        else:
            self.highlighter = existing
            self.highlighter.set_dark(dark)
        self._colour_timer.start()

    def set_dark(self, dark: bool) -> None:
        self._dark = dark
        if self.highlighter is not None:
            self.highlighter.set_dark(dark)

    def set_line_width(self, columns: int) -> None:
        """Keep the text in a column ``columns`` characters wide, centred in the pane
        (0: the text fills the pane)."""
        self.line_width = max(0, columns)
        self._fit_column()

    def _fit_column(self) -> None:
        margins = self.viewportMargins()
        available = self.viewport().width() + margins.left() + margins.right()
        left = right = 0
        if self.line_width:
            text = QFontMetricsF(self.font()).horizontalAdvance("0" * self.line_width)
            column = math.ceil(text + 2 * self.document().documentMargin() + self.cursorWidth()) + 1
            if column < available:
                left = (available - column) // 2
                right = available - column - left
        if (left, right) != (margins.left(), margins.right()):
            self.setViewportMargins(left, 0, right, 0)

    def _fit_font(self, document: QTextDocument) -> None:
        """Show ``document`` in the pane's font, tabs four spaces wide (a document keeps both)."""
        if document.defaultFont() != self.font():
            document.setDefaultFont(self.font())
        option = document.defaultTextOption()
        tab = self.fontMetrics().horizontalAdvance(" ") * 4
        if option.tabStopDistance() != tab:
            option.setTabStopDistance(tab)
            document.setDefaultTextOption(option)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_font(self.document())
            self._fit_column()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_column()
        self._colour_timer.start()

    def _colour_view(self) -> None:
        """Tell a lazy highlighter which blocks are on screen."""
        if self.highlighter is None:
            return
        block = first = self.firstVisibleBlock()
        offset = self.contentOffset()
        bottom = self.viewport().height()
        last = first
        while block.isValid() and self.blockBoundingGeometry(block).translated(offset).top() < bottom:
            last = block
            block = block.next()
        self.highlighter.colour_view(first.blockNumber(), last.blockNumber())

    # ----------------------------------------------------------------- scrolling

    def top_line(self) -> tuple[int, float]:
        block = self.firstVisibleBlock()
        geometry = self.blockBoundingGeometry(block).translated(self.contentOffset())
        height = geometry.height() or 1.0
        fraction = min(max(-geometry.top() / height, 0.0), 1.0)
        return block.blockNumber(), fraction

    def _emit_top_line(self) -> None:
        # Only real moves: a relayout (rewrap, rehighlight) also changes the scroll bar's
        # value, and echoing that to the preview would undo a scroll the author just made there.
        line, fraction = self.top_line()
        top = (line, round(fraction, 2))
        if top != self._last_top:
            self._last_top = top
            self.topLineChanged.emit(line, fraction)

    def scroll_to_line(self, line: int, fraction: float = 0.0) -> None:
        block = self.document().findBlockByNumber(max(0, line))
        if not block.isValid():
            return
        # The scroll bar counts layout lines (a wrapped paragraph has several).
        offset = int(fraction * max(1, block.lineCount()))
        self.verticalScrollBar().setValue(block.firstLineNumber() + offset)

    # ----------------------------------------------------------------- images

    @staticmethod
    def _image_files(source: QMimeData) -> list[Path]:
        if not source.hasUrls():
            return []
        files = [Path(u.toLocalFile()) for u in source.urls() if u.isLocalFile()]
        return [f for f in files if f.suffix.lower() in IMAGE_SUFFIXES]

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802 - Qt override
        return bool(self._image_files(source)) or source.hasImage() or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 - Qt override
        files = self._image_files(source)
        if files:
            for path in files:
                self.imageDropped.emit(path)
            return
        if source.hasImage() and not source.hasText():
            self.imageDropped.emit(source.imageData())
            return
        plain, self._plain_paste = self._plain_paste, False
        if source.hasHtml() and not plain and self.is_prose(self.textCursor().block()):
            try:
                pasted = html_to_markdown(source.html())
            except ValueError as exc:
                self.pasteNote.emit(f"Pasted as plain text: {exc}.")
            else:
                if pasted.markdown.strip():
                    self.insertPlainText(pasted.markdown)
                    if pasted.remote_images:
                        count = pasted.remote_images
                        self.pasteNote.emit(
                            f"{count} image{'s' if count != 1 else ''} on the web pasted as "
                            f"link{'s' if count != 1 else ''}; nothing was downloaded."
                        )
                    return
        if source.hasText():
            self.insertPlainText(source.text())
            return
        super().insertFromMimeData(source)

    def is_prose(self, block: QTextBlock) -> bool:
        """Whether ``block`` is Markdown text rather than code (tables, links and rich paste
        only act on prose)."""
        return self.highlighter is None or self.highlighter.is_prose(block)

    def paste_plain(self) -> None:
        """Paste the clipboard's plain text, whatever else it holds (Ctrl+Shift+V)."""
        self._plain_paste = True
        self.paste()
        self._plain_paste = False

    # ----------------------------------------------------------------- keys

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt override
        menu = self.createStandardContextMenu(event.pos())
        cursor = self.cursorForPosition(event.pos())
        for hook in self.context_menu_hooks:
            hook(menu, cursor)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        plain = mods == Qt.KeyboardModifier.NoModifier
        block = self.textCursor().block()
        in_table = "|" in block.text() and not self.textCursor().hasSelection() and self.is_prose(block)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            if (in_table and table_editing.add_row_after_last(self)) or self._continue_block():
                return
        if key == Qt.Key.Key_Tab and plain:
            if (in_table and table_editing.move_cell(self, True)) or self._indent(+1):
                return
            self.insertPlainText(INDENT)
            return
        if key == Qt.Key.Key_Backtab:
            if not (in_table and table_editing.move_cell(self, False)):
                self._indent(-1)
            return
        before = self.textCursor()
        opens_target = event.text() == "(" and not before.hasSelection() and before.positionInBlock() > 0
        opens_target = opens_target and before.block().text()[before.positionInBlock() - 1] == "]"
        opens_target = opens_target and self.is_prose(before.block())
        super().keyPressEvent(event)
        if opens_target:
            self.linkTargetWanted.emit()

    def _continue_block(self) -> bool:
        cursor = self.textCursor()
        if cursor.hasSelection():
            return False
        line = cursor.block().text()
        if cursor.positionInBlock() < len(line.encode("utf-16-le")) // 2:
            return False
        match = _LIST.match(line)
        if match:
            if not line[match.end() :].strip():  # empty item: end the list
                self._replace_block_text(cursor, "")
                return True
            indent, _, number, delim, space, task = match.groups()
            marker = f"{int(number) + 1}{delim}" if number else match.group(2)
            cursor.insertText("\n" + indent + marker + space + ("[ ] " if task else ""))
            self.ensureCursorVisible()
            return True
        quote = _QUOTE.match(line)
        if quote:
            if not line[quote.end() :].strip():
                self._replace_block_text(cursor, "")
                return True
            cursor.insertText("\n" + quote.group(1))
            self.ensureCursorVisible()
            return True
        return False

    @staticmethod
    def _replace_block_text(cursor: QTextCursor, text: str) -> None:
        cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(text)

    def _selected_blocks(self) -> list[int]:
        cursor = self.textCursor()
        doc = self.document()
        first = doc.findBlock(cursor.selectionStart()).blockNumber()
        last = doc.findBlock(cursor.selectionEnd()).blockNumber()
        return list(range(first, last + 1))

    def _indent(self, direction: int) -> bool:
        """Indent or outdent list items (all selected lines). False when not in a list."""
        numbers = self._selected_blocks()
        doc = self.document()
        blocks = [doc.findBlockByNumber(n) for n in numbers]
        if direction > 0 and not any(_LIST.match(b.text()) for b in blocks):
            return False
        cursor = self.textCursor()
        cursor.beginEditBlock()
        for block in blocks:
            text = block.text()
            c = QTextCursor(block)
            if direction > 0:
                if _LIST.match(text) or len(blocks) > 1:
                    c.insertText(INDENT)
            else:
                remove = len(text) - len(text.lstrip(" "))
                remove = min(remove, len(INDENT)) if not text.startswith("\t") else 1
                c.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor, remove)
                c.removeSelectedText()
        cursor.endEditBlock()
        return True

    # ----------------------------------------------------------------- formatting

    def wrap_selection(self, before: str, after: str | None = None, placeholder: str = "") -> None:
        """Bold, italic, code...: wrap the selection, or unwrap it when already wrapped."""
        after = before if after is None else after
        cursor = self.textCursor()
        selected = cursor.selectedText()
        cursor.beginEditBlock()
        if selected.startswith(before) and selected.endswith(after) and len(selected) >= len(before + after):
            cursor.insertText(selected[len(before) : len(selected) - len(after)])
        else:
            text = selected or placeholder
            start = cursor.selectionStart()
            cursor.insertText(before + text + after)
            if not selected:  # select the placeholder so typing replaces it
                cursor.setPosition(start + _qlen(before))
                cursor.setPosition(start + _qlen(before + text), QTextCursor.MoveMode.KeepAnchor)
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    def insert_link(self, url: str = "https://") -> None:
        cursor = self.textCursor()
        text = cursor.selectedText() or "link text"
        start = cursor.selectionStart()
        cursor.insertText(f"[{text}]({url})")
        cursor.setPosition(start + _qlen(f"[{text}]("))
        cursor.setPosition(start + _qlen(f"[{text}]({url}"), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def set_heading(self, level: int) -> None:
        """Make the current line a heading of ``level`` (0 removes the heading)."""
        cursor = self.textCursor()
        block = cursor.block()
        text = _HEADING.sub("", block.text())
        new = ("#" * level + " " if level else "") + text
        c = QTextCursor(block)
        c.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        c.insertText(new)

    def toggle_prefix(self, prefix: str) -> None:
        """Quote or list the selected lines; remove the prefix when all have it."""
        doc = self.document()
        blocks = [doc.findBlockByNumber(n) for n in self._selected_blocks()]
        numbered = prefix == "1. "
        pattern = re.compile(r"^\d+\.\s" if numbered else "^" + re.escape(prefix))
        have = all(pattern.match(b.text()) for b in blocks if b.text().strip())
        cursor = self.textCursor()
        cursor.beginEditBlock()
        for i, block in enumerate(blocks):
            c = QTextCursor(block)
            match = pattern.match(block.text())
            if have and match:
                c.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor, len(match.group(0)))
                c.removeSelectedText()
            elif not have and (block.text().strip() or len(blocks) == 1):
                c.insertText(f"{i + 1}. " if numbered else prefix)
        cursor.endEditBlock()


def _qlen(text: str) -> int:
    """Length in UTF-16 code units (Qt's positions)."""
    return len(text.encode("utf-16-le")) // 2
