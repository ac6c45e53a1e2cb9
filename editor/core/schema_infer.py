"""A schema guessed from the front matter of a site's posts."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from editor.core.keys import FieldsView
from editor.core.schema_base import COVER_NAMES, FieldSpec, Schema

_COVER_NAMES_LOWER = frozenset(name.lower() for name in COVER_NAMES)
_TAG_NAMES = frozenset({"tags", "categories", "keywords"})
_IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".bmp", ".tif", ".tiff", ".ico")
_FREE_TEXT_NAMES = frozenset({"title", "description", "summary", "excerpt", "slug", "url", "permalink", "id", "name"})
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}([T ])(\d{2}:\d{2})(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$")


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, dict, Mapping)):
        return len(value) == 0
    return False


def _kind(value: Any) -> str:
    """The coarse kind of one non-empty value."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, dt.datetime):
        return "datetime"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, str):
        text = value.strip()
        if _ISO_DATE.match(text):
            return "date"
        if _ISO_DATETIME.match(text):
            return "datetime"
        return "str"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, (list, tuple)):
        return "list"
    return "str"


def _literal_format(text: str) -> str | None:
    """The moment-style format of an ISO date string (``YYYY-MM-DD``, ``YYYY-MM-DDTHH:mm:ssZ``...)."""
    text = text.strip()
    if _ISO_DATE.match(text):
        return "YYYY-MM-DD"
    m = _ISO_DATETIME.match(text)
    if not m:
        return None
    fmt = "YYYY-MM-DD" + m.group(1) + "HH:mm"
    if m.group(3):
        fmt += ":ss"
    if m.group(4):
        fmt += "." + "S" * (len(m.group(4)) - 1)
    if m.group(5):
        fmt += "[Z]" if m.group(5) == "Z" else "Z"
    return fmt


def _most_common(values: Iterable[str]) -> list[str]:
    """Distinct values, most frequent first; ties keep first appearance."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for i, v in enumerate(values):
        counts[v] += 1
        first.setdefault(v, i)
    return sorted(counts, key=lambda v: (-counts[v], first[v]))


def _looks_like_image(text: str) -> bool:
    path = text.split("?", 1)[0].split("#", 1)[0].lower()
    return path.endswith(_IMAGE_EXTENSIONS)


def _infer_str(name: str, values: list[str], n_posts: int) -> tuple[str, list[str] | None]:
    texts = [v.strip() for v in values]
    half = len(texts) / 2
    if name.lower() in _COVER_NAMES_LOWER:
        return "image", None
    if sum(_looks_like_image(t) for t in texts) > half:
        return "image", None
    if sum(bool(re.match(r"^https?://\S+$", t, re.I)) for t in texts) > half:
        return "url", None
    if any("\n" in v for v in values) or sum(len(t) for t in texts) / len(texts) > 90:
        return "text", None
    counts = Counter(texts)
    if (
        n_posts >= 3
        and name.lower() not in _FREE_TEXT_NAMES
        and len(counts) <= 8
        and max(counts.values()) >= 2
        and all(len(t) <= 60 for t in counts)
    ):
        return "choice", _most_common(texts)
    return "string", None


def _is_draft(meta: Mapping[str, Any]) -> bool:
    return meta.get("draft") is True or meta.get("published") is False


def _infer_field(
    name: str, values: list[Any], present: int, n_posts: int, required: bool = False
) -> tuple[FieldSpec, list[str] | None]:
    """One field from the non-empty values found under ``name``; also the vocabulary of a list field."""
    spec = FieldSpec(name=name, required=required)
    if not values:
        return spec, None
    kinds = Counter(_kind(v) for v in values)
    order = ["boolean", "number", "date", "datetime", "list", "object", "str"]
    dates = kinds["date"] + kinds["datetime"]
    votes = {k: kinds[k] for k in order}
    votes["date"] = dates
    votes["datetime"] = 0
    top = max(order, key=lambda k: (votes[k], -order.index(k)))
    if top == "date":
        spec.type = "datetime" if kinds["datetime"] > kinds["date"] else "date"
        literals = [_literal_format(v) for v in values if isinstance(v, str)]
        found = [f for f in literals if f]
        if found:
            spec.date_format = _most_common(found)[0]
        return spec, None
    if top in ("boolean", "number", "object"):
        spec.type = top
        return spec, None
    if top == "list":
        lists = [v for v in values if _kind(v) == "list"]
        items = [item for lst in lists for item in lst]
        if any(isinstance(item, (Mapping, list, tuple)) for item in items):
            spec.type = "object"
            return spec, None
        words = [str(item) for item in items if not _is_empty(item)]
        per_post = Counter(w for lst in lists for w in {str(i) for i in lst if not _is_empty(i)})
        repeats = any(c >= 2 for c in per_post.values())
        spec.type = "tags" if name.lower() in _TAG_NAMES or repeats else "list"
        return spec, _most_common(words)
    strings = [str(v) for v in values if _kind(v) == "str"]
    spec.type, spec.choices = _infer_str(name, strings, n_posts)
    return spec, None


def infer_schema(metadatas: list[Mapping[str, Any]]) -> Schema:
    """Guess a schema from the front matter of a site's posts (plain dicts of values)."""
    posts = [m for m in metadatas if isinstance(m, Mapping)]
    if not posts:
        return Schema(source="none")
    # One field per name ignoring case: a site whose posts write Title: and title: has one title.
    names: list[str] = []
    seen: set[str] = set()
    widest = max(posts, key=len)
    for meta in (widest, *posts):
        for key in meta:
            if str(key).casefold() not in seen:
                seen.add(str(key).casefold())
                names.append(str(key))
    posts = [FieldsView(m) for m in posts]
    # What every published post fills in is required. Drafts are work in progress (a new
    # post has only its title yet): they neither teach nor unteach a requirement, unless
    # there are too few published posts to go by.
    published = [m for m in posts if not _is_draft(m)]
    settled = published if len(published) >= 2 else posts
    fields: dict[str, FieldSpec] = {}
    vocabulary: dict[str, list[str]] = {}
    for name in names:
        present = 0
        values: list[Any] = []
        for meta in posts:
            if name in meta:
                present += 1
                if not _is_empty(meta[name]):
                    values.append(meta[name])
        required = len(settled) >= 2 and all(name in m and not _is_empty(m[name]) for m in settled)
        spec, words = _infer_field(name, values, present, len(posts), required)
        fields[name] = spec
        if words is not None:
            vocabulary[name] = words
    return Schema(fields=fields, source="inferred" if fields else "none", vocabulary=vocabulary)
