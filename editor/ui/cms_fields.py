"""Fields for the widgets a CMS declares by name: code, colour, identifier and slug."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QToolButton, QWidget

from editor.ui.fields import MultilineField, TextField


class CodeField(MultilineField):
    """Code or data (Decap ``code``, ``map``): several lines in a fixed-width font."""

    kind = "code"

    def __init__(self, key: str, value: Any, parent: QWidget | None = None) -> None:
        super().__init__(key, value, parent)
        font = self.edit.font()
        font.setFamily("monospace")
        font.setStyleHint(font.StyleHint.Monospace)
        self.edit.setFont(font)


class ColorField(TextField):
    """A colour (Decap ``color``): its text, and a swatch that opens the colour picker."""

    kind = "color"

    def __init__(self, key: str, value: Any, parent: QWidget | None = None) -> None:
        super().__init__(key, value, parent)
        self.swatch = QToolButton(self, toolTip="Choose a colour")
        self.swatch.setObjectName("colorSwatch")
        self.swatch.clicked.connect(self.choose)
        self.layout().addWidget(self.swatch)
        self.edit.textChanged.connect(lambda _t: self._paint())
        self._paint()

    def _paint(self) -> None:
        colour = QColor(self.edit.text().strip())
        self.swatch.setText("" if colour.isValid() else "…")
        self.swatch.setStyleSheet(f"QToolButton {{ background: {colour.name()}; }}" if colour.isValid() else "")

    def choose(self) -> None:
        from PySide6.QtWidgets import QColorDialog

        start = QColor(self.edit.text().strip())
        chosen = QColorDialog.getColor(start if start.isValid() else QColor("white"), self, "Choose a colour")
        if chosen.isValid():
            self.edit.setText(chosen.name())
            self.edited.emit(self.value())


class UuidField(TextField):
    """An identifier (FMC ``uuid``): its text, and a button that makes a new one."""

    kind = "uuid"

    def __init__(self, key: str, value: Any, parent: QWidget | None = None) -> None:
        super().__init__(key, value, parent)
        self.generate = QToolButton(self, text="New", toolTip="Make a new unique identifier")
        self.generate.setObjectName("newUuid")
        self.generate.clicked.connect(self.new_identifier)
        self.layout().addWidget(self.generate)

    def new_identifier(self) -> None:
        import uuid

        self.edit.setText(str(uuid.uuid4()))
        self.edited.emit(self.value())


class SlugField(TextField):
    """A slug (Front Matter CMS ``slug``): its text, and a button that makes it from the
    post's title (set ``title_source`` to read the title)."""

    kind = "slug"

    def __init__(self, key: str, value: Any, parent: QWidget | None = None) -> None:
        super().__init__(key, value, parent)
        self.title_source: Any = None
        self.from_title = QToolButton(self, text="From title", toolTip="Make the slug from the post's title")
        self.from_title.setObjectName("slugFromTitle")
        self.from_title.clicked.connect(self.make_from_title)
        self.layout().addWidget(self.from_title)

    def make_from_title(self) -> None:
        from editor.core.newpost import slugify

        title = self.title_source() if self.title_source is not None else ""
        if isinstance(title, str) and title.strip():
            self.edit.setText(slugify(title))
            self.edited.emit(self.value())
