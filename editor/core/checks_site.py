"""The checks of a post against its site: its cover image, and its slug among the others."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from editor.core.checks_body import ERROR, WARNING, Add
from editor.core.cover_step import cover_plan, cover_ref, slug_for
from editor.core.images import needs_conversion
from editor.core.keys import FieldsView
from editor.core.library import Library, PostInfo
from editor.core.post import Post
from editor.core.schema import Schema
from editor.core.site import AssetResolver, Site


def check_cover(
    post: Post,
    site: Site | None,
    schema: Schema | None,
    resolver: AssetResolver | None,
    picked: Collection[str],
    add: Add,
) -> None:
    """A cover that is missing, not found, outside the site, or not WebP yet."""
    cref = cover_ref(post, schema)
    ckey = cref.key if cref is not None else None
    cover = cref.get(post.metadata) if cref is not None else None
    if cref is None or not isinstance(cover, str) or not cover.strip():
        named = (cref.name if cref is not None else None) or (schema.cover_field() if schema is not None else None)
        add(
            WARNING,
            "cover-missing",
            f"There is no cover image ('{named or 'cover'}'); add one so link previews show a picture.",
            ckey or named or "cover",
        )
    else:
        ref = cover.strip()
        kind = resolver.resolve(ref).kind if resolver is not None else "remote"
        pending = site is not None and post.path is not None and needs_conversion(ref, site, post.path)
        # A lone post (no site to convert into) whose cover is a local raster other than WebP.
        lone_raster = (
            kind == "local"
            and site is None
            and Path(urlsplit(ref).path).suffix.lower() not in (".webp", ".svg", ".avif")
        )
        outside = (
            site is not None
            and post.path is not None
            and (pending or kind != "local")  # a local value in the site is not outside it
            and cover not in picked
            and cover_plan(post, site, schema).kind == "outside"
        )
        if outside:
            add(
                ERROR,
                "cover-outside",
                f"The cover {ref} is outside the site, so it is not published; copy the image into the site "
                "or pick it with the image button.",
                ckey,
            )
        elif kind in ("missing", "outside") and not pending:
            add(
                ERROR,
                "cover-not-found",
                f"The cover {ref} does not exist in the site; pick the image again or fix the path.",
                ckey,
            )
        elif pending or lone_raster:
            add(
                WARNING,
                "cover-not-webp",
                f"The cover {ref} is not WebP yet; it will be converted when you save.",
                ckey,
                fixable=True,
            )


def check_slug(post: Post, meta: FieldsView, library: Library | None, add: Add) -> None:
    """Another post of the site with the same slug."""
    if library is not None:
        slug = _post_slug(meta, post.path)
        if slug:
            root = library.site.root
            for info in _slug_index(library).get(slug, ()):
                if post.path is not None and _same_file(root / info.path, post.path):
                    continue
                slug_key = "slug" if "slug" in meta else None
                add(
                    ERROR,
                    "duplicate-slug",
                    f"Another post ({info.path}) has the same slug '{slug}'; "
                    "give this one a different slug or file name.",
                    slug_key,
                )
                break


def _post_slug(meta: Mapping[str, Any], path: Path | None) -> str | None:
    slug = meta.get("slug")
    if isinstance(slug, str) and slug.strip():
        return slug.strip().strip("/").lower()
    return slug_for(path).lower() if path is not None else None


_SLUG_INDEXES: WeakKeyDictionary[Library, tuple[list[PostInfo], int, dict[str, list[PostInfo]]]] = WeakKeyDictionary()


def _slug_index(library: Library) -> dict[str, list[PostInfo]]:
    """The library's posts by slug, built once per scan: checking a whole site stays linear
    (comparing every post with every other took 45 s on 2,000 posts)."""
    posts = library.posts
    cached = _SLUG_INDEXES.get(library)
    if cached is not None and cached[0] is posts and cached[1] == len(posts):
        return cached[2]
    index: dict[str, list[PostInfo]] = {}
    for info in posts:
        slug = _post_slug(info.metadata, Path(info.path))
        if slug:
            index.setdefault(slug, []).append(info)
    _SLUG_INDEXES[library] = (posts, len(posts), index)  # holding the list keeps its id from being reused
    return index


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b
