"""Image fields of the form: a path with its thumbnail, size and picker (drop a file on
it too), and a cover kept as fields of its own (image, alt text, caption)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.core.site import AssetResolver, is_remote
from editor.ui.fields import IMAGE_EXT, Field, TextField


class ImageField(TextField):
    """An image path with a thumbnail and a file picker."""

    kind = "image"
    picked = Signal(str)  # a value the author picked or dropped (not one read from the file)

    def __init__(
        self, key: str, value: Any, parent: QWidget | None = None, resolver: AssetResolver | None = None
    ) -> None:
        self.resolver = resolver
        super().__init__(key, value, parent)
        self.setAcceptDrops(True)
        self.edit.setAcceptDrops(False)
        layout = self.layout()
        self.thumb = QLabel(self)
        self.thumb.setObjectName("thumbnail")
        self.thumb.setFixedSize(72, 44)
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumb.setStyleSheet("QLabel { border: 1px solid palette(mid); border-radius: 3px; }")
        browse = QToolButton(self, text="…", toolTip="Choose an image")
        browse.clicked.connect(self.choose)
        self.info = QLabel(self)
        self.info.setObjectName("imageInfo")
        self.info.setStyleSheet("QLabel { color: palette(placeholder-text); }")
        self.info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens the form
        # The path on a line of its own, the whole field wide; under it the thumbnail,
        # the picture's size and the picker.
        under = QHBoxLayout()
        under.setContentsMargins(0, 0, 0, 0)
        under.addWidget(self.thumb)
        under.addWidget(self.info, 1)
        under.addWidget(browse, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        layout.removeWidget(self.edit)
        column.addWidget(self.edit)
        column.addLayout(under)
        layout.addLayout(column, 1)
        self.edit.textChanged.connect(lambda _t: self._update_thumb())
        self._update_thumb()

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if any(u.isLocalFile() and IMAGE_EXT.search(u.toLocalFile()) for u in urls):
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        for url in event.mimeData().urls():
            if url.isLocalFile() and IMAGE_EXT.search(url.toLocalFile()):
                self.set_image(Path(url.toLocalFile()))
                event.acceptProposedAction()
                return

    def set_image(self, path: Path) -> None:
        """Point the field at ``path`` (a picked or dropped file); saving converts it into the site."""
        self.edit.setText(self.reference_for(path))
        self.picked.emit(str(self.value()))  # the author chose it: it may come from outside the site
        self.edited.emit(self.value())

    def resolved_path(self) -> Path | None:
        if not self.resolver or not self.edit.text().strip():
            return None
        res = self.resolver.resolve(self.edit.text())
        if res.kind == "local":
            return res.path
        picked = Path(self.edit.text())  # a file picked from outside the site, converted into it on save
        return picked if picked.is_absolute() and picked.is_file() else None

    def _update_thumb(self) -> None:
        path = self.resolved_path()
        pix = QPixmap(str(path)) if path else QPixmap()
        if pix.isNull():
            text = self.edit.text().strip()
            remote = is_remote(text)
            self.thumb.setPixmap(QPixmap())
            self.thumb.setText("no image" if not text else "remote" if remote else "not found")
            self.thumb.setToolTip(text)
            # A remote image is never fetched: the editor works offline and loads nothing from the web.
            self.info.setText("Remote image, not loaded" if remote else "")
        else:
            self.thumb.setText("")
            self.thumb.setPixmap(
                pix.scaled(
                    self.thumb.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
                )
            )
            size_kb = path.stat().st_size / 1024 if path else 0
            self.thumb.setToolTip(f"{path}\n{pix.width()} × {pix.height()} px, {size_kb:,.0f} KB")
            later = "" if path.suffix.lower() == ".webp" else " · WebP on save"
            self.info.setText(f"{pix.width()}×{pix.height()} · {size_kb:,.0f} KB{later}")

    def choose(self) -> None:
        start = str(
            self.resolved_path() or (self.resolver.public_dir if self.resolver and self.resolver.public_dir else "")
        )
        name, _ = QFileDialog.getOpenFileName(
            self, "Choose an image", start, "Images (*.png *.jpg *.jpeg *.gif *.webp *.avif *.svg);;All files (*)"
        )
        if name:
            self.set_image(Path(name))

    def reference_for(self, path: Path) -> str:
        """How the site refers to ``path``: /public-relative, else relative to the post."""
        r = self.resolver
        if r and r.public_dir and r.public_dir in path.resolve().parents:
            return "/" + path.resolve().relative_to(r.public_dir.resolve()).as_posix()
        if r:
            try:
                return path.resolve().relative_to(r.post_dir).as_posix()
            except ValueError:
                pass
        return QUrl.fromLocalFile(str(path)).toLocalFile()


class NestedImageField(Field):
    """A cover kept as fields of its own (``cover: {image: x, alt: y, caption: z}``):
    the image with its thumbnail and picker, and a line for each text beside it
    (alt text first). Keys it does not show (``relative: false``) are kept as they are."""

    kind = "nested-image"
    picked = Signal(str)

    def __init__(
        self,
        key: str,
        value: Mapping[str, Any],
        image_key: str,
        alt_key: str | None,
        parent: QWidget | None = None,
        resolver: AssetResolver | None = None,
    ) -> None:
        super().__init__(key, parent)
        self._value = value
        self.image_key = image_key
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.setRowWrapPolicy(
            QFormLayout.RowWrapPolicy.WrapAllRows
        )  # each name above its field: the width is the value's
        layout.setVerticalSpacing(2)
        self.image = ImageField(f"{key}.{image_key}", value.get(image_key), self, resolver=resolver)
        self.image.edited.connect(lambda _v: self.edited.emit(self.value()))
        self.image.picked.connect(self.picked)
        layout.addRow(image_key, self.image)
        texts = [k for k in value if k != image_key and isinstance(value[k], str | None)]
        if alt_key is not None:
            texts.sort(key=lambda k: k != alt_key)  # the alt text right under the image
        self.texts: dict[str, TextField] = {}
        for name in texts:
            line = TextField(f"{key}.{name}", value[name], self)
            if name == alt_key:
                line.edit.setPlaceholderText("Describe the image for readers who cannot see it")
            line.edited.connect(lambda _v: self.edited.emit(self.value()))
            self.texts[str(name)] = line
            layout.addRow(str(name), line)
        self.setFocusProxy(self.image)

    def value(self) -> Any:
        new = copy.deepcopy(self._value)  # comments and quoting of the mapping are kept
        for name, widget in ((self.image_key, self.image), *self.texts.items()):
            if new.get(name) != widget.value():
                new[name] = widget.value()
        return new

    def set_value(self, value: Any) -> None:
        if not isinstance(value, Mapping):
            return
        self._value = value
        self.image.set_value(value.get(self.image_key))
        for name, widget in self.texts.items():
            widget.set_value(value.get(name))
