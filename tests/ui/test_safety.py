"""Never lose work: crash recovery, files changed on disk, read-only files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QMessageBox

from tests.ui.conftest import ROOT, type_text

CHILD = """
import sys
from PySide6.QtWidgets import QApplication
from PySide6.QtCore import QTimer
from editor.cli import build_window
window = build_window([sys.argv[1]])
def type_and_wait():
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    window.editor.insertPlainText("Words typed just before the crash.\\n")
    window.form.field("title").edit.setText("Crash-proof title")
    window.form.field("title").edited.emit("Crash-proof title")
    print("typed", flush=True)
QTimer.singleShot(500, type_and_wait)
QApplication.instance().exec()
"""


def click_button(text: str, name: str) -> None:
    from PySide6.QtCore import QTimer

    def click() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == name:
            button = next(b for b in box.buttons() if b.text().replace("&", "") == text)
            button.click()
        else:
            QTimer.singleShot(20, click)

    QTimer.singleShot(0, click)


def test_work_survives_kill_9_and_is_restored(make_window: Any, qtbot: Any, sample_site: Path, tmp_path: Path) -> None:
    post = sample_site / "src/content/blog/keeping-drafts-in-git.md"
    before = post.read_bytes()
    state = Path(os.environ["POST_EDITOR_STATE"])
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox",
        POST_EDITOR_SETTINGS=str(tmp_path / "child.ini"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(post)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "typed"
        journal = state / "recovery"
        deadline = time.monotonic() + 30
        while not list(journal.glob("*.json")) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert list(journal.glob("*.json")), "unsaved work was not journaled"
    finally:
        os.kill(child.pid, signal.SIGKILL)  # a crash: no chance to clean up
        child.wait()
    assert post.read_bytes() == before  # nothing was saved
    window = make_window()
    click_button("Restore", "recoveryPrompt")
    assert window.offer_recovery() == 1
    assert window.document.path == post.resolve() and window.document.is_modified
    assert "Words typed just before the crash." in window.editor.toPlainText()
    assert window.form.field("title").value() == "Crash-proof title"
    assert window.files.save()
    saved = post.read_text()
    assert 'title: "Crash-proof title"' in saved and saved.endswith("Words typed just before the crash.\n")
    assert not list((state / "recovery").glob("*.json"))  # saved: the journal entry is gone


def test_discarding_recovery_removes_the_entries(make_window: Any, sample_site: Path) -> None:
    from editor.core.recovery import Journal, Owner

    crashed = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    owner = Owner.of(crashed.pid)  # an editor that then crashed
    crashed.kill()
    crashed.wait()
    journal = Journal(Path(os.environ["POST_EDITOR_STATE"]) / "recovery", owner)
    journal.save("abc", sample_site / "src/content/blog/keeping-drafts-in-git.md", "---\ntitle: x\n---\nLost?\n")
    window = make_window()
    click_button("Discard", "recoveryPrompt")
    assert window.offer_recovery() == 0
    assert journal.entries() == []


def test_clean_document_reloads_when_the_file_changes(make_window: Any, qtbot: Any, sample_site: Path) -> None:
    post = sample_site / "src/content/blog/keeping-drafts-in-git.md"
    window = make_window(post)
    cursor = window.editor.textCursor()
    cursor.setPosition(40)
    window.editor.setTextCursor(cursor)
    post.write_text(post.read_text() + "\nAdded by another program.\n")
    qtbot.waitUntil(lambda: "Added by another program." in window.editor.toPlainText(), timeout=10000)
    assert window.editor.textCursor().position() == 40
    assert not window.document.is_modified


def test_dirty_document_asks_and_save_never_silently_overwrites(
    make_window: Any, qtbot: Any, sample_site: Path
) -> None:
    post = sample_site / "src/content/blog/keeping-drafts-in-git.md"
    window = make_window(post)
    type_text(qtbot, window.editor, "Mine. ")
    click_button("Keep Mine", "changedOnDiskPrompt")
    theirs = post.read_text() + "\nTheirs.\n"
    post.write_text(theirs)
    qtbot.waitUntil(lambda: window.document.changed_on_disk(), timeout=5000)
    qtbot.wait(500)  # the prompt was answered "Keep Mine"
    assert "Mine. " in window.editor.toPlainText()
    click_button("Cancel", "overwritePrompt")
    assert not window.files.save()
    assert post.read_text() == theirs  # their change is intact
    click_button("Overwrite", "overwritePrompt")
    assert window.files.save()
    assert "Mine. " in post.read_text()


def test_read_only_file_shows_a_banner_and_is_not_replaced(make_window: Any, qtbot: Any, sample_site: Path) -> None:
    post = sample_site / "src/content/blog/keeping-drafts-in-git.md"
    before = post.read_bytes()
    post.chmod(0o444)
    window = make_window(post)
    assert "read-only" in window.banner.text() and window.banner.isVisibleTo(window)
    type_text(qtbot, window.editor, "Edit. ")
    from PySide6.QtCore import QTimer

    def decline() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            box.button(QMessageBox.StandardButton.No).click()
        else:
            QTimer.singleShot(20, decline)

    QTimer.singleShot(0, decline)
    assert not window.files.save()  # offered Save As, declined
    assert post.read_bytes() == before
