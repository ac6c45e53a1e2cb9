"""Pre-publish checks: what is wrong with a post before it goes live.

``check_post(post, site, schema, library)`` returns a list of ``Problem``s, each
with a stable ``code``, a message a person can act on, and where it is (the
front-matter ``field``, the 1-based ``line`` in the file, the 0-based
``body_line`` in ``post.content``). ``fix_mojibake(post)`` repairs text that was
decoded with the wrong encoding ("â€”" -> "—") and nothing else.

Everything here is plain Python: no Qt.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from ruamel.yaml.scalarstring import ScalarString

from editor.core.checks_body import (
    ERROR,
    WARNING,
    _fix,
    _resolver,
    check_headings,
    check_mojibake,
    check_refs,
    looks_like_mojibake,
)
from editor.core.checks_body import MAX_MOJIBAKE_LINES as MAX_MOJIBAKE_LINES
from editor.core.cover_step import cover_plan, cover_ref, slug_for
from editor.core.images import needs_conversion
from editor.core.keys import FieldsView
from editor.core.library import Library, PostInfo
from editor.core.post import Post
from editor.core.schema import Schema
from editor.core.site import Site

__all__ = [
    "CheckSettings",
    "Problem",
    "check_post",
    "fix_mojibake",
    "is_ready",
    "is_valid_date",
    "is_valid_lang",
    "looks_like_mojibake",
]

DATE_KEYS = ("date", "pubDate", "published", "publishDate")
EXPIRY_KEYS = ("expiryDate", "expirydate", "expiry_date", "unpublishDate")
PUBLISH_DATE_KEYS = ("publishDate", "publishdate", "publish_date")
CANONICAL_KEYS = ("canonical_url", "canonicalURL", "canonicalUrl", "canonical")
LANG_KEYS = ("lang", "language")

_LANG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")
_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S %z",
    "%Y-%m-%d %H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M %z",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d",
    "%Y/%m/%d %H:%M:%S",
    "%b %d %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%B %d, %Y",
    "%d %b %Y",
    "%d %B %Y",
    "%a, %d %b %Y %H:%M:%S %z",
    "%a, %d %b %Y %H:%M:%S %Z",
    "%a, %d %b %Y %H:%M:%S",
    "%d %b %Y %H:%M:%S %z",
    "%a %b %d %Y",
)


@dataclass(frozen=True)
class Problem:
    """One thing to fix (``error``) or to look at (``warning``) before publishing."""

    severity: str  # "error" | "warning"
    code: str
    message: str
    field: str | None = None
    line: int | None = None  # 1-based line in the whole file
    body_line: int | None = None  # 0-based line in post.content
    fixable: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class CheckSettings:
    allow_drafts: bool = False  # a draft is a warning, not an error (check --allow-drafts)
    now: dt.datetime | None = None  # the moment expiry and publish dates are compared with
    title_max: int = 70
    excerpt_min: int = 50
    excerpt_max: int = 160
    excerpt_keys: tuple[str, ...] = ("excerpt", "description", "summary")


def is_ready(problems: list[Problem]) -> bool:
    """True when nothing blocks publishing (warnings allowed)."""
    return not any(p.severity == ERROR for p in problems)


# --------------------------------------------------------------------------- helpers


def is_valid_date(text: str) -> bool:
    """True for ISO dates/datetimes and the usual blog date spellings."""
    value = text.strip()
    if not value:
        return False
    iso = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            parse(iso)
            return True
        except ValueError:
            pass
    for fmt in _DATE_FORMATS:
        try:
            dt.datetime.strptime(value, fmt)
            return True
        except ValueError:
            continue
    return False


def _keys_named(meta: Mapping[str, Any], names: tuple[str, ...]) -> list[str]:
    return [str(k) for k in meta if str(k) in names]


def _when(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else _brief(value)


def _moment(value: Any) -> dt.datetime | None:
    """A front-matter date or datetime as an aware moment (dates at midnight UTC); None if not one."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        text = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            return None
    else:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def is_valid_lang(text: str) -> bool:
    return bool(_LANG.match(text.strip())) and text.strip() == text


def _brief(value: Any, depth: int = 0) -> str:
    """A short repr for messages: never walks more than a few items of a list or table.

    Front matter can hold YAML aliases that expand to billions of values; ``repr``
    would walk them all.
    """
    if isinstance(value, list | tuple | dict):
        if depth >= 2:
            return "[…]" if not isinstance(value, dict) else "{…}"
        if isinstance(value, dict):
            items = [f"{_brief(k, 2)}: {_brief(v, depth + 1)}" for k, v in list(value.items())[:3]]
        else:
            items = [_brief(v, depth + 1) for v in value[:3]]
        if len(value) > 3:
            items.append("…")
        inner = ", ".join(items)
        return "{" + inner + "}" if isinstance(value, dict) else "[" + inner + "]"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | dict):
        return len(value) == 0
    return False


class _Where:
    """Line numbers of front-matter keys and of the body in the file."""

    def __init__(self, post: Post) -> None:
        prefix = post.head_text().replace("\r\n", "\n")  # (not the whole text: a body may be megabytes)
        self.body_offset = prefix.count("\n")
        self.lines = prefix.split("\n")
        self.format = post.format

    def key_line(self, key: str) -> int | None:
        if self.format is None:
            return None
        k = re.escape(key)
        if self.format == "yaml":
            pattern = re.compile(rf"^(?:{k}|\"{k}\"|'{k}')\s*:(?:\s|$)")
        elif self.format == "toml":
            pattern = re.compile(rf"^\s*(?:{k}|\"{k}\"|'{k}')\s*=")
        else:
            pattern = re.compile(rf"^\s*\"{k}\"\s*:")
        for index, line in enumerate(self.lines):
            if self.format == "toml" and index > 0 and line.lstrip().startswith("["):
                break  # keys after a [table] header are not top-level
            if pattern.match(line):
                return index + 1
        return None

    def body(self, body_line: int) -> int:
        return self.body_offset + body_line + 1


def _post_slug(meta: Mapping[str, Any], path: Path | None) -> str | None:
    slug = meta.get("slug")
    if isinstance(slug, str) and slug.strip():
        return slug.strip().strip("/").lower()
    return slug_for(path).lower() if path is not None else None


_SLUG_INDEXES: WeakKeyDictionary[Library, tuple[list[PostInfo], int, dict[str, list[PostInfo]]]] = WeakKeyDictionary()


def _slug_index(library: Library) -> dict[str, list[PostInfo]]:
    """The library's posts by slug, built once per scan: checking a whole site stays linear
    (comparing every post with every other took 45 s on 2,000 posts)."""
    posts = library.posts
    cached = _SLUG_INDEXES.get(library)
    if cached is not None and cached[0] is posts and cached[1] == len(posts):
        return cached[2]
    index: dict[str, list[PostInfo]] = {}
    for info in posts:
        slug = _post_slug(info.metadata, Path(info.path))
        if slug:
            index.setdefault(slug, []).append(info)
    _SLUG_INDEXES[library] = (posts, len(posts), index)  # holding the list keeps its id from being reused
    return index


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b


# --------------------------------------------------------------------------- the checks


def check_post(
    post: Post,
    site: Site | None = None,
    schema: Schema | None = None,
    library: Library | None = None,
    settings: CheckSettings | None = None,
    body: bool = True,
    picked: Collection[str] = (),
) -> list[Problem]:
    """Everything worth fixing before ``post`` is published, grouped by check in a fixed order.

    With ``body=False`` the checks that read the body (links, images, headings,
    garbled lines) are left out: ``body_checks`` runs them on their own.
    ``picked`` holds the image values the author picked with a file dialog: those
    may come from outside the site (saving copies them in); a value read from the
    file may not.
    """
    settings = settings or CheckSettings()
    where = _Where(post)
    meta = FieldsView(post.metadata)  # "title" finds Title: as well
    out: list[Problem] = []
    add = _adder(out, where, meta.own)

    # required fields
    if schema is not None:
        for name, spec in schema.fields.items():
            if spec.required and _empty(meta.get(name)):
                label = spec.label or name
                state = "missing" if name not in meta else "empty"
                add(ERROR, "required", f"'{label}' is required but {state}; fill it in before publishing.", name)

    # dates
    if schema is not None and any(s.type in ("date", "datetime") for s in schema.fields.values()):
        date_keys = [n for n, s in schema.fields.items() if s.type in ("date", "datetime")]
    else:
        date_keys = list(DATE_KEYS)
    for key in date_keys:
        value = meta.get(key)
        if isinstance(value, str) and value.strip() and not is_valid_date(value):
            add(
                ERROR,
                "date",
                f"'{key}' is {_brief(value)}, which is not a date; write it like 2024-12-20 or 2024-12-20T09:30:00Z.",
                key,
            )

    flagged = {p.field for p in out if p.code == "date"}
    for key in post.invalid_dates:
        if key not in flagged:
            add(
                ERROR,
                "date",
                f"'{key}' is {_brief(meta[key])}, which is no real date; write it like 2024-12-20 "
                "or 2024-12-20T09:30:00Z.",
                key,
            )
    for key in post.duplicate_keys:
        add(
            WARNING,
            "duplicate-key",
            f"'{key}' is written more than once; the generator uses the last one, which the form edits. "
            "Remove the others.",
            key,
        )

    # canonical URL
    for key in CANONICAL_KEYS:
        value = meta.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        parts = urlsplit(value.strip()) if isinstance(value, str) else None
        if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in value.strip():
            add(
                ERROR,
                "canonical-url",
                f"'{key}' is {_brief(value)}; it must be a full address starting with https:// (or http://).",
                key,
            )

    # language
    for key in LANG_KEYS:
        value = meta.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not is_valid_lang(value):
            add(
                ERROR,
                "lang",
                f"'{key}' is {_brief(value)}, which is not a language tag; use one like en, de or pt-BR.",
                key,
            )

    # title length
    title = meta.get("title")
    if isinstance(title, str) and len(title.strip()) > settings.title_max:
        add(
            WARNING,
            "title-length",
            f"Title is {len(title.strip())} characters; keep it under {settings.title_max} "
            "so search results show it whole.",
            "title",
        )

    # excerpt length
    for key in settings.excerpt_keys:
        value = meta.get(key)
        if not isinstance(value, str) or not value.strip():
            continue
        n = len(value.strip())
        if n < settings.excerpt_min:
            add(
                WARNING,
                "excerpt-length",
                f"'{key}' is only {n} characters; write {settings.excerpt_min}-{settings.excerpt_max} "
                "so search results and link previews have something to show.",
                key,
            )
        elif n > settings.excerpt_max:
            add(
                WARNING,
                "excerpt-length",
                f"'{key}' is {n} characters; keep it under {settings.excerpt_max} so search results do not cut it off.",
                key,
            )
        break

    resolver = _resolver(post, site)

    # cover
    cref = cover_ref(post, schema)
    ckey = cref.key if cref is not None else None
    cover = cref.get(post.metadata) if cref is not None else None
    if cref is None or not isinstance(cover, str) or not cover.strip():
        named = (cref.name if cref is not None else None) or (schema.cover_field() if schema is not None else None)
        add(
            WARNING,
            "cover-missing",
            f"There is no cover image ('{named or 'cover'}'); add one so link previews show a picture.",
            ckey or named or "cover",
        )
    else:
        ref = cover.strip()
        kind = resolver.resolve(ref).kind if resolver is not None else "remote"
        pending = site is not None and post.path is not None and needs_conversion(ref, site, post.path)
        # A lone post (no site to convert into) whose cover is a local raster other than WebP.
        lone_raster = (
            kind == "local"
            and site is None
            and Path(urlsplit(ref).path).suffix.lower() not in (".webp", ".svg", ".avif")
        )
        outside = (
            site is not None
            and post.path is not None
            and (pending or kind != "local")  # a local value in the site is not outside it
            and cover not in picked
            and cover_plan(post, site, schema).kind == "outside"
        )
        if outside:
            add(
                ERROR,
                "cover-outside",
                f"The cover {ref} is outside the site, so it is not published; copy the image into the site "
                "or pick it with the image button.",
                ckey,
            )
        elif kind in ("missing", "outside") and not pending:
            add(
                ERROR,
                "cover-not-found",
                f"The cover {ref} does not exist in the site; pick the image again or fix the path.",
                ckey,
            )
        elif pending or lone_raster:
            add(
                WARNING,
                "cover-not-webp",
                f"The cover {ref} is not WebP yet; it will be converted when you save.",
                ckey,
                fixable=True,
            )

    if body:
        check_refs(post.content, resolver, add, where.body)
        check_headings(post.content, add, where.body)

    # duplicate slug
    if library is not None:
        slug = _post_slug(meta, post.path)
        if slug:
            root = library.site.root
            for info in _slug_index(library).get(slug, ()):
                if post.path is not None and _same_file(root / info.path, post.path):
                    continue
                slug_key = "slug" if "slug" in meta else None
                add(
                    ERROR,
                    "duplicate-slug",
                    f"Another post ({info.path}) has the same slug '{slug}'; "
                    "give this one a different slug or file name.",
                    slug_key,
                )
                break

    # mojibake
    check_mojibake(meta, post.content if body else "", add, where.body)
    for note in post.file_warnings:
        add(WARNING, "encoding", note)

    # draft, and dates that keep a generator from publishing it
    draft = meta.get("draft")
    if draft is True or (isinstance(draft, str) and draft.strip().lower() in ("true", "yes")):
        add(
            WARNING if settings.allow_drafts else ERROR,
            "draft",
            "The post is still marked as a draft; set draft to false to publish it.",
            "draft",
        )
    if meta.get("published") is False:
        add(
            WARNING if settings.allow_drafts else ERROR,
            "draft",
            "The post is marked published: false; set it to true to publish it.",
            "published",
        )
    now = settings.now or dt.datetime.now(dt.UTC)
    for key in _keys_named(meta, EXPIRY_KEYS):
        moment = _moment(meta[key])
        if moment is not None and moment <= now:
            add(
                ERROR,
                "expired",
                f"'{key}' is {_when(meta[key])}, in the past: Hugo does not publish expired posts.",
                key,
            )
    for key in _keys_named(meta, PUBLISH_DATE_KEYS):
        moment = _moment(meta[key])
        if moment is not None and moment > now:
            add(
                WARNING,
                "future",
                f"'{key}' is {_when(meta[key])}, in the future: the site shows the post only from then on "
                "(Hugo leaves it out of builds until that date).",
                key,
            )

    return out


def body_checks(post: Post, site: Site | None = None) -> Callable[[], list[Problem]]:
    """The checks ``check_post(..., body=False)`` leaves out, as a job for another thread.

    Everything the job reads is taken now: a copy of the body, the line
    numbering and the site's resolver. Running it later touches nothing the
    caller may be changing meanwhile.
    """
    where = _Where(post)
    resolver = _resolver(post, site)
    content = post.content

    def run() -> list[Problem]:
        out: list[Problem] = []
        add = _adder(out, where)
        check_refs(content, resolver, add, where.body)
        check_headings(content, add, where.body)
        check_mojibake({}, content, add, where.body)
        return out

    return run


def _adder(out: list[Problem], where: _Where, own: Callable[[str], str] = str) -> Callable[..., None]:
    """``add(...)`` for one post; ``own`` maps a field name to the post's own spelling of it."""

    def add(severity: str, code: str, message: str, key: str | None = None, **kw: Any) -> None:
        key = own(key) if key is not None else None
        line = kw.pop("line", None)
        if line is None and key is not None:
            line = where.key_line(key)
        out.append(Problem(severity, code, message, field=key, line=line, **kw))

    return add


# --------------------------------------------------------------------------- fixing


def fix_mojibake(post: Post) -> int:
    """Repair mis-decoded characters in front-matter strings (and lists of strings) and in the body.

    Only the damaged characters change; quotes, ligatures, widths and
    normalisation are left alone. Returns how many values and body lines changed.
    """
    changed = 0
    for key in list(post.metadata.keys()):
        value = post.metadata[key]
        if isinstance(value, str):
            fixed = _fix(value)
            if fixed != value:
                post.metadata[key] = type(value)(fixed) if isinstance(value, ScalarString) else fixed
                changed += 1
        elif isinstance(value, list):
            touched = False
            for index, item in enumerate(value):
                if isinstance(item, str):
                    fixed = _fix(item)
                    if fixed != item:
                        value[index] = type(item)(fixed) if isinstance(item, ScalarString) else fixed
                        touched = True
            if touched:
                post.metadata[key] = value
                changed += 1
    lines = post.content.split("\n")
    new_lines = [_fix(line) for line in lines]
    diff = sum(1 for a, b in zip(lines, new_lines, strict=True) if a != b)
    if diff:
        post.content = "\n".join(new_lines)
        changed += diff
    return changed
