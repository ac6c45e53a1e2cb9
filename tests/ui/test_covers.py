"""Covers become WebP on save; images dropped into the text are imported the same way."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtWidgets import QApplication, QMessageBox

from editor.ui.image_fields import ImageField
from tests.ui.conftest import answer_text

PNG_POST = "src/content/blog/writing-better-excerpts.md"
SAMPLE_COVERS = Path(__file__).resolve().parents[2] / "examples/sample-site/public/images/blog"


def test_saving_converts_a_png_cover_and_changes_only_its_line(make_window: Any, qtbot: Any, sample_site: Path) -> None:
    post = sample_site / PNG_POST
    before = post.read_text()
    window = make_window(post)
    cover = window.form.field("cover")
    assert isinstance(cover, ImageField) and "WebP on save" in cover.info.text()
    assert window.files.save()
    after = post.read_text()
    changed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]
    assert changed == [
        '- cover: "/images/blog/writing-better-excerpts-cover.png"',
        '+ cover: "/images/blog/writing-better-excerpts-cover.webp"',
    ]
    webp = sample_site / "public/images/blog/writing-better-excerpts-cover.webp"
    with Image.open(webp) as image:
        assert image.format == "WEBP" and image.width <= 1600
    assert window.form.field("cover").value() == "/images/blog/writing-better-excerpts-cover.webp"
    assert not window.document.is_modified
    assert "Cover converted to WebP" in window.statusBar().currentMessage()


def test_a_bad_cover_is_reported_and_the_text_still_saved(make_window: Any, qtbot: Any, sample_site: Path) -> None:
    post = sample_site / PNG_POST
    png = sample_site / "public/images/blog/writing-better-excerpts-cover.png"
    png.write_bytes(png.read_bytes()[:100])
    window = make_window(post)
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    window.editor.insertPlainText("New closing line.\n")
    assert window.files.save()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorMessage") is not None, timeout=5000)
    box = window.findChild(QMessageBox, "errorMessage")
    assert "cover was not converted" in box.windowTitle().lower() or "cover" in box.text().lower()
    box.close()
    text = post.read_text()
    assert text.endswith("New closing line.\n")
    assert 'cover: "/images/blog/writing-better-excerpts-cover.png"' in text
    assert not (sample_site / "public/images/blog/writing-better-excerpts-cover.webp").exists()


def test_dropping_an_image_into_the_text_imports_it(
    make_window: Any, qtbot: Any, sample_site: Path, tmp_path: Path
) -> None:
    photo = tmp_path / "Harbour View.png"
    Image.new("RGB", (2400, 1200), (30, 120, 200)).save(photo)
    window = make_window(sample_site / PNG_POST)
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    answer_text("The harbour at dawn")
    window.editor.insertFromMimeData(mime)
    qtbot.waitUntil(lambda: "![The harbour at dawn](" in window.editor.toPlainText(), timeout=10000)
    assert "![The harbour at dawn](/images/blog/harbour-view.webp)" in window.editor.toPlainText()
    target = sample_site / "public/images/blog/harbour-view.webp"
    with Image.open(target) as image:
        assert image.format == "WEBP" and image.width == 1600
    assert photo.exists()  # the original stays where it was


def test_dropping_a_photo_on_the_cover_field_brings_it_into_the_site(
    make_window: Any, qtbot: Any, sample_site: Path, tmp_path: Path
) -> None:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    photo = tmp_path / "camera" / "IMG_2041.JPG"
    photo.parent.mkdir()
    Image.new("RGB", (3000, 2000), (200, 120, 40)).save(photo, quality=90)
    post = sample_site / "src/content/blog/keeping-drafts-in-git.md"
    window = make_window(post)
    field = window.form.field("cover")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(field, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(field, QDropEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, buttons, mods))
    assert window.document.is_modified and "3000×2000" in field.info.text()
    assert window.files.save()
    text = post.read_text()
    # The old cover already has the usual name and is a different picture: it is kept.
    assert 'cover: "/images/blog/keeping-drafts-in-git-cover-2.webp"' in text
    old_cover = sample_site / "public/images/blog/keeping-drafts-in-git-cover.webp"
    assert old_cover.read_bytes() == (SAMPLE_COVERS / old_cover.name).read_bytes()
    assert photo.exists()


def test_background_progress_reaches_the_gui_thread(qapp: Any, qtbot: Any) -> None:
    """Progress callbacks run on the GUI thread, where widgets may be touched."""
    import threading

    from editor.ui.tasks import Task

    seen: list[bool] = []
    done: list[Any] = []

    def job(progress: Any) -> str:
        for i in range(3):
            progress(i)
        return "ok"

    task = Task(
        job,
        on_progress=lambda _v: seen.append(threading.current_thread() is threading.main_thread()),
        on_done=lambda result, error: done.append((result, error)),
    )
    task.start()
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert done == [("ok", None)] and seen == [True, True, True]
