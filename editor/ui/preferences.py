"""Edit > Preferences: the editor's font and text column, the theme, the preview's zoom, the
defaults for covers and how soon unsaved work is put aside. Every change takes effect at
once; Cancel puts back what was in effect when the dialog opened, Restore Defaults the
built-in values (which take effect at once too)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFontComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from editor.core.site import MAX_WIDTH_RANGE, WEBP_QUALITY_RANGE
from editor.ui.settings_store import AUTOSAVE_RANGE, FONT_SIZE_RANGE, LINE_WIDTH_RANGE, PREVIEW_ZOOM_RANGE, Preferences

THEME_NAMES = {"system": "System", "light": "Light", "dark": "Dark"}


def editor_font(preferences: Preferences) -> QFont:
    """The editor's font: the family chosen (else the system's fixed-width font), at the size chosen."""
    if preferences.font_family:
        font = QFont(preferences.font_family)
    else:
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSize(preferences.font_size)
    return font


def _spin(name: str, limits: tuple[int, int], suffix: str = "", step: int = 1) -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(*limits)
    spin.setSuffix(suffix)
    spin.setSingleStep(step)
    return spin


def _group(title: str, rows: list[tuple[str, QWidget]], note: str = "") -> QGroupBox:
    box = QGroupBox(title)
    form = QFormLayout(box)
    for label, widget in rows:
        form.addRow(label, widget)
    if note:
        text = QLabel(note)
        text.setWordWrap(True)
        form.addRow(text)
    return box


class PreferencesDialog(QDialog):
    """Shows ``current`` and calls ``apply`` with the new preferences on every change."""

    def __init__(self, parent: QWidget, current: Preferences, apply: Callable[[Preferences], None]) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")
        self._before = current
        self._apply = apply
        self._family = current.font_family  # "" until the author picks a family
        self._make_widgets()
        layout = QVBoxLayout(self)
        layout.addWidget(
            _group("Editor", [("Font:", self.font_box), ("Size:", self.font_size), ("Line width:", self.line_width)])
        )
        layout.addWidget(_group("Appearance", [("Theme:", self.theme), ("Preview zoom:", self.preview_zoom)]))
        layout.addWidget(
            _group(
                "Covers",
                [("Maximum width:", self.cover_max_width), ("WebP quality:", self.webp_quality)],
                "Used when the site's .post-editor.toml does not set max_width or webp_quality.",
            )
        )
        layout.addWidget(
            _group(
                "Unsaved work",
                [("Put aside after:", self.autosave)],
                "How long after you stop typing unsaved work goes to the recovery journal.",
            )
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        buttons.setObjectName("preferencesButtons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self.restore_defaults)
        self.buttons = buttons
        layout.addWidget(buttons)
        self.show_values(current)
        self._connect()

    def _make_widgets(self) -> None:
        self.font_box = QFontComboBox()
        self.font_box.setObjectName("fontFamily")
        self.font_size = _spin("fontSize", FONT_SIZE_RANGE, " pt")
        self.line_width = _spin("lineWidth", LINE_WIDTH_RANGE, " characters", 10)
        self.line_width.setSpecialValueText("Fill the pane")
        self.theme = QComboBox()
        self.theme.setObjectName("theme")
        for key, name in THEME_NAMES.items():
            self.theme.addItem(name, key)
        self.preview_zoom = _spin("previewZoom", PREVIEW_ZOOM_RANGE, " %", 10)
        self.cover_max_width = _spin("coverMaxWidth", MAX_WIDTH_RANGE, " px", 100)
        self.webp_quality = _spin("webpQuality", WEBP_QUALITY_RANGE)
        self.autosave = _spin("autosaveDelay", AUTOSAVE_RANGE, " s")

    def _spins(self) -> list[QSpinBox]:
        return [
            self.font_size,
            self.line_width,
            self.preview_zoom,
            self.cover_max_width,
            self.webp_quality,
            self.autosave,
        ]

    def _connect(self) -> None:
        self.font_box.currentFontChanged.connect(self._font_picked)
        self.theme.currentIndexChanged.connect(lambda _i: self._changed())
        for spin in self._spins():
            spin.valueChanged.connect(lambda _v: self._changed())

    def values(self) -> Preferences:
        """The preferences the dialog shows."""
        return Preferences(
            font_family=self._family,
            font_size=self.font_size.value(),
            line_width=self.line_width.value(),
            preview_zoom=self.preview_zoom.value(),
            theme=str(self.theme.currentData()),
            cover_max_width=self.cover_max_width.value(),
            webp_quality=self.webp_quality.value(),
            autosave_seconds=self.autosave.value(),
        )

    def show_values(self, preferences: Preferences) -> None:
        """Show ``preferences`` without applying them."""
        widgets: list[QWidget] = [self.font_box, self.theme, *self._spins()]
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self._family = preferences.font_family
            self.font_box.setCurrentFont(QFont(QFontInfo(editor_font(preferences)).family()))
            self.font_size.setValue(preferences.font_size)
            self.line_width.setValue(preferences.line_width)
            self.theme.setCurrentIndex(max(0, self.theme.findData(preferences.theme)))
            self.preview_zoom.setValue(preferences.preview_zoom)
            self.cover_max_width.setValue(preferences.cover_max_width)
            self.webp_quality.setValue(preferences.webp_quality)
            self.autosave.setValue(preferences.autosave_seconds)
        finally:
            for widget in widgets:
                widget.blockSignals(False)

    def _font_picked(self, font: QFont) -> None:
        self._family = font.family()
        self._changed()

    def _changed(self) -> None:
        self._apply(self.values())

    def restore_defaults(self) -> None:
        defaults = Preferences.defaults()
        self.show_values(defaults)
        self._apply(defaults)

    def reject(self) -> None:
        """Cancel (or Escape, or closing the dialog): put back what was in effect before."""
        self._apply(self._before)
        self.show_values(self._before)
        super().reject()
