"""The Help menu: About with the licences from the installed metadata, the keyboard
shortcuts read from the window's actions when the list opens, and the Markdown guide
opened as an untitled post that never writes over the packaged file."""

from __future__ import annotations

import importlib.metadata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QTreeWidget

import editor
from editor.core import resources
from editor.core.licences import licence_of, normalized, runtime_requirements
from editor.core.post import Post
from editor.ui.help import AboutDialog, ShortcutsDialog
from tests.ui.conftest import js, wait_preview

NATIVE = QKeySequence.SequenceFormat.NativeText
GUIDE = ("guide", "markdown-guide.md")


def menu_titles(window: Any) -> list[str]:
    return [a.text().replace("&", "") for a in window.menuBar().actions()]


def help_menu_actions(window: Any) -> list[QAction]:
    (menu_action,) = [a for a in window.menuBar().actions() if a.text().replace("&", "") == "Help"]
    return [a for a in menu_action.menu().actions() if not a.isSeparator()]


def test_the_help_menu_comes_last_with_its_three_commands(make_window: Any) -> None:
    window = make_window()
    titles = menu_titles(window)
    assert titles[-3:] == ["View", "Git", "Help"]
    actions = help_menu_actions(window)
    assert [a.objectName() for a in actions] == ["markdownGuide", "keyboardShortcuts", "about"]
    assert [a.text().replace("&", "") for a in actions] == ["Markdown Guide", "Keyboard Shortcuts", "About Post Editor"]
    assert actions[2].menuRole() == QAction.MenuRole.AboutRole


def test_no_two_commands_share_a_shortcut(make_window: Any) -> None:
    window = make_window()
    keys = Counter(
        key.toString(QKeySequence.SequenceFormat.PortableText)
        for action in window.findChildren(QAction)
        for key in action.shortcuts()
    )
    assert [key for key, count in keys.items() if count > 1] == []
    assert window.findChild(QAction, "keyboardShortcuts").shortcut() == QKeySequence("Ctrl+/")
    assert window.findChild(QAction, "markdownGuide").shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)


# ----------------------------------------------------------------------- about


def test_about_shows_the_version_and_the_licences_of_what_ships(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    window.findChild(QAction, "about").trigger()
    qtbot.waitUntil(lambda: window.findChild(AboutDialog, "aboutDialog") is not None, timeout=5000)
    dialog = window.findChild(AboutDialog, "aboutDialog")
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert dialog.windowTitle() == "About Post Editor"
    text = dialog.findChild(QLabel, "aboutText").text()
    version = importlib.metadata.version("post-editor")
    assert f"Version {version}" in text and editor.__version__ == version  # as --version says
    project_licence = licence_of(importlib.metadata.metadata("post-editor"))
    assert f"under the {project_licence} licence" in text

    table = dialog.findChild(QTreeWidget, "componentList")
    rows = {
        normalized(item.text(0)): (item.text(1), item.text(2))
        for item in (table.topLevelItem(i) for i in range(table.topLevelItemCount()))
    }
    for name in runtime_requirements(importlib.metadata.requires("post-editor")):
        meta = importlib.metadata.metadata(name)
        assert rows[normalized(name)] == (importlib.metadata.version(name), licence_of(meta)), name
    assert "LGPL" in rows["pyside6"][1]
    assert "pytest" not in rows  # a test tool, not shipped
    assert len(rows) > len(runtime_requirements(importlib.metadata.requires("post-editor")))  # and what they need

    dialog.close()
    qtbot.waitUntil(lambda: window.findChild(AboutDialog, "aboutDialog") is None, timeout=5000)


# ----------------------------------------------------------------------- shortcuts


def open_shortcuts(window: Any, qtbot: Any) -> ShortcutsDialog:
    window.findChild(QAction, "keyboardShortcuts").trigger()
    dialog = window.findChild(ShortcutsDialog, "shortcutsDialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    return dialog


def test_the_shortcuts_list_is_every_action_of_the_menus_that_has_keys(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    dialog = open_shortcuts(window, qtbot)
    assert dialog.windowTitle() == "Keyboard Shortcuts"
    rows = dict(dialog.visible_rows())
    assert rows["Format › Bold"] == QKeySequence(QKeySequence.StandardKey.Bold).toString(NATIVE)
    assert rows["File › Save As"] == QKeySequence(QKeySequence.StandardKey.SaveAs).toString(NATIVE)
    assert rows["Edit › Check Readiness"] == "F7"
    assert rows["Help › Keyboard Shortcuts"] == QKeySequence("Ctrl+/").toString(NATIVE)
    assert rows["Format › Insert Image"] == QKeySequence("Ctrl+Shift+I").toString(NATIVE)
    with_keys = [a for a in window.findChildren(QAction) if a.shortcuts()]
    assert len(rows) == len(with_keys)  # none left out, none made up
    assert all("&" not in command and not command.endswith("…") for command in rows)


def test_the_list_is_read_from_the_actions_each_time_it_opens(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    open_shortcuts(window, qtbot).close()
    window.findChild(QAction, "bold").setShortcut(QKeySequence("Ctrl+Alt+B"))
    (format_action,) = [a for a in window.menuBar().actions() if a.text() == "F&ormat"]
    extra = QAction("&Table of Contents…", window)
    extra.setShortcuts([QKeySequence("Ctrl+Alt+T"), QKeySequence("F9")])
    format_action.menu().addAction(extra)
    rows = dict(open_shortcuts(window, qtbot).visible_rows())
    assert rows["Format › Bold"] == QKeySequence("Ctrl+Alt+B").toString(NATIVE)
    assert rows["Format › Table of Contents"] == f"{QKeySequence('Ctrl+Alt+T').toString(NATIVE)}, F9"


def test_searching_filters_by_command_or_keys(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    dialog = open_shortcuts(window, qtbot)
    assert dialog.focusWidget() is dialog.search  # typing goes to the search field
    qtbot.keyClicks(dialog.search, "heading")
    assert [c for c, _ in dialog.visible_rows()] == [f"Format › Heading {n}" for n in range(1, 7)]
    dialog.search.setText("f7")
    assert dialog.visible_rows() == [("Edit › Check Readiness", "F7")]
    dialog.search.setText("format shift")  # every word, in the command or the keys
    commands = [c for c, _ in dialog.visible_rows()]
    assert "Format › Strikethrough" in commands and "Format › Quote" in commands
    assert "Format › Bold" not in commands and all(c.startswith("Format") for c in commands)
    assert not dialog.empty.isVisible()
    dialog.search.setText("no such command")
    assert dialog.visible_rows() == []
    assert dialog.empty.isVisible() and "no such command" in dialog.empty.text()
    dialog.search.clear()
    assert len(dialog.visible_rows()) > 30 and not dialog.empty.isVisible()


def test_the_shortcut_opens_the_list(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(ShortcutsDialog, "shortcutsDialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=5000)


# ----------------------------------------------------------------------- the guide


def test_the_guide_opens_as_an_untitled_post_shown_in_the_preview(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    blank = window.document
    window.findChild(QAction, "markdownGuide").trigger()
    guide = window.document
    assert guide is not blank and window.documents == [guide]  # it took the untouched new post's place
    assert guide.path is None and not guide.is_modified
    assert guide.display_name() == "Markdown Guide"
    assert window.windowTitle().startswith("Markdown Guide")
    packaged = Post.from_text(resources.read_text(*GUIDE))
    assert guide.body_text() == packaged.content
    assert window.form.fields["title"].value() == "Markdown Guide"
    wait_preview(qtbot, window)
    found = js(
        qtbot,
        window.preview,
        """(() => {
            const has = (s) => document.querySelector(s) !== null;
            return ['h2', 'h3', 'h4', 'em', 'strong', 'del', 'ul ul', 'ol', 'input[type=checkbox]', 'dl dt',
                    'a[href^="https:"]', 'table th', 'blockquote blockquote', '.codehilite pre span',
                    '.footnote', 'hr', '.pe-placeholder', 'br'].filter((s) => !has(s)).join(' ');
        })()""",
    )
    assert found == ""  # every kind of Markdown the guide shows is in the preview (none missing)


def test_saving_the_guide_asks_where_and_never_writes_the_packaged_file(
    make_window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    packaged = resources.resource_path(*GUIDE)
    before = packaged.read_bytes()
    window = make_window()
    guide = window.help.open_guide()
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    window.editor.insertPlainText("\nMy own notes.\n")
    asked: list[str] = []
    target = tmp_path / "notes.md"

    def save_dialog(_parent: Any, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    assert window.findChild(QAction, "save").trigger() is None
    assert asked == ["markdown-guide.md"]
    assert target.read_text(encoding="utf-8").endswith("My own notes.\n")
    assert guide.path == target.resolve() and guide.display_name() == "notes.md"
    assert packaged.read_bytes() == before


def test_the_guide_is_opened_once_and_stays_beside_opened_posts(
    make_window: Any, sample_site: Path, qtbot: Any
) -> None:
    window = make_window()
    guide = window.help.open_guide()
    assert window.help.open_guide() is guide and len(window.documents) == 1
    window.files.open_post(sample_site / "src/content/blog/choosing-a-good-slug.md")
    assert guide in window.documents and len(window.documents) == 2  # an opened file does not replace it
    window.tabs.show(guide)
    window.editor.insertPlainText("Trying things. ")
    fresh = window.help.open_guide()
    assert fresh is not guide and not fresh.is_modified  # the edited copy is kept, a clean one opens
    assert len(window.documents) == 3
    assert fresh.body_text() == Post.from_text(resources.read_text(*GUIDE)).content
