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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from editor.core import fileio
from editor.core.errors import PostError
from editor.core.site_detect import POST_SUFFIXES as POST_SUFFIXES
from editor.core.site_detect import PUBLIC_NAMES as PUBLIC_NAMES
from editor.core.site_detect import SKIP_DIRS as SKIP_DIRS
from editor.core.site_detect import (
    _detect_generator,
    _inside,
    _is_post_name,
    _layout,
    _skip_dir,
    find_public_folder,
)

CONFIG_NAME = ".post-editor.toml"
CONFIG_LIMIT = 1 << 20  # a settings file larger than this is not one
GENERATORS = ("astro", "hugo", "jekyll", "eleventy", "nextjs", "gatsby", "docusaurus", "zola", "generic")
NESTED_SITE_FOLDERS = ("website", "exampleSite", "demo", "docs", "site", "examples/blog")
MAX_FILES = 200_000
MAX_WALK_UP = 8


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
    shortcodes: tuple[tuple[str, str], ...] = field(default=())  # the site's shortcode templates, for rendering
    _real_roots: tuple[tuple[Path, ...], tuple[Path, ...]] | None = field(
        default=None, init=False, repr=False, compare=False
    )  # the roots with links resolved, worked out once per resolver

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
        if self._real_roots is None or self._real_roots[0] != self.roots:
            self._real_roots = (self.roots, tuple(Path(os.path.realpath(x)) for x in self.roots))
        return any(real == r or r in real.parents for r in self._real_roots[1])

    def resolve(self, ref: str) -> Resolved:
        ref = ref.strip()
        parts = urlsplit(ref)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return Resolved("data", ref)
        if is_remote(ref):
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


def _bool(value: Any, key: str, file: Path) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise SiteConfigError(f"'{key}' must be true or false", file)
    return value


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


# A cover's WebP quality and maximum width when neither the site nor the author sets them,
# and the values a site's file (or the author's preferences) may give.
DEFAULT_WEBP_QUALITY = 82
DEFAULT_MAX_WIDTH = 1600
WEBP_QUALITY_RANGE = (1, 100)
MAX_WIDTH_RANGE = (16, 100_000)


@dataclass
class SiteConfig:
    """Settings from an optional ``.post-editor.toml`` at the site root. ``given`` names the
    keys the file sets; the others have their defaults."""

    content_folders: list[str] | None = None
    public_folder: str | None = None
    image_folder: str | None = None
    image_name: str = "{slug}-cover.webp"
    webp_quality: int = DEFAULT_WEBP_QUALITY
    max_width: int = DEFAULT_MAX_WIDTH
    schema: dict[str, dict[str, Any]] = field(default_factory=dict)
    spelling: bool = False  # ``post-editor check`` checks spelling without being asked
    spelling_languages: list[str] | None = None  # the site's usual languages (tags or dictionary names)
    publish_message: str = "Publish: {title}"  # the commit message of Publish ({title}, {path}, {slug})
    shortcodes: dict[str, str] = field(default_factory=dict)  # the site's own: name → HTML template
    preview_css: list[str] | None = None  # the site's stylesheets for the preview's Site style
    preview_class: str | None = None  # the class of the site's article wrapper (``prose``…)
    path: Path | None = None
    given: frozenset[str] = frozenset()

    def cover_settings(self, quality: int, max_width: int) -> tuple[int, int]:
        """The WebP quality and maximum width for this site's covers: the file's own where it
        sets them, else ``quality`` and ``max_width`` (the author's defaults)."""
        return (
            self.webp_quality if "webp_quality" in self.given else quality,
            self.max_width if "max_width" in self.given else max_width,
        )

    @classmethod
    def load(cls, root: Path) -> SiteConfig:
        """The config in ``root``, or defaults when there is none. Raises ``SiteConfigError``."""
        file = root / CONFIG_NAME
        try:
            data = fileio.read_file_bytes(file, CONFIG_LIMIT)
        except FileNotFoundError:
            return cls()
        except OSError as exc:
            raise SiteConfigError(f"cannot read the file ({exc.strerror or exc})", file) from exc
        except PostError as exc:  # a folder, a pipe, a huge file
            raise SiteConfigError(str(exc), file) from exc
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
        shortcodes = raw.get("shortcodes", {})
        if not isinstance(shortcodes, dict) or not all(isinstance(v, str) for v in shortcodes.values()):
            raise SiteConfigError("'shortcodes' must be a table of name = \"<html template>\"", file)
        return cls(
            content_folders=_str_list(raw.get("content_folders"), "content_folders", file),
            public_folder=_opt_str(raw.get("public_folder"), "public_folder", file),
            image_folder=_opt_str(raw.get("image_folder"), "image_folder", file),
            image_name=image_name,
            webp_quality=_int(raw.get("webp_quality"), "webp_quality", file, DEFAULT_WEBP_QUALITY, *WEBP_QUALITY_RANGE),
            max_width=_int(raw.get("max_width"), "max_width", file, DEFAULT_MAX_WIDTH, *MAX_WIDTH_RANGE),
            schema={str(k): dict(v) for k, v in schema_raw.items()},
            spelling=_bool(raw.get("spelling"), "spelling", file),
            spelling_languages=_str_list(raw.get("spelling_languages"), "spelling_languages", file),
            publish_message=_opt_str(raw.get("publish_message"), "publish_message", file) or "Publish: {title}",
            shortcodes={str(k): v for k, v in shortcodes.items()},
            preview_css=_str_list(raw.get("preview_css"), "preview_css", file),
            preview_class=_opt_str(raw.get("preview_class"), "preview_class", file),
            path=file,
            given=frozenset(str(k) for k in raw),
        )


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
        """The nearest site above ``path``: a folder a generator's config marks, or one with
        a CMS config (``frontmatter.json``, ``admin/config.yml``…) whatever the generator;
        else a generic site in the file's own folder."""
        path = Path(path).absolute()
        start = path if path.is_dir() else path.parent
        for level, folder in enumerate([start, *start.parents]):
            if level > MAX_WALK_UP:
                break
            generator = _detect_generator(folder)
            if generator is not None:
                return cls._build(folder, generator)
            if has_cms_config(folder):
                return cls._build(folder, "generic")
        return cls._build(start, "generic")

    @property
    def is_recognised(self) -> bool:
        """Whether the site was found by a marker (a generator's or a CMS's config)."""
        return self.generator != "generic" or has_cms_config(self.root)

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
        templates = tuple(sorted(self.config.shortcodes.items()))
        return AssetResolver(
            post_dir=post_dir, public_dir=self.public_folder, roots=(self.root, post_dir), shortcodes=templates
        )


__all__ = [
    "AssetResolver",
    "GENERATORS",
    "Resolved",
    "Site",
    "SiteConfig",
    "SiteConfigError",
    "find_public_folder",
]


CMS_CONFIGS = (
    "frontmatter.json",
    ".frontmatter/config",
    *(f"{folder}admin/config.{ext}" for folder in ("", "static/", "public/") for ext in ("yml", "yaml")),
)
"""Files and folders of the CMS configs Post Editor reads (Front Matter CMS, Decap)."""


def has_cms_config(folder: Path) -> bool:
    return any((folder / name).exists() for name in CMS_CONFIGS)


def is_bundle_index(path: Path) -> bool:
    """True for a page bundle's post (``my-post/index.md``, ``_index.fr.md``): the folder
    is named for the post, the file is not."""
    return path.stem.split(".")[0] in ("index", "_index")


def post_label(path: Path) -> str:
    """A post's file name as a person tells posts apart: ``cover-page/index.md`` for a page
    bundle, else the file's name."""
    if is_bundle_index(path) and path.parent.name:
        return f"{path.parent.name}/{path.name}"
    return path.name


def is_remote(ref: str) -> bool:
    """Whether an image or link reference points at the web (``https://…``, ``//host/…``)."""
    ref = ref.strip()
    return ref.startswith("//") or urlsplit(ref).scheme.lower() in ("http", "https")
