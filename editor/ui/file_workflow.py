"""The file workflow of the main window: opening posts and sites, saving, closing.

A mixin of ``MainWindow``: it uses the window's documents, tabs, settings and
site controller, and asks the author before anything unsaved is let go.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMainWindow, QMessageBox

from editor.core.errors import PostError
from editor.ui.document import PostDocument

MARKDOWN_FILTER = "Markdown (*.md *.markdown *.mdx *.mdown);;All files (*)"


class FileWorkflow(QMainWindow):
    """Needs from the window: ``documents``, ``document``, ``settings``, ``site_controller``,
    ``library_dock``, ``new_post_action``, ``set_document``, ``_show`` and friends."""

    documents: list[PostDocument]
    document: PostDocument | None
    settings: Any
    site_controller: Any

    def open_path(self, path: str | Path) -> bool:
        """Open a post, or a site folder (its posts list, and its newest post)."""
        target = Path(path)
        if target.is_dir():
            return self.open_folder(target)
        return self.open_post(target)

    def open_paths(self, paths: list[Path]) -> None:
        """Open every folder and post named (folders first, so the posts named open
        over the site they belong to), each post in its own tab."""
        targets = [Path(p) for p in paths]
        for target in sorted(targets, key=lambda t: not t.is_dir()):
            self.open_path(target)

    def open_paths_from_elsewhere(self, paths: list[str]) -> None:
        """Paths another ``post-editor`` invocation sent: open them and come to the front."""
        self.open_paths([Path(p) for p in paths])
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def open_folder(self, folder: Path) -> bool:
        try:
            site = self.site_controller.open(folder)
        except (PostError, OSError) as exc:
            self._error("Cannot open this folder", str(exc))
            return False
        for document in self.documents:  # posts of this site opened before it
            if document.site_context is None and document.path is not None:
                document.site_context = self.site_controller.context_for(document.path)
        self.library_dock.show()
        self.new_post_action.setEnabled(True)
        posts = site.posts()
        if not posts:
            self.statusBar().showMessage(f"{folder} has no posts yet", 5000)
            return True
        newest = max(posts, key=lambda p: p.stat().st_mtime if p.exists() else 0)
        return self.open_post(newest)

    def open_post(self, path: str | Path) -> bool:
        """Open a post in a tab (or show its tab). Shows a message on failure."""
        target = Path(path).resolve()
        for document in self.documents:
            if document.path == target:
                self.set_document(document)
                return True
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a 20 MB post takes seconds
        try:
            try:
                document = PostDocument.open(target, self)
            except (PostError, OSError) as exc:
                self._error("Cannot open this file", f"{target.name}: {getattr(exc, 'strerror', None) or exc}")
                return False
            replace = self.document if self._is_blank(self.document) else None
            self.set_document(document)
        finally:
            QApplication.restoreOverrideCursor()
        if replace is not None:
            self._drop(replace)
        self.settings.add_recent_file(str(document.path))
        self.statusBar().showMessage(f"Opened {document.path}", 3000)
        return True

    def _is_blank(self, document: PostDocument | None) -> bool:
        """An untouched untitled document, which an opened file replaces."""
        return document is not None and document.path is None and not document.is_modified

    def _drop(self, document: PostDocument) -> None:
        index = self.documents.index(document)
        self.documents.pop(index)
        self.tab_bar.blockSignals(True)
        self.tab_bar.removeTab(index)
        self.tab_bar.blockSignals(False)
        document.deleteLater()

    def open_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open Site Folder")
        if folder:
            self.open_folder(Path(folder))

    def new_site_post(self) -> None:
        site = self.site_controller.site
        if site is None:
            self.new_post()
            return
        title, ok = QInputDialog.getText(self, "New Post", "Title of the new post:")
        if not ok or not title.strip():
            return
        from editor.core.newpost import create_post

        try:
            path = create_post(site, title.strip(), self.site_controller.schema, self.site_controller.library)
        except (PostError, OSError) as exc:
            self._error("Could not create the post", str(exc))
            return
        self.open_post(path)
        self.site_controller.rescan()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.open_path(url.toLocalFile())
        event.acceptProposedAction()

    def new_post(self) -> None:
        self.set_document(PostDocument.new(self))

    def open_dialog(self) -> None:
        start = str(self.document.path.parent) if self.document and self.document.path else ""
        name, _ = QFileDialog.getOpenFileName(self, "Open Post", start, MARKDOWN_FILTER)
        if name:
            self.open_path(name)

    def save(self) -> bool:
        doc = self.document
        if doc is None:
            return False
        if doc.path is None:
            return self.save_as()
        return self._write(doc, None)

    def save_as(self) -> bool:
        doc = self.document
        if doc is None:
            return False
        start = str(doc.path) if doc.path else _suggest_name(doc)
        name, _ = QFileDialog.getSaveFileName(self, "Save Post As", start, MARKDOWN_FILTER)
        if not name:
            return False
        return self._write(doc, Path(name))

    def _write(self, doc: PostDocument, path: Path | None) -> bool:
        cover_note = self._convert_cover_first(doc) if path is None else None
        from editor.ui.document import ChangedOnDiskError, ReadOnlyError

        try:
            saved = doc.save(path)
        except ChangedOnDiskError as exc:
            if not self._confirm_overwrite(doc, str(exc)):
                return False
            try:
                saved = doc.save(path, overwrite_changes=True)
            except PostError as again:
                self._error("Could not save", str(again))
                return False
        except ReadOnlyError as exc:
            answer = QMessageBox.question(self, "Read-only file", f"{exc}\n\nSave a copy elsewhere now?")
            return answer == QMessageBox.StandardButton.Yes and self.save_as()
        except PostError as exc:
            self._error("Could not save", str(exc))
            return False
        self.forget_journal(doc)  # type: ignore[attr-defined]
        self.settings.add_recent_file(str(saved))
        note = f" · {cover_note}" if cover_note else ""
        self.statusBar().showMessage(f"Saved {saved.name}{note}", 8000 if note else 3000)
        if doc is self.document:
            self._document_state_changed()  # type: ignore[attr-defined]  # what the save could not keep
        self._update_title()
        self._offer_rename(doc)
        return True

    def _site_for(self, doc: PostDocument) -> Any:
        from editor.core.site import Site

        if doc.path is None:
            return None
        if doc.site_context is not None:
            return doc.site_context.site
        return Site.for_file(doc.path)

    def _convert_cover_first(self, doc: PostDocument) -> str | None:
        """Convert a PNG/JPEG/... cover to WebP before the post is written, so the
        front matter never points at a file that does not exist yet. Runs off the
        GUI thread with a progress dialog; a bad image leaves the field unchanged."""
        from editor.core.cover_step import convert_post_cover, pending_cover
        from editor.core.errors import PostError as CoverError

        if doc.post is None or doc.path is None:
            return None
        try:
            site = self._site_for(doc)
            pending = pending_cover(doc.post, site, self._schema_for(doc)) if site is not None else None
        except CoverError as exc:
            self._error("The cover was not converted", f"{exc}\n\nThe post is saved with the cover field unchanged.")
            return None
        if pending is None:
            return None
        ref, value = pending
        post = doc.post
        result, error = self._run_with_progress(
            "Converting the cover to WebP…",
            lambda progress: convert_post_cover(
                post, site, value, progress=progress, allow_outside=value in doc.picked_images
            ),
        )
        if error is not None:
            message = str(error) if isinstance(error, CoverError) else f"Unexpected error: {error!r}"
            unchanged = "The post is saved with the cover field unchanged."
            self._error("The cover was not converted", f"{message}\n\n{unchanged}")
            return None
        doc.set_field(ref.key, ref.updated(post.metadata, result.reference))
        self.form.rebuild()
        summary = (
            f"Cover converted to WebP: {result.source_bytes / 1024:,.0f} KB → {result.target_bytes / 1024:,.0f} KB, "
            f"{result.width}×{result.height}"
        )
        note = result.size_note()
        return f"{summary}. {note}" if note else summary

    def _run_with_progress(self, label: str, job: Any) -> tuple[Any, BaseException | None]:
        """Run ``job(progress)`` in a background thread; the window stays responsive and a
        progress dialog appears if it takes a while. Returns (result, error)."""
        from PySide6.QtCore import QEventLoop, Qt
        from PySide6.QtWidgets import QProgressDialog

        from editor.ui.tasks import Task

        outcome: dict[str, Any] = {}
        loop = QEventLoop()
        dialog = QProgressDialog(label, "", 0, 100, self)
        dialog.setObjectName("progressDialog")
        dialog.setCancelButton(None)  # type: ignore[arg-type]
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)

        def done(result: Any, error: BaseException | None) -> None:
            outcome.update(result=result, error=error)
            loop.quit()

        task = Task(job, on_progress=lambda f: dialog.setValue(int(float(f) * 100)), on_done=done, parent=self)
        task.start()
        if "error" not in outcome:
            loop.exec()
        dialog.close()
        dialog.deleteLater()
        task.deleteLater()
        return outcome.get("result"), outcome.get("error")

    def insert_image(self, image: Any) -> bool:
        """Import a dropped or pasted image (a file path or a QImage) into the site's image
        folder as WebP and insert ``![alt](path)`` at the cursor."""
        import tempfile

        from PySide6.QtGui import QImage

        from editor.core.errors import PostError as ImportError_
        from editor.core.images import import_image

        doc = self.document
        if doc is None or doc.post is None or doc.path is None:
            self._error("Save the post first", "Images go next to the site's other images; save the post first.")
            return False
        site = self._site_for(doc)
        source = image
        if isinstance(image, QImage):
            handle, name = tempfile.mkstemp(prefix="pasted-image-", suffix=".png")
            os.close(handle)
            image.save(name, "PNG")
            source = Path(name)
        default_alt = re.sub(r"[-_]+", " ", Path(source).stem).strip().capitalize()
        if isinstance(image, QImage):
            default_alt = ""
        alt, ok = QInputDialog.getText(
            self, "Describe the image", "Alt text, for readers who cannot see the image:", text=default_alt
        )
        if not ok:
            return False
        result, error = self._run_with_progress(
            "Converting the image to WebP…", lambda progress: import_image(Path(source), site, doc.path)
        )
        if isinstance(image, QImage):
            Path(source).unlink(missing_ok=True)
        if error is not None:
            message = str(error) if isinstance(error, ImportError_) else f"Unexpected error: {error!r}"
            self._error("The image was not added", message)
            return False
        alt_text = alt.replace("]", "\\]")
        self.editor.insertPlainText(f"![{alt_text}]({result.reference})")
        self.statusBar().showMessage(f"Added {result.target.name} ({result.target_bytes / 1024:,.0f} KB)", 6000)
        return True

    def _offer_rename(self, doc: PostDocument) -> None:
        """A draft whose title changed may take a matching file name (its URL is not public yet)."""
        site = self.site_controller.site
        if site is None or doc.post is None or doc.path is None or not site.contains(doc.path):
            return
        title = doc.post.metadata.get("title")
        if doc.post.metadata.get("draft") is not True or not isinstance(title, str) or not title.strip():
            return
        from editor.core.newpost import renamed_path

        target = renamed_path(doc.path, title)
        if target is None or target.exists() or self._declined_renames.get(doc.path) == title:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Rename the file?",
            f"The title changed. Rename “{doc.path.name}” to “{target.name}” so the address matches the title?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("renamePrompt")
        box.setInformativeText("This post is a draft, so nothing links to it yet.")
        if box.exec() != QMessageBox.StandardButton.Yes:
            self._declined_renames[doc.path] = title
            return
        try:
            doc.rename(target)
        except PostError as exc:
            self._error("Could not rename", str(exc))
            return
        self.settings.add_recent_file(str(doc.path))
        self.site_controller.rescan()

    def _confirm_overwrite(self, doc: PostDocument, reason: str) -> bool:
        from editor.core.recovery import Entry

        box = QMessageBox(
            QMessageBox.Icon.Warning, "Changed on disk", reason, QMessageBox.StandardButton.NoButton, self
        )
        box.setObjectName("overwritePrompt")
        box.setInformativeText("Overwrite it with your version? The details show what differs.")
        box.setDetailedText(Entry(doc.id, str(doc.path), doc.full_text(), 0).diff())
        overwrite = box.addButton("Overwrite", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is overwrite

    def revert(self) -> None:
        doc = self.document
        if doc is None or doc.path is None or not doc.is_modified:
            return
        answer = QMessageBox.question(
            self,
            "Revert",
            f"Discard your changes to {doc.display_name()} and reload it from disk?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Discard:
            try:
                doc.reload()
            except (PostError, OSError) as exc:
                self._error("Cannot reload", str(exc))
            self._document_state_changed()

    def close_document(self, document: PostDocument | None = None) -> bool:
        """Close a tab (default: the current one), asking about unsaved changes."""
        doc = document or self.document
        if doc is None:
            return True
        if doc is not self.document:
            self.set_document(doc)
        if not self.maybe_keep_changes():
            return False
        self.forget_journal(doc)  # type: ignore[attr-defined]
        if len(self.documents) == 1:
            self.set_document(PostDocument.new(self))
        index = self.documents.index(doc)
        self.documents.pop(index)
        self.tab_bar.removeTab(index)  # selects a neighbour, which becomes the document shown
        self._show(self.documents[min(index, len(self.documents) - 1)])
        doc.deleteLater()
        return True

    def maybe_keep_changes(self) -> bool:
        """Ask about unsaved changes. True when it is fine to let the document go."""
        doc = self.document
        if doc is None or not doc.is_modified:
            return True
        box = QMessageBox(self)
        box.setObjectName("unsavedPrompt")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Unsaved changes")
        box.setText(f"Save the changes to {doc.display_name()}?")
        box.setInformativeText("Your changes are lost if you don't save them.")
        box.setStandardButtons(
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        for document in [d for d in self.documents if d.is_modified]:
            self.set_document(document)
            if not self.maybe_keep_changes():
                event.ignore()
                return
        for document in self.documents:
            self.forget_journal(document)  # type: ignore[attr-defined]
        self._save_layout()
        self.site_controller.shutdown()
        for timer in (self._check_timer, self._preview_timer):  # type: ignore[attr-defined]
            timer.stop()
        self.words_label.shutdown()  # type: ignore[attr-defined]
        self.checks_job.shutdown()  # type: ignore[attr-defined]
        event.accept()

    def _error(self, title: str, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("errorMessage")
        box.open()


def _suggest_name(doc: PostDocument) -> str:
    title = ""
    if doc.post is not None:
        title = str(doc.post.metadata.get("title") or "")
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "untitled"
    return f"{slug}.md"
