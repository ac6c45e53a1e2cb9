"""Pre-publish checks: what is wrong with a post before it goes live.

``check_post(post, site, schema, library)`` returns a list of ``Problem``s, each
with a stable ``code``, a message a person can act on, and where it is (the
front-matter ``field``, the 1-based ``line`` in the file, the 0-based
``body_line`` in ``post.content``). ``fix_mojibake(post)`` repairs text that was
decoded with the wrong encoding ("â€”" -> "—") and nothing else.

Everything here is plain Python: no Qt.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import asdict, dataclass
from typing import Any

from ruamel.yaml.scalarstring import ScalarString

from editor.core.checks_body import (
    ERROR,
    WARNING,
    check_cross_links,
    check_headings,
    check_mojibake,
    check_refs,
    looks_like_mojibake,
    repair_mojibake,
    resolver_for,
)
from editor.core.checks_body import MAX_MOJIBAKE_LINES as MAX_MOJIBAKE_LINES
from editor.core.checks_fields import (
    CANONICAL_KEYS as CANONICAL_KEYS,
)
from editor.core.checks_fields import (
    DATE_KEYS as DATE_KEYS,
)
from editor.core.checks_fields import (
    LANG_KEYS as LANG_KEYS,
)
from editor.core.checks_fields import (
    CheckSettings,
    check_addresses,
    check_choices,
    check_constraints,
    check_dates,
    check_lengths,
    check_publishing,
    check_required,
    is_valid_date,
    is_valid_lang,
)
from editor.core.checks_site import check_cover, check_slug
from editor.core.checks_spelling import check_spelling, speller_for
from editor.core.keys import FieldsView
from editor.core.library import Library
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
    column: int | None = None  # 1-based, in characters, where the problem is one word

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def is_ready(problems: list[Problem]) -> bool:
    """True when nothing blocks publishing (warnings allowed)."""
    return not any(p.severity == ERROR for p in problems)


# --------------------------------------------------------------------------- helpers


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
    check_required(meta, schema, add)
    check_choices(meta, schema, add)
    check_constraints(meta, schema, add)
    check_dates(post, meta, schema, add)
    check_addresses(meta, add)
    check_lengths(meta, settings, add)
    resolver = resolver_for(post, site)
    check_cover(post, site, schema, resolver, picked, add)
    if body:
        check_refs(post.content, resolver, add, where.body)
        check_cross_links(post.content, site, post.path, add, where.body)
        check_headings(post.content, add, where.body)
    check_slug(post, meta, library, add)
    check_mojibake(meta, post.content if body else "", add, where.body)
    for note in post.file_warnings:
        add(WARNING, "encoding", note)
    check_publishing(meta, settings, add)
    if settings.spelling and body:
        speller = speller_for(post.metadata, post.path, site)
        check_spelling(post.metadata, post.content, speller, add, where.body)
    return out


def body_checks(post: Post, site: Site | None = None) -> Callable[[], list[Problem]]:
    """The checks ``check_post(..., body=False)`` leaves out, as a job for another thread.

    Everything the job reads is taken now: a copy of the body, the line
    numbering and the site's resolver. Running it later touches nothing the
    caller may be changing meanwhile.
    """
    where = _Where(post)
    resolver = resolver_for(post, site)
    content = post.content
    source = post.path

    def run() -> list[Problem]:
        out: list[Problem] = []
        add = _adder(out, where)
        check_refs(content, resolver, add, where.body)
        check_cross_links(content, site, source, add, where.body)
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
            fixed = repair_mojibake(value)
            if fixed != value:
                post.metadata[key] = type(value)(fixed) if isinstance(value, ScalarString) else fixed
                changed += 1
        elif isinstance(value, list):
            touched = False
            for index, item in enumerate(value):
                if isinstance(item, str):
                    fixed = repair_mojibake(item)
                    if fixed != item:
                        value[index] = type(item)(fixed) if isinstance(item, ScalarString) else fixed
                        touched = True
            if touched:
                post.metadata[key] = value
                changed += 1
    lines = post.content.split("\n")
    new_lines = [repair_mojibake(line) for line in lines]
    diff = sum(1 for a, b in zip(lines, new_lines, strict=True) if a != b)
    if diff:
        post.content = "\n".join(new_lines)
        changed += diff
    return changed
