"""One Decap site with every widget at once: each field gets its declared kind, a post
with every field filled passes the field checks, a translation keeps only the fields
Decap translates, and numbers carry their step."""

from __future__ import annotations

from pathlib import Path

from editor.core.checks import check_post
from editor.core.post import Post
from editor.core.schema import SiteSchemas
from tests.core.test_schema_per_post import write

EVERY_WIDGET = """\
media_folder: static/images
i18n: {structure: multiple_folders, locales: [en, fr], default_locale: en}
collections:
  - name: posts
    folder: content/posts
    i18n: true
    fields:
      - {name: title, widget: string, i18n: true}
      - {name: summary, widget: text, i18n: true, required: false}
      - {name: date, widget: datetime, format: "YYYY-MM-DD HH:mm", i18n: duplicate}
      - {name: day, widget: date, required: false}
      - {name: draft, widget: boolean, i18n: duplicate}
      - {name: rating, widget: number, min: 0, max: 10, step: 0.5, value_type: float}
      - {name: copies, widget: number, value_type: int, required: false}
      - {name: level, widget: select, options: [easy, hard], i18n: duplicate}
      - {name: topics, widget: select, multiple: true, options: [a, b, c], required: false}
      - {name: tags, widget: list, i18n: true}
      - {name: cover, widget: image, i18n: duplicate}
      - {name: gallery, widget: image, multiple: true, required: false}
      - {name: attachment, widget: file, required: false}
      - {name: related, widget: relation, collection: posts, value_field: "{{slug}}", required: false}
      - name: authors
        widget: relation
        collection: posts
        value_field: title
        search_fields: [title]
        multiple: true
        required: false
      - name: seo
        widget: object
        i18n: true
        required: false
        fields:
          - {name: description, widget: string, default: none yet}
          - {name: noindex, widget: boolean, default: false}
      - name: links
        widget: list
        required: false
        fields:
          - {name: label, widget: string}
          - {name: url, widget: string, pattern: ['^https://', 'Must start with https://']}
      - {name: steps, widget: list, field: {name: step, widget: string}, required: false}
      - name: blocks
        widget: list
        required: false
        types:
          - {name: quote, widget: object, fields: [{name: text, widget: string}]}
          - {name: image, widget: object, fields: [{name: src, widget: image}]}
      - {name: snippet, widget: code, required: false}
      - {name: accent, widget: color, required: false}
      - {name: place, widget: map, required: false}
      - {name: id, widget: uuid, required: false}
      - {name: layout, widget: hidden, default: post}
      - {name: body, widget: markdown, i18n: true}
"""

FILLED = """\
---
title: Every widget
summary: |
  Two lines
  of summary.
date: 2024-05-03 10:30
day: 2024-05-04
draft: false
rating: 7.5
copies: 3
level: easy
topics: [a, c]
tags: [one, two]
cover: /images/cover.png
gallery: [/images/a.png]
attachment: /files/a.pdf
related: second
authors: [Every widget]
seo: {description: A page, noindex: false}
links:
  - {label: Home, url: "https://example.com"}
steps: [first, second]
blocks:
  - {type: quote, text: Hello}
snippet: print(1)
accent: "#ff8800"
place: '{"type":"Point","coordinates":[2.35,48.85]}'
id: 0b6c3a0e-9d6e-4b9f-9a3c-3c7f0a3b2f11
layout: post
---
Body.
"""


def every_widget_site(tmp_path: Path) -> Path:
    site = tmp_path / "every"
    write(site / "static/admin/config.yml", EVERY_WIDGET)
    write(site / "static/images/cover.png", "")  # a name to resolve, not an image to read
    write(site / "content/posts/en/every.md", FILLED)
    write(site / "content/posts/en/second.md", "---\ntitle: Second\n---\n")
    return site


def schema_of(site: Path, post: Path):  # type: ignore[no-untyped-def]
    return SiteSchemas(site, []).for_post(post, Post.load(post).metadata)


def test_every_widget_has_its_declared_kind(tmp_path: Path) -> None:
    site = every_widget_site(tmp_path)
    schema = schema_of(site, site / "content/posts/en/every.md")
    kinds = {name: spec.type for name, spec in schema.fields.items()}
    assert kinds == {
        "title": "string",
        "summary": "text",
        "date": "datetime",
        "day": "date",
        "draft": "boolean",
        "rating": "number",
        "copies": "number",
        "level": "choice",
        "topics": "tags",
        "tags": "tags",
        "cover": "image",
        "gallery": "list",
        "attachment": "image",
        "related": "string",
        "authors": "list",
        "seo": "object",
        "links": "list",
        "steps": "list",
        "blocks": "list",
        "snippet": "text",
        "accent": "string",
        "place": "string",
        "id": "string",
        "layout": "string",
    }
    assert schema.collection == "posts" and schema.locale == "en"
    assert schema.fields["layout"].hidden and schema.fields["date"].date_format == "YYYY-MM-DD HH:mm"
    assert [f.name for f in schema.fields["blocks"].item_types["image"]] == ["src"]
    assert schema.fields["seo"].default == {"description": "none yet", "noindex": False}


def test_a_post_with_every_widget_filled_passes_the_field_checks(tmp_path: Path) -> None:
    site = every_widget_site(tmp_path)
    post = Post.load(site / "content/posts/en/every.md")
    problems = [p for p in check_post(post, schema=schema_of(site, post.path)) if p.field]
    assert [(p.code, p.field) for p in problems if p.severity == "error"] == []


def test_a_number_carries_its_step_and_its_kind(tmp_path: Path) -> None:
    site = every_widget_site(tmp_path)
    schema = schema_of(site, site / "content/posts/en/every.md")
    rating, copies = schema.fields["rating"], schema.fields["copies"]
    assert (rating.minimum, rating.maximum, rating.step, rating.decimal) == (0, 10, 0.5, True)
    assert copies.decimal is False and copies.step is None
    post = Post.load(site / "content/posts/en/every.md")
    post.metadata["copies"] = 2.5
    problems = check_post(post, schema=schema)
    assert [p.message for p in problems if p.field == "copies"] == ["'copies' is 2.5: a whole number."]


def test_a_translation_keeps_only_the_fields_decap_translates(tmp_path: Path) -> None:
    site = every_widget_site(tmp_path)
    french = write(site / "content/posts/fr/every.md", "---\ntitle: Chaque widget\ntags: [un]\n---\nCorps.\n")
    schema = schema_of(site, french)
    assert schema.collection == "posts" and schema.locale == "fr"
    translated = {name for name, spec in schema.fields.items() if not spec.read_only}
    copied = {name for name, spec in schema.fields.items() if spec.read_only}
    assert translated == {"title", "summary", "tags", "seo"}
    assert copied == {"date", "draft", "level", "cover"}
    assert "'en' version" in str(schema.fields["cover"].read_only)
    # ``check`` agrees: what the translation does not hold is not asked of it.
    missing = {p.field for p in check_post(Post.load(french), schema=schema) if p.code == "required"}
    assert missing <= copied and not missing & {"rating", "layout"}


def test_translations_in_one_folder_are_named_by_their_suffix(tmp_path: Path) -> None:
    site = tmp_path / "files"
    write(
        site / "admin/config.yml",
        "i18n: {structure: multiple_files, locales: [de, en]}\n"
        "collections:\n  - name: news\n    folder: news\n    i18n: true\n    fields:\n"
        "      - {name: title, widget: string, i18n: true}\n      - {name: date, widget: date}\n",
    )
    german = schema_of(site, write(site / "news/hallo.de.md", "---\ntitle: Hallo\n---\n"))
    english = schema_of(site, write(site / "news/hallo.en.md", "---\ntitle: Hello\n---\n"))
    assert set(german.fields) == {"title", "date"} and german.locale == "de"  # the default locale
    assert set(english.fields) == {"title"} and english.collection == "news"
    plain = schema_of(site, write(site / "news/other.md", "---\ntitle: Other\n---\n"))
    assert plain.locale is None and set(plain.fields) == {"title", "date"}
