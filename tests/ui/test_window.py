"""The main window driven like an author would: open, type, edit fields, save."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from editor.ui.chips import ListField
from editor.ui.fields import BoolField, DateField, MultilineField, TextField, UrlField
from editor.ui.image_fields import ImageField
from tests.ui.conftest import SAMPLE, answer_box, js, type_text, wait_preview


def changed(before: bytes, after: bytes) -> tuple[list[str], list[str]]:
    removed, added = [], []
    for line in difflib.ndiff(before.decode().splitlines(True), after.decode().splitlines(True)):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def test_build_window_opens_a_post_and_shows_it(qapp: Any, qtbot: Any, sample_site: Path) -> None:
    from editor.cli import build_window

    post = sample_site / "src/content/blog/choosing-a-good-slug.md"
    window = build_window([str(post)])
    qtbot.addWidget(window)
    try:
        assert window.isVisible()
        assert "choosing-a-good-slug.md" in window.windowTitle()
        assert not window.isWindowModified()
        editor = window.findChild(object, "bodyEditor")
        assert editor is window.editor
        qtbot.waitUntil(window.preview.is_ready, timeout=15000)
        wait_preview(qtbot, window)
        text = js(qtbot, window.preview, "document.getElementById('pe-content').textContent")
        assert "The slug is the last piece of a URL" in text
    finally:
        window.document.text_document.setModified(False)
        window.close()
        window.preview.teardown()


def test_typing_reaches_the_preview_dom(make_window: Any, qtbot: Any, sample_site: Path) -> None:
    window = make_window(sample_site / "src/content/blog/keeping-drafts-in-git.md")
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    type_text(qtbot, window.editor, "\n\nA brand new *closing* line.")
    assert window.isWindowModified()
    wait_preview(qtbot, window)
    html = js(qtbot, window.preview, "__postEditor.block(__postEditor.count() - 1).innerHTML")
    assert html == "<p>A brand new <em>closing</em> line.</p>"


def test_title_edit_and_save_changes_only_the_title_line(make_window: Any, qtbot: Any, sample_site: Path) -> None:
    path = sample_site / "src/content/blog/choosing-a-good-slug.md"
    before = path.read_bytes()
    window = make_window(path)
    title = window.form.field("title")
    assert isinstance(title, TextField)
    title.edit.selectAll()
    qtbot.keyClicks(title.edit, "Slugs, Briefly")
    assert window.isWindowModified()
    window.files.save_action.trigger()
    assert not window.isWindowModified()
    removed, added = changed(before, path.read_bytes())
    assert removed == ['title: "Choosing a Good Slug (and Then Leaving It Alone)"\n']
    assert added == ['title: "Slugs, Briefly"\n']
    wait_preview(qtbot, window)
    qtbot.waitUntil(
        lambda: "Slugs, Briefly" in js(qtbot, window.preview, "document.getElementById('pe-header').innerText")
    )


def test_open_and_save_without_edits_is_byte_identical(make_window: Any, sample_site: Path) -> None:
    for path in sorted((sample_site / "src/content/blog").glob("*.md")):
        before = path.read_bytes()
        window = make_window(path)
        assert not window.document.is_modified
        assert window.files.save()
        if b"-cover.webp" in before:
            assert path.read_bytes() == before
        else:  # a PNG or JPEG cover: saving converts it, and only the cover line changes
            removed, added = changed(before, path.read_bytes())
            assert [line.split(":")[0] for line in removed + added] == ["cover", "cover"]


def test_seed_post_fields_have_the_right_widgets(make_window: Any, seed_post: Path) -> None:
    window = make_window(seed_post)
    form = window.findChild(object, "frontMatterForm")
    assert form is window.form
    kinds = {key: type(field) for key, field in window.form.fields.items()}
    assert kinds == {
        "title": TextField,
        "lang": TextField,
        "date": DateField,
        "excerpt": MultilineField,
        "canonical_url": UrlField,
        "is_external": BoolField,
        "cover": ImageField,
        "tags": ListField,
    }
    for key in kinds:
        assert window.findChild(object, f"field:{key}") is window.form.fields[key]
    assert window.form.fields["tags"].chip_texts()[:2] == ["innovation", "product-development"]
    assert window.form.fields["is_external"].value() is True


def test_tags_chips_add_and_remove_keep_flow_style(make_window: Any, qtbot: Any, sample_site: Path) -> None:
    path = sample_site / "src/content/blog/choosing-a-good-slug.md"
    before = path.read_bytes()
    window = make_window(path)
    tags = window.form.field("tags")
    assert isinstance(tags, ListField)
    qtbot.keyClicks(tags.entry, "urls")
    qtbot.keyClick(tags.entry, Qt.Key.Key_Return)
    tags.remove_item("seo")
    window.files.save()
    removed, added = changed(before, path.read_bytes())
    assert removed == ['tags: ["seo", "static-sites", "writing"]\n']
    assert added == ['tags: ["static-sites", "writing", "urls"]\n']


def test_bool_date_and_url_fields(make_window: Any, qtbot: Any, sample_site: Path) -> None:
    path = sample_site / "src/content/blog/choosing-a-good-slug.md"
    before = path.read_bytes()
    window = make_window(path)
    external = window.form.field("is_external")
    qtbot.mouseClick(external.box, Qt.MouseButton.LeftButton)
    date = window.form.field("date")
    date.edit.setDate(date.edit.date().addDays(1))
    url = window.form.field("canonical_url")
    url.edit.setText("not a url")
    assert not url.is_valid() and url.property("invalid")
    url.edit.setText("https://example.com/blog/slugs/")
    assert url.is_valid()
    window.files.save()
    removed, added = changed(before, path.read_bytes())
    assert removed == ["date: 2024-06-03\n", "is_external: false\n"]
    assert added == ["date: 2024-06-04\n", "is_external: true\n"]


def test_add_and_remove_field(make_window: Any, sample_site: Path) -> None:
    path = sample_site / "src/content/blog/choosing-a-good-slug.md"
    before = path.read_bytes()
    window = make_window(path)
    window.form.add_field("author", "")
    assert "author" in window.form.fields
    window.form.fields["author"].edit.setText("Sam")
    window.form.fields["author"].edited.emit("Sam")
    window.form.remove_field("lang")
    assert "lang" not in window.form.fields
    window.files.save()
    removed, added = changed(before, path.read_bytes())
    assert removed == ["lang: en\n"]
    assert added == ['author: "Sam"\n']


def test_source_tab_and_form_stay_in_sync(make_window: Any, qtbot: Any, sample_site: Path) -> None:
    window = make_window(sample_site / "src/content/blog/choosing-a-good-slug.md")
    source = window.form.source
    assert source.toPlainText().startswith('title: "Choosing a Good Slug')
    window.form.fields["lang"].edit.setText("de")
    window.form.fields["lang"].edited.emit("de")
    assert "lang: de\n" in source.toPlainText()
    source.setPlainText(source.toPlainText().replace("lang: de", "lang: fr"))
    assert window.form.apply_source()
    assert window.form.fields["lang"].value() == "fr"
    source.setPlainText("title: [unclosed\n")
    assert not window.form.apply_source()
    assert not window.form.source_error.isHidden() and "line" in window.form.source_error.text().lower()
    assert window.document.post.metadata["lang"] == "fr"  # a bad source never replaces good fields


def test_unparseable_file_opens_with_banner_and_saves_what_it_had(make_window: Any, tmp_path: Path) -> None:
    path = tmp_path / "broken.md"
    original = b"---\ntitle: ok\ntags: [one, two\n---\n\nThe body stays.\n"
    path.write_bytes(original)
    window = make_window(path)
    assert window.document.is_broken
    assert window.banner.isVisibleTo(window) and "could not be read" in window.banner.text()
    assert not window.form.tabs.isEnabled()
    assert window.editor.toPlainText() == original.decode()
    assert window.files.save()
    assert path.read_bytes() == original
    cursor = window.editor.textCursor()
    cursor.setPosition(len("---\ntitle: ok\ntags: [one, two"))
    window.editor.setTextCursor(cursor)
    window.editor.insertPlainText("]")
    assert window.files.save()
    assert path.read_bytes() == original.replace(b"two\n", b"two]\n")
    assert not window.document.is_broken  # fixed: fields are back
    assert window.form.tabs.isEnabled() and "tags" in window.form.fields


def test_binary_file_is_refused_with_a_message(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "photo.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    window = make_window()
    assert not window.files.open_path(path)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorMessage") is not None)
    box = window.findChild(QMessageBox, "errorMessage")
    assert "not a text file" in box.text()
    box.close()
    assert path.read_bytes().startswith(b"\x89PNG")


def test_unsaved_changes_prompt_on_close(make_window: Any, qtbot: Any, sample_site: Path) -> None:
    path = sample_site / "src/content/blog/choosing-a-good-slug.md"
    before = path.read_bytes()
    window = make_window(path)
    qtbot.keyClicks(window.editor, "Draft words. ")
    answer_box(QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert window.isVisible()
    answer_box(QMessageBox.StandardButton.Save)
    assert window.close()
    assert path.read_bytes() != before and b"Draft words. " in path.read_bytes()


def test_discard_and_revert(make_window: Any, qtbot: Any, sample_site: Path) -> None:
    path = sample_site / "src/content/blog/choosing-a-good-slug.md"
    before = path.read_bytes()
    window = make_window(path)
    qtbot.keyClicks(window.editor, "Throwaway. ")
    answer_box(QMessageBox.StandardButton.Discard)
    window.files.revert()
    assert not window.document.is_modified
    assert "Throwaway" not in window.editor.toPlainText()
    qtbot.keyClicks(window.editor, "Gone. ")
    answer_box(QMessageBox.StandardButton.Discard)
    window.files.close_document()
    assert window.document.path is None
    assert path.read_bytes() == before


def test_new_post_from_template_and_save_as(
    make_window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    window.files.new_action.trigger()
    assert window.document.path is None
    assert list(window.form.fields)[:2] == ["title", "date"]
    window.form.fields["title"].edit.setText("Fresh Post")
    window.form.fields["title"].edited.emit("Fresh Post")
    target = tmp_path / "fresh-post.md"
    assert window.files.write(window.document, target)
    text = target.read_text()
    assert text.startswith('---\ntitle: "Fresh Post"\ndate: ')
    assert "fresh-post.md" in window.windowTitle()
    assert str(target) in window.settings.recent_files()


def test_layout_is_remembered(make_window: Any, settings: Any) -> None:
    window = make_window()
    window.resize(1300, 800)
    window.splitter.setSizes([200, 700, 400])
    sizes = window.splitter.sizes()
    window.close()
    assert settings.splitter("main") is not None and settings.geometry() is not None
    again = make_window(store=settings)
    again.resize(window.size())
    assert again.size() == window.size()
    assert again.splitter.sizes() == sizes


def test_sample_site_folder_opens_its_first_post(make_window: Any) -> None:
    window = make_window(SAMPLE)
    assert window.document.path is not None
    assert window.document.path.parent.name == "blog"


def test_datetime_edit_keeps_the_literal_format(make_window: Any, tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text("---\ntitle: T\ndate: 2023-01-02T10:00:00+01:00\n---\nBody\n")
    window = make_window(path)
    field = window.form.field("date")
    assert isinstance(field, DateField) and field.kind == "datetime"
    field.edit.setDate(field.edit.date().addDays(3))
    window.files.save()
    assert path.read_text() == "---\ntitle: T\ndate: 2023-01-05T10:00:00+01:00\n---\nBody\n"


def test_nested_values_are_edited_as_a_snippet_never_dropped(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    from editor.ui.snippet_field import SnippetField

    path = tmp_path / "post.md"
    path.write_text("---\ntitle: T\nsocial:\n  twitter: a\n  mastodon: An A\nlang: en\n---\nBody\n")
    window = make_window(path)
    snippet = window.form.field("social")
    assert isinstance(snippet, SnippetField)
    assert snippet.edit.toPlainText() == "twitter: a\nmastodon: An A"
    snippet.edit.setPlainText("twitter: b\nmastodon: A B")
    qtbot.waitUntil(lambda: window.document.is_modified, timeout=3000)
    window.files.save()
    assert path.read_text() == "---\ntitle: T\nsocial:\n  twitter: b\n  mastodon: A B\nlang: en\n---\nBody\n"
    snippet.edit.setPlainText("twitter: [broken")
    qtbot.waitUntil(lambda: not snippet.error.isHidden(), timeout=3000)
    assert window.document.post.metadata["social"]["twitter"] == "b"
