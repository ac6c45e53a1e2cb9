"""Site schemas: Front Matter CMS, Decap CMS, .post-editor.toml, and inference from posts."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from editor.core.errors import PostError
from editor.core.post import Post
from editor.core.schema import (
    FieldSpec,
    Schema,
    SchemaError,
    infer_schema,
    load_decap,
    load_frontmatter_cms,
    load_post_editor_schema,
    schema_for,
)
from tests.shared_data import SHARED, SKIP_NO_SHARED


def corpus_site(name: str) -> Path:
    if SHARED is None:
        pytest.skip(SKIP_NO_SHARED)
    site = SHARED / "corpus" / name
    if not site.is_dir():
        pytest.skip(f"{name} is not in the shared corpus")
    return site


def site_metadatas(folder: Path) -> list[Mapping[str, Any]]:
    out: list[Mapping[str, Any]] = []
    for path in sorted(folder.rglob("*.md")):
        try:
            out.append(dict(Post.load(path).metadata))
        except PostError:
            continue
    return out


# ------------------------------------------------------------ Front Matter CMS


def test_frontmatter_cms_from_corpus_fuwari() -> None:
    site = corpus_site("saicaca__fuwari")
    schema = load_frontmatter_cms(site, site / "src/content/posts/markdown.md")
    assert schema is not None
    assert schema.source == "frontmatter.json"
    assert list(schema.fields) == [
        "title",
        "description",
        "published",
        "image",
        "tags",
        "category",
        "draft",
        "language",
    ]
    types = {name: spec.type for name, spec in schema.fields.items()}
    assert types["title"] == "string"
    assert types["published"] in ("datetime", "date")
    assert types["tags"] == "tags"
    assert types["draft"] == "boolean"
    assert types["image"] == "image"
    assert schema.fields["published"].default == "{{now}}"
    assert schema.fields["image"].is_cover
    assert schema.fields["image"].label == "preview"
    assert schema.cover_field() == "image"
    # Nothing in fuwari's config is marked required.
    assert not any(spec.required for spec in schema.fields.values())
    # Without a content path the default type is used.
    assert load_frontmatter_cms(site) is not None


def test_frontmatter_cms_absent(tmp_path: Path) -> None:
    assert load_frontmatter_cms(tmp_path) is None


def _write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def test_frontmatter_cms_split_config(tmp_path: Path) -> None:
    _write_json(
        tmp_path / "frontmatter.json",
        {
            "frontMatter.taxonomy.dateFormat": "yyyy-MM-dd",
            "frontMatter.content.pageFolders": [
                {"title": "pages", "path": "[[workspace]]/content/pages"},
                {"title": "posts", "path": "[[workspace]]/content/posts", "contentTypes": ["post"]},
            ],
            "frontMatter.taxonomy.contentTypes": [
                {"name": "default", "fields": [{"name": "title", "type": "string"}]},
            ],
        },
    )
    _write_json(tmp_path / ".frontmatter/config/taxonomy.json", {"frontMatter.taxonomy.dateFormat": "yyyy-MM-dd HH:mm"})
    _write_json(
        tmp_path / ".frontmatter/config/content/types/post.json",
        {
            "name": "post",
            "fields": [
                {"title": "Title", "name": "title", "type": "string", "required": True},
                {"title": "Summary", "name": "summary", "type": "string", "multiline": True},
                {"title": "Date", "name": "date", "type": "datetime"},
                {"title": "Day", "name": "day", "type": "datetime", "dateFormat": "yyyy-MM-dd"},
                {
                    "title": "Lang",
                    "name": "lang",
                    "type": "choice",
                    "choices": ["en", {"id": "fr", "title": "French"}],
                    "default": "en",
                },
                {"name": "cover", "type": "image", "isPreviewImage": True},
                {"name": "categories", "type": "categories"},
                {"name": "meta", "type": "fields", "fields": [{"name": "a", "type": "string"}]},
                {"name": "draft", "type": "draft"},
                {"name": "slug", "type": "slug", "hidden": True},
                {"name": "sep", "type": "divider"},
            ],
        },
    )
    post = tmp_path / "content/posts/hello.md"
    schema = load_frontmatter_cms(tmp_path, post)
    assert schema is not None
    assert list(schema.fields) == [
        "title",
        "summary",
        "date",
        "day",
        "lang",
        "cover",
        "categories",
        "meta",
        "draft",
        "slug",
    ]
    f = schema.fields
    assert f["title"].required and f["title"].label == "Title"
    assert f["summary"].type == "text"
    assert f["date"].type == "datetime" and f["date"].date_format == "yyyy-MM-dd HH:mm"
    assert f["day"].type == "date" and f["day"].date_format == "yyyy-MM-dd"
    assert f["lang"] == FieldSpec(
        name="lang",
        type="choice",
        choices=["en", "fr"],
        default="en",
        label="Lang",
        strict_choices=True,
        widget="choice",
    )
    assert f["cover"].is_cover and schema.cover_field() == "cover"
    assert f["categories"].type == "tags"
    assert f["meta"].type == "object"
    assert f["draft"].type == "boolean"
    assert f["slug"].type == "string" and f["slug"].hidden

    # A file in another page folder gets the "default" type; so does a relative path outside them.
    other = load_frontmatter_cms(tmp_path, tmp_path / "content/pages/about.md")
    assert other is not None and list(other.fields) == ["title"]
    assert list(load_frontmatter_cms(tmp_path, Path("content/posts/x.md")).fields)[0] == "title"  # type: ignore[union-attr]


def test_frontmatter_cms_only_split_config(tmp_path: Path) -> None:
    _write_json(
        tmp_path / ".frontmatter/config/content/types/article.json",
        {"fields": [{"name": "headline", "type": "string"}]},
    )
    schema = load_frontmatter_cms(tmp_path)
    assert schema is not None and list(schema.fields) == ["headline"]


def test_frontmatter_cms_accepts_comments(tmp_path: Path) -> None:
    (tmp_path / "frontmatter.json").write_text(
        '{\n  // content types\n  "frontMatter.taxonomy.contentTypes": [\n'
        '    {"name": "default", "fields": [{"name": "url", "type": "string"},]}, /* done */\n  ]\n}\n',
        encoding="utf-8",
    )
    schema = load_frontmatter_cms(tmp_path)
    assert schema is not None and list(schema.fields) == ["url"]


def test_frontmatter_cms_bad_json(tmp_path: Path) -> None:
    (tmp_path / "frontmatter.json").write_text('{\n  "a": 1,\n  "b": [1, 2\n}\n', encoding="utf-8")
    with pytest.raises(SchemaError) as info:
        load_frontmatter_cms(tmp_path)
    err = info.value
    assert isinstance(err, PostError)
    assert err.file == "frontmatter.json"
    assert err.line == 4
    assert "frontmatter.json line 4" in str(err)


def test_frontmatter_cms_bad_split_file(tmp_path: Path) -> None:
    _write_json(tmp_path / "frontmatter.json", {})
    bad = tmp_path / ".frontmatter/config/content/types/post.json"
    bad.parent.mkdir(parents=True)
    bad.write_text('{\n  "name": "post"\n  "fields": []\n}\n', encoding="utf-8")
    with pytest.raises(SchemaError) as info:
        load_frontmatter_cms(tmp_path)
    assert info.value.file == "post.json" and info.value.line == 3


# ------------------------------------------------------------------- Decap CMS


def test_decap_from_corpus() -> None:
    site = corpus_site("decaporg__gatsby-starter-decap-cms")
    schema = load_decap(site, site / "src/pages/blog/2017-01-04-a-beginners-guide-to-brewing-with-chemex.md")
    assert schema is not None
    assert schema.source == "decap"
    assert "body" not in schema.fields
    f = schema.fields
    assert list(f) == ["templateKey", "title", "date", "description", "featuredpost", "featuredimage", "tags"]
    assert f["title"].type == "string" and f["title"].required and f["title"].label == "Title"
    assert f["date"].type == "datetime"
    assert f["description"].type == "text"
    assert f["featuredpost"].type == "boolean"
    assert f["featuredimage"].type == "image"
    assert f["tags"].type in ("list", "tags")
    assert f["templateKey"].hidden and f["templateKey"].default == "blog-post"
    assert schema.cover_field() == "featuredimage"
    # Without a content path the blog collection is chosen too.
    default = load_decap(site)
    assert default is not None and list(default.fields) == list(f)


def test_decap_file_collection_from_corpus() -> None:
    site = corpus_site("decaporg__gatsby-starter-decap-cms")
    schema = load_decap(site, site / "src/pages/about/index.md")
    assert schema is not None
    assert list(schema.fields) == ["templateKey", "title"]


DECAP_SYNTHETIC = """\
backend:
  name: git-gateway
collections:
  - name: pages
    label: Pages
    folder: content/pages
    fields:
      - {name: title, widget: string}
  - name: posts
    label: Posts
    folder: content/posts
    fields:
      - {label: Title, name: title}
      - {label: Day, name: day, widget: datetime, format: YYYY-MM-DD, time_format: false}
      - {label: When, name: when, widget: datetime, date_format: "DD.MM.YYYY", time_format: "HH:mm"}
      - label: Language
        name: lang
        widget: select
        default: en
        options:
          - {label: English, value: en}
          - {label: French, value: fr}
      - {label: Kind, name: kind, widget: select, options: [note, essay], required: false}
      - {label: Categories, name: categories, widget: list}
      - {label: Links, name: links, widget: list}
      - {label: Authors, name: authors, widget: list, fields: [{name: name, widget: string}]}
      - {label: Hero, name: hero, widget: file, required: false}
      - {label: Weight, name: weight, widget: number, required: false}
      - {label: Author, name: author, widget: relation, collection: authors}
      - {label: Meta, name: meta, widget: object, fields: [{name: a, widget: string}]}
      - {label: Body, name: body, widget: markdown}
"""


def test_decap_synthetic(tmp_path: Path) -> None:
    config = tmp_path / "public/admin/config.yml"
    config.parent.mkdir(parents=True)
    config.write_text(DECAP_SYNTHETIC, encoding="utf-8")
    schema = load_decap(tmp_path, Path("content/posts/a.md"))
    assert schema is not None
    f = schema.fields
    assert list(f) == [
        "title",
        "day",
        "when",
        "lang",
        "kind",
        "categories",
        "links",
        "authors",
        "hero",
        "weight",
        "author",
        "meta",
    ]
    assert f["title"].type == "string" and f["title"].required
    assert f["day"].type == "date" and f["day"].date_format == "YYYY-MM-DD"
    # date_format only shapes Decap's picker; with no `format` the value is written as ISO
    assert f["when"].type == "datetime" and f["when"].date_format is None
    assert f["lang"].type == "choice" and f["lang"].choices == ["en", "fr"] and f["lang"].default == "en"
    assert f["kind"].choices == ["note", "essay"] and not f["kind"].required
    assert f["categories"].type == "tags"
    assert f["links"].type == "list"
    assert f["authors"].type == "list"  # of objects: starts as []
    assert f["hero"].type == "image" and not f["hero"].required
    assert f["weight"].type == "number"
    assert f["author"].type == "string"
    assert f["meta"].type == "object"
    assert schema.cover_field() == "hero"

    pages = load_decap(tmp_path, tmp_path / "content/pages/about.md")
    assert pages is not None and list(pages.fields) == ["title"]
    # No content path: the collection named "posts" wins over the first one.
    assert load_decap(tmp_path) is not None
    assert "lang" in load_decap(tmp_path).fields  # type: ignore[union-attr]


def test_decap_absent(tmp_path: Path) -> None:
    assert load_decap(tmp_path) is None


def test_decap_bad_yaml(tmp_path: Path) -> None:
    config = tmp_path / "admin/config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("collections:\n  - name: blog\n    fields: [\n      {name: title\n", encoding="utf-8")
    with pytest.raises(SchemaError) as info:
        load_decap(tmp_path)
    assert info.value.file == "config.yaml"
    assert info.value.line is not None and info.value.line >= 4
    assert f"config.yaml line {info.value.line}" in str(info.value)


# --------------------------------------------------------- .post-editor.toml


def test_post_editor_schema() -> None:
    schema = load_post_editor_schema(
        {
            "title": {"type": "string", "required": True},
            "date": {"type": "date", "format": "YYYY-MM-DD"},
            "lang": {"type": "choice", "choices": ["en", "fr"], "default": "en"},
            "thumb": {"type": "image", "cover": True},
            "draft": {"type": "bool"},
        }
    )
    assert schema.source == "post-editor.toml"
    assert list(schema.fields) == ["title", "date", "lang", "thumb", "draft"]
    assert schema.fields["title"].required
    assert schema.fields["date"].date_format == "YYYY-MM-DD"
    assert schema.fields["lang"].choices == ["en", "fr"] and schema.fields["lang"].default == "en"
    assert schema.fields["draft"].type == "boolean"
    assert schema.cover_field() == "thumb"
    assert schema.field("nope") is None


def test_post_editor_schema_bad_type() -> None:
    with pytest.raises(SchemaError, match=r"\[schema.title\] type 'strin'"):
        load_post_editor_schema({"title": {"type": "strin"}})


# ------------------------------------------------------------------- inference


def seed_posts() -> list[Mapping[str, Any]]:
    langs = ["en", "en", "fr", "en", "en"]
    tags = [
        ["innovation", "scaling"],
        ["innovation", "teams"],
        ["scaling", "innovation"],
        ["hiring"],
        ["innovation"],
    ]
    posts: list[Mapping[str, Any]] = []
    for i, (lang, tag) in enumerate(zip(langs, tags, strict=True)):
        posts.append(
            {
                "title": f"Why Prototypes Get Stuck, part {i}",
                "lang": lang,
                "date": dt.date(2024, 12, 20 - i) if i % 2 == 0 else f"2024-11-{10 + i:02d}",
                "excerpt": "A long excerpt that goes on and on about prototypes, pilots and the valley of death "
                f"between them, number {i}.",
                "canonical_url": f"https://medium.com/@someone/why-prototypes-get-stuck-{i}",
                "is_external": i != 3,
                "cover": f"/images/blog/post-{i}-cover.webp",
                "tags": tag,
            }
        )
    return posts


def test_infer_seed_like_posts() -> None:
    schema = infer_schema(seed_posts())
    assert schema.source == "inferred"
    f = schema.fields
    assert list(f) == ["title", "lang", "date", "excerpt", "canonical_url", "is_external", "cover", "tags"]
    assert f["title"].type == "string"
    assert f["lang"].type == "choice" and f["lang"].choices == ["en", "fr"]
    assert f["date"].type == "date" and f["date"].date_format == "YYYY-MM-DD"
    assert f["excerpt"].type == "text"
    assert f["canonical_url"].type == "url"
    assert f["is_external"].type == "boolean"
    assert f["cover"].type == "image"
    assert f["tags"].type == "tags"
    assert schema.cover_field() == "cover"
    assert all(spec.required for spec in f.values())
    assert schema.vocabulary == {"tags": ["innovation", "scaling", "teams", "hiring"]}


def test_infer_details() -> None:
    posts: list[Mapping[str, Any]] = [
        {"title": "A", "when": "2024-01-02T10:00:00Z", "n": 1, "extra": None, "links": ["x"], "meta": {"a": 1}},
        {"title": "B", "when": dt.datetime(2024, 1, 3, 9, 0), "n": 2.5, "links": ["y"], "meta": {"b": 2}},
        {"title": "C", "when": "2024-01-04T11:30:00Z", "n": 3, "body": "line one\nline two", "hero_shot": "x.png"},
    ]
    schema = infer_schema(posts)
    f = schema.fields
    assert list(f) == ["title", "when", "n", "extra", "links", "meta", "body", "hero_shot"]
    assert f["when"].type == "datetime" and f["when"].date_format == "YYYY-MM-DDTHH:mm:ss[Z]"
    assert f["n"].type == "number" and f["n"].required
    assert f["extra"].type == "string" and not f["extra"].required
    assert f["links"].type == "list" and not f["links"].required
    assert f["meta"].type == "object"
    assert f["body"].type == "text"
    assert f["hero_shot"].type == "image"
    # Distinct titles are never a choice.
    assert f["title"].type == "string" and f["title"].choices is None
    assert schema.vocabulary["links"] == ["x", "y"]


def test_infer_single_post_and_none() -> None:
    one = infer_schema([{"title": "Only"}])
    assert one.fields["title"].type == "string" and not one.fields["title"].required
    assert infer_schema([]).source == "none"
    assert infer_schema([]).fields == {}


def test_infer_corpus_fuwari_posts() -> None:
    site = corpus_site("saicaca__fuwari")
    metas = site_metadatas(site / "src/content/posts")
    assert len(metas) >= 3
    schema = infer_schema(metas)
    f = schema.fields
    assert f["title"].type == "string" and f["title"].required
    assert f["published"].type == "date" and f["published"].required
    assert f["tags"].type == "tags"
    assert f["draft"].type == "boolean"
    assert f["image"].type == "image"
    assert schema.cover_field() == "image"
    assert schema.vocabulary["tags"][0] == "Markdown"
    assert "Video" in schema.vocabulary["tags"]


# ------------------------------------------------------------------- choosing


def test_schema_for_precedence(tmp_path: Path) -> None:
    metas = seed_posts()
    # Nothing declared: inferred.
    assert schema_for(tmp_path, metas).source == "inferred"
    assert schema_for(tmp_path, []).source == "none"

    # Decap beats inference.
    config = tmp_path / "static/admin/config.yml"
    config.parent.mkdir(parents=True)
    config.write_text(DECAP_SYNTHETIC.replace("content/posts", "src/posts"), encoding="utf-8")
    decap = schema_for(tmp_path, metas, tmp_path / "src/posts/a.md")
    assert decap.source == "decap" and "lang" in decap.fields
    assert decap.vocabulary["tags"][0] == "innovation"

    # Front Matter CMS beats Decap.
    _write_json(
        tmp_path / "frontmatter.json",
        {"frontMatter.taxonomy.contentTypes": [{"name": "default", "fields": [{"name": "title", "type": "string"}]}]},
    )
    fm = schema_for(tmp_path, metas)
    assert fm.source == "frontmatter.json" and list(fm.fields) == ["title"]
    assert fm.vocabulary == {"tags": ["innovation", "scaling", "teams", "hiring"]}

    # .post-editor.toml beats everything.
    own = schema_for(tmp_path, metas, config_schema={"headline": {"type": "string"}})
    assert own.source == "post-editor.toml" and list(own.fields) == ["headline"]
    assert own.vocabulary["tags"] == ["innovation", "scaling", "teams", "hiring"]


def test_schema_for_corpus_sites() -> None:
    fuwari = corpus_site("saicaca__fuwari")
    decap = corpus_site("decaporg__gatsby-starter-decap-cms")
    s1 = schema_for(fuwari, site_metadatas(fuwari / "src/content/posts"), fuwari / "src/content/posts/video.md")
    assert s1.source == "frontmatter.json"
    assert "Video" in s1.vocabulary["tags"]
    s2 = schema_for(decap, site_metadatas(decap / "src/pages/blog"))
    assert s2.source == "decap"
    assert isinstance(s2, Schema) and s2.field("featuredimage") is not None
