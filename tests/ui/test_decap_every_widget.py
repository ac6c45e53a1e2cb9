"""A post of a Decap collection with every widget at once, in the window: each field gets
the widget its declared kind asks for, saving it unedited keeps every byte, numbers step
by their declared step, and a translation shows the fields Decap copies as read-only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from tests.core.test_decap_every_widget import FILLED, every_widget_site


def test_every_widget_gets_its_own_field(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    from editor.ui.chips import ChoiceField, ListField
    from editor.ui.cms_fields import CodeField, ColorField, UuidField
    from editor.ui.fields import BoolField, MultilineField, NumberField, TextDateField, TextField
    from editor.ui.image_fields import ImageField
    from editor.ui.object_fields import ObjectField, ObjectListField

    site = every_widget_site(tmp_path)
    post = site / "content/posts/en/every.md"
    window = make_window()
    assert window.files.open_folder(site)
    qtbot.waitUntil(window.site_controller.is_idle, timeout=10000)
    assert window.files.open_post(post)
    qtbot.waitUntil(lambda: isinstance(window.form.field("related"), ChoiceField), timeout=10000)
    form = window.form
    expected = {
        "title": TextField,
        "summary": MultilineField,
        "date": TextDateField,
        "draft": BoolField,
        "rating": NumberField,
        "copies": NumberField,
        "level": ChoiceField,
        "topics": ListField,
        "tags": ListField,
        "cover": ImageField,
        "related": ChoiceField,  # a picker over the site's posts
        "authors": ListField,
        "seo": ObjectField,
        "links": ObjectListField,
        "blocks": ObjectListField,
        "snippet": CodeField,
        "accent": ColorField,
        "place": CodeField,
        "id": UuidField,
    }
    for key, kind in expected.items():
        assert isinstance(form.field(key), kind), (key, type(form.field(key)).__name__)
    assert form.field("layout") is None  # hidden
    assert form.findChild(object, "schemaCollection").text() == "Collection: posts (en)"
    assert window.files.save()
    assert post.read_text(encoding="utf-8") == FILLED


def test_a_number_steps_by_its_declared_step_within_its_range(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    site = every_widget_site(tmp_path)
    window = make_window(site / "content/posts/en/every.md")
    rating = window.form.field("rating")
    rating.edit.setFocus()
    qtbot.keyClick(rating.edit, Qt.Key.Key_Up)
    assert window.document.post.metadata["rating"] == 8.0
    for _ in range(5):
        qtbot.keyClick(rating.edit, Qt.Key.Key_Up)
    assert window.document.post.metadata["rating"] == 10  # the declared maximum
    qtbot.keyClick(rating.edit, Qt.Key.Key_PageDown)
    assert window.document.post.metadata["rating"] == 5.0
    assert "rating: 5.0\n" in window.document.post.to_bytes().decode()
    copies = window.form.field("copies")
    qtbot.keyClick(copies.edit, Qt.Key.Key_Down)
    assert window.document.post.metadata["copies"] == 2  # a whole number stays whole


def test_a_translation_shows_the_copied_fields_read_only(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    from tests.core.test_schema_per_post import write

    site = every_widget_site(tmp_path)
    french = write(
        site / "content/posts/fr/every.md",
        "---\ntitle: Chaque widget\ndate: 2024-05-03 10:30\ndraft: false\nrating: 7.5\n---\nCorps.\n",
    )
    window = make_window(french)
    form = window.form
    assert form.findChild(object, "schemaCollection").text() == "Collection: posts (fr)"
    assert form.field("title").isEnabled()
    assert not form.field("date").isEnabled() and "'en' version" in form.field("date").toolTip()
    assert not form.field("draft").isEnabled()
    # ``rating`` is not translated: the file keeps it, the form shows it as an undeclared field.
    assert form.field("rating") is not None and form.field("rating").isEnabled()
    assert form.findChild(object, "label:title").text() == "title *"
