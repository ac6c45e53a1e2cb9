"""Links to the site's other posts: Format › Link to Post (Ctrl+Shift+K), or typing
``](``, opens a list of the site's posts searched as you type; the one chosen is linked
the way the site links (``core.post_links``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QMainWindow, QVBoxLayout, QWidget

from editor.core.library import PostInfo
from editor.core.post_links import cross_links, describe, link_style, link_target, preview_anchor, target_path
from editor.ui.dialogs import make_action
from editor.ui.editor_pane import EditorPane
from editor.ui.preview_pane import PreviewPane
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
    """The Link to Post action, the picker after ``](``, and the titles the preview shows
    on links to other posts."""

    def __init__(self, window: QMainWindow, tabs: DocumentTabs, editor: EditorPane, preview: PreviewPane) -> None:
        super().__init__(window)
        self._window, self._tabs, self._editor, self._preview = window, tabs, editor, preview
        self._titles_timer = QTimer(self, singleShot=True, interval=400)
        self._titles_timer.timeout.connect(self.send_titles)
        self._sent: dict[str, str | None] = {}
        preview.updated.connect(self.titles_soon)
        self.action = make_action(window, "Link to &Post…", lambda: self.link(typed=False), "Ctrl+Shift+K", "linkPost")
        # After the key is handled: the picker is a dialog of its own.
        editor.linkTargetWanted.connect(lambda: QTimer.singleShot(0, lambda: self.link(typed=True)))
        self.picker: PostPicker | None = None  # the picker while it is open (for tests)

    def titles_soon(self, *_args: object) -> None:
        self._titles_timer.start()

    def send_titles(self) -> None:
        """Give the preview the title of each post the shown post links to (None: no such post)."""
        document = self._tabs.current
        context = document.site_context if document is not None else None
        text = self._editor.toPlainText() if context is not None else ""
        links: dict[str, str | None] = {}
        if context is not None and ("{{" in text or "{%" in text):
            titles = {(context.site.root / p.path).resolve(): p.title for p in context.library.posts}
            for _line, style, reference, _written in cross_links(text):
                key = preview_anchor(style, reference)
                if key not in links:
                    target = target_path(style, reference, context.site, document.path if document else None)
                    if target is not None:
                        links[key] = titles.get(target.resolve()) or self._title(context, target)
                    else:
                        links[key] = None
        if links != self._sent:
            self._sent = links
            self._preview.set_post_links(links)

    @staticmethod
    def _title(context: Any, target: Path) -> str:
        """The title of a post the site's index does not hold (its posts were not indexed)."""
        try:
            rel = target.resolve().relative_to(context.site.root.resolve()).as_posix()
            return str(context.library.read_post(target, rel, target.stat().st_size).title)
        except (OSError, ValueError):
            return target.name

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
