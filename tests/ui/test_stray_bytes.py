"""A UTF-8 post with a few stray bytes opens, edits and saves with those bytes kept exactly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.ui.conftest import type_text


def test_stray_bytes_in_the_body_survive_the_window(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    post = tmp_path / "stray.md"
    data = '---\ntitle: "Café notes"\n---\nIt'.encode() + b"\x92" + "s a café.\n".encode()
    post.write_bytes(data)
    window = make_window(post)
    assert window.save()  # no edits: the same bytes
    assert post.read_bytes() == data
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    type_text(qtbot, window.editor, "Déjà vu.")
    window.write_journal()  # the journal takes the stray byte too
    assert window.save()
    assert post.read_bytes() == data + "Déjà vu.".encode()  # new text in UTF-8, the stray byte kept


def test_a_stray_byte_in_the_front_matter_keeps_the_file(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    post = tmp_path / "stray-fm.md"
    data = b'---\ntitle: "It\x92s here"\n---\nBody.\n'
    post.write_bytes(data)
    window = make_window(post)
    assert window.save()
    assert post.read_bytes() == data
