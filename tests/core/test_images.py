"""Cover and body image conversion: real Pillow encodes and decodes, compared by pixels."""

from __future__ import annotations

import io
import os
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageCms, ImageDraw, ImageStat

from editor.core.images import (
    RASTER_SUFFIXES,
    CoverResult,
    ImageError,
    convert_cover,
    encode_webp,
    import_image,
    needs_conversion,
    resolve_reference,
    supported_suffixes,
    target_for,
)
from editor.core.site import Site
from tests.shared_data import SHARED, SKIP_NO_SHARED

SLUG = "my-post"


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def site(tmp_path: Path) -> Site:
    root = tmp_path / "site"
    (root / "src" / "content" / "blog").mkdir(parents=True)
    (root / "public").mkdir()
    (root / "astro.config.mjs").write_text("export default {}\n")
    (root / "package.json").write_text('{"dependencies": {"astro": "^4"}}\n')
    (root / "src" / "content" / "blog" / f"{SLUG}.md").write_text("---\ntitle: My post\n---\nHello\n")
    found = Site.detect(root)
    assert found.generator == "astro"
    return found


@pytest.fixture
def post(site: Site) -> Path:
    return site.root / "src" / "content" / "blog" / f"{SLUG}.md"


def gradient(width: int, height: int, mode: str = "RGB") -> Image.Image:
    """A smooth photo-like picture with some structure."""
    im = Image.new("RGB", (width, height))
    px = Image.linear_gradient("L").resize((width, height))
    py = Image.linear_gradient("L").rotate(90).resize((width, height))
    im = Image.merge("RGB", (px, py, ImageChops.invert(px)))
    draw = ImageDraw.Draw(im)
    draw.ellipse((width // 4, height // 4, width // 2, height // 2), fill=(250, 200, 30))
    return im.convert(mode)


def diff(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference per channel (0-255), both compared at ``a``'s size."""
    if "A" not in a.getbands() and "A" not in b.getbands():
        a = a.convert("RGB")
        b = b.convert("RGB").resize(a.size, Image.Resampling.LANCZOS)
        return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3
    # With alpha: the colour of fully transparent pixels does not matter, so compare
    # the pictures composited over grey, plus the alpha channels.
    a = a.convert("RGBA")
    b = b.convert("RGBA").resize(a.size, Image.Resampling.LANCZOS)
    grey = Image.new("RGBA", a.size, (128, 128, 128, 255))
    colour = diff(Image.alpha_composite(grey, a).convert("RGB"), Image.alpha_composite(grey, b).convert("RGB"))
    alpha = ImageStat.Stat(ImageChops.difference(a.getchannel("A"), b.getchannel("A"))).mean[0]
    return (3 * colour + alpha) / 4


def webp_chunks(data: bytes) -> list[bytes]:
    """The RIFF chunk names of a WebP file (to check for EXIF/XMP/ICCP)."""
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    names = []
    pos = 12
    while pos + 8 <= len(data):
        name, size = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        names.append(name)
        pos += 8 + size + (size & 1)
    return names


def open_out(result: CoverResult) -> Image.Image:
    im = Image.open(result.target)
    im.load()
    return im


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def save(im: Image.Image, path: Path, **kw: object) -> Path:
    im.save(path, **kw)  # type: ignore[arg-type]
    return path


# --------------------------------------------------------------------------- the pipeline


def test_png_cover_goes_to_public_images_blog(site: Site, post: Path, tmp_path: Path) -> None:
    src = save(gradient(2400, 1200), tmp_path / "cover.png")
    result = convert_cover(src, site, post, SLUG)
    assert result.target == site.root / "public" / "images" / "blog" / f"{SLUG}-cover.webp"
    assert result.reference == f"/images/blog/{SLUG}-cover.webp"
    assert result.converted
    out = open_out(result)
    assert out.format == "WEBP"
    assert out.size == (1600, 800) == (result.width, result.height)
    assert result.target_bytes == result.target.stat().st_size
    assert result.source_bytes == src.stat().st_size
    assert diff(out, Image.open(src)) < 4


def test_exif_orientation_applied_and_metadata_stripped(site: Site, post: Path, tmp_path: Path) -> None:
    im = Image.new("RGB", (400, 200), (220, 20, 20))
    im.paste((20, 20, 220), (200, 0, 400, 200))  # left red, right blue
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90 CW to display
    exif[0x010F] = "CameraMaker"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (48.0, 51.0, 24.0)
    gps[3] = "E"
    gps[4] = (2.0, 21.0, 3.0)
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    src = save(im, tmp_path / "photo.jpg", exif=exif, xmp=xmp, quality=95)
    assert Image.open(src).getexif().get_ifd(0x8825)  # the source really has GPS
    result = convert_cover(src, site, post, SLUG)
    out = open_out(result)
    assert out.size == (200, 400)  # rotated
    top = out.convert("RGB").getpixel((100, 50))
    bottom = out.convert("RGB").getpixel((100, 350))
    assert isinstance(top, tuple) and isinstance(bottom, tuple)
    assert top[0] > 150 and top[2] < 80  # red on top after the rotation
    assert bottom[2] > 150 and bottom[0] < 80
    assert not out.getexif()
    assert "exif" not in out.info and "xmp" not in out.info and "icc_profile" not in out.info
    chunks = webp_chunks(result.target.read_bytes())
    assert b"EXIF" not in chunks and b"XMP " not in chunks and b"ICCP" not in chunks
    assert b"CameraMaker" not in result.target.read_bytes()


def test_alpha_is_kept(site: Site, post: Path, tmp_path: Path) -> None:
    im = gradient(300, 200, "RGBA")
    im.paste((0, 0, 0, 0), (0, 0, 60, 60))
    src = save(im, tmp_path / "logo.png")
    out = open_out(convert_cover(src, site, post, SLUG))
    assert out.mode == "RGBA"
    assert out.getpixel((10, 10))[3] == 0  # type: ignore[index]
    assert out.getpixel((200, 150))[3] == 255  # type: ignore[index]
    assert diff(out, im) < 4


def test_flat_graphic_with_alpha_can_be_lossless(site: Site, post: Path, tmp_path: Path) -> None:
    im = Image.new("RGBA", (400, 300), (0, 0, 0, 0))
    draw = ImageDraw.Draw(im)
    draw.rectangle((20, 20, 380, 120), fill=(30, 90, 200, 255))
    draw.rectangle((40, 150, 200, 280), fill=(240, 240, 240, 255))
    for x in range(50, 350, 30):
        draw.rectangle((x, 60, x + 12, 80), fill=(255, 255, 255, 255))
    src = save(im, tmp_path / "diagram.png")
    result = convert_cover(src, site, post, SLUG)
    out = open_out(result)
    assert out.mode == "RGBA"
    assert diff(out, im) < 1
    lossy = io.BytesIO()
    im.save(lossy, "WEBP", quality=82, method=4)
    assert result.target_bytes <= len(lossy.getvalue())  # the smaller of lossy and lossless


def test_cmyk_jpeg(site: Site, post: Path, tmp_path: Path) -> None:
    rgb = gradient(500, 300)
    src = save(rgb.convert("CMYK"), tmp_path / "print.jpg", quality=95)
    assert Image.open(src).mode == "CMYK"
    out = open_out(convert_cover(src, site, post, SLUG))
    assert out.mode == "RGB"
    assert diff(out, Image.open(src).convert("RGB")) < 5


def test_16_bit_grayscale_png(site: Site, post: Path, tmp_path: Path) -> None:
    width, height = 256, 64
    im = Image.new("I;16", (width, height))
    im.putdata([x * 257 for _ in range(height) for x in range(width)])
    src = save(im, tmp_path / "depth.png")
    assert Image.open(src).mode.startswith("I")
    out = open_out(convert_cover(src, site, post, SLUG)).convert("L")
    assert out.getpixel((5, 30)) < 30  # type: ignore[operator]
    assert out.getpixel((250, 30)) > 220  # type: ignore[operator]
    ramp = Image.new("L", (width, height))
    ramp.putdata([x for _ in range(height) for x in range(width)])
    assert diff(out, ramp) < 4


def test_palette_png_with_transparency(site: Site, post: Path, tmp_path: Path) -> None:
    im = Image.new("P", (120, 80), 0)
    im.putpalette([255, 255, 255, 200, 30, 30, 30, 30, 200] + [0] * (256 * 3 - 9))
    ImageDraw.Draw(im).rectangle((10, 10, 60, 60), fill=1)
    ImageDraw.Draw(im).rectangle((70, 10, 110, 60), fill=2)
    src = save(im, tmp_path / "icon.png", transparency=0)
    out = open_out(convert_cover(src, site, post, SLUG))
    assert out.mode == "RGBA"
    assert out.getpixel((2, 2))[3] == 0  # type: ignore[index]
    assert diff(out, Image.open(src)) < 3


@pytest.mark.parametrize("mode", ["L", "LA"])
def test_grayscale(site: Site, post: Path, tmp_path: Path, mode: str) -> None:
    im = gradient(300, 200, mode)
    if mode == "LA":
        im.paste((0, 0), (0, 0, 50, 50))  # a transparent corner
    src = save(im, tmp_path / "gray.png")
    out = open_out(convert_cover(src, site, post, SLUG))
    assert out.mode == ("RGB" if mode == "L" else "RGBA")
    assert diff(out, im) < 3


def test_fully_opaque_alpha_is_dropped(site: Site, post: Path, tmp_path: Path) -> None:
    src = save(gradient(300, 200, "RGBA"), tmp_path / "opaque.png")
    assert open_out(convert_cover(src, site, post, SLUG)).mode == "RGB"


def test_srgb_icc_profile_is_converted_and_dropped(site: Site, post: Path, tmp_path: Path) -> None:
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    im = gradient(400, 300)
    src = save(im, tmp_path / "profiled.jpg", icc_profile=icc, quality=95)
    assert Image.open(src).info.get("icc_profile")
    result = convert_cover(src, site, post, SLUG)
    out = open_out(result)
    assert diff(out, im) < 4
    assert b"ICCP" not in webp_chunks(result.target.read_bytes())


def test_broken_icc_profile_still_converts(site: Site, post: Path, tmp_path: Path) -> None:
    im = gradient(300, 200)
    src = save(im, tmp_path / "broken-icc.png", icc_profile=b"this is not an ICC profile" * 4)
    assert Image.open(src).info.get("icc_profile")
    out = open_out(convert_cover(src, site, post, SLUG))
    assert diff(out, im) < 4


def test_animated_gif_becomes_animated_webp(site: Site, post: Path, tmp_path: Path) -> None:
    colours = [(200, 30, 30), (30, 200, 30), (30, 30, 200), (220, 220, 30)]
    frames = []
    for i, colour in enumerate(colours):
        frame = Image.new("RGB", (2000, 100), (255, 255, 255))
        ImageDraw.Draw(frame).rectangle((i * 400, 10, i * 400 + 300, 90), fill=colour)
        frames.append(frame)
    src = tmp_path / "anim.gif"
    frames[0].save(src, save_all=True, append_images=frames[1:], duration=[100, 150, 200, 250], loop=0)
    result = convert_cover(src, site, post, SLUG)
    out = Image.open(result.target)
    assert out.format == "WEBP"
    assert getattr(out, "is_animated", False)
    assert getattr(out, "n_frames", 1) == 4
    assert out.size == (1600, 80)  # every frame resized
    durations = []
    for i in range(4):
        out.seek(i)
        out.load()
        durations.append(out.info.get("duration"))
        assert diff(out.convert("RGB"), frames[i]) < 6
    assert durations == [100, 150, 200, 250]
    assert out.info.get("loop") == 0


def test_resize_only_down_and_parameters(site: Site, post: Path, tmp_path: Path) -> None:
    src = save(gradient(800, 400), tmp_path / "small.png")
    assert convert_cover(src, site, post, "small").width == 800  # never upscaled
    narrow = convert_cover(src, site, post, "narrow", max_width=300)
    assert (narrow.width, narrow.height) == (300, 150)
    assert open_out(narrow).size == (300, 150)
    photo = save(gradient(800, 400).effect_spread(3), tmp_path / "noisy.png")
    low = convert_cover(photo, site, post, "low", quality=20)
    high = convert_cover(photo, site, post, "high", quality=95)
    assert low.target_bytes < high.target_bytes


def test_site_config_defaults_are_used(site: Site, post: Path, tmp_path: Path) -> None:
    site.config.max_width = 500
    site.config.image_name = "{slug}.webp"
    result = convert_cover(save(gradient(1000, 500), tmp_path / "c.png"), site, post, SLUG)
    assert result.width == 500
    assert result.target.name == f"{SLUG}.webp"


def test_idempotent(site: Site, post: Path, tmp_path: Path) -> None:
    src = save(gradient(900, 500), tmp_path / "cover.png")
    first = convert_cover(src, site, post, SLUG)
    data, mtime = first.target.read_bytes(), first.target.stat().st_mtime_ns
    second = convert_cover(src, site, post, SLUG)
    assert first.converted and not second.converted
    assert second.target == first.target and second.reference == first.reference
    assert first.target.read_bytes() == data and first.target.stat().st_mtime_ns == mtime
    assert files_under(site.images_folder) == [first.target]


def test_different_file_at_target_gets_suffix(site: Site, post: Path, tmp_path: Path) -> None:
    folder = site.root / "public" / "images" / "blog"
    folder.mkdir(parents=True)
    other = folder / f"{SLUG}-cover.webp"
    gradient(100, 100).save(other, "WEBP")
    other_bytes = other.read_bytes()
    src = save(gradient(700, 300), tmp_path / "cover.png")
    result = convert_cover(src, site, post, SLUG)
    assert result.target.name == f"{SLUG}-cover-2.webp"
    assert result.reference == f"/images/blog/{SLUG}-cover-2.webp"
    assert other.read_bytes() == other_bytes
    again = convert_cover(src, site, post, SLUG)
    assert again.target == result.target and not again.converted


def test_original_is_untouched(site: Site, post: Path, tmp_path: Path) -> None:
    src = save(gradient(2000, 1000), tmp_path / "keep.png")
    before, mtime = src.read_bytes(), src.stat().st_mtime_ns
    convert_cover(src, site, post, SLUG)
    assert src.read_bytes() == before and src.stat().st_mtime_ns == mtime


def test_progress_is_reported(site: Site, post: Path, tmp_path: Path) -> None:
    seen: list[float] = []
    convert_cover(save(gradient(2000, 1000), tmp_path / "p.png"), site, post, SLUG, progress=seen.append)
    assert seen[0] == 0.0 and seen[-1] == 1.0 and len(seen) >= 3
    assert seen == sorted(seen)


# --------------------------------------------------------------------------- bad inputs


def _tiny_png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (2, 2), (1, 2, 3)).save(buf, "PNG")
    return buf.getvalue()


def _bomb_png(width: int, height: int) -> bytes:
    data = bytearray(_tiny_png())
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])) & 0xFFFFFFFF)
    return bytes(data)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.png", b"", "empty file"),
        ("cut.png", _tiny_png()[:40], "is not an image Post Editor can read"),
        ("noise.png", os.urandom(4096), "is not an image Post Editor can read"),
        ("notes.jpg", b"Just some text, not a JPEG at all.\n" * 20, "is not an image Post Editor can read"),
        ("bomb.png", _bomb_png(100_000, 100_000), "above the limit of 80,000,000 pixels"),
        ("vector.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "unsupported format"),
    ],
)
def test_bad_inputs_raise_and_write_nothing(
    site: Site, post: Path, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    src = tmp_path / name
    src.write_bytes(content)
    with pytest.raises(ImageError, match=message) as info:
        convert_cover(src, site, post, SLUG)
    assert name in str(info.value)
    assert files_under(site.root / "public") == []
    assert src.read_bytes() == content


def test_truncated_jpeg(site: Site, post: Path, tmp_path: Path) -> None:
    buf = io.BytesIO()
    gradient(600, 400).save(buf, "JPEG", quality=90)
    src = tmp_path / "cut.jpg"
    src.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    with pytest.raises(ImageError, match="truncated"):
        convert_cover(src, site, post, SLUG)
    assert files_under(site.root / "public") == []


def test_pixel_limit_checked_before_decoding(site: Site, post: Path, tmp_path: Path) -> None:
    src = save(gradient(400, 300), tmp_path / "photo.jpg")
    with pytest.raises(ImageError, match=r"photo.jpg is 400 x 300 pixels, above the limit of 100,000 pixels"):
        convert_cover(src, site, post, SLUG, max_pixels=100_000)
    src2 = tmp_path / "big.png"
    src2.write_bytes(_bomb_png(24_000, 18_000))
    with pytest.raises(ImageError, match=r"big.png is 24,000 x 18,000 pixels, above the limit of 80,000,000 pixels"):
        convert_cover(src2, site, post, SLUG)
    assert files_under(site.root / "public") == []


@pytest.mark.skipif(".heic" in supported_suffixes(), reason="a HEIC plugin is installed")
def test_heic_without_plugin_is_unsupported(site: Site, post: Path, tmp_path: Path) -> None:
    src = tmp_path / "IMG_0001.HEIC"
    src.write_bytes(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64)
    with pytest.raises(ImageError, match="unsupported format.*pillow-heif"):
        convert_cover(src, site, post, SLUG)


def test_raster_suffixes() -> None:
    assert {".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff", ".bmp", ".heic", ".avif"} <= RASTER_SUFFIXES
    assert supported_suffixes() <= RASTER_SUFFIXES


# --------------------------------------------------------------------------- references


def test_resolve_reference(site: Site, post: Path, tmp_path: Path) -> None:
    public_img = site.root / "public" / "images" / "x.png"
    public_img.parent.mkdir(parents=True)
    save(gradient(10, 10), public_img)
    local = save(gradient(10, 10), post.parent / "local.png")
    assert resolve_reference("/images/x.png", site, post) == public_img.resolve()
    assert resolve_reference("./local.png", site, post) == local.resolve()
    assert resolve_reference("local.png", site, post) == local.resolve()
    assert resolve_reference(str(public_img), site, post) == public_img.resolve()
    assert resolve_reference("../../../public/images/x.png", site, post) == public_img.resolve()
    top_post = site.root / "about.md"
    top_post.write_text("# About\n")
    with pytest.raises(ImageError, match=r"^\.\./\.\./etc/passwd is outside the site"):
        resolve_reference("../../etc/passwd", site, top_post)
    with pytest.raises(ImageError, match="outside the site"):
        resolve_reference("../../../../../../../../../../etc/passwd", site, post)
    outside = save(gradient(10, 10), tmp_path / "picked.png")
    with pytest.raises(ImageError, match="outside the site"):
        resolve_reference(str(outside), site, post)
    with pytest.raises(ImageError, match="outside the site"):
        resolve_reference(outside.as_uri(), site, post)
    assert resolve_reference(str(outside), site, post, allow_outside=True) == outside.resolve()
    assert resolve_reference(outside.as_uri(), site, post, allow_outside=True) == outside.resolve()
    with pytest.raises(ImageError, match="remote"):
        resolve_reference("https://example.com/a.png", site, post)
    with pytest.raises(ImageError, match="empty"):
        resolve_reference("  ", site, post)


def test_symlink_out_of_the_site_is_outside(site: Site, post: Path, tmp_path: Path) -> None:
    secret = save(gradient(10, 10), tmp_path / "secret.png")
    link = post.parent / "innocent.png"
    link.symlink_to(secret)
    with pytest.raises(ImageError, match="outside the site"):
        resolve_reference("innocent.png", site, post)


def test_needs_conversion(site: Site, post: Path, tmp_path: Path) -> None:
    folder = site.root / "public" / "images"
    folder.mkdir(parents=True)
    save(gradient(10, 10), folder / "a.png")
    save(gradient(10, 10), folder / "b.webp")
    save(gradient(10, 10), post.parent / "c.jpg")
    outside_webp = save(gradient(10, 10), tmp_path / "d.webp")
    outside_jpg = save(gradient(10, 10), tmp_path / "e.jpg")
    assert needs_conversion("/images/a.png", site, post)
    assert needs_conversion("./c.jpg", site, post)
    assert needs_conversion(str(outside_jpg), site, post)
    assert needs_conversion(str(outside_webp), site, post)
    assert needs_conversion(outside_jpg.as_uri(), site, post)
    assert not needs_conversion("/images/b.webp", site, post)
    assert not needs_conversion("https://example.com/x.png", site, post)
    assert not needs_conversion("", site, post)
    assert not needs_conversion("   ", site, post)
    assert not needs_conversion("/images/missing.png", site, post)
    assert not needs_conversion("data:image/png;base64,AAAA", site, post)


def test_relative_value_keeps_cover_next_to_original(site: Site, post: Path) -> None:
    bundle = site.root / "src" / "content" / "blog" / "trip"
    bundle.mkdir()
    bundle_post = bundle / "index.md"
    bundle_post.write_text("---\ntitle: Trip\n---\n")
    src = save(gradient(500, 300), bundle / "cover.png")
    result = convert_cover(src, site, bundle_post, "trip", value="./cover.png")
    assert result.target == bundle / "trip-cover.webp"
    assert result.reference == "./trip-cover.webp"
    assets = site.root / "src" / "assets"
    assets.mkdir()
    photo = save(gradient(500, 300), assets / "hero.jpg")
    res2 = convert_cover(photo, site, post, SLUG, value="../../assets/hero.jpg")
    assert res2.target == assets / f"{SLUG}-cover.webp"
    assert res2.reference == f"../../assets/{SLUG}-cover.webp"


def test_site_absolute_value_gives_site_absolute_reference(site: Site, post: Path) -> None:
    folder = site.root / "public" / "uploads"
    folder.mkdir(parents=True)
    src = save(gradient(500, 300), folder / "pic.png")
    result = convert_cover(src, site, post, SLUG, value="/uploads/pic.png")
    assert result.reference == f"/images/blog/{SLUG}-cover.webp"
    assert (folder / "pic.png").read_bytes() == src.read_bytes()


def test_site_without_public_folder_gets_relative_reference(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    post = root / "hello.md"
    post.write_text("# Hello\n")
    generic = Site.detect(root)
    assert generic.public_folder is None
    src = save(gradient(300, 200), tmp_path / "pic.png")
    result = convert_cover(src, generic, post, "hello")
    assert not result.reference.startswith("/")
    assert (post.parent / result.reference).resolve() == result.target.resolve()


def test_naming_follows_existing_covers(site: Site) -> None:
    folder = site.images_folder
    folder.mkdir(parents=True)
    assert target_for(site, "Hello World", None).name == "hello-world-cover.webp"
    for name in ("first.webp", "second.webp", "third-cover.webp"):
        gradient(10, 10).save(folder / name, "WEBP")
    assert target_for(site, SLUG, None).name == f"{SLUG}.webp"
    for name in ("a-cover.webp", "b-cover.webp"):
        gradient(10, 10).save(folder / name, "WEBP")
    assert target_for(site, SLUG, None).name == f"{SLUG}-cover.webp"
    assert target_for(site, "../../evil", None).parent == folder


def test_import_image(site: Site, post: Path, tmp_path: Path) -> None:
    src = save(gradient(2000, 1000), tmp_path / "My Holiday Photo É.PNG")
    result = import_image(src, site, post)
    assert result.target == site.images_folder / "my-holiday-photo-e.webp"
    assert result.reference == "/images/blog/my-holiday-photo-e.webp"
    assert result.width == 1600
    with pytest.raises(ImageError, match="outside the site"):
        import_image(src, site, post, allow_outside=False)
    inside = site.images_folder / "ready.webp"
    gradient(300, 200).save(inside, "WEBP")
    ready = import_image(inside, site, post)
    assert not ready.converted and ready.target == inside.resolve()
    assert ready.reference == "/images/blog/ready.webp"


def test_encode_webp_returns_webp() -> None:
    data = encode_webp(gradient(200, 100), 80)
    assert webp_chunks(data)[0] in (b"VP8 ", b"VP8X", b"VP8L")
    assert diff(Image.open(io.BytesIO(data)), gradient(200, 100)) < 4


# --------------------------------------------------------------------------- real photographs


def test_corpus_photograph(site: Site, post: Path, tmp_path: Path) -> None:
    if SHARED is None:
        pytest.skip(SKIP_NO_SHARED)
    photo = SHARED / "corpus" / "saicaca__fuwari" / "src" / "content" / "posts" / "guide" / "cover.jpeg"
    if not photo.is_file():
        pytest.skip(SKIP_NO_SHARED)
    src = tmp_path / "cover.jpeg"
    shutil.copyfile(photo, src)
    result = convert_cover(src, site, post, SLUG)
    original = Image.open(src)
    assert original.width > 1600 and result.width == 1600
    assert result.target_bytes < result.source_bytes
    assert diff(open_out(result), original) < 4
    assert photo.read_bytes() == src.read_bytes()
