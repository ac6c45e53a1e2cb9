"""The Help menu: the Markdown guide opened as a post of its own, the keyboard shortcuts
the window's actions have at the moment they are asked for, and About, with the licences
of the packages the program ships with.

Nothing here keeps a copy of what it shows: the shortcuts are read from the window's
``QAction``s, the packages and licences from the installed metadata
(``core.licences``), the guide from the package data (``core.resources``).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor import __version__
from editor.core import licences, resources
from editor.core.identity import DISPLAY_NAME
from editor.ui.dialogs import make_action
from editor.ui.document import PostDocument
from editor.ui.notice import escape
from editor.ui.tabs import DocumentTabs

GUIDE_NAME = "Markdown Guide"
GUIDE_RESOURCE = ("guide", "markdown-guide.md")
PATH_SEPARATOR = " › "
NATIVE = QKeySequence.SequenceFormat.NativeText
PORTABLE = QKeySequence.SequenceFormat.PortableText


class Help(QObject):
    """Owns the Help menu's actions and the windows they open."""

    def __init__(self, window: QMainWindow, tabs: DocumentTabs) -> None:
        super().__init__(window)
        self.window = window
        self.tabs = tabs
        self._shortcuts: ShortcutsDialog | None = None
        K = QKeySequence.StandardKey
        self.guide_action = make_action(window, "&Markdown Guide", self.open_guide, K.HelpContents, "markdownGuide")
        self.shortcuts_action = make_action(
            window, "&Keyboard Shortcuts", self.show_shortcuts, "Ctrl+/", "keyboardShortcuts"
        )
        self.about_action = make_action(window, f"&About {DISPLAY_NAME}", self.show_about, None, "about")
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    def open_guide(self) -> PostDocument:
        """Show the guide as a new untitled post (the one already open, if it is untouched).
        The packaged file is only read: saving the guide asks where to keep the copy."""
        for document in self.tabs.documents:
            if document.path is None and document.untitled_name == GUIDE_NAME and not document.is_modified:
                self.tabs.show(document)
                return document
        guide = PostDocument.untitled(resources.read_text(*GUIDE_RESOURCE), GUIDE_NAME, self.window)
        blank = self.tabs.current if self.tabs.is_blank(self.tabs.current) else None
        self.tabs.show(guide)
        if blank is not None:  # as opening a file does: the untouched new post gives way
            self.tabs.discard(blank)
        return guide

    def show_shortcuts(self) -> ShortcutsDialog:
        """The shortcuts window, filled from the window's actions as they are now."""
        if self._shortcuts is None:
            self._shortcuts = ShortcutsDialog(self.window)
        self._shortcuts.fill(shortcut_rows(self.window))
        self._shortcuts.show()
        self._shortcuts.raise_()
        self._shortcuts.activateWindow()
        return self._shortcuts

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog


# ----------------------------------------------------------------------- shortcuts


@dataclass(frozen=True)
class ShortcutRow:
    command: str  # the action's menu path and name: "Format › Bold"
    keys: str  # its shortcuts as the platform writes them, ", " between them
    portable: str  # the same in Qt's portable form ("Ctrl+B" also where the native text is "⌘B")


def plain_text(text: str) -> str:
    """An action's text as a reader sees it: no mnemonic ``&``, no trailing ellipsis."""
    text = text.split("\t", 1)[0].replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.removesuffix("…").removesuffix("...").strip()


def _row(path: list[str], action: QAction) -> ShortcutRow:
    keys = action.shortcuts()
    return ShortcutRow(
        PATH_SEPARATOR.join([*path, plain_text(action.text())]),
        ", ".join(k.toString(NATIVE) for k in keys),
        ", ".join(k.toString(PORTABLE) for k in keys),
    )


def shortcut_rows(window: QMainWindow) -> list[ShortcutRow]:
    """Every action of the window that has a shortcut, in menu order with its menu path,
    then those that are in no menu."""
    rows: list[ShortcutRow] = []
    seen: list[QAction] = []

    def walk(actions: list[QAction], path: list[str]) -> None:
        for action in actions:
            if action.isSeparator() or not action.isVisible():
                continue
            seen.append(action)
            menu = action.menu()
            if isinstance(menu, QMenu):
                walk(menu.actions(), [*path, plain_text(action.text())])
            elif action.shortcuts():
                rows.append(_row(path, action))

    walk(window.menuBar().actions(), [])
    for action in window.findChildren(QAction):
        if action not in seen and action.shortcuts() and action.isVisible() and plain_text(action.text()):
            rows.append(_row([], action))
    return rows


class ShortcutsDialog(QDialog):
    """A searchable list of the window's shortcuts; it stays open beside the window."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard Shortcuts")
        self.resize(520, 600)
        self.search = QLineEdit(self)
        self.search.setObjectName("shortcutSearch")
        self.search.setPlaceholderText("Search commands and keys")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.list = QTreeWidget(self)
        self.list.setObjectName("shortcutList")
        self.list.setHeaderLabels(["Command", "Keys"])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.list.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.list.header().setStretchLastSection(False)
        self._items: list[QTreeWidgetItem] = []
        self.empty = QLabel(self)
        self.empty.setObjectName("noShortcutMatch")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)

    def fill(self, rows: list[ShortcutRow]) -> None:
        self.list.clear()
        self._items = []
        for row in rows:
            item = QTreeWidgetItem([row.command, row.keys])
            item.setData(0, Qt.ItemDataRole.UserRole, f"{row.command}\n{row.keys}\n{row.portable}".lower())
            item.setToolTip(0, row.command)
            self._items.append(item)
        self.list.addTopLevelItems(self._items)
        self._filter(self.search.text())
        self.search.setFocus()
        self.search.selectAll()

    def visible_rows(self) -> list[tuple[str, str]]:
        """The (command, keys) pairs the list shows now."""
        return [(item.text(0), item.text(1)) for item in self._items if not item.isHidden()]

    def _filter(self, text: str) -> None:
        """Show the rows whose command or keys hold every word typed."""
        words = text.lower().split()
        shown = 0
        for item in self._items:
            haystack = str(item.data(0, Qt.ItemDataRole.UserRole))
            match = all(word in haystack for word in words)
            item.setHidden(not match)
            shown += match
        self.empty.setText(f"No command or shortcut matches “{text.strip()}”.")
        self.empty.setVisible(shown == 0)


# ----------------------------------------------------------------------- about


class AboutDialog(QDialog):
    """The program's name, version and licence, and the packages it runs on with theirs."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(f"About {DISPLAY_NAME}")
        self.resize(560, 520)
        layout = QVBoxLayout(self)
        layout.addLayout(self._heading())
        components = licences.shipped_components()
        intro = QLabel(
            f"{DISPLAY_NAME} runs on these packages, each under its own licence:"
            if components
            else f"The packages {DISPLAY_NAME} runs on cannot be listed: it is not installed as a package here."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.components = QTreeWidget(self)
        self.components.setObjectName("componentList")
        self.components.setHeaderLabels(["Package", "Version", "Licence"])
        self.components.setRootIsDecorated(False)
        self.components.setAlternatingRowColors(True)
        self.components.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for component in components:
            item = QTreeWidgetItem([component.name, component.version, component.licence])
            if component.needed_by:
                item.setToolTip(0, f"Needed by {component.needed_by}")
            item.setToolTip(2, component.licence)
            self.components.addTopLevelItem(item)
        from editor.core.typeset import SHIPPED

        for name, version, licence in SHIPPED:  # scripts shipped inside the program, not packages
            item = QTreeWidgetItem([name, version, licence])
            item.setToolTip(0, f"Shipped inside {DISPLAY_NAME} for the preview and exported pages")
            self.components.addTopLevelItem(item)
        self.components.setVisible(bool(components))
        layout.addWidget(self.components, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        about_qt = buttons.addButton("About &Qt", QDialogButtonBox.ButtonRole.HelpRole)
        about_qt.setObjectName("aboutQt")
        about_qt.clicked.connect(lambda: QApplication.aboutQt())
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)

    def _heading(self) -> QHBoxLayout:
        row = QHBoxLayout()
        icon = QLabel(self)
        icon.setPixmap(QApplication.windowIcon().pixmap(64, 64))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        row.addWidget(icon)
        licence = licences.program_licence()
        licence_line = (
            f"Free software under the {escape(licence)} licence."
            if licence != licences.NOT_STATED
            else "Its licence is not stated in this installation."
        )
        text = QLabel(
            f"<h2>{escape(DISPLAY_NAME)}</h2>"
            f"<p>Version {escape(__version__)}</p>"
            f"<p>{escape(licences.program_summary())}</p>"
            f"<p>{licence_line}</p>",
            self,
        )
        text.setObjectName("aboutText")
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(text, 1)
        return row
