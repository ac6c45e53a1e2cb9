"""Covers kept as fields of their own: PaperMod's ``cover: {image, alt, caption}``,
Astro's ``coverImage: {src, alt}``, ``image: {url, alt}``, TOML's ``[cover]`` table.

The checks, the cover step, the command line and both exports find the image
inside the mapping, and an edit of it changes only the image's line.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from editor.core.checks import check_post
from editor.core.cover_step import CoverRef, cover_plan, cover_ref, image_parts
from editor.core.export import export_html, export_to_site
from editor.core.post import Post
from editor.core.site import Site
from tests.shared_data import SHARED, SKIP_NO_SHARED

ROOT = Path(__file__).resolve().parents[2]

PAPERMOD = (
    "---\n"
    "title: Cover Image\n"
    "date: 2026-04-11\n"
    "cover:\n"
    "    image: image.png # from the bundle\n"
    '    alt: "A sample cover image"\n'
    '    caption: "This is a caption."\n'
    "    relative: false\n"
    "---\n"
    "Body.\n"
)


def hugo_bundle(tmp_path: Path, text: str = PAPERMOD) -> Path:
    """A Hugo site with one page-bundle post and its cover image beside it."""
    site = tmp_path / "site"
    bundle = site / "content/posts/cover-page"
    bundle.mkdir(parents=True)
    (site / "static").mkdir()
    (site / "hugo.toml").write_text('title = "x"\n')
    Image.new("RGB", (64, 48), (20, 120, 200)).save(bundle / "image.png", "PNG")
    post = bundle / "index.md"
    post.write_bytes(text.encode())
    return post


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]


@pytest.mark.parametrize(
    ("value", "parts"),
    [
        ({"image": "a.png", "alt": "x", "caption": "c"}, ("image", "alt")),
        ({"src": "./cover.png", "alt": "x"}, ("src", "alt")),
        ({"url": "/a.jpg", "alt_text": "x"}, ("url", "alt_text")),
        ({"path": "/a.jpg"}, ("path", None)),
        ({"image": None, "alt": None}, ("image", "alt")),
        ({"alt": "no image"}, None),
        ({"image": {"deeper": "a.png"}}, None),
        ({"image": "a.png", "sizes": [1, 2]}, None),
        ("a.png", None),
        (["a.png"], None),
    ],
)
def test_which_mappings_are_an_image(value: object, parts: tuple[str, str | None] | None) -> None:
    assert image_parts(value) == parts


def test_papermod_cover_is_found_checked_and_converted_on_its_own_line(tmp_path: Path) -> None:
    path = hugo_bundle(tmp_path)
    post = Post.load(path)
    site = Site.for_file(path)
    ref = cover_ref(post)
    assert ref == CoverRef("cover", "image", "alt")
    assert ref.name == "cover.image" and ref.get(post.metadata) == "image.png"
    assert ref.alt(post.metadata) == "A sample cover image"
    codes = [p.code for p in check_post(post, site)]
    assert "cover-missing" not in codes and "cover-not-found" not in codes
    assert "cover-not-webp" in codes
    plan = cover_plan(post, site)
    assert plan.kind == "convert" and plan.key == "cover.image" and plan.ref == ref

    result = subprocess.run(
        [sys.executable, "-m", "editor", "cover", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert result.returncode == 0, result.stderr
    after = path.read_text()
    new = Post.load(path).metadata["cover"]["image"]
    assert new.endswith(".webp")
    assert changed_lines(PAPERMOD, after) == [
        "-     image: image.png # from the bundle",
        f"+     image: {new} # from the bundle",
    ]
    assert "cover-not-webp" not in [p.code for p in check_post(Post.load(path), site)]


def test_a_nested_cover_without_an_image_is_missing(tmp_path: Path) -> None:
    path = hugo_bundle(tmp_path, PAPERMOD.replace("    image: image.png # from the bundle\n", '    image: ""\n'))
    post = Post.load(path)
    problems = {p.code: p for p in check_post(post, Site.for_file(path))}
    assert "cover-missing" in problems and "cover.image" in problems["cover-missing"].message
    assert problems["cover-missing"].field == "cover"


def test_a_nested_cover_naming_a_missing_file_is_an_error(tmp_path: Path) -> None:
    path = hugo_bundle(tmp_path, PAPERMOD.replace("image: image.png", "image: gone.png"))
    codes = [p.code for p in check_post(Post.load(path), Site.for_file(path)) if p.severity == "error"]
    assert "cover-not-found" in codes


def test_a_nested_cover_from_outside_the_site_is_an_error_not_a_conversion(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    Image.new("RGB", (8, 8)).save(secret)
    path = hugo_bundle(tmp_path, PAPERMOD.replace("image: image.png", f"image: {secret}"))
    post, site = Post.load(path), Site.for_file(path)
    problems = check_post(post, site)
    assert [p.code for p in problems if p.severity == "error"] == ["cover-outside"]
    assert "cover-not-webp" not in [p.code for p in problems]
    # picked with the file dialog: saving imports it, so it is only a pending conversion
    picked = check_post(post, site, picked={str(secret)})
    assert "cover-outside" not in [p.code for p in picked] and "cover-not-webp" in [p.code for p in picked]


def test_astro_cover_image_src_and_toml_table(tmp_path: Path) -> None:
    site = tmp_path / "astro"
    folder = site / "src/content/post/guide"
    folder.mkdir(parents=True)
    (site / "astro.config.mjs").write_text("export default {}\n")
    Image.new("RGB", (30, 20), (200, 30, 30)).save(folder / "cover.png")
    astro = folder / "index.md"
    astro.write_text('---\ntitle: "Guide"\ncoverImage:\n  src: "./cover.png"\n  alt: "A red square"\n---\nText.\n')
    post = Post.load(astro)
    assert cover_ref(post) == CoverRef("coverImage", "src", "alt")
    assert cover_plan(post, Site.for_file(astro)).kind == "convert"

    toml = tmp_path / "toml.md"
    toml.write_text('+++\ntitle = "T"\n[cover]\nimage = "a.webp"\nalt = "An alt"\n+++\nBody.\n')
    post = Post.load(toml)
    ref = cover_ref(post)
    assert ref == CoverRef("cover", "image", "alt")
    ref.set(post.metadata, "b.webp")
    assert changed_lines(toml.read_text(), post.to_bytes().decode()) == ['- image = "a.webp"', '+ image = "b.webp"']


def test_standalone_html_shows_the_nested_cover_with_its_alt_text(tmp_path: Path) -> None:
    path = hugo_bundle(tmp_path)
    out = export_html(Post.load(path), Site.for_file(path), tmp_path / "out")
    page = out.read_text()
    assert '<img class="pe-cover" alt="A sample cover image" src="data:image/png;base64,' in page


def test_export_into_a_site_moves_the_nested_cover_and_keeps_its_other_keys(tmp_path: Path) -> None:
    flat = hugo_bundle(tmp_path, PAPERMOD.replace("image: image.png", "image: /images/c.png"))
    (tmp_path / "site/static/images").mkdir()
    Image.new("RGB", (10, 10)).save(tmp_path / "site/static/images/c.png")
    (flat.parent / "image.png").unlink()
    flat.rename(tmp_path / "site/content/posts/flat.md")
    flat.parent.rmdir()
    flat = tmp_path / "site/content/posts/flat.md"
    target = tmp_path / "other"
    (target / "content/posts").mkdir(parents=True)
    (target / "content/posts/old.md").write_text("---\ntitle: Old\n---\n")
    (target / "static").mkdir()
    (target / "hugo.toml").write_text('title = "y"\n')
    written = export_to_site(Post.load(flat), Site.for_file(flat), target)
    exported = Post.load(written)
    image = exported.metadata["cover"]["image"]
    assert image != "/images/c.png" and (target / "static" / image.lstrip("/")).is_file()
    assert exported.metadata["cover"]["alt"] == "A sample cover image"
    assert exported.metadata["cover"]["relative"] is False


@pytest.mark.skipif(SHARED is None, reason=SKIP_NO_SHARED)
@pytest.mark.parametrize(
    ("path", "where"),
    [
        ("adityatelange__hugo-PaperMod/content/posts/inner-section/cover-page/index.md", ("cover", "image", "alt")),
        ("chrismwilliams__astro-theme-cactus/content/posts/testing/cover-image/index.md", ("coverImage", "src", "alt")),
    ],
)
def test_real_nested_covers_are_found(path: str, where: tuple[str, str, str]) -> None:
    assert SHARED is not None
    post = Post.load(SHARED / "corpus" / path)
    assert cover_ref(post) == CoverRef(*where)
    assert "cover-missing" not in [p.code for p in check_post(post)]
