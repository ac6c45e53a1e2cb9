"""Links to the site's other posts: Format › Link to Post (Ctrl+Shift+K), or typing
``](``, opens a list of the site's posts searched as you type; the one chosen is linked
the way the site links (``core.post_links``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QMainWindow, QVBoxLayout, QWidget

from editor.core.library import PostInfo
from editor.core.post_links import describe, link_style, link_target
from editor.ui.dialogs import make_action
from editor.ui.editor_pane import EditorPane
from editor.ui.tabs import DocumentTabs

SHOWN = 200  # posts listed at once; typing narrows the rest down


class PostPicker(QDialog):
    """Choose one of ``posts``; ``chosen`` is set when the dialog is accepted."""

    def __init__(self, posts: list[PostInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("postPicker")
        self.setWindowTitle("Link to Post")
        self.resize(560, 420)
        self.posts = sorted(posts, key=lambda p: str(p.date or ""), reverse=True)
        self.chosen: PostInfo | None = None
        layout = QVBoxLayout(self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search the site's posts by title, date or file")
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)
        self.list.itemActivated.connect(lambda _item: self.accept())
        self._filter("")

    def _filter(self, query: str) -> None:
        words = query.casefold().split()
        self.list.clear()
        for info in self.posts:
            line = describe(info)
            if all(w in line.casefold() for w in words):
                item = QListWidgetItem(line)
                item.setData(Qt.ItemDataRole.UserRole, info.path)
                self.list.addItem(item)
                if self.list.count() >= SHOWN:
                    break
        self.list.setCurrentRow(0)

    def eventFilter(self, watched: QObject, event: Any) -> bool:  # noqa: N802 - Qt override
        """Up and Down in the search field move in the list."""
        if watched is self.search and isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                step = -1 if event.key() == Qt.Key.Key_Up else 1
                self.list.setCurrentRow(max(0, min(self.list.count() - 1, self.list.currentRow() + step)))
                return True
        return super().eventFilter(watched, event)

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        path = item.data(Qt.ItemDataRole.UserRole)
        self.chosen = next((p for p in self.posts if p.path == path), None)
        super().accept()


class PostLinks(QObject):
    """The Link to Post action, and the picker after ``](``."""

    def __init__(self, window: QMainWindow, tabs: DocumentTabs, editor: EditorPane) -> None:
        super().__init__(window)
        self._window, self._tabs, self._editor = window, tabs, editor
        self.action = make_action(window, "Link to &Post…", lambda: self.link(typed=False), "Ctrl+Shift+K", "linkPost")
        # After the key is handled: the picker is a dialog of its own.
        editor.linkTargetWanted.connect(lambda: QTimer.singleShot(0, lambda: self.link(typed=True)))
        self.picker: PostPicker | None = None  # the picker while it is open (for tests)

    def link(self, typed: bool) -> None:
        """Ask for a post and link it: after a typed ``](`` its target and ``)``; else
        ``[selection or title](target)``."""
        document = self._tabs.current
        context = document.site_context if document is not None else None
        if context is None or not context.library.posts:
            if not typed:
                self._window.statusBar().showMessage("Open the site's folder to link to its posts.", 5000)
            return
        own = document.path.resolve() if document.path is not None else None
        posts = [p for p in context.library.posts if (context.site.root / p.path).resolve() != own]
        self.picker = picker = PostPicker(posts, self._window)
        accepted = picker.exec() == QDialog.DialogCode.Accepted
        self.picker = None
        picker.deleteLater()
        if not accepted or picker.chosen is None:
            return
        style = link_style(context.site, context.library)
        target = link_target(style, context.site, document.path, picker.chosen)
        cursor = self._editor.textCursor()
        if typed:
            cursor.insertText(target + ")")
        else:
            text = cursor.selectedText() or picker.chosen.title or "link"
            cursor.insertText(f"[{text}]({target})")
        self._editor.setTextCursor(cursor)
