"""The site's own stylesheets, for the preview's "Site style": the ones ``.post-editor.toml``
names (``preview_css``), else what a site of its kind has that can be read offline — a built
CSS file in the output folder, a Hugo theme's main CSS, an Astro site's global styles.
Only files inside the site are ever used; the preview loads them through its sandbox."""

from __future__ import annotations

import re
from pathlib import Path

from editor.core.site import Site

OUTPUT_FOLDERS = ("public", "dist", "_site", "build")
MOST = 4  # stylesheets at most: a site's main ones, not every page's
MAX_BYTES = 4 * 1024 * 1024  # a stylesheet larger than this is not a site's main one
_MAIN = re.compile(r"main|style|site|global|app|theme|index|base|bundle", re.IGNORECASE)
_THEME = re.compile(r"""^\s*theme\s*[=:]\s*["']?([\w.-]+)""", re.MULTILINE)


def site_stylesheets(site: Site) -> list[Path]:
    """The stylesheets that make the site look like itself, most likely first."""
    named = site.config.preview_css
    if named is not None:
        return [p for p in (_inside(site, site.root / name) for name in named) if p is not None]
    found: list[Path] = []
    for folder in _candidate_folders(site):
        found += _main_sheets(folder)
        if found:
            break
    return found[:MOST]


_REMOTE = re.compile(r"""(?:@import\s+(?:url\()?|url\()\s*["']?((?:https?:)?//[^"')\s;]+)""", re.IGNORECASE)


def remote_references(sheets: list[Path]) -> list[str]:
    """The hosts the stylesheets would fetch from (fonts, imports): the preview never does."""
    hosts: list[str] = []
    for sheet in sheets:
        try:
            text = sheet.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for match in _REMOTE.finditer(text):
            host = match.group(1).split("//", 1)[1].split("/", 1)[0]
            if host not in hosts:
                hosts.append(host)
    return hosts


def content_class(site: Site) -> str:
    """The class the site's article wrapper has (``prose``, ``post-content``…), from the
    site's settings; empty when it names none."""
    return site.config.preview_class or ""


def _candidate_folders(site: Site) -> list[Path]:
    root = site.root
    folders = [root / name for name in OUTPUT_FOLDERS]
    theme = _hugo_theme(root)
    themes = [root / "themes" / theme] if theme else sorted((root / "themes").glob("*"))[:1]
    for folder in themes:
        folders += [folder / "assets" / "css", folder / "static" / "css", folder / "assets", folder / "static"]
    folders += [root / "src" / "styles", root / "assets" / "css", root / "static" / "css", root / "css"]
    return [f for f in folders if f.is_dir()]


def _hugo_theme(root: Path) -> str | None:
    for name in ("hugo.toml", "hugo.yaml", "config.toml", "config.yaml", "hugo.yml", "config.yml"):
        try:
            text = (root / name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        match = _THEME.search(text)
        if match:
            return match.group(1)
    return None


def _main_sheets(folder: Path) -> list[Path]:
    """The likeliest main stylesheets in ``folder`` and its sub-folders (not too deep)."""
    sheets = []
    for depth in ("*.css", "*/*.css", "*/*/*.css"):
        for path in sorted(folder.glob(depth)):
            try:
                size = path.stat().st_size
            except OSError:
                continue
            if 0 < size <= MAX_BYTES and not path.name.endswith(".min.css.map"):
                sheets.append((not _MAIN.search(path.stem), -size, path))
        if sheets:
            break
    return [path for _rank, _size, path in sorted(sheets)]


def _inside(site: Site, path: Path) -> Path | None:
    try:
        real = path.resolve()
        real.relative_to(site.root.resolve())
    except (OSError, ValueError):
        return None  # a named stylesheet outside the site is not used
    return real if real.is_file() else None
