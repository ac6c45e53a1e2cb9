"""Links from one post to another, written the way the site already writes them: Hugo's
``{{< relref "…" >}}``, Jekyll's ``{% post_url … %}`` or ``{% link … %}``, else a
relative path to the other post's file."""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path, PurePosixPath

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
