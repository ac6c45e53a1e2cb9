"""The front-matter panel: a form with one field per key, and the raw source.

Both views edit the same ``PostDocument``: a form edit calls ``set_field``
(only that key's lines change on save), the Source tab replaces the whole
front matter after it parses. Each view refreshes the other.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.core.errors import FrontMatterError, PostError
from editor.core.keys import FieldsView, find_key
from editor.core.newpost import initial_value
from editor.core.relations import relation_options
from editor.core.schema import FieldSpec, Schema
from editor.core.site import AssetResolver
from editor.ui.chips import ListField
from editor.ui.cms_fields import SlugField
from editor.ui.document import PostDocument
from editor.ui.field_factory import make_field
from editor.ui.fields import Field
from editor.ui.image_fields import ImageField, NestedImageField
from editor.ui.notice import escape, show_notice

NEW_FIELD_TYPES = {
    "Text": "",
    "Yes / no": False,
    "Number": 0,
    "Date": "date",
    "List": [],
}


REMOVE_FIELD_KEYS = "Ctrl+Shift+Delete"


class FrontMatterForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("frontMatterForm")
        self.setAccessibleName("Front matter")
        self.document: PostDocument | None = None
        self.resolver: AssetResolver | None = None
        self.schema: Schema | None = None
        self.show_hidden = False  # the fields the CMS hides, shown on request
        self.fields: dict[str, Field] = {}
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.tabs)

        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.setObjectName("formNotice")
        self.notice.hide()

        fields_page = QWidget()
        page_layout = QVBoxLayout(fields_page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(self.notice)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        page_layout.addWidget(self.scroll)
        self.add_button = QPushButton("Add Field…")
        self.add_button.setObjectName("addField")
        self.add_button.clicked.connect(self.ask_new_field)
        page_layout.addWidget(self.add_button)
        self.tabs.addTab(fields_page, "Fields")
        remove = QShortcut(QKeySequence(REMOVE_FIELD_KEYS), fields_page, self.remove_focused_field)
        remove.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        source_page = QWidget()
        source_layout = QVBoxLayout(source_page)
        source_layout.setContentsMargins(0, 0, 0, 0)
        self.source = QPlainTextEdit()
        self.source.setObjectName("frontMatterSource")
        self.source.setAccessibleName("Front matter source")
        self.source.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        font = self.source.font()
        font.setFamily("monospace")
        self.source.setFont(font)
        self.source_error = QLabel()
        self.source_error.setObjectName("sourceError")
        self.source_error.setWordWrap(True)
        self.source_error.setStyleSheet("color: #d1242f;")
        self.source_error.hide()
        source_layout.addWidget(self.source)
        source_layout.addWidget(self.source_error)
        self.tabs.addTab(source_page, "Source")
        self._source_timer = QTimer(self, singleShot=True, interval=350)
        self._source_timer.timeout.connect(self.apply_source)
        self._loading_source = False
        self.source.textChanged.connect(self._source_edited)

    # ----------------------------------------------------------------- binding

    def set_schema(self, schema: Schema | None) -> None:
        if schema is not self.schema:
            self.schema = schema
            self.rebuild()

    def set_document(
        self, document: PostDocument, resolver: AssetResolver | None = None, schema: Schema | None = None
    ) -> None:
        self.schema = schema
        if self.document is not None and self.document is not document:
            self.flush_source()  # a pending Source edit belongs to the post it was typed in
        if self.document is not None:
            for signal, slot in (
                (self.document.fieldsChanged, self.rebuild),
                (self.document.brokenChanged, self.rebuild),
                (self.document.fieldEdited, self._field_edited),
            ):
                try:
                    signal.disconnect(slot)
                except (RuntimeError, TypeError):
                    pass
        self.document = document
        self.resolver = resolver
        self._show_source(document)
        document.fieldsChanged.connect(self.rebuild)
        document.brokenChanged.connect(self.rebuild)
        document.fieldEdited.connect(self._field_edited)
        self.rebuild()

    def rebuild(self) -> None:
        doc = self.document
        self.fields = {}
        container = QWidget()
        column = QVBoxLayout(container)
        form = QFormLayout()
        column.addLayout(form)
        column.addStretch(1)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Labels above their fields, as CMS forms have them: each field gets the pane's
        # whole width, so URLs and image paths show whole at the default width.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setVerticalSpacing(4)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        broken = doc is None or doc.is_broken
        self.setEnabled(True)
        if doc is not None and doc.is_broken:
            show_notice(
                self.notice,
                f"<b>The front matter could not be read.</b><br>{escape(str(doc.error))}<br>"
                "Fix it in the text; the fields come back after you save.",
            )
        else:
            self.notice.hide()
        self.tabs.setEnabled(not broken)
        self.add_button.setEnabled(not broken)
        if doc is not None and doc.post is not None:
            fmt = doc.post.format or "yaml"
            if self.schema is not None and self.schema.collection:
                kind = "Content type" if self.schema.source == "frontmatter.json" else "Collection"
                locale = f" ({self.schema.locale})" if self.schema.locale else ""
                which = QLabel(f"{kind}: {self.schema.collection}{locale}")
                which.setObjectName("schemaCollection")
                which.setStyleSheet("QLabel { color: palette(placeholder-text); }")
                form.addRow(which)
            hidden = 0
            for key, value in doc.post.metadata.items():
                spec = self._spec_for(str(key))
                if spec is not None and spec.hidden:
                    hidden += 1
                    if not self.show_hidden:
                        continue  # the CMS keeps it out of its form; the file keeps it as it is
                options = self._relation_options(spec)
                field = make_field(str(key), value, fmt, self.resolver, spec, options)
                if isinstance(field, ListField) and (options or self.schema is not None):
                    vocabulary = [v for v, _title in options] if options else None
                    field.set_vocabulary(vocabulary or self.schema.vocabulary.get(str(key), []))  # type: ignore[union-attr]
                field.edited.connect(lambda v, k=str(key): self._edited(k, v))
                if spec is not None and spec.read_only:
                    field.setEnabled(False)  # the CMS fills it from another file
                    field.setToolTip(spec.read_only)
                if isinstance(field, ImageField | NestedImageField):
                    field.picked.connect(doc.picked_images.add)
                if isinstance(field, SlugField):
                    field.title_source = lambda: FieldsView(doc.post.metadata).get("title") if doc.post else None
                self.fields[str(key)] = field
                form.addRow(self._label(str(key), spec), field)
            if hidden:
                toggle = QCheckBox(f"Show hidden fields ({hidden})")
                toggle.setObjectName("showHiddenFields")
                toggle.setToolTip("Fields the site's CMS fills in itself and keeps out of its form")
                toggle.setChecked(self.show_hidden)
                toggle.toggled.connect(self._toggle_hidden)
                form.addRow(toggle)
            if not doc.post.metadata:
                empty = QLabel("This post has no front matter yet. Add a field to create it.")
                empty.setWordWrap(True)
                form.addRow(empty)
            self._offer_missing(column, doc.post.metadata)
        self.scroll.setWidget(container)
        self._refresh_source()

    def _relation_options(self, spec: FieldSpec | None) -> list[tuple[str, str]]:
        """The posts a relation field may name, from the document's site (indexed when its
        folder is open; a post opened alone offers none and the field stays text)."""
        doc = self.document
        context = doc.site_context if doc is not None else None
        if spec is None or spec.relation is None or context is None or not context.library.posts:
            return []
        return relation_options(spec.relation, context.library, context.schemas)

    def _toggle_hidden(self, shown: bool) -> None:
        self.show_hidden = shown
        QTimer.singleShot(0, self.rebuild)  # not from inside the check box's own signal

    def _offer_missing(self, column: QVBoxLayout, metadata: Any) -> None:
        """The site's fields this post does not have, each a click away (required ones first).
        Offered, not added: the file changes only when the author asks."""
        if self.schema is None:
            return
        missing = [s for name, s in self.schema.fields.items() if find_key(metadata, name) is None and not s.hidden]
        missing.sort(key=lambda spec: not spec.required)
        if not missing:
            return
        title = QLabel("Not in this post")
        title.setObjectName("missingFields")
        title.setToolTip("Fields the site's other posts or its schema use")
        title.setStyleSheet("font-weight: 600; margin-top: 12px;")
        column.insertWidget(column.count() - 1, title)
        for spec in missing:
            button = QToolButton(text=f"+ {spec.name}" + (" *" if spec.required else ""), autoRaise=True)
            button.setObjectName(f"addMissing:{spec.name}")
            button.setToolTip(f"Add '{spec.label or spec.name}'" + (" (required)" if spec.required else ""))
            button.clicked.connect(lambda _c=False, sp=spec: self._add_from_schema(sp))
            column.insertWidget(column.count() - 1, button)

    def _spec_for(self, key: str) -> FieldSpec | None:
        """The schema's field for one of the post's keys (``Title`` is the schema's ``title``)."""
        if self.schema is None:
            return None
        own = find_key(self.schema.fields, key)
        return self.schema.field(own) if own is not None else None

    def _add_from_schema(self, spec: FieldSpec) -> None:
        value = initial_value(spec, dt.datetime.now())
        self.add_field(spec.name, {} if value is None else value)

    def _label(self, key: str, spec: FieldSpec | None = None) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        remove = QToolButton(
            box, text="✕", autoRaise=True, toolTip=f"Remove the field '{key}' ({REMOVE_FIELD_KEYS} in the field)"
        )
        remove.setObjectName(f"remove:{key}")
        remove.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab then Space must not delete a field
        remove.setVisible(not (spec is not None and spec.read_only))  # the CMS fills it from another file
        remove.clicked.connect(lambda _c=False, k=key: self.remove_field(k))
        required = spec is not None and spec.required
        label = QLabel(key + (" *" if required else ""), box)
        label.setObjectName(f"label:{key}")
        if spec is not None:
            hint = spec.label or key
            if required:
                hint += " (required)"
            if spec.date_format:
                hint += f"\nDate format: {spec.date_format}"
            label.setToolTip(hint)
        row.addWidget(remove)
        row.addWidget(label)
        return box

    def field(self, key: str) -> Field | None:
        return self.fields.get(key)

    def _edited(self, key: str, value: Any) -> None:
        if self.document is None:
            return
        self.document.set_field(key, value)

    def _field_edited(self, key: str) -> None:
        # An edit from elsewhere (not from the field itself) updates the field.
        doc = self.document
        field = self.fields.get(key)
        if doc is not None and doc.post is not None and field is not None and not field.hasFocus():
            field.set_value(doc.post.metadata.get(key))
        self._refresh_source()

    def remove_focused_field(self) -> None:
        """Remove the field the keyboard is in (the remove buttons stay out of the tab chain).
        Only a field of the form itself: inside a nested form (an object, a list item, a
        cover's alt text) the keys do nothing, so they never take a whole list with them."""
        widget = QApplication.focusWidget()
        while widget is not None and not isinstance(widget, Field):
            widget = widget.parentWidget()
        key = next((k for k, field in self.fields.items() if field is widget), None)
        spec = self._spec_for(key) if key is not None else None
        if key is not None and not (spec is not None and spec.read_only):
            self.remove_field(key)

    def remove_field(self, key: str) -> None:
        if self.document is not None:
            self.document.remove_field(key)

    def add_field(self, key: str, value: Any = "") -> None:
        if self.document is None:
            return
        if value == "date":
            value = dt.date.today()
        self.document.add_field(key, value)
        field = self.fields.get(key)
        if field is not None:
            field.setFocus()

    def ask_new_field(self) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle("Add Field")
        name = QLineEdit(dialog)
        name.setPlaceholderText("field name, e.g. author")
        kind = QComboBox(dialog)
        kind.addItems(list(NEW_FIELD_TYPES))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout = QFormLayout(dialog)
        layout.addRow("Name", name)
        layout.addRow("Type", kind)
        layout.addRow(buttons)
        if dialog.exec() == QDialog.DialogCode.Accepted and name.text().strip():
            try:
                self.add_field(name.text().strip(), NEW_FIELD_TYPES[kind.currentText()])
            except PostError as exc:
                self.notice.setText(str(exc))
                self.notice.show()

    # ----------------------------------------------------------------- source tab

    def _refresh_source(self) -> None:
        """Show the post's front matter, unless the author is typing there."""
        if self.document is None or self.source.hasFocus():
            return
        self._show_source(self.document)

    def _show_source(self, document: PostDocument) -> None:
        text = document.source_text()
        if text != self.source.toPlainText():
            self._loading_source = True
            self.source.setPlainText(text)
            self._loading_source = False
        self._show_source_error(document)

    def _show_source_error(self, document: PostDocument) -> None:
        if document.source_error is not None:
            self.source_error.setText(str(document.source_error))
            self.source_error.show()
        else:
            self.source_error.hide()

    def _source_edited(self) -> None:
        if self._loading_source or self.document is None or self.document.is_broken:
            return
        self.document.edit_source(self.source.toPlainText())  # unsaved work from the first key
        self._source_timer.start()

    def flush_source(self) -> None:
        """Apply a Source edit still waiting for its pause in typing (before the post is
        switched away from, saved or closed); an edit that does not parse stays pending."""
        if self._source_timer.isActive():
            self._source_timer.stop()
            self.apply_source()

    def apply_source(self) -> bool:
        doc = self.document
        if doc is None or doc.is_broken:
            return False
        doc.edit_source(self.source.toPlainText())
        try:
            doc.apply_source()
        except FrontMatterError:
            self._show_source_error(doc)
            return False
        self._show_source_error(doc)
        return True
