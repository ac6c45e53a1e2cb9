"""A new author's tour of the window, from feature to feature: nothing lost, no file changed
that was not edited and saved."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QMessageBox

from editor.ui.single_instance import InstanceServer
from tests.ui.conftest import SAMPLE, answer_box, answer_text, type_text

BLOG = "src/content/blog"


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_tour_between_features_loses_nothing(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SAMPLE, site)
    other = tmp_path / "other"
    shutil.copytree(SAMPLE, other)
    before, other_before = snapshot(site), snapshot(other)

    window = make_window(site / BLOG / "choosing-a-good-slug.md")
    qtbot.waitUntil(lambda: window.site_controller.schema is None or window.site_controller.is_idle())
    window.files.open_folder(site)
    qtbot.waitUntil(lambda: window.site_controller.is_idle() and window.site_controller.schema is not None)
    server = InstanceServer(parent=window)
    server.pathsReceived.connect(window.open_paths_from_elsewhere)
    assert server.listen()

    # two posts; a broken Source edit in the second; switch away and back
    assert window.files.open_post(site / BLOG / "writing-better-excerpts.md")
    second = window.document
    window.form.tabs.setCurrentIndex(1)
    window.form.source.setFocus()
    window.form.source.moveCursor(window.form.source.textCursor().MoveOperation.End)
    type_text(qtbot, window.form.source, "bad: [oops")
    window.tabs.bar.setCurrentIndex(0)
    qtbot.wait(500)
    assert window.document is not second and not window.document.is_modified
    window.tabs.bar.setCurrentIndex(window.documents.index(second))
    assert window.document is second and second.source_draft is not None

    # close it: asked first; discard
    answer_box(QMessageBox.StandardButton.Discard, "unsavedPrompt")
    assert window.files.close_document(second)

    # a new post, typed and saved
    answer_text("Tour Notes")
    window.files.new_site_post()
    qtbot.waitUntil(lambda: window.document is not None and window.document.path is not None)
    new_path = window.document.path
    assert new_path.parent == site / BLOG
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    type_text(qtbot, window.editor, "A first line.")
    assert window.files.save()

    # a second invocation opens a post in this window
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    sender = subprocess.Popen([sys.executable, "-m", "editor", str(site / BLOG / "keeping-drafts-in-git.md")], env=env)
    qtbot.waitUntil(lambda: sender.poll() is not None, timeout=20000)
    assert sender.returncode == 0
    qtbot.waitUntil(lambda: window.document.path == (site / BLOG / "keeping-drafts-in-git.md").resolve())

    # another folder; the first site's tabs keep their site
    assert window.files.open_folder(other)
    qtbot.waitUntil(lambda: window.site_controller.is_idle() and window.site_controller.site.root == other)

    after = snapshot(site)
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert changed == {new_path.relative_to(site).as_posix()}  # only the post written on purpose
    assert "A first line." in new_path.read_text(encoding="utf-8")
    assert snapshot(other) == other_before
    for document in window.documents:
        assert not document.is_modified
