"""The resolution view of a post that conflicts with the remote: for each front-matter
field and body block both sides changed, the author's text and the remote's side by side
and a choice (mine, theirs, or both for a block); below, the merged post, which the author
may also edit by hand. Mark Resolved gives the merged text; text that still holds
conflict markers is refused."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from editor.core.conflicts import BOTH, OURS, THEIRS, Choice, Conflict, compare, encode
from editor.core.git import has_markers

PICKS = {OURS: "Keep mine", THEIRS: "Take theirs", BOTH: "Keep both (mine first)"}


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _side(text: str, name: str) -> QPlainTextEdit:
    view = QPlainTextEdit(text)
    view.setObjectName(name)
    view.setReadOnly(True)
    view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    lines = max(text.count("\n"), 1)
    view.setFixedHeight(min(8, lines + 1) * view.fontMetrics().lineSpacing() + 12)
    return view


class ConflictDialog(QDialog):
    """Settles one post; ``resolution()`` is the merged file's bytes once accepted."""

    def __init__(
        self, parent: QWidget, path: Path, base: bytes | None, ours: bytes | None, theirs: bytes | None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflictResolution")
        self.setWindowTitle(f"Resolve Conflict — {path.name}")
        self.resize(1100, 760)
        self._sides = (ours or b"", theirs or b"")
        self.binary = any(b"\0" in side[:8000] for side in self._sides)  # an image: one side or the other
        self.conflict: Conflict = (
            Conflict([Choice("file", f"{path.name} (not text)", "", "")])
            if self.binary
            else compare(base, ours, theirs)
        )
        self._crlf = b"\r\n" in self._sides[0]  # the editor shows lines with \n; the file keeps its own
        self._filling = False
        self.hand_edited = False  # until the author types in the result, it is the parts' own bytes
        self.combos: dict[str, QComboBox] = {}
        intro = QLabel(
            f"<b>{path.name} was changed here and on the remote.</b> What only one side changed is "
            "already merged. For each place both changed, choose whose text to keep; you can also edit "
            "the result below before you mark it resolved."
        )
        intro.setWordWrap(True)
        choices = QWidget()
        grid = QGridLayout(choices)
        grid.addWidget(QLabel("<b>Mine (this copy)</b>"), 0, 1)
        grid.addWidget(QLabel("<b>Theirs (the remote)</b>"), 0, 2)
        blocks = 0
        for row, choice in enumerate(self.conflict.choices, start=1):
            name = f"field:{choice.label}" if choice.kind == "field" else f"block:{blocks}"
            blocks += choice.kind == "block"
            grid.addWidget(self._picker(choice, name), row, 0)
            if self.binary:
                for column, data in ((1, self._sides[0]), (2, self._sides[1])):
                    grid.addWidget(QLabel(f"{len(data):,} bytes"), row, column)
                continue
            grid.addWidget(_side(choice.ours, f"ours:{name}"), row, 1)
            grid.addWidget(_side(choice.theirs, f"theirs:{name}"), row, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(choices)
        self.result = QPlainTextEdit()
        self.result.setObjectName("conflictResult")
        self.result.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.result.setAccessibleName("Merged post")
        self.note = QLabel()
        self.note.setObjectName("conflictNote")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.resolve_button = buttons.addButton("Mark Resolved", QDialogButtonBox.ButtonRole.AcceptRole)
        self.resolve_button.setObjectName("markResolved")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        bottom = QWidget()
        column = QVBoxLayout(bottom)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("<b>Result</b> (what is saved and committed)"))
        column.addWidget(self.result, 1)
        column.addWidget(self.note)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(scroll)
        split.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self.result.textChanged.connect(self._edited)
        if self.binary:
            bottom.hide()
        elif not all(_is_utf8(side) for side in self._sides):
            self.result.setReadOnly(True)  # its bytes that are not UTF-8 would not survive an edit
            self.result.setToolTip("This file is not all UTF-8: choose per part; the result cannot be edited here.")
        self._fill()

    def _picker(self, choice: Choice, name: str) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel({"field": "Field ", "block": "Block: "}.get(choice.kind, "") + choice.label))
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(f"Keep for {choice.label}")
        for pick in choice.options:
            combo.addItem(PICKS[pick], pick)
        combo.currentIndexChanged.connect(lambda _i, c=choice, w=combo: self._pick(c, w))
        column.addWidget(combo)
        column.addStretch(1)
        self.combos[name] = combo
        return box

    def _pick(self, choice: Choice, combo: QComboBox) -> None:
        choice.pick = str(combo.currentData())
        self._fill()

    def _fill(self) -> None:
        """The merged text from the choices (a hand edit is replaced by a new choice)."""
        self._filling = True
        self.result.setPlainText(self.conflict.merged())
        self._filling = False
        self.hand_edited = False
        self._check()

    def _edited(self) -> None:
        if not self._filling:
            self.hand_edited = True
            self._check()

    def _check(self) -> None:
        marked = has_markers(self.resolution())
        self.resolve_button.setEnabled(not marked)
        self.note.setText("The result still holds conflict markers (<<<<<<<); remove them first." if marked else "")

    def resolution(self) -> bytes:
        """The resolved file: the parts' own bytes as chosen, or the author's edit of them."""
        if self.binary:
            return self._sides[1] if self.conflict.choices[0].pick == THEIRS else self._sides[0]
        if not self.hand_edited:
            return encode(self.conflict.merged())
        # the raw text keeps no-break spaces and line separators that toPlainText would change
        text = self.result.document().toRawText().replace("\u2029", "\n").replace("\r\n", "\n")
        return encode(text.replace("\n", "\r\n") if self._crlf else text)
