"""The author's preferences put into effect: the editor's font and text column, the
preview's zoom, the theme (the system's, or light or dark for the whole application), how
soon unsaved work is journaled; and the actions that change them: Preferences, Zoom In,
Zoom Out, Actual Size."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from editor.ui.app import is_dark, set_theme
from editor.ui.dialogs import make_action
from editor.ui.editor_pane import EditorPane
from editor.ui.preferences import PreferencesDialog, editor_font
from editor.ui.preview_pane import PreviewPane
from editor.ui.safety import Safety
from editor.ui.settings_store import FONT_SIZE_RANGE, Preferences, SettingsStore, default_font_size

K = QKeySequence.StandardKey
ZOOM_STEPS = (25, 33, 50, 67, 75, 80, 90, 100, 110, 125, 150, 175, 200, 250, 300, 400, 500)
"""The preview's zoom levels in percent, as browsers step them."""


def next_zoom(percent: int, direction: int) -> int:
    """The zoom level after ``percent`` going in (1) or out (-1)."""
    if direction > 0:
        return next((z for z in ZOOM_STEPS if z > percent), ZOOM_STEPS[-1])
    return next((z for z in reversed(ZOOM_STEPS) if z < percent), ZOOM_STEPS[0])


def _keys(standard: QKeySequence.StandardKey, *more: str) -> list[QKeySequence]:
    """The platform's keys for ``standard`` and ``more`` besides (each once)."""
    keys = list(QKeySequence.keyBindings(standard))
    for key in map(QKeySequence, more):
        if key not in keys:
            keys.append(key)
    return keys


class Appearance(QObject):
    """Holds the preferences in effect; ``apply`` stores new ones and puts them into effect
    at once (the Preferences dialog calls it on every change, the zoom actions too)."""

    def __init__(
        self, window: QMainWindow, settings: SettingsStore, editor: EditorPane, preview: PreviewPane, safety: Safety
    ) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.editor = editor
        self.preview = preview
        self.safety = safety
        self.dialog: PreferencesDialog | None = None
        keys = QKeySequence.keyBindings(K.Preferences) or [QKeySequence("Ctrl+,")]
        self.preferences_action = make_action(window, "Pr&eferences…", self.open_dialog, keys, "preferences")
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.zoom_in_action = make_action(window, "Zoom &In", lambda: self.zoom(1), _keys(K.ZoomIn, "Ctrl+="), "zoomIn")
        self.zoom_out_action = make_action(window, "Zoom &Out", lambda: self.zoom(-1), _keys(K.ZoomOut), "zoomOut")
        self.actual_size_action = make_action(window, "&Actual Size", lambda: self.zoom(0), "Ctrl+0", "actualSize")
        self.preferences = settings.preferences()
        self._put_into_effect(self.preferences)

    # ----------------------------------------------------------------- preferences

    def apply(self, preferences: Preferences) -> None:
        """Remember ``preferences`` and put them into effect."""
        self.settings.set_preferences(preferences)
        self._put_into_effect(preferences)

    def _put_into_effect(self, preferences: Preferences) -> None:
        self.preferences = preferences
        set_theme(preferences.theme)
        self.show_theme()
        font = editor_font(preferences)
        if self.editor.font() != font:
            self.editor.setFont(font)
        self.editor.set_line_width(preferences.line_width)
        self.preview.set_zoom(preferences.preview_zoom / 100)
        self.safety.set_journal_delay(preferences.autosave_seconds)

    def dark(self) -> bool:
        """Whether the panes show dark colours: as the theme says, or as the system does."""
        return is_dark(self.preferences.theme)

    def show_theme(self) -> None:
        """Colour the editor and the preview for the theme in effect (also after the system's changed)."""
        dark = self.dark()
        self.editor.set_dark(dark)
        self.preview.set_dark(dark)

    def open_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        dialog = PreferencesDialog(self.window, self.preferences, self.apply)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    # ----------------------------------------------------------------- zoom

    def _preview_has_focus(self) -> bool:
        focus = self.window.focusWidget()
        return focus is not None and (focus is self.preview or self.preview.isAncestorOf(focus))

    def zoom(self, direction: int) -> None:
        """Zoom the preview when it has the focus, else the editor's font: in (1), out (-1),
        or back to actual size (0). The new level is remembered like a preference."""
        current = self.preferences
        if self._preview_has_focus():
            percent = 100 if direction == 0 else next_zoom(current.preview_zoom, direction)
            self.apply(replace(current, preview_zoom=percent))
            message = f"Preview zoom: {percent} %"
        else:
            low, high = FONT_SIZE_RANGE
            size = default_font_size() if direction == 0 else min(max(current.font_size + direction, low), high)
            self.apply(replace(current, font_size=size))
            message = f"Editor font size: {size} pt"
        self.window.statusBar().showMessage(message, 3000)
