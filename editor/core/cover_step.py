"""The cover step of saving a post: convert its cover to WebP and point the field at it.

Used by the window (off the GUI thread) and by ``post-editor cover``. The post's
text is never changed here: the caller sets the field to ``CoverResult.reference``
and writes the post only after the WebP exists.

A cover value read from a post must resolve inside the site (symlinks resolved):
a post is untrusted input (a pull request in CI), and converting
``../../home/runner/.ssh/id_rsa.png`` or ``/etc/passwd`` into the site's public
folder would publish the runner's files. Only a file the author picked with the
window's file dialog may come from outside: the window passes
``allow_outside=True`` to ``convert_post_cover`` (and ``cover_plan``) for that value only.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from editor.core.images import CoverResult, ImageError, convert_cover, needs_conversion, resolve_reference
from editor.core.keys import find_key
from editor.core.post import Post
from editor.core.schema import COVER_NAMES, Schema
from editor.core.site import Site
from editor.core.webp import RASTER_SUFFIXES

NOTHING_TO_DO = frozenset({"no-field", "empty", "remote", "inline", "webp", "vector", "not-a-path"})
"""``CoverPlan.kind`` values where the cover is fine as it is (the command exits 0)."""
CANNOT_CONVERT = frozenset({"outside", "missing", "not-file", "not-image"})
"""``CoverPlan.kind`` values where the cover cannot be converted (the command exits 1)."""
VECTOR_SUFFIXES = (".svg", ".svgz")


@dataclass(frozen=True)
class CoverPlan:
    """What the cover step does with a post's cover, and a sentence saying why.

    ``kind`` is ``"convert"``, one of ``NOTHING_TO_DO`` or one of ``CANNOT_CONVERT``.
    """

    kind: str
    message: str
    key: str | None = None  # the cover's name as the author reads it: ``cover`` or ``cover.image``
    value: str | None = None
    path: Path | None = None  # the file the value names, symlinks resolved, when there is one
    ref: CoverRef | None = None  # where the cover is kept, to set the converted value


IMAGE_SUBKEYS = ("image", "src", "url", "path", "file", "filename")
"""Keys that hold the image inside a nested cover: PaperMod's ``cover: {image, alt}``,
Astro's ``coverImage: {src, alt}``, ``image: {url, alt}``, Chirpy's ``image: {path, alt}``."""
ALT_SUBKEYS = ("alt", "alt_text", "altText", "alternative")
"""Keys that hold the alt text beside a nested cover's image."""


def image_parts(value: Any) -> tuple[str, str | None] | None:
    """``(image key, alt key or None)`` when ``value`` is a nested image (a mapping of
    plain values with an image key holding text or nothing), else None."""
    if not isinstance(value, Mapping):
        return None
    if any(isinstance(v, Mapping | list) for v in value.values()):
        return None
    image = next((k for k in IMAGE_SUBKEYS if k in value and isinstance(value[k], str | None)), None)
    if image is None:
        return None
    alt = next((k for k in ALT_SUBKEYS if k in value and isinstance(value[k], str | None)), None)
    return image, alt


@dataclass(frozen=True)
class CoverRef:
    """Where a post keeps its cover: a top-level key, or a key inside it (``cover.image``)."""

    key: str
    sub: str | None = None
    alt_sub: str | None = None

    @property
    def name(self) -> str:
        """How the author reads it: ``cover`` or ``cover.image``."""
        return f"{self.key}.{self.sub}" if self.sub else self.key

    def get(self, metadata: Mapping[str, Any]) -> Any:
        value = metadata.get(self.key)
        if self.sub is None:
            return value
        return value.get(self.sub) if isinstance(value, Mapping) else None

    def alt(self, metadata: Mapping[str, Any]) -> str | None:
        value = metadata.get(self.key)
        if self.alt_sub is None or not isinstance(value, Mapping):
            return None
        text = value.get(self.alt_sub)
        return text if isinstance(text, str) else None

    def updated(self, metadata: Mapping[str, Any], image: str) -> Any:
        """The new top-level value with the image set to ``image``: for a nested cover a
        copy of the mapping (its comments and style kept) with only that key changed."""
        if self.sub is None:
            return image
        value = copy.deepcopy(metadata[self.key])
        value[self.sub] = image
        return value

    def set(self, metadata: MutableMapping[str, Any], image: str) -> None:
        metadata[self.key] = self.updated(metadata, image)


def cover_ref(post: Post, schema: Schema | None = None) -> CoverRef | None:
    """Where ``post`` keeps its cover: the schema's cover field, else the first usual
    name it has; a nested image (``cover: {image: x, alt: y}``) is found inside it."""
    names = [schema.cover_field()] if schema is not None and schema.cover_field() else []
    for name in (*names, *COVER_NAMES):
        key = find_key(post.metadata, name) if name else None  # Cover: is cover
        if key is not None:
            parts = image_parts(post.metadata[key])
            if parts is not None:
                return CoverRef(key, parts[0], parts[1])
            return CoverRef(key)
    return None


def cover_key(post: Post, schema: Schema | None = None) -> str | None:
    """The top-level front-matter key that holds the cover, or None."""
    ref = cover_ref(post, schema)
    return ref.key if ref is not None else None


def slug_for(path: Path) -> str:
    """The post's slug, as its file (or page-bundle folder) names it."""
    import re

    stem = path.parent.name if path.stem.split(".")[0] == "index" else path.stem
    return re.sub(r"^\d{4}-\d{2}-\d{2}-", "", stem)


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _in_site(site: Site, post_path: Path, real: Path) -> bool:
    """The rule ``images`` applies: inside the site root, or inside the post's own folder."""
    post_dir = Path(os.path.realpath(Path(post_path).absolute().parent))
    return site.contains(real) or _inside(real, post_dir)


def _looks_like_webp(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(12)
    except OSError:
        return False
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


def cover_plan(post: Post, site: Site, schema: Schema | None = None, *, allow_outside: bool = False) -> CoverPlan:
    """What saving (or ``post-editor cover``) would do with the post's cover, and why.

    Never reads more than a file's first bytes and never writes. A value that
    resolves outside the site (``../../x.png``, ``/etc/passwd``, ``file:///x``,
    a link in ``public/`` that leads out) is ``"outside"`` unless
    ``allow_outside`` (a file the author picked with the file dialog).
    """
    ref = cover_ref(post, schema)
    if ref is None:
        return CoverPlan("no-field", "no cover field.")
    return replace(_plan(post, site, ref, allow_outside), ref=ref)


def _plan(post: Post, site: Site, where: CoverRef, allow_outside: bool) -> CoverPlan:
    key = where.name
    value = where.get(post.metadata)
    if value is None or (isinstance(value, str) and not value.strip()):
        return CoverPlan("empty", f"'{key}' is empty; there is no cover to convert.", key)
    if not isinstance(value, str):
        what = "fields" if isinstance(value, dict) else "a list" if isinstance(value, list) else "a value"
        return CoverPlan("not-a-path", f"'{key}' holds {what}, not one image path; it is left as is.", key, None)
    ref = value.strip()
    shown = _short(ref, 300)  # a path is named whole; a long URL or data is cut short
    parts = urlsplit(ref)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https") or ref.startswith("//"):
        return CoverPlan(
            "remote",
            f"'{key}' is a remote URL ({_short(ref)}); it is not converted (only image files in the site are). "
            "Download the image into the site to convert it.",
            key,
            value,
        )
    if scheme == "data":
        return CoverPlan(
            "inline", f"'{key}' holds inline image data ({_short(ref, 30)}); it is left as is.", key, value
        )
    if scheme and len(scheme) > 1 and scheme != "file":
        return CoverPlan("not-file", f"'{key}' is a {scheme}: link ({_short(ref)}), not an image file.", key, value)
    if post.path is None:
        return CoverPlan("missing", "The post has no file yet; save it before converting its cover.", key, value)
    try:
        real = _file_named(ref, site, post.path)
    except ImageError as exc:
        return CoverPlan("not-file", f"'{key}': {exc}", key, value)
    if os.path.exists(real) and not real.is_file():  # what it is first: /dev/zero is a device wherever it is
        what = "a folder" if real.is_dir() else "a device or special file"
        return CoverPlan("not-file", f"'{key}' is {shown}, which is {what}, not an image file.", key, value, real)
    if not allow_outside and not _in_site(site, post.path, real):
        return CoverPlan(
            "outside",
            f"'{key}' is {shown}, which is outside the site ({site.root}); it is not converted. "
            "Copy the image into the site first (in the editor, pick it with the image button to import a copy).",
            key,
            value,
            real,
        )
    if not os.path.exists(real):
        return CoverPlan(
            "missing",
            f"'{key}' is {shown}, but there is no such file ({real}); fix the path or pick the image again.",
            key,
            value,
            real,
        )
    suffix = real.suffix.lower()
    if suffix in VECTOR_SUFFIXES:
        return CoverPlan("vector", f"'{key}' is an SVG (vector) image; it is kept as is.", key, value, real)
    if suffix not in RASTER_SUFFIXES:
        return CoverPlan(
            "not-image",
            f"'{key}' is {shown}, which is not an image file (Post Editor converts PNG, JPEG, GIF, TIFF, BMP, "
            "WebP, HEIC and AVIF images).",
            key,
            value,
            real,
        )
    if suffix == ".webp" and _in_site(site, post.path, real):
        if not _looks_like_webp(real):
            return CoverPlan(
                "not-image", f"'{key}' is {shown}, which is named .webp but is not a WebP image.", key, value, real
            )
        return CoverPlan("webp", f"'{key}' is already WebP; nothing to do.", key, value, real)
    return CoverPlan("convert", f"'{key}' ({shown}) will be converted to WebP.", key, value, real)


def _file_named(ref: str, site: Site, post_path: Path) -> Path:
    """The file a cover value names, symlinks resolved. A ``/x`` that is no file of the
    site's public folder but a folder or device on this machine (``/dev/zero``,
    ``/tmp``) is taken as that, so the message says what it is. Raises ImageError."""
    path = resolve_reference(ref, site, post_path, allow_outside=True)
    parts = urlsplit(ref)
    if ref.startswith("/") and not parts.scheme and not os.path.lexists(path):
        as_file = Path(unquote(parts.path))
        if os.path.lexists(as_file) and not as_file.is_file():
            path = Path(os.path.realpath(as_file))
    return Path(os.path.realpath(path))


def pending_cover(post: Post, site: Site, schema: Schema | None = None) -> tuple[CoverRef, str] | None:
    """(where, value) of a cover that saving would convert, or None."""
    if post.path is None:
        return None
    ref = cover_ref(post, schema)
    if ref is None:
        return None
    value = ref.get(post.metadata)
    if not isinstance(value, str) or not value.strip():
        return None
    return (ref, value) if needs_conversion(value, site, post.path) else None


def convert_post_cover(
    post: Post,
    site: Site,
    value: str,
    *,
    quality: int | None = None,
    max_width: int | None = None,
    progress: Callable[[float], None] | None = None,
    allow_outside: bool = False,
) -> CoverResult:
    """Convert the cover ``value`` of ``post``. Raises ImageError; writes only the WebP.

    ``value`` must resolve inside the site (symlinks resolved) unless
    ``allow_outside``: pass that only for a file the author picked with a file
    dialog, never for a value read from a post.
    """
    assert post.path is not None
    source = resolve_reference(value, site, post.path, allow_outside=allow_outside)
    return convert_cover(
        source,
        site,
        post.path,
        slug_for(post.path),
        value=value,
        quality=quality,
        max_width=max_width,
        allow_outside=allow_outside,
        progress=progress,
    )
