"""The cover step of saving a post: convert its cover to WebP and point the field at it.

Used by the window (off the GUI thread) and by ``post-editor cover``. The post's
text is never changed here: the caller sets the field to ``CoverResult.reference``
and writes the post only after the WebP exists.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from editor.core.images import CoverResult, convert_cover, needs_conversion
from editor.core.post import Post
from editor.core.schema import COVER_NAMES, Schema
from editor.core.site import Site


def cover_key(post: Post, schema: Schema | None = None) -> str | None:
    """The front-matter key that holds the cover: the schema's cover field, else a usual name."""
    names = [schema.cover_field()] if schema is not None and schema.cover_field() else []
    for key in (*names, *COVER_NAMES):
        if key and key in post.metadata:
            return key
    return None


def slug_for(path: Path) -> str:
    """The post's slug, as its file (or page-bundle folder) names it."""
    import re

    stem = path.parent.name if path.stem.split(".")[0] == "index" else path.stem
    return re.sub(r"^\d{4}-\d{2}-\d{2}-", "", stem)


def pending_cover(post: Post, site: Site, schema: Schema | None = None) -> tuple[str, str] | None:
    """(key, value) of a cover that saving would convert, or None."""
    if post.path is None:
        return None
    key = cover_key(post, schema)
    if key is None:
        return None
    value = post.metadata.get(key)
    if not isinstance(value, str) or not value.strip():
        return None
    return (key, value) if needs_conversion(value, site, post.path) else None


def convert_post_cover(
    post: Post,
    site: Site,
    key: str,
    value: str,
    *,
    quality: int | None = None,
    max_width: int | None = None,
    progress: Callable[[float], None] | None = None,
) -> CoverResult:
    """Convert the cover ``value`` of ``post``. Raises ImageError; writes only the WebP."""
    from editor.core.images import resolve_reference

    assert post.path is not None
    source = resolve_reference(value, site, post.path, allow_outside=True)
    return convert_cover(
        source,
        site,
        post.path,
        slug_for(post.path),
        value=value,
        quality=quality,
        max_width=max_width,
        progress=progress,
    )
