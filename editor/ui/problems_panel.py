"""Readiness problems of the open post, and the Ready / N problems badge."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.core.checks import Problem


class ProblemsPanel(QWidget):
    """Lists problems; ``problemActivated`` carries the Problem the author clicked."""

    problemActivated = Signal(object)
    fixMojibakeRequested = Signal()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """A few lines high when the dock first opens (the author can drag it taller)."""
        return QSize(super().sizeHint().width(), 6 * self.fontMetrics().height() + 24)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemsPanel")
        self.list = QListWidget()
        self.list.setObjectName("problemList")
        self.list.setAccessibleName("Problems")
        self.fix_button = QPushButton("Fix Mojibake")
        self.fix_button.setObjectName("fixMojibake")
        self.fix_button.setToolTip(
            "Repair text that was decoded with the wrong encoding (â€” → —). Nothing else changes."
        )
        self.fix_button.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch()
        row.addWidget(self.fix_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list)
        layout.addLayout(row)
        self.list.itemActivated.connect(self._activated)
        self.list.itemClicked.connect(self._activated)
        self.fix_button.clicked.connect(self.fixMojibakeRequested)
        self.problems: list[Problem] = []

    def set_problems(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.list.clear()
        style = self.style()
        error = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
        warning = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for problem in problems:
            where = f"  ({problem.field})" if problem.field else (f"  (line {problem.line})" if problem.line else "")
            item = QListWidgetItem(error if problem.severity == "error" else warning, f"{problem.message}{where}")
            item.setData(Qt.ItemDataRole.UserRole, problem)
            item.setToolTip(problem.message)
            self.list.addItem(item)
        if not problems:
            ready = style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)
            self.list.addItem(QListWidgetItem(ready, "Ready to publish: no problems found."))
        self.fix_button.setVisible(any(p.code == "mojibake" and p.fixable for p in problems))

    def _activated(self, item: QListWidgetItem) -> None:
        problem = item.data(Qt.ItemDataRole.UserRole)
        if problem is not None:
            self.problemActivated.emit(problem)


class ReadyBadge(QToolButton):
    """ "Ready" in green, or "N problems"; clicking shows the problems panel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readyBadge")
        self.setAutoRaise(True)
        self.show_problems([])

    def show_problems(self, problems: list[Any]) -> None:
        errors = sum(1 for p in problems if p.severity == "error")
        warnings = len(problems) - errors
        if not problems:
            self.setText("✓ Ready")
            self.setStyleSheet("QToolButton { color: #1a7f37; font-weight: 600; }")
        else:
            parts = []
            if errors:
                parts.append(f"{errors} error{'s' if errors != 1 else ''}")
            if warnings:
                parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
            self.setText(" · ".join(parts))
            self.setStyleSheet("QToolButton { color: %s; font-weight: 600; }" % ("#cf222e" if errors else "#9a6700"))
        self.setToolTip("Readiness checks: click to show the problems")
