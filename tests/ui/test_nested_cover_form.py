"""The form edits a nested cover (``cover: {image, alt, caption}``) as an image with its
alt text, never as a raw snippet, and saving converts only the image's line."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from PIL import Image

from editor.core.post import Post
from editor.ui.image_fields import NestedImageField
from tests.ui.conftest import type_text

TEXT = (
    "---\n"
    "title: Cover Image\n"
    "cover:\n"
    "    image: image.png\n"
    '    alt: ""\n'
    '    caption: "A caption."\n'
    "    hidden: false\n"
    "---\n"
    "Body.\n"
)


def bundle(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    folder = site / "content/posts/cover-page"
    folder.mkdir(parents=True)
    (site / "static").mkdir()
    (site / "hugo.toml").write_text('title = "x"\n')
    Image.new("RGB", (120, 80), (30, 140, 90)).save(folder / "image.png")
    post = folder / "index.md"
    post.write_text(TEXT)
    return post


def changed(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]


def test_alt_text_is_edited_on_its_own_line(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    path = bundle(tmp_path)
    window = make_window(path)
    field = window.form.field("cover")
    assert isinstance(field, NestedImageField)
    assert field.image.value() == "image.png" and "120×80" in field.image.info.text()
    assert list(field.texts) == ["alt", "caption"]  # alt first; hidden: false is kept, not shown
    type_text(qtbot, field.texts["alt"].edit, "A green field")
    assert window.document.is_modified
    post = window.document.post
    assert post.metadata["cover"]["alt"] == "A green field"
    assert post.metadata["cover"]["hidden"] is False
    text = post.to_bytes().decode()
    assert changed(TEXT, text) == ['-     alt: ""', '+     alt: "A green field"']


def test_saving_converts_the_nested_image_and_updates_the_field(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    path = bundle(tmp_path)
    window = make_window(path)
    assert window.files.save()
    new = Post.load(path).metadata["cover"]["image"]
    assert new.endswith(".webp")
    assert changed(TEXT, path.read_text()) == ["-     image: image.png", f"+     image: {new}"]
    field = window.form.field("cover")
    assert isinstance(field, NestedImageField) and field.image.value() == new
    assert not window.document.is_modified
