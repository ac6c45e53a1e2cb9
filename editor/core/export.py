"""Exporting a post: a standalone HTML page, a zip bundle, or a copy into another site.

``standalone_html`` renders with the same renderer as the preview and embeds every
local image as a ``data:`` URI, so the page needs no other file and loads nothing
from the network (a Content-Security-Policy forbids it as well).

``export_zip`` bundles the post's exact bytes and the local files it references
under their site-relative paths. ``export_to_site`` copies the post and its images
into another site, rewriting the image references to that site's conventions.

All files are written with ``atomic_write``. Nothing is ever written outside the
chosen target. In ``export_to_site`` an existing *different* post file is never
overwritten (``ExportError``); an existing different image gets a numbered name
instead (``chart-2.png``), an identical one is reused.
"""

from __future__ import annotations

import base64
import html
import io
import mimetypes
import os
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pygments.formatters import HtmlFormatter

from editor.core import resources
from editor.core.cover_step import cover_key, slug_for
from editor.core.errors import PostError
from editor.core.fileio import atomic_write
from editor.core.post import Post
from editor.core.render import DARK_STYLE, render_html, rewrite_media
from editor.core.render import pygments_css as _pygments_css
from editor.core.site import AssetResolver, Resolved, Site

__all__ = [
    "CSP",
    "ExportError",
    "assets_of",
    "export_html",
    "export_to_site",
    "export_zip",
    "standalone_html",
]

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

TITLE_KEYS = ("title", "name")
DESCRIPTION_KEYS = ("description", "excerpt", "summary", "subtitle")
DATE_KEYS = ("date", "pubDate", "publishDate", "published", "pubdate", "created")
LANG_KEYS = ("lang", "language", "locale")

_MIME = {
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".heic": "image/heic",
    ".heif": "image/heif",
    ".ico": "image/x-icon",
    ".bmp": "image/bmp",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
}
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script\s*>|<script\b[^>]*/?>", re.IGNORECASE | re.DOTALL)
_DARK_VARS = re.compile(r"body\.dark\s*\{([^}]*)\}")
_LANG_OK = re.compile(r"^[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*$")
MAX_SUFFIX = 999


class ExportError(PostError):
    """A post could not be exported; nothing outside the target was touched."""


# --------------------------------------------------------------------------- references


@dataclass
class _Asset:
    """A local file the post references, and every reference string that names it."""

    path: Path
    refs: list[str] = field(default_factory=list)
    cover: bool = False


def _resolver(post: Post, site: Site | None) -> AssetResolver:
    if post.path is None:
        return AssetResolver(post_dir=Path.cwd(), public_dir=None, roots=())  # nothing resolves
    if site is not None:
        return site.resolver_for(post.path)
    return AssetResolver.for_post(post.path)


def _root(post: Post, site: Site | None, resolver: AssetResolver) -> Path | None:
    """The real path of the folder the post's assets must stay in."""
    if site is not None:
        return Path(os.path.realpath(site.root))
    if resolver.roots:
        return Path(os.path.realpath(resolver.roots[0]))
    return None


def _inside(path: Path, root: Path) -> bool:
    real = Path(os.path.realpath(path))
    return real == root or root in real.parents


def _text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat() if not (value.hour or value.minute or value.second) else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value).strip()


def _first(post: Post, keys: tuple[str, ...]) -> str:
    for key in keys:
        text = _text(post.metadata.get(key))
        if text:
            return text
    return ""


def _cover(post: Post) -> tuple[str, str] | None:
    key = cover_key(post)
    if key is None:
        return None
    value = post.metadata.get(key)
    if not isinstance(value, str) or not value.strip():
        return None
    return key, value


def _collect(post: Post, site: Site | None) -> list[_Asset]:
    """The local files the post references (cover first), deduplicated, inside the site."""
    resolver = _resolver(post, site)
    root = _root(post, site, resolver)
    found: dict[Path, _Asset] = {}

    def add(resolved: Resolved, cover: bool = False) -> None:
        if resolved.kind != "local" or resolved.path is None or root is None:
            return
        path = Path(os.path.realpath(resolved.path))
        if not _inside(path, root) or not path.is_file():
            return
        asset = found.setdefault(path, _Asset(path))
        asset.cover = asset.cover or cover
        if resolved.original not in asset.refs:
            asset.refs.append(resolved.original)

    cover = _cover(post)
    if cover is not None:
        add(resolver.resolve(cover[1]), cover=True)

    def record(resolved: Resolved) -> str:
        add(resolved)
        return "about:blank"

    render_html(post.content, resolver, record)
    return list(found.values())


def assets_of(post: Post, site: Site | None) -> list[Path]:
    """The local files (real paths) a post references: cover, then body images; no duplicates."""
    return [a.path for a in _collect(post, site)]


# --------------------------------------------------------------------------- standalone HTML


def _mime(path: Path) -> str:
    known = _MIME.get(path.suffix.lower())
    if known:
        return known
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def _data_uri(resolved: Resolved) -> str:
    if resolved.path is None:
        return ""
    try:
        data = resolved.path.read_bytes()
    except OSError:
        return ""
    return f"data:{_mime(resolved.path)};base64,{base64.b64encode(data).decode('ascii')}"


def _lang(post: Post) -> str:
    lang = _first(post, LANG_KEYS)
    return lang.replace("_", "-") if _LANG_OK.match(lang) else "en"


def _css() -> str:
    preview = resources.read_text("preview", "preview.css")
    parts = [preview, _pygments_css("body.dark")]
    dark_vars = _DARK_VARS.search(preview)
    dark_code = HtmlFormatter(style=DARK_STYLE).get_style_defs("body .codehilite")
    if dark_vars:
        parts.append(
            "@media (prefers-color-scheme: dark) {\n"
            f"  :root {{ color-scheme: dark; }}\n  html, body {{{dark_vars.group(1)}}}\n{dark_code}\n}}"
        )
    return "\n".join(parts)


def standalone_html(post: Post, site: Site | None) -> str:
    """One self-contained HTML page for ``post``: styles inlined, local images as data: URIs."""
    resolver = _resolver(post, site)
    root = _root(post, site, resolver)

    def embed(resolved: Resolved) -> str:
        if root is None or resolved.path is None or not _inside(resolved.path, root):
            return ""
        return _data_uri(resolved)

    def media(fragment: str) -> str:
        return rewrite_media(fragment, resolver, embed)

    title = _first(post, TITLE_KEYS)
    description = _first(post, DESCRIPTION_KEYS)
    when = _first(post, DATE_KEYS)
    cover = _cover(post)
    header: list[str] = []
    if cover is not None:
        header.append(f'<img class="pe-cover" alt="" src="{html.escape(cover[1].strip(), quote=True)}">')
    if title:
        header.append(f'<h1 class="pe-title">{html.escape(title)}</h1>')
    if when:
        header.append(f'<div class="pe-meta"><time>{html.escape(when)}</time></div>')
    head_html = media("".join(header))
    body = _SCRIPT.sub("", render_html(post.content, resolver, embed))
    page_title = title or (post.path.stem if post.path is not None else "Post")
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(_lang(post), quote=True)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(CSP, quote=False)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light dark">',
        '<meta name="generator" content="Post Editor">',
        f"<title>{html.escape(page_title)}</title>",
    ]
    if description:
        lines.append(f'<meta name="description" content="{html.escape(description, quote=True)}">')
    lines += [
        f"<style>\n{_css()}\n</style>",
        "</head>",
        "<body>",
        '<main class="pe-content">',
        f"<header>{head_html}</header>",
        "<article>",
        body,
        "</article>",
        "</main>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(lines)


def _slug(post: Post) -> str:
    if post.path is not None:
        return slug_for(post.path) or "post"
    from editor.core.images import slugify

    return slugify(_first(post, TITLE_KEYS)) or "post"


def _target_file(post: Post, target: Path, suffix: str) -> Path:
    target = Path(target)
    if target.is_dir():
        return target / f"{_slug(post)}{suffix}"
    if not target.parent.is_dir():
        raise ExportError(f"The folder {target.parent} does not exist; choose an existing folder.")
    return target


def export_html(post: Post, site: Site | None, target: Path) -> Path:
    """Write ``standalone_html`` to ``target`` (a file, or a folder: ``<slug>.html``)."""
    path = _target_file(post, target, ".html")
    atomic_write(path, standalone_html(post, site).encode("utf-8"))
    return path


# --------------------------------------------------------------------------- zip


def _arcname(path: Path, root: Path | None) -> str:
    real = Path(os.path.realpath(path))
    if root is not None and _inside(real, root):
        return real.relative_to(root).as_posix()
    return real.name


def export_zip(post: Post, site: Site | None, target: Path) -> Path:
    """A zip of the post (its exact bytes) and its local assets, under site-relative paths."""
    if post.path is None:
        raise ExportError("This post has no file yet; save it before exporting a zip.")
    path = _target_file(post, target, ".zip")
    root = _root(post, site, _resolver(post, site))
    buffer = io.BytesIO()
    names: set[str] = set()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        post_name = _arcname(post.path, root)
        zf.writestr(post_name, post.to_bytes())
        names.add(post_name)
        for asset in assets_of(post, site):
            name = _arcname(asset, root)
            if name in names:
                continue
            try:
                data = asset.read_bytes()
            except OSError as exc:
                raise ExportError(f"Could not read {asset}: {exc.strerror or exc}.") from exc
            zf.writestr(name, data)
            names.add(name)
    atomic_write(path, buffer.getvalue())
    return path


# --------------------------------------------------------------------------- copy into another site


def _checked(target: Site, path: Path) -> Path:
    """``path`` when it stays inside the target site (symlinks resolved), else ExportError."""
    if not target.contains(path):
        raise ExportError(
            f"{path} is outside the target site {target.root} (a folder or link leads elsewhere); nothing was copied."
        )
    return path


def _same_content(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def _image_destination(target: Site, folder: Path, name: str, data: bytes, taken: set[Path]) -> Path:
    """``folder/name``, or ``name-2``... when a different file is there already."""
    stem, suffix = Path(name).stem, Path(name).suffix
    for n in range(1, MAX_SUFFIX + 1):
        candidate = _checked(target, folder / (name if n == 1 else f"{stem}-{n}{suffix}"))
        real = Path(os.path.realpath(candidate))
        if real in taken:
            continue
        if not candidate.exists() or (candidate.is_file() and _same_content(candidate, data)):
            return candidate
    raise ExportError(f"Too many files named like {name} in {folder}; clean up the folder first.")


def _reference(target: Site, dest: Path, post_dir: Path) -> str:
    url = target.path_to_url(dest) if target.public_folder is not None else None
    if url:
        return url
    rel = os.path.relpath(os.path.realpath(dest), os.path.realpath(post_dir))
    return quote(Path(rel).as_posix(), safe="/-._~")


def _replace_refs(body: str, old: str, new: str) -> str:
    """Replace ``old`` where it is an image or link target: ``](old``, ``src="old"``, ``[x]: old``."""
    if old == new:
        return body
    esc = re.escape(old)
    patterns = [
        rf"(\]\(\s*<?){esc}(?=>?[\s)])",
        rf"(\bsrc\s*=\s*[\"']?){esc}(?=[\"'\s>])",
        rf"(^[ ]{{0,3}}\[[^\]]+\]:[ \t]*<?){esc}(?=>?(\s|$))",
    ]
    for pattern in patterns:
        body = re.sub(pattern, lambda m: m.group(1) + new, body, flags=re.MULTILINE)
    escaped_old = html.escape(old, quote=True)
    if escaped_old != old:  # raw HTML with &amp; in the src
        body = re.sub(
            rf"(\bsrc\s*=\s*[\"']?){re.escape(escaped_old)}(?=[\"'\s>])",
            lambda m: m.group(1) + html.escape(new, quote=True),
            body,
        )
    return body


def _is_bundle(path: Path) -> bool:
    return path.stem.split(".")[0] in ("index", "_index")


def export_to_site(post: Post, site: Site | None, target_root: Path) -> Path:
    """Copy the post and its local images into the site at ``target_root``.

    The post goes into the target's first content folder (same file name; a page
    bundle keeps its folder), images into the target's images folder (files inside
    a page bundle keep their place in the bundle). References are rewritten to the
    target's style: site-absolute when it has a public folder, else relative to the
    post. Returns the written post path. Raises ``ExportError`` when a destination
    is outside ``target_root`` or a different post file is already there.
    """
    if post.path is None:
        raise ExportError("This post has no file yet; save it before copying it to another site.")
    root = Path(target_root)
    if not root.is_dir():
        raise ExportError(f"{root} is not a folder; choose the other site's folder.")
    target = Site.detect(root)
    if not target.contains(target.root) or not _inside(target.root, Path(os.path.realpath(root))):
        raise ExportError(f"The site found in {root} is outside it; choose the site's own folder.")
    if not target.content_folders:
        raise ExportError(f"{root} has no content folder to copy the post into.")
    content = target.content_folders[0]
    source = Path(post.path)
    bundle_dir = Path(os.path.realpath(source.parent)) if _is_bundle(source) else None
    post_dir = content / source.parent.name if bundle_dir is not None else content
    post_dest = _checked(target, post_dir / source.name)

    assets = _collect(post, site)
    copy = post.copy()
    taken: set[Path] = {Path(os.path.realpath(post_dest))}
    plan: list[tuple[Path, bytes]] = []
    body = copy.content
    cover = _cover(copy)
    for asset in assets:
        try:
            data = asset.path.read_bytes()
        except OSError as exc:
            raise ExportError(f"Could not read {asset.path}: {exc.strerror or exc}.") from exc
        if bundle_dir is not None and _inside(asset.path, bundle_dir):
            dest = _checked(target, post_dir / asset.path.relative_to(bundle_dir))
            if dest.exists() and not _same_content(dest, data):
                raise ExportError(f"{dest} already exists and is a different file; it was not overwritten.")
            new_ref: str | None = None  # relative inside the bundle: unchanged
        else:
            dest = _image_destination(target, target.images_folder, asset.path.name, data, taken)
            new_ref = _reference(target, dest, post_dir)
        taken.add(Path(os.path.realpath(dest)))
        plan.append((dest, data))
        if new_ref is None:
            continue
        for old in asset.refs:
            body = _replace_refs(body, old, new_ref)
        if asset.cover and cover is not None and cover[1].strip() in asset.refs:
            copy.metadata[cover[0]] = new_ref
    if body != copy.content:
        copy.content = body
    post_data = copy.to_bytes()
    if post_dest.exists() and not _same_content(post_dest, post_data):
        raise ExportError(f"{post_dest} already exists in the target site; it was not overwritten.")

    for dest, data in plan:
        _write_inside(target, dest, data)
    _write_inside(target, post_dest, post_data)
    return post_dest


def _write_inside(target: Site, dest: Path, data: bytes) -> None:
    _make_folder(target, dest.parent)
    _checked(target, dest)
    if dest.is_file() and _same_content(dest, data):
        return
    atomic_write(dest, data)


def _make_folder(target: Site, folder: Path) -> None:
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        _checked(target, path)
        try:
            path.mkdir()
        except FileExistsError:
            pass
        except OSError as exc:
            raise ExportError(f"Could not create the folder {path}: {exc.strerror or exc}.") from exc
    _checked(target, folder)
