"""The schema data types (``FieldSpec``, ``Schema``, ``SchemaError``) and helpers shared by the loaders.

Import them from ``editor.core.schema``. Everything here is plain Python: no Qt.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editor.core import fileio
from editor.core.errors import PostError

FIELD_TYPES = (
    "string",
    "text",
    "date",
    "datetime",
    "boolean",
    "number",
    "list",
    "tags",
    "image",
    "url",
    "choice",
    "object",
)

SCHEMA_LIMIT = 16 << 20  # a CMS config larger than this is not one

#: Field names that hold a post's cover image, in order of preference.
COVER_NAMES = (
    "cover",
    "image",
    "cover_image",
    "hero",
    "heroImage",
    "featured_image",
    "featuredimage",
    "featuredImage",
    "coverImage",
    "hero_image",
    "thumbnail",
    "banner",
)


class SchemaError(PostError):
    """A schema or CMS config file could not be read.

    ``file`` is the file's name, ``line`` and ``column`` 1-based positions in it
    (None when the problem has no single position).
    """

    def __init__(self, file: str, reason: str, line: int | None = None, column: int | None = None) -> None:
        self.file = file
        self.reason = reason
        self.line = line
        self.column = column
        where = file
        if line is not None:
            where += f" line {line}"
            if column is not None:
                where += f", column {column}"
        super().__init__(
            f"{where}: {reason}. Fix the file, or remove it to let Post Editor guess the fields from your posts."
        )


@dataclass(frozen=True)
class Relation:
    """A field that names other posts (Decap ``relation``, FMC ``contentRelationship``):
    of which collection or content type, by what (``slug``, ``title``, ``path`` or a
    field's name), one or several."""

    collection: str | None
    value: str = "slug"
    multiple: bool = False


@dataclass
class FieldSpec:
    """One front-matter field."""

    name: str
    type: str = "string"
    required: bool = False
    choices: list[str] | None = None
    default: Any = None
    date_format: str | None = None
    label: str | None = None
    is_cover: bool = False
    hidden: bool = False
    strict_choices: bool = False  # the site's config declares the choices: others are wrong
    minimum: float | None = None  # a number's declared range
    maximum: float | None = None
    step: float | None = None  # how far a number's arrows move it
    decimal: bool | None = None  # a number declared as a decimal (True) or a whole number (False)
    pattern: str | None = None  # a regular expression a text value must match (Decap ``pattern``)
    pattern_hint: str | None = None  # the CMS's message when it does not
    relation: Relation | None = None
    item_fields: tuple[FieldSpec, ...] = ()  # an object's fields, or each item's of a list of objects
    widget: str | None = None  # the CMS's own name for the kind of field (Decap widget, FMC type)
    item_types: dict[str, tuple[FieldSpec, ...]] = field(default_factory=dict)  # a list of several kinds
    type_key: str = "type"  # the key naming an item's kind (Decap ``typeKey``; FMC ``fieldGroup``)
    read_only: str | None = None  # why the form shows the field but does not edit it

    def constrained(self) -> bool:
        """True when the field declares a rule its value may break: a range, a pattern, a whole number."""
        return self.minimum is not None or self.maximum is not None or bool(self.pattern) or self.decimal is False


@dataclass
class Schema:
    """The fields of a site's posts, in declared order."""

    fields: dict[str, FieldSpec] = field(default_factory=dict)
    source: str = "none"
    vocabulary: dict[str, list[str]] = field(default_factory=dict)
    collection: str | None = None  # the CMS collection or content type these fields are of
    locale: str | None = None  # the language of the post, when its CMS keeps translations by path

    def field(self, name: str) -> FieldSpec | None:
        return self.fields.get(name)

    def cover_field(self) -> str | None:
        """The field marked as the cover, else the first cover-like name, else the first image field."""
        for spec in self.fields.values():
            if spec.is_cover:
                return spec.name
        for name in COVER_NAMES:
            if name in self.fields:
                return name
        for spec in self.fields.values():
            if spec.type == "image":
                return spec.name
        return None


# ---------------------------------------------------------------------- helpers


def _date_format_has_time(fmt: str) -> bool:
    """True when a moment / date-fns format string shows a time of day."""
    bare = re.sub(r"\[[^\]]*\]|'[^']*'", "", fmt)
    return bool(re.search(r"[Hhmsak]", bare))


def _as_str_list(value: Any) -> list[str] | None:
    """Choices/options as strings: plain strings, or ``{id,title}`` / ``{label,value}`` objects."""
    if not isinstance(value, list):
        return None
    out: list[str] = []
    for item in value:
        if isinstance(item, Mapping):
            for key in ("value", "id", "label", "title"):
                if key in item and item[key] is not None:
                    out.append(str(item[key]))
                    break
        elif item is not None:
            out.append(str(item))
    return out


def _is_under(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:  # pragma: no cover - resolve() on odd paths
        return False


def _content_abs(root: Path, content_path: Path | None) -> Path | None:
    if content_path is None:
        return None
    return content_path if content_path.is_absolute() else root / content_path


def read_schema_text(path: Path) -> str:
    """A schema file's text; SchemaError names the file when it cannot be read."""
    try:
        return fileio.read_file_bytes(path, SCHEMA_LIMIT).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SchemaError(path.name, f"the file is not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise SchemaError(path.name, f"the file could not be read ({exc.strerror or exc})") from exc
    except PostError as exc:  # a folder, a pipe, a huge file
        raise SchemaError(path.name, str(exc)) from exc
