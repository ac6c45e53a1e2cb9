"""Keeps the preview in step with the document shown: its body, its header (title,
date, tags, cover), its images' site, and the scroll position in both directions."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from editor.core.cover_step import cover_ref
from editor.core.keys import FieldsView
from editor.ui.document import PostDocument
from editor.ui.editor_pane import EditorPane
from editor.ui.preview_pane import PreviewPane
from editor.ui.site_controller import resolver_of, schema_of
from editor.ui.tabs import DocumentTabs

# Above this many characters a preview pass (reading the text out of Qt, re-splitting it)
# costs more than a frame, so the preview waits for a pause in typing instead of every key.
PREVIEW_PAUSE_CHARS = 2_000_000


class PreviewDriver(QObject):
    def __init__(self, tabs: DocumentTabs, editor: EditorPane, preview: PreviewPane) -> None:
        super().__init__(preview)
        self.tabs = tabs
        self.editor = editor
        self.preview = preview
        self.timer = QTimer(self, singleShot=True, interval=0)
        self.timer.timeout.connect(self.push)
        self._scroll_from_preview = False
        editor.topLineChanged.connect(self._editor_scrolled)
        preview.topLineChanged.connect(self._preview_scrolled)
        tabs.added.connect(self._adopt)

    def _adopt(self, document: PostDocument) -> None:
        when_current = self.tabs.when_current
        document.text_document.contentsChanged.connect(when_current(document, self.body_changed))
        document.fieldEdited.connect(when_current(document, self.update_header))
        document.fieldsChanged.connect(when_current(document, self.update_header))

    def follow_site(self) -> None:
        """Resolve images through the shown post's site. The window calls it once the post is
        shown, or saved elsewhere and given its new site."""
        if self.tabs.current is not None:
            self.preview.set_resolver(resolver_of(self.tabs.current))

    def body_changed(self) -> None:
        size = self.editor.document().characterCount()
        if size > PREVIEW_PAUSE_CHARS:  # a long post: preview when typing pauses, not on every key
            self.timer.start(min(1000, 200 + size // 25_000))
        else:  # (also cuts short a long wait armed for the previous post)
            self.timer.start(0)

    def push(self) -> None:
        """Send the body to the preview now."""
        if self.tabs.current is not None:
            self.preview.set_markdown(self.tabs.current.body_text())

    def is_waiting(self) -> bool:
        return self.timer.isActive()

    def update_header(self) -> None:
        doc = self.tabs.current
        if doc is None or doc.post is None:
            self.preview.set_header("", [], None)
            return
        meta = FieldsView(doc.post.metadata)  # Title: counts as title
        title = str(meta.get("title") or "")
        bits = []
        for key in ("date", "pubDate", "published"):
            if meta.get(key):
                bits.append(str(meta.get(key)))
                break
        tags = meta.get("tags")
        if isinstance(tags, list) and tags:
            bits.append(", ".join(f"#{t}" for t in tags))
        if meta.get("draft") is True:
            bits.append("Draft")
        ref = cover_ref(doc.post, schema_of(doc))
        value = ref.get(doc.post.metadata) if ref is not None else None
        cover = value if isinstance(value, str) and value.strip() else None
        alt = ref.alt(doc.post.metadata) if ref is not None and cover else None
        self.preview.set_header(title, bits, cover, alt or "")

    def stop(self) -> None:
        self.timer.stop()

    def _editor_scrolled(self, line: int, fraction: float) -> None:
        if not self._scroll_from_preview:
            self.preview.scroll_to_line(line, fraction)

    def _preview_scrolled(self, line: int, fraction: float) -> None:
        self._scroll_from_preview = True
        try:
            self.editor.scroll_to_line(line, fraction)
        finally:
            self._scroll_from_preview = False
