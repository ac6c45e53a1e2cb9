"""Decap (Netlify) CMS schemas (``admin/config.yml`` and its ``static/`` and ``public/`` variants)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from editor.core.schema_base import (
    FieldSpec,
    Relation,
    Schema,
    SchemaError,
    _as_str_list,
    _content_abs,
    _date_format_has_time,
    _is_under,
    read_schema_text,
)

DECAP_CONFIGS = tuple(f"{folder}admin/config.{ext}" for folder in ("", "static/", "public/") for ext in ("yml", "yaml"))


def _read_yaml(path: Path) -> Any:
    text = read_schema_text(path)
    try:
        return copy.deepcopy(_parse_config(text))  # the cached data is shared: callers get their own
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = f"invalid YAML: {exc.problem or exc.context or 'syntax error'}"
        if mark is None:
            raise SchemaError(path.name, reason) from exc
        raise SchemaError(path.name, reason, mark.line + 1, mark.column + 1) from exc
    except YAMLError as exc:
        raise SchemaError(path.name, f"invalid YAML: {exc}") from exc


@lru_cache(maxsize=16)
def _parse_config(text: str) -> Any:
    """The config's data, parsed once per text (a site check asks for each post's collection)."""
    return YAML(typ="safe", pure=True).load(text)


def _decap_pick(
    root: Path, collections: list[Mapping[str, Any]], content_path: Path | None
) -> tuple[Mapping[str, Any] | None, Mapping[str, Any] | None]:
    """``(entry, collection)`` that holds ``content_path``, as Decap chooses it: a file
    entry naming the file (the entry holds its fields), else the folder collection with the
    deepest folder holding it (the entry is the collection). A post in no collection has
    none (``(None, None)``); without a path, the site's blog collection (or its first
    folder collection)."""
    target = _content_abs(root, content_path)
    folders = [c for c in collections if isinstance(c.get("folder"), str)]
    if target is not None:
        for coll in collections:
            for entry in coll.get("files") or []:
                if isinstance(entry, Mapping) and isinstance(entry.get("file"), str):
                    path = root / entry["file"]
                    if path.resolve() == target.resolve():
                        return entry, coll
        best: tuple[int, Mapping[str, Any]] | None = None
        for coll in folders:
            path = root / coll["folder"].strip("/")
            if _is_under(target, path) and (best is None or len(path.parts) > best[0]):
                best = (len(path.parts), coll)
        return (best[1], best[1]) if best is not None else (None, None)
    if not folders:
        return None, None
    for coll in folders:
        if str(coll.get("name", "")).lower() in ("blog", "posts", "post", "articles"):
            return coll, coll
    return folders[0], folders[0]


def _locale(
    root: Path, config: Mapping[str, Any], entry: Mapping[str, Any], coll: Mapping[str, Any], content_path: Path | None
) -> tuple[str, str] | None:
    """``(locale, default locale)`` of a post in a collection Decap translates (``i18n``),
    read from its path as Decap writes it: ``<folder>/<locale>/<slug>`` or
    ``<folder>/<slug>.<locale>.md``. None for an untranslated collection, a single-file
    structure (every locale in one file) or a path naming no declared locale."""
    site_wide = config.get("i18n")
    own = coll.get("i18n")
    if not own or not isinstance(site_wide, Mapping) or (entry is not coll and not entry.get("i18n")):
        return None
    settings = {**site_wide, **(own if isinstance(own, Mapping) else {})}
    locales = _as_str_list(settings.get("locales")) or []
    target = _content_abs(root, content_path)
    if not locales or target is None:
        return None
    default = str(settings.get("default_locale") or locales[0])
    structure = settings.get("structure")
    if structure == "multiple_folders" and isinstance(coll.get("folder"), str):
        folder = (root / coll["folder"].strip("/")).resolve()
        parts = target.resolve().relative_to(folder).parts if _is_under(target, folder) else ()
        found = parts[0] if len(parts) > 1 else None
    elif structure == "multiple_files":
        found = Path(target.stem).suffix.removeprefix(".") or None
    else:
        return None
    return (found, default) if found in locales else None


def _translated(spec: FieldSpec, raw: Mapping[str, Any], default: str) -> FieldSpec | None:
    """A field as a translation has it: Decap keeps a field that is not translated
    (``i18n: none``, or no ``i18n``) out of other locales, and copies a duplicated one
    (``i18n: duplicate``) from the default locale, where alone it is edited."""
    rule = raw.get("i18n")
    if rule is True or rule == "translate":
        return spec
    if rule == "duplicate":
        spec.read_only = f"Copied from the '{default}' version by the CMS: edit it there."
        return spec
    return None


def _decap_field(raw: Mapping[str, Any]) -> FieldSpec | None:
    name = str(raw["name"])
    widget = str(raw.get("widget") or "string")
    if name == "body" and widget in ("markdown", "text", "string"):
        return None  # the Markdown body, not a front-matter field
    kind = "string"
    relation: Relation | None = None
    date_format: str | None = None
    choices: list[str] | None = None
    hidden = False
    if widget in ("text", "markdown", "code"):
        kind = "text"
    elif widget in ("datetime", "date"):
        kind = widget
        storage = raw.get("format")  # what is written; ``date_format`` only shapes the picker
        if isinstance(storage, str) and storage:
            date_format = storage
        # ``date_format`` / ``time_format`` only shape the picker; ``format`` is what is written.
        if raw.get("time_format") is False or (isinstance(storage, str) and not _date_format_has_time(storage)):
            kind = "date"
    elif widget == "boolean":
        kind = "boolean"
    elif widget == "number":
        kind = "number"
    elif widget == "select":
        choices = _as_str_list(raw.get("options"))
        kind = "tags" if raw.get("multiple") else "choice"
    elif widget == "list":
        if raw.get("fields") or raw.get("field") or raw.get("types"):
            kind = "list"  # of objects: starts as an empty list, edited as a snippet
        else:
            kind = "tags" if name in ("tags", "categories") else "list"
    elif widget in ("image", "file"):
        kind = "list" if raw.get("multiple") else "image"
    elif widget == "relation":
        kind = "list" if raw.get("multiple") else "string"
        relation = Relation(_name(raw.get("collection")), _value_field(raw.get("value_field")), kind == "list")
    elif widget == "object":
        kind = "object"
        if raw.get("default") is None:
            nested = {
                str(f["name"]): f["default"]
                for f in raw.get("fields") or []
                if isinstance(f, Mapping) and f.get("name") and f.get("default") is not None
            }
            raw = {**raw, "default": nested or None}  # the nested fields' own defaults
    elif widget == "hidden":
        hidden = True
    label = raw.get("label")
    pattern = raw.get("pattern")
    return FieldSpec(
        name=name,
        type=kind,
        item_fields=_nested(raw) if widget in ("object", "list") else (),
        item_types=_types(raw) if widget == "list" else {},
        type_key=str(raw.get("typeKey") or "type"),
        widget=widget,
        relation=relation,
        minimum=_number(raw.get("min")),
        maximum=_number(raw.get("max")),
        step=_number(raw.get("step")),
        decimal={"int": False, "float": True}.get(str(raw.get("value_type"))) if widget == "number" else None,
        pattern=str(pattern[0]) if isinstance(pattern, list) and pattern else None,
        pattern_hint=str(pattern[1]) if isinstance(pattern, list) and len(pattern) > 1 else None,
        required=raw.get("required", True) is not False,
        choices=choices,
        strict_choices=choices is not None,
        default=raw.get("default"),
        date_format=date_format,
        label=str(label) if label is not None else None,
        hidden=hidden,
    )


def _nested(raw: Mapping[str, Any]) -> tuple[FieldSpec, ...]:
    """An object's fields, or a list item's (``fields``, or the one ``field``)."""
    declared = raw.get("fields")
    if not isinstance(declared, list):
        declared = [raw["field"]] if isinstance(raw.get("field"), Mapping) else []
    specs = (_decap_field(f) for f in declared if isinstance(f, Mapping) and f.get("name"))
    return tuple(s for s in specs if s is not None)


def _types(raw: Mapping[str, Any]) -> dict[str, tuple[FieldSpec, ...]]:
    """A list of several kinds of item (``types``): each kind's fields, by its name."""
    kinds = raw.get("types")
    if not isinstance(kinds, list):
        return {}
    return {str(t["name"]): _nested(t) for t in kinds if isinstance(t, Mapping) and t.get("name")}


def _name(value: Any) -> str | None:
    return str(value) if isinstance(value, str) and value else None


def _value_field(value: Any) -> str:
    """What a relation stores: ``{{slug}}`` is the slug, ``title`` or ``{{fields.title}}`` the title."""
    text = value.strip() if isinstance(value, str) else ""
    text = text.removeprefix("{{").removesuffix("}}").strip().removeprefix("fields.")
    return text or "slug"


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def load_decap(root: Path, content_path: Path | None = None) -> Schema | None:
    """The Decap (Netlify) CMS collection fields for ``content_path`` (or the site's blog collection).

    None when the site has no Decap config or no collection with fields.
    Raises ``SchemaError`` when the config is not valid YAML.
    """
    config = next((root / name for name in DECAP_CONFIGS if (root / name).is_file()), None)
    if config is None:
        return None
    data = _read_yaml(config)
    if not isinstance(data, Mapping):
        return None
    collections = [c for c in data.get("collections") or [] if isinstance(c, Mapping)]
    entry, coll = _decap_pick(root, collections, content_path)
    if entry is None or coll is None:
        # a page no collection covers: the CMS declares nothing for it
        return Schema(source="decap") if content_path is not None and collections else None
    raw_fields = entry.get("fields")
    if not isinstance(raw_fields, list):
        return None
    name = str(entry.get("name") or coll.get("name") or "")
    locale = _locale(root, data, entry, coll, content_path)
    fields: dict[str, FieldSpec] = {}
    for raw in raw_fields:
        if not isinstance(raw, Mapping) or not raw.get("name"):
            continue
        spec = _decap_field(raw)
        if spec is not None and locale is not None and locale[0] != locale[1]:
            spec = _translated(spec, raw, locale[1])
        if spec is not None:
            fields[spec.name] = spec
    return Schema(
        fields=fields, source="decap", collection=name or None, locale=locale[0] if locale is not None else None
    )
