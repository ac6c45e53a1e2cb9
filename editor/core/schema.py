"""Which front-matter fields a site's posts have, and what kind of value each holds.

A schema comes from the first of these that the site has:

1. ``[schema.<field>]`` tables in ``.post-editor.toml`` (parsed by the caller),
2. a Front Matter CMS config (``frontmatter.json`` and ``.frontmatter/config/``),
3. a Decap CMS config (``admin/config.yml``, ``static/admin/config.yml``, ``public/admin/config.yml``),
4. a guess made from the front matter of the site's posts.

Everything here is plain Python: no Qt.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from editor.core.schema_base import (
    COVER_NAMES,
    FIELD_TYPES,
    FieldSpec,
    Schema,
    SchemaError,
    _as_str_list,
)
from editor.core.schema_decap import DECAP_CONFIGS, load_decap
from editor.core.schema_fmcms import load_frontmatter_cms
from editor.core.schema_infer import infer_schema

__all__ = [
    "COVER_NAMES",
    "DECAP_CONFIGS",
    "FIELD_TYPES",
    "FieldSpec",
    "Schema",
    "SchemaError",
    "SiteSchemas",
    "infer_schema",
    "load_decap",
    "load_frontmatter_cms",
    "load_post_editor_schema",
    "schema_for",
]

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
            strict_choices=choices is not None,
            default=spec.get("default"),
            date_format=str(fmt) if fmt else None,
            label=str(label) if label is not None else None,
            is_cover=bool(spec.get("cover", False)),
            hidden=bool(spec.get("hidden", False)),
        )
    return Schema(fields=fields, source="post-editor.toml")


# ------------------------------------------------------------------- choosing


def schema_for(
    root: Path,
    metadatas: list[Mapping[str, Any]],
    content_path: Path | None = None,
    config_schema: dict[str, dict[str, Any]] | None = None,
    type_name: str | None = None,
    inferred: Schema | None = None,
) -> Schema:
    """The schema of the post at ``content_path`` (without one: of the site's blog posts):
    ``.post-editor.toml``, else the Front Matter CMS content type or the Decap collection
    the CMS would choose for it (``type_name`` is the post's ``type:`` field), else
    inferred from the posts. A declared schema still gets its ``vocabulary`` from the posts.
    """
    inferred = inferred if inferred is not None else infer_schema(metadatas)
    declared: Schema | None = None
    if config_schema:
        declared = load_post_editor_schema(config_schema)
    if declared is None:
        declared = load_frontmatter_cms(root, content_path, type_name)
    if declared is None:
        declared = load_decap(root, content_path)
    if declared is None:
        return inferred
    declared.vocabulary = dict(inferred.vocabulary)
    return declared


class SiteSchemas:
    """The schemas of one site's posts, chosen per post as its CMS would choose them
    (collection, page folder, ``type:`` field), each read once."""

    def __init__(
        self,
        root: Path,
        metadatas: list[Mapping[str, Any]],
        config_schema: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        self.root = root
        self.config_schema = config_schema
        self.metadatas = metadatas
        self.inferred = infer_schema(metadatas)
        self.site_wide = schema_for(root, metadatas, None, config_schema, inferred=self.inferred)
        self._chosen: dict[tuple[str, str | None], Schema] = {}

    def for_post(self, path: Path | None, metadata: Mapping[str, Any] | None = None) -> Schema:
        """The schema for the post at ``path`` (an unsaved post: the site's blog posts')."""
        if path is None or self.config_schema:
            return self.site_wide
        path = Path(path).absolute()  # a path typed on the command line is relative to where it was typed
        kind = metadata.get("type") if metadata is not None else None
        type_name = kind if isinstance(kind, str) else None
        key = (str(Path(path).absolute()), type_name)
        if key not in self._chosen:
            self._chosen[key] = schema_for(self.root, self.metadatas, Path(path), None, type_name, self.inferred)
        return self._chosen[key]
