"""The windows of a post's git history: its commits with the diff of each, and the
confirmation before its changes are discarded, showing what goes."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontDatabase, QPalette, QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from editor.core.checks import Problem
from editor.core.git import Commit, GitError
from editor.core.publishing import STEP_NAMES
from editor.ui.tasks import LatestOnly


class DiffHighlighter(QSyntaxHighlighter):
    """Added lines green, removed lines red, hunk headers dimmed; readable in dark mode too."""

    def __init__(self, document: QTextDocument, dark: bool) -> None:
        super().__init__(document)
        colours = ("#7ee787", "#ff7b72", "#8b949e") if dark else ("#116329", "#a40e26", "#6e7781")
        self._formats: dict[str, QTextCharFormat] = {}
        for mark, colour in zip("+-@", colours, strict=True):
            fmt = QTextCharFormat()
            fmt.setForeground(QColor(colour))
            self._formats[mark] = fmt

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        if text.startswith(("+++", "---")):
            return
        fmt = self._formats.get(text[:1])
        if fmt is not None:
            self.setFormat(0, len(text), fmt)


def diff_view(name: str, text: str = "") -> QPlainTextEdit:
    view = QPlainTextEdit(text)
    view.setObjectName(name)
    view.setReadOnly(True)
    view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    view._highlighter = DiffHighlighter(
        view.document(), view.palette().color(QPalette.ColorRole.Base).lightness() < 128
    )  # type: ignore[attr-defined]
    return view


class HistoryDialog(QDialog):
    """The commits that changed a post, newest first; choosing one shows its diff (read
    in the background: ``diff_of(sha)`` runs off the GUI thread)."""

    def __init__(self, parent: QWidget, title: str, commits: list[Commit], diff_of: object) -> None:
        super().__init__(parent)
        self.setObjectName("gitHistory")
        self.setWindowTitle(f"History of {title}")
        self.resize(980, 620)
        self._diff_of = diff_of
        self._diffs = LatestOnly(self)
        self.commits = QListWidget()
        self.commits.setObjectName("historyCommits")
        for commit in commits:
            item = QListWidgetItem(
                f"{commit.subject}\n{commit.author} · {commit.date[:16].replace('T', ' ')} · {commit.short}"
            )
            item.setData(Qt.ItemDataRole.UserRole, commit.sha)
            item.setToolTip(commit.sha)
            self.commits.addItem(item)
        self.diff = diff_view("historyDiff")
        split = QSplitter()
        split.addWidget(self.commits)
        split.addWidget(self.diff)
        split.setSizes([320, 660])
        note = QLabel(
            "No commit has changed this post yet."
            if not commits
            else f"{len(commits)} commit{'s' if len(commits) != 1 else ''}"
        )
        note.setObjectName("historyNote")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.commits.currentItemChanged.connect(lambda item, _old: self._show(item))
        if commits:
            self.commits.setCurrentRow(0)

    def _show(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        sha = str(item.data(Qt.ItemDataRole.UserRole))
        self.diff.setPlainText("Reading…")
        self._diffs.request(lambda: self._diff_of(sha), self._shown)  # type: ignore[operator]

    def _shown(self, text: object, error: BaseException | None) -> None:
        self.diff.setPlainText(str(error) if error is not None else str(text) or "(no change to the text)")

    def done(self, result: int) -> None:
        self._diffs.shutdown()
        super().done(result)


def confirm_discard(parent: QWidget, name: str, diff: str) -> bool:
    """Ask before discarding the changes to ``name``, showing them; True to go ahead."""
    dialog = QDialog(parent)
    dialog.setObjectName("discardPrompt")
    dialog.setWindowTitle("Discard Changes")
    dialog.resize(760, 520)
    text = QLabel(
        f"<b>Discard your changes to {name}?</b><br>It goes back to the last commit. The text you discard "
        "is kept in the recovery journal: Git › Recover Discarded Text brings it back."
    )
    text.setWordWrap(True)
    view = diff_view("discardDiff", diff or "(no changes)")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    discard = buttons.addButton("Discard Changes", QDialogButtonBox.ButtonRole.DestructiveRole)
    discard.setObjectName("discardChanges")
    discard.clicked.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
    layout = QVBoxLayout(dialog)
    layout.addWidget(text)
    layout.addWidget(view, 1)
    layout.addWidget(buttons)
    return bool(dialog.exec())


def show_git_error(parent: QWidget, error: GitError) -> None:
    """Which step failed and why, with git's own output under Details."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Git", "", QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("gitError")
    step = STEP_NAMES.get(error.step, error.step.capitalize())
    box.setText(f"<b>{html.escape(step)} failed.</b>")
    box.setInformativeText(str(error))
    if error.details:
        box.setDetailedText(error.details)
    box.open()


def show_not_ready(parent: QWidget, not_ready: dict[Path, list[Problem]]) -> None:
    """The errors that kept posts from being published."""
    lines = [
        f"{path.name}: {p.message}" for path, problems in not_ready.items() for p in problems if p.severity == "error"
    ]
    box = QMessageBox(QMessageBox.Icon.Warning, "Not ready to publish", "", QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("gitNotReady")
    box.setText("<b>Nothing was committed:</b> fix these first (the Problems panel shows where).")
    box.setInformativeText("\n".join(lines[:12]) + ("\n…" if len(lines) > 12 else ""))
    box.open()
