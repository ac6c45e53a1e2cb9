"""Checking a whole site: the same problems whether the posts are checked here or
spread over worker processes, in the posts' order, broken files included."""

from __future__ import annotations

import os
from pathlib import Path

from editor.core.checks import CheckSettings
from editor.core.library import Library
from editor.core.schema import schema_for
from editor.core.site import Site
from editor.core.site_check import PARALLEL_FROM, _workers, check_files


def make_site(root: Path, count: int) -> list[Path]:
    blog = root / "src/content/blog"
    blog.mkdir(parents=True)
    (root / "public").mkdir()
    (root / "astro.config.mjs").write_text("export default {}\n")
    paths = []
    for i in range(count):
        path = blog / f"post-{i:04}.md"
        if i % 97 == 5:
            text = "---\ntitle: [broken\n---\nBody.\n"
        elif i % 89 == 3:
            text = f"---\ntitle: Twice {i}\ntitle: Again {i}\ndraft: true\n---\n# Body\n"
        else:
            slug = "slug: same\n" if i % 150 == 0 else ""
            text = f'---\ntitle: "Post {i}"\ndate: 2024-01-{1 + i % 28:02}\n{slug}tags: [a]\n---\n\n## Part\n\nText.\n'
        path.write_text(text)
        paths.append(path)
    return paths


def test_parallel_check_matches_checking_one_by_one(tmp_path: Path) -> None:
    paths = make_site(tmp_path / "site", PARALLEL_FROM + 50)
    site = Site.detect(tmp_path / "site")
    library = Library(site, cache_dir=tmp_path / "cache")
    library.scan()
    schema = schema_for(site.root, library.metadatas())
    settings = CheckSettings()
    one_by_one = check_files(paths, site, schema, library, settings)
    spread = check_files(paths, site, schema, library, settings, parallel=True)
    assert [p for p, _ in spread] == paths
    assert spread == one_by_one
    codes = {code for _, problems in one_by_one for code in (p.code for p in problems)}
    assert {"front-matter", "duplicate-key", "draft", "duplicate-slug"} <= codes
    if len(os.sched_getaffinity(0)) > 1:
        assert _workers(len(paths)) > 1  # the spread run really used workers


def test_a_small_batch_stays_in_this_process() -> None:
    assert _workers(PARALLEL_FROM - 1) == 1
