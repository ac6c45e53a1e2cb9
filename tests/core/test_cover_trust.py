"""`post-editor cover` on untrusted posts: nothing from outside the site is ever published,
and every cover value gets a true message and exit status (0 nothing to do, 1 cannot convert).

Also `check` on a folder without posts, and `list` on a Hugo site with no static/ yet.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from editor.core.cover_step import convert_post_cover, cover_plan
from editor.core.images import ImageError
from editor.core.post import Post
from editor.core.site import Site

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "editor", *args], capture_output=True, text=True, cwd=ROOT, env=env)


def make_site(tmp_path: Path) -> tuple[Path, Path]:
    """An Astro site with one post, and a secret PNG beside (outside) the site."""
    site = tmp_path / "site"
    (site / "src/content/blog").mkdir(parents=True)
    (site / "public/images/blog").mkdir(parents=True)
    (site / "astro.config.mjs").write_text("export default {}\n")
    secret = tmp_path / "runner-home" / "secret.png"
    secret.parent.mkdir()
    Image.new("RGB", (40, 30), (250, 10, 10)).save(secret, "PNG")
    return site, secret


def write_post(site: Path, cover: str) -> Path:
    post = site / "src/content/blog/hostile.md"
    post.write_text(f'---\ntitle: "Hostile"\ncover: "{cover}"\n---\nBody.\n', encoding="utf-8")
    return post


def published(site: Path) -> list[str]:
    return sorted(p.name for p in (site / "public").rglob("*") if p.is_file())


def outside_values(site: Path, secret: Path) -> dict[str, str]:
    link = site / "public/images/blog/innocent.png"
    link.symlink_to(secret)
    return {
        "relative": os.path.relpath(secret, site / "src/content/blog"),
        "absolute": str(secret),
        "file-url": secret.as_uri(),
        "link-in-public": "/images/blog/innocent.png",
    }


@pytest.mark.parametrize("kind", ["relative", "absolute", "file-url", "link-in-public"])
def test_cover_from_outside_the_site_is_refused(tmp_path: Path, kind: str) -> None:
    site, secret = make_site(tmp_path)
    value = outside_values(site, secret)[kind]
    post = write_post(site, value)
    before = post.read_bytes()
    out = run("cover", str(post), cache=tmp_path / "cache")
    assert out.returncode == 1, out.stdout + out.stderr
    assert "outside the site" in out.stderr and value in out.stderr
    assert post.read_bytes() == before
    assert published(site) == ["innocent.png"]  # only the link that was there; no WebP of the secret


def test_core_refuses_outside_unless_the_author_picked_it(tmp_path: Path) -> None:
    site_root, secret = make_site(tmp_path)
    post_path = write_post(site_root, str(secret))
    post, site = Post.load(post_path), Site.for_file(post_path)
    assert cover_plan(post, site).kind == "outside"
    with pytest.raises(ImageError, match="outside the site"):
        convert_post_cover(post, site, str(secret))
    assert published(site_root) == []
    # the window's image dialog: a file the author picked may come from anywhere
    assert cover_plan(post, site, allow_outside=True).kind == "convert"
    result = convert_post_cover(post, site, str(secret), allow_outside=True)
    assert result.target.is_file() and site.contains(result.target)
    assert result.reference == "/images/blog/hostile-cover.webp"


@pytest.mark.parametrize(
    ("value", "status", "says"),
    [
        ("/etc/passwd", 1, "outside the site"),
        ("/etc/shadow", 1, "outside the site"),
        ("/dev/zero", 1, "device or special file"),
        ("http://example.com/cover.png", 0, "remote URL"),
        ("/images/blog/drawing.svg", 0, "SVG (vector) image; it is kept as is"),
        ("/images/blog/nowhere.png", 1, "no such file"),
        ("/images/blog/notes.txt", 1, "not an image file"),
        ("/images/blog/fake.webp", 1, "not a WebP image"),
        ("/images/blog", 1, "a folder"),
        ("/images/blog/real.webp", 0, "already WebP; nothing to do"),
    ],
)
def test_each_cover_value_gets_its_own_true_message(tmp_path: Path, value: str, status: int, says: str) -> None:
    site, _ = make_site(tmp_path)
    images = site / "public/images/blog"
    (images / "drawing.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>\n')
    (images / "notes.txt").write_text("not an image\n")
    (images / "fake.webp").write_text("root:x:0:0:root:/root:/bin/bash\n")
    Image.new("RGB", (8, 8), (1, 2, 3)).save(images / "real.webp", "WEBP")
    post = write_post(site, value)
    before = post.read_bytes()
    files_before = published(site)
    out = run("cover", str(post), cache=tmp_path / "cache")
    assert out.returncode == status, out.stdout + out.stderr
    text = out.stdout + out.stderr
    assert says in text
    if value != "/images/blog/real.webp":
        assert "already WebP" not in text
    if value == "/images/blog/nowhere.png":
        assert str(images / "nowhere.png") in text  # names the path it looked for
    if value.startswith("http"):
        assert "not converted" in text
    assert post.read_bytes() == before and published(site) == files_before


def test_cover_help_documents_the_exit_status(tmp_path: Path) -> None:
    out = run("cover", "--help", cache=tmp_path)
    assert out.returncode == 0
    text = " ".join(out.stdout.split())
    assert "inside the site" in text and "is refused" in text
    assert "0 converted, or nothing to do" in text and "1 the cover cannot be converted" in text


def test_check_on_a_folder_without_posts_says_so_and_exits_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    for extra in ([], ["--json"]):
        out = run("check", str(empty), *extra, cache=tmp_path / "cache")
        assert out.returncode == 2, out.stdout + out.stderr
        assert "no posts" in out.stderr and "0 of 0" not in out.stdout


def make_papermod(root: Path) -> Path:
    (root / "content/posts").mkdir(parents=True)
    (root / "themes/PaperMod/layouts").mkdir(parents=True)
    (root / "hugo.yaml").write_text("baseURL: https://example.org/\ntheme: PaperMod\n")
    (root / "content/search.md").write_text('---\ntitle: "Search"\nlayout: "search"\n---\n')
    (root / "content/posts/first.md").write_text('---\ntitle: "First"\ndate: 2024-01-02\n---\nHello.\n')
    return root


def test_list_reports_a_public_folder_only_when_it_exists(tmp_path: Path) -> None:
    site = make_papermod(tmp_path / "papermod")
    out = run("list", str(site), cache=tmp_path / "cache")
    assert out.returncode == 0, out.stderr
    assert "Public folder:   (none)" in out.stdout and "static" in out.stdout  # the note says where images go
    data = json.loads(run("list", str(site), "--json", cache=tmp_path / "cache").stdout)
    assert data["public_folder"] is None
    (site / "static").mkdir()
    assert "Public folder:   static" in run("list", str(site), cache=tmp_path / "cache").stdout
    assert json.loads(run("list", str(site), "--json", cache=tmp_path / "cache").stdout)["public_folder"] == "static"


def test_a_hugo_site_without_static_still_takes_images_there(tmp_path: Path) -> None:
    site = make_papermod(tmp_path / "papermod")
    bundle = site / "content/posts/first.md"
    Image.new("RGB", (20, 10), (0, 90, 0)).save(site / "content/posts/photo.png", "PNG")
    bundle.write_text('---\ntitle: "First"\ncover: "photo.png"\n---\nHello.\n')
    detected = Site.detect(site)
    assert detected.public_folder == site / "static"  # resolution keeps the generator's convention
    assert detected.url_to_path("/images/x.webp") == site / "static/images/x.webp"
    out = run("cover", str(bundle), cache=tmp_path / "cache")
    assert out.returncode == 0, out.stderr
    assert (site / "content/posts/first-cover.webp").is_file()
