"""Never lose work: the recovery journal, and files that change on disk (a MainWindow mixin)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QTimer
from PySide6.QtWidgets import QMessageBox

from editor.core.errors import PostError
from editor.core.recovery import Journal
from editor.ui.document import PostDocument

JOURNAL_DELAY_MS = 2000  # after typing stops


class DocumentSafety:
    documents: list[PostDocument]
    document: PostDocument | None

    def _init_safety(self) -> None:
        folder = os.environ.get("POST_EDITOR_STATE")
        self.journal = Journal(Path(folder) / "recovery" if folder else None)
        self._journal_timer = QTimer(self, singleShot=True, interval=JOURNAL_DELAY_MS)  # type: ignore[call-overload]
        self._journal_timer.timeout.connect(self.write_journal)
        self.file_watcher = QFileSystemWatcher(self)  # type: ignore[call-overload]
        self.file_watcher.fileChanged.connect(self._file_changed_on_disk)
        self._asking_about: set[str] = set()

    # ----------------------------------------------------------------- journal

    def journal_soon(self) -> None:
        self._journal_timer.start()

    def write_journal(self) -> None:
        """Journal every document with unsaved changes; forget the others."""
        for doc in self.documents:
            try:
                if doc.is_modified:
                    self.journal.save(doc.id, doc.path, doc.full_text())
                else:
                    self.journal.remove(doc.id)
            except (OSError, PostError):
                pass  # the journal is a safety net; a full disk must not stop the editing

    def forget_journal(self, doc: PostDocument) -> None:
        self.journal.remove(doc.id)

    def offer_recovery(self) -> int:
        """After a crash: offer back the work of editors that are gone (never that of another
        editor still running). Returns how many were restored."""
        entries = self.journal.orphaned()
        if not entries:
            return 0
        names = "\n".join(f"• {e.title()}" for e in entries)
        box = QMessageBox(self)  # type: ignore[call-overload]
        box.setObjectName("recoveryPrompt")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Recover unsaved work")
        box.setText("Post Editor closed without saving these posts:")
        box.setInformativeText(names + "\n\nRestore them? They open with your unsaved changes; nothing is saved yet.")
        box.setDetailedText("\n\n".join(e.diff() for e in entries))
        restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.exec()
        restored = 0
        for entry in entries:
            if box.clickedButton() is restore:
                doc = self._restore(entry)
                if doc is None:
                    continue
                restored += 1
                self.journal.remove(entry.id)
                self.journal.save(doc.id, doc.path, doc.full_text())
            else:
                self.journal.remove(entry.id)
        return restored

    def _restore(self, entry: Any) -> PostDocument | None:
        doc: PostDocument | None = None
        if entry.path and Path(entry.path).exists():
            if self.open_post(entry.path):  # type: ignore[attr-defined]
                doc = self.document
        if doc is None:
            doc = PostDocument.new(self)  # type: ignore[arg-type]
            if entry.path:
                doc.path = Path(entry.path)
            self.set_document(doc)  # type: ignore[attr-defined]
        doc.restore_text(entry.text)
        self.set_document(doc)  # type: ignore[attr-defined]
        self.editor.set_document(doc.text_document)  # type: ignore[attr-defined]
        return doc

    # ----------------------------------------------------------------- changes on disk

    def watch(self, doc: PostDocument) -> None:
        if doc.path is not None and doc.path.exists():
            self.file_watcher.addPath(str(doc.path))

    def _file_changed_on_disk(self, name: str) -> None:
        doc = next((d for d in self.documents if d.path is not None and str(d.path) == name), None)
        if doc is None or name in self._asking_about:
            return
        if Path(name).exists():
            self.file_watcher.addPath(name)  # a replaced file drops out of the watch list
        if not doc.changed_on_disk():
            return  # our own save, or a touch that changed nothing
        if not Path(name).exists():
            self.statusBar().showMessage(
                f"{doc.display_name()} was deleted or moved on disk; Save writes it again.", 10000
            )  # type: ignore[attr-defined]
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
        editor = self.editor  # type: ignore[attr-defined]
        current = doc is self.document
        position = editor.textCursor().position() if current else 0
        scroll = editor.verticalScrollBar().value() if current else 0
        try:
            doc.reload()
        except (PostError, OSError) as exc:
            self._error("Cannot reload", str(exc))  # type: ignore[attr-defined]
            return
        if current:
            cursor = editor.textCursor()
            cursor.setPosition(min(position, max(0, doc.text_document.characterCount() - 1)))
            editor.setTextCursor(cursor)
            editor.verticalScrollBar().setValue(scroll)
            self._document_state_changed()  # type: ignore[attr-defined]
        self.statusBar().showMessage(f"{doc.display_name()} changed on disk and was reloaded", 5000)  # type: ignore[attr-defined]

    def _ask_about_change(self, doc: PostDocument) -> None:
        from editor.core.recovery import Entry

        box = QMessageBox(self)  # type: ignore[call-overload]
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
        box.addButton("Keep Mine", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is reload_button:
            self._reload_keeping_place(doc)
            self.forget_journal(doc)
