"""A static site on disk: its generator, content folders, public folder and assets.

``Site.detect(folder)`` recognises Astro, Hugo, Zola, Jekyll, Eleventy, Next.js,
Gatsby and Docusaurus layouts (or falls back to a generic folder of Markdown
files); ``site.posts()`` lists the posts; ``url_to_path``/``path_to_url`` map
site-absolute URLs to files in the public folder and back.

Resolution never leaves the site: a path that climbs out of the allowed folders
(``../../etc/passwd``) or a ``file://`` URL resolves to nothing.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from editor.core.errors import PostError

PUBLIC_NAMES = ("public", "static")
CONFIG_NAME = ".post-editor.toml"
POST_SUFFIXES = (".md", ".markdown", ".mdx")
GENERATORS = ("astro", "hugo", "jekyll", "eleventy", "nextjs", "gatsby", "docusaurus", "zola", "generic")
NESTED_SITE_FOLDERS = ("website", "exampleSite", "demo", "docs", "site", "examples/blog")
SKIP_DIRS = frozenset({"node_modules", "_site", "public", "dist", "build", "out", "resources", "__pycache__"})
MAX_FILES = 200_000
MAX_WALK_UP = 8
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


@dataclass(frozen=True)
class Resolved:
    """What a link or image reference in a post points at."""

    kind: str  # "local", "missing", "remote", "data", "outside"
    original: str
    path: Path | None = None


@dataclass
class AssetResolver:
    """Resolves image references the way the site will: relative to the post's
    folder, or site-absolute (``/images/x.webp``) through the public folder."""

    post_dir: Path
    public_dir: Path | None = None
    roots: tuple[Path, ...] = field(default=())

    @classmethod
    def for_post(cls, post_path: Path | None) -> AssetResolver:
        if post_path is None:
            return cls(post_dir=Path.cwd(), public_dir=None, roots=())
        post_dir = post_path.resolve().parent
        public = find_public_folder(post_dir)
        site_root = public.parent if public else post_dir
        return cls(post_dir=post_dir, public_dir=public, roots=(site_root, post_dir))

    def allowed(self, path: Path) -> bool:
        real = Path(os.path.realpath(path))
        return any(real == r or r in real.parents for r in (Path(os.path.realpath(x)) for x in self.roots))

    def resolve(self, ref: str) -> Resolved:
        ref = ref.strip()
        parts = urlsplit(ref)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return Resolved("data", ref)
        if scheme in ("http", "https") or ref.startswith("//"):
            return Resolved("remote", ref)
        if scheme and len(scheme) > 1:  # file:, javascript:, ftp: ... (one letter is a drive)
            return Resolved("outside", ref)
        raw = unquote(parts.path)
        if not raw:
            return Resolved("missing", ref)
        if raw.startswith("/"):
            if self.public_dir is None:
                return Resolved("missing", ref)
            path = self.public_dir / raw.lstrip("/")
        else:
            path = self.post_dir / raw
        if not self.allowed(path):
            return Resolved("outside", ref, path)
        if not path.is_file():
            return Resolved("missing", ref, path)
        return Resolved("local", ref, Path(os.path.realpath(path)))


# --------------------------------------------------------------------------- config


class SiteConfigError(PostError):
    """``.post-editor.toml`` could not be read or holds a value of the wrong type."""

    def __init__(self, message: str, file: Path, line: int | None = None) -> None:
        self.reason = message
        self.file = file
        self.line = line
        where = f"{file}, line {line}" if line is not None else str(file)
        super().__init__(f"{where}: {message}. Fix or delete {file.name}.")


def _str_list(value: Any, key: str, file: Path) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise SiteConfigError(f"'{key}' must be a folder name or a list of folder names", file)


def _opt_str(value: Any, key: str, file: Path) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise SiteConfigError(f"'{key}' must be a string", file)


def _int(value: Any, key: str, file: Path, default: int, low: int, high: int) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise SiteConfigError(f"'{key}' must be a whole number from {low} to {high}", file)
    return value


@dataclass
class SiteConfig:
    """Settings from an optional ``.post-editor.toml`` at the site root."""

    content_folders: list[str] | None = None
    public_folder: str | None = None
    image_folder: str | None = None
    image_name: str = "{slug}-cover.webp"
    webp_quality: int = 82
    max_width: int = 1600
    schema: dict[str, dict[str, Any]] = field(default_factory=dict)
    path: Path | None = None

    @classmethod
    def load(cls, root: Path) -> SiteConfig:
        """The config in ``root``, or defaults when there is none. Raises ``SiteConfigError``."""
        file = root / CONFIG_NAME
        try:
            data = file.read_bytes()
        except FileNotFoundError:
            return cls()
        except OSError as exc:
            raise SiteConfigError(f"cannot read the file ({exc.strerror or exc})", file) from exc
        return cls.from_bytes(data, file)

    @classmethod
    def from_bytes(cls, data: bytes, file: Path) -> SiteConfig:
        try:
            raw = tomllib.loads(data.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            bad_line = data[: exc.start].count(b"\n") + 1
            raise SiteConfigError("the file is not UTF-8 text", file, bad_line) from exc
        except tomllib.TOMLDecodeError as exc:
            msg = str(exc)
            m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
            line = int(m.group(1)) if m else None
            reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", msg) or "invalid TOML"
            raise SiteConfigError(f"invalid TOML: {reason}", file, line) from exc
        schema_raw = raw.get("schema", {})
        if not isinstance(schema_raw, dict) or not all(isinstance(v, dict) for v in schema_raw.values()):
            raise SiteConfigError("'schema' must hold tables like [schema.title]", file)
        image_name = _opt_str(raw.get("image_name"), "image_name", file) or "{slug}-cover.webp"
        return cls(
            content_folders=_str_list(raw.get("content_folders"), "content_folders", file),
            public_folder=_opt_str(raw.get("public_folder"), "public_folder", file),
            image_folder=_opt_str(raw.get("image_folder"), "image_folder", file),
            image_name=image_name,
            webp_quality=_int(raw.get("webp_quality"), "webp_quality", file, 82, 1, 100),
            max_width=_int(raw.get("max_width"), "max_width", file, 1600, 16, 100_000),
            schema={str(k): dict(v) for k, v in schema_raw.items()},
            path=file,
        )


# --------------------------------------------------------------------------- detection helpers


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
        with open(path, "rb") as fh:
            return fh.read(limit).decode("utf-8", "replace")
    except OSError:
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


# --------------------------------------------------------------------------- the site


@dataclass
class Site:
    """A site on disk and where things go in it."""

    root: Path
    generator: str
    content_folders: list[Path]
    public_folder: Path | None
    images_folder: Path
    config: SiteConfig = field(default_factory=SiteConfig)
    notes: list[str] = field(default_factory=list)

    # ------------------------------------------------------------------ building

    @classmethod
    def detect(cls, folder: Path) -> Site:
        """The site in ``folder`` (or in a well-known subfolder such as ``exampleSite/``).

        Raises ``SiteConfigError`` when the site's ``.post-editor.toml`` is broken.
        """
        folder = Path(folder).absolute()
        generator = _detect_generator(folder)
        root = folder
        if generator is None:
            for sub in NESTED_SITE_FOLDERS:
                found = _detect_generator(folder / sub)
                if found is not None:
                    root, generator = folder / sub, found
                    break
        return cls._build(root, generator or "generic")

    @classmethod
    def for_file(cls, path: Path) -> Site:
        """The nearest non-generic site above ``path``; else a generic site in its folder."""
        path = Path(path).absolute()
        start = path if path.is_dir() else path.parent
        for level, folder in enumerate([start, *start.parents]):
            if level > MAX_WALK_UP:
                break
            generator = _detect_generator(folder)
            if generator is not None:
                return cls._build(folder, generator)
        return cls._build(start, "generic")

    @classmethod
    def _build(cls, root: Path, generator: str) -> Site:
        config = SiteConfig.load(root)
        notes: list[str] = []
        content, public = _layout(root, generator)
        real_root = Path(os.path.realpath(root))

        def checked(value: str, key: str) -> Path | None:
            candidate = root / value
            if Path(value).is_absolute() or not _inside(Path(os.path.realpath(candidate)), real_root):
                notes.append(f"{CONFIG_NAME}: {key} '{value}' is outside the site folder; ignored.")
                return None
            return candidate

        if config.content_folders is not None:
            chosen = [p for p in (checked(v, "content_folders") for v in config.content_folders) if p is not None]
            if chosen:
                content = chosen
        if config.public_folder is not None:
            public = checked(config.public_folder, "public_folder") or public
        images: Path | None = None
        if config.image_folder is not None:
            images = checked(config.image_folder, "image_folder")
        if images is None:
            images = cls._default_images(public, content, root)
        for folder in content:
            if not folder.is_dir():
                notes.append(f"Content folder {folder} does not exist.")
        return cls(
            root=root,
            generator=generator,
            content_folders=content,
            public_folder=public,
            images_folder=images,
            config=config,
            notes=notes,
        )

    @staticmethod
    def _default_images(public: Path | None, content: list[Path], root: Path) -> Path:
        if public is None:
            return content[0] if content else root
        for rel in ("images/blog", "images", "img/blog", "img", "assets/images"):
            if (public / rel).is_dir():
                return public / rel
        return public / "images" / "blog"

    # ------------------------------------------------------------------ posts

    def _note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def posts(self, limit: int = MAX_FILES) -> list[Path]:
        """Every post under the content folders, sorted. Problems become ``notes``."""
        real_root = Path(os.path.realpath(self.root))
        visited: set[Path] = set()
        found: set[Path] = set()
        scanned = 0
        stack: list[Path] = []
        for folder in reversed(self.content_folders):
            real = Path(os.path.realpath(folder))
            if not _inside(real, real_root):
                self._note(f"Content folder {folder} is outside the site folder; skipped.")
                continue
            stack.append(folder)
        while stack:
            folder = stack.pop()
            real = Path(os.path.realpath(folder))
            if real in visited:
                continue
            visited.add(real)
            try:
                with os.scandir(folder) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError as exc:
                self._note(f"Could not read folder {folder}: {exc.strerror or exc}.")
                continue
            for entry in entries:
                scanned += 1
                if scanned > limit:
                    self._note(f"Stopped after {limit:,} files; some posts may be missing.")
                    return sorted(found)
                name = entry.name
                try:
                    name.encode("utf-8")
                except UnicodeEncodeError:
                    self._note(f"Skipped a file name that is not valid UTF-8 in {folder}: {name!r}.")
                    continue
                path = Path(entry.path)
                try:
                    is_link = entry.is_symlink()
                    is_dir = entry.is_dir()
                    is_file = entry.is_file()
                except OSError as exc:
                    self._note(f"Could not read {path}: {exc.strerror or exc}.")
                    continue
                if is_link:
                    target = Path(os.path.realpath(path))
                    if not _inside(target, real_root):
                        self._note(f"Not following {path}: the link points outside the site.")
                        continue
                    if is_dir and (target in visited or _inside(real, target)):
                        self._note(f"Not following {path}: the link loops back to a parent folder.")
                        continue
                if is_dir:
                    if not _skip_dir(name):
                        stack.append(path)
                elif is_file and _is_post_name(name):
                    found.add(path)
        return sorted(found)

    # ------------------------------------------------------------------ paths and URLs

    def contains(self, path: Path) -> bool:
        """True when ``path`` (symlinks resolved) is inside the site root."""
        return _inside(Path(os.path.realpath(path)), Path(os.path.realpath(self.root)))

    def url_to_path(self, url: str) -> Path | None:
        """``/images/x.png`` -> ``<public>/images/x.png``; None for other URLs or outside the site."""
        if self.public_folder is None:
            return None
        parts = urlsplit(url.strip())
        if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
            return None
        raw = unquote(parts.path)
        if "\x00" in raw:
            return None
        rel = os.path.normpath(raw.lstrip("/"))
        if rel == "." or rel.startswith("..") or os.path.isabs(rel):
            return None if rel != "." else self.public_folder
        path = self.public_folder / rel
        if not self.contains(path):
            return None
        return path

    def path_to_url(self, path: Path) -> str | None:
        """The site-absolute URL of a file under the public folder, or None."""
        if self.public_folder is None:
            return None
        real = Path(os.path.realpath(path))
        public = Path(os.path.realpath(self.public_folder))
        if not _inside(real, public) or not self.contains(real):
            return None
        rel = real.relative_to(public).as_posix()
        return "/" + quote(rel if rel != "." else "", safe="/")

    def resolver_for(self, post: Path) -> AssetResolver:
        """An ``AssetResolver`` for a post of this site."""
        post_dir = Path(post).resolve().parent
        return AssetResolver(post_dir=post_dir, public_dir=self.public_folder, roots=(self.root, post_dir))


__all__ = [
    "AssetResolver",
    "GENERATORS",
    "Resolved",
    "Site",
    "SiteConfig",
    "SiteConfigError",
    "find_public_folder",
]
