"""Which front-matter fields a site's posts have, and what kind of value each holds.

A schema comes from the first of these that the site has:

1. ``[schema.<field>]`` tables in ``.post-editor.toml`` (parsed by the caller),
2. a Front Matter CMS config (``frontmatter.json`` and ``.frontmatter/config/``),
3. a Decap CMS config (``admin/config.yml``, ``static/admin/config.yml``, ``public/admin/config.yml``),
4. a guess made from the front matter of the site's posts.

Everything here is plain Python: no Qt.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from editor.core.errors import PostError

__all__ = [
    "COVER_NAMES",
    "FIELD_TYPES",
    "FieldSpec",
    "Schema",
    "SchemaError",
    "infer_schema",
    "load_decap",
    "load_frontmatter_cms",
    "load_post_editor_schema",
    "schema_for",
]

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

_COVER_NAMES_LOWER = frozenset(name.lower() for name in COVER_NAMES)
_TAG_NAMES = frozenset({"tags", "categories", "keywords"})
_IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".bmp", ".tif", ".tiff", ".ico")
_FREE_TEXT_NAMES = frozenset({"title", "description", "summary", "excerpt", "slug", "url", "permalink", "id", "name"})


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


@dataclass
class Schema:
    """The fields of a site's posts, in declared order."""

    fields: dict[str, FieldSpec] = field(default_factory=dict)
    source: str = "none"
    vocabulary: dict[str, list[str]] = field(default_factory=dict)

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


# ------------------------------------------------------------ Front Matter CMS


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
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SchemaError(path.name, f"the file is not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise SchemaError(path.name, f"the file could not be read ({exc.strerror or exc})") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        first = exc
    try:
        # Front Matter CMS accepts comments and trailing commas (JSONC).
        return json.loads(_strip_jsonc(text))
    except json.JSONDecodeError:
        raise SchemaError(path.name, f"invalid JSON: {first.msg}", first.lineno, first.colno) from first


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


def _fm_pick_type(root: Path, settings: Mapping[str, Any], content_path: Path | None) -> dict[str, Any] | None:
    types = [t for t in settings.get("frontMatter.taxonomy.contentTypes") or [] if isinstance(t, dict)]
    if not types:
        return None
    by_name = {str(t.get("name")): t for t in types}
    target = _content_abs(root, content_path)
    if target is not None:
        best: tuple[int, Mapping[str, Any]] | None = None
        for folder in settings.get("frontMatter.content.pageFolders") or []:
            if not isinstance(folder, Mapping) or not isinstance(folder.get("path"), str):
                continue
            path = _fm_folder_path(root, folder["path"])
            if _is_under(target, path) and (best is None or len(path.parts) > best[0]):
                best = (len(path.parts), folder)
        if best is not None:
            for name in best[1].get("contentTypes") or []:
                if str(name) in by_name:
                    return by_name[str(name)]
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
    "block": "object",
}
_FM_NOT_FIELDS = frozenset({"divider", "heading"})


def _fm_field(raw: Mapping[str, Any], global_date_format: str | None) -> FieldSpec:
    fm_type = str(raw.get("type") or "string")
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
    title = raw.get("title")
    return FieldSpec(
        name=str(raw["name"]),
        type=kind,
        required=bool(raw.get("required", False)),
        choices=choices,
        default=raw.get("default"),
        date_format=date_format,
        label=str(title) if title is not None else None,
        is_cover=kind == "image" and bool(raw.get("isPreviewImage", False)),
        hidden=bool(raw.get("hidden", False)),
    )


def load_frontmatter_cms(root: Path, content_path: Path | None = None) -> Schema | None:
    """The Front Matter CMS content type for ``content_path`` (or the site's default one).

    None when the site has no Front Matter CMS config or it declares no content type.
    Raises ``SchemaError`` when a config file is not valid JSON.
    """
    settings = _fm_settings(root)
    if settings is None:
        return None
    ctype = _fm_pick_type(root, settings, content_path)
    if ctype is None:
        return None
    global_format = settings.get("frontMatter.taxonomy.dateFormat")
    fields: dict[str, FieldSpec] = {}
    for raw in ctype.get("fields") or []:
        if not isinstance(raw, Mapping) or not raw.get("name") or raw.get("type") in _FM_NOT_FIELDS:
            continue
        spec = _fm_field(raw, str(global_format) if global_format else None)
        fields[spec.name] = spec
    return Schema(fields=fields, source="frontmatter.json")


# ------------------------------------------------------------------- Decap CMS

DECAP_CONFIGS = tuple(f"{folder}admin/config.{ext}" for folder in ("", "static/", "public/") for ext in ("yml", "yaml"))


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SchemaError(path.name, f"the file is not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise SchemaError(path.name, f"the file could not be read ({exc.strerror or exc})") from exc
    try:
        return YAML(typ="safe", pure=True).load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = f"invalid YAML: {exc.problem or exc.context or 'syntax error'}"
        if mark is None:
            raise SchemaError(path.name, reason) from exc
        raise SchemaError(path.name, reason, mark.line + 1, mark.column + 1) from exc
    except YAMLError as exc:
        raise SchemaError(path.name, f"invalid YAML: {exc}") from exc


def _decap_pick(root: Path, collections: list[Mapping[str, Any]], content_path: Path | None) -> Any:
    """The ``fields`` list of the collection (or file entry) that holds ``content_path``."""
    target = _content_abs(root, content_path)
    folders = [c for c in collections if isinstance(c.get("folder"), str)]
    if target is not None:
        for coll in collections:
            for entry in coll.get("files") or []:
                if isinstance(entry, Mapping) and isinstance(entry.get("file"), str):
                    path = root / entry["file"]
                    if path.resolve() == target.resolve():
                        return entry.get("fields")
        best: tuple[int, Mapping[str, Any]] | None = None
        for coll in folders:
            path = root / coll["folder"].strip("/")
            if _is_under(target, path) and (best is None or len(path.parts) > best[0]):
                best = (len(path.parts), coll)
        if best is not None:
            return best[1].get("fields")
    if not folders:
        return None
    for coll in folders:
        if str(coll.get("name", "")).lower() in ("blog", "posts", "post", "articles"):
            return coll.get("fields")
    return folders[0].get("fields")


def _decap_field(raw: Mapping[str, Any]) -> FieldSpec | None:
    name = str(raw["name"])
    widget = str(raw.get("widget") or "string")
    if name == "body" and widget in ("markdown", "text", "string"):
        return None  # the Markdown body, not a front-matter field
    kind = "string"
    date_format: str | None = None
    choices: list[str] | None = None
    hidden = False
    if widget in ("text", "markdown", "code"):
        kind = "text"
    elif widget in ("datetime", "date"):
        kind = widget
        for key in ("format", "date_format"):
            value = raw.get(key)
            if isinstance(value, str) and value:
                date_format = value
                break
        storage = raw.get("format")
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
            kind = "object"
        else:
            kind = "tags" if name in ("tags", "categories") else "list"
    elif widget in ("image", "file"):
        kind = "image"
    elif widget == "object":
        kind = "object"
    elif widget == "hidden":
        hidden = True
    label = raw.get("label")
    return FieldSpec(
        name=name,
        type=kind,
        required=raw.get("required", True) is not False,
        choices=choices,
        default=raw.get("default"),
        date_format=date_format,
        label=str(label) if label is not None else None,
        hidden=hidden,
    )


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
    raw_fields = _decap_pick(root, collections, content_path)
    if not isinstance(raw_fields, list):
        return None
    fields: dict[str, FieldSpec] = {}
    for raw in raw_fields:
        if not isinstance(raw, Mapping) or not raw.get("name"):
            continue
        spec = _decap_field(raw)
        if spec is not None:
            fields[spec.name] = spec
    return Schema(fields=fields, source="decap")


# --------------------------------------------------------- .post-editor.toml

_TYPE_ALIASES = {
    "str": "string",
    "textarea": "text",
    "markdown": "text",
    "bool": "boolean",
    "int": "number",
    "integer": "number",
    "float": "number",
    "select": "choice",
    "enum": "choice",
    "array": "list",
    "categories": "tags",
    "file": "image",
    "dict": "object",
    "map": "object",
}


def load_post_editor_schema(table: dict[str, dict[str, Any]]) -> Schema:
    """A schema from the ``[schema.<field>]`` tables of ``.post-editor.toml``.

    Keys of each table: ``type``, ``required``, ``choices``, ``default``, ``format``,
    ``cover`` (and ``label``, ``hidden``). Raises ``SchemaError`` on a bad entry.
    """
    fields: dict[str, FieldSpec] = {}
    for name, spec in table.items():
        if not isinstance(spec, Mapping):
            raise SchemaError(
                ".post-editor.toml", f'[schema.{name}] must be a table like `type = "string"`, not {spec!r}'
            )
        raw_type = str(spec.get("type", "string")).strip()
        kind = _TYPE_ALIASES.get(raw_type.lower(), raw_type.lower())
        if kind not in FIELD_TYPES:
            raise SchemaError(
                ".post-editor.toml",
                f"[schema.{name}] type {raw_type!r} is not one of {', '.join(FIELD_TYPES)}",
            )
        choices = spec.get("choices")
        if choices is not None and not isinstance(choices, list):
            raise SchemaError(".post-editor.toml", f"[schema.{name}] choices must be a list of values")
        fmt = spec.get("format", spec.get("date_format"))
        label = spec.get("label")
        fields[str(name)] = FieldSpec(
            name=str(name),
            type=kind,
            required=bool(spec.get("required", False)),
            choices=_as_str_list(choices),
            default=spec.get("default"),
            date_format=str(fmt) if fmt else None,
            label=str(label) if label is not None else None,
            is_cover=bool(spec.get("cover", False)),
            hidden=bool(spec.get("hidden", False)),
        )
    return Schema(fields=fields, source="post-editor.toml")


# ------------------------------------------------------------------- inference

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


def _infer_field(name: str, values: list[Any], present: int, n_posts: int) -> tuple[FieldSpec, list[str] | None]:
    """One field from the non-empty values found under ``name``; also the vocabulary of a list field."""
    spec = FieldSpec(name=name)
    if n_posts >= 2 and present == n_posts and len(values) == n_posts:
        spec.required = True
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
    names: list[str] = []
    widest = max(posts, key=len)
    for key in widest:
        if str(key) not in names:
            names.append(str(key))
    for meta in posts:
        for key in meta:
            if str(key) not in names:
                names.append(str(key))
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
        spec, words = _infer_field(name, values, present, len(posts))
        fields[name] = spec
        if words is not None:
            vocabulary[name] = words
    return Schema(fields=fields, source="inferred" if fields else "none", vocabulary=vocabulary)


# ------------------------------------------------------------------- choosing


def schema_for(
    root: Path,
    metadatas: list[Mapping[str, Any]],
    content_path: Path | None = None,
    config_schema: dict[str, dict[str, Any]] | None = None,
) -> Schema:
    """The site's schema: ``.post-editor.toml``, else Front Matter CMS, else Decap, else inferred.

    A declared schema still gets its ``vocabulary`` from the posts.
    """
    inferred = infer_schema(metadatas)
    declared: Schema | None = None
    if config_schema:
        declared = load_post_editor_schema(config_schema)
    if declared is None:
        declared = load_frontmatter_cms(root, content_path)
    if declared is None:
        declared = load_decap(root, content_path)
    if declared is None:
        return inferred
    declared.vocabulary = dict(inferred.vocabulary)
    return declared
