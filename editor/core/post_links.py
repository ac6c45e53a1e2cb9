"""Links from one post to another, written the way the site already writes them: Hugo's
``{{< relref "…" >}}``, Jekyll's ``{% post_url … %}`` or ``{% link … %}``, else a
relative path to the other post's file."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from editor.core.library import Library, PostInfo
    from editor.core.site import Site

STYLES = ("relref", "post_url", "link", "path")
_USES = {
    "relref": re.compile(r"\{\{[<%]\s*relref\s"),
    "post_url": re.compile(r"\{%\s*post_url\s"),
    "link": re.compile(r"\{%\s*link\s"),
}
SAMPLE = 200  # posts read to learn the site's habit


def link_style(site: Site, library: Library) -> str:
    """How the site's posts link to each other, by what most of them already use."""
    seen: Counter[str] = Counter()
    for info in library.posts[:SAMPLE]:
        try:
            text = (site.root / info.path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for style, pattern in _USES.items():
            if pattern.search(text):
                seen[style] += 1
    if seen:
        return seen.most_common(1)[0][0]
    return "path"


def _content_relative(site: Site, path: Path) -> str:
    for folder in site.content_folders:
        try:
            return path.resolve().relative_to(folder.resolve()).as_posix()
        except ValueError:
            continue
    return path.name


def link_target(style: str, site: Site, source: Path | None, target: PostInfo) -> str:
    """What goes between the parentheses of ``[text](…)`` for a link to ``target``."""
    file = site.root / target.path
    if style == "relref":
        return '{{< relref "' + _content_relative(site, file) + '" >}}'
    if style == "post_url":
        return "{% post_url " + PurePosixPath(target.path).stem + " %}"
    if style == "link":
        return "{% link " + target.path + " %}"
    if source is None:
        return "/" + target.path
    relative = os.path.relpath(file, source.parent).replace(os.sep, "/")
    return relative if relative.startswith(".") else "./" + relative


def describe(info: PostInfo) -> str:
    """One line of the post picker: the title, the date and where the file is."""
    parts = [info.title or PurePosixPath(info.path).stem]
    if info.date:
        parts.append(str(info.date)[:10])
    parts.append(info.path)
    return " · ".join(parts)


_CROSS = re.compile(
    r"\{\{[<%]\s*(?P<hugo>relref|ref)\s+\"(?P<href>[^\"]+)\"\s*[%>]\}\}"
    r"|\{%\s*(?P<jekyll>post_url|link)\s+(?P<jref>[^\s%]+)\s*%\}"
)


def cross_links(content: str) -> Iterator[tuple[int, str, str, str]]:
    """``(body line, style, reference, as written)`` of each link to another post, outside code."""
    from editor.core.outline import body_lines

    for index, line, in_code in body_lines(content):
        if in_code or "{" not in line:
            continue
        for match in _CROSS.finditer(line):
            if match.group("hugo"):
                yield index, "relref", match.group("href"), match.group(0)
            else:
                yield index, str(match.group("jekyll")), str(match.group("jref")), match.group(0)


def resolves(style: str, reference: str, site: Site, source: Path | None) -> bool:
    """Whether a ``relref``/``ref``, ``post_url`` or ``link`` reference names an existing post."""
    return not reference.split("#", 1)[0] or target_path(style, reference, site, source) is not None


def target_path(style: str, reference: str, site: Site, source: Path | None) -> Path | None:
    """The file a ``relref``/``ref``, ``post_url`` or ``link`` reference names, or None."""
    reference = reference.split("#", 1)[0]
    if not reference:
        return None
    if style == "post_url":
        name = PurePosixPath(reference).name
        return next((p for p in sorted((site.root / "_posts").rglob("*")) if p.is_file() and p.stem == name), None)
    if style == "link":
        file = site.root / reference.lstrip("/")
        return file if file.is_file() else None
    wanted = reference.lstrip("/")
    candidates = [folder / wanted for folder in site.content_folders]
    if source is not None and not reference.startswith("/"):
        candidates.insert(0, source.parent / wanted)
    for candidate in candidates:
        for file in (candidate, candidate / "index.md", candidate / "_index.md"):
            if file.is_file():
                return file
    if "/" not in wanted:  # Hugo also finds a page by its file name alone
        return next((p for folder in site.content_folders for p in sorted(folder.rglob(wanted))), None)
    return None


PREVIEW_SCHEME = "post-editor-post"  # the preview's links to other posts: #scheme:style:reference
_LINK_TO_CROSS = re.compile(r"\]\(\s*(" + _CROSS.pattern + r")\s*\)")


def preview_targets(source: str) -> str:
    """``source`` with each ``[text](relref/post_url/link …)`` pointing at a preview-only URL,
    so the preview shows a link that opens the other post (the file itself is unchanged). The
    target is an anchor of the preview's own page, the only navigation the page lets through
    to the window."""
    if "{{" not in source and "{%" not in source:
        return source

    def target(match: re.Match[str]) -> str:
        style = "relref" if match.group("hugo") else str(match.group("jekyll"))
        return f"](#{preview_anchor(style, match.group('href') or match.group('jref'))})"

    return _LINK_TO_CROSS.sub(target, source)


def preview_anchor(style: str, reference: str) -> str:
    """The preview's anchor for a link of ``style`` to ``reference``."""
    return f"{PREVIEW_SCHEME}:{style}:{quote(reference, safe='/._-')}"
