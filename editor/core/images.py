"""Cover and body images: turning whatever the author picked into a web-ready WebP.

``convert_cover`` takes a photograph or graphic (PNG, JPEG, GIF, TIFF, BMP, WebP,
and HEIC/AVIF when a Pillow plugin can read them), applies the EXIF orientation,
converts embedded colour profiles to sRGB, strips every piece of metadata (EXIF,
XMP, GPS), scales it down to the site's maximum width and writes a WebP into the
site's image folder through ``fileio.atomic_write``. ``import_image`` does the
same for images dropped into a post's body.

The original file is never touched, a different file already at the target name
is never overwritten (``-2``, ``-3``... are added), and converting the same
image twice reuses the first result. Every problem becomes an ``ImageError``
whose message says what is wrong with which file.
"""

from __future__ import annotations

import io
import os
import re
import threading
import unicodedata
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from PIL import Image, ImageCms, ImageOps, ImageSequence, UnidentifiedImageError, features

from editor.core.errors import PostError
from editor.core.fileio import atomic_write
from editor.core.site import Site

RASTER_SUFFIXES: frozenset[str] = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".tiff", ".tif", ".bmp", ".webp", ".heic", ".heif", ".avif"}
)
"""File name suffixes (lowercase, with the dot) of the raster formats Post Editor converts."""

DEFAULT_MAX_PIXELS = 80_000_000
DEFAULT_NAME = "{slug}-cover.webp"
WEBP_METHOD = 4
LOSSLESS_MAX_COLOURS = 2048  # a "flat graphic": few distinct colours
LOSSLESS_EFFORT = 50
MAX_SUFFIX = 999

# Formats Pillow may use to open a file; anything else (TGA guessed from noise, ...) is refused.
_WANTED_FORMATS = ("PNG", "JPEG", "MPO", "GIF", "TIFF", "BMP", "DIB", "WEBP", "HEIF", "AVIF")
_PIXEL_LIMIT_LOCK = threading.Lock()
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, KeyError, ZeroDivisionError)

Progress = Callable[[float], None]


class ImageError(PostError):
    """An image could not be read, converted or written; the message says why."""


@dataclass
class CoverResult:
    """What ``convert_cover``/``import_image`` did."""

    source: Path
    target: Path
    reference: str  # the front-matter (or Markdown) value pointing at ``target``
    width: int
    height: int
    source_bytes: int
    target_bytes: int
    converted: bool  # False when nothing had to be written


# --------------------------------------------------------------------------- plugins


@lru_cache(maxsize=1)
def _heif_available() -> bool:
    try:
        import pillow_heif  # type: ignore[import-not-found, unused-ignore]
    except Exception:  # noqa: BLE001 - any import failure means "not available"
        return False
    try:
        pillow_heif.register_heif_opener()
    except Exception:  # noqa: BLE001
        return False
    return True


@lru_cache(maxsize=1)
def _avif_available() -> bool:
    if features.check("avif"):
        return True
    try:
        import pillow_avif  # type: ignore[import-not-found, unused-ignore]  # noqa: F401
    except Exception:  # noqa: BLE001
        return False
    return True


def supported_suffixes() -> frozenset[str]:
    """The suffixes of ``RASTER_SUFFIXES`` this installation can actually decode."""
    out = set(RASTER_SUFFIXES)
    if not _heif_available():
        out -= {".heic", ".heif"}
    if not _avif_available():
        out.discard(".avif")
    return frozenset(out)


def _open_formats() -> list[str]:
    _heif_available()
    _avif_available()
    Image.init()
    return [f for f in _WANTED_FORMATS if f in Image.OPEN]


@lru_cache(maxsize=1)
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


# --------------------------------------------------------------------------- names and paths


def slugify(text: str) -> str:
    """``"Café Photo 1"`` -> ``"cafe-photo-1"`` (lowercase ASCII and hyphens)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].rstrip("-") or "image"


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _post_dir(post_path: Path) -> Path:
    return _real(Path(post_path).absolute().parent)


def _allowed(site: Site, post_path: Path, path: Path) -> bool:
    real = _real(path)
    return site.contains(real) or _inside(real, _post_dir(post_path))


def _is_remote(ref: str) -> bool:
    scheme = urlsplit(ref).scheme.lower()
    return scheme in ("http", "https", "data") or ref.startswith("//")


def _is_relative(ref: str) -> bool:
    """``./x``, ``../x`` or ``x``: relative to the post's folder."""
    if not ref or ref.startswith(("/", "\\")) or _is_remote(ref) or re.match(r"^[A-Za-z]:[\\/]", ref):
        return False
    scheme = urlsplit(ref).scheme
    return not (scheme and len(scheme) > 1)


def resolve_reference(value: str, site: Site, post_path: Path, *, allow_outside: bool = False) -> Path:
    """The file a front-matter image value points at (symlinks resolved).

    ``/x`` goes through the public folder (the site root when there is none),
    ``./x`` and ``x`` are relative to the post's folder. ``file://`` URLs and
    absolute filesystem paths are accepted, but anything that ends up outside the
    site raises ``ImageError`` unless ``allow_outside`` (a file the author picked
    with a dialog). The file need not exist.
    """
    ref = value.strip()
    if not ref:
        raise ImageError("The image value is empty: pick an image file first.")
    parts = urlsplit(ref)
    scheme = parts.scheme.lower()
    if _is_remote(ref):
        raise ImageError(f"{ref[:80]} is a remote URL or inline data, not a file in the site; download it first.")
    if scheme == "file":
        if parts.netloc not in ("", "localhost"):
            raise ImageError(f"{ref} points at another computer; copy the image into the site first.")
        path = Path(url2pathname(parts.path))
    elif re.match(r"^[A-Za-z]:[\\/]", ref):  # a Windows drive path
        path = Path(ref)
    elif scheme and len(scheme) > 1:
        raise ImageError(f"{ref} is a {scheme}: link, not an image file.")
    elif ref.startswith("/"):
        raw = unquote(parts.path)
        base = site.public_folder if site.public_folder is not None else site.root
        in_site = Path(base) / raw.lstrip("/")
        as_file = Path(ref)
        # "/images/x.png" is site-absolute; "/home/me/x.png" is a file the author picked.
        if not in_site.exists() and as_file.is_file():
            path = as_file
        else:
            path = in_site
    else:
        path = _post_dir(post_path) / unquote(parts.path)
    if "\x00" in str(path):
        raise ImageError(f"{ref!r} is not a valid file name.")
    real = _real(path)
    if not allow_outside and not _allowed(site, post_path, real):
        raise ImageError(
            f"{ref} is outside the site ({site.root}). Pick a file inside the site, "
            "or choose it with the file dialog to import a copy."
        )
    return real


def needs_conversion(value: str, site: Site, post_path: Path) -> bool:
    """True when ``value`` points at a raster image that is not WebP, or at an image
    file outside the site (picked with a file dialog). False for WebP inside the
    site, remote URLs, inline data, missing files and empty values."""
    ref = value.strip()
    if not ref or _is_remote(ref):
        return False
    try:
        path = resolve_reference(ref, site, post_path, allow_outside=True)
    except ImageError:
        return False
    if not path.is_file():
        return False
    suffix = path.suffix.lower()
    if suffix not in RASTER_SUFFIXES:
        return False
    if not _allowed(site, post_path, path):
        return True
    return suffix != ".webp"


def _name_template(site: Site, folder: Path) -> str:
    configured = site.config.image_name or DEFAULT_NAME
    if configured != DEFAULT_NAME:
        return configured  # the author chose it in .post-editor.toml
    try:
        names = [p.name.lower() for p in folder.iterdir() if p.suffix.lower() == ".webp" and p.is_file()]
    except OSError:
        return configured
    if len(names) < 2:
        return configured
    covers = sum(n.endswith("-cover.webp") for n in names)
    return DEFAULT_NAME if covers * 2 >= len(names) else "{slug}.webp"


def _file_name(template: str, slug: str) -> str:
    safe_slug = slugify(slug)
    try:
        name = template.format(slug=safe_slug)
    except (KeyError, IndexError, ValueError):
        name = DEFAULT_NAME.format(slug=safe_slug)
    name = Path(name.replace("\\", "/")).name  # never a sub-folder or ".."
    if not name or name.startswith("."):
        name = DEFAULT_NAME.format(slug=safe_slug)
    if not name.lower().endswith(".webp"):
        name = Path(name).stem + ".webp"
    return name


def target_for(site: Site, slug: str, reference_style_value: str | None, *, post_path: Path | None = None) -> Path:
    """Where the WebP cover for ``slug`` goes (before ``-2``... is added for clashes).

    A relative ``reference_style_value`` (``./cover.png``, ``../../assets/x.jpg``)
    keeps the cover next to the original (page bundles, Astro ``src/assets``)
    when ``post_path`` is given; otherwise the cover goes to ``site.images_folder``.
    The name follows ``site.config.image_name`` unless the folder's existing WebP
    files show another pattern (``{slug}.webp`` instead of ``{slug}-cover.webp``).
    """
    folder = Path(site.images_folder)
    if reference_style_value and post_path is not None and _is_relative(reference_style_value.strip()):
        try:
            original = resolve_reference(reference_style_value, site, post_path)
        except ImageError:
            original = None
        if original is not None:
            folder = original.parent
    return folder / _file_name(_name_template(site, folder), slug)


def _reference(target: Path, site: Site, post_path: Path, site_absolute: bool, dot_slash: bool = False) -> str:
    if site_absolute:
        url = site.path_to_url(target)
        if url is not None:
            return url
    rel = Path(os.path.relpath(_real(target), _post_dir(post_path))).as_posix()
    if dot_slash and not rel.startswith("."):
        rel = "./" + rel
    return rel


# --------------------------------------------------------------------------- decoding


def _tick(progress: Progress | None, fraction: float) -> None:
    if progress is not None:
        progress(min(1.0, max(0.0, fraction)))


def _check_suffix(source: Path) -> None:
    suffix = source.suffix.lower()
    name = source.name
    if suffix in (".heic", ".heif") and not _heif_available():
        raise ImageError(
            f"{name}: unsupported format (HEIC). Install the pillow-heif package, or export the photo as JPEG or PNG."
        )
    if suffix == ".avif" and not _avif_available():
        raise ImageError(
            f"{name}: unsupported format (AVIF). Install the pillow-avif-plugin package, "
            "or export the image as JPEG or PNG."
        )
    if suffix and suffix not in RASTER_SUFFIXES:
        kinds = "PNG, JPEG, GIF, TIFF, BMP, WebP" + (", HEIC" if _heif_available() else "")
        kinds += ", AVIF" if _avif_available() else ""
        raise ImageError(f"{name}: unsupported format ({suffix}). Post Editor converts {kinds} images.")


def _unreadable(name: str) -> ImageError:
    return ImageError(f"{name} is not an image Post Editor can read (truncated file?)")


def _open(source: Path, max_pixels: int) -> Image.Image:
    """Open ``source`` lazily, refusing empty files, unknown formats and bombs before decoding."""
    name = source.name
    try:
        size = source.stat().st_size
    except FileNotFoundError as exc:
        raise ImageError(f"{name} was not found ({source}).") from exc
    except OSError as exc:
        raise ImageError(f"Cannot read {name}: {exc.strerror or exc}.") from exc
    if not source.is_file():
        raise ImageError(f"{name} is not a file.")
    if size == 0:
        raise ImageError(f"{name} is an empty file (0 bytes), not an image.")
    _check_suffix(source)
    try:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                im = Image.open(source, formats=_open_formats())
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            # Above Pillow's own limit: read the header again without it (only the
            # header is read), so that our limit decides and the message gives the size.
            with _PIXEL_LIMIT_LOCK:
                saved = Image.MAX_IMAGE_PIXELS
                Image.MAX_IMAGE_PIXELS = None
                try:
                    im = Image.open(source, formats=_open_formats())
                finally:
                    Image.MAX_IMAGE_PIXELS = saved
    except UnidentifiedImageError as exc:
        raise ImageError(f"{name} is not an image Post Editor can read (unsupported format or damaged file).") from exc
    except _DECODE_ERRORS as exc:
        raise _unreadable(name) from exc
    width, height = im.size
    if width <= 0 or height <= 0:
        im.close()
        raise _unreadable(name)
    if width * height > max_pixels:
        im.close()
        raise ImageError(f"{name} is {width:,} x {height:,} pixels, above the limit of {max_pixels:,} pixels.")
    frames = getattr(im, "n_frames", 1)
    if frames > 1 and width * height * frames > max_pixels * 4:
        im.close()
        raise ImageError(
            f"{name} has {frames:,} frames of {width:,} x {height:,} pixels; that is too large to convert."
        )
    return im


def _to_8bit(im: Image.Image) -> Image.Image:
    """16-bit and 32-bit grayscale (``I;16``, ``I``, ``F``) to ``L``, scaling the range."""
    if im.mode != "I":
        im = im.convert("I") if im.mode.startswith("I;16") else im.convert("F")
    low, high = im.getextrema()
    if isinstance(high, (int, float)) and high > 255:
        scale = 255.0 / 65535.0 if high <= 65535 else 255.0 / float(high)
        im = im.point(lambda v: v * scale)  # type: ignore[arg-type, operator, unused-ignore]
    del low
    return im.convert("L")


def _apply_icc(im: Image.Image, icc: bytes) -> Image.Image | None:
    """``im`` converted from its embedded profile to sRGB, or None if the profile is unusable."""
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        alpha = im.getchannel("A") if im.mode in ("RGBA", "LA") else None
        base = {"RGBA": "RGB", "LA": "L"}.get(im.mode, im.mode)
        if base not in ("RGB", "CMYK", "L"):
            return None
        colour = im.convert(base) if base != im.mode else im
        out = ImageCms.profileToProfile(colour, profile, _srgb(), outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None
    if out is None:
        return None
    if alpha is not None:
        out = out.convert("RGBA")
        out.putalpha(alpha)
    return out


def _normalise(im: Image.Image) -> Image.Image:
    """Any decoded frame to RGB or RGBA in sRGB, without metadata."""
    icc = im.info.get("icc_profile")
    mode = im.mode
    if mode in ("P", "PA"):
        im = im.convert("RGBA")
    elif mode == "1":
        im = im.convert("L")
    elif mode.startswith("I") or mode == "F":
        im = _to_8bit(im)
    elif mode in ("RGBa", "La"):
        im = im.convert("RGBA")
    out: Image.Image | None = None
    if isinstance(icc, bytes) and icc and im.mode in ("RGB", "RGBA", "CMYK", "L", "LA"):
        out = _apply_icc(im, icc)
    if out is None:
        if im.mode in ("RGBA", "LA"):
            out = im.convert("RGBA")
        elif im.mode == "RGB":
            out = im.copy()
        else:
            try:
                out = im.convert("RGB")
            except ValueError as exc:
                raise ImageError(f"unsupported format: colour mode {mode} cannot be converted") from exc
    if out.mode == "RGBA":
        low, _high = out.getchannel("A").getextrema()
        if low == 255:
            out = out.convert("RGB")  # the alpha channel is fully opaque
    out.info = {}
    return out


def _resize(im: Image.Image, max_width: int) -> Image.Image:
    width, height = im.size
    if width <= max_width:
        return im
    new_height = max(1, round(height * max_width / width))
    return im.resize((max_width, new_height), Image.Resampling.LANCZOS)


# --------------------------------------------------------------------------- encoding


def _few_colours(im: Image.Image) -> bool:
    return im.getcolors(maxcolors=LOSSLESS_MAX_COLOURS) is not None


def encode_webp(image: Image.Image, quality: int, lossless_if_smaller: bool = True) -> bytes:
    """Encode one RGB/RGBA image as WebP (method 4, no metadata).

    With ``lossless_if_smaller``, an image with alpha and few colours (a flat
    graphic) is also encoded losslessly and the smaller result is kept.
    """
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    buf = io.BytesIO()
    image.save(buf, "WEBP", quality=quality, method=WEBP_METHOD, exif=b"", xmp=b"", icc_profile=None)
    best = buf.getvalue()
    if lossless_if_smaller and image.mode == "RGBA" and _few_colours(image):
        buf = io.BytesIO()
        image.save(
            buf, "WEBP", lossless=True, quality=LOSSLESS_EFFORT, method=WEBP_METHOD, exif=b"", xmp=b"", icc_profile=None
        )
        if len(buf.getvalue()) < len(best):
            best = buf.getvalue()
    return best


def _encode_animation(frames: list[Image.Image], durations: list[int], loop: int, quality: int) -> bytes:
    alpha = any(f.mode == "RGBA" for f in frames)
    mode = "RGBA" if alpha else "RGB"
    frames = [f.convert(mode) if f.mode != mode else f for f in frames]

    def save(**kw: object) -> bytes:
        buf = io.BytesIO()
        frames[0].save(
            buf,
            "WEBP",
            save_all=True,
            append_images=frames[1:],
            duration=durations,
            loop=loop,
            method=WEBP_METHOD,
            exif=b"",
            xmp=b"",
            icc_profile=None,
            **kw,
        )
        return buf.getvalue()

    best = save(quality=quality)
    if all(_few_colours(f) for f in frames[:4]):
        lossless = save(lossless=True, quality=LOSSLESS_EFFORT)
        if len(lossless) < len(best):
            best = lossless
    return best


def render_webp(
    source: Path,
    quality: int,
    max_width: int,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    progress: Progress | None = None,
) -> tuple[bytes, int, int]:
    """Decode, clean, resize and encode ``source``: (WebP bytes, width, height).

    The whole conversion without writing anything; raises ``ImageError``.
    """
    name = source.name
    im = _open(source, max_pixels)
    _tick(progress, 0.1)
    try:
        with im:
            animated = bool(getattr(im, "is_animated", False)) and getattr(im, "n_frames", 1) > 1
            if animated:
                frames: list[Image.Image] = []
                durations: list[int] = []
                total = getattr(im, "n_frames", 1)
                loop = int(im.info.get("loop", 1 if im.format == "GIF" else 0))
                for index, frame in enumerate(ImageSequence.Iterator(im)):
                    durations.append(int(frame.info.get("duration", 100)) or 100)
                    frames.append(_resize(_normalise(frame.convert("RGBA")), max_width))
                    _tick(progress, 0.1 + 0.6 * (index + 1) / total)
                data = _encode_animation(frames, durations, loop, quality)
                width, height = frames[0].size
            else:
                im.load()
                _tick(progress, 0.3)
                upright = ImageOps.exif_transpose(im)
                clean = _resize(_normalise(upright if upright is not None else im), max_width)
                _tick(progress, 0.5)
                data = encode_webp(clean, quality)
                width, height = clean.size
    except ImageError:
        raise
    except MemoryError as exc:
        raise ImageError(f"{name} is too large to convert on this computer.") from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageError(f"{name} has too many pixels, above the limit of {max_pixels:,} pixels.") from exc
    except _DECODE_ERRORS as exc:
        raise _unreadable(name) from exc
    _tick(progress, 0.9)
    return data, width, height


def _place(base: Path, data: bytes, source: Path, site: Site, post_path: Path) -> tuple[Path, bool]:
    """The file to use for ``data``: ``base`` or ``base-2``... Returns (path, must_write)."""
    folder = base.parent
    if not _allowed(site, post_path, folder):
        raise ImageError(f"The image folder {folder} is outside the site; check image_folder in .post-editor.toml.")
    real_source = _real(source)
    for n in range(1, MAX_SUFFIX + 1):
        candidate = base if n == 1 else base.with_name(f"{base.stem}-{n}{base.suffix}")
        if _real(candidate) == real_source:
            continue
        if candidate.is_symlink() and not _allowed(site, post_path, _real(candidate)):
            continue
        if not candidate.exists():
            return candidate, True
        try:
            if candidate.is_file() and candidate.stat().st_size == len(data) and candidate.read_bytes() == data:
                return candidate, False
        except OSError:
            continue
    raise ImageError(f"Too many files named like {base.name} in {folder}; rename or remove some.")


def _write(target: Path, data: bytes) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ImageError(f"Cannot create the folder {target.parent}: {exc.strerror or exc}.") from exc
    atomic_write(target, data)


def _source_size(source: Path) -> int:
    try:
        return source.stat().st_size
    except OSError:
        return 0


# --------------------------------------------------------------------------- public pipeline


def convert_cover(
    source: Path,
    site: Site,
    post_path: Path,
    slug: str,
    *,
    value: str | None = None,
    quality: int | None = None,
    max_width: int | None = None,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    allow_outside: bool = True,
    progress: Progress | None = None,
) -> CoverResult:
    """Convert the cover image ``source`` to WebP for the post at ``post_path``.

    ``value`` is the front-matter value the author had (it decides the reference
    style: a relative value keeps the cover next to the original and gives a
    relative reference; otherwise the cover goes to ``site.images_folder`` and
    the reference is site-absolute when the site has a public folder).
    ``quality`` and ``max_width`` default to the site's config. Raises
    ``ImageError``; on error nothing is written.
    """
    source = Path(source).absolute()
    if not allow_outside and not _allowed(site, post_path, source):
        raise ImageError(f"{source} is outside the site ({site.root}); choose it with the file dialog to import it.")
    q = site.config.webp_quality if quality is None else quality
    width_limit = site.config.max_width if max_width is None else max_width
    if not 0 <= q <= 100:
        raise ImageError(f"WebP quality must be from 0 to 100, not {q}.")
    if width_limit < 1:
        raise ImageError(f"The maximum width must be at least 1 pixel, not {width_limit}.")
    _tick(progress, 0.0)
    data, width, height = render_webp(source, q, width_limit, max_pixels, progress)
    style = value.strip() if value else ""
    relative = bool(style) and _is_relative(style)
    base = target_for(site, slug, style if relative else None, post_path=post_path)
    target, must_write = _place(base, data, source, site, post_path)
    if must_write:
        _write(target, data)
    _tick(progress, 1.0)
    site_absolute = not relative and site.public_folder is not None
    return CoverResult(
        source=source,
        target=target,
        reference=_reference(target, site, post_path, site_absolute, dot_slash=style.startswith("./")),
        width=width,
        height=height,
        source_bytes=_source_size(source),
        target_bytes=len(data),
        converted=must_write,
    )


def import_image(
    source: Path,
    site: Site,
    post_path: Path,
    *,
    allow_outside: bool = True,
    quality: int | None = None,
    max_width: int | None = None,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    progress: Progress | None = None,
) -> CoverResult:
    """Bring an image dropped into a post's body into ``site.images_folder`` as WebP.

    The file is named from the source's stem (slugified) + ``.webp``. A WebP that
    is already inside the site and no wider than the limit is used as it is. The
    reference is site-absolute when the site has a public folder, else relative
    to the post. Raises ``ImageError``; on error nothing is written.
    """
    source = Path(source).absolute()
    inside = _allowed(site, post_path, source)
    if not allow_outside and not inside:
        raise ImageError(f"{source} is outside the site ({site.root}); choose it with the file dialog to import it.")
    q = site.config.webp_quality if quality is None else quality
    width_limit = site.config.max_width if max_width is None else max_width
    site_absolute = site.public_folder is not None
    if inside and source.suffix.lower() == ".webp":
        im = _open(source, max_pixels)
        with im:
            w, h = im.size
        if w <= width_limit:
            _tick(progress, 1.0)
            size = _source_size(source)
            return CoverResult(
                source=source,
                target=_real(source),
                reference=_reference(source, site, post_path, site_absolute),
                width=w,
                height=h,
                source_bytes=size,
                target_bytes=size,
                converted=False,
            )
    if not 0 <= q <= 100:
        raise ImageError(f"WebP quality must be from 0 to 100, not {q}.")
    _tick(progress, 0.0)
    data, width, height = render_webp(source, q, max(1, width_limit), max_pixels, progress)
    base = Path(site.images_folder) / (slugify(source.stem) + ".webp")
    target, must_write = _place(base, data, source, site, post_path)
    if must_write:
        _write(target, data)
    _tick(progress, 1.0)
    return CoverResult(
        source=source,
        target=target,
        reference=_reference(target, site, post_path, site_absolute),
        width=width,
        height=height,
        source_bytes=_source_size(source),
        target_bytes=len(data),
        converted=must_write,
    )


__all__ = [
    "RASTER_SUFFIXES",
    "CoverResult",
    "ImageError",
    "convert_cover",
    "encode_webp",
    "import_image",
    "needs_conversion",
    "render_webp",
    "resolve_reference",
    "slugify",
    "supported_suffixes",
    "target_for",
]
