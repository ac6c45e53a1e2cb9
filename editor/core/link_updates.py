"""Links to a post that is being renamed: found in the site's other posts before the file
moves, and rewritten after, each changing only the link's own characters.

A link counts when it names the renamed file: Hugo's ``relref``/``ref``, Jekyll's
``post_url``/``link``, or a relative Markdown link to the file (``[x](../old.md)``).
Its new form keeps the author's way of writing it (the same style, the same folders);
one whose new form would not name the new file is left out rather than guessed at.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from editor.core import fileio
from editor.core.errors import PostError
from editor.core.fileio_write import atomic_write
from editor.core.outline import body_lines
from editor.core.post_links import cross_links, target_path
from editor.core.site import POST_SUFFIXES, Site

_MARKDOWN_LINK = re.compile(r"\]\(\s*<?(?P<href>[^)\s<>]+?)>?(?:\s+\"[^\"]*\")?\s*\)")


@dataclass(frozen=True)
class LinkUse:
    """One link in ``file`` (0-based ``line``) that names the renamed post."""

    file: Path
    line: int
    style: str  # relref, ref, post_url, link or path
    reference: str  # what names the post, as written
    written: str  # the link's characters that change (the shortcode, or the path)

    def replaced(self, old: Path, new: Path) -> str:
        """``written`` naming ``new`` instead of ``old``."""
        return self.written.replace(self.reference, renamed_reference(self.reference, old, new), 1)


def _names(old: Path, new: Path) -> list[tuple[str, str]]:
    """What a reference may call the post, before and after, most specific first (a page
    bundle is named by its folder)."""
    if old.stem in ("index", "_index"):
        return [(old.parent.name, new.parent.name)]
    return [(old.name, new.name), (old.stem, new.stem)]


def renamed_reference(reference: str, old: Path, new: Path) -> str:
    """``reference`` with the renamed post's name replaced by its new one (its last occurrence,
    as a whole path segment)."""
    target, hash_, anchor = reference.partition("#")
    for old_name, new_name in _names(old, new):
        cut = target.rfind(old_name)
        end = cut + len(old_name)
        if cut >= 0 and (cut == 0 or target[cut - 1] == "/") and (end == len(target) or target[end] == "/"):
            return target[:cut] + new_name + target[end:] + hash_ + anchor
    return reference


def _post_files(site: Site) -> Iterable[Path]:
    for folder in site.content_folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() in POST_SUFFIXES and path.is_file() and not path.is_symlink():
                yield path


def _same(a: Path | None, b: Path) -> bool:
    return a is not None and os.path.normcase(a.resolve()) == os.path.normcase(b.resolve())


def links_to(site: Site, post: Path) -> list[LinkUse]:
    """Every link in the site's other posts that names ``post`` (call before it moves)."""
    uses: list[LinkUse] = []
    for file in _post_files(site):
        if _same(file, post):
            continue
        try:
            text = fileio.read_text(file).text
        except (PostError, OSError):
            continue  # a post we cannot read is one we do not change
        if post.stem not in text and post.parent.name not in text:
            continue
        for line, style, reference, written in cross_links(text):
            if _same(target_path(style, reference, site, file), post):
                uses.append(LinkUse(file, line, style, reference, written))
        for index, line_text, in_code in body_lines(text):
            if in_code or "](" not in line_text:
                continue
            for match in _MARKDOWN_LINK.finditer(line_text):
                href = match.group("href")
                path = href.split("#", 1)[0]
                if not path or "://" in path or path.startswith(("/", "mailto:", "{")):
                    continue
                if _same(file.parent / path, post):
                    uses.append(LinkUse(file, index, "path", path, path))
    return uses


def update_links(site: Site, uses: list[LinkUse], old: Path, new: Path) -> tuple[list[Path], list[LinkUse]]:
    """Rewrite ``uses`` (found by ``links_to`` before ``old`` became ``new``): the files
    changed, and the links left alone because their new form would not name ``new``."""
    by_file: dict[Path, list[LinkUse]] = {}
    skipped: list[LinkUse] = []
    for use in uses:
        fresh = renamed_reference(use.reference, old, new)
        resolved = use.file.parent / fresh if use.style == "path" else target_path(use.style, fresh, site, use.file)
        if fresh == use.reference or not _same(resolved, new):
            skipped.append(use)
        else:
            by_file.setdefault(use.file, []).append(use)
    changed = []
    for file, file_uses in by_file.items():
        if _rewrite(file, file_uses, old, new):
            changed.append(file)
        else:
            skipped.extend(file_uses)
    return changed, skipped


def _rewrite(file: Path, uses: list[LinkUse], old: Path, new: Path) -> bool:
    """Change each use's characters on its own line of ``file``; every other byte stays."""
    try:
        data = fileio.read_file_bytes(file)
        stored = fileio.decode_bytes(data, name=file.name)
    except (PostError, OSError):
        return False
    lines = stored.text.split("\n")
    for use in uses:
        if use.line < len(lines) and use.written in lines[use.line]:
            lines[use.line] = lines[use.line].replace(use.written, use.replaced(old, new))
    text = "\n".join(lines)
    if text == stored.text:
        return False
    try:
        atomic_write(file, stored.encode(text))
    except (PostError, OSError):
        return False
    return True
