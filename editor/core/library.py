"""The index of a site's posts: title, date, draft state, tags and parse errors.

Indexing reads only what the list needs, with a fast front-matter parser
(libyaml when available); a post the fast path cannot read goes through the
full post model so that its error message is the one the editor shows. An index
cache in the user's cache folder, keyed by each file's size and modification
time, makes reopening a large site cheap.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from editor.core import fileio, fileio_write
from editor.core.errors import PostError
from editor.core.formats import HANDLERS, JSONHandler
from editor.core.post import Post
from editor.core.site import Site

CACHE_VERSION = 1
MAX_POST_BYTES = 64 << 20
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


@dataclass
class PostInfo:
    """What the post list shows about one post."""

    path: str  # relative to the site root, with forward slashes
    title: str
    date: str | None
    draft: bool
    tags: list[str]
    error: str | None
    size: int = 0
    mtime_ns: int = 0
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("path", "title", "date", "draft", "tags", "error")}


MAX_VALUES = 200_000  # values a post's front matter may hold once YAML aliases are expanded
MAX_DEPTH = 100  # how deeply front-matter lists and tables may nest


class _Budget:
    """Counts values while converting, so aliases cannot expand exponentially."""

    def __init__(self, limit: int) -> None:
        self.left = limit
        self.seen: set[int] = set()
        self.shared = False


def plain(value: Any, _budget: _Budget | None = None, _depth: int = 0) -> Any:
    """A JSON-friendly copy of a front-matter value (dates as ISO text).

    Raises ``PostError`` when the value holds more than ``MAX_VALUES`` values
    (a "billion laughs" of YAML aliases) or nests deeper than ``MAX_DEPTH``.
    """
    budget = _budget if _budget is not None else _Budget(MAX_VALUES)
    budget.left -= 1
    if budget.left < 0:
        if budget.shared:
            raise PostError(
                "The front matter uses YAML aliases (*name) that expand to too many values "
                f"(more than {MAX_VALUES:,}); replace the aliases with the values they stand for."
            )
        raise PostError(f"The front matter holds more than {MAX_VALUES:,} values; it is too large to index.")
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict | list | tuple):
        if _depth >= MAX_DEPTH:
            raise PostError(
                f"The front matter is nested more than {MAX_DEPTH} levels deep; flatten its lists and tables."
            )
        if id(value) in budget.seen:
            budget.shared = True
        budget.seen.add(id(value))
        if isinstance(value, dict):
            return {str(k): plain(v, budget, _depth + 1) for k, v in value.items()}
        return [plain(v, budget, _depth + 1) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def read_metadata(data: bytes, name: str = "This file") -> tuple[dict[str, Any], str]:
    """Front matter (plain values) and body text of a post's bytes. Raises PostError."""
    text = fileio.decode_bytes(data, name=name).text
    for handler in HANDLERS:
        if not handler.detect(text):
            continue
        try:
            parts = handler.locate(text)  # type: ignore[attr-defined]
        except (RecursionError, ValueError):
            Post.loads(data, path=name)  # raises the precise FrontMatterError
            raise PostError("The front matter cannot be read.") from None
        if parts is None:
            break
        meta: Any
        try:
            if isinstance(handler, JSONHandler):
                meta = json.loads(parts.fm)
            elif handler.START_DELIMITER == "+++":
                meta = tomllib.loads(parts.fm)
            else:
                meta = yaml.load(parts.fm, Loader=_LOADER) or {}
        except Exception:  # noqa: BLE001 - the full parser words the error, or reads what the fast one cannot
            meta = Post.loads(data, path=name).metadata
        if not isinstance(meta, dict):
            Post.loads(data, path=name)  # raises the precise FrontMatterError
            raise PostError("The front matter is not a set of 'key: value' fields.")
        try:
            return plain(meta), parts.body
        except RecursionError as exc:
            raise PostError(
                f"The front matter is nested too deeply; flatten its lists and tables (at most {MAX_DEPTH} levels)."
            ) from exc
    return {}, text


def info_from(rel: str, meta: dict[str, Any], body: str, in_drafts: bool = False) -> PostInfo:
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        heading = _HEADING.search(body[:20000])
        title = heading.group(1) if heading else Path(rel).stem
    date = None
    for key in ("date", "pubDate", "published", "publishDate", "created"):
        value = meta.get(key)
        if isinstance(value, str) and value:
            date = value
            break
    tags_value = meta.get("tags", meta.get("categories", []))
    if isinstance(tags_value, str):
        tags_value = [t.strip() for t in tags_value.replace(",", " ").split() if t.strip()]
    tags = [str(t) for t in tags_value] if isinstance(tags_value, list) else []
    draft = meta.get("draft") is True or in_drafts or meta.get("published") is False
    return PostInfo(path=rel, title=title.strip(), date=date, draft=draft, tags=tags, error=None, metadata=meta)


def default_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    from editor.core.identity import DIR_NAME

    return Path(user_cache_dir(DIR_NAME, appauthor=False))


class Library:
    """Every post of a site, indexed incrementally."""

    def __init__(self, site: Site, cache_dir: Path | None = None) -> None:
        self.site = site
        self.cache_dir = cache_dir if cache_dir is not None else default_cache_dir()
        self.posts: list[PostInfo] = []
        self._bodies: dict[str, str] = {}
        self._cache_hits = 0

    # ----------------------------------------------------------------- cache

    def _cache_file(self) -> Path:
        key = hashlib.sha1(str(self.site.root.resolve()).encode()).hexdigest()[:16]
        return self.cache_dir / f"index-{key}.json"

    def _load_cache(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self._cache_file().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
            return {}
        entries = data.get("posts", {})
        return entries if isinstance(entries, dict) else {}

    def _save_cache(self) -> None:
        data = {"version": CACHE_VERSION, "root": str(self.site.root), "posts": {p.path: asdict(p) for p in self.posts}}
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            fileio_write.atomic_write(self._cache_file(), json.dumps(data).encode("ascii"))  # lone surrogates survive
        except (OSError, PostError):
            pass  # a cache that cannot be written only costs speed

    # ----------------------------------------------------------------- scanning

    def scan(self, on_batch: Callable[[list[PostInfo]], None] | None = None, batch_size: int = 200) -> list[PostInfo]:
        """Index every post; ``on_batch`` receives the posts as they are read."""
        cache = self._load_cache()
        self._cache_hits = 0
        root = self.site.root
        posts: list[PostInfo] = []
        batch: list[PostInfo] = []
        for path in self.site.posts():
            rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
            info = self._index_one(path, rel, cache.get(rel))
            posts.append(info)
            batch.append(info)
            if on_batch is not None and len(batch) >= batch_size:
                on_batch(batch)
                batch = []
        if on_batch is not None and batch:
            on_batch(batch)
        self.posts = posts
        if self._cache_hits != len(posts) or len(cache) != len(posts):
            self._save_cache()  # only when something changed
        return posts

    def _index_one(self, path: Path, rel: str, cached: dict[str, Any] | None) -> PostInfo:
        try:
            st = path.stat()
        except OSError as exc:
            return PostInfo(
                path=rel, title=path.stem, date=None, draft=False, tags=[], error=f"Cannot read: {exc.strerror}"
            )
        if cached and cached.get("size") == st.st_size and cached.get("mtime_ns") == st.st_mtime_ns:
            try:
                info = PostInfo(**cached)
            except TypeError:
                pass
            else:
                self._cache_hits += 1
                return info
        info = self.read_post(path, rel, st.st_size)
        info.size, info.mtime_ns = st.st_size, st.st_mtime_ns
        return info

    def read_post(self, path: Path, rel: str, size: int) -> PostInfo:
        in_drafts = "_drafts" in Path(rel).parts
        if size > MAX_POST_BYTES:
            return PostInfo(rel, path.stem, None, False, [], f"Too large to index ({size // (1 << 20)} MB).")
        try:
            data = fileio.read_file_bytes(path, MAX_POST_BYTES)
            meta, body = read_metadata(data, name=path.name)
        except PostError as exc:
            return PostInfo(rel, path.stem, None, False, [], str(exc))
        except OSError as exc:
            return PostInfo(rel, path.stem, None, False, [], f"Cannot read: {exc.strerror or exc}")
        return info_from(rel, meta, body, in_drafts)

    # ----------------------------------------------------------------- queries

    def tags(self) -> Counter[str]:
        return Counter(t for p in self.posts for t in p.tags)

    def metadatas(self) -> list[dict[str, Any]]:
        return [p.metadata for p in self.posts if p.error is None]

    def body(self, info: PostInfo) -> str:
        if info.path not in self._bodies:
            try:
                data = fileio.read_file_bytes(self.site.root / info.path, MAX_POST_BYTES)
                self._bodies[info.path] = read_metadata(data)[1].lower()
            except (OSError, PostError):
                self._bodies[info.path] = ""
        return self._bodies[info.path]

    def search(self, text: str, posts: Iterable[PostInfo] | None = None) -> list[PostInfo]:
        """Posts whose title or body contains every word of ``text`` (case-insensitive)."""
        words = text.lower().split()
        result = []
        for info in self.posts if posts is None else posts:
            title = info.title.lower()
            if all(w in title for w in words) or all(w in title or w in self.body(info) for w in words):
                result.append(info)
        return result


def list_site(folder: Path, cache_dir: Path | None = None) -> dict[str, Any]:
    """What ``post-editor list`` prints: the site and every post."""
    site = Site.detect(folder)
    library = Library(site, cache_dir)
    posts = library.scan()
    root = folder.resolve()

    def rel(p: Path | None) -> str | None:
        if p is None:
            return None
        try:
            return p.resolve().relative_to(root).as_posix() or "."
        except ValueError:
            return str(p)

    site_root = site.root.resolve()
    return {
        "generator": site.generator,
        "content_folders": [rel(p) for p in site.content_folders],
        "public_folder": rel(site.public_folder),
        "posts": [dict(p.to_json(), path=rel(site_root / p.path)) for p in posts],
        "notes": list(site.notes),
    }
