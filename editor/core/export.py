"""Exporting a post: a standalone HTML page, a zip bundle, or a copy into another site.

``standalone_html`` renders with the same renderer as the preview and embeds every
local image as a ``data:`` URI, so the page needs no other file and loads nothing
from the network (a Content-Security-Policy forbids it as well).

``export_zip`` bundles the post's exact bytes and the local files it references
under their site-relative paths. ``export_to_site`` copies the post and its images
into another site, rewriting the image references to that site's conventions.

All files are written with ``atomic_write``. Nothing is ever written outside the
chosen target. An existing file is replaced only with ``overwrite=True``
(``ExportExistsError`` otherwise), and never -- whatever ``overwrite`` says --
when it is the post itself, a post file (``.md``, ``.markdown``, ``.mdx``), a
file in the source site's content folders, a folder or device, or a symbolic
link (an export never writes through a link). In ``export_to_site`` an existing
different image gets a numbered name instead (``chart-2.png``), an identical
one is reused; the post goes into the target's section that holds posts like it
(``section`` overrides).
"""

from __future__ import annotations

import base64
import html
import io
import mimetypes
import os
import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pygments.formatters import HtmlFormatter

from editor.core import resources, typeset
from editor.core.cover_step import slug_for
from editor.core.export_assets import (
    ExportError,
    ExportExistsError,
    assets_of,
    assets_root,
    cover_of,
    is_inside,
    resolver_for,
    same_file,
    source_site,
)
from editor.core.export_site import export_to_site, target_section
from editor.core.fileio import replace_stray_bytes
from editor.core.fileio_write import atomic_write
from editor.core.post import Post
from editor.core.render import DARK_STYLE, render_html, rewrite_media
from editor.core.render import pygments_css as _pygments_css
from editor.core.site import POST_SUFFIXES, Resolved, Site

__all__ = [
    "CSP",
    "ExportError",
    "ExportExistsError",
    "assets_of",
    "export_html",
    "export_target",
    "export_to_site",
    "export_zip",
    "standalone_html",
    "target_section",
    "write_export",
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


# --------------------------------------------------------------------------- references


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
    resolver = resolver_for(post, site)
    root = assets_root(post, site, resolver)

    def embed(resolved: Resolved) -> str:
        if root is None or resolved.path is None or not is_inside(resolved.path, root):
            return ""
        return _data_uri(resolved)

    def media(fragment: str) -> str:
        return rewrite_media(fragment, resolver, embed)

    title = _first(post, TITLE_KEYS)
    description = _first(post, DESCRIPTION_KEYS)
    when = _first(post, DATE_KEYS)
    cover = cover_of(post)
    header: list[str] = []
    if cover is not None:
        alt = html.escape(cover[0].alt(post.metadata) or "", quote=True)
        header.append(f'<img class="pe-cover" alt="{alt}" src="{html.escape(cover[1].strip(), quote=True)}">')
    if title:
        header.append(f'<h1 class="pe-title">{html.escape(title)}</h1>')
    if when:
        header.append(f'<div class="pe-meta"><time>{html.escape(when)}</time></div>')
    head_html = media("".join(header))
    body = _SCRIPT.sub("", render_html(post.content, resolver, embed))
    page_title = title or (post.path.stem if post.path is not None else "Post")
    typesetting = typeset.for_export(body)
    policy = CSP
    if typesetting is not None:  # the shipped renderers' scripts run, by their hashes; nothing else does
        policy += f"; font-src data:; script-src {typesetting.script_sources}"
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(_lang(post), quote=True)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy, quote=False)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light dark">',
        '<meta name="generator" content="Post Editor">',
        f"<title>{html.escape(page_title)}</title>",
    ]
    if description:
        lines.append(f'<meta name="description" content="{html.escape(description, quote=True)}">')
    lines += [
        f"<style>\n{_css()}\n</style>",
        *(typesetting.head() if typesetting else []),
        "</head>",
        "<body>",
        '<main class="pe-content">',
        f"<header>{head_html}</header>",
        "<article>",
        body,
        "</article>",
        "</main>",
        *(typesetting.tail() if typesetting else []),
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


SUFFIXES = {"html": ".html", "pdf": ".pdf", "zip": ".zip"}


def export_file_name(post: Post, kind: str) -> str:
    """The name an export of ``post`` as ``kind`` (``html``, ``pdf``, ``zip``) gets: its slug."""
    return f"{_slug(post)}{SUFFIXES[kind]}"


def _target_file(post: Post, target: Path, suffix: str) -> Path:
    target = Path(target)
    if target.is_dir():  # (a link to a folder the author named too: the export goes inside it)
        return target / f"{_slug(post)}{suffix}"
    if not target.parent.is_dir():
        raise ExportError(f"The folder {target.parent} does not exist; choose an existing folder.")
    return target


def _is_post_file(path: Path) -> bool:
    return path.name.lower().endswith(POST_SUFFIXES) or os.path.realpath(path).lower().endswith(POST_SUFFIXES)


def _protection(path: Path, post: Post, site: Site | None) -> str | None:
    """Why an export must never write ``path`` (even with ``overwrite``), or None."""
    if os.path.islink(path):
        return "is a symbolic link; an export never writes through a link"
    exists = os.path.lexists(path)
    if exists and not path.is_file():
        return "is a folder or a special file, not a file an export can replace"
    if exists and post.path is not None and same_file(path, Path(post.path)):
        return "is the post itself"
    if _is_post_file(path):
        return "is a post file (.md, .markdown, .mdx); an export never replaces or creates one"
    source = source_site(post, site)
    if exists and source is not None:
        real = Path(os.path.realpath(path))
        site_root = Path(os.path.realpath(source.root))
        for folder in source.content_folders:
            real_folder = Path(os.path.realpath(folder))
            if real_folder != site_root and is_inside(real, real_folder):
                return f"is a file of the site's content folder {folder}"
    return None


def _guard(path: Path, post: Post, site: Site | None, overwrite: bool) -> None:
    reason = _protection(path, post, site)
    if reason is not None:
        raise ExportError(f"Not exported: {path} {reason}. Choose another name or folder.")
    if os.path.lexists(path) and not overwrite:
        raise ExportExistsError(path)


def export_target(post: Post, site: Site | None, target: Path, suffix: str, *, overwrite: bool = False) -> Path:
    """The file an export of ``post`` into ``target`` (a file, or a folder: ``<slug><suffix>``) writes.

    Raises ``ExportExistsError`` when the file exists and not ``overwrite``, and
    ``ExportError`` when it must never be written (see the module's rules).
    """
    path = _target_file(post, target, suffix)
    _guard(path, post, site, overwrite)
    return path


def write_export(post: Post, site: Site | None, path: Path, data: bytes, *, overwrite: bool = False) -> Path:
    """Write an export's bytes to ``path`` (from ``export_target``), checking the rules again first."""
    _guard(path, post, site, overwrite)
    atomic_write(path, data)
    return path


def export_html(post: Post, site: Site | None, target: Path, *, overwrite: bool = False) -> Path:
    """Write ``standalone_html`` to ``target`` (a file, or a folder: ``<slug>.html``).

    An existing file is replaced only with ``overwrite`` (``ExportExistsError``
    otherwise), and never when it is a post, a file of the site's content folders or a link.
    """
    path = export_target(post, site, target, ".html", overwrite=overwrite)
    return write_export(
        post, site, path, replace_stray_bytes(standalone_html(post, site)).encode("utf-8"), overwrite=overwrite
    )


# --------------------------------------------------------------------------- zip


def _arcname(path: Path, root: Path | None) -> str:
    real = Path(os.path.realpath(path))
    if root is not None and is_inside(real, root):
        return real.relative_to(root).as_posix()
    return real.name


def export_zip(post: Post, site: Site | None, target: Path, *, overwrite: bool = False) -> Path:
    """A zip of the post (its exact bytes) and its local assets, under site-relative paths.

    The same rules as ``export_html`` for an existing file at the target.
    """
    if post.path is None:
        raise ExportError("This post has no file yet; save it before exporting a zip.")
    path = export_target(post, site, target, ".zip", overwrite=overwrite)
    root = assets_root(post, site, resolver_for(post, site))
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
    return write_export(post, site, path, buffer.getvalue(), overwrite=overwrite)


# --------------------------------------------------------------------------- copy into another site


KINDS = ("site", "html", "zip")
"""What ``export_post`` writes; a PDF is printed by the window's web engine (``ui.pdf``)."""


def export_post(
    post: Post, site: Site | None, target: Path, kind: str, *, overwrite: bool = False, section: str | None = None
) -> Path:
    """Export ``post`` as ``kind`` (one of ``KINDS``) into ``target``; returns the written path.
    Never over a post of the site; over an earlier export only with ``overwrite``."""
    if kind == "site":
        return export_to_site(post, site, Path(target), overwrite=overwrite, section=section)
    if kind == "zip":
        return export_zip(post, site, Path(target), overwrite=overwrite)
    if kind == "html":
        return export_html(post, site, Path(target), overwrite=overwrite)
    raise ExportError(f"Post Editor cannot export as '{kind}' here (choose one of {', '.join(KINDS)}).")
