"""Field widgets for the front-matter form, one per kind of value.

Each field edits one key. It emits ``edited(value)`` on user edits only, so
programmatic updates never loop back into the document.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QLocale, Qt, QTime, QUrl, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDateTimeEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.core.site import AssetResolver

IMAGE_KEYS = {
    "cover",
    "image",
    "cover_image",
    "hero",
    "heroimage",
    "featured_image",
    "featuredimage",
    "thumbnail",
    "og_image",
    "ogimage",
    "banner",
    "featuredimagepreview",
}
URL_KEYS = {"canonical_url", "canonical", "url", "link", "external_url", "source"}
LONG_KEYS = {"excerpt", "description", "summary", "abstract", "subtitle", "lead"}
IMAGE_EXT = re.compile(r"\.(png|jpe?g|gif|webp|avif|svg|bmp|tiff?|heic)$", re.IGNORECASE)
URL_RE = re.compile(r"^(https?)://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def kind_of(key: str, value: Any) -> str:
    """Which widget suits this key and value."""
    k = key.lower()
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, dt.datetime):
        return "datetime"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, list) and all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in value):
        return "list"
    if value is None or isinstance(value, str):
        text = value or ""
        if k in IMAGE_KEYS or (IMAGE_EXT.search(text) and "\n" not in text):
            return "image"
        if k in URL_KEYS or k.endswith("_url") or URL_RE.match(text):
            return "url"
        if k in LONG_KEYS or len(text) > 90 or "\n" in text:
            return "multiline"
        return "text"
    return "snippet"


class Field(QWidget):
    edited = Signal(object)

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"field:{key}")
        self.setAccessibleName(key)

    def value(self) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    def set_value(self, value: Any) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class TextField(Field):
    kind = "text"

    def __init__(self, key: str, value: Any, parent: QWidget | None = None) -> None:
        super().__init__(key, parent)
        self.edit = QLineEdit(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self._was_none = value is None
        self.set_value(value)
        self.edit.textEdited.connect(lambda _t: self.edited.emit(self.value()))
        self.setFocusProxy(self.edit)

    def value(self) -> Any:
        text = self.edit.text()
        return None if self._was_none and not text else text

    def set_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if self.edit.text() != text:
            self.edit.setText(text)
            self.edit.setCursorPosition(0)  # show the start of a long value


class UrlField(TextField):
    kind = "url"

    def __init__(self, key: str, value: Any, parent: QWidget | None = None) -> None:
        super().__init__(key, value, parent)
        self.edit.setPlaceholderText("https://…")
        self.edit.textChanged.connect(self._validate)
        self._validate(self.edit.text())

    def is_valid(self) -> bool:
        text = self.edit.text().strip()
        return not text or bool(URL_RE.match(text))

    def _validate(self, _text: str) -> None:
        ok = self.is_valid()
        self.edit.setStyleSheet("" if ok else "QLineEdit { border: 1px solid #d1242f; }")
        self.edit.setToolTip("" if ok else "Not an absolute http(s) URL")
        self.setProperty("invalid", not ok)


class MultilineField(Field):
    kind = "multiline"

    def __init__(self, key: str, value: Any, parent: QWidget | None = None) -> None:
        super().__init__(key, parent)
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * 4 + 12)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.count = QLabel(self)
        self.count.setObjectName("charCount")
        self.count.setToolTip("Characters")
        layout.addWidget(self.count, 0, Qt.AlignmentFlag.AlignBottom)
        self._loading = False
        self.set_value(value)
        self.edit.textChanged.connect(self._changed)
        self.setFocusProxy(self.edit)

    def _changed(self) -> None:
        self.count.setText(str(len(self.value())))
        if not self._loading:
            self.edited.emit(self.value())

    def value(self) -> Any:
        return self.edit.toPlainText()

    def set_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if self.edit.toPlainText() != text:
            self._loading = True
            self.edit.setPlainText(text)
            self._loading = False
        self.count.setText(str(len(text)))


class BoolField(Field):
    kind = "bool"

    def __init__(self, key: str, value: Any, parent: QWidget | None = None) -> None:
        super().__init__(key, parent)
        self.box = QCheckBox(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        layout.addStretch()
        self.set_value(value)
        self.box.clicked.connect(lambda checked: self.edited.emit(bool(checked)))
        self.setFocusProxy(self.box)

    def value(self) -> Any:
        return self.box.isChecked()

    def set_value(self, value: Any) -> None:
        self.box.setChecked(bool(value))


class NumberField(TextField):
    kind = "number"

    def __init__(self, key: str, value: Any, parent: QWidget | None = None) -> None:
        self._float = isinstance(value, float)
        super().__init__(key, value, parent)

    def value(self) -> Any:
        text = self.edit.text().strip()
        try:
            return float(text) if self._float or "." in text else int(text)
        except ValueError:
            return text  # kept as typed; the checks will flag it


class DateField(Field):
    """A date or date-time. Writes the same kind of value back, keeping the
    time zone of the original, so the file's literal format is kept."""

    kind = "date"

    def __init__(self, key: str, value: Any, parent: QWidget | None = None) -> None:
        super().__init__(key, parent)
        self._original = value
        self.with_time = isinstance(value, dt.datetime)
        self.kind = "datetime" if self.with_time else "date"
        self.edit: QDateTimeEdit = QDateTimeEdit(self) if self.with_time else QDateEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd HH:mm:ss" if self.with_time else "yyyy-MM-dd")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addStretch()
        self.set_value(value)
        self.edit.dateTimeChanged.connect(lambda _d: self._emit())
        self.setFocusProxy(self.edit)
        self._loading = False

    def _emit(self) -> None:
        if not getattr(self, "_loading", False):
            self.edited.emit(self.value())

    def value(self) -> Any:
        d = self.edit.date()
        date = dt.date(d.year(), d.month(), d.day())
        if not self.with_time:
            return date
        t = self.edit.time()
        tz = self._original.tzinfo if isinstance(self._original, dt.datetime) else None
        new = dt.datetime(date.year, date.month, date.day, t.hour(), t.minute(), t.second(), tzinfo=tz)
        return keep_literal_form(new, self._original)

    def set_value(self, value: Any) -> None:
        self._loading = True
        if isinstance(value, dt.datetime):
            self.edit.setDateTime(
                QDateTime(QDate(value.year, value.month, value.day), QTime(value.hour, value.minute, value.second))
            )
        elif isinstance(value, dt.date):
            self.edit.setDate(QDate(value.year, value.month, value.day))
        self._loading = False


class TextDateField(DateField):
    """A date the file keeps as text in the site's declared format (``"20/12/2024"``).

    Shown and written in that format, so the field reads as the site writes it
    and an edit writes the same shape back.
    """

    def __init__(self, key: str, value: str, qt_format: str, parent: QWidget | None = None) -> None:
        self.qt_format = qt_format
        super().__init__(key, _parse_text_date(value, qt_format), parent)
        self.edit.setDisplayFormat(qt_format)

    def value(self) -> Any:
        if isinstance(self._original, dt.datetime):
            return QLocale.c().toString(self.edit.dateTime(), self.qt_format)
        return QLocale.c().toString(self.edit.date(), self.qt_format)

    def set_value(self, value: Any) -> None:
        super().set_value(_parse_text_date(value, self.qt_format) if isinstance(value, str) else value)


_DATE_TOKENS = re.compile(r"'[^']*'|\[[^\]]*\]|YYYY|yyyy|MM|DD|dd|HH|mm|ss|T|[A-Za-z]+|[^A-Za-z'\[]+")
_QT_TOKENS = {"YYYY": "yyyy", "yyyy": "yyyy", "MM": "MM", "DD": "dd", "dd": "dd", "HH": "HH", "mm": "mm", "ss": "ss"}


def qt_date_format(declared: str) -> str | None:
    """The Qt date format for a schema's declared one (date-fns or moment tokens), or None
    when it uses tokens the two read differently (then the field stays text)."""
    out: list[str] = []
    for token in _DATE_TOKENS.findall(declared):
        if token in _QT_TOKENS:
            out.append(_QT_TOKENS[token])
        elif token == "T" or token[:1] in ("'", "["):
            out.append("'" + token.strip("'[]") + "'")
        elif token[:1].isalpha():
            return None
        else:
            out.append(token)
    return "".join(out) if any(t in ("yyyy", "dd") for t in out) else None


def text_date_format(value: Any, declared: str | None) -> str | None:
    """The Qt format that reads ``value`` and writes it back exactly, if the declared one does."""
    if not isinstance(value, str) or not declared:
        return None
    qt_format = qt_date_format(declared)
    if qt_format is None:
        return None
    parsed = _parse_text_date(value, qt_format)
    if parsed is None:
        return None
    written = QLocale.c().toString(
        QDateTime(QDate(parsed.year, parsed.month, parsed.day), QTime(*_hms(parsed))), qt_format
    )
    return qt_format if written == value else None


def _hms(value: dt.date) -> tuple[int, int, int]:
    return (value.hour, value.minute, value.second) if isinstance(value, dt.datetime) else (0, 0, 0)


def _parse_text_date(value: str, qt_format: str) -> dt.date | None:
    if "H" in qt_format:
        stamp = QLocale.c().toDateTime(value, qt_format)
        if not stamp.isValid():
            return None
        d, t = stamp.date(), stamp.time()
        return dt.datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), t.second())
    day = QLocale.c().toDate(value, qt_format)
    return dt.date(day.year(), day.month(), day.day()) if day.isValid() else None


def keep_literal_form(new: dt.datetime, original: Any) -> Any:
    """A ruamel.yaml timestamp written like the original (``T`` or space, zone)."""
    style = getattr(original, "_yaml", None)
    if not isinstance(style, dict):
        return new
    from ruamel.yaml.timestamp import TimeStamp

    stamp = TimeStamp(
        new.year, new.month, new.day, new.hour, new.minute, new.second, new.microsecond, tzinfo=new.tzinfo
    )
    stamp._yaml = dict(style)
    return stamp


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
        layout.insertWidget(0, self.thumb)
        layout.addWidget(browse)
        self.info = QLabel(self)
        self.info.setObjectName("imageInfo")
        self.info.setStyleSheet("QLabel { color: palette(placeholder-text); }")
        self.info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens the form
        column = QVBoxLayout()  # the path, and under it the picture's size
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        layout.removeWidget(self.edit)
        column.addWidget(self.edit)
        column.addWidget(self.info)
        layout.insertLayout(1, column, 1)
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
            self.thumb.setPixmap(QPixmap())
            self.thumb.setText("no image" if not self.edit.text() else "not found")
            self.thumb.setToolTip(self.edit.text())
            self.info.setText("")
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
