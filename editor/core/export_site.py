"""Exporting a post into another site: the post into the section that holds posts
like it, its images into that site's image folder (renamed when another image has
the name), its references rewritten; nothing written outside that site, nothing
overwritten that is a post or was not exported."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path
from urllib.parse import quote

from editor.core.export_assets import (
    MAX_SUFFIX,
    ExportError,
    ExportExistsError,
    collect_assets,
    cover_of,
    is_inside,
    same_file,
    source_site,
)
from editor.core.fileio_write import atomic_write
from editor.core.post import Post
from editor.core.site import Site, is_bundle_index


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
    return post_path.parent.parent if is_bundle_index(post_path) else post_path.parent


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
    source = source_site(post, site)
    return Path(os.path.realpath(source.root)) if source is not None else None


def _replaceable(dest: Path, data: bytes, post: Post, source_root: Path | None, overwrite: bool) -> None:
    """Raise unless ``dest`` may be written with ``data``: new, identical, or replaceable with ``overwrite``."""
    if os.path.islink(dest):
        raise ExportError(f"Not copied: {dest} is a symbolic link; an export never writes through a link.")
    if not os.path.lexists(dest):
        return
    if not dest.is_file():
        raise ExportError(f"Not copied: {dest} is a folder or a special file; nothing was copied.")
    if post.path is not None and same_file(dest, Path(post.path)):
        raise ExportError(f"Not copied: {dest} is the post itself; choose another site or section.")
    if _same_content(dest, data):
        return
    if not overwrite:
        raise ExportExistsError(dest)
    if source_root is not None and is_inside(Path(os.path.realpath(dest)), source_root):
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
    if not target.contains(target.root) or not is_inside(target.root, Path(os.path.realpath(root))):
        raise ExportError(f"The site found in {root} is outside it; choose the site's own folder.")
    if not target.content_folders:
        raise ExportError(f"{root} has no content folder to copy the post into.")
    source = Path(post.path)
    section_dir = target_section(target, source, section)
    bundle_dir = Path(os.path.realpath(source.parent)) if is_bundle_index(source) else None
    post_dir = section_dir / source.parent.name if bundle_dir is not None else section_dir
    if os.path.islink(post_dir / source.name):
        raise ExportError(
            f"Not copied: {post_dir / source.name} is a symbolic link; an export never writes through a link."
        )
    post_dest = _checked(target, post_dir / source.name)
    source_root = _source_root(post, site)

    assets = collect_assets(post, site)
    copy = post.copy()
    taken: set[Path] = {Path(os.path.realpath(post_dest))}
    plan: list[tuple[Path, bytes]] = []
    body = copy.content
    cover = cover_of(copy)
    for asset in assets:
        try:
            data = asset.path.read_bytes()
        except OSError as exc:
            raise ExportError(f"Could not read {asset.path}: {exc.strerror or exc}.") from exc
        if bundle_dir is not None and is_inside(asset.path, bundle_dir):
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
