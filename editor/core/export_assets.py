"""What every export needs: the files a post references (its cover first, then the
images of its body), found inside its site only, and the errors an export raises."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from editor.core.cover_step import CoverRef, cover_ref
from editor.core.errors import PostError
from editor.core.post import Post
from editor.core.render import render_html
from editor.core.site import AssetResolver, Resolved, Site

MAX_SUFFIX = 999


class ExportError(PostError):
    """A post could not be exported; nothing outside the target was touched."""


class ExportExistsError(ExportError):
    """The export's file is already there and ``overwrite`` was not given; nothing was written.

    The window can catch this one, ask "Replace it?", and export again with ``overwrite=True``.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"{path} already exists; it was not overwritten. Choose another name or folder, "
            "or allow replacing it (--overwrite on the command line)."
        )


@dataclass
class Asset:
    """A local file the post references, and every reference string that names it."""

    path: Path
    refs: list[str] = field(default_factory=list)
    cover: bool = False


def resolver_for(post: Post, site: Site | None) -> AssetResolver:
    if post.path is None:
        return AssetResolver(post_dir=Path.cwd(), public_dir=None, roots=())  # nothing resolves
    if site is not None:
        return site.resolver_for(post.path)
    return AssetResolver.for_post(post.path)


def assets_root(post: Post, site: Site | None, resolver: AssetResolver) -> Path | None:
    """The real path of the folder the post's assets must stay in."""
    if site is not None:
        return Path(os.path.realpath(site.root))
    if resolver.roots:
        return Path(os.path.realpath(resolver.roots[0]))
    return None


def is_inside(path: Path, root: Path) -> bool:
    real = Path(os.path.realpath(path))
    return real == root or root in real.parents


def cover_of(post: Post) -> tuple[CoverRef, str] | None:
    ref = cover_ref(post)
    if ref is None:
        return None
    value = ref.get(post.metadata)
    if not isinstance(value, str) or not value.strip():
        return None
    return ref, value


def collect_assets(post: Post, site: Site | None) -> list[Asset]:
    """The local files the post references (cover first), deduplicated, inside the site."""
    resolver = resolver_for(post, site)
    root = assets_root(post, site, resolver)
    found: dict[Path, Asset] = {}

    def add(resolved: Resolved, cover: bool = False) -> None:
        if resolved.kind != "local" or resolved.path is None or root is None:
            return
        path = Path(os.path.realpath(resolved.path))
        if not is_inside(path, root) or not path.is_file():
            return
        asset = found.setdefault(path, Asset(path))
        asset.cover = asset.cover or cover
        if resolved.original not in asset.refs:
            asset.refs.append(resolved.original)

    cover = cover_of(post)
    if cover is not None:
        add(resolver.resolve(cover[1]), cover=True)

    def record(resolved: Resolved) -> str:
        add(resolved)
        return "about:blank"

    render_html(post.content, resolver, record)
    return list(found.values())


def assets_of(post: Post, site: Site | None) -> list[Path]:
    """The local files (real paths) a post references: cover, then body images; no duplicates."""
    return [a.path for a in collect_assets(post, site)]


def source_site(post: Post, site: Site | None) -> Site | None:
    if site is not None:
        return site
    if post.path is None:
        return None
    try:
        return Site.for_file(Path(post.path).absolute())
    except (PostError, OSError):
        return None  # a broken config only loses the content-folder rule


def same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(os.path.realpath(a)) == Path(os.path.realpath(b))
