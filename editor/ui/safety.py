"""Never lose work: the recovery journal, and files that change on disk."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox

from editor.core.errors import PostError
from editor.core.recovery import Entry, Journal
from editor.ui.dialogs import show_error
from editor.ui.document import PostDocument
from editor.ui.editor_pane import EditorPane
from editor.ui.settings_store import DEFAULT_AUTOSAVE_SECONDS
from editor.ui.tabs import DocumentTabs

JOURNAL_DELAY_MS = DEFAULT_AUTOSAVE_SECONDS * 1000  # after typing stops, unless Preferences say otherwise


class Safety(QObject):
    """Journals every document with unsaved changes (after a pause in typing, and when
    the window loses focus), offers that work back after a crash, and watches the open
    files: a file changed by someone else is reloaded, or the author is asked when
    they have unsaved changes. ``reloaded`` fires after a document took the file's text."""

    reloaded = Signal(object)

    def __init__(self, window: QMainWindow, tabs: DocumentTabs, editor: EditorPane) -> None:
        super().__init__(window)
        self.window = window
        self.tabs = tabs
        self.editor = editor
        folder = os.environ.get("POST_EDITOR_STATE")
        self.journal = Journal(Path(folder) / "recovery" if folder else None)
        self._timer = QTimer(self, singleShot=True, interval=JOURNAL_DELAY_MS)
        self._timer.timeout.connect(self.write_journal)
        self.file_watcher = QFileSystemWatcher(self)
        self.file_watcher.fileChanged.connect(self._file_changed_on_disk)
        self._asking_about: set[str] = set()
        tabs.added.connect(self._adopt)
        tabs.removed.connect(self._unwatch)

    def _adopt(self, document: PostDocument) -> None:
        document.text_document.contentsChanged.connect(self.journal_soon)
        document.fieldEdited.connect(lambda _k: self.journal_soon())
        document.fieldsChanged.connect(self.journal_soon)
        document.sourceEdited.connect(self.journal_soon)
        document.pathChanged.connect(lambda _p: self.watch(document))
        self.watch(document)

    def _unwatch(self, document: PostDocument) -> None:
        """A closed post's file is no longer watched, unless another tab shows it."""
        path = str(document.path) if document.path is not None else None
        if (
            path
            and path in self.file_watcher.files()
            and not any(d is not document and str(d.path) == path for d in self.tabs.documents)
        ):
            self.file_watcher.removePath(path)

    # ----------------------------------------------------------------- journal

    def journal_soon(self) -> None:
        self._timer.start()

    def set_journal_delay(self, seconds: float) -> None:
        """Journal unsaved work ``seconds`` after typing stops (a wait already begun starts over)."""
        self._timer.setInterval(round(seconds * 1000))

    def write_journal(self) -> None:
        """Journal every document with unsaved changes; forget the others."""
        for doc in self.tabs.documents:
            try:
                if doc.is_modified:
                    self.journal.save(doc.id, doc.path, doc.full_text())
                else:
                    self.journal.remove(doc.id)
            except (OSError, PostError):
                pass  # the journal is a safety net; a full disk must not stop the editing

    def forget(self, doc: PostDocument) -> None:
        self.journal.remove(doc.id)

    def offer_recovery(
        self, open_post: Callable[[Path], bool], heading: str = "Post Editor closed without saving these posts:"
    ) -> int:
        """After a crash: offer back the work of editors that are gone (never that of another
        editor still running), opening each post with ``open_post``. Returns how many were
        restored."""
        entries = self.journal.orphaned()
        if not entries:
            return 0
        names = "\n".join(f"• {e.title()}" for e in entries)
        box = QMessageBox(self.window)
        box.setObjectName("recoveryPrompt")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Recover unsaved work")
        box.setText(heading)
        box.setInformativeText(names + "\n\nRestore them? They open with your unsaved changes; nothing is saved yet.")
        box.setDetailedText("\n\n".join(e.diff() for e in entries))
        restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.exec()
        restored = 0
        for entry in entries:
            if box.clickedButton() is restore:
                doc = self._restore(entry, open_post)
                restored += 1
                self.journal.remove(entry.id)
                self.journal.save(doc.id, doc.path, doc.full_text())
            else:
                self.journal.remove(entry.id)
        return restored

    def _restore(self, entry: Entry, open_post: Callable[[Path], bool]) -> PostDocument:
        doc: PostDocument | None = None
        if entry.path and Path(entry.path).exists() and open_post(Path(entry.path)):
            doc = self.tabs.current
        if doc is None and entry.path:  # a new post never saved: it goes to its place on first save
            doc = PostDocument.unwritten(Path(entry.path), "", parent=self.window)  # its text comes next
            self.tabs.show(doc)
        if doc is None:
            doc = PostDocument.new(self.window)
            self.tabs.show(doc)
        doc.restore_text(entry.text)
        self.tabs.show(doc)
        self.editor.set_document(doc.text_document)
        return doc

    # ----------------------------------------------------------------- changes on disk

    def watch(self, doc: PostDocument) -> None:
        if doc.path is not None and doc.path.exists():
            self.file_watcher.addPath(str(doc.path))

    def expect_change(self, path: Path, expected: bool) -> None:
        """While ``expected``, a change to ``path`` on disk is the editor's own doing (git
        putting a post back as it is committed): nothing is reloaded or asked about."""
        (self._asking_about.add if expected else self._asking_about.discard)(str(path))

    def check_on_disk(self) -> None:
        """Look at every open post's file now (after git wrote files, say): an unchanged
        post is reloaded, one with unsaved changes asks."""
        for doc in list(self.tabs.documents):
            if doc.path is not None:
                self._file_changed_on_disk(str(doc.path))

    def _file_changed_on_disk(self, name: str) -> None:
        doc = next((d for d in self.tabs.documents if d.path is not None and str(d.path) == name), None)
        if doc is None or name in self._asking_about:
            return
        if Path(name).exists():
            self.file_watcher.addPath(name)  # a replaced file drops out of the watch list
        if not doc.changed_on_disk():
            return  # our own save, or a touch that changed nothing
        if not Path(name).exists():
            self.window.statusBar().showMessage(
                f"{doc.display_name()} was deleted or moved on disk; Save writes it again.", 10000
            )
            return
        if not doc.is_modified:
            self._reload_keeping_place(doc)
            return
        self._asking_about.add(name)
        try:
            self._ask_about_change(doc)
        finally:
            self._asking_about.discard(name)

    def _reload_keeping_place(self, doc: PostDocument) -> None:
        editor = self.editor
        current = doc is self.tabs.current
        position = editor.textCursor().position() if current else 0
        scroll = editor.verticalScrollBar().value() if current else 0
        try:
            doc.reload()
        except (PostError, OSError) as exc:
            show_error(self.window, "Cannot reload", str(exc))
            return
        if current:
            cursor = editor.textCursor()
            cursor.setPosition(min(position, max(0, doc.text_document.characterCount() - 1)))
            editor.setTextCursor(cursor)
            editor.verticalScrollBar().setValue(scroll)
        self.reloaded.emit(doc)
        self.window.statusBar().showMessage(f"{doc.display_name()} changed on disk and was reloaded", 5000)

    def _ask_about_change(self, doc: PostDocument) -> None:
        box = QMessageBox(self.window)
        box.setObjectName("changedOnDiskPrompt")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Changed on disk")
        box.setText(f"{doc.display_name()} changed on disk, and you have unsaved changes.")
        box.setInformativeText(
            "Reload their version (your changes are lost), or keep yours (saving will ask before "
            "overwriting theirs)? The details show what differs."
        )
        box.setDetailedText(Entry(doc.id, str(doc.path), doc.full_text(), 0).diff())
        reload_button = box.addButton("Reload Theirs", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep Mine", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)  # Enter loses nothing
        box.setEscapeButton(keep)
        box.exec()
        if box.clickedButton() is reload_button:
            self._reload_keeping_place(doc)
            self.forget(doc)
