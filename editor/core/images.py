"""Cover and body images: turning whatever the author picked into a web-ready WebP.

``convert_cover`` takes a photograph or graphic (PNG, JPEG, GIF, TIFF, BMP, WebP,
and HEIC/AVIF when a Pillow plugin can read them), applies the EXIF orientation,
converts embedded colour profiles to sRGB, strips every piece of metadata (EXIF,
XMP, GPS), scales it down to the site's maximum width and writes a WebP into the
site's image folder through ``fileio_write.atomic_write``. ``import_image`` does the
same for images dropped into a post's body.

The original file is never touched, a different file already at the target name
is never overwritten (``-2``, ``-3``... are added), and converting the same
image twice reuses the first result. Every problem becomes an ``ImageError``
whose message says what is wrong with which file.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from editor.core.fileio_write import atomic_write
from editor.core.site import Site
from editor.core.webp import (
    DEFAULT_MAX_PIXELS,
    RASTER_SUFFIXES,
    ImageError,
    Progress,
    _open,
    _tick,
    encode_webp,
    render_webp,
    supported_suffixes,
)
from editor.core.webp import (
    LOSSLESS_EFFORT as LOSSLESS_EFFORT,
)
from editor.core.webp import (
    LOSSLESS_MAX_COLOURS as LOSSLESS_MAX_COLOURS,
)
from editor.core.webp import (
    WEBP_METHOD as WEBP_METHOD,
)

DEFAULT_NAME = "{slug}-cover.webp"
MAX_SUFFIX = 999


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

    def size_note(self) -> str | None:
        """A sentence for the author when the WebP came out larger than the original."""
        if not self.converted or self.target_bytes <= self.source_bytes:
            return None
        kind = self.source.suffix.lstrip(".").upper() or "original"
        return (
            f"The WebP ({self.target_bytes / 1024:,.1f} KB) is larger than the original {kind} "
            f"({self.source_bytes / 1024:,.1f} KB), which was already well compressed."
        )


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


# --------------------------------------------------------------------------- writing


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
