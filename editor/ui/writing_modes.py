"""Focus mode (everything but the paragraph, or the sentence, being written is dimmed), typewriter mode (the
cursor's line stays in the middle of the pane) and distraction-free writing (full
screen, the editor alone in a centred column; Esc leaves). Each is remembered."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTextBoundaryFinder
from PySide6.QtGui import QAction, QColor, QKeySequence, QShortcut, QTextCursor, QTextFormat
from PySide6.QtWidgets import QMainWindow, QTextEdit, QWidget

from editor.ui.dialogs import make_action
from editor.ui.editor_pane import EditorPane
from editor.ui.settings_store import SettingsStore

DIM_ALPHA = 90  # of 255: how much of the text colour dimmed text keeps
COLUMN = 72  # characters, the distraction-free column when the author set none


class WritingModes(QObject):
    def __init__(self, window: QMainWindow, editor: EditorPane, settings: SettingsStore, hidden: list[QWidget]) -> None:
        super().__init__(window)
        self._window, self._editor, self._settings = window, editor, settings
        self._hidden = hidden  # what distraction-free writing hides (the form, the preview, the tabs…)
        self._restore: list[tuple[QWidget, bool]] = []
        self._was_maximized = False
        self._line_width = 0
        self.focus_action = make_action(window, "&Focus Mode", lambda: None, "Ctrl+Alt+F", "focusMode")
        self.sentence_action = make_action(window, "Focus on the &Sentence", lambda: None, None, "focusSentence")
        self.typewriter_action = make_action(window, "&Typewriter Mode", lambda: None, "Ctrl+Alt+Y", "typewriterMode")
        self.distraction_free_action = make_action(
            window, "&Distraction-Free Writing", lambda: None, "F11", "distractionFree"
        )
        self._escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), window)
        self._escape.setEnabled(False)
        self._escape.activated.connect(lambda: self.distraction_free_action.setChecked(False))
        for action, name in (
            (self.focus_action, "focusMode"),
            (self.sentence_action, "focusSentence"),
            (self.typewriter_action, "typewriterMode"),
            (self.distraction_free_action, "distractionFree"),
        ):
            action.setCheckable(True)
            action.setChecked(settings.flag(name, False))
            action.toggled.connect(lambda on, n=name: settings.set_flag(n, on))
        self.focus_action.toggled.connect(lambda _on: self.update_focus())
        self.sentence_action.toggled.connect(lambda _on: self.update_focus())
        self.typewriter_action.toggled.connect(self._typewriter)
        self.distraction_free_action.toggled.connect(self._distraction_free)
        editor.cursorPositionChanged.connect(self._cursor_moved)
        editor.textChanged.connect(self.update_focus)

    @property
    def actions(self) -> list[QAction]:
        return [self.focus_action, self.sentence_action, self.typewriter_action, self.distraction_free_action]

    def apply_remembered(self) -> None:
        """Put the remembered modes into effect (once the window is laid out)."""
        self._typewriter(self.typewriter_action.isChecked())
        self.update_focus()
        if self.distraction_free_action.isChecked():
            self._distraction_free(True)

    # ----------------------------------------------------------------- focus

    def _cursor_moved(self) -> None:
        self.update_focus()
        if self.typewriter_action.isChecked():
            self._editor.centerCursor()

    def update_focus(self) -> None:
        """Dim the text before and after the paragraph (or sentence) the cursor is in (Focus Mode)."""
        editor = self._editor
        if not self.focus_action.isChecked():
            if editor.extraSelections():
                editor.setExtraSelections([])
            return
        first = last = editor.textCursor().block()
        while first.previous().isValid() and first.previous().text().strip() and first.text().strip():
            first = first.previous()
        while last.next().isValid() and last.next().text().strip() and last.text().strip():
            last = last.next()
        bright = (first.position(), last.position() + last.length() - 1)
        if self.sentence_action.isChecked():
            bright = self._sentence(bright, editor.textCursor().position())
        colour = QColor(editor.palette().text().color())
        colour.setAlpha(DIM_ALPHA)
        selections = []
        document = editor.document()
        for start, end in ((0, bright[0]), (bright[1], document.characterCount() - 1)):
            if end <= start:
                continue
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(document)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor  # type: ignore[attr-defined]
            selection.format.setForeground(colour)  # type: ignore[attr-defined]
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, False)  # type: ignore[attr-defined]
            selections.append(selection)
        editor.setExtraSelections(selections)

    def _sentence(self, paragraph: tuple[int, int], position: int) -> tuple[int, int]:
        """The sentence of ``paragraph`` (document positions) that ``position`` is in."""
        cursor = QTextCursor(self._editor.document())
        cursor.setPosition(paragraph[0])
        cursor.setPosition(paragraph[1], QTextCursor.MoveMode.KeepAnchor)
        text = cursor.selection().toPlainText()
        offset = min(max(0, position - paragraph[0]), len(text))
        finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Sentence, text)
        finder.setPosition(offset)
        start = offset if finder.isAtBoundary() and offset < len(text) else max(0, finder.toPreviousBoundary())
        finder.setPosition(offset)
        end = finder.toNextBoundary()
        end = len(text) if end < 0 else end
        return paragraph[0] + start, paragraph[0] + end

    # ----------------------------------------------------------------- typewriter

    def _typewriter(self, on: bool) -> None:
        self._editor.setCenterOnScroll(on)  # the last lines can come to the middle too
        if on:
            self._editor.centerCursor()

    # ----------------------------------------------------------------- distraction-free

    def _distraction_free(self, on: bool) -> None:
        window = self._window
        if on and not self._restore:
            self._restore = [(w, w.isVisible()) for w in self._hidden]
            for widget, _visible in self._restore:
                widget.hide()
            self._was_maximized = window.isMaximized()
            self._line_width = self._editor.line_width
            if not self._line_width:
                self._editor.set_line_width(COLUMN)
            window.showFullScreen()
            self._escape.setEnabled(True)
            self._editor.setFocus()
        elif not on and self._restore:
            for widget, visible in self._restore:
                widget.setVisible(visible)
            self._restore = []
            self._editor.set_line_width(self._line_width)
            if self._was_maximized:
                window.showMaximized()
            else:
                window.showNormal()
            self._escape.setEnabled(False)
