"""The quick reader a site check uses (``Post.peek``) against the full one, on every real
post: the same values, the same checks, or the same refusal; and it is the reader
most of them actually get."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from editor.core.checks import check_post
from editor.core.errors import PostError
from editor.core.post import Post
from editor.core.site import Site
from tests.shared_data import SHARED, SKIP_NO_SHARED, corpus_posts


def plain(value: Any) -> Any:
    return json.loads(json.dumps(value, default=repr, sort_keys=False))


def typed(value: Any) -> Any:
    """Values with their kind: True is not 1, a date is not its text."""
    if isinstance(value, dict):
        return {str(k): typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    kind = "datetime" if isinstance(value, dt.datetime) else type(value).__mro__[-2].__name__
    return [kind, plain(value) if not isinstance(value, dt.date) else value.isoformat()]


def both_readers(path: Path) -> tuple[Post, Post] | None:
    """``(quick, full)`` readings of ``path``; None when both refuse it (as they must)."""
    try:
        full = Post.load(path)
    except PostError:
        with pytest.raises(PostError):
            Post.peek(path)
        return None
    return Post.peek(path), full


@pytest.mark.skipif(SHARED is None, reason=SKIP_NO_SHARED)
def test_every_real_post_reads_the_same_quickly() -> None:
    quick_count = yaml_count = 0
    for path in corpus_posts():
        read = both_readers(path)
        if read is None:
            continue
        quick, full = read
        assert typed(dict(quick.metadata)) == typed(dict(full.metadata)), path
        assert quick.to_bytes() == full.to_bytes(), path
        assert (quick.duplicate_keys, quick.invalid_dates) == (full.duplicate_keys, full.invalid_dates), path
        site = Site.for_file(path)
        assert check_post(quick, site) == check_post(full, site), path
        if full.format == "yaml":
            yaml_count += 1
            quick_count += quick.read_quickly
    assert yaml_count > 100
    assert quick_count > 0.8 * yaml_count, f"only {quick_count} of {yaml_count} YAML posts read quickly"


def test_what_the_quick_reader_leaves_to_the_full_one(tmp_path: Path) -> None:
    cases = {
        "twice": "title: A\ntitle: B\n",
        "impossible date": "date: 2021-02-30\n",
        "tag": "title: !note x\n",
        "anchor": "a: &x 1\nb: *x\n",
        "merge": "base: &b {x: 1}\nc:\n  <<: *b\n",
        "tab": "title: x\t\n",
        "complex key": "? [a]\n: b\n",
        "a list": "- a\n",
        "broken": "title: [oops\n",
    }
    for name, fm in cases.items():
        path = tmp_path / f"{name}.md"
        path.write_text(f"---\n{fm}---\nBody.\n")
        read = both_readers(path)
        if read is None:
            continue
        quick, full = read
        assert not quick.read_quickly, name
        assert quick.to_bytes() == full.to_bytes() and repr(quick.metadata) == repr(full.metadata), name


def test_a_quickly_read_post_is_not_written_after_an_edit(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text("---\ntitle: 'Quoted'\ntags: [a, b]\n---\nBody.\n")
    post = Post.peek(path)
    assert post.read_quickly and post.to_bytes() == path.read_bytes()
    post.metadata["title"] = "Changed"
    with pytest.raises(PostError, match="not edited"):
        post.to_bytes()
    assert path.read_text() == "---\ntitle: 'Quoted'\ntags: [a, b]\n---\nBody.\n"
