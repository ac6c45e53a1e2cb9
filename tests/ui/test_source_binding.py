"""The Source tab is bound to one post: an edit there belongs to the post it was typed in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.ui.conftest import answer_box, type_text

BLOG = "src/content/blog"


def open_two(make_window: Any, site: Path) -> tuple[Any, Path, Path]:
    first, second = site / BLOG / "choosing-a-good-slug.md", site / BLOG / "writing-better-excerpts.md"
    window = make_window(first)
    assert window.files.open_post(second)
    return window, first, second


def type_in_source(qtbot: Any, window: Any, text: str) -> None:
    form = window.form
    form.tabs.setCurrentIndex(1)
    form.source.setFocus()
    form.source.moveCursor(form.source.textCursor().MoveOperation.End)
    type_text(qtbot, form.source, text)


def test_a_broken_source_edit_never_reaches_the_other_post(make_window: Any, qtbot: Any, sample_site: Path) -> None:
    window, first, second = open_two(make_window, sample_site)
    first_bytes, second_bytes = first.read_bytes(), second.read_bytes()
    second_doc = window.document
    type_in_source(qtbot, window, "bad: [oops")
    assert second_doc.is_modified  # unsaved work from the first key
    window.tabs.bar.setCurrentIndex(0)  # switch while the Source tab has focus
    first_doc = window.document
    assert first_doc.path == first.resolve()
    assert window.form.source.toPlainText() == first_doc.front_matter_text()
    assert window.form.source_error.isHidden()
    qtbot.wait(500)  # past the Source tab's pause in typing
    type_text(qtbot, window.form.source, "")  # nothing typed here
    assert not first_doc.is_modified
    assert first_doc.post.metadata["title"] == "Choosing a Good Slug (and Then Leaving It Alone)"
    window.files.save()
    assert first.read_bytes() == first_bytes

    window.tabs.bar.setCurrentIndex(1)  # the edit is still the second post's, error and all
    assert window.form.source.toPlainText().endswith("bad: [oops")
    assert not window.form.source_error.isHidden()
    type_in_source(qtbot, window, "]")
    qtbot.waitUntil(lambda: second_doc.source_draft is None)
    assert second_doc.post.metadata["bad"] == ["oops"]
    assert first_doc.post.metadata.get("bad") is None
    assert second.read_bytes() == second_bytes


def test_closing_a_post_with_a_broken_source_edit_asks_first(make_window: Any, qtbot: Any, sample_site: Path) -> None:
    window, _first, second = open_two(make_window, sample_site)
    before = second.read_bytes()
    type_in_source(qtbot, window, "bad: [oops")
    seen: list[str] = []
    answer_box(QMessageBox.StandardButton.Cancel, "unsavedPrompt", seen)
    assert window.files.close_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Close)  # Ctrl+W
    window.files.close_action.trigger()
    assert seen and "writing-better-excerpts.md" in seen[0]
    assert window.tabs.bar.count() == 2  # Cancel kept it
    answer_box(QMessageBox.StandardButton.Save, "unsavedPrompt", seen)
    window.files.close_document()  # Save refuses: the front matter does not parse
    assert window.tabs.bar.count() == 2
    assert second.read_bytes() == before
    error = QApplication.activeModalWidget() or next(
        (w for w in QApplication.topLevelWidgets() if w.objectName() == "errorMessage" and w.isVisible()), None
    )
    assert error is not None and "Source tab" in error.text()
    error.close()


def test_a_broken_source_edit_is_journaled_and_comes_back(make_window: Any, qtbot: Any, sample_site: Path) -> None:
    window, _first, second = open_two(make_window, sample_site)
    type_in_source(qtbot, window, "bad: [oops")
    window.safety.write_journal()
    (entry,) = [e for e in window.safety.journal.entries() if e.path == str(second.resolve())]
    assert "bad: [oops\n---\n" in entry.text
    assert "This essay first appeared on my Medium page." in entry.text  # the body came along
    doc = window.document
    doc.discard_source()
    doc.restore_text(entry.text)  # what recovery does after a crash
    assert doc.is_broken  # the recovered text opens as text, nothing dropped
    assert "bad: [oops" in doc.body_text()
