"""PostDocument: one open post, its body as a QTextDocument, and its unsaved state.

The document owns the ``Post`` (front matter edited in place) and the text of
the body. Every edit from the form goes through ``set_field`` /
``remove_field`` so that saving rewrites only the lines of changed fields. A
file whose front matter does not parse opens "broken": the whole file is the
editable text, fields are unavailable, and saving writes exactly that text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout

from editor.core import fileio, fileio_write, resources
from editor.core.errors import FrontMatterError, PostError
from editor.core.fileio import TextFile
from editor.core.fileio_write import ReadOnlyError
from editor.core.post import Post
from editor.core.site import post_label

# Bytes that are not UTF-8 in an otherwise UTF-8 file are kept as lone surrogates
# (surrogateescape), which Qt would silently drop. In the editor they stand as characters
# of the last private-use plane, one per byte, and come back as the same bytes on save.
_STRAY = re.compile("[\udc80-\udcff]")
_STRAY_TO_SHOWN = {0xDC80 + i: 0x10FF80 + i for i in range(128)}
_SHOWN_TO_STRAY = {shown: stray for stray, shown in _STRAY_TO_SHOWN.items()}


def plain_text(document: QTextDocument) -> str:
    """The document's text with ``\\n`` between lines and every other character kept
    (``toPlainText`` would turn no-break spaces into spaces)."""
    return document.toRawText().replace("\u2029", "\n")


class ChangedOnDiskError(PostError):
    """The file changed on disk since it was loaded; saving would overwrite someone's work."""


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class PostDocument(QObject):
    """An open post. Signals tell views when something they show has changed."""

    modifiedChanged = Signal(bool)
    fieldsChanged = Signal()  # the set of fields or a value changed (not from the form's own edit)
    fieldEdited = Signal(str)  # one field changed through set_field
    pathChanged = Signal(object)
    brokenChanged = Signal()
    sourceEdited = Signal()  # the pending Source-tab edit changed (journal it)

    def __init__(
        self,
        post: Post | None,
        *,
        path: Path | None = None,
        broken: tuple[FrontMatterError, TextFile] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.id = uuid.uuid4().hex  # names this document's recovery journal entry
        self.site_context: Any = None  # the site it was opened in (ui.site_controller.SiteContext)
        # Image values the author picked in a dialog or dropped: only these may come from
        # outside the site (a value read from a file never may).
        self.picked_images: set[str] = set()
        self.save_notes: tuple[str, ...] = ()  # what the last save could not do as usual
        self.is_unwritten = False  # a new post whose file its first save creates
        self.path = path
        self.post = post
        self.untitled_name: str | None = None  # what the tab calls it until it is saved (None: "Untitled")
        self.disk_hash: str | None = None  # hash of the bytes last read from or written to disk
        self.error: FrontMatterError | None = None
        self._raw: TextFile | None = None
        self._fields_dirty = False
        self._line_offset: int | None = None
        # Source-tab text not yet applied, or that does not parse: unsaved work of this post.
        self.source_draft: str | None = None
        self.source_error: FrontMatterError | None = None
        self._body_cache: tuple[tuple[int, int], str] | None = None
        self._strays = False  # the text holds bytes kept from a mostly-UTF-8 file
        self.text_document = QTextDocument(self)
        self.text_document.setDocumentLayout(QPlainTextDocumentLayout(self.text_document))
        if broken is not None:
            self.error, self._raw = broken
            self._set_text(self._raw.text.replace("\r\n", "\n"))
        else:
            assert post is not None
            self._set_text(post.content)
        self.text_document.setModified(False)
        self.text_document.modificationChanged.connect(lambda _m: self._emit_modified())
        self.text_document.contentsChanged.connect(self._forget_body)

    # ----------------------------------------------------------------- creation

    @classmethod
    def open(cls, path: str | Path, parent: QObject | None = None) -> PostDocument:
        """Open a file. Raises PostError (binary, bad encoding) or OSError; a file
        whose front matter fails to parse opens broken instead of raising."""
        p = Path(path).resolve()
        data = fileio.read_file_bytes(p)  # regular files only: a named pipe never blocks the window
        try:
            post = Post.loads(data, path=p)
        except FrontMatterError as exc:
            textfile = fileio.decode_bytes(data, name=p.name)
            doc = cls(None, path=p, broken=(exc, textfile), parent=parent)
        else:
            doc = cls(post, path=p, parent=parent)
        doc.disk_hash = digest(data)
        return doc

    def notes(self) -> tuple[str, ...]:
        """What the author should know about the file: bytes kept that are not text
        (from reading it), ownership or links a save could not keep (from the last save)."""
        read = self.post.file_warnings if self.post is not None else self._raw.warnings if self._raw else ()
        return (*read, *self.save_notes)

    def is_read_only(self) -> bool:
        return self.path is not None and fileio_write.is_read_only(self.path)

    def changed_on_disk(self) -> bool:
        """Whether the file now differs from what this document last read or wrote."""
        if self.path is None or self.disk_hash is None:
            return False
        try:
            return digest(fileio.read_file_bytes(self.path)) != self.disk_hash
        except (OSError, PostError):
            return True  # deleted or unreadable: it is not what we loaded

    def full_text(self) -> str:
        """The whole post as the author has it, for the recovery journal: as saving would
        write it, with a Source-tab edit that does not parse yet in place of the front matter."""
        if self.post is None:
            return self.body_text()
        self.post.content = self.body_text()
        if self.source_draft is not None:
            return self.post.text_with_front_matter(self.source_draft)
        return self.post.to_text()

    def restore_text(self, text: str) -> None:
        """Take ``text`` (a recovered journal entry) as unsaved work on this document."""
        from dataclasses import replace

        self.source_draft, self.source_error = None, None
        base = self.post._file if self.post is not None else (self._raw or TextFile(text=""))
        newline_text = text.replace("\n", base.newline) if base.newline != "\n" else text
        try:
            self.post = Post.from_textfile(replace(base, text=newline_text), path=self.path)
            self.error, self._raw = None, None
            body = self.post.content
        except FrontMatterError as exc:
            self.post, self.error, self._raw = None, exc, replace(base, text=newline_text)
            body = text
        cursor_doc = self.text_document
        self._set_text(body)
        self._fields_dirty = True
        cursor_doc.setModified(True)
        self.brokenChanged.emit()
        self.fieldsChanged.emit()
        self._emit_modified()

    @classmethod
    def new(cls, parent: QObject | None = None, template: Path | None = None) -> PostDocument:
        """An untitled post from the new-post template."""
        source = template.read_text(encoding="utf-8") if template else resources.read_text("templates", "new-post.md")
        text = source.replace("{date}", dt.date.today().isoformat())
        doc = cls(Post.from_text(text), parent=parent)
        return doc

    @classmethod
    def unwritten(cls, path: Path, text: str, style: Any = None, parent: QObject | None = None) -> PostDocument:
        """A new post that goes to ``path`` on its first save and is not on disk before:
        closing it unsaved leaves nothing behind. ``style`` is how its site writes YAML."""
        post = Post.from_text(text)
        post.style_hint = style
        doc = cls(post, path=path.resolve(), parent=parent)
        doc.is_unwritten = True
        doc._fields_dirty = True  # the title the author gave is unsaved work
        return doc

    @classmethod
    def untitled(cls, text: str, name: str, parent: QObject | None = None) -> PostDocument:
        """A post not saved anywhere yet holding ``text``, called ``name`` until it is saved
        (saving asks where)."""
        doc = cls(Post.from_text(text), parent=parent)
        doc.untitled_name = name
        return doc

    # ----------------------------------------------------------------- state

    @property
    def is_broken(self) -> bool:
        return self.error is not None

    @property
    def is_modified(self) -> bool:
        return self._fields_dirty or self.source_draft is not None or self.text_document.isModified()

    def _emit_modified(self) -> None:
        self._line_offset = None  # every change of fields passes here
        self.modifiedChanged.emit(self.is_modified)

    def body_line_offset(self) -> int:
        """How many lines of the file come before the body (its fenced front matter):
        body line ``n`` (1-based) is file line ``offset + n``. 0 for a broken post, whose
        editor holds the whole file."""
        if self._line_offset is None:
            if self.post is None:
                self._line_offset = 0
            else:
                head = self.post.head_text()
                self._line_offset = head.count("\n") + head.replace("\r\n", "").count("\r")
        return self._line_offset

    def display_name(self) -> str:
        """The file's name; for a page bundle (``cover-page/index.md``) with its folder's,
        since every post of such a site is an ``index.md``."""
        return post_label(self.path) if self.path is not None else self.untitled_name or "Untitled"

    def _forget_body(self) -> None:
        self._body_cache = None

    def _set_text(self, text: str) -> None:
        """Put ``text`` in the editor, with stray bytes shown as characters Qt keeps."""
        self._strays = self._strays or _STRAY.search(text) is not None
        self.text_document.setPlainText(text.translate(_STRAY_TO_SHOWN) if self._strays else text)
        self._forget_body()

    def body_text(self) -> str:
        """The body as it stands; read once per revision (a 20 MB body takes 0.1 s to read)."""
        key = (self.text_document.revision(), self.text_document.characterCount())
        if self._body_cache is None or self._body_cache[0] != key:
            text = plain_text(self.text_document)
            self._body_cache = (key, text.translate(_SHOWN_TO_STRAY) if self._strays else text)
        return self._body_cache[1]

    # ----------------------------------------------------------------- fields

    def metadata(self) -> dict[str, Any]:
        return dict(self.post.metadata) if self.post is not None else {}

    def _require_post(self) -> Post:
        if self.post is None:
            raise PostError("Fix the front matter in the text first; the fields are unavailable.")
        return self.post

    def set_field(self, key: str, value: Any) -> None:
        post = self._require_post()
        if key in post.metadata and _same(post.metadata[key], value):
            return
        post.metadata[key] = value
        self._fields_dirty = True
        self.fieldEdited.emit(key)
        self._emit_modified()

    def add_field(self, key: str, value: Any = "") -> None:
        post = self._require_post()
        if key in post.metadata:
            raise PostError(f"There is already a field named '{key}'.")
        post.metadata[key] = value
        self._fields_dirty = True
        self.fieldsChanged.emit()
        self._emit_modified()

    def remove_field(self, key: str) -> None:
        post = self._require_post()
        if key in post.metadata:
            del post.metadata[key]
            self._fields_dirty = True
            self.fieldsChanged.emit()
            self._emit_modified()

    def front_matter_text(self) -> str:
        return self.post.front_matter_text if self.post is not None else ""

    def source_text(self) -> str:
        """What the Source tab shows for this post: its pending edit, or its front matter."""
        return self.source_draft if self.source_draft is not None else self.front_matter_text()

    def edit_source(self, text: str) -> None:
        """Keep ``text``, typed in the Source tab, as this post's pending edit (unsaved
        work from the first key) until ``apply_source`` applies it."""
        draft = None if self.post is not None and text == self.post.front_matter_text else text
        changed = draft != self.source_draft
        self.source_draft = draft
        if draft is None:
            self.source_error = None
        if changed:
            self.sourceEdited.emit()
            self._emit_modified()

    def apply_source(self) -> None:
        """Apply the pending Source edit. When it does not parse it stays pending, with its
        error in ``source_error``, and ``FrontMatterError`` is raised; nothing else changes."""
        if self.source_draft is None:
            return
        try:
            self.set_front_matter_text(self.source_draft)
        except FrontMatterError as exc:
            self.source_error = exc
            raise
        self.source_draft, self.source_error = None, None
        self._emit_modified()

    def discard_source(self) -> None:
        if self.source_draft is not None:
            self.source_draft, self.source_error = None, None
            self.sourceEdited.emit()
            self._emit_modified()

    def set_front_matter_text(self, text: str) -> None:
        """Replace the front matter from source text; raises FrontMatterError."""
        post = self._require_post()
        if text == post.front_matter_text:
            return
        post.front_matter_text = text
        self._fields_dirty = True
        self.fieldsChanged.emit()
        self._emit_modified()

    # ----------------------------------------------------------------- saving

    def to_bytes(self) -> bytes:
        """The file as saving writes it. Raises ``PostError`` while a Source edit does not parse:
        saving the last good front matter instead would silently drop what the author typed."""
        if self.source_draft is not None:
            try:
                self.apply_source()
            except FrontMatterError as exc:
                raise PostError(
                    f"The front matter in the Source tab has an error ({exc}). "
                    "Fix it, or undo the edit there, before saving."
                ) from exc
        if self.post is None:
            assert self._raw is not None
            text = self.body_text()
            if self._raw.newline != "\n":
                text = text.replace("\n", self._raw.newline)
            if text.replace("\r\n", "\n") == self._raw.text.replace("\r\n", "\n"):
                text = self._raw.text  # unchanged: keep mixed newlines exactly
            return self._raw.encode(text)
        self.post.content = self.body_text()
        return self.post.to_bytes()

    def save(self, path: str | Path | None = None, overwrite_changes: bool = False) -> Path:
        """Write atomically; raises PostError with a message for the author.

        Saving over the loaded file checks first that nobody changed it on disk
        (``ChangedOnDiskError`` unless ``overwrite_changes``) and that it is writable
        (``ReadOnlyError``: a rename would otherwise replace a read-only file)."""
        target = Path(path).resolve() if path is not None else self.path
        if target is None:
            raise PostError("Choose where to save this post.")
        if fileio_write.is_read_only(target):
            raise ReadOnlyError(f"{post_label(target)} is read-only. Use Save As to keep your changes in another file.")
        if target == self.path and not overwrite_changes and self.changed_on_disk():
            raise ChangedOnDiskError(f"{post_label(target)} changed on disk since you opened it.")
        if target == self.path and self.is_unwritten and not overwrite_changes and target.exists():
            raise ChangedOnDiskError(f"{post_label(target)} was made by someone else since this post was started.")
        data = self.to_bytes()
        if self.is_unwritten:
            target.parent.mkdir(parents=True, exist_ok=True)  # a page bundle's folder
        self.save_notes = fileio_write.atomic_write(target, data).warnings
        self.disk_hash = digest(data)
        moved = target != self.path or self.is_unwritten  # a first save: watch it from now on
        self.path = target
        self.is_unwritten = False
        self._after_save(target, data)
        if moved:
            self.pathChanged.emit(target)
        return target

    def _after_save(self, target: Path, data: bytes) -> None:
        if self.post is not None:
            self.post.mark_saved(target, data)
        else:
            try:  # the author may have fixed the front matter: become a normal post
                self.post = Post.loads(data, path=target)
                self.error = None
                self._raw = None
                self._set_text(self.post.content)
                self.brokenChanged.emit()
            except FrontMatterError as exc:
                self.error = exc
                self._raw = fileio.decode_bytes(data, name=target.name)
        self._fields_dirty = False
        self.text_document.setModified(False)
        self._emit_modified()

    def fix_mojibake(self) -> int:
        """Repair garbled characters (``â€”`` → ``—``) in the fields and the body; one undo step
        for the body. Returns how many values or lines changed."""
        from editor.core.checks import fix_mojibake

        post = self._require_post()
        body = self.body_text()
        post.content = body
        before = dict(post.metadata)
        changed = fix_mojibake(post)
        if post.content != body:
            from PySide6.QtGui import QTextCursor

            cursor = QTextCursor(self.text_document)
            cursor.beginEditBlock()
            cursor.select(QTextCursor.SelectionType.Document)
            cursor.insertText(post.content.translate(_STRAY_TO_SHOWN) if self._strays else post.content)
            cursor.endEditBlock()
        if any(before.get(k) is not v for k, v in post.metadata.items()):
            self._fields_dirty = True
            self.fieldsChanged.emit()
        self._emit_modified()
        return changed

    def rename(self, target: Path) -> None:
        """Move the file (or its page-bundle folder) to ``target``; never overwrites."""
        if self.path is None:
            raise PostError("This post has no file yet.")
        if target.exists() or (target.name == self.path.name and target.parent.exists()):
            raise PostError(f"{target.name} already exists; the file keeps its name.")
        try:
            if target.name == self.path.name:  # a page bundle: the folder carries the name
                self.path.parent.rename(target.parent)
            else:
                self.path.rename(target)
        except OSError as exc:
            raise PostError(f"Could not rename {post_label(self.path)}: {exc.strerror or exc}") from exc
        self.path = target
        if self.post is not None:
            self.post.path = target
        self.pathChanged.emit(target)

    def reload(self) -> None:
        """Discard unsaved changes and read the file again."""
        if self.path is None:
            return
        fresh = PostDocument.open(self.path)
        self.post, self.error, self._raw = fresh.post, fresh.error, fresh._raw
        self.source_draft, self.source_error = None, None
        self.disk_hash = fresh.disk_hash
        self._set_text(fresh.body_text())
        self._fields_dirty = False
        self.text_document.setModified(False)
        self.brokenChanged.emit()
        self.fieldsChanged.emit()
        self._emit_modified()


def _same(a: Any, b: Any) -> bool:
    """Equal values of the same kind (True is not 1, a date is not a string)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - values that cannot be compared are different
        return False
