"""A converted cover is never larger than the best WebP of it, lossy or lossless, opaque or not."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from editor.core.images import CoverResult, convert_cover
from editor.core.site import Site
from editor.core.webp import LOSSLESS_EFFORT, WEBP_METHOD

COLOURS = ["#1d3557", "#457b9d", "#a8dadc", "#f1faee", "#e63946", "#2a9d8f", "#e9c46a", "#f4a261", "#264653", "#fff"]


def flat_graphic(mode: str) -> Image.Image:
    """A 1600×900 chart-like picture in ten flat colours."""
    im = Image.new(mode, (1600, 900), COLOURS[3])
    draw = ImageDraw.Draw(im)
    for i, colour in enumerate(COLOURS):
        draw.rectangle((80 + i * 148, 860 - (i + 1) * 70, 200 + i * 148, 860), fill=colour)
        draw.ellipse((100 + i * 140, 40, 180 + i * 140, 120), fill=COLOURS[-1 - i])
    return im


def convert(source: Path, root: Path) -> CoverResult:
    """Convert ``source`` as the cover of a post of a small Astro site under ``root``."""
    (root / "src/content/blog").mkdir(parents=True, exist_ok=True)
    (root / "public/images").mkdir(parents=True, exist_ok=True)
    (root / "astro.config.mjs").write_text("export default {}\n")
    post = root / "src/content/blog/post.md"
    post.write_text("---\ntitle: Post\n---\nText.\n")
    site = Site.detect(root)
    return convert_cover(source, site, post, source.stem, quality=82)


def webp_size(im: Image.Image, **options: object) -> int:
    buf = io.BytesIO()
    im.save(buf, "WEBP", method=WEBP_METHOD, **options)
    return len(buf.getvalue())


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "P"])
def test_a_flat_png_gets_the_smaller_of_lossy_and_lossless(mode: str, tmp_path: Path) -> None:
    im = flat_graphic("RGB")
    source = tmp_path / "chart.png"
    (im.convert("RGBA") if mode == "RGBA" else im.quantize(10) if mode == "P" else im).save(source, optimize=True)
    result = convert(source, tmp_path / "site")
    reference = im.convert("RGBA") if mode == "RGBA" else im
    best = min(webp_size(reference, quality=82), webp_size(reference, lossless=True, quality=LOSSLESS_EFFORT))
    assert result.target_bytes <= best
    assert result.target_bytes == result.target.stat().st_size
    with Image.open(result.target) as out:  # still the same picture
        assert out.size == (1600, 900)
        diff = sum(abs(a - b) for a, b in zip(out.convert("RGB").tobytes()[:30000], im.tobytes()[:30000], strict=True))
        assert diff / 30000 < 2


def test_the_author_is_told_when_the_original_was_smaller(tmp_path: Path) -> None:
    grown = CoverResult(Path("chart.png"), Path("chart.webp"), "/c.webp", 10, 10, 5_632, 6_150, True)
    note = grown.size_note()
    assert note is not None and "larger than the original PNG" in note and "5.5 KB" in note
    photo = tmp_path / "noise.png"
    Image.effect_noise((400, 300), 60).convert("RGB").save(photo)
    assert convert(photo, tmp_path / "site").size_note() is None  # a big PNG shrinks
