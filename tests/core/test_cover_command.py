"""`post-editor cover`: the same conversion as saving in the window, without it."""

from __future__ import annotations

import difflib
import shutil
import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageChops, ImageStat

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample-site"
PNG_POST = "src/content/blog/writing-better-excerpts.md"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "editor", "cover", *args], capture_output=True, text=True, cwd=ROOT)


def copy_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(SAMPLE, site)
    return site


def test_cover_command_converts_and_changes_only_the_cover_line(tmp_path: Path) -> None:
    site = copy_site(tmp_path)
    post = site / PNG_POST
    before = post.read_text()
    png = site / "public/images/blog/writing-better-excerpts-cover.png"
    png_bytes = png.read_bytes()
    out = run(str(post))
    assert out.returncode == 0, out.stderr
    after = post.read_text()
    diff = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]
    assert diff == [
        '- cover: "/images/blog/writing-better-excerpts-cover.png"',
        '+ cover: "/images/blog/writing-better-excerpts-cover.webp"',
    ]
    webp = site / "public/images/blog/writing-better-excerpts-cover.webp"
    with Image.open(webp) as image:
        assert image.format == "WEBP" and image.width <= 1600
        assert not image.getexif() and "xmp" not in image.info and "exif" not in image.info
        converted = image.convert("RGB")
    with Image.open(png) as source:
        original = source.convert("RGB").resize(converted.size)
    difference = ImageStat.Stat(ImageChops.difference(original, converted)).mean
    assert max(difference) < 6, difference  # looks like the source
    assert png.read_bytes() == png_bytes  # the original is kept
    again = run(str(post))
    assert again.returncode == 0 and "nothing to do" in again.stdout
    assert post.read_text() == after


def test_bad_image_exits_1_and_changes_nothing(tmp_path: Path) -> None:
    site = copy_site(tmp_path)
    post = site / PNG_POST
    before = post.read_bytes()
    png = site / "public/images/blog/writing-better-excerpts-cover.png"
    png.write_bytes(png.read_bytes()[:200])  # truncated
    out = run(str(post))
    assert out.returncode == 1
    assert "writing-better-excerpts-cover.png" in out.stderr
    assert post.read_bytes() == before
    assert not (site / "public/images/blog/writing-better-excerpts-cover.webp").exists()


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run(str(tmp_path / "missing.md")).returncode == 2
    assert run(str(SAMPLE / PNG_POST), "--quality", "0").returncode == 2
    assert run().returncode == 2


def test_quality_and_max_width_options(tmp_path: Path) -> None:
    site = copy_site(tmp_path)
    post = site / PNG_POST
    assert run(str(post), "--max-width", "640", "--quality", "60").returncode == 0
    with Image.open(site / "public/images/blog/writing-better-excerpts-cover.webp") as image:
        assert image.width == 640
