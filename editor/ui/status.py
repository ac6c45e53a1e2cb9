"""The status bar's word count and reading time.

A short body is counted on the spot; a long one (over ``LONG_BODY``
characters) in a background thread, so a pause in typing never freezes the
window while a 20 MB post is counted.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

from editor.core.words import count_words, reading_minutes
from editor.ui.tasks import LatestOnly

LONG_BODY = 1_000_000  # characters; longer bodies are counted and checked off the GUI thread


class WordCount(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wordCount")
        self._document: Any = None
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.count_now)
        self._job = LatestOnly(self)

    def count_soon(self, document: Any) -> None:
        """Count ``document``'s body (a PostDocument) once typing pauses."""
        self._document = document
        self._timer.start()

    def count_now(self) -> None:
        document = self._document
        if document is None:
            self._job.cancel()
            self.setText("")
            return
        text = document.body_text()
        if len(text) < LONG_BODY:
            self._job.cancel()  # a count still running describes an older text
            self._show(count_words(text))
            return
        if not self.text():
            self.setText("Counting words…")

        def done(words: Any, error: BaseException | None) -> None:
            if error is None and document is self._document:
                self._show(int(words))

        self._job.request(lambda: count_words(text), done)

    def _show(self, words: int) -> None:
        self.setText(f"{words:,} words · {reading_minutes(words)} min read")

    def shutdown(self) -> None:
        self._timer.stop()
        self._job.shutdown()
