"""Each post gets the fields of its own collection or content type, chosen as its CMS
chooses them, and ``check`` agrees: a Decap site with an English and a Chinese blog and
pages no collection covers; a Front Matter CMS site whose posts pick a content type by
folder or by their ``type:`` field."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from editor.core.checks import check_post
from editor.core.post import Post
from editor.core.schema import SiteSchemas
from editor.core.site import Site

ROOT = Path(__file__).resolve().parents[2]

DECAP = """\
backend: {name: git-gateway}
media_folder: static/images
collections:
  - name: blog-en
    label: Blog
    folder: content/en/posts
    create: true
    fields:
      - {label: Title, name: title, widget: string}
      - {label: Publish date, name: date, widget: datetime}
      - {label: Summary, name: summary, widget: text}
      - {label: Layout, name: layout, widget: hidden, default: post}
      - {label: Body, name: body, widget: markdown}
  - name: blog-zh
    label: 博客
    folder: content/zh/posts
    fields:
      - {label: 标题, name: title, widget: string}
      - {label: 日期, name: date, widget: datetime}
      - {label: 正文, name: body, widget: markdown}
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def one_collection(site: Path, fields: str, post: str) -> Path:
    """A site whose Decap config has one collection, ``posts``, with ``fields`` (YAML list
    lines indented by six spaces), and one post in it; returns the post."""
    write(site / "admin/config.yml", "collections:\n  - name: posts\n    folder: posts\n    fields:\n" + fields)
    return write(site / "posts/a.md", post)


def decap_site(tmp_path: Path) -> Path:
    site = tmp_path / "decap"
    write(site / "hugo.toml", 'title = "x"\n')
    write(site / "static/admin/config.yml", DECAP)
    write(site / "content/en/posts/hello.md", "---\ntitle: Hello\ndate: 2024-01-02\n---\nBody.\n")
    write(site / "content/zh/posts/nihao.md", "---\ntitle: 你好\ndate: 2024-01-02\n---\n正文。\n")
    write(site / "content/about.md", "---\ntitle: About\n---\nWho we are.\n")
    return site


def fmc_site(tmp_path: Path, extra_field: object = None) -> Path:
    site = tmp_path / "fmc"
    write(site / "astro.config.mjs", "export default {}\n")
    default_fields = [
        {"title": "Title", "name": "title", "type": "string", "required": True},
        {"title": "Published", "name": "pubDate", "type": "datetime", "required": True},
    ]
    if extra_field is not None:
        default_fields += extra_field if isinstance(extra_field, list) else [extra_field]
    config = {
        "frontMatter.taxonomy.contentTypes": [
            {"name": "default", "fields": default_fields},
            {
                "name": "chaussure",
                "fields": [
                    {"title": "Nom", "name": "title", "type": "string", "required": True},
                    {"title": "Pointure", "name": "size", "type": "number", "required": True},
                ],
            },
        ],
        "frontMatter.content.pageFolders": [
            {"title": "Blog", "path": "[[workspace]]/src/content/blog", "contentTypes": ["default"]},
            {"title": "Boutique", "path": "[[workspace]]/src/content/shop", "contentTypes": ["chaussure"]},
        ],
    }
    write(site / "frontmatter.json", json.dumps(config, indent=2))
    write(site / "src/content/blog/post.md", "---\ntitle: A post\npubDate: 2024-01-02\n---\nText.\n")
    write(site / "src/content/blog/shoe-note.md", "---\ntitle: Mocassin\ntype: chaussure\nsize: 42\n---\nText.\n")
    write(site / "src/content/shop/boot.md", "---\ntitle: Botte\n---\nText.\n")
    write(site / "src/pages/about.mdx", "---\ntitle: About\n---\nText.\n")
    return site


def schemas_of(site: Path) -> SiteSchemas:
    return SiteSchemas(site, [])


def test_decap_posts_get_their_own_collections_fields(tmp_path: Path) -> None:
    site = decap_site(tmp_path)
    schemas = schemas_of(site)
    en = schemas.for_post(site / "content/en/posts/hello.md")
    zh = schemas.for_post(site / "content/zh/posts/nihao.md")
    assert (en.collection, en.fields["title"].label) == ("blog-en", "Title")
    assert (zh.collection, zh.fields["title"].label) == ("blog-zh", "标题")
    assert "summary" in en.fields and "summary" not in zh.fields
    about = schemas.for_post(site / "content/about.md")
    assert about.fields == {} and about.collection is None


def test_check_asks_no_collection_fields_of_a_page_no_collection_covers(tmp_path: Path) -> None:
    site = decap_site(tmp_path)
    schemas = schemas_of(site)
    about = site / "content/about.md"
    problems = check_post(Post.load(about), Site.for_file(about), schemas.for_post(about))
    assert [p for p in problems if p.code == "required"] == []
    hello = site / "content/en/posts/hello.md"
    required = [p.field for p in check_post(Post.load(hello), None, schemas.for_post(hello)) if p.code == "required"]
    assert required == ["summary"]  # not the hidden layout, which the CMS fills in


def test_front_matter_cms_picks_the_type_by_folder_and_by_type_field(tmp_path: Path) -> None:
    site = fmc_site(tmp_path)
    schemas = schemas_of(site)
    blog = site / "src/content/blog/post.md"
    assert schemas.for_post(blog).collection == "default"
    shoe = site / "src/content/blog/shoe-note.md"
    chosen = schemas.for_post(shoe, Post.load(shoe).metadata)
    assert chosen.collection == "chaussure" and set(chosen.fields) == {"title", "size"}
    boot = site / "src/content/shop/boot.md"
    assert schemas.for_post(boot).collection == "chaussure"
    assert schemas.for_post(site / "src/pages/about.mdx").fields == {}


def run_check(site: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, XDG_CACHE_HOME=str(site.parent / "cache"), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "editor", "check", str(site), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )


def test_check_on_the_site_uses_each_posts_own_type(tmp_path: Path) -> None:
    site = fmc_site(tmp_path)
    out = run_check(site)
    assert out.returncode in (0, 1), out.stderr
    by_file = {Path(r["path"]).name: r for r in json.loads(out.stdout)}
    required = {name: [p["field"] for p in r["problems"] if p["code"] == "required"] for name, r in by_file.items()}
    assert required["post.md"] == []
    assert required["shoe-note.md"] == []  # a chaussure: no pubDate asked for
    assert required["boot.md"] == ["size"]
    assert required.get("about.mdx", []) == []


def test_an_odd_field_type_is_read_as_text_not_a_traceback(tmp_path: Path) -> None:
    site = fmc_site(tmp_path, {"title": "Odd", "name": "odd", "type": ["string"]})
    schema = schemas_of(site).for_post(site / "src/content/blog/post.md")
    assert schema.fields["odd"].type == "string"
    out = run_check(site)
    assert out.returncode in (0, 1) and "Traceback" not in out.stderr, out.stderr


WIDGETS = """\
collections:
  - name: posts
    folder: content/posts
    fields:
      - {name: title, widget: string}
      - {name: when, widget: datetime, date_format: "DD.MM.YYYY", format: "YYYY-MM-DDTHH:mm"}
      - {name: day, widget: datetime, date_format: "DD.MM.YYYY", time_format: false}
      - {name: shown, widget: date, date_format: "DD/MM/YYYY"}
      - {name: due, widget: datetime, format: "DD/MM/YYYY", time_format: false}
      - {name: published, widget: datetime, default: "{{now}}"}
      - {name: note, widget: string, default: "Written {{now}}"}
      - {name: gallery, widget: list, fields: [{name: src, widget: image}]}
      - {name: photos, widget: image, multiple: true}
      - {name: related, widget: relation, collection: posts, multiple: true}
      - {name: author, widget: relation, collection: authors}
"""


def test_decap_widgets_give_the_type_format_and_empty_value_the_cms_writes(tmp_path: Path) -> None:
    import datetime as dt

    from editor.core.newpost import initial_value

    site = tmp_path / "widgets"
    write(site / "static/admin/config.yml", WIDGETS)
    write(site / "hugo.toml", 'title = "x"\n')
    post = write(site / "content/posts/a.md", "---\ntitle: A\ndue: 05/03/2024\n---\n")
    fields = SiteSchemas(site, []).for_post(post).fields
    assert (fields["when"].type, fields["when"].date_format) == ("datetime", "YYYY-MM-DDTHH:mm")
    assert (fields["day"].type, fields["day"].date_format) == ("date", None)  # date_format only shapes the picker
    assert fields["shown"].date_format is None
    now = dt.datetime(2026, 12, 1, 9, 30, 15, 123)
    assert initial_value(fields["published"], now) == dt.datetime(2026, 12, 1, 9, 30, 15)
    assert initial_value(fields["note"], now) == "Written 2026-12-01T09:30:15"
    assert [initial_value(fields[n], now) for n in ("gallery", "photos", "related", "author")] == [[], [], [], ""]
    problems = check_post(Post.load(post), None, SiteSchemas(site, []).for_post(post))
    assert [p for p in problems if p.code == "date"] == []  # 05/03/2024 is a date in its declared format
    post.write_text("---\ntitle: A\ndue: 5th of March\n---\n")
    problems = check_post(Post.load(post), None, SiteSchemas(site, []).for_post(post))
    assert [p.field for p in problems if p.code == "date"] == ["due"]


def test_front_matter_cms_now_default(tmp_path: Path) -> None:
    import datetime as dt

    from editor.core.newpost import initial_value

    site = fmc_site(tmp_path, {"title": "Made", "name": "made", "type": "datetime", "default": "{{now}}"})
    spec = SiteSchemas(site, []).for_post(site / "src/content/blog/post.md").fields["made"]
    assert initial_value(spec, dt.datetime(2026, 12, 1, 9, 30)) == dt.datetime(2026, 12, 1, 9, 30)


def test_a_cms_config_anchors_the_site_of_an_unknown_generator(tmp_path: Path) -> None:
    site = tmp_path / "plain"
    write(site / "admin/config.yml", "collections:\n  - {name: notes, folder: notes, fields: [{name: title}]}\n")
    post = write(site / "notes/deep/one.md", "---\ntitle: One\n---\n")
    found = Site.for_file(post)
    assert found.root == site and found.is_recognised
    assert SiteSchemas(found.root, []).for_post(post).collection == "notes"
    lone = write(tmp_path / "elsewhere/two.md", "---\ntitle: Two\n---\n")
    assert not Site.for_file(lone).is_recognised


def test_a_value_outside_the_declared_choices_is_flagged(tmp_path: Path) -> None:
    level = {"title": "Level", "name": "level", "type": "choice", "choices": ["beginner", "advanced"]}
    site = fmc_site(tmp_path, level)
    post = site / "src/content/blog/post.md"
    post.write_text("---\ntitle: A post\npubDate: 2024-01-02\nlevel: nope\n---\nText.\n")
    schema = SiteSchemas(site, []).for_post(post)
    problems = [p for p in check_post(Post.load(post), None, schema) if p.code == "choice"]
    assert [(p.field, p.severity) for p in problems] == [("level", "error")]
    assert "beginner, advanced" in problems[0].message
    post.write_text("---\ntitle: A post\npubDate: 2024-01-02\nlevel: advanced\n---\nText.\n")
    assert [p for p in check_post(Post.load(post), None, schema) if p.code == "choice"] == []


RULES = """\
collections:
  - name: posts
    folder: content/posts
    fields:
      - {name: title, widget: string, pattern: ['^.{1,20}$', 'Keep the title under 20 characters']}
      - {name: rating, widget: number, min: 1, max: 5}
"""


def test_declared_ranges_and_patterns_are_checked(tmp_path: Path) -> None:
    site = tmp_path / "rules"
    write(site / "admin/config.yml", RULES)
    post = write(site / "content/posts/a.md", "---\ntitle: A title far longer than twenty\nrating: 9\n---\n")
    schema = SiteSchemas(site, []).for_post(post)
    problems = {p.field: p.message for p in check_post(Post.load(post), None, schema) if p.code == "constraint"}
    assert problems == {
        "title": "'title' is 'A title far longer than twenty': Keep the title under 20 characters.",
        "rating": "'rating' is 9: at most 5.",
    }
    post.write_text("---\ntitle: Short\nrating: 3\n---\n")
    assert [p for p in check_post(Post.load(post), None, schema) if p.code == "constraint"] == []


def test_an_object_starts_with_its_nested_defaults(tmp_path: Path) -> None:
    import datetime as dt

    from editor.core.newpost import initial_value

    site = tmp_path / "objects"
    fields = (
        "      - name: seo\n        widget: object\n        fields:\n"
        "          - {name: robots, widget: string, default: index}\n"
        "          - {name: image, widget: image}\n"
        "      - {name: meta, widget: object, fields: [{name: a, widget: string}]}\n"
    )
    post = one_collection(site, fields, "---\ntitle: A\n---\n")
    fields = SiteSchemas(site, []).for_post(post).fields
    assert initial_value(fields["seo"], dt.datetime(2026, 1, 1)) == {"robots": "index"}
    assert initial_value(fields["meta"], dt.datetime(2026, 1, 1)) is None  # the form adds {}


RELATIONS = """\
collections:
  - name: posts
    folder: content/posts
    fields:
      - {name: title, widget: string}
      - {name: author, widget: relation, collection: authors, value_field: "{{slug}}", search_fields: [title]}
      - {name: related, widget: relation, collection: posts, value_field: title, multiple: true}
  - name: authors
    folder: content/authors
    fields:
      - {name: title, widget: string}
"""


def relation_site(tmp_path: Path) -> Path:
    site = tmp_path / "relations"
    write(site / "hugo.toml", 'title = "x"\n')
    write(site / "static/admin/config.yml", RELATIONS)
    write(site / "content/authors/ada.md", "---\ntitle: Ada Lovelace\n---\n")
    write(site / "content/authors/grace.md", "---\ntitle: Grace Hopper\nslug: grace-h\n---\n")
    write(site / "content/posts/first.md", "---\ntitle: First\nauthor: ada\nrelated: []\n---\nBody.\n")
    write(site / "content/posts/second.md", "---\ntitle: Second\n---\nBody.\n")
    return site


def test_relation_fields_offer_the_posts_of_their_collection(tmp_path: Path) -> None:
    from editor.core.library import Library
    from editor.core.relations import relation_options

    site = relation_site(tmp_path)
    library = Library(Site.detect(site), cache_dir=tmp_path / "cache")
    library.scan()
    schemas = SiteSchemas(site, list(library.metadatas()))
    fields = schemas.for_post(site / "content/posts/first.md").fields
    author, related = fields["author"].relation, fields["related"].relation
    assert author is not None and related is not None and related.multiple
    assert relation_options(author, library, schemas) == [("ada", "Ada Lovelace"), ("grace-h", "Grace Hopper")]
    assert [v for v, _ in relation_options(related, library, schemas)] == ["First", "Second"]


def test_a_split_front_matter_cms_config_chooses_the_same_way(tmp_path: Path) -> None:
    site = tmp_path / "split"
    write(site / "astro.config.mjs", "export default {}\n")
    write(site / "frontmatter.json", '{"$schema": "https://frontmatter.codes/frontmatter.schema.json"}\n')
    config = site / ".frontmatter/config"
    write(config / "content/types/default.json", json.dumps({"fields": [{"name": "title", "type": "string"}]}))
    write(
        config / "content/types/recipe.json",
        json.dumps({"fields": [{"name": "title", "type": "string"}, {"name": "serves", "type": "number"}]}),
    )
    write(
        config / "content/pagefolders/recipes.json",
        json.dumps({"title": "Recipes", "path": "[[workspace]]/src/content/recipes", "contentTypes": ["recipe"]}),
    )
    write(
        config / "content/pagefolders/blog.json",
        json.dumps({"title": "Blog", "path": "[[workspace]]/src/content/blog", "contentTypes": ["default"]}),
    )
    recipe = write(site / "src/content/recipes/soup.md", "---\ntitle: Soup\n---\n")
    blog = write(site / "src/content/blog/hello.md", "---\ntitle: Hello\n---\n")
    schemas = SiteSchemas(site, [])
    assert schemas.for_post(recipe).collection == "recipe" and "serves" in schemas.for_post(recipe).fields
    assert schemas.for_post(blog).collection == "default" and "serves" not in schemas.for_post(blog).fields


def test_a_relative_path_finds_the_same_collection(tmp_path: Path, monkeypatch: object) -> None:
    import pytest

    site = decap_site(tmp_path)
    mp = pytest.MonkeyPatch()
    try:
        mp.chdir(site)
        assert SiteSchemas(site, []).for_post(Path("content/zh/posts/nihao.md")).collection == "blog-zh"
        mp.chdir(site.parent)
        assert SiteSchemas(site, []).for_post(Path("decap/content/en/posts/hello.md")).collection == "blog-en"
    finally:
        mp.undo()


def test_a_declared_default_is_not_shared_between_readings(tmp_path: Path) -> None:
    site = tmp_path / "defaults"
    post = one_collection(site, "      - {name: tags, widget: list, default: [news]}\n", "---\ntitle: A\n---\n")
    SiteSchemas(site, []).for_post(post).fields["tags"].default.append("changed")
    assert SiteSchemas(site, []).for_post(post).fields["tags"].default == ["news"]


def test_decap_i18n_posts_in_locale_folders_and_files_belong_to_their_collection(tmp_path: Path) -> None:
    site = tmp_path / "i18n"
    write(
        site / "admin/config.yml",
        "i18n: {structure: multiple_folders, locales: [en, de]}\n"
        "collections:\n  - name: posts\n    folder: content/posts\n    i18n: true\n"
        "    fields: [{name: title, widget: string, i18n: true}]\n"
        "  - name: notes\n    folder: content/notes\n    i18n: {structure: multiple_files}\n"
        "    fields: [{name: title, widget: string}]\n",
    )
    german = write(site / "content/posts/de/hallo.md", "---\ntitle: Hallo\n---\n")
    note = write(site / "content/notes/idea.de.md", "---\ntitle: Idee\n---\n")
    schemas = SiteSchemas(site, [])
    assert schemas.for_post(german).collection == "posts"
    assert schemas.for_post(note).collection == "notes"
