"""The post library, the headless list command and new posts."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from editor.core.library import Library, list_site
from editor.core.newpost import create_post, slugify
from editor.core.post import Post
from editor.core.site import Site

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample-site"


def make_site(root: Path, posts: dict[str, str], marker: str = "astro.config.mjs") -> Path:
    (root / "public").mkdir(parents=True, exist_ok=True)
    (root / marker).write_text("export default {}\n")
    for rel, text in posts.items():
        path = root / "src/content/blog" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_library_indexes_titles_dates_drafts_tags_and_errors(tmp_path: Path) -> None:
    site = make_site(
        tmp_path / "site",
        {
            "a.md": '---\ntitle: "Alpha"\ndate: 2024-01-02\ntags: [one, two]\n---\nBody alpha\n',
            "b.md": "---\ntitle: Beta\ndraft: true\n---\nBody beta mentions zebra\n",
            "broken.md": "---\ntitle: [unclosed\n---\nBody\n",
            "plain.md": "# A heading title\n\nNo front matter.\n",
        },
    )
    library = Library(Site.detect(site), cache_dir=tmp_path / "cache")
    posts = {p.path.rsplit("/", 1)[-1]: p for p in library.scan()}
    assert (
        posts["a.md"].title == "Alpha" and posts["a.md"].date == "2024-01-02" and posts["a.md"].tags == ["one", "two"]
    )
    assert posts["b.md"].draft is True
    assert posts["broken.md"].error is not None and "line" in posts["broken.md"].error.lower()
    assert posts["plain.md"].title == "A heading title"
    assert library.tags() == {"one": 1, "two": 1}
    assert [p.title for p in library.search("zebra")] == ["Beta"]
    assert [p.title for p in library.search("alpha")] == ["Alpha"]


def test_warm_index_reuses_the_cache_and_notices_changes(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {"a.md": "---\ntitle: One\n---\n", "b.md": "---\ntitle: Two\n---\n"})
    cache = tmp_path / "cache"
    Library(Site.detect(site), cache_dir=cache).scan()
    assert list(cache.glob("index-*.json"))
    post = site / "src/content/blog/a.md"
    post.write_text("---\ntitle: One, edited\n---\n")
    os.utime(post, ns=(post.stat().st_atime_ns, post.stat().st_mtime_ns + 10_000_000))
    library = Library(Site.detect(site), cache_dir=cache)
    read: list[str] = []
    original = library.read_post
    library.read_post = lambda path, rel, size: read.append(rel) or original(path, rel, size)  # type: ignore[method-assign]
    titles = sorted(p.title for p in library.scan())
    assert titles == ["One, edited", "Two"]
    assert read == ["src/content/blog/a.md"]  # only the changed file was read again


def test_list_json_matches_the_documented_shape(tmp_path: Path) -> None:
    result = list_site(SAMPLE, cache_dir=tmp_path)
    assert result["generator"] == "astro"
    assert result["content_folders"] == ["src/content/blog"]
    assert result["public_folder"] == "public"
    assert len(result["posts"]) == 5
    for post in result["posts"]:
        assert set(post) == {"path", "title", "date", "draft", "tags", "error"}
        assert post["path"].startswith("src/content/blog/") and post["error"] is None


def test_list_command_runs_without_qt(tmp_path: Path) -> None:
    code = (
        "import sys, json; from editor.cli import main; rc = main(['list', sys.argv[1], '--json']); "
        "print('QT-LOADED' if any(m.startswith('PySide6') for m in sys.modules) else 'NO-QT', file=sys.stderr); "
        "raise SystemExit(rc)"
    )
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", code, str(SAMPLE)], capture_output=True, text=True, env=env, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert "NO-QT" in out.stderr
    assert json.loads(out.stdout)["generator"] == "astro"
    missing = subprocess.run(
        [sys.executable, "-m", "editor", "list", str(tmp_path / "nope")], capture_output=True, text=True, cwd=ROOT
    )
    assert missing.returncode == 2 and "not a folder" in missing.stderr


def test_slugify() -> None:
    assert slugify("Café & Crème: Notes!") == "cafe-creme-notes"
    assert slugify("   ") == "untitled"


def test_new_post_follows_the_site_conventions(tmp_path: Path) -> None:
    site_root = make_site(
        tmp_path / "site",
        {
            "one.md": '---\ntitle: "One"\nlang: en\ndate: 2024-01-02\ntags: ["a"]\n---\n',
            "two.md": '---\ntitle: "Two"\nlang: en\ndate: 2024-02-03\ntags: ["b"]\n---\n',
            "three.md": '---\ntitle: "Three"\nlang: fr\ndate: 2024-03-04\ntags: ["a"]\n---\n',
        },
    )
    site = Site.detect(site_root)
    library = Library(site, cache_dir=tmp_path / "cache")
    library.scan()
    from editor.core.schema import schema_for

    schema = schema_for(site.root, library.metadatas())
    path = create_post(site, "Hello, World", schema, library, now=dt.datetime(2025, 5, 6, 7, 8, 9))
    assert path == site_root / "src/content/blog/hello-world.md"
    post = Post.load(path)
    assert post.metadata["title"] == "Hello, World"
    assert post.metadata["lang"] == "en"
    assert str(post.metadata["date"]).startswith("2025-05-06")
    again = create_post(site, "Hello, World", schema, library, now=dt.datetime(2025, 5, 6))
    assert again.name == "hello-world-2.md"


@pytest.mark.parametrize("marker", ["_config.yml"])
def test_new_jekyll_post_is_dated(tmp_path: Path, marker: str) -> None:
    root = tmp_path / "jekyll"
    (root / "_posts").mkdir(parents=True)
    (root / marker).write_text("title: x\n")
    (root / "_posts/2024-01-01-first.md").write_text("---\ntitle: First\n---\n")
    site = Site.detect(root)
    path = create_post(site, "Second Post", None, None, now=dt.datetime(2025, 1, 2))
    assert path == root / "_posts/2025-01-02-second-post.md"
