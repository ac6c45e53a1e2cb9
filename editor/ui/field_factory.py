"""Which widget edits which front-matter field."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSizePolicy

from editor.core.checks_fields import constraint_problem
from editor.core.cover_step import image_parts
from editor.core.schema import COVER_NAMES
from editor.core.site import AssetResolver
from editor.ui.chips import ChoiceField, ListField
from editor.ui.cms_fields import CodeField, ColorField, SlugField, UuidField
from editor.ui.fields import (
    IMAGE_KEYS,
    BoolField,
    DateField,
    Field,
    MultilineField,
    NumberField,
    TextDateField,
    TextField,
    UrlField,
    kind_of,
    text_date_format,
)
from editor.ui.image_fields import ImageField, NestedImageField
from editor.ui.object_fields import nested_field
from editor.ui.snippet_field import SnippetField


def make_field(
    key: str,
    value: Any,
    fmt: str,
    resolver: AssetResolver | None,
    spec: Any = None,
    options: list[tuple[str, str]] | None = None,
) -> Field:
    """The widget for ``key``: by the site's schema when it declares the field, else by the
    value. A declared range or pattern marks the field while its value breaks it.
    ``options`` are the ``(value, title)`` of the posts a relation field may name."""
    if options and isinstance(value, str | None) and not (spec.relation and spec.relation.multiple):
        field: Field = ChoiceField(key, value, [v for v, _t in options])
        for index, (_value, title) in enumerate(options):
            field.combo.setItemData(index, title, Qt.ItemDataRole.ToolTipRole)
        return field
    field = _make_field(key, value, fmt, resolver, spec)
    if spec is not None and spec.constrained():
        _mark_constraint(field, spec, value)
        field.edited.connect(lambda v: _mark_constraint(field, spec, v))
    return field


def _mark_constraint(field: Field, spec: Any, value: Any) -> None:
    problem = constraint_problem(spec, value)
    field.setToolTip(f"It must be {problem}" if problem and problem.startswith(("at ", "a whole")) else problem or "")
    field.setStyleSheet("QLineEdit { border: 1px solid #d1242f; }" if problem else "")
    field.setProperty("constraintProblem", problem or "")


def _make_field(key: str, value: Any, fmt: str, resolver: AssetResolver | None, spec: Any = None) -> Field:
    if spec is not None and spec.type == "choice" and spec.choices and isinstance(value, str | None):
        return ChoiceField(key, value, list(spec.choices), strict=spec.strict_choices)
    if spec is not None and spec.type in ("date", "datetime"):
        qt_format = _text_date(value, spec)
        if qt_format is not None:
            return TextDateField(key, value, qt_format)
    parts = image_parts(value)
    if parts is not None and _holds_image(key, spec):
        return NestedImageField(key, value, parts[0], parts[1], resolver=resolver)
    nested = nested_field(key, value, spec, fmt, resolver, make_field)
    if nested is not None:
        return nested
    special = _CMS_WIDGETS.get(spec.widget) if spec is not None and isinstance(value, str | None) else None
    if special is not None:
        return special(key, value)
    declared = _declared_kind(spec, value) if spec is not None else None
    kind = declared or kind_of(key, value)
    if kind == "bool":
        return BoolField(key, value)
    if kind == "number":
        if spec is None:
            return NumberField(key, value)
        return NumberField(key, value, step=spec.step, minimum=spec.minimum, maximum=spec.maximum, decimal=spec.decimal)
    if kind in ("date", "datetime"):
        return DateField(key, value)
    if kind == "list":
        return ListField(key, value)
    if kind == "image":
        return ImageField(key, value, resolver=resolver)
    if kind == "url":
        return UrlField(key, value)
    if kind == "multiline":
        return MultilineField(key, value)
    if kind == "text":
        return TextField(key, value)
    field = SnippetField(key, value, fmt)
    field.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return field


def _holds_image(key: str, spec: Any) -> bool:
    """A key that names an image (``cover``, ``coverImage``…) or that the schema declares as one."""
    if spec is not None and (spec.type == "image" or spec.is_cover):
        return True
    return key.lower() in IMAGE_KEYS or key.lower() in {name.lower() for name in COVER_NAMES}


# The CMS's own widgets that have one of their own here.
_CMS_WIDGETS: dict[str | None, type[Field]] = {
    "code": CodeField,
    "map": CodeField,
    "color": ColorField,
    "uuid": UuidField,
    "slug": SlugField,
}

# The widget a declared type asks for, when the value is one that widget edits (or empty).
_DECLARED = {
    "image": ("image", (str, type(None))),
    "text": ("multiline", (str, type(None))),
    "string": ("text", (str, type(None))),
    "boolean": ("bool", (bool, type(None))),
    "number": ("number", (int, float, type(None))),
    "tags": ("list", (list, type(None))),
    "list": ("list", (list, type(None))),
}
# Written the way the file holds a date-time when the schema names no format.
_ISO_TEXT_DATES = (
    "YYYY-MM-DD",
    "YYYY-MM-DDTHH:mm:ss",
    "YYYY-MM-DDTHH:mm:ssZ",
    "YYYY-MM-DD HH:mm:ss",
    "YYYY-MM-DDTHH:mm",
)


def _declared_kind(spec: Any, value: Any) -> str | None:
    """The declared type wins over a guess from the value: an empty ``hero:`` declared an
    image is an image field. A value of another kind keeps the widget its value needs."""
    kind, accepted = _DECLARED.get(spec.type, (None, ()))
    if kind is None or isinstance(value, bool) and bool not in accepted:
        return None
    if kind == "text" and isinstance(value, str) and kind_of(spec.name, value) in ("url", "multiline"):
        return None  # a string field holding an address or several lines keeps that widget
    if kind == "list" and isinstance(value, list) and kind_of(spec.name, value) != "list":
        return None  # a list of mappings stays a snippet
    return kind if isinstance(value, accepted) else None


def _text_date(value: Any, spec: Any) -> str | None:
    """The Qt format of a date kept as text: the declared one, else ISO as the file writes it."""
    qt_format = text_date_format(value, spec.date_format)
    if qt_format is not None or spec.date_format:
        return qt_format
    for iso in _ISO_TEXT_DATES:
        qt_format = text_date_format(value, iso)
        if qt_format is not None:
            return qt_format
    return None
