"""What a relation field (Decap ``relation``, FMC ``contentRelationship``) can name: the
site's posts of the collection or content type it names, as the values the CMS stores."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from editor.core.cover_step import slug_for
from editor.core.library import Library, PostInfo
from editor.core.schema import SiteSchemas
from editor.core.schema_base import Relation


def relation_options(relation: Relation, library: Library, schemas: SiteSchemas | None) -> list[tuple[str, str]]:
    """``(value, title)`` of each post the field may name, in the library's order, without
    repeats; only posts of the relation's collection when the site's schemas tell them."""
    root = library.site.root
    seen: set[str] = set()
    options: list[tuple[str, str]] = []
    for info in library.posts:
        if info.error is not None:
            continue
        if relation.collection and schemas is not None:
            chosen = schemas.for_post(root / info.path, info.metadata)
            if chosen.collection is not None and chosen.collection != relation.collection:
                continue
        value = stored_value(relation, info)
        if value and value not in seen:
            seen.add(value)
            options.append((value, info.title))
    return options


def stored_value(relation: Relation, info: PostInfo) -> str:
    """The value the CMS writes to name ``info``: its slug, its title, its path or a field."""
    if relation.value == "slug":
        slug = info.metadata.get("slug")
        return slug.strip() if isinstance(slug, str) and slug.strip() else slug_for(Path(info.path))
    if relation.value == "title":
        return info.title
    if relation.value == "path":
        return str(PurePosixPath(info.path))
    value = info.metadata.get(relation.value)
    return str(value) if isinstance(value, str | int | float) and not isinstance(value, bool) else ""
