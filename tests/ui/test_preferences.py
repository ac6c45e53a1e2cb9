"""Edit > Preferences: each setting takes effect at once, Cancel puts back what was in effect,
Restore Defaults the built-in values; what OK keeps, the next window starts with."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAction, QFontDatabase, QFontInfo, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMenu

from editor.core.webp import render_webp
from editor.ui.app import set_theme
from editor.ui.preferences import PreferencesDialog
from editor.ui.settings_store import Preferences, SettingsStore, default_font_size
from tests.ui.conftest import js, type_text

PNG_POST = "src/content/blog/writing-better-excerpts.md"
PNG_COVER = "public/images/blog/writing-better-excerpts-cover.png"
WEBP_COVER = "public/images/blog/writing-better-excerpts-cover.webp"
Button = QDialogButtonBox.StandardButton


@pytest.fixture(autouse=True)
def system_theme_afterwards() -> Iterator[None]:
    """The theme is the whole application's: give it back to the system after each test."""
    yield
    set_theme("system")


def open_preferences(window: Any) -> PreferencesDialog:
    window.appearance.preferences_action.trigger()
    dialog = window.appearance.dialog
    assert isinstance(dialog, PreferencesDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "Preferences"
    return dialog


def click(dialog: PreferencesDialog, button: QDialogButtonBox.StandardButton) -> None:
    dialog.buttons.button(button).click()


def line_lengths(editor: Any) -> list[int]:
    layout = editor.document().firstBlock().layout()
    return [layout.lineAt(i).textLength() for i in range(layout.lineCount())]


def journal_files() -> list[Path]:
    import os

    return list((Path(os.environ["POST_EDITOR_STATE"]) / "recovery").glob("*.json"))


# --------------------------------------------------------------------------- the store


def test_preferences_read_back_as_written_and_bad_values_fall_back(qapp: Any, tmp_path: Path) -> None:
    store = SettingsStore.in_file(str(tmp_path / "prefs.ini"))
    assert store.preferences() == Preferences.defaults()
    assert Preferences.defaults().font_size == default_font_size() >= 11
    chosen = Preferences("Serif", 15, 72, 150, "dark", 900, 60, 7)
    store.set_preferences(chosen)
    store.sync()
    assert SettingsStore.in_file(str(tmp_path / "prefs.ini")).preferences() == chosen
    (tmp_path / "bad.ini").write_text(
        "[editor]\nfontSize=huge\nlineWidth=-5\n[preview]\nzoom=9000\n[appearance]\ntheme=purple\n"
        "[covers]\nwebpQuality=0\n",
        encoding="utf-8",
    )
    bad = SettingsStore.in_file(str(tmp_path / "bad.ini")).preferences()
    assert (bad.font_size, bad.line_width, bad.preview_zoom, bad.theme, bad.webp_quality) == (
        default_font_size(),
        0,
        500,
        "system",
        1,
    )


# --------------------------------------------------------------------------- the dialog


def test_edit_preferences_opens_the_dialog_from_the_menu_and_its_key(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    action = window.appearance.preferences_action
    assert action.objectName() == "preferences"
    assert action.menuRole() == QAction.MenuRole.PreferencesRole  # macOS puts it in the application menu
    (edit,) = [m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Edit"]
    assert action in edit.actions()
    standard = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
    assert action.shortcuts() == (standard or [QKeySequence("Ctrl+,")])
    window.editor.setFocus()
    qtbot.keySequence(window.editor, action.shortcuts()[0])
    qtbot.waitUntil(lambda: window.appearance.dialog is not None and window.appearance.dialog.isVisible())
    dialog = window.appearance.dialog
    action.trigger()  # asked again: the same dialog, not a second one
    assert window.appearance.dialog is dialog
    assert len(window.findChildren(PreferencesDialog)) == 1
    click(dialog, Button.Cancel)


def test_changes_apply_at_once_and_cancel_puts_back_what_was_in_effect(
    make_window: Any, qtbot: Any, settings: SettingsStore
) -> None:
    window = make_window()
    before = settings.preferences()
    dialog = open_preferences(window)
    dialog.font_size.selectAll()
    qtbot.keyClicks(dialog.font_size, "17")
    assert window.editor.font().pointSize() == 17
    assert window.editor.document().defaultFont().pointSize() == 17  # the text itself, not only the widget
    dialog.preview_zoom.setValue(150)
    assert window.preview.zoomFactor() == pytest.approx(1.5)
    dialog.autosave.setValue(9)
    assert window.safety._timer.interval() == 9000
    dialog.line_width.setValue(30)
    assert window.editor.line_width == 30
    assert settings.preferences().font_size == 17  # stored as it changes
    click(dialog, Button.Cancel)
    assert not dialog.isVisible()
    assert window.editor.font().pointSize() == before.font_size
    assert window.editor.document().defaultFont().pointSize() == before.font_size
    assert window.preview.zoomFactor() == pytest.approx(1.0)
    assert window.safety._timer.interval() == 2000
    assert window.editor.line_width == 0
    assert settings.preferences() == before


def test_ok_keeps_the_values_and_the_next_window_starts_with_them(
    make_window: Any, qtbot: Any, settings: SettingsStore
) -> None:
    window = make_window()
    dialog = open_preferences(window)
    dialog.font_size.setValue(14)
    dialog.preview_zoom.setValue(80)
    dialog.line_width.setValue(60)
    dialog.autosave.setValue(12)
    click(dialog, Button.Ok)
    assert window.appearance.dialog is None
    assert window.editor.font().pointSize() == 14
    window.close()
    settings.sync()
    again = make_window()
    assert again.editor.font().pointSize() == 14
    assert again.editor.document().defaultFont().pointSize() == 14
    assert again.preview.zoomFactor() == pytest.approx(0.8)
    assert again.editor.line_width == 60
    assert again.safety._timer.interval() == 12000


def test_restore_defaults_shows_and_applies_the_built_in_values(
    make_window: Any, qtbot: Any, settings: SettingsStore
) -> None:
    settings.set_preferences(Preferences("Serif", 20, 50, 200, "dark", 640, 40, 30))
    window = make_window()
    assert window.editor.font().pointSize() == 20 and window.appearance.dark()
    dialog = open_preferences(window)
    assert (dialog.font_size.value(), dialog.cover_max_width.value(), dialog.theme.currentData()) == (20, 640, "dark")
    click(dialog, Button.RestoreDefaults)
    defaults = Preferences.defaults()
    assert dialog.values() == defaults
    assert (dialog.font_size.value(), dialog.line_width.text(), dialog.theme.currentText()) == (
        defaults.font_size,
        "Fill the pane",
        "System",
    )
    assert window.editor.font().pointSize() == defaults.font_size
    assert window.editor.font().family() == QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
    assert window.preview.zoomFactor() == pytest.approx(1.0)
    assert not window.appearance.dark()
    click(dialog, Button.Ok)
    assert settings.preferences() == defaults


def test_the_font_picked_is_the_editors_in_every_tab(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    window = make_window()
    dialog = open_preferences(window)
    shown = QFontInfo(window.editor.font()).family()
    assert dialog.font_box.currentFont().family() == shown  # the system's fixed-width font, as it resolves
    other = next(
        i
        for i in range(dialog.font_box.count())
        if dialog.font_box.itemText(i) not in (shown, dialog.font_box.currentText())
    )
    dialog.font_box.setCurrentIndex(other)
    family = dialog.font_box.itemText(other)
    assert window.editor.font().family() == family
    click(dialog, Button.Ok)
    second = tmp_path / "second.md"
    second.write_text("---\ntitle: Second\n---\nText.\n", encoding="utf-8")
    assert window.files.open_path(second)
    assert window.editor.document().defaultFont().family() == family
    window.tabs.show(window.documents[0])
    assert window.editor.document().defaultFont().family() == family


def test_line_width_keeps_a_centred_column_of_that_many_characters(
    make_window: Any, qtbot: Any, settings: SettingsStore
) -> None:
    window = make_window()
    editor = window.editor
    editor.setPlainText("word " * 60)
    qtbot.waitUntil(lambda: max(line_lengths(editor)) > 45)  # fills the pane: more than 45 a line
    dialog = open_preferences(window)
    dialog.line_width.setValue(30)
    qtbot.waitUntil(lambda: 25 <= line_lengths(editor)[0] and max(line_lengths(editor)) <= 30)
    margins = editor.viewportMargins()
    assert margins.left() > 0 and abs(margins.left() - margins.right()) <= 1
    click(dialog, Button.Ok)
    window.resize(window.width() + 300, window.height())
    qtbot.waitUntil(lambda: editor.viewportMargins().left() > margins.left())
    assert max(line_lengths(editor)) <= 30  # still that column, more margin
    column = editor.viewport().width()
    dialog = open_preferences(window)
    dialog.font_size.setValue(dialog.font_size.value() + 4)  # a larger font: a wider column, as many characters
    qtbot.waitUntil(lambda: editor.viewport().width() > column)
    qtbot.waitUntil(lambda: 25 <= line_lengths(editor)[0] and max(line_lengths(editor)) <= 30)
    dialog.line_width.setValue(0)
    click(dialog, Button.Ok)
    qtbot.waitUntil(lambda: max(line_lengths(editor)) > 45)
    assert (editor.viewportMargins().left(), editor.viewportMargins().right()) == (0, 0)


def test_a_forced_theme_colours_the_app_the_editor_and_the_preview(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    system_window = QApplication.palette().color(QPalette.ColorRole.Window).name()
    system_dark = window.editor.highlighter.dark
    dialog = open_preferences(window)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128
    qtbot.waitUntil(lambda: window.editor.palette().color(QPalette.ColorRole.Base).lightness() < 128)
    assert window.editor.highlighter.dark is True
    qtbot.waitUntil(lambda: js(qtbot, window.preview, "document.body.classList.contains('dark')") is True)
    assert js(qtbot, window.preview, "getComputedStyle(document.documentElement).colorScheme") == "dark"  # scroll bars
    dialog.theme.setCurrentIndex(dialog.theme.findData("light"))
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() >= 128
    assert window.editor.highlighter.dark is False
    qtbot.waitUntil(lambda: js(qtbot, window.preview, "document.body.classList.contains('dark')") is False)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    click(dialog, Button.Ok)
    window.files.new_post()  # a document shown later gets the theme too
    assert window.editor.highlighter.dark is True
    dialog = open_preferences(window)
    dialog.theme.setCurrentIndex(dialog.theme.findData("system"))
    assert QApplication.palette().color(QPalette.ColorRole.Window).name() == system_window
    assert window.editor.highlighter.dark is system_dark
    click(dialog, Button.Ok)


def test_the_autosave_delay_is_how_long_unsaved_work_waits_for_the_journal(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    dialog = open_preferences(window)
    assert dialog.autosave.value() == 2
    dialog.autosave.setValue(30)
    click(dialog, Button.Ok)
    # The window hears late that the dialog took the focus, and the window that loses it
    # journals at once (as it should): let that pass while nothing is unsaved yet.
    qtbot.wait(300)
    window.editor.setFocus()
    type_text(qtbot, window.editor, "unsaved words")
    assert window.document.is_modified
    started = time.monotonic()
    while time.monotonic() - started < 2.6:  # the 2 s it used to wait, and some
        qtbot.wait(100)
    assert journal_files() == []
    assert window.safety._timer.isActive() and window.safety._timer.interval() == 30_000


# --------------------------------------------------------------------------- covers


def test_covers_use_the_preferred_width_and_quality(make_window: Any, qtbot: Any, sample_site: Path) -> None:
    window = make_window(sample_site / PNG_POST)
    dialog = open_preferences(window)
    dialog.cover_max_width.setValue(400)
    dialog.webp_quality.setValue(30)
    click(dialog, Button.Ok)
    assert window.files.save()
    expected, width, _height = render_webp(sample_site / PNG_COVER, 30, 400)
    assert width == 400
    assert (sample_site / WEBP_COVER).read_bytes() == expected


def test_the_sites_own_cover_setting_wins_over_the_preference(
    make_window: Any, qtbot: Any, sample_site: Path, settings: SettingsStore
) -> None:
    (sample_site / ".post-editor.toml").write_text("max_width = 800\n", encoding="utf-8")
    settings.set_preferences(Preferences(font_size=12, cover_max_width=400, webp_quality=30))
    window = make_window(sample_site / PNG_POST)
    assert window.files.save()
    expected, width, _height = render_webp(sample_site / PNG_COVER, 30, 800)  # the site's width, our quality
    assert width == 800
    assert (sample_site / WEBP_COVER).read_bytes() == expected
