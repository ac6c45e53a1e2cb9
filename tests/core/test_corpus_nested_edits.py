"""Editing one value inside a mapping or list of a real post changes that value's one
line, and nothing else of the file: the other lines keep their own spelling (``~``,
empty values, quotes, the distance of a comment from its value)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from editor.core.post import Post
from tests.core.test_corpus import diff, load_or_skip, plain
from tests.shared_data import corpus_posts, param_files

NEW = "Edited value ✓"


def first_leaf(value: Any) -> tuple[Any, Any] | None:
    """The (container, index) of the first one-line string directly inside ``value``."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for index, item in items:
        if isinstance(item, str) and item and "\n" not in item and item.strip() == item:
            return value, index
    return None


def same_but_value(line: str) -> str:
    """The line with the new value, quoted or not, as one mark."""
    return re.sub(f"""(['"]?){re.escape(NEW)}\\1""", "@", line)


@pytest.mark.parametrize("path", param_files(corpus_posts()))
def test_editing_one_nested_value_changes_its_line_only(path: Path) -> None:
    post = load_or_skip(path)
    if post.format != "yaml":
        pytest.skip("YAML front matter only")
    before = post.to_text()
    edited = 0
    for key, value in plain(dict(post.metadata)).items():
        if first_leaf(value) is None:
            continue
        post = Post.load(path)
        container, index = first_leaf(post.metadata[key])  # type: ignore[misc]
        old = container[index]
        container[index] = NEW
        after = post.to_text()
        removed, added = diff(before, after)
        lines = [n for n, _line in removed]  # a value written over several lines goes as a whole
        assert len(added) == 1 and NEW in added[0], (key, removed, added)
        assert lines == list(range(lines[0], lines[0] + len(lines))), (key, removed)
        if len(lines) == 1:  # the rest of the line is as it was
            assert same_but_value(removed[0][1].replace(old, NEW, 1)) == same_but_value(added[0]), (key, removed, added)
        expected = plain(dict(Post.load(path).metadata))
        reread = plain(dict(Post.loads(post.to_bytes()).metadata))
        target = expected[key]
        target[index if isinstance(target, list) else str(index)] = NEW
        assert reread == expected
        edited += 1
    if not edited:
        pytest.skip("no nested one-line text to edit")
