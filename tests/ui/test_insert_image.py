"""Format › Insert Image: a file chosen in the file dialog goes through the same import as
a dropped image and lands at the cursor as Markdown.

The platform's file dialog cannot be clicked in a test; where the action itself is
triggered, Qt's ``QFileDialog.getOpenFileName`` is replaced by a function that answers
as the dialog would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtGui import QAction, QTextCursor
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.ui.conftest import answer_text

POST = "src/content/blog/choosing-a-good-slug.md"
IMAGES = "public/images/blog"


def put_cursor_after(window: Any, text: str) -> None:
    cursor = window.editor.textCursor()
    cursor.setPosition(window.editor.toPlainText().index(text) + len(text))
    window.editor.setTextCursor(cursor)


def answer_open_dialog(monkeypatch: pytest.MonkeyPatch, answer: Path | None) -> list[tuple[str, str]]:
    """Qt's open-file dialog, answering ``answer`` (None: cancelled); returns what it was asked."""
    asked: list[tuple[str, str]] = []

    def dialog(_parent: Any, title: str, _start: str, filters: str) -> tuple[str, str]:
        asked.append((title, filters))
        return (str(answer), filters.split(";;")[0]) if answer is not None else ("", "")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", dialog)
    return asked


def test_insert_image_is_in_the_format_menu(make_window: Any) -> None:
    window = make_window()
    (format_action,) = [a for a in window.menuBar().actions() if a.text() == "F&ormat"]
    names = [a.objectName() for a in format_action.menu().actions()]
    assert names.index("insertImage") == names.index("link") + 1
    assert window.findChild(QAction, "insertImage").text() == "Insert &Image…"


def test_a_chosen_image_is_imported_and_inserted_at_the_cursor(
    make_window: Any, qtbot: Any, sample_site: Path, tmp_path: Path
) -> None:
    photo = tmp_path / "Market Morning.jpg"
    Image.new("RGB", (2000, 1000), (200, 120, 40)).save(photo, quality=90)
    window = make_window(sample_site / POST)
    body = window.editor.toPlainText()
    anchor = "a slug, once shared, is a promise."
    put_cursor_after(window, anchor)
    answer_text("Stalls at the morning market")
    assert window.images.insert_image_file(photo)
    expected = "![Stalls at the morning market](/images/blog/market-morning.webp)"
    assert window.editor.toPlainText() == body.replace(anchor, anchor + expected, 1)
    target = sample_site / IMAGES / "market-morning.webp"
    with Image.open(target) as image:
        assert image.format == "WEBP" and image.size == (1600, 800)  # the site's width limit, as for a drop
    assert photo.exists()
    assert window.document.is_modified


def test_the_menu_command_asks_for_an_image_file_and_imports_it(
    make_window: Any, qtbot: Any, sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    photo = tmp_path / "quay_at_night.png"
    Image.new("RGBA", (400, 300), (10, 20, 30, 255)).save(photo)
    window = make_window(sample_site / POST)
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    asked = answer_open_dialog(monkeypatch, photo)
    answer_text("The quay at night")
    window.findChild(QAction, "insertImage").trigger()
    qtbot.waitUntil(lambda: "![The quay at night](" in window.editor.toPlainText(), timeout=10000)
    assert window.editor.toPlainText().endswith("![The quay at night](/images/blog/quay-at-night.webp)")
    assert (sample_site / IMAGES / "quay-at-night.webp").is_file()
    ((title, filters),) = asked
    assert title == "Insert Image"
    images_filter = filters.split(";;")[0]
    assert all(f"*.{kind}" in images_filter for kind in ("png", "jpg", "jpeg", "gif", "webp"))


def test_cancelling_the_dialog_changes_nothing(
    make_window: Any, sample_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(sample_site / POST)
    before = sorted(p.name for p in (sample_site / IMAGES).iterdir())
    text = window.editor.toPlainText()
    asked = answer_open_dialog(monkeypatch, None)
    window.findChild(QAction, "insertImage").trigger()
    assert len(asked) == 1
    assert window.editor.toPlainText() == text and not window.document.is_modified
    assert sorted(p.name for p in (sample_site / IMAGES).iterdir()) == before


def test_an_unsaved_post_is_told_to_save_first_before_any_dialog(
    make_window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    asked = answer_open_dialog(monkeypatch, Path("/nowhere.png"))
    window.findChild(QAction, "insertImage").trigger()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorMessage") is not None, timeout=5000)
    box = window.findChild(QMessageBox, "errorMessage")
    assert box.windowTitle() == "Save the post first"
    box.close()
    assert asked == []  # nothing to choose an image for yet


def test_a_file_that_is_not_an_image_is_reported_and_nothing_written(
    make_window: Any, qtbot: Any, sample_site: Path, tmp_path: Path
) -> None:
    fake = tmp_path / "holiday.png"
    fake.write_bytes(b"not a picture at all")
    window = make_window(sample_site / POST)
    text = window.editor.toPlainText()
    answer_text("Holiday")
    assert not window.images.insert_image_file(fake)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorMessage") is not None, timeout=5000)
    box = window.findChild(QMessageBox, "errorMessage")
    assert box.windowTitle() == "The image was not added"
    box.close()
    assert window.editor.toPlainText() == text
    assert not (sample_site / IMAGES / "holiday.webp").exists()
