"""Every real post in ../shared/corpus round-trips byte-exact and edits in place."""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from editor.core.errors import FrontMatterError
from editor.core.post import Post
from tests.shared_data import corpus_posts, param_files, shared_files

# Files in the corpus that are invalid on purpose (templates that only become
# valid once rendered, a deliberately broken fixture).
INVALID = {
    "olOwOlo__hugo-theme-even/archetypes/default.md",
    "rbsoen__rbsoen.github.io/archetypes/default.md",
    "jekyll__jekyll/test/source/_broken/bad_post.md",
}

NEW = "Edited value ✓"


def _key(path: Path) -> str:
    parts = path.parts
    return "/".join(parts[parts.index("corpus") + 1 :]) if "corpus" in parts else path.name


def plain(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def diff(before: str, after: str) -> tuple[list[tuple[int, str]], list[str]]:
    removed: list[tuple[int, str]] = []
    added: list[str] = []
    matcher = difflib.SequenceMatcher(a=before.splitlines(True), b=after.splitlines(True), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            removed += list(enumerate(matcher.a[i1:i2], start=i1))
        if tag in ("replace", "insert"):
            added += matcher.b[j1:j2]
    return removed, added


def starts_key(line: str, key: str, fmt: str) -> bool:
    if fmt == "yaml":
        return bool(re.match(rf"""['"]?{re.escape(key)}['"]?\s*:""", line))
    if fmt == "toml":
        return bool(re.match(rf"""['"]?{re.escape(key)}['"]?\s*=""", line))
    return f'"{key}"' in line


def load_or_skip(path: Path) -> Post:
    if _key(path) in INVALID:
        with pytest.raises(FrontMatterError) as info:
            Post.load(path)
        assert info.value.line is not None, "errors in real files must name a line"
        pytest.skip("invalid on purpose; the error names a line")
    return Post.load(path)


@pytest.mark.parametrize("path", param_files(shared_files()))
def test_round_trip_is_byte_exact(path: Path) -> None:
    post = load_or_skip(path)
    assert post.to_bytes() == path.read_bytes()


@pytest.mark.parametrize("path", param_files(corpus_posts()))
def test_each_scalar_key_edit_changes_only_that_key(path: Path) -> None:
    post = load_or_skip(path)
    if post.format is None or not post.metadata:
        pytest.skip("no front matter fields to edit")
    before_text = post.to_text()
    original = plain(dict(post.metadata))
    edited_any = False
    for key, value in original.items():
        if isinstance(value, dict | list):
            continue
        edited_any = True
        post = Post.load(path)
        post.metadata[key] = NEW
        after = post.to_text()
        removed, added = diff(before_text, after)
        assert removed, f"{key}: nothing removed"
        lines = [n for n, _ in removed]
        assert lines == list(range(lines[0], lines[0] + len(lines))), f"{key}: not contiguous"
        assert starts_key(removed[0][1].lstrip(), key, post.format or ""), (key, removed)
        assert len(added) == 1 and NEW in added[0], (key, added)
        reread = Post.loads(post.to_bytes())
        assert reread.content == Post.load(path).content
        expected = dict(original, **{key: NEW})
        assert plain(dict(reread.metadata)) == expected
    if not edited_any:
        pytest.skip("only nested fields")


@pytest.mark.parametrize("path", param_files(corpus_posts()))
def test_add_and_delete_key(path: Path) -> None:
    post = load_or_skip(path)
    if post.format is None:
        pytest.skip("no front matter")
    before_text = post.to_text()
    body = post.content
    post.metadata["post_editor_note"] = NEW
    removed, added = diff(before_text, post.to_text())
    assert removed == [] or post.format == "json", removed  # JSON adds a comma to the last member
    assert any(NEW in line for line in added)
    reread = Post.loads(post.to_bytes())
    keys = [k for k in reread.metadata if not isinstance(reread.metadata[k], dict)]
    # TOML keys after a [table] header belong to the table: a new top-level key
    # goes last among the top-level values, before the tables.
    assert keys[-1] == "post_editor_note"
    assert reread.content == body

    if not Post.load(path).metadata:
        return
    post = Post.load(path)
    first = next(iter(post.metadata))
    del post.metadata[first]
    removed, added = diff(before_text, post.to_text())
    assert added == [] or post.format == "json"
    assert removed and any(starts_key(line.lstrip(), first, post.format or "") for _, line in removed[:2])
    reread = Post.loads(post.to_bytes())
    assert first not in reread.metadata
    assert reread.content == body
