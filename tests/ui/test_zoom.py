"""View > Zoom In, Zoom Out, Actual Size: the editor's font, or the preview when it has the
focus; the level is remembered as Preferences remember it. And no two actions share a key."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from editor.ui.appearance import ZOOM_STEPS, next_zoom
from editor.ui.settings_store import Preferences, SettingsStore, default_font_size
from tests.ui.conftest import js

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_no_two_enabled_actions_of_the_window_share_a_shortcut(make_window: Any) -> None:
    window = make_window()
    owners: dict[str, list[str]] = {}
    for action in window.findChildren(QAction):
        if action.isEnabled():
            for key in action.shortcuts():
                owners.setdefault(key.toString(), []).append(action.text().replace("&", ""))
    shared = {key: names for key, names in owners.items() if len(names) > 1}
    assert shared == {}
    assert owners["Ctrl+0"] == ["Actual Size"]
    assert owners["Ctrl+Shift+0"] == ["Normal Text"]
    assert owners["Ctrl+="] == owners["Ctrl++"] == ["Zoom In"]
    assert owners["Ctrl+-"] == ["Zoom Out"]


def test_the_view_menu_has_the_zoom_actions(make_window: Any) -> None:
    window = make_window()
    (view,) = [m for m in window.menuBar().findChildren(QMenu) if m.title() == "&View"]
    names = [a.objectName() for a in view.actions()]
    assert names[-3:] == ["zoomIn", "zoomOut", "actualSize"]
    zoom_in = window.appearance.zoom_in_action
    assert QKeySequence(QKeySequence.StandardKey.ZoomIn) in zoom_in.shortcuts()


def test_zoom_keys_change_the_editor_font_and_it_is_remembered(
    make_window: Any, qtbot: Any, settings: SettingsStore
) -> None:
    window = make_window()
    editor = window.editor
    size = editor.font().pointSize()
    assert size == default_font_size()
    text = editor.toPlainText()
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Equal, CTRL)
    assert editor.font().pointSize() == size + 1
    assert editor.document().defaultFont().pointSize() == size + 1
    qtbot.keyClick(editor, Qt.Key.Key_Plus, CTRL)
    assert editor.font().pointSize() == size + 2
    qtbot.keyClick(editor, Qt.Key.Key_Minus, CTRL)
    assert editor.font().pointSize() == size + 1
    assert editor.toPlainText() == text  # no key went into the text
    assert window.statusBar().currentMessage() == f"Editor font size: {size + 1} pt"
    assert window.preview.zoomFactor() == pytest.approx(1.0)  # the preview did not have the focus
    assert settings.preferences().font_size == size + 1
    window.close()
    again = make_window()
    assert again.editor.font().pointSize() == size + 1
    again.appearance.preferences_action.trigger()
    assert again.appearance.dialog.font_size.value() == size + 1  # the same setting as Preferences' size
    again.appearance.dialog.reject()
    again.editor.setFocus()
    qtbot.keyClick(again.editor, Qt.Key.Key_0, CTRL)
    assert again.editor.font().pointSize() == default_font_size()
    assert settings.preferences().font_size == default_font_size()


def test_zoom_keys_zoom_the_preview_when_it_has_the_focus(
    make_window: Any, qtbot: Any, settings: SettingsStore
) -> None:
    window = make_window()
    font_size = window.editor.font().pointSize()
    width = js(qtbot, window.preview, "window.innerWidth")
    window.preview.setFocus()
    qtbot.waitUntil(lambda: window.appearance._preview_has_focus())
    focus = window.focusWidget()
    qtbot.keyClick(focus, Qt.Key.Key_Equal, CTRL)
    qtbot.keyClick(focus, Qt.Key.Key_Equal, CTRL)
    assert window.preview.zoomFactor() == pytest.approx(1.25)  # 100 → 110 → 125
    qtbot.waitUntil(lambda: js(qtbot, window.preview, "window.innerWidth") < width * 0.85)  # the page is larger
    assert window.editor.font().pointSize() == font_size
    assert settings.preferences().preview_zoom == 125
    assert window.statusBar().currentMessage() == "Preview zoom: 125 %"
    for _ in range(3):
        qtbot.keyClick(focus, Qt.Key.Key_Minus, CTRL)
    assert window.preview.zoomFactor() == pytest.approx(0.9)
    qtbot.keyClick(focus, Qt.Key.Key_0, CTRL)
    assert window.preview.zoomFactor() == pytest.approx(1.0)
    assert settings.preferences().preview_zoom == 100
    assert window.editor.font().pointSize() == font_size


def test_zoom_stops_at_the_limits(make_window: Any, qtbot: Any, settings: SettingsStore) -> None:
    assert [next_zoom(z, 1) for z in (25, 100, 115, 500)] == [33, 110, 125, 500]
    assert [next_zoom(z, -1) for z in (25, 100, 115, 500)] == [25, 90, 110, 400]
    assert ZOOM_STEPS[0] == 25 and ZOOM_STEPS[-1] == 500
    settings.set_preferences(Preferences(font_size=72, preview_zoom=500))
    window = make_window()
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_Equal, CTRL)
    assert window.editor.font().pointSize() == 72
    window.preview.setFocus()
    qtbot.waitUntil(lambda: window.appearance._preview_has_focus())
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Equal, CTRL)
    assert window.preview.zoomFactor() == pytest.approx(5.0)


def test_ctrl_0_is_actual_size_and_normal_text_moved_to_ctrl_shift_0(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    editor = window.editor
    editor.setPlainText("## A heading")
    editor.setFocus()
    window.appearance.zoom(1)
    qtbot.keyClick(editor, Qt.Key.Key_0, CTRL)
    assert editor.toPlainText() == "## A heading"  # Actual Size, not Normal Text
    assert editor.font().pointSize() == default_font_size()
    qtbot.keyClick(editor, Qt.Key.Key_0, CTRL | SHIFT)
    assert editor.toPlainText() == "A heading"
    qtbot.keyClick(editor, Qt.Key.Key_3, CTRL)
    assert editor.toPlainText() == "### A heading"
