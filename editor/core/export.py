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
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pygments.formatters import HtmlFormatter

from editor.core import resources
from editor.core.cover_step import CoverRef, cover_ref, slug_for
from editor.core.errors import PostError
from editor.core.fileio import atomic_write, replace_stray_bytes
from editor.core.post import Post
from editor.core.render import DARK_STYLE, render_html, rewrite_media
from editor.core.render import pygments_css as _pygments_css
from editor.core.site import POST_SUFFIXES, AssetResolver, Resolved, Site

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


def _cover(post: Post) -> tuple[CoverRef, str] | None:
    ref = cover_ref(post)
    if ref is None:
        return None
    value = ref.get(post.metadata)
    if not isinstance(value, str) or not value.strip():
        return None
    return ref, value


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
        alt = html.escape(cover[0].alt(post.metadata) or "", quote=True)
        header.append(f'<img class="pe-cover" alt="{alt}" src="{html.escape(cover[1].strip(), quote=True)}">')
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
    if target.is_dir():  # (a link to a folder the author named too: the export goes inside it)
        return target / f"{_slug(post)}{suffix}"
    if not target.parent.is_dir():
        raise ExportError(f"The folder {target.parent} does not exist; choose an existing folder.")
    return target


def _source_site(post: Post, site: Site | None) -> Site | None:
    if site is not None:
        return site
    if post.path is None:
        return None
    try:
        return Site.for_file(Path(post.path).absolute())
    except (PostError, OSError):
        return None  # a broken config only loses the content-folder rule


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(os.path.realpath(a)) == Path(os.path.realpath(b))


def _is_post_file(path: Path) -> bool:
    return path.name.lower().endswith(POST_SUFFIXES) or os.path.realpath(path).lower().endswith(POST_SUFFIXES)


def _protection(path: Path, post: Post, site: Site | None) -> str | None:
    """Why an export must never write ``path`` (even with ``overwrite``), or None."""
    if os.path.islink(path):
        return "is a symbolic link; an export never writes through a link"
    exists = os.path.lexists(path)
    if exists and not path.is_file():
        return "is a folder or a special file, not a file an export can replace"
    if exists and post.path is not None and _same_file(path, Path(post.path)):
        return "is the post itself"
    if _is_post_file(path):
        return "is a post file (.md, .markdown, .mdx); an export never replaces or creates one"
    source = _source_site(post, site)
    if exists and source is not None:
        real = Path(os.path.realpath(path))
        site_root = Path(os.path.realpath(source.root))
        for folder in source.content_folders:
            real_folder = Path(os.path.realpath(folder))
            if real_folder != site_root and _inside(real, real_folder):
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
    if root is not None and _inside(real, root):
        return real.relative_to(root).as_posix()
    return real.name


def export_zip(post: Post, site: Site | None, target: Path, *, overwrite: bool = False) -> Path:
    """A zip of the post (its exact bytes) and its local assets, under site-relative paths.

    The same rules as ``export_html`` for an existing file at the target.
    """
    if post.path is None:
        raise ExportError("This post has no file yet; save it before exporting a zip.")
    path = export_target(post, site, target, ".zip", overwrite=overwrite)
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
    return write_export(post, site, path, buffer.getvalue(), overwrite=overwrite)


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
        if real in taken or os.path.islink(candidate):
            continue  # (an export never writes through a link)
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


def _section_name(section: str) -> Path | None:
    """``section`` as a relative folder path (None for the content root); ExportError when it climbs out."""
    name = section.strip().replace("\\", "/").strip("/")
    if name in ("", "."):
        return None
    rel = Path(name)
    if rel.is_absolute() or any(part in ("..", "") for part in name.split("/")) or "\x00" in name:
        raise ExportError(
            f"The section {section!r} is not a folder name inside the content folder; use one like posts or blog."
        )
    return rel


def _container(post_path: Path) -> Path:
    """The folder holding the post: its folder, or the bundle's parent folder for ``index.md``."""
    return post_path.parent.parent if _is_bundle(post_path) else post_path.parent


def _sections(target: Site) -> dict[Path, int]:
    """How many posts each section (a content folder, or a folder right below one) holds."""
    counts: dict[Path, int] = {}
    folders = sorted(target.content_folders, key=lambda f: len(f.parts), reverse=True)
    for path in target.posts():
        if path.stem.split(".")[0] == "_index":
            continue  # a section's list page, not a post
        container = _container(path)
        for folder in folders:
            if container == folder or folder in container.parents:
                rel = container.relative_to(folder)
                section = folder if not rel.parts else folder / rel.parts[0]
                counts[section] = counts.get(section, 0) + 1
                break
    return counts


def target_section(target: Site, post_path: Path, section: str | None = None) -> Path:
    """The folder of ``target`` a copy of the post at ``post_path`` goes into.

    ``section`` (a folder name relative to the first content folder, or the name
    of one of the target's content folders; ``""`` or ``"."`` for the content
    root) decides when given. Otherwise: the target's section with the same name
    as the folder holding the post (``blog`` for ``src/content/blog/x.md``) when
    it has one, else the section holding the most posts, else the first content folder.
    """
    content = target.content_folders[0]
    if section is not None:
        rel = _section_name(section)
        if rel is None:
            return content
        if len(rel.parts) == 1:
            for folder in target.content_folders:
                if folder.name == rel.name:
                    return folder
        return content / rel
    name = _container(Path(post_path)).name
    for folder in target.content_folders:
        if folder.name == name:
            return folder
    for folder in target.content_folders:
        candidate = folder / name
        if name and not name.startswith(".") and candidate.is_dir() and target.contains(candidate):
            return candidate
    counts = _sections(target)
    if counts:
        # ties go to the deeper folder: pages such as about.md sit at a Hugo content root
        return min(counts, key=lambda folder: (-counts[folder], -len(folder.parts), str(folder)))
    return content


def _source_root(post: Post, site: Site | None) -> Path | None:
    source = _source_site(post, site)
    return Path(os.path.realpath(source.root)) if source is not None else None


def _replaceable(dest: Path, data: bytes, post: Post, source_root: Path | None, overwrite: bool) -> None:
    """Raise unless ``dest`` may be written with ``data``: new, identical, or replaceable with ``overwrite``."""
    if os.path.islink(dest):
        raise ExportError(f"Not copied: {dest} is a symbolic link; an export never writes through a link.")
    if not os.path.lexists(dest):
        return
    if not dest.is_file():
        raise ExportError(f"Not copied: {dest} is a folder or a special file; nothing was copied.")
    if post.path is not None and _same_file(dest, Path(post.path)):
        raise ExportError(f"Not copied: {dest} is the post itself; choose another site or section.")
    if _same_content(dest, data):
        return
    if not overwrite:
        raise ExportExistsError(dest)
    if source_root is not None and _inside(Path(os.path.realpath(dest)), source_root):
        raise ExportError(
            f"Not copied: {dest} is a file of the post's own site ({source_root}); "
            "an export never replaces it, even with --overwrite."
        )


def export_to_site(
    post: Post,
    site: Site | None,
    target_root: Path,
    *,
    overwrite: bool = False,
    section: str | None = None,
) -> Path:
    """Copy the post and its local images into the site at ``target_root``.

    The post goes into the target's section that keeps posts like it
    (``target_section``; ``section`` overrides), with the same file name; a page
    bundle keeps its folder. Images go into the target's images folder (files
    inside a page bundle keep their place in the bundle). References are
    rewritten to the target's style: site-absolute when it has a public folder,
    else relative to the post. Returns the written post path.

    Raises ``ExportError`` when a destination is outside ``target_root``, is a
    link, or is the post itself or another file of the post's own site, and
    ``ExportExistsError`` when a different file is already there and not
    ``overwrite`` (identical files are left as they are). Nothing is written
    until every destination has passed.
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
    source = Path(post.path)
    section_dir = target_section(target, source, section)
    bundle_dir = Path(os.path.realpath(source.parent)) if _is_bundle(source) else None
    post_dir = section_dir / source.parent.name if bundle_dir is not None else section_dir
    if os.path.islink(post_dir / source.name):
        raise ExportError(
            f"Not copied: {post_dir / source.name} is a symbolic link; an export never writes through a link."
        )
    post_dest = _checked(target, post_dir / source.name)
    source_root = _source_root(post, site)

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
            _replaceable(dest, data, post, source_root, overwrite)
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
            cover[0].set(copy.metadata, new_ref)
    if body != copy.content:
        copy.content = body
    post_data = copy.to_bytes()
    _replaceable(post_dest, post_data, post, source_root, overwrite)

    for dest, data in plan:
        _write_inside(target, dest, data)
    _write_inside(target, post_dest, post_data)
    return post_dest


def _write_inside(target: Site, dest: Path, data: bytes) -> None:
    _make_folder(target, dest.parent)
    _checked(target, dest)
    if os.path.islink(dest):
        raise ExportError(f"Not copied: {dest} is a symbolic link; an export never writes through a link.")
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
