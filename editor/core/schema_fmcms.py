"""Front Matter CMS schemas (``frontmatter.json`` and ``.frontmatter/config/``)."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

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


def _strip_jsonc(text: str) -> str:
    """Blank out ``//`` and ``/* */`` comments and trailing commas, keeping every line and column."""
    out: list[str] = []
    i, n = 0, len(text)
    in_string = False
    while i < n:
        c = text[i]
        if in_string:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 2
                continue
            if c == '"':
                in_string = False
            i += 1
            continue
        if c == '"':
            in_string = True
            out.append(c)
            i += 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            out.append(" " * (end - i))
            i = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append(re.sub(r"[^\n]", " ", text[i:end]))
            i = end
        else:
            out.append(c)
            i += 1
    return re.sub(r",(\s*[}\]])", r" \1", "".join(out))


def _read_json(path: Path) -> Any:
    try:
        return copy.deepcopy(_parse_json(read_schema_text(path)))
    except json.JSONDecodeError as first:
        raise SchemaError(path.name, f"invalid JSON: {first.msg}", first.lineno, first.colno) from first


@lru_cache(maxsize=32)
def _parse_json(text: str) -> Any:
    """A config file's data, parsed once per text (a site check asks for each post's type).
    Front Matter CMS accepts comments and trailing commas (JSONC)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        first = exc
    try:
        return json.loads(_strip_jsonc(text))
    except json.JSONDecodeError:
        raise first from None


def _fm_settings(root: Path) -> dict[str, Any] | None:
    main = root / "frontmatter.json"
    config_dir = root / ".frontmatter" / "config"
    if not main.is_file() and not config_dir.is_dir():
        return None
    settings: dict[str, Any] = {}
    if main.is_file():
        data = _read_json(main)
        if not isinstance(data, dict):
            raise SchemaError(main.name, "the file must hold a JSON object ({ ... })")
        settings.update(data)
    if not config_dir.is_dir():
        return settings
    for part in sorted(config_dir.glob("*.json")):
        data = _read_json(part)
        if not isinstance(data, dict):
            raise SchemaError(part.name, "a settings file must hold a JSON object ({ ... })")
        settings.update(data)
    types: list[Any] = list(settings.get("frontMatter.taxonomy.contentTypes") or [])
    for folder in ("content/types", "taxonomy/contenttypes", "taxonomy/contentTypes"):
        for part in sorted((config_dir / folder).glob("*.json")):
            data = _read_json(part)
            if not isinstance(data, dict):
                raise SchemaError(part.name, "a content type file must hold one JSON object ({ ... })")
            data.setdefault("name", part.stem)
            types = [t for t in types if not (isinstance(t, dict) and t.get("name") == data["name"])]
            types.append(data)
    settings["frontMatter.taxonomy.contentTypes"] = types
    folders: list[Any] = list(settings.get("frontMatter.content.pageFolders") or [])
    for part in sorted((config_dir / "content" / "pagefolders").glob("*.json")):
        data = _read_json(part)
        if isinstance(data, dict):
            folders.append(data)
    settings["frontMatter.content.pageFolders"] = folders
    return settings


def _fm_folder_path(root: Path, raw: str) -> Path:
    text = raw.replace("[[workspace]]", str(root)).replace("\\", "/")
    path = Path(text)
    return path if path.is_absolute() else root / path


_UNCOVERED: dict[str, Any] = {}


def _fm_pick_type(
    root: Path, settings: Mapping[str, Any], content_path: Path | None, type_name: str | None = None
) -> dict[str, Any] | None:
    """The content type of a post, as Front Matter CMS chooses it: the one its ``type:``
    field names, else the first of its page folder's ``contentTypes``, else ``default``.
    ``_UNCOVERED`` for a file in none of the declared page folders (the CMS does not
    manage it); None when the config declares no content type."""
    types = [t for t in settings.get("frontMatter.taxonomy.contentTypes") or [] if isinstance(t, dict)]
    if not types:
        return None
    by_name = {str(t.get("name")): t for t in types}
    if type_name and type_name in by_name:
        return by_name[type_name]
    target = _content_abs(root, content_path)
    folders = [f for f in settings.get("frontMatter.content.pageFolders") or [] if isinstance(f, Mapping)]
    if target is not None:
        best: tuple[int, Mapping[str, Any]] | None = None
        for folder in folders:
            if not isinstance(folder.get("path"), str):
                continue
            path = _fm_folder_path(root, folder["path"])
            if _is_under(target, path) and (best is None or len(path.parts) > best[0]):
                best = (len(path.parts), folder)
        if best is not None:
            for name in best[1].get("contentTypes") or []:
                if str(name) in by_name:
                    return by_name[str(name)]
        elif folders:
            return _UNCOVERED
    return by_name.get("default", types[0])


_FM_TYPES = {
    "string": "string",
    "datetime": "datetime",
    "date": "date",
    "boolean": "boolean",
    "draft": "boolean",
    "number": "number",
    "choice": "choice",
    "tags": "tags",
    "categories": "tags",
    "taxonomy": "tags",
    "list": "tags",
    "image": "image",
    "file": "string",
    "slug": "string",
    "uuid": "string",
    "contentRelationship": "string",
    "dataFile": "string",
    "customField": "string",
    "fields": "object",
    "json": "object",
    "block": "list",  # a list of field groups
}
_FM_NOT_FIELDS = frozenset({"divider", "heading"})


def _fm_type(raw: Mapping[str, Any]) -> str:
    """The field's type; one that is not a name (``["string"]``) reads as ``string``."""
    value = raw.get("type")
    return value if isinstance(value, str) and value else "string"


def _fm_field(
    raw: Mapping[str, Any], global_date_format: str | None, groups: Mapping[str, Any] | None = None
) -> FieldSpec:
    fm_type = _fm_type(raw)
    kind = _FM_TYPES.get(fm_type, "string")
    if kind == "string" and (raw.get("multiline") or raw.get("wysiwyg")):
        kind = "text"
    date_format: str | None = None
    if kind in ("date", "datetime"):
        declared = raw.get("dateFormat") or global_date_format
        date_format = str(declared) if declared else None
        if date_format and not _date_format_has_time(date_format):
            kind = "date"
    choices = _as_str_list(raw.get("choices")) if kind == "choice" else None
    if kind == "choice" and raw.get("multiple"):
        kind = "tags"
    if kind in ("image", "string") and fm_type in ("image", "file", "contentRelationship") and raw.get("multiple"):
        kind = "list"
    title = raw.get("title")
    declared = raw.get("numberOptions")
    options: Mapping[str, Any] = declared if isinstance(declared, Mapping) else {}
    low, high, step = options.get("min"), options.get("max"), options.get("step")
    relation = None
    if fm_type == "contentRelationship":
        value = raw.get("contentTypeValue")
        relation = Relation(
            str(raw["contentTypeName"]) if isinstance(raw.get("contentTypeName"), str) else None,
            value if isinstance(value, str) and value else "path",
            kind == "list",
        )
    nested = raw.get("fields") if fm_type == "fields" else None
    kinds: dict[str, tuple[FieldSpec, ...]] = {}
    if fm_type == "block" and groups:
        named = raw.get("fieldGroup")
        for group_id in named if isinstance(named, list) else [named]:
            group = groups.get(str(group_id))
            if isinstance(group, Mapping):
                kinds[str(group_id)] = tuple(
                    _fm_field(f, global_date_format, groups)
                    for f in group.get("fields") or []
                    if isinstance(f, Mapping) and f.get("name")
                )
    return FieldSpec(
        item_types=kinds,
        type_key="fieldGroup" if fm_type == "block" else "type",
        name=str(raw["name"]),
        type=kind,
        relation=relation,
        widget=fm_type,
        item_fields=tuple(
            _fm_field(f, global_date_format, groups) for f in nested or [] if isinstance(f, Mapping) and f.get("name")
        ),
        minimum=float(low) if isinstance(low, int | float) and not isinstance(low, bool) else None,
        maximum=float(high) if isinstance(high, int | float) and not isinstance(high, bool) else None,
        step=float(step) if isinstance(step, int | float) and not isinstance(step, bool) and step > 0 else None,
        decimal=bool(options["isDecimal"]) if isinstance(options.get("isDecimal"), bool) else None,
        required=bool(raw.get("required", False)),
        choices=choices,
        strict_choices=choices is not None,
        default=raw.get("default"),
        date_format=date_format,
        label=str(title) if title is not None else None,
        is_cover=kind == "image" and bool(raw.get("isPreviewImage", False)),
        hidden=bool(raw.get("hidden", False)),
    )


def load_frontmatter_cms(root: Path, content_path: Path | None = None, type_name: str | None = None) -> Schema | None:
    """The Front Matter CMS content type for ``content_path`` (or the site's default one);
    ``type_name`` is the post's own ``type:`` field, which picks the type first.

    None when the site has no Front Matter CMS config or it declares no content type;
    a schema without fields for a file outside every page folder.
    Raises ``SchemaError`` when a config file is not valid JSON.
    """
    settings = _fm_settings(root)
    if settings is None:
        return None
    ctype = _fm_pick_type(root, settings, content_path, type_name)
    if ctype is None:
        return None
    if ctype is _UNCOVERED:
        return Schema(source="frontmatter.json")
    global_format = settings.get("frontMatter.taxonomy.dateFormat")
    groups = {
        str(g["id"]): g
        for g in settings.get("frontMatter.taxonomy.fieldGroups") or []
        if isinstance(g, Mapping) and g.get("id")
    }
    fields: dict[str, FieldSpec] = {}
    for raw in ctype.get("fields") or []:
        if not isinstance(raw, Mapping) or not raw.get("name") or _fm_type(raw) in _FM_NOT_FIELDS:
            continue
        spec = _fm_field(raw, str(global_format) if global_format else None, groups)
        fields[spec.name] = spec
    name = ctype.get("name")
    return Schema(fields=fields, source="frontmatter.json", collection=str(name) if name is not None else None)
