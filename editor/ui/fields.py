"""Field widgets for the front-matter form, one per kind of value.

Each field edits one key. It emits ``edited(value)`` on user edits only, so
programmatic updates never loop back into the document.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QEvent, QLocale, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QToolTip,
    QWidget,
)

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
        self.edit.installEventFilter(self)

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt's name
        """A value too long for the field shows whole as its tooltip."""
        if watched is self.edit and event.type() == QEvent.Type.ToolTip and self.is_cut():
            QToolTip.showText(event.globalPos(), self.edit.text(), self.edit)
            return True
        return super().eventFilter(watched, event)

    def is_cut(self) -> bool:
        """Whether the value is wider than the field shows."""
        room = self.edit.contentsRect().width() - 8  # the frame's and the text's margins
        return self.edit.fontMetrics().horizontalAdvance(self.edit.text()) > room

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
    """A number, typed as text (what is typed is kept even when it is no number, for the
    checks to flag). Up and Down, or the arrows beside it, step it by the declared ``step``
    (1 when none is declared) within the declared range, as a spin box would."""

    kind = "number"

    def __init__(
        self,
        key: str,
        value: Any,
        parent: QWidget | None = None,
        step: float | None = None,
        minimum: float | None = None,
        maximum: float | None = None,
        decimal: bool | None = None,
    ) -> None:
        self._float = isinstance(value, float) if decimal is None else decimal
        self.step = step if step else 1
        self.minimum, self.maximum = minimum, maximum
        super().__init__(key, value, parent)
        layout = self.layout()
        for arrow, sign in ((Qt.ArrowType.DownArrow, -1), (Qt.ArrowType.UpArrow, 1)):
            button = QToolButton(self)
            button.setArrowType(arrow)
            button.setAutoRaise(True)
            button.setAutoRepeat(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard has Up and Down
            button.setToolTip(f"{'Up' if sign > 0 else 'Down'} by {self.step:g}")
            button.clicked.connect(lambda _c=False, s=sign: self.step_by(s))
            layout.addWidget(button)  # type: ignore[union-attr]
        self.edit.installEventFilter(self)

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt's name
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            steps = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1, Qt.Key.Key_PageUp: 10, Qt.Key.Key_PageDown: -10}
            if event.key() in steps:
                self.step_by(steps[event.key()])
                return True
        return super().eventFilter(watched, event)

    def step_by(self, steps: int) -> None:
        """Add ``steps`` × the step to the value (a value that is no number starts from the
        range's low end, or 0), kept within the range, and report it as an edit."""
        current = self.value()
        start = current if isinstance(current, int | float) and not isinstance(current, bool) else None
        number = (start if start is not None else (self.minimum or 0) - steps * self.step) + steps * self.step
        if self.minimum is not None:
            number = max(number, self.minimum)
        if self.maximum is not None:
            number = min(number, self.maximum)
        shown = f"{start:g}" if isinstance(start, float) else ""
        decimals = max(len(f"{self.step:g}".partition(".")[2]), len(shown.partition(".")[2]))
        whole = not self._float and float(number).is_integer() and float(self.step).is_integer()
        result: int | float = int(number) if whole else round(float(number), max(decimals, 1))
        self.edit.setText(str(result))
        self.edited.emit(self.value())

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


_DATE_TOKENS = re.compile(r"'[^']*'|\[[^\]]*\]|YYYY|yyyy|MMMM|MMM|MM|M|DD|dd|D|d|HH|H|mm|ss|T|[A-Za-z]+|[^A-Za-z'\[]+")
# moment and date-fns tokens Qt writes alike (month names in Qt's C locale: "Mar", "March");
# a lone d is date-fns's day of the month, as in Front Matter CMS's formats.
_QT_TOKENS = {
    "YYYY": "yyyy",
    "yyyy": "yyyy",
    "MMMM": "MMMM",
    "MMM": "MMM",
    "MM": "MM",
    "M": "M",
    "DD": "dd",
    "dd": "dd",
    "D": "d",
    "d": "d",
    "HH": "HH",
    "H": "H",
    "mm": "mm",
    "ss": "ss",
}


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
    return "".join(out) if "yyyy" in out and any(t in ("dd", "d") for t in out) else None


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
