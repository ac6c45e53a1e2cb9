"""Images into the site: a post's cover converted to WebP before the post is saved,
and images dropped, pasted or chosen with Format › Insert Image imported next to the
site's others."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMainWindow, QWidget

from editor.core.cover_step import convert_post_cover, pending_cover
from editor.core.errors import PostError
from editor.core.images import import_image, supported_suffixes
from editor.ui.dialogs import make_action, run_with_progress, show_error
from editor.ui.document import PostDocument
from editor.ui.editor_pane import EditorPane
from editor.ui.settings_store import SettingsStore
from editor.ui.site_controller import schema_of, site_of
from editor.ui.tabs import DocumentTabs


def image_filter() -> str:
    """The file dialog's filter: every image this installation can import."""
    patterns = " ".join(f"*{suffix}" for suffix in sorted(supported_suffixes() | {".webp"}))
    return f"Images ({patterns});;All files (*)"


def pick_image_file(parent: QWidget) -> Path | None:
    """Ask for an image file with the platform's file dialog; None when cancelled."""
    start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    name, _ = QFileDialog.getOpenFileName(parent, "Insert Image", start, image_filter())
    return Path(name) if name else None


class ImageImport(QObject):
    """Owns the Insert Image action."""

    def __init__(self, window: QMainWindow, tabs: DocumentTabs, editor: EditorPane, settings: SettingsStore) -> None:
        super().__init__(window)
        self.window = window
        self.tabs = tabs
        self.editor = editor
        self.settings = settings  # the author's cover defaults, for a site that sets none
        editor.imageDropped.connect(self.insert_image)
        self.insert_action = make_action(window, "Insert &Image…", self.choose_image, "Ctrl+Shift+I", "insertImage")

    def convert_cover_before_save(self, doc: PostDocument) -> str | None:
        """Convert a PNG/JPEG/... cover to WebP before the post is written, so the
        front matter never points at a file that does not exist yet. Runs off the
        GUI thread with a progress dialog; a bad image leaves the field unchanged."""
        if doc.post is None or doc.path is None:
            return None
        try:
            site = site_of(doc)
            pending = pending_cover(doc.post, site, schema_of(doc)) if site is not None else None
        except PostError as exc:
            show_error(
                self.window,
                "The cover was not converted",
                f"{exc}\n\nThe post is saved with the cover field unchanged.",
            )
            return None
        if pending is None:
            return None
        ref, value = pending
        post = doc.post
        preferences = self.settings.preferences()
        quality, max_width = site.config.cover_settings(preferences.webp_quality, preferences.cover_max_width)
        result, error = run_with_progress(
            self.window,
            "Converting the cover to WebP…",
            lambda progress: convert_post_cover(
                post,
                site,
                value,
                quality=quality,
                max_width=max_width,
                progress=progress,
                allow_outside=value in doc.picked_images,
            ),
        )
        if error is not None:
            message = str(error) if isinstance(error, PostError) else f"Unexpected error: {error!r}"
            unchanged = "The post is saved with the cover field unchanged."
            show_error(self.window, "The cover was not converted", f"{message}\n\n{unchanged}")
            return None
        doc.set_field(ref.key, ref.updated(post.metadata, result.reference))
        summary = (
            f"Cover converted to WebP: {result.source_bytes / 1024:,.0f} KB → {result.target_bytes / 1024:,.0f} KB, "
            f"{result.width}×{result.height}"
        )
        note = result.size_note()
        return f"{summary}. {note}" if note else summary

    def choose_image(self) -> bool:
        """Format › Insert Image: the image chosen in the file dialog, imported as a dropped one is."""
        if self._saved_post() is None:
            return False
        path = pick_image_file(self.window)
        return path is not None and self.insert_image_file(path)

    def insert_image_file(self, path: Path) -> bool:
        """Import the image file at ``path`` and insert it at the cursor (see ``insert_image``)."""
        return self.insert_image(Path(path))

    def _saved_post(self) -> PostDocument | None:
        """The document shown, when it is a post saved in a file; else says why not."""
        doc = self.tabs.current
        if doc is None or doc.post is None or doc.path is None or doc.is_unwritten:
            show_error(
                self.window, "Save the post first", "Images go next to the site's other images; save the post first."
            )
            return None
        return doc

    def insert_image(self, image: Any) -> bool:
        """Import a dropped, pasted or chosen image (a file path or a QImage) into the site's
        image folder as WebP and insert ``![alt](path)`` at the cursor."""
        doc = self._saved_post()
        if doc is None:
            return False
        site = site_of(doc)
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
            self.window, "Describe the image", "Alt text, for readers who cannot see the image:", text=default_alt
        )
        if not ok:
            return False
        result, error = run_with_progress(
            self.window, "Converting the image to WebP…", lambda progress: import_image(Path(source), site, doc.path)
        )
        if isinstance(image, QImage):
            Path(source).unlink(missing_ok=True)
        if error is not None:
            message = str(error) if isinstance(error, PostError) else f"Unexpected error: {error!r}"
            show_error(self.window, "The image was not added", message)
            return False
        alt_text = alt.replace("]", "\\]")
        self.editor.insertPlainText(f"![{alt_text}]({result.reference})")
        self.window.statusBar().showMessage(f"Added {result.target.name} ({result.target_bytes / 1024:,.0f} KB)", 6000)
        return True
