"""Recognising a site's generator and where its posts and public files live by convention.

Used by ``editor.core.site``; import the public names from there.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from editor.core import fileio
from editor.core.errors import PostError

PUBLIC_NAMES = ("public", "static")
POST_SUFFIXES = (".md", ".markdown", ".mdx")
SKIP_DIRS = frozenset({"node_modules", "_site", "public", "dist", "build", "out", "resources", "__pycache__"})
_JS_EXT = ("js", "mjs", "cjs", "ts", "mts", "cts")


def find_public_folder(start: Path) -> Path | None:
    """The nearest ``public/`` or ``static/`` folder beside ``start`` or one of its parents."""
    folder = start if start.is_dir() else start.parent
    for parent in [folder, *folder.parents]:
        for name in PUBLIC_NAMES:
            candidate = parent / name
            if candidate.is_dir():
                return candidate
    return None


def _is_post_name(name: str) -> bool:
    return name.lower().endswith(POST_SUFFIXES)


def _skip_dir(name: str) -> bool:
    return name.startswith(".") or name in SKIP_DIRS


def _subdirs(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as it:
            return sorted(Path(e.path) for e in it if e.is_dir(follow_symlinks=False) and not _skip_dir(e.name))
    except OSError:
        return []


def _has_md_here(folder: Path) -> bool:
    try:
        with os.scandir(folder) as it:
            return any(_is_post_name(e.name) and e.is_file() for e in it)
    except OSError:
        return False


def _has_md(folder: Path, budget: int = 20_000) -> bool:
    """True when ``folder`` holds a post somewhere below it (bounded, no symlinks)."""
    stack = [folder]
    seen = 0
    while stack and seen < budget:
        current = stack.pop()
        try:
            with os.scandir(current) as it:
                for e in it:
                    seen += 1
                    if e.is_dir(follow_symlinks=False):
                        if not _skip_dir(e.name):
                            stack.append(Path(e.path))
                    elif _is_post_name(e.name):
                        return True
        except OSError:
            continue
    return False


def _narrow(folder: Path) -> Path:
    """Descend while the folder holds no post itself and exactly one subfolder holds posts."""
    for _ in range(16):
        if _has_md_here(folder):
            return folder
        children = [d for d in _subdirs(folder) if _has_md(d)]
        if len(children) != 1:
            return folder
        folder = children[0]
    return folder


def _md_folders(base: Path) -> list[Path]:
    """Folders below ``base`` that hold posts (``base``'s own files such as README.md do not count)."""
    return [_narrow(d) for d in _subdirs(base) if _has_md(d)]


def _existing_md(root: Path, names: Iterable[str]) -> list[Path]:
    return [root / n for n in names if (root / n).is_dir() and _has_md(root / n)]


def _first_of(root: Path, names: Iterable[str]) -> list[Path]:
    """Existing candidate folders holding posts, in priority order, minus ones nested in (or around) earlier picks."""
    out: list[Path] = []
    for folder in _existing_md(root, names):
        if not any(_inside(folder, o) or _inside(o, folder) for o in out):
            out.append(folder)
    return out


def _drop_nested(folders: list[Path]) -> list[Path]:
    out: list[Path] = []
    for f in sorted(set(folders), key=lambda p: len(p.parts)):
        if not any(f == o or o in f.parents for o in out):
            out.append(f)
    return sorted(out)


def _glob_one(folder: Path, stem: str) -> bool:
    return any((folder / f"{stem}.{ext}").is_file() for ext in _JS_EXT)


def _read_text(path: Path, limit: int = 1_000_000) -> str:
    try:
        return fileio.read_head(path, limit).decode("utf-8", "replace")  # a named pipe never blocks
    except (OSError, PostError):
        return ""


def _is_zola_config(path: Path) -> bool:
    text = _read_text(path)
    return bool(re.search(r"(?m)^\s*base_url\s*=", text) or re.search(r"(?m)^\s*\[markdown\]", text))


def _detect_generator(folder: Path) -> str | None:
    """The generator whose marker files are in ``folder`` itself, or None."""
    if not folder.is_dir():
        return None
    if _glob_one(folder, "astro.config"):
        return "astro"
    if _glob_one(folder, "docusaurus.config"):
        return "docusaurus"
    if _glob_one(folder, "gatsby-config"):
        return "gatsby"
    if _glob_one(folder, "next.config"):
        return "nextjs"
    if _glob_one(folder, "eleventy.config") or any((folder / n).is_file() for n in (".eleventy.js", ".eleventy.cjs")):
        return "eleventy"
    has_content = (folder / "content").is_dir()
    if (folder / "config.toml").is_file() and has_content and _is_zola_config(folder / "config.toml"):
        return "zola"
    if any((folder / f"hugo.{e}").is_file() for e in ("toml", "yaml", "yml", "json")):
        return "hugo"
    if any(
        (folder / "config" / "_default" / f"{n}.{e}").is_file()
        for n in ("hugo", "config")
        for e in ("toml", "yaml", "yml", "json")
    ):
        return "hugo"
    if has_content and any((folder / f"config.{e}").is_file() for e in ("toml", "yaml", "yml", "json")):
        return "hugo"
    if (folder / "_config.yml").is_file() or (folder / "_config.yaml").is_file():
        return "jekyll"
    package = folder / "package.json"
    if (folder / "src" / "content").is_dir() and package.is_file() and "astro" in _read_text(package).lower():
        return "astro"
    return None


def _jekyll_collections(root: Path) -> tuple[str, list[str]]:
    """(collections_dir, collection names) from ``_config.yml``; best effort."""
    cfg = root / "_config.yml"
    if not cfg.is_file():
        cfg = root / "_config.yaml"
    try:
        from ruamel.yaml import YAML

        data = YAML(typ="safe", pure=True).load(_read_text(cfg))
    except Exception:  # a broken _config.yml only loses the collections
        return "", []
    if not isinstance(data, dict):
        return "", []
    cdir = data.get("collections_dir")
    cdir = cdir if isinstance(cdir, str) else ""
    cols = data.get("collections")
    names: list[str] = []
    if isinstance(cols, dict):
        names = [str(k) for k in cols]
    elif isinstance(cols, list):
        names = [str(k) for k in cols if isinstance(k, str | int)]
    return cdir, names


def _eleventy_input(root: Path) -> Path:
    for name in [*(f"eleventy.config.{e}" for e in _JS_EXT), ".eleventy.js", ".eleventy.cjs"]:
        text = _read_text(root / name)
        m = re.search(r"""\binput\s*:\s*["'`]([^"'`]+)["'`]""", text)
        if m:
            rel = os.path.normpath(m.group(1))
            candidate = root / rel
            if candidate.is_dir() and _inside(Path(os.path.realpath(candidate)), Path(os.path.realpath(root))):
                return root if rel == "." else candidate
    return root


def _layout(root: Path, generator: str) -> tuple[list[Path], Path | None]:
    """Content folders and public folder by the generator's conventions."""
    if generator == "astro":
        content: list[Path] = []
        for base in (root / "src" / "content", root / "content"):
            if base.is_dir():
                content += [base] if _has_md_here(base) else _md_folders(base)
        if (root / "src").is_dir():
            content += [d for d in _md_folders(root / "src") if d.name != "content"]
        return _drop_nested(content) or [root], root / "public"
    if generator in ("hugo", "zola"):
        return [root / "content"], root / "static"
    if generator == "jekyll":
        cdir, names = _jekyll_collections(root)
        base = root / cdir if cdir else root
        folders = ["_posts", "_drafts", *(f"_{n}" for n in names if n not in ("posts", "drafts"))]
        found = _existing_md(base, folders)
        return found or [base / "_posts"], root
    if generator == "eleventy":
        src = _eleventy_input(root)
        return _drop_nested(_md_folders(src)) or [src], src
    if generator == "nextjs":
        next_known = ("src/content/blog", "content/blog", "src/content", "content", "posts", "_posts", "src/posts")
        found = _first_of(root, (*next_known, "blog")) or _md_folders(root)
        return _drop_nested(found) or [root], root / "public"
    if generator == "gatsby":
        gatsby_known = ("content/blog", "content/posts", "content", "src/pages", "src/posts", "blog", "posts")
        found = _first_of(root, gatsby_known) or _md_folders(root)
        return _drop_nested(found) or [root], root / "static"
    if generator == "docusaurus":
        found = _existing_md(root, ("blog", "docs"))
        return found or [root / "blog"], root / "static"
    return [root], find_public_folder(root)


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents
