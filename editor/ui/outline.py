"""The Outline panel: the shown post's headings as a tree, kept up to date as the author
types (after a pause; a long post is read in a thread), the heading the cursor is under
highlighted, a click to go to a heading. A heading that skips a level is marked."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QStyle, QTreeWidget, QTreeWidgetItem, QWidget

from editor.core.outline import Heading, headings, section_at
from editor.ui.status import LONG_BODY  # a longer body's headings are found in a thread
from editor.ui.tasks import LatestOnly

PAUSE_MS = 300  # after the last key, the outline is read again
LINE = Qt.ItemDataRole.UserRole


class OutlinePanel(QTreeWidget):
    """``jumpRequested(line)``: the author chose the heading at body ``line``."""

    jumpRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outline")
        self.setAccessibleName("Outline")
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setExpandsOnDoubleClick(False)
        self.headings: list[Heading] = []
        self._items: list[QTreeWidgetItem] = []
        self._document: Any = None
        self._cursor_line = 0
        self._timer = QTimer(self, singleShot=True, interval=PAUSE_MS)
        self._timer.timeout.connect(self.refresh)
        self._job = LatestOnly(self)
        self.itemActivated.connect(self._chosen)
        self.itemClicked.connect(self._chosen)

    def show_document(self, document: Any) -> None:
        """Outline ``document`` (a PostDocument, or None), and follow its edits."""
        if self._document is not None:
            try:
                self._document.text_document.contentsChanged.disconnect(self._timer.start)
            except (RuntimeError, TypeError):
                pass
        self._document = document
        if document is not None:
            document.text_document.contentsChanged.connect(self._timer.start)
        self.refresh()

    def refresh(self) -> None:
        document = self._document
        if document is None:
            self._job.cancel()
            self._show([])
            return
        text = document.body_text()
        if len(text) < LONG_BODY:
            self._job.cancel()
            self._show(headings(text))
            return

        def done(found: Any, error: BaseException | None) -> None:
            if error is None and document is self._document:
                self._show(found)

        self._job.request(lambda: headings(text), done)

    def _show(self, found: list[Heading]) -> None:
        if found == self.headings and len(self._items) == len(found):  # typing that left the headings alone
            self.follow(self._cursor_line)
            return
        self.headings = found
        self.clear()
        self._items = []
        stack: list[tuple[int, QTreeWidgetItem]] = []
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for heading in found:
            while stack and stack[-1][0] >= heading.level:
                stack.pop()
            parent = stack[-1][1] if stack else None
            item = QTreeWidgetItem([heading.text or "(untitled heading)"])
            item.setData(0, LINE, heading.line)
            tip = f"Level {heading.level}, line {heading.line + 1}"
            if heading.skipped_from is not None:
                item.setIcon(0, warning)
                tip += f": skips from level {heading.skipped_from} to {heading.level}"
            item.setToolTip(0, tip)
            if parent is None:
                self.addTopLevelItem(item)
            else:
                parent.addChild(item)
            stack.append((heading.level, item))
            self._items.append(item)
        self.expandAll()
        self.follow(self._cursor_line)

    def follow(self, line: int) -> None:
        """The cursor is on body ``line``: highlight the heading of its section."""
        self._cursor_line = line
        index = section_at(self.headings, line)
        item = self._items[index] if index is not None and index < len(self._items) else None
        quiet = self.blockSignals(True)
        try:
            if item is not None:
                self.setCurrentItem(item)
            else:
                self.clearSelection()
        finally:
            self.blockSignals(quiet)

    def _chosen(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        line = item.data(0, LINE)
        if isinstance(line, int):
            self.jumpRequested.emit(line)

    def shutdown(self) -> None:
        self._timer.stop()
        self._job.shutdown()
