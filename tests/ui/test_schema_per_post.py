"""A post opened on its own gets its site's schema (its collection's), the form says
which collection it is, and hidden fields stay out of the form."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from tests.core.test_schema_per_post import decap_site


def test_a_post_opened_alone_shows_its_collections_fields(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    site = decap_site(tmp_path)
    zh = site / "content/zh/posts/nihao.md"
    zh.write_text("---\ntitle: 你好\ndate: 2024-01-02\nlayout: post\n---\n正文。\n", encoding="utf-8")
    window = make_window(zh)
    form = window.form
    assert form.findChild(object, "schemaCollection").text() == "Collection: blog-zh"
    assert form.findChild(object, "label:title").toolTip().startswith("标题")
    assert "title *" == form.findChild(object, "label:title").text()
    en = site / "content/en/posts/hello.md"
    en.write_text("---\ntitle: Hello\ndate: 2024-01-02\nlayout: post\n---\nBody.\n", encoding="utf-8")
    assert window.files.open_post(en)
    assert form.findChild(object, "schemaCollection").text() == "Collection: blog-en"
    assert form.findChild(object, "label:title").toolTip().startswith("Title")
    assert form.field("layout") is None  # widget: hidden
    assert "layout: post" in window.document.post.to_bytes().decode()  # kept in the file


def test_the_declared_type_chooses_the_widget(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    from editor.ui.fields import BoolField, TextDateField
    from editor.ui.image_fields import ImageField
    from tests.core.test_schema_per_post import fmc_site

    site = fmc_site(
        tmp_path,
        [
            {"title": "Hero", "name": "hero", "type": "image"},
            {"title": "Featured", "name": "featured", "type": "boolean"},
        ],
    )
    post = site / "src/content/blog/post.md"
    post.write_text("---\ntitle: A post\npubDate: '2024-01-02T10:30:00'\nhero:\nfeatured:\n---\nText.\n")
    window = make_window(post)
    assert isinstance(window.form.field("hero"), ImageField)  # empty, but declared an image
    assert isinstance(window.form.field("featured"), BoolField)
    date = window.form.field("pubDate")
    assert isinstance(date, TextDateField) and date.value() == "2024-01-02T10:30:00"


def test_adding_a_field_keeps_the_blank_lines_between_groups(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    from tests.core.test_schema_per_post import fmc_site

    site = fmc_site(tmp_path, {"title": "Summary", "name": "summary", "type": "string"})
    post = site / "src/content/blog/post.md"
    text = "---\ntitle: A post\n\n# dates\npubDate: 2024-01-02\n\n---\nText.\n"
    post.write_text(text)
    window = make_window(post)
    qtbot.mouseClick(window.form.findChild(object, "addMissing:summary"), Qt.MouseButton.LeftButton)
    # the new field goes after the last one; the blank lines stay where they were
    assert window.form.source.toPlainText() == "title: A post\n\n# dates\npubDate: 2024-01-02\nsummary: ''\n\n"
    assert window.files.save()
    assert post.read_text() == "---\ntitle: A post\n\n# dates\npubDate: 2024-01-02\nsummary: ''\n\n---\nText.\n"


def test_declared_choices_are_the_only_ones_and_an_outside_value_is_kept_and_marked(
    make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    from tests.core.test_schema_per_post import fmc_site

    level = {"title": "Level", "name": "level", "type": "choice", "choices": ["beginner", "advanced"]}
    site = fmc_site(tmp_path, level)
    post = site / "src/content/blog/post.md"
    post.write_text("---\ntitle: A post\npubDate: 2024-01-02\nlevel: nope\n---\nText.\n")
    window = make_window(post)
    field = window.form.field("level")
    assert not field.combo.isEditable()
    assert field.value() == "nope" and "not one of" in field.combo.toolTip()
    assert not window.document.is_modified  # kept as the file has it
    field.combo.setCurrentIndex(field.combo.findText("advanced"))
    assert window.document.post.metadata["level"] == "advanced" and field.combo.toolTip() == ""


def test_a_field_that_breaks_its_declared_rule_is_marked(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    from tests.core.test_schema_per_post import RULES, write
    from tests.ui.conftest import type_text

    site = tmp_path / "rules"
    write(site / "admin/config.yml", RULES)
    post = write(site / "content/posts/a.md", "---\ntitle: Short\nrating: 9\n---\nBody.\n")
    window = make_window(post)
    rating = window.form.field("rating")
    assert rating.property("constraintProblem") == "at most 5" and "at most 5" in rating.toolTip()
    assert window.form.field("title").property("constraintProblem") == ""
    rating.edit.selectAll()
    type_text(qtbot, rating.edit, "4")
    assert rating.property("constraintProblem") == ""


def test_hidden_fields_can_be_shown_on_request(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    site = decap_site(tmp_path)
    en = site / "content/en/posts/hello.md"
    en.write_text("---\ntitle: Hello\ndate: 2024-01-02\nlayout: post\n---\nBody.\n", encoding="utf-8")
    window = make_window(en)
    toggle = window.form.findChild(object, "showHiddenFields")
    assert toggle.text() == "Show hidden fields (1)" and window.form.field("layout") is None
    toggle.setChecked(True)
    qtbot.waitUntil(lambda: window.form.field("layout") is not None, timeout=3000)
    assert window.form.field("layout").value() == "post"
    assert not window.document.is_modified


def test_a_relation_field_picks_among_the_sites_posts(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    from editor.ui.chips import ChoiceField, ListField
    from tests.core.test_schema_per_post import relation_site

    site = relation_site(tmp_path)
    window = make_window()
    assert window.files.open_folder(site)
    qtbot.waitUntil(window.site_controller.is_idle, timeout=10000)
    assert window.files.open_post(site / "content/posts/first.md")
    qtbot.waitUntil(lambda: isinstance(window.form.field("author"), ChoiceField), timeout=10000)
    author = window.form.field("author")
    assert [author.combo.itemText(i) for i in range(author.combo.count())] == ["ada", "grace-h"]
    assert author.value() == "ada"
    related = window.form.field("related")
    assert isinstance(related, ListField)
    author.combo.setCurrentIndex(1)
    assert "author: grace-h" in window.document.post.to_bytes().decode()


NESTED = """\
collections:
  - name: posts
    folder: content/posts
    fields:
      - {name: title, widget: string}
      - name: seo
        widget: object
        fields: [{name: robots, widget: string}, {name: weight, widget: number}]
      - name: gallery
        widget: list
        fields: [{name: src, widget: string}, {name: alt, widget: string, default: "An image"}]
"""
NESTED_POST = (
    "---\n"
    "title: T\n"
    "seo:\n"
    "  robots: index  # for search engines\n"
    "  weight: 2\n"
    "gallery:\n"
    "  - src: a.png\n"
    "    alt: A\n"
    "  - src: b.png\n"
    "    alt: B\n"
    "---\n"
    "Body.\n"
)


def test_objects_and_lists_of_objects_are_nested_forms(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    import difflib

    from editor.ui.object_fields import ObjectField, ObjectListField
    from tests.core.test_schema_per_post import write
    from tests.ui.conftest import type_text

    site = tmp_path / "nested"
    write(site / "admin/config.yml", NESTED)
    post = write(site / "content/posts/a.md", NESTED_POST)
    window = make_window(post)
    seo, gallery = window.form.field("seo"), window.form.field("gallery")
    assert isinstance(seo, ObjectField) and isinstance(gallery, ObjectListField)
    robots = seo.fields["robots"]
    robots.edit.selectAll()
    type_text(qtbot, robots.edit, "noindex")

    def changed() -> list[str]:
        text = window.document.post.to_bytes().decode()
        return [line for line in difflib.ndiff(NESTED_POST.splitlines(), text.splitlines()) if line[:1] in "+-"]

    edited = ["-   robots: index  # for search engines", "+   robots: noindex  # for search engines"]
    assert changed() == edited  # the comment keeps its distance from the value
    gallery.move(0, 1)
    assert [item["src"] for item in window.document.post.metadata["gallery"]] == ["b.png", "a.png"]
    gallery.add_item()
    assert window.document.post.metadata["gallery"][2] == {"src": "", "alt": "An image"}
    gallery.remove(2)
    gallery.move(1, -1)
    assert changed() == edited


def test_dates_in_the_cms_own_format_round_trip(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtCore import QDate

    from editor.core.checks import check_post
    from editor.ui.fields import TextDateField
    from tests.core.test_schema_per_post import fmc_site

    spec = {"title": "Updated", "name": "updated", "type": "date", "dateFormat": "MMM d, yyyy"}
    site = fmc_site(tmp_path, spec)
    post = site / "src/content/blog/post.md"
    post.write_text("---\ntitle: A post\npubDate: 2024-01-02\nupdated: Mar 5, 2024\n---\nText.\n")
    window = make_window(post)
    field = window.form.field("updated")
    assert isinstance(field, TextDateField) and field.value() == "Mar 5, 2024"
    field.edit.setDate(QDate(2024, 3, 16))
    assert window.document.post.metadata["updated"] == "Mar 16, 2024"
    problems = check_post(window.document.post, None, window.form.schema)
    assert [p for p in problems if p.code == "date"] == []


def test_code_colour_and_identifier_fields(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    import uuid

    from editor.ui.cms_fields import CodeField, ColorField, UuidField
    from tests.core.test_schema_per_post import one_collection, write

    fields = "      - {name: snippet, widget: code}\n      - {name: accent, widget: color}\n"
    post = one_collection(tmp_path / "widgets", fields, "---\nsnippet: print(1)\naccent: '#ff8800'\n---\n")
    window = make_window(post)
    assert isinstance(window.form.field("snippet"), CodeField)
    accent = window.form.field("accent")
    assert isinstance(accent, ColorField) and "#ff8800" in accent.swatch.styleSheet()
    fmc = tmp_path / "fmc-ids"
    write(
        fmc / "frontmatter.json",
        '{"frontMatter.taxonomy.contentTypes": [{"name": "default", "fields": [{"name": "id", "type": "uuid"}]}]}',
    )
    other = write(fmc / "b.md", "---\nid: ''\n---\n")
    assert window.files.open_post(other)
    ident = window.form.field("id")
    assert isinstance(ident, UuidField)
    ident.new_identifier()
    uuid.UUID(window.document.post.metadata["id"])


def test_editing_one_nested_value_leaves_the_others_as_read(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    from tests.core.test_schema_per_post import one_collection
    from tests.ui.conftest import type_text

    fields = (
        "      - name: meta\n        widget: object\n        fields:\n"
        "          - {name: title, widget: string}\n          - {name: count, widget: number}\n"
        "          - {name: flag, widget: boolean}\n          - {name: items, widget: list}\n"
        "          - {name: when, widget: datetime}\n"
    )
    text = "---\nmeta:\n  title: Old\n  count:\n  flag:\n  items:\n  when: 2020-01-02 03:04:05.250000\n---\n"
    post = one_collection(tmp_path / "nested-empty", fields, text)
    window = make_window(post)
    title = window.form.field("meta").fields["title"]
    title.edit.selectAll()
    type_text(qtbot, title.edit, "New")
    written = window.document.post.to_bytes().decode()
    assert written == text.replace("title: Old", "title: New")


def test_lists_of_several_kinds_show_each_items_own_fields(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    import json

    from editor.ui.object_fields import ObjectListField
    from tests.core.test_schema_per_post import one_collection, write

    fields = (
        "      - name: sections\n        widget: list\n        types:\n"
        "          - {name: text, widget: object, fields: [{name: body, widget: text}]}\n"
        "          - {name: quote, widget: object, fields: [{name: quote, widget: string}, "
        "{name: author, widget: string}]}\n"
    )
    text = "---\nsections:\n  - type: text\n    body: Hi\n  - type: quote\n    quote: Q\n    author: A\n---\n"
    post = one_collection(tmp_path / "kinds", fields, text)
    window = make_window(post)
    sections = window.form.field("sections")
    assert isinstance(sections, ObjectListField) and list(sections.kinds) == ["text", "quote"]
    forms = sections.findChildren(object, "field:sections[1]")
    assert forms and set(forms[0].fields) == {"type", "quote", "author"}
    sections.add_item("quote")
    assert window.document.post.metadata["sections"][2] == {"type": "quote", "quote": "", "author": ""}

    fmc = tmp_path / "blocks"
    config = {
        "frontMatter.taxonomy.fieldGroups": [
            {"id": "hero", "fields": [{"name": "heading", "type": "string"}]},
            {"id": "cta", "fields": [{"name": "label", "type": "string"}, {"name": "url", "type": "string"}]},
        ],
        "frontMatter.taxonomy.contentTypes": [
            {"name": "default", "fields": [{"name": "blocks", "type": "block", "fieldGroup": ["hero", "cta"]}]}
        ],
    }
    write(fmc / "frontmatter.json", json.dumps(config))
    page = write(fmc / "page.md", "---\nblocks:\n  - fieldGroup: hero\n    heading: Welcome\n---\n")
    assert window.files.open_post(page)
    blocks = window.form.field("blocks")
    assert isinstance(blocks, ObjectListField) and list(blocks.kinds) == ["hero", "cta"]
    blocks.add_item("cta")
    assert window.document.post.metadata["blocks"][1] == {"fieldGroup": "cta", "label": "", "url": ""}


def test_a_slug_field_is_made_from_the_title(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    from editor.ui.cms_fields import SlugField
    from tests.core.test_schema_per_post import write

    site = tmp_path / "slugs"
    write(
        site / "frontmatter.json",
        '{"frontMatter.taxonomy.contentTypes": [{"name": "default", "fields": '
        '[{"name": "title", "type": "string"}, {"name": "slug", "type": "slug"}]}]}',
    )
    post = write(site / "a.md", "---\ntitle: 'Café & Crème: Notes'\nslug: ''\n---\n")
    window = make_window(post)
    slug = window.form.field("slug")
    assert isinstance(slug, SlugField)
    slug.make_from_title()
    assert window.document.post.metadata["slug"] == "cafe-creme-notes"
