"""Spell checking in the window: each post's speller (its languages, the site's and the
author's words, the words ignored in it), dictionaries loaded in the background the
first time a language is needed, the editor's right-click suggestions, View › Check
Spelling and the language button in the status bar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QFileSystemWatcher, QObject, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QInputMethodEvent,
    QSyntaxHighlighter,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QLineEdit, QMainWindow, QMenu, QPlainTextEdit, QToolButton, QWidget

from editor.core import spelling
from editor.core.checks_spelling import LANGUAGE_KEYS, PROSE_KEYS, post_dictionaries
from editor.core.site import CONFIG_NAME
from editor.core.spelling import Speller
from editor.ui.dialogs import make_action, show_error
from editor.ui.editor_pane import EditorPane
from editor.ui.fields import Field
from editor.ui.highlighter import misspelled_spans, spelling_format
from editor.ui.settings_store import SettingsStore
from editor.ui.tabs import DocumentTabs
from editor.ui.tasks import Task

AUTOMATIC = ""  # the language button's choice: the post's own languages


class Spelling(QObject):
    """``changed`` fires when what is misspelled may have changed (a dictionary loaded, a
    word added, spelling switched on or off)."""

    changed = Signal()

    def __init__(
        self, window: QMainWindow, tabs: DocumentTabs, editor: EditorPane, form: QWidget, settings: SettingsStore
    ) -> None:
        super().__init__(window)
        self._window, self._tabs, self._editor, self._settings = window, tabs, editor, settings
        self._form = form
        self._spellers: dict[str, Speller] = {}  # by document id
        self._chosen: dict[str, list[str]] = {}  # languages picked for a post with the button
        self._loading: dict[str, Task] = {}
        self.failed: dict[str, str] = {}  # dictionaries that could not be loaded, and why
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(lambda _p: self._words_changed())
        self._watcher.directoryChanged.connect(lambda _p: self._words_changed())
        self.check_action = make_action(window, "Check &Spelling", lambda: None, None, "checkSpelling")
        self.check_action.setCheckable(True)
        self.check_action.setChecked(settings.flag("checkSpelling", True))
        self.check_action.toggled.connect(self._toggled)
        self.button = QToolButton(window)
        self.button.setObjectName("spellingLanguage")
        self.button.setAutoRaise(True)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setMenu(QMenu(self.button))
        self.button.menu().aboutToShow.connect(self._fill_language_menu)
        editor.context_menu_hooks.append(self._extend_menu)
        tabs.removed.connect(lambda document: self._forget(document))
        self.changed.connect(self._apply)

    # ----------------------------------------------------------------- spellers

    @property
    def enabled(self) -> bool:
        return self.check_action.isChecked()

    def speller(self, document: Any) -> Speller | None:
        """``document``'s speller (None while spelling is off); its dictionaries start loading."""
        if not self.enabled:
            return None
        found = self._spellers.get(document.id)
        if found is None:
            found = Speller(self._dictionaries(document), spelling.word_lists(self._site_root(document)))
            self._spellers[document.id] = found
            self._watch(document)
            document.fieldEdited.connect(lambda key, d=document: self._field_edited(d, key))
        for name in found.dictionaries:
            self._load(name)
        return found

    def refresh(self, document: Any) -> None:
        """The post's languages may have changed (its front matter, its path): look again."""
        found = self._spellers.get(document.id)
        if found is not None and found.dictionaries != self._dictionaries(document):
            found.dictionaries = self._dictionaries(document)
            found.forget()
            self.changed.emit()

    def _field_edited(self, document: Any, key: str) -> None:
        if str(key).lower() in LANGUAGE_KEYS:  # the post now says it is written in another language
            self.refresh(document)

    def _dictionaries(self, document: Any) -> list[str]:
        chosen = self._chosen.get(document.id)
        if chosen:
            return chosen
        meta = document.metadata() if document.post is not None else {}
        context = document.site_context
        return post_dictionaries(meta, document.path, context.site if context is not None else None)

    @staticmethod
    def _site_root(document: Any) -> Path | None:
        """The root of the site the post belongs to: one opened as a folder, or found above
        a post opened alone by its generator's, a CMS's or our own files (a loose file's
        own folder is no site to share words with)."""
        context = document.site_context
        if context is None:
            return None
        site = context.site
        own = (site.root / CONFIG_NAME).is_file() or (site.root / spelling.SITE_WORDS).is_file()
        return site.root if not context.standalone or site.is_recognised or own else None

    def _forget(self, document: Any) -> None:
        self._spellers.pop(document.id, None)
        self._chosen.pop(document.id, None)

    def _load(self, name: str) -> None:
        if spelling.is_loaded(name) or name in self._loading or name in self.failed:
            return

        def done(_result: Any, error: BaseException | None) -> None:
            self._loading.pop(name, None)
            if error is not None:
                self.failed[name] = str(error)
                self._window.statusBar().showMessage(f"The {name} dictionary could not be loaded: {error}", 8000)
            self.changed.emit()

        task = Task(lambda _progress: spelling.load(name), on_done=done, parent=self)
        self._loading[name] = task
        task.start()

    def is_loading(self) -> bool:
        return bool(self._loading)

    # ----------------------------------------------------------------- word lists

    def _watch(self, document: Any) -> None:
        paths = [spelling.personal_words_path()]
        root = self._site_root(document)
        if root is not None:
            paths.append(root / spelling.SITE_WORDS)
        for path in paths:
            for watched in (path, path.parent):  # the folder too: a new list, or one replaced whole
                if watched.exists() and str(watched) not in self._watcher.files() + self._watcher.directories():
                    self._watcher.addPath(str(watched))

    def _words_changed(self) -> None:
        for document in self._tabs.documents:
            found = self._spellers.get(document.id)
            if found is not None:
                found.words = spelling.word_lists(self._site_root(document))
                found.forget()
                self._watch(document)
        self.changed.emit()

    def add_word(self, document: Any, word: str, to_site: bool) -> None:
        """Add ``word`` to the site's list (shared with the site) or to the author's own."""
        root = self._site_root(document)
        path = root / spelling.SITE_WORDS if to_site and root is not None else spelling.personal_words_path()
        try:
            spelling.add_word(path, word)
        except (OSError, ValueError) as exc:
            show_error(self._window, "Could not add the word", f"{path}: {exc}")
            return
        self._words_changed()

    def ignore(self, document: Any, word: str) -> None:
        found = self._spellers.get(document.id)
        if found is not None:
            found.ignored.add(word)
            found.forget()
            self.changed.emit()

    # ----------------------------------------------------------------- the window

    def show(self, document: Any) -> None:
        """``document`` is shown: its highlighter underlines with its speller."""
        self._apply()

    def _apply(self) -> None:
        document = self._tabs.current
        highlighter = self._editor.highlighter
        speller = self.speller(document) if document is not None else None
        if highlighter is not None:
            highlighter.set_speller(speller)
        self._check_fields(speller)
        self._update_button(document)

    def _check_fields(self, speller: Speller | None) -> None:
        """Underline the misspelled words of the form's prose fields (title, excerpt…)."""
        for field in self._form.findChildren(Field):
            if str(field.key).lower() not in PROSE_KEYS:
                continue
            edit = getattr(field, "edit", None)
            if isinstance(edit, QPlainTextEdit):
                prose = edit.document().findChild(ProseHighlighter)
                if prose is None:
                    prose = ProseHighlighter(edit.document())
                prose.set_speller(speller)
            elif isinstance(edit, QLineEdit):
                if not edit.property("spellChecked"):
                    edit.setProperty("spellChecked", True)
                    edit.textChanged.connect(lambda _t, e=edit: underline_line_edit(e, self._field_speller()))
                underline_line_edit(edit, speller)

    def _field_speller(self) -> Speller | None:
        document = self._tabs.current
        return self.speller(document) if document is not None else None

    def _toggled(self, on: bool) -> None:
        self._settings.set_flag("checkSpelling", on)
        self.changed.emit()

    def _update_button(self, document: Any) -> None:
        if not self.enabled or document is None:
            self.button.setText("Spelling off" if document is not None else "")
            self.button.setToolTip("Spelling is not checked (View › Check Spelling)")
            return
        found = self.speller(document)
        names = found.dictionaries if found is not None else []
        label = " + ".join(n.replace("_", "-") for n in names) or "No dictionary"
        self.button.setText(label + (" …" if self.is_loading() else ""))
        self.button.setToolTip("The languages this post is checked in: click to choose")

    def _fill_language_menu(self) -> None:
        menu = self.button.menu()
        menu.clear()
        menu.addAction(self.check_action)
        menu.addSeparator()
        document = self._tabs.current
        if document is None:
            return
        group = QActionGroup(menu)
        chosen = self._chosen.get(document.id, [])
        options = [(AUTOMATIC, "The post's own language")] + [(n, n.replace("_", "-")) for n in spelling.available()]
        for name, text in options:
            action = QAction(text, menu, checkable=True)
            action.setChecked(chosen == [name] if name else not chosen)
            action.triggered.connect(lambda _c=False, n=name: self.choose(document, n))
            group.addAction(action)
            menu.addAction(action)

    def choose(self, document: Any, name: str) -> None:
        """Check ``document`` in dictionary ``name`` (``AUTOMATIC``: in its own languages)."""
        if name:
            self._chosen[document.id] = [name]
        else:
            self._chosen.pop(document.id, None)
        found = self._spellers.get(document.id)
        if found is not None:
            found.dictionaries = self._dictionaries(document)
            found.forget()
        self.changed.emit()

    def _extend_menu(self, menu: QMenu, cursor: QTextCursor) -> None:
        """Suggestions and the word-list actions on top of the editor's menu, for a
        misspelled word under the pointer."""
        document = self._tabs.current
        found = self.speller(document) if document is not None else None
        highlighter = self._editor.highlighter
        if found is None or not found.ready() or highlighter is None or not highlighter.is_prose(cursor.block()):
            return
        spot = misspelled_at(cursor, found)
        if spot is None:
            return
        start, end, word = spot
        first = menu.actions()[0] if menu.actions() else None
        entries: list[QAction] = []
        for suggestion in found.suggestions(word):
            action = QAction(suggestion, menu)
            font = action.font()
            font.setBold(True)  # as other editors show them: the likely fix stands out
            action.setFont(font)
            action.triggered.connect(lambda _c=False, s=suggestion: replace_word(self._editor, start, end, s))
            entries.append(action)
        if not entries:
            none = QAction("No suggestions", menu)
            none.setEnabled(False)
            entries.append(none)

        def act(text: str, slot: Callable[[], None], enabled: bool = True) -> None:
            action = QAction(text, menu)
            action.setEnabled(enabled)
            action.triggered.connect(lambda _c=False: slot())
            entries.append(action)

        separator = QAction(menu)
        separator.setSeparator(True)
        entries.append(separator)
        has_site = self._site_root(document) is not None
        act("Add to Site Dictionary", lambda: self.add_word(document, word, True), has_site)
        act("Add to My Dictionary", lambda: self.add_word(document, word, False))
        act("Ignore in This Post", lambda: self.ignore(document, word))
        separator = QAction(menu)
        separator.setSeparator(True)
        entries.append(separator)
        if first is not None:
            menu.insertActions(first, entries)
        else:
            menu.addActions(entries)


def misspelled_at(cursor: QTextCursor, speller: Speller) -> tuple[int, int, str] | None:
    """The misspelled word at ``cursor`` (document positions of its ends, and the word)."""
    block = cursor.block()
    offset = cursor.position() - block.position()
    for start, length in misspelled_spans(block.text(), speller):
        if start <= offset <= start + length:
            word = QTextCursor(block)
            word.setPosition(block.position() + start)
            word.setPosition(block.position() + start + length, QTextCursor.MoveMode.KeepAnchor)
            return word.selectionStart(), word.selectionEnd(), word.selectedText()
    return None


def replace_word(editor: EditorPane, start: int, end: int, text: str) -> None:
    """Put ``text`` in place of the word from ``start`` to ``end``: one step to undo."""
    cursor = editor.textCursor()
    cursor.beginEditBlock()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText(text)
    cursor.endEditBlock()
    editor.setTextCursor(cursor)


class ProseHighlighter(QSyntaxHighlighter):
    """Underlines the misspelled words of a plain-text field (every line is prose)."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.speller: Speller | None = None
        self._version = -1

    def set_speller(self, speller: Speller | None) -> None:
        usable = speller if speller is not None and speller.ready() else None
        version = usable.version if usable is not None else -1
        if usable is not self.speller or version != self._version:
            self.speller, self._version = usable, version
            self.rehighlight()

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        if self.speller is not None:
            for start, length in misspelled_spans(text, self.speller):
                self.setFormat(start, length, spelling_format())


def underline_line_edit(edit: QLineEdit, speller: Speller | None) -> None:
    """Underline a one-line field's misspelled words. A line edit has no formats of its
    own: they are given as an input method's, which never touch its text or undo."""
    spans = misspelled_spans(edit.text(), speller) if speller is not None and speller.ready() else []
    if spans == edit.property("spellSpans"):
        return
    edit.setProperty("spellSpans", spans)
    cursor = edit.cursorPosition()
    attributes = [
        QInputMethodEvent.Attribute(
            QInputMethodEvent.AttributeType.TextFormat, start - cursor, length, spelling_format()
        )
        for start, length in spans
    ]
    QCoreApplication.sendEvent(edit, QInputMethodEvent("", attributes))
