"""The Pillow pipeline behind ``editor.core.images``: decode, clean, resize, encode.

``render_webp`` opens a file with a pixel limit (refusing empty files, unknown
formats and decompression bombs before decoding), applies the EXIF orientation,
converts embedded colour profiles to sRGB, brings every colour mode to RGB or
RGBA, strips metadata, scales down to a maximum width, keeps animated frames,
and encodes WebP (``encode_webp``). Nothing is written to disk here; every
problem becomes an ``ImageError``.
"""

from __future__ import annotations

import io
import threading
import warnings
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, ImageSequence, UnidentifiedImageError, features

from editor.core.errors import PostError

RASTER_SUFFIXES: frozenset[str] = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".tiff", ".tif", ".bmp", ".webp", ".heic", ".heif", ".avif"}
)
"""File name suffixes (lowercase, with the dot) of the raster formats Post Editor converts."""

DEFAULT_MAX_PIXELS = 80_000_000
WEBP_METHOD = 4
LOSSLESS_MAX_COLOURS = 2048  # a "flat graphic": few distinct colours
LOSSLESS_EFFORT = 50

# Formats Pillow may use to open a file; anything else (TGA guessed from noise, ...) is refused.
_WANTED_FORMATS = ("PNG", "JPEG", "MPO", "GIF", "TIFF", "BMP", "DIB", "WEBP", "HEIF", "AVIF")
_PIXEL_LIMIT_LOCK = threading.Lock()
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, KeyError, ZeroDivisionError)

Progress = Callable[[float], None]


class ImageError(PostError):
    """An image could not be read, converted or written; the message says why."""


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

    With ``lossless_if_smaller``, an image with few colours (a flat graphic, a chart,
    a screenshot; with alpha or opaque) is also encoded losslessly and the smaller
    result is kept: lossy WebP of such an image can be twice the size of lossless.
    """
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    buf = io.BytesIO()
    image.save(buf, "WEBP", quality=quality, method=WEBP_METHOD, exif=b"", xmp=b"", icc_profile=None)
    best = buf.getvalue()
    if lossless_if_smaller and _few_colours(image):
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


__all__ = [
    "DEFAULT_MAX_PIXELS",
    "LOSSLESS_EFFORT",
    "LOSSLESS_MAX_COLOURS",
    "RASTER_SUFFIXES",
    "WEBP_METHOD",
    "ImageError",
    "Progress",
    "encode_webp",
    "render_webp",
    "supported_suffixes",
]
