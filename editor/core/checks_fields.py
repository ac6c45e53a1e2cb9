"""The checks of a post's fields: required fields, dates, addresses and language tags,
lengths for search results, and what keeps a generator from publishing a post.

Each check reads the fields through a ``FieldsView`` (``title`` finds ``Title:``)
and reports through ``add`` (see ``checks_body.Add``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from editor.core.checks_body import ERROR, WARNING, Add
from editor.core.dates import reads_as_date
from editor.core.keys import FieldsView
from editor.core.post import Post
from editor.core.schema import FieldSpec, Schema

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


@dataclass
class CheckSettings:
    allow_drafts: bool = False  # a draft is a warning, not an error (check --allow-drafts)
    now: dt.datetime | None = None  # the moment expiry and publish dates are compared with
    title_max: int = 70
    excerpt_min: int = 50
    excerpt_max: int = 160
    excerpt_keys: tuple[str, ...] = ("excerpt", "description", "summary")
    spelling: bool = False  # report misspelled words (``check --spelling``)


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


def check_required(meta: FieldsView, schema: Schema | None, add: Add) -> None:
    """Fields the schema requires. A hidden one is the CMS's to fill (from its default),
    as it is kept out of the form: it is never reported."""
    if schema is not None:
        for name, spec in schema.fields.items():
            if spec.required and not spec.hidden and _empty(meta.get(name)):
                label = spec.label or name
                state = "missing" if name not in meta else "empty"
                add(ERROR, "required", f"'{label}' is required but {state}; fill it in before publishing.", name)


def check_choices(meta: FieldsView, schema: Schema | None, add: Add) -> None:
    """Values outside the choices the site's config declares (``level: nope``)."""
    if schema is None:
        return
    for name, spec in schema.fields.items():
        if not spec.strict_choices or not spec.choices or name not in meta:
            continue
        value = meta.get(name)
        values = value if isinstance(value, list) else [value]
        wrong = [v for v in values if isinstance(v, str | int | float) and v != "" and str(v) not in spec.choices]
        if wrong:
            allowed = ", ".join(spec.choices[:8]) + (", …" if len(spec.choices) > 8 else "")
            add(
                ERROR,
                "choice",
                f"'{spec.label or name}' is {_brief(wrong[0])}, which is not one of its choices ({allowed}).",
                name,
            )


def constraint_problem(spec: FieldSpec, value: Any) -> str | None:
    """What is wrong with ``value`` for the field's declared range or pattern, or None.
    The form marks the field with the same words."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if spec.minimum is not None and value < spec.minimum:
            return f"at least {spec.minimum:g}"
        if spec.maximum is not None and value > spec.maximum:
            return f"at most {spec.maximum:g}"
        if spec.decimal is False and isinstance(value, float) and not value.is_integer():
            return "a whole number"
    if isinstance(value, str) and value and spec.pattern:
        try:
            matches = re.search(spec.pattern, value) is not None
        except re.error:
            return None  # a pattern Python cannot read is the config's problem, not the post's
        if not matches:
            return spec.pattern_hint or f"it must match {spec.pattern}"
    return None


def check_constraints(meta: FieldsView, schema: Schema | None, add: Add) -> None:
    """Numbers outside their declared range, text that does not match its declared pattern."""
    if schema is None:
        return
    for name, spec in schema.fields.items():
        if name in meta and spec.constrained():
            problem = constraint_problem(spec, meta.get(name))
            if problem is not None:
                add(ERROR, "constraint", f"'{spec.label or name}' is {_brief(meta.get(name))}: {problem}.", name)


def check_dates(post: Post, meta: FieldsView, schema: Schema | None, add: Add) -> None:
    """Dates that are no dates (``'yesterday'``, ``2021-02-30``), and keys written twice."""
    flagged: set[str] = set()
    if schema is not None and any(s.type in ("date", "datetime") for s in schema.fields.values()):
        date_keys = [n for n, s in schema.fields.items() if s.type in ("date", "datetime")]
    else:
        date_keys = list(DATE_KEYS)
    for key in date_keys:
        value = meta.get(key)
        spec = schema.fields.get(key) if schema is not None else None
        declared = spec.date_format if spec is not None else None
        if isinstance(value, str) and value.strip() and not is_valid_date(value) and not reads_as_date(value, declared):
            add(
                ERROR,
                "date",
                f"'{key}' is {_brief(value)}, which is not a date; write it like 2024-12-20 or 2024-12-20T09:30:00Z.",
                key,
            )
            flagged.add(meta.own(key))

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


def check_addresses(meta: FieldsView, add: Add) -> None:
    """The canonical URL is a full address; the language a language tag."""
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


def check_lengths(meta: FieldsView, settings: CheckSettings, add: Add) -> None:
    """Title and excerpt lengths that search results show whole."""
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


def check_publishing(meta: FieldsView, settings: CheckSettings, add: Add) -> None:
    """Drafts, and Hugo's expiry and publish dates that keep a post out of the site."""
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
