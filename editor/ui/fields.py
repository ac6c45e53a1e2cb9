"""Field widgets for the front-matter form, one per kind of value.

Each field edits one key. It emits ``edited(value)`` on user edits only, so
programmatic updates never loop back into the document.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QSize, Qt, QTime, QTimer, QUrl, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDateTimeEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
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


class FlowLayout(QLayout):
    """Lays chips out left to right, wrapping to new rows."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[Any] = []
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: Any) -> None:  # noqa: N802
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> Any:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> Any:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._place(width, apply=False)

    def setGeometry(self, rect: Any) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._place(rect.width(), apply=True, x0=rect.x(), y0=rect.y())

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _place(self, width: int, apply: bool, x0: int = 0, y0: int = 0) -> int:
        x, y, row = x0, y0, 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > x0 + width and x > x0:
                x, y, row = x0, y + row + self.spacing(), 0
            if apply:
                item.setGeometry(type(item.geometry())(x, y, hint.width(), hint.height()))
            x += hint.width() + self.spacing()
            row = max(row, hint.height())
        return y + row - y0


class ListField(Field):
    """Tags and other lists of short values, as removable chips plus an entry box."""

    kind = "list"

    def __init__(self, key: str, value: Any, parent: QWidget | None = None) -> None:
        super().__init__(key, parent)
        self._items: list[Any] = list(value or [])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.chips = QWidget(self)
        self.flow = FlowLayout(self.chips)
        outer.addWidget(self.chips)
        self.entry = QLineEdit(self)
        self.entry.setPlaceholderText(
            f"Add {'a tag' if key.lower() in ('tags', 'keywords') else 'an item'} and press Enter"
        )
        self.entry.setObjectName(f"field:{key}:add")
        outer.addWidget(self.entry)
        self.entry.returnPressed.connect(self._add_from_entry)
        self._rebuild()

    def set_vocabulary(self, words: list[str]) -> None:
        completer = QCompleter(sorted(set(words)), self.entry)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.entry.setCompleter(completer)

    def _add_from_entry(self) -> None:
        parts = [p.strip() for p in self.entry.text().split(",") if p.strip()]
        if not parts:
            return
        for part in parts:
            if part not in self._items:
                self._items.append(part)
        self.entry.clear()
        self._rebuild()
        self.edited.emit(list(self._items))

    def remove_item(self, item: Any) -> None:
        if item in self._items:
            self._items.remove(item)
            self._rebuild()
            self.edited.emit(list(self._items))

    def chip_texts(self) -> list[str]:
        return [str(i) for i in self._items]

    def _rebuild(self) -> None:
        while self.flow.count():
            taken = self.flow.takeAt(0)
            if taken and taken.widget():
                taken.widget().deleteLater()
        for item in self._items:
            chip = QToolButton(self.chips)
            chip.setText(f"{item}  ✕")
            chip.setObjectName("chip")
            chip.setToolTip(f"Remove {item}")
            chip.setAutoRaise(False)
            chip.clicked.connect(lambda _c=False, it=item: self.remove_item(it))
            self.flow.addWidget(chip)
        self.chips.setVisible(bool(self._items))
        self.chips.updateGeometry()

    def value(self) -> Any:
        return list(self._items)

    def set_value(self, value: Any) -> None:
        items = list(value or [])
        if items != self._items:
            self._items = items
            self._rebuild()


class ImageField(TextField):
    """An image path with a thumbnail and a file picker."""

    kind = "image"

    def __init__(
        self, key: str, value: Any, parent: QWidget | None = None, resolver: AssetResolver | None = None
    ) -> None:
        self.resolver = resolver
        super().__init__(key, value, parent)
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
        self.edit.textChanged.connect(lambda _t: self._update_thumb())
        self._update_thumb()

    def resolved_path(self) -> Path | None:
        if not self.resolver or not self.edit.text().strip():
            return None
        res = self.resolver.resolve(self.edit.text())
        return res.path if res.kind == "local" else None

    def _update_thumb(self) -> None:
        path = self.resolved_path()
        pix = QPixmap(str(path)) if path else QPixmap()
        if pix.isNull():
            self.thumb.setPixmap(QPixmap())
            self.thumb.setText("no image" if not self.edit.text() else "not found")
            self.thumb.setToolTip(self.edit.text())
        else:
            self.thumb.setText("")
            self.thumb.setPixmap(
                pix.scaled(
                    self.thumb.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
                )
            )
            self.thumb.setToolTip(f"{path}\n{pix.width()} × {pix.height()} px")

    def choose(self) -> None:
        start = str(
            self.resolved_path() or (self.resolver.public_dir if self.resolver and self.resolver.public_dir else "")
        )
        name, _ = QFileDialog.getOpenFileName(
            self, "Choose an image", start, "Images (*.png *.jpg *.jpeg *.gif *.webp *.avif *.svg);;All files (*)"
        )
        if name:
            self.edit.setText(self.reference_for(Path(name)))
            self.edited.emit(self.value())

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


class SnippetField(Field):
    """Nested maps and other values the form cannot show: edited as a snippet."""

    kind = "snippet"

    def __init__(self, key: str, value: Any, fmt: str, parent: QWidget | None = None) -> None:
        super().__init__(key, parent)
        self.fmt = fmt
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)
        self.edit.setObjectName("snippet")
        font = self.edit.font()
        font.setFamily("monospace")
        self.edit.setFont(font)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #d1242f;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.error)
        self._value = value
        self._loading = False
        self.set_value(value)
        self._timer = QTimer(self, singleShot=True, interval=400)
        self._timer.timeout.connect(self._parse)
        self.edit.textChanged.connect(lambda: None if self._loading else self._timer.start())
        self.setFocusProxy(self.edit)

    def _parse(self) -> None:
        try:
            value = parse_snippet(self.edit.toPlainText(), self.fmt)
        except ValueError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.error.hide()
        self._value = value
        self.edited.emit(value)

    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any) -> None:
        self._value = value
        text = dump_snippet(value, self.fmt)
        if text != self.edit.toPlainText():
            self._loading = True
            self.edit.setPlainText(text)
            self._loading = False
        lines = max(2, min(10, text.count("\n") + 1))
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * lines + 14)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)


def dump_snippet(value: Any, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(value, ensure_ascii=False, indent=2)
    if fmt == "toml":
        import tomlkit

        unwrapped = value.unwrap() if hasattr(value, "unwrap") else value
        return (
            json.dumps(unwrapped, ensure_ascii=False, default=str)
            if not isinstance(unwrapped, dict)
            else tomlkit.dumps(unwrapped).rstrip("\n")
        )
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.width = 1 << 30
    out = io.StringIO()
    y.dump(value, out)
    text = out.getvalue()
    return text[:-5] if text.endswith("\n...\n") else text.rstrip("\n")


def parse_snippet(text: str, fmt: str) -> Any:
    if fmt == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"Line {exc.lineno}: {exc.msg}") from exc
    if fmt == "toml":
        import tomlkit

        try:
            return tomlkit.parse(text)
        except Exception as exc:  # noqa: BLE001 - tomlkit raises several kinds
            raise ValueError(str(exc)) from exc
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="rt").load(text)
    except YAMLError as exc:
        raise ValueError(str(exc).splitlines()[0]) from exc


class ChoiceField(Field):
    """A value from the site's known choices (``lang: en``); other values can be typed."""

    kind = "choice"

    def __init__(self, key: str, value: Any, choices: list[str], parent: QWidget | None = None) -> None:
        super().__init__(key, parent)
        self.combo = QComboBox(self)
        self.combo.setEditable(True)
        self.combo.addItems([str(c) for c in choices])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addStretch()
        self.set_value(value)
        self.combo.currentTextChanged.connect(lambda text: None if self._loading else self.edited.emit(text))
        self.setFocusProxy(self.combo)

    def value(self) -> Any:
        return self.combo.currentText()

    def set_value(self, value: Any) -> None:
        self._loading = True
        text = "" if value is None else str(value)
        if self.combo.findText(text) < 0 and text:
            self.combo.addItem(text)
        self.combo.setCurrentText(text)
        self._loading = False


def make_field(key: str, value: Any, fmt: str, resolver: AssetResolver | None, spec: Any = None) -> Field:
    """The widget for ``key``: by the site's schema when it declares the field, else by the value."""
    if spec is not None and spec.type == "choice" and spec.choices and isinstance(value, str | None):
        return ChoiceField(key, value, list(spec.choices))
    kind = kind_of(key, value)
    if kind == "bool":
        return BoolField(key, value)
    if kind == "number":
        return NumberField(key, value)
    if kind in ("date", "datetime"):
        return DateField(key, value)
    if kind == "list":
        return ListField(key, value)
    if kind == "image":
        return ImageField(key, value, resolver=resolver)
    if kind == "url":
        return UrlField(key, value)
    if kind == "multiline":
        return MultilineField(key, value)
    if kind == "text":
        return TextField(key, value)
    field = SnippetField(key, value, fmt)
    field.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return field
