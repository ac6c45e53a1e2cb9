"""A UTF-8 post with a few stray bytes opens, edits and saves with those bytes kept exactly."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tests.ui.conftest import type_text


def test_stray_bytes_in_the_body_survive_the_window(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    post = tmp_path / "stray.md"
    data = '---\ntitle: "Café notes"\n---\nIt'.encode() + b"\x92" + "s a café.\n".encode()
    post.write_bytes(data)
    window = make_window(post)
    assert window.files.save()  # no edits: the same bytes
    assert post.read_bytes() == data
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    type_text(qtbot, window.editor, "Déjà vu.")
    window.safety.write_journal()  # the journal takes the stray byte too
    assert window.files.save()
    assert post.read_bytes() == data + "Déjà vu.".encode()  # new text in UTF-8, the stray byte kept


def test_a_stray_byte_in_the_front_matter_keeps_the_file(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    post = tmp_path / "stray-fm.md"
    data = b'---\ntitle: "It\x92s here"\n---\nBody.\n'
    post.write_bytes(data)
    window = make_window(post)
    assert window.files.save()
    assert post.read_bytes() == data


def test_the_window_says_what_reading_and_saving_could_not_do_as_usual(
    make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    post = tmp_path / "stray.md"
    post.write_bytes("---\ntitle: Café notes\n---\n".encode() + b"It\x92s here.\n")
    twin = tmp_path / "twin.md"
    os.link(post, twin)  # a hard link: the save rewrites the file in place
    window = make_window(post)
    banner = window.banner
    assert banner.isVisible() and "not valid UTF-8" in banner.text() and "line 4" in banner.text()
    panel = window.problems_panel.list
    qtbot.waitUntil(lambda: panel.count() > 0, timeout=5000)
    problems = [panel.item(i).text() for i in range(panel.count())]
    assert any("not valid UTF-8" in text for text in problems)
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    type_text(qtbot, window.editor, "More.")
    assert window.files.save()
    assert "hard link" in banner.text() and banner.isVisible()
    assert twin.read_bytes() == post.read_bytes() == "---\ntitle: Café notes\n---\n".encode() + b"It\x92s here.\nMore."
