"""The open documents, a tab each, and which one the window shows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QTabBar, QWidget

from editor.ui.document import PostDocument


class DocumentTabs(QObject):
    """Owns the list of open documents and the tab bar that shows them.

    ``added`` fires once per document, before it is first shown, so each part can
    connect to the document's signals; ``currentChanged`` fires when another document
    is shown; ``removed`` after a document's tab is gone (it is deleted later).
    ``closeRequested`` is the tab's close button: the file workflow decides.
    """

    added = Signal(object)
    currentChanged = Signal(object)
    removed = Signal(object)
    closeRequested = Signal(object)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.documents: list[PostDocument] = []
        self.current: PostDocument | None = None
        self.bar = QTabBar(parent)
        self.bar.setObjectName("documentTabs")
        self.bar.setDocumentMode(True)
        self.bar.setTabsClosable(True)
        self.bar.setMovable(False)
        self.bar.setExpanding(False)
        self.bar.currentChanged.connect(self._selected)
        self.bar.tabCloseRequested.connect(lambda i: self.closeRequested.emit(self.documents[i]))
        self.bar.tabBarDoubleClicked.connect(lambda i: i >= 0 and self.keep(self.documents[i]))
        self._preview: PostDocument | None = None  # the tab a single click in the Posts list reuses

    def show(self, document: PostDocument) -> None:
        """Show ``document``, adding a tab for it the first time."""
        if document not in self.documents:
            self._add(document)
        self.bar.setCurrentIndex(self.documents.index(document))
        self._make_current(document)

    def find(self, path: Path) -> PostDocument | None:
        return next((d for d in self.documents if d.path == path), None)

    def is_blank(self, document: PostDocument | None) -> bool:
        """An untouched new document, which an opened file replaces (one opened with text of
        its own, such as the Markdown guide, stays)."""
        return (
            document is not None
            and document.path is None
            and document.untitled_name is None
            and not document.is_modified
        )

    def when_current(self, document: PostDocument, slot: Callable[[], Any]) -> Callable[..., None]:
        """A slot for one of ``document``'s signals that runs ``slot`` only while it is shown."""

        def run(*_args: Any) -> None:
            if document is self.current:
                slot()

        return run

    def remove(self, document: PostDocument) -> None:
        """Close ``document``'s tab and show its neighbour (there must be one)."""
        index = self.documents.index(document)
        self.documents.pop(index)
        self.bar.removeTab(index)  # selects a neighbour, which becomes the document shown
        self._make_current(self.documents[min(index, len(self.documents) - 1)])
        self._gone(document)

    def previewed(self) -> PostDocument | None:
        """The preview tab's document while it is unedited (the next preview replaces it)."""
        return next((d for d in self.documents if d is self._preview and not d.is_modified), None)

    def mark_preview(self, document: PostDocument) -> None:
        """Show ``document`` in the preview tab (its name dimmed); an edit keeps it."""
        old, self._preview = self._preview, document
        if old is not None and old is not document:
            self.update_tab(old)  # no longer the preview
        document.modifiedChanged.connect(lambda modified: modified and self.keep(document))
        self.update_tab(document)

    def keep(self, document: PostDocument) -> None:
        if self._preview is document:
            self._preview = None
            self.update_tab(document)

    def discard(self, document: PostDocument) -> None:
        """Drop a document that is not shown (an untitled one an opened file replaced)."""
        index = self.documents.index(document)
        self.documents.pop(index)
        self.bar.blockSignals(True)
        self.bar.removeTab(index)
        self.bar.blockSignals(False)
        self._gone(document)

    def update_tab(self, document: PostDocument) -> None:
        if document in self.documents:
            index = self.documents.index(document)
            self.bar.setTabText(index, ("● " if document.is_modified else "") + document.display_name())
            where = str(document.path or "Not saved yet")
            preview = document is self._preview
            self.bar.setTabToolTip(index, where + ("\nPreview: the next post you click replaces it" if preview else ""))
            self.bar.setTabData(index, "preview" if preview else None)
            # A preview tab's name is dimmed (a tab bar has no italics per tab).
            dim = self.bar.palette().color(QPalette.ColorRole.PlaceholderText)
            self.bar.setTabTextColor(index, dim if preview else QColor())

    def _add(self, document: PostDocument) -> None:
        self.documents.append(document)
        self.bar.blockSignals(True)
        self.bar.addTab(document.display_name())
        self.bar.blockSignals(False)
        document.modifiedChanged.connect(lambda _m: self.update_tab(document))
        document.pathChanged.connect(lambda _p: self.update_tab(document))
        self.added.emit(document)

    def _make_current(self, document: PostDocument) -> None:
        if document is not self.current:
            self.current = document
            self.currentChanged.emit(document)

    def _selected(self, index: int) -> None:
        if 0 <= index < len(self.documents):
            self._make_current(self.documents[index])

    def _gone(self, document: PostDocument) -> None:
        self.removed.emit(document)
        document.deleteLater()
