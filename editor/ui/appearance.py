"""The author's preferences put into effect: the editor's font and text column, the
preview's zoom, the theme (the system's, or light or dark for the whole application), how
soon unsaved work is journaled; and the Preferences action that changes them."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from editor.ui.app import is_dark, set_theme
from editor.ui.dialogs import make_action
from editor.ui.editor_pane import EditorPane
from editor.ui.preferences import PreferencesDialog, editor_font
from editor.ui.preview_pane import PreviewPane
from editor.ui.safety import Safety
from editor.ui.settings_store import Preferences, SettingsStore

K = QKeySequence.StandardKey


class Appearance(QObject):
    """Holds the preferences in effect; ``apply`` stores new ones and puts them into effect
    at once (the Preferences dialog calls it on every change)."""

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
