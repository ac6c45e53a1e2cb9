"""List and choice fields: tags as removable chips with completion, values from a set."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtWidgets import QComboBox, QCompleter, QHBoxLayout, QLayout, QLineEdit, QToolButton, QVBoxLayout, QWidget

from editor.ui.fields import Field


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
        self.entry.installEventFilter(self)
        self._rebuild()

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt's name
        """Backspace in the empty entry removes the last item, as chip fields do (the
        chips themselves stay out of the tab chain)."""
        if (
            watched is self.entry
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Backspace
            and not event.isAutoRepeat()  # holding Backspace clears the text, never every tag
            and not self.entry.text()
            and self._items
        ):
            self.remove_item(self._items[-1])
            return True
        return super().eventFilter(watched, event)

    def set_vocabulary(self, words: list[str]) -> None:
        completer = QCompleter(sorted(set(words)), self.entry)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.entry.setCompleter(completer)
        # A suggestion chosen (click or Enter in the list) is added at once; the completer
        # writes it into the entry after this signal, so the entry is cleared just after.
        completer.activated.connect(lambda text: QTimer.singleShot(0, lambda: self._add_chosen(text)))

    def _add_chosen(self, text: str) -> None:
        if text and text not in self._items:
            self._items.append(text)
            self._rebuild()
            self.edited.emit(list(self._items))
        self.entry.clear()

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
            chip.setToolTip(f"Remove {item} (Backspace in the empty entry removes the last)")
            chip.setAutoRaise(False)
            chip.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab then Space must not remove a tag
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


class ChoiceField(Field):
    """A value from the site's known choices (``lang: en``); other values can be typed."""

    kind = "choice"

    def __init__(
        self, key: str, value: Any, choices: list[str], parent: QWidget | None = None, strict: bool = False
    ) -> None:
        super().__init__(key, parent)
        self.strict = strict  # the site declares the choices: only those can be picked
        self.choices = [str(c) for c in choices]
        self.combo = QComboBox(self)
        self.combo.setEditable(not strict)
        self.combo.addItems(self.choices)
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
            self.combo.addItem(text)  # kept as the file has it, never replaced on its own
        if self.strict:
            self.combo.setCurrentIndex(self.combo.findText(text))
            outside = bool(text) and text not in self.choices
            self.combo.setToolTip(f"“{text}” is not one of the site's choices" if outside else "")
            self.combo.setStyleSheet("QComboBox { border: 1px solid #d1242f; }" if outside else "")
        else:
            self.combo.setCurrentText(text)
        self._loading = False
