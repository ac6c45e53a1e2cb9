"""Export: standalone HTML, zip bundle, copy into another site, assets of a post."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from editor.core.export import ExportError, assets_of, export_html, export_to_site, export_zip, standalone_html
from editor.core.post import Post
from editor.core.site import Site

POST = """---
title: Charts & Things
description: A post about "charts".
date: 2024-05-01
lang: fr
cover: /images/blog/post-cover.webp
tags: [a, b]
---
Intro with a [link](https://example.com/page).

![chart](/images/blog/chart.png)

![remote](https://example.com/remote.png)

```python
def hello():
    return 1
```
"""


def make_astro(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "astro.config.mjs").write_text("export default {}\n")
    blog = root / "src/content/blog"
    blog.mkdir(parents=True)
    images = root / "public/images/blog"
    images.mkdir(parents=True)
    Image.new("RGB", (8, 6), (200, 30, 30)).save(images / "post-cover.webp", "WEBP")
    Image.new("RGB", (5, 5), (10, 200, 30)).save(images / "chart.png", "PNG")
    post = blog / "post.md"
    post.write_bytes(POST.encode("utf-8"))
    return post


def make_hugo(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "hugo.toml").write_text('title = "x"\n')
    (root / "content/posts").mkdir(parents=True)
    (root / "static").mkdir()


@pytest.fixture
def astro(tmp_path: Path) -> tuple[Post, Site]:
    path = make_astro(tmp_path / "astro")
    return Post.load(path), Site.detect(tmp_path / "astro")


def test_standalone_html_is_self_contained(astro: tuple[Post, Site]) -> None:
    post, site = astro
    page = standalone_html(post, site)
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="fr">' in page
    assert '<meta charset="utf-8">' in page
    assert "<title>Charts &amp; Things</title>" in page
    assert '<meta name="description" content="A post about &quot;charts&quot;.">' in page
    assert "default-src 'none'; img-src data:; style-src 'unsafe-inline'" in page
    assert '<h1 class="pe-title">Charts &amp; Things</h1>' in page
    assert "2024-05-01" in page
    assert 'class="codehilite"' in page and '<span class="k">def</span>' in page
    assert ".pe-content" in page and ".codehilite .k" in page  # preview + Pygments CSS inlined
    assert "prefers-color-scheme: dark" in page
    assert re.search(r'<img class="pe-cover" alt="" src="data:image/webp;base64,[A-Za-z0-9+/=]+"', page)
    assert re.search(r'<img alt="chart" src="data:image/png;base64,[A-Za-z0-9+/=]+"', page)
    assert "Remote image not loaded" in page
    assert "<script" not in page.lower()
    assert "file:" not in page
    # the only http URLs are link targets, or the text of a placeholder: never resources
    for match in re.finditer(r"https?://", page):
        before = page[max(0, match.start() - 7) : match.start()]
        inside_code = page.rfind("<code>", 0, match.start()) > page.rfind("</code>", 0, match.start())
        ok = before.endswith(('href="', 'title="')) or inside_code
        assert ok, page[match.start() - 40 : match.end() + 20]
    assert not re.search(r"""(src|srcset)\s*=\s*["']?https?:""", page)


def test_standalone_html_strips_scripts_and_outside_images(tmp_path: Path) -> None:
    path = make_astro(tmp_path / "site")
    (tmp_path / "secret.png").write_bytes(b"not for export")
    post = Post.load(path)
    post.content = "<script>alert(1)</script>\n\n![x](../../../../secret.png)\n"
    page = standalone_html(post, Site.detect(tmp_path / "site"))
    assert "<script" not in page and "alert(1)" not in page
    assert "Blocked image outside the site" in page


def test_export_html_in_folder_uses_the_slug(astro: tuple[Post, Site], tmp_path: Path) -> None:
    post, site = astro
    out = tmp_path / "out"
    out.mkdir()
    written = export_html(post, site, out)
    assert written == out / "post.html"
    assert written.read_text(encoding="utf-8") == standalone_html(post, site)
    named = export_html(post, site, out / "other.html")
    assert named == out / "other.html" and named.is_file()


def test_assets_of(astro: tuple[Post, Site]) -> None:
    post, site = astro
    images = Path(os.path.realpath(site.root)) / "public/images/blog"
    assert assets_of(post, site) == [images / "post-cover.webp", images / "chart.png"]
    post.content += "\n![again](/images/blog/chart.png)\n\n![gone](/images/blog/missing.png)\n"
    assert assets_of(post, site) == [images / "post-cover.webp", images / "chart.png"]


def test_export_zip_has_post_bytes_and_assets(astro: tuple[Post, Site], tmp_path: Path) -> None:
    post, site = astro
    out = tmp_path / "out"
    out.mkdir()
    written = export_zip(post, site, out)
    assert written == out / "post.zip"
    images = site.root / "public/images/blog"
    with zipfile.ZipFile(written) as zf:
        assert sorted(zf.namelist()) == [
            "public/images/blog/chart.png",
            "public/images/blog/post-cover.webp",
            "src/content/blog/post.md",
        ]
        assert zf.read("src/content/blog/post.md") == post.to_bytes() == POST.encode("utf-8")
        assert zf.read("public/images/blog/chart.png") == (images / "chart.png").read_bytes()
        assert zf.read("public/images/blog/post-cover.webp") == (images / "post-cover.webp").read_bytes()
    assert [p.name for p in out.iterdir()] == ["post.zip"]  # no temporary file left


def test_export_to_hugo_site(astro: tuple[Post, Site], tmp_path: Path) -> None:
    post, site = astro
    hugo = tmp_path / "hugo"
    make_hugo(hugo)
    written = export_to_site(post, site, hugo)
    assert written == hugo / "content/post.md"
    target = Site.detect(hugo)
    assert target.images_folder == hugo / "static/images/blog"
    new_text = written.read_text(encoding="utf-8")
    old_lines, new_lines = POST.splitlines(), new_text.splitlines()
    assert len(old_lines) == len(new_lines)
    changed = [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
    # Hugo's images folder maps to the same URLs, so nothing needs rewriting here
    assert changed == []
    src = site.root / "public/images/blog"
    assert (hugo / "static/images/blog/post-cover.webp").read_bytes() == (src / "post-cover.webp").read_bytes()
    assert (hugo / "static/images/blog/chart.png").read_bytes() == (src / "chart.png").read_bytes()
    assert post.to_bytes() == POST.encode("utf-8")  # the source post is untouched
    # exporting again is a no-op (same files), a different post file is refused
    assert export_to_site(post, site, hugo) == written
    written.write_text("---\ntitle: other\n---\n", encoding="utf-8")
    with pytest.raises(ExportError, match="post.md"):
        export_to_site(post, site, hugo)


def test_export_to_site_rewrites_references(astro: tuple[Post, Site], tmp_path: Path) -> None:
    post, site = astro
    hugo = tmp_path / "hugo"
    make_hugo(hugo)
    (hugo / "static/img").mkdir()  # this site keeps its images in /img
    written = export_to_site(post, site, hugo)
    assert Site.detect(hugo).images_folder == hugo / "static/img"
    new_lines = written.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(POST.splitlines(), new_lines, strict=True) if a != b]
    assert changed == [
        ("cover: /images/blog/post-cover.webp", "cover: /img/post-cover.webp"),
        ("![chart](/images/blog/chart.png)", "![chart](/img/chart.png)"),
    ]
    assert (hugo / "static/img/post-cover.webp").is_file() and (hugo / "static/img/chart.png").is_file()


def test_export_to_site_renames_a_different_image(astro: tuple[Post, Site], tmp_path: Path) -> None:
    post, site = astro
    hugo = tmp_path / "hugo"
    make_hugo(hugo)
    (hugo / "static/images/blog").mkdir(parents=True)
    (hugo / "static/images/blog/chart.png").write_bytes(b"someone else's chart")
    written = export_to_site(post, site, hugo)
    assert (hugo / "static/images/blog/chart.png").read_bytes() == b"someone else's chart"
    assert (hugo / "static/images/blog/chart-2.png").read_bytes() == (
        site.root / "public/images/blog/chart.png"
    ).read_bytes()
    assert "![chart](/images/blog/chart-2.png)" in written.read_text(encoding="utf-8")


def test_export_to_site_without_public_folder_uses_relative_paths(astro: tuple[Post, Site], tmp_path: Path) -> None:
    post, site = astro
    plain = tmp_path / "plain"
    plain.mkdir()
    written = export_to_site(post, site, plain)
    assert written == plain / "post.md"
    text = written.read_text(encoding="utf-8")
    assert "cover: post-cover.webp\n" in text
    assert "![chart](chart.png)" in text
    assert (plain / "chart.png").is_file()


def test_export_to_site_refuses_escaping_content_folder(astro: tuple[Post, Site], tmp_path: Path) -> None:
    post, site = astro
    hugo = tmp_path / "hugo"
    hugo.mkdir()
    (hugo / "hugo.toml").write_text('title = "x"\n')
    (hugo / "static").mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (hugo / "content").symlink_to(outside, target_is_directory=True)
    with pytest.raises(ExportError, match="outside"):
        export_to_site(post, site, hugo)
    assert list(outside.iterdir()) == []
    assert not (hugo / "static/images").exists()  # nothing written before the check


def test_export_to_site_refuses_escaping_images_folder(astro: tuple[Post, Site], tmp_path: Path) -> None:
    post, site = astro
    hugo = tmp_path / "hugo"
    make_hugo(hugo)
    outside = tmp_path / "outside"
    outside.mkdir()
    (hugo / "static/images").symlink_to(outside, target_is_directory=True)
    (outside / "blog").mkdir()
    with pytest.raises(ExportError):
        export_to_site(post, site, hugo)
    assert list((outside / "blog").iterdir()) == []
    assert not (hugo / "content/post.md").exists()


def test_export_to_site_page_bundle_keeps_folder(tmp_path: Path) -> None:
    src = tmp_path / "src"
    make_hugo(src)
    bundle = src / "content/posts/trip"
    bundle.mkdir()
    Image.new("RGB", (4, 4)).save(bundle / "photo.png")
    (bundle / "index.md").write_text("---\ntitle: Trip\ncover: photo.png\n---\n![p](photo.png)\n")
    dst = tmp_path / "dst"
    make_hugo(dst)
    written = export_to_site(Post.load(bundle / "index.md"), Site.detect(src), dst)
    assert written == dst / "content/posts/trip/index.md"  # where the target site keeps posts
    assert written.read_bytes() == (bundle / "index.md").read_bytes()
    assert (dst / "content/posts/trip/photo.png").read_bytes() == (bundle / "photo.png").read_bytes()
