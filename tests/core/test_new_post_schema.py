"""A new post follows the site's schema without changing it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from editor.core.library import Library
from editor.core.newpost import create_post
from editor.core.post import Post
from editor.core.schema import Schema, schema_for
from editor.core.site import Site

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample-site"


def _schema(site: Site, tmp_path: Path) -> tuple[Schema, Library]:
    library = Library(site, tmp_path / "cache")
    library.scan()
    return schema_for(site.root, library.metadatas(), config_schema=site.config.schema or None), library


def test_a_new_post_neither_changes_the_schema_nor_writes_empty_placeholders(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE, tmp_path / "site")
    site = Site.detect(tmp_path / "site")
    before, library = _schema(site, tmp_path)
    required = {name for name, spec in before.fields.items() if spec.required}
    assert {"title", "date", "cover", "canonical_url", "tags"} <= required

    path = create_post(site, "A Fresh Idea", before, library, dt.datetime(2026, 12, 1, 9, 30))
    post = Post.load(path)
    assert post.metadata["title"] == "A Fresh Idea"
    assert post.metadata["draft"] is True
    blank = {k for k, v in post.metadata.items() if v in ("", [])}
    assert blank == set()  # the sample site's posts never leave a field empty
    assert "cover: ''" not in path.read_text(encoding="utf-8")

    after, _ = _schema(Site.detect(tmp_path / "site"), tmp_path)
    assert {name for name, spec in after.fields.items() if spec.required} == required
    assert after.field("lang") is not None and after.field("lang").choices == before.field("lang").choices


def test_drafts_do_not_unteach_what_published_posts_require() -> None:
    from editor.core.schema_infer import infer_schema

    published = [{"title": f"Post {i}", "cover": f"/c{i}.webp"} for i in range(3)]
    schema = infer_schema([*published, {"title": "Half written", "draft": True}])
    assert schema.fields["cover"].required
    assert schema.fields["title"].required
    assert not schema.fields["draft"].required
    only_drafts = infer_schema([{"title": "a", "draft": True}, {"title": "b", "draft": True, "cover": "x.png"}])
    assert only_drafts.fields["title"].required and not only_drafts.fields["cover"].required
