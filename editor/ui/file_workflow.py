"""Opening posts and sites, saving, closing: every step that could let work go asks first."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMenu, QMessageBox

from editor.core.errors import PostError
from editor.core.site import is_bundle_index, post_label
from editor.ui.dialogs import ask_text, make_action, show_error
from editor.ui.document import ChangedOnDiskError, PostDocument, ReadOnlyError
from editor.ui.image_import import ImageImport
from editor.ui.settings_store import SettingsStore
from editor.ui.site_controller import SiteController
from editor.ui.tabs import DocumentTabs

MARKDOWN_FILTER = "Markdown (*.md *.markdown *.mdx *.mdown);;All files (*)"


class FileWorkflow(QObject):
    """Opens posts (each in its tab) and site folders, creates, saves, reverts and closes
    posts, and asks before unsaved work is let go. Owns the File menu's actions.

    ``saved`` and ``closing`` tell the recovery journal a document's unsaved work is
    settled; ``folderOpened`` fires once a site is open; ``stateChanged`` after a
    document's text or file changed under the window (saved, reverted)."""

    saved = Signal(object)
    closing = Signal(object)
    folderOpened = Signal()
    stateChanged = Signal(object)

    def __init__(
        self,
        window: QMainWindow,
        tabs: DocumentTabs,
        settings: SettingsStore,
        site: SiteController,
        images: ImageImport,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.tabs = tabs
        self.settings = settings
        self.site = site
        self.images = images
        self._declined_renames: dict[Path, str] = {}
        tabs.closeRequested.connect(self.close_document)
        self._make_actions()

    def _make_actions(self) -> None:
        K = QKeySequence.StandardKey
        w = self.window
        self.new_action = make_action(w, "&New", self.new_post, K.New, "new")
        self.open_action = make_action(w, "&Open…", self.open_dialog, K.Open, "open")
        self.new_post_action = make_action(w, "New &Post…", self.new_site_post, "Ctrl+Shift+N", "newPost")
        self.open_folder_action = make_action(w, "Open &Folder…", self.open_folder_dialog, "Ctrl+Shift+O", "openFolder")
        self.save_action = make_action(w, "&Save", self.save, K.Save, "save")
        self.save_as_action = make_action(w, "Save &As…", self.save_as, K.SaveAs, "saveAs")
        self.revert_action = make_action(w, "Re&vert", self.revert, None, "revert")
        self.close_action = make_action(w, "&Close", self.close_document, K.Close, "close")
        self.recent_menu = QMenu("Open &Recent", w)
        self.recent_menu.aboutToShow.connect(self._fill_recent)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = []
        for path in self.settings.recent_files():
            if Path(path).exists():
                recent.append(path)
            else:
                self.settings.forget_recent_file(path)  # renamed, moved or deleted since
        self.recent_menu.setToolTipsVisible(True)
        for path in recent:
            action = self.recent_menu.addAction(f"{post_label(Path(path))}  —  {_short_folder(Path(path))}")
            action.setToolTip(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        if not recent:
            self.recent_menu.addAction("No recent files").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear Menu", self.settings.clear_recent_files)

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

    def open_folder(self, folder: Path) -> bool:
        try:
            site = self.site.open(folder)
        except (PostError, OSError) as exc:
            show_error(self.window, "Cannot open this folder", str(exc))
            return False
        for document in self.tabs.documents:  # posts of this site opened before it
            if document.site_context is None and document.path is not None:
                document.site_context = self.site.context_for(document.path)
        self.new_post_action.setEnabled(True)
        self.folderOpened.emit()
        posts = site.posts()
        if not posts:
            self.window.statusBar().showMessage(f"{folder} has no posts yet", 5000)
            return True
        newest = max(posts, key=lambda p: p.stat().st_mtime if p.exists() else 0)
        return self.open_post(newest)

    def open_post(self, path: str | Path, preview: bool = False) -> bool:
        """Open a post in a tab (or show its tab). Shows a message on failure.

        A ``preview`` (a single click in the Posts list) opens in the preview tab, which
        the next preview replaces while it is unedited; opening it for good, or editing
        it, keeps it."""
        target = Path(path).resolve()
        existing = self.tabs.find(target)
        if existing is not None:
            if not preview:
                self.tabs.keep(existing)
            self.tabs.show(existing)
            return True
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a 20 MB post takes seconds
        try:
            try:
                document = PostDocument.open(target, self.window)
            except (PostError, OSError) as exc:
                reason = getattr(exc, "strerror", None) or exc
                show_error(self.window, "Cannot open this file", f"{target.name}: {reason}")
                return False
            current = self.tabs.current
            replace = current if self.tabs.is_blank(current) else None
            if preview:
                replace = replace or self.tabs.previewed()
            self.tabs.show(document)
            if preview:
                self.tabs.mark_preview(document)
        finally:
            QApplication.restoreOverrideCursor()
        if replace is not None and replace is not document:
            self.tabs.discard(replace)
        self.settings.add_recent_file(str(document.path))
        self.window.statusBar().showMessage(f"Opened {document.path}", 3000)
        return True

    def open_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, "Open Site Folder")
        if folder:
            self.open_folder(Path(folder))

    def new_site_post(self) -> None:
        site = self.site.site
        if site is None:
            self.new_post()
            return
        title = ask_text(self.window, "New Post", "Title of the new post:", name="newPostDialog")
        if title is None or not title.strip():
            return
        from editor.core.newpost import new_post_draft

        try:
            draft = new_post_draft(site, title.strip(), self.site.schema, self.site.library)
        except (PostError, OSError) as exc:
            show_error(self.window, "Could not create the post", str(exc))
            return
        taken = {d.path for d in self.tabs.documents if d.is_unwritten}
        if draft.path.resolve() in taken:  # another new post not saved yet has the name
            show_error(self.window, "Could not create the post", f"A new post named {post_label(draft.path)} is open.")
            return
        self.tabs.show(PostDocument.unwritten(draft.path, draft.text, draft.style, self.window))
        self.window.statusBar().showMessage(f"New post: Save writes {draft.path}", 5000)

    def new_post(self) -> None:
        self.tabs.show(PostDocument.new(self.window))

    def open_dialog(self) -> None:
        start = str(self.tabs.current.path.parent) if self.tabs.current and self.tabs.current.path else ""
        name, _ = QFileDialog.getOpenFileName(self.window, "Open Post", start, MARKDOWN_FILTER)
        if name:
            self.open_path(name)

    def save(self) -> bool:
        doc = self.tabs.current
        if doc is None:
            return False
        if doc.path is None:
            return self.save_as()
        return self.write(doc, None)

    def save_as(self) -> bool:
        doc = self.tabs.current
        if doc is None:
            return False
        start = str(doc.path) if doc.path else _suggest_name(doc)
        name, _ = QFileDialog.getSaveFileName(self.window, "Save Post As", start, MARKDOWN_FILTER)
        if not name:
            return False
        return self.write(doc, Path(name))

    def write(self, doc: PostDocument, path: Path | None) -> bool:
        """Save ``doc`` (to ``path``, or where it was read from, converting its cover first).
        Asks before overwriting a file changed on disk; offers Save As for a read-only one."""
        cover_note = self.images.convert_cover_before_save(doc) if path is None else None
        was_unwritten = doc.is_unwritten
        try:
            saved = doc.save(path)
        except ChangedOnDiskError as exc:
            if not self._confirm_overwrite(doc, str(exc)):
                return False
            try:
                saved = doc.save(path, overwrite_changes=True)
            except PostError as again:
                show_error(self.window, "Could not save", str(again))
                return False
        except ReadOnlyError as exc:
            answer = QMessageBox.question(self.window, "Read-only file", f"{exc}\n\nSave a copy elsewhere now?")
            return answer == QMessageBox.StandardButton.Yes and self.save_as()
        except PostError as exc:
            show_error(self.window, "Could not save", str(exc))
            return False
        self.saved.emit(doc)
        if was_unwritten:
            self.site.rescan()  # the new post joins the Posts list
        self.settings.add_recent_file(str(saved))
        note = f" · {cover_note}" if cover_note else ""
        self.window.statusBar().showMessage(f"Saved {post_label(saved)}{note}", 8000 if note else 3000)
        self.stateChanged.emit(doc)  # the banner says what the save could not keep
        self._offer_rename(doc)
        return True

    def _offer_rename(self, doc: PostDocument) -> None:
        """A draft whose title changed may take a matching file name (its URL is not public yet)."""
        site = self.site.site
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
            f"The title changed. Rename “{post_label(doc.path)}” to “{post_label(target)}” "
            "so the address matches the title?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self.window,
        )
        box.setObjectName("renamePrompt")
        from editor.core.link_updates import links_to

        uses = links_to(site, doc.path)
        if uses:
            box.setInformativeText(
                f"Other posts link to it ({len(uses)} links); you can update them next, after seeing each change."
            )
        else:
            box.setInformativeText("This post is a draft, and no other post links to it.")
        if box.exec() != QMessageBox.StandardButton.Yes:
            self._declined_renames[doc.path] = title
            return
        old = doc.path
        try:
            doc.rename(target)
        except PostError as exc:
            show_error(self.window, "Could not rename", str(exc))
            return
        self.settings.forget_recent_file(str(old))
        self.settings.add_recent_file(str(doc.path))
        from editor.ui.link_updates import offer_link_updates

        note = offer_link_updates(self.window, self.tabs, site, uses, old, doc.path)
        if note:
            self.window.statusBar().showMessage(note, 8000)
        self.site.rescan()

    def _confirm_overwrite(self, doc: PostDocument, reason: str) -> bool:
        from editor.core.recovery import Entry

        box = QMessageBox(
            QMessageBox.Icon.Warning, "Changed on disk", reason, QMessageBox.StandardButton.NoButton, self.window
        )
        box.setObjectName("overwritePrompt")
        box.setInformativeText("Overwrite it with your version? The details show what differs.")
        box.setDetailedText(Entry(doc.id, str(doc.path), doc.full_text(), 0).diff())
        overwrite = box.addButton("Overwrite", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)  # Enter keeps their file
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is overwrite

    def revert(self) -> None:
        doc = self.tabs.current
        if doc is None or doc.path is None or not doc.is_modified or doc.is_unwritten:
            return  # (a new post has no file to go back to)
        answer = QMessageBox.question(
            self.window,
            "Revert",
            f"Discard your changes to {doc.display_name()} and reload it from disk?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Discard:
            try:
                doc.reload()
            except (PostError, OSError) as exc:
                show_error(self.window, "Cannot reload", str(exc))
            self.stateChanged.emit(doc)

    def close_document(self, document: PostDocument | None = None) -> bool:
        """Close a tab (default: the current one), asking about unsaved changes."""
        doc = document or self.tabs.current
        if doc is None:
            return True
        if doc is not self.tabs.current:
            self.tabs.show(doc)
        if not self.maybe_keep_changes():
            return False
        self.closing.emit(doc)
        if len(self.tabs.documents) == 1:
            self.tabs.show(PostDocument.new(self.window))
        self.tabs.remove(doc)
        return True

    def maybe_keep_changes(self) -> bool:
        """Ask about unsaved changes. True when it is fine to let the document go."""
        doc = self.tabs.current
        if doc is None or not doc.is_modified:
            return True
        box = QMessageBox(self.window)
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

    def close_all(self) -> bool:
        """Ask about every document with unsaved changes (quitting); False when the author
        cancels. Each document's unsaved work is then settled."""
        for document in [d for d in self.tabs.documents if d.is_modified]:
            self.tabs.show(document)
            if not self.maybe_keep_changes():
                return False
        for document in self.tabs.documents:
            self.closing.emit(document)
        return True


def _suggest_name(doc: PostDocument) -> str:
    title = ""
    if doc.post is not None:
        title = str(doc.post.metadata.get("title") or "")
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "untitled"
    return f"{slug}.md"


def _short_folder(path: Path) -> str:
    """The folder holding a post (for a page bundle, the bundle's), with ``~`` for home."""
    folder = path.parent.parent if is_bundle_index(path) else path.parent
    home = Path.home()
    return f"~/{folder.relative_to(home)}" if folder.is_relative_to(home) and folder != home else str(folder)
