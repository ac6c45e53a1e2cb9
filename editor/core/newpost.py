"""New posts in the site's own conventions: slug, file name, pre-filled fields."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from editor.core import fileio, fileio_write
from editor.core.errors import PostError
from editor.core.formats import BY_NAME
from editor.core.formats_yaml_write import HouseStyle, house_style, restyle_new
from editor.core.post import Post

if TYPE_CHECKING:
    from editor.core.library import Library
    from editor.core.schema import FieldSpec, Schema
    from editor.core.site import Site

_JEKYLL_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}-")


def slugify(title: str) -> str:
    """``"Café & Crème: Notes"`` -> ``"cafe-creme-notes"``."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:80].rstrip("-") or "untitled"


def new_post_path(site: Site, title: str, today: dt.date, library: Library | None = None) -> Path:
    """Where a new post goes, named the way the site names its posts."""
    slug = slugify(title)
    posts = site.posts()
    folder = _usual_folder(site, posts)
    names = [p.name for p in posts]
    if site.generator == "jekyll" or (names and sum(bool(_JEKYLL_NAME.match(n)) for n in names) > len(names) / 2):
        candidate = folder / f"{today.isoformat()}-{slug}.md"
    elif posts and sum(p.name.startswith("index.") for p in posts) > len(posts) / 2:
        candidate = folder / slug / "index.md"  # page bundles
    else:
        candidate = folder / f"{slug}.md"
    n = 2
    base = candidate
    while candidate.exists():
        stem = base.parent.name if base.name == "index.md" else base.stem
        if base.name == "index.md":
            candidate = base.parent.with_name(f"{stem}-{n}") / "index.md"
        else:
            candidate = base.with_name(f"{stem}-{n}{base.suffix}")
        n += 1
    if not site.contains(candidate.parent if candidate.parent.exists() else folder):
        raise PostError(f"{candidate} is outside the site.")
    return candidate


def _usual_folder(site: Site, posts: list[Path]) -> Path:
    from collections import Counter

    parents = Counter((p.parent.parent if p.name.startswith("index.") else p.parent) for p in posts)
    if parents:
        return parents.most_common(1)[0][0]
    return site.content_folders[0] if site.content_folders else site.root


def new_post_metadata(title: str, schema: Schema | None, library: Library | None, now: dt.datetime) -> dict[str, Any]:
    """Fields for a new post: the schema's fields with defaults, today's date, the usual language."""
    meta: dict[str, Any] = {"title": title}
    if schema is None:
        meta["date"] = now.date()
        meta["draft"] = True
        return meta
    usual_lang = None
    if library is not None:
        from collections import Counter

        langs = Counter(p.metadata.get("lang") for p in library.posts if isinstance(p.metadata.get("lang"), str))
        usual_lang = langs.most_common(1)[0][0] if langs else None
    left_empty = _fields_left_empty(library)
    for name, spec in schema.fields.items():
        if name == "title" or spec.hidden and spec.default is None:
            continue
        value = initial_value(spec, now, usual_lang)
        if value is None:
            continue
        if spec.default is None and _is_blank(value) and name not in left_empty:
            continue  # the form offers it; an empty placeholder the site's posts never have is noise
        meta[name] = value
    if "draft" not in meta and not any(k in meta for k in ("published", "publish")):
        meta["draft"] = True
    return meta


def _is_blank(value: Any) -> bool:
    return isinstance(value, (str, list)) and len(value) == 0


def _fields_left_empty(library: Library | None) -> set[str]:
    """The fields some of the site's posts keep empty (``cover: ''``, ``tags: []``)."""
    if library is None:
        return set()
    return {str(k) for info in library.posts for k, v in info.metadata.items() if _is_blank(v)}


def initial_value(spec: FieldSpec, now: dt.datetime, usual_lang: str | None = None) -> Any:
    """What a field of this kind starts as in a post: its default, today, an empty list...
    None for kinds that start absent (nested objects)."""
    if spec.default is not None:
        return expand_default(spec, now)
    if spec.type == "date":
        return now.date()
    if spec.type == "datetime":
        return now.replace(microsecond=0) if "H" in (spec.date_format or "H") else now.date()
    if spec.type == "boolean":
        return spec.name in ("draft",)
    if spec.type in ("list", "tags"):
        return []
    if spec.name == "lang" and usual_lang:
        return usual_lang
    if spec.type == "choice" and spec.choices:
        return spec.choices[0]
    if spec.type == "number":
        return 0
    if spec.type == "object":
        return None
    return ""


NOW = "{{now}}"


def expand_default(spec: FieldSpec, now: dt.datetime) -> Any:
    """A declared default as the CMS writes it: ``{{now}}`` (Front Matter CMS, Decap) is
    the moment the post is made: a date or date-time for such fields, ISO text in a string."""
    default = spec.default
    if not isinstance(default, str) or NOW not in default:
        return default
    if default.strip() == NOW and spec.type == "date":
        return now.date()
    if default.strip() == NOW and spec.type == "datetime":
        return now.replace(microsecond=0)
    return default.replace(NOW, now.replace(microsecond=0).isoformat())


def create_post(
    site: Site, title: str, schema: Schema | None, library: Library | None, now: dt.datetime | None = None
) -> Path:
    """Write a new post file and return its path."""
    draft = new_post_draft(site, title, schema, library, now)
    draft.path.parent.mkdir(parents=True, exist_ok=True)
    fileio_write.atomic_write(draft.path, draft.text.encode("utf-8"))
    return draft.path


@dataclass(frozen=True)
class NewPost:
    """A new post not written yet: where it goes, its text, and how the site writes YAML."""

    path: Path
    text: str
    style: HouseStyle | None


def new_post_draft(
    site: Site, title: str, schema: Schema | None, library: Library | None, now: dt.datetime | None = None
) -> NewPost:
    """A new post named, filled and written the way the site's posts are: their folder and
    file naming, their schema's fields, their front-matter format and, in YAML, their
    quoting and list style (``title: "…"``, ``tags: [a, b]``)."""
    moment = now or dt.datetime.now().astimezone()
    path = new_post_path(site, title, moment.date(), library)
    meta = new_post_metadata(title, schema, library, moment)
    fmt = _usual_format(library)
    style = site_yaml_style(library) if fmt == "yaml" else None
    if style is not None:
        meta = {key: restyle_new(value, style, key) for key, value in meta.items()}
    handler = BY_NAME[fmt]
    fm = handler.export(meta)
    if fmt == "json":
        text = fm + "\n\n"
    else:
        fence = handler.START_DELIMITER
        text = f"{fence}\n{fm}{fence}\n\n"
    Post.from_text(text)  # what we write must read back
    return NewPost(path, text, style)


def site_yaml_style(library: Library | None, sample: int = 40) -> HouseStyle | None:
    """How most of the site's YAML posts quote their text and write their lists, from up
    to ``sample`` of them; None when none says."""
    if library is None:
        return None
    quotes: Counter[Any] = Counter()
    lists: Counter[bool] = Counter()
    by_key: dict[str, Counter[Any]] = {}
    for info in library.posts[:sample]:
        try:
            post = Post.load(library.site.root / info.path)
        except (OSError, PostError):
            continue
        if post.format != "yaml" or not isinstance(post.metadata, CommentedMap):
            continue
        style = house_style(post.metadata)
        for key, value in post.metadata.items():
            if isinstance(key, str) and isinstance(value, str) and "\n" not in value:
                by_key.setdefault(key, Counter())[_quoting(value)] += 1
        if style.has_text:
            quotes[style.quote] += 1
        if style.has_lists:
            lists[style.flow_lists] += 1
    if not quotes and not lists:
        return None
    return HouseStyle(
        quote=quotes.most_common(1)[0][0] if quotes else None,
        flow_lists=lists.most_common(1)[0][0] if lists else False,
        has_text=bool(quotes),
        has_lists=bool(lists),
        by_key=tuple((key, counts.most_common(1)[0][0]) for key, counts in by_key.items()),
    )


def _quoting(value: str) -> Any:
    """The quote class a value read from YAML was written with (None: plain)."""
    return type(value) if isinstance(value, DoubleQuotedScalarString | SingleQuotedScalarString) else None


def _usual_format(library: Library | None) -> str:
    if library is None or not library.posts:
        return "yaml"
    from collections import Counter

    counts: Counter[str] = Counter()
    for info in library.posts[:200]:
        try:
            head = fileio.read_head(library.site.root / info.path, 4)
        except (OSError, PostError):
            continue
        counts["toml" if head.startswith(b"+++") else "json" if head.startswith(b"{") else "yaml"] += 1
    return counts.most_common(1)[0][0] if counts else "yaml"


def renamed_path(path: Path, title: str) -> Path | None:
    """Where ``path`` goes when its post is renamed after ``title``, keeping the
    site's naming (a Jekyll date prefix, a page-bundle folder). None if unchanged."""
    slug = slugify(title)
    if path.stem == "index" or path.stem.startswith("index."):
        folder = path.parent
        return None if folder.name == slug else folder.with_name(slug) / path.name
    prefix = _JEKYLL_NAME.match(path.name)
    name = (prefix.group(0) if prefix else "") + slug + path.suffix
    return None if name == path.name else path.with_name(name)
