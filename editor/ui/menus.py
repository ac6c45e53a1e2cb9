"""The window's menus, put together from the actions each part owns; the editing and
view actions, which belong to the panes, are made here."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QWidget

from editor.ui import table_editing
from editor.ui.appearance import Appearance
from editor.ui.dialogs import make_action
from editor.ui.editor_pane import EditorPane
from editor.ui.file_workflow import FileWorkflow
from editor.ui.find_bar import FindBar
from editor.ui.git_publishing import GitPublishing
from editor.ui.help import Help
from editor.ui.image_import import ImageImport
from editor.ui.post_picker import PostLinks
from editor.ui.publish import Publishing
from editor.ui.site_style import SiteStyle
from editor.ui.spelling import Spelling
from editor.ui.table_editing import ask_and_insert_table
from editor.ui.writing_modes import WritingModes

K = QKeySequence.StandardKey


@dataclass
class Panes:
    """What the Edit, Format and View menus act on."""

    editor: EditorPane
    find_bar: FindBar
    form: QWidget
    preview: QWidget
    docks: list[QDockWidget]


@dataclass
class Parts:
    """The parts whose actions the menus hold."""

    files: FileWorkflow
    publishing: Publishing
    images: ImageImport
    help: Help
    appearance: Appearance
    spelling: Spelling
    writing_modes: WritingModes
    post_links: PostLinks
    git: GitPublishing
    site_style: SiteStyle


@dataclass
class ViewActions:
    soft_wrap: QAction
    show_fields: QAction
    show_preview: QAction


def build_menus(window: QMainWindow, parts: Parts, panes: Panes) -> ViewActions:
    bar = window.menuBar()
    file_menu(window, bar.addMenu("&File"), parts.files, parts.publishing)
    edit_menu(window, bar.addMenu("&Edit"), panes, parts.publishing, parts.appearance)
    format_menu(window, bar.addMenu("F&ormat"), panes.editor, parts.images, parts.post_links)
    view_actions = view_menu(window, bar.addMenu("&View"), panes, parts)
    git_menu(bar.addMenu("&Git"), parts.git)
    help_menu(bar.addMenu("&Help"), parts.help)
    return view_actions


def file_menu(window: QMainWindow, menu: QMenu, files: FileWorkflow, publishing: Publishing) -> None:
    menu.addActions([files.new_action, files.new_post_action, files.open_action, files.open_folder_action])
    menu.addMenu(files.recent_menu)
    menu.addSeparator()
    menu.addActions([files.save_action, files.save_as_action, files.revert_action])
    menu.addSeparator()
    menu.addActions([publishing.export_action, publishing.export_ready_action])
    menu.addSeparator()
    menu.addAction(files.close_action)
    menu.addAction(make_action(window, "&Quit", window.close, K.Quit, "quit"))


def edit_menu(window: QMainWindow, menu: QMenu, panes: Panes, publishing: Publishing, appearance: Appearance) -> None:
    ed, find = panes.editor, panes.find_bar
    menu.addAction(make_action(window, "&Undo", ed.undo, K.Undo, "undo"))
    menu.addAction(make_action(window, "&Redo", ed.redo, K.Redo, "redo"))
    menu.addSeparator()
    menu.addAction(make_action(window, "Cu&t", ed.cut, K.Cut))
    menu.addAction(make_action(window, "&Copy", ed.copy, K.Copy))
    menu.addAction(make_action(window, "&Paste", ed.paste, K.Paste))
    menu.addAction(make_action(window, "Paste as Plain &Text", ed.paste_plain, "Ctrl+Shift+V", "pastePlain"))
    menu.addAction(make_action(window, "Select &All", ed.selectAll, K.SelectAll))
    menu.addSeparator()
    menu.addAction(make_action(window, "&Find…", lambda: find.open(False), K.Find, "find"))
    replace = QKeySequence(K.Replace)
    # The platform's Replace key (none on Linux) and Ctrl+H, each once.
    keys = (
        [replace, QKeySequence("Ctrl+H")] if not replace.isEmpty() and replace != QKeySequence("Ctrl+H") else "Ctrl+H"
    )
    menu.addAction(make_action(window, "&Replace…", lambda: find.open(True), keys, "replace"))
    menu.addAction(make_action(window, "Find &Next", find.find_next, K.FindNext))
    menu.addAction(make_action(window, "Find Pre&vious", find.find_previous, K.FindPrevious))
    menu.addSeparator()
    menu.addAction(publishing.check_action)
    menu.addSeparator()
    menu.addAction(appearance.preferences_action)  # on macOS, in the application menu


def format_menu(window: QMainWindow, menu: QMenu, ed: EditorPane, images: ImageImport, links: PostLinks) -> None:
    def add(text: str, slot: object, shortcut: object = None, name: str = "") -> None:
        menu.addAction(make_action(window, text, slot, shortcut, name))  # type: ignore[arg-type]

    add("&Bold", lambda: ed.wrap_selection("**", placeholder="bold text"), K.Bold, "bold")
    add("&Italic", lambda: ed.wrap_selection("*", placeholder="italic text"), K.Italic, "italic")
    add("&Code", lambda: ed.wrap_selection("`", placeholder="code"), "Ctrl+`", "code")
    add("Stri&kethrough", lambda: ed.wrap_selection("~~", placeholder="text"), "Ctrl+Shift+X")
    add("&Link…", ed.insert_link, "Ctrl+K", "link")
    menu.addAction(images.insert_action)
    menu.addAction(links.action)
    menu.addSeparator()
    for level in range(1, 7):
        add(f"Heading {level}", lambda lv=level: ed.set_heading(lv), f"Ctrl+{level}", f"heading{level}")
    add("Normal Text", lambda: ed.set_heading(0), "Ctrl+Shift+0", "normalText")  # Ctrl+0 is Actual Size
    menu.addSeparator()
    add("Format &Table", lambda: table_editing.format_at_cursor(ed), "Ctrl+Alt+T", "formatTable")
    add("Insert T&able…", lambda: ask_and_insert_table(window, ed), None, "insertTable")
    menu.addSeparator()
    add("&Quote", lambda: ed.toggle_prefix("> "), "Ctrl+Shift+.", "quote")
    add("Bulleted &List", lambda: ed.toggle_prefix("- "), "Ctrl+Shift+8", "bulletList")
    add("&Numbered List", lambda: ed.toggle_prefix("1. "), "Ctrl+Shift+7", "numberedList")


def view_menu(window: QMainWindow, menu: QMenu, panes: Panes, parts: Parts) -> ViewActions:
    appearance, spelling = parts.appearance, parts.spelling
    ed = panes.editor
    actions = ViewActions(
        soft_wrap=make_action(window, "Soft &Wrap", lambda: None, None, "softWrap"),
        show_fields=make_action(window, "Show &Fields", lambda: None, "Ctrl+Shift+F"),
        show_preview=make_action(window, "Show &Preview", lambda: None, "Ctrl+Shift+P"),
    )
    for action in (actions.soft_wrap, actions.show_fields, actions.show_preview):
        action.setCheckable(True)
        action.setChecked(True)
    wrap_modes = (EditorPane.LineWrapMode.NoWrap, EditorPane.LineWrapMode.WidgetWidth)
    actions.soft_wrap.toggled.connect(lambda on: ed.setLineWrapMode(wrap_modes[on]))
    actions.show_fields.toggled.connect(panes.form.setVisible)
    actions.show_preview.toggled.connect(panes.preview.setVisible)
    menu.addActions([actions.soft_wrap, actions.show_fields, actions.show_preview, parts.site_style.action])
    menu.addAction(spelling.check_action)
    menu.addActions([dock.toggleViewAction() for dock in panes.docks])
    menu.addSeparator()
    menu.addActions(parts.writing_modes.actions)
    menu.addSeparator()
    menu.addActions([appearance.zoom_in_action, appearance.zoom_out_action, appearance.actual_size_action])
    return actions


def git_menu(menu: QMenu, git: GitPublishing) -> None:
    menu.setToolTipsVisible(True)  # a disabled action says why
    menu.addActions([git.publish_action, git.commit_action, git.pull_action])
    menu.addSeparator()
    menu.addActions([git.history_action, git.discard_action, git.recover_action])


def help_menu(menu: QMenu, help_part: Help) -> None:
    menu.addActions([help_part.guide_action, help_part.shortcuts_action])
    menu.addSeparator()
    menu.addAction(help_part.about_action)
