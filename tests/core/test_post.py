"""The post model: byte-exact round trips and in-place edits, one case at a time."""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
from pathlib import Path

import pytest

from editor.core.errors import FrontMatterError, NotTextError, PostError
from editor.core.post import Post


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """Lines removed from ``before`` and lines added in ``after``."""
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(True), after.splitlines(True)):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


SEEDLIKE = (
    "---\n"
    'title: "A Title: With Colon"\n'
    "lang: en\n"
    "date: 2024-12-20\n"
    "# the excerpt shows on cards\n"
    'excerpt: "Short."\n'
    "draft: false  # flip when ready\n"
    'tags: ["one", "two"]\n'
    "---\n"
    "\n"
    "Body with a break:\n"
    "\n"
    "---\n"
    "\n"
    "title: not front matter\n"
)


def load(text: str) -> Post:
    return Post.loads(text.encode("utf-8"))


def test_seed_post_round_trips_and_reads_its_fields(seed_post: Path) -> None:
    data = seed_post.read_bytes()
    post = Post.load(seed_post)
    assert post.to_bytes() == data
    assert post.format == "yaml"
    assert list(post.metadata) == [
        "title",
        "lang",
        "date",
        "excerpt",
        "canonical_url",
        "is_external",
        "cover",
        "tags",
    ]
    assert post.metadata["date"] == dt.date(2024, 12, 20)
    assert post.metadata["is_external"] is True


def test_seed_post_title_edit_changes_one_line(seed_post: Path) -> None:
    post = Post.load(seed_post)
    before = post.to_text()
    post.metadata["title"] = "A shorter title"
    removed, added = changed_lines(before, post.to_text())
    assert removed == [f'title: "{Post.load(seed_post).metadata["title"]}"\n']
    assert added == ['title: "A shorter title"\n']


def test_edit_keeps_quote_style_and_comments() -> None:
    post = load(SEEDLIKE)
    post.metadata["title"] = "New"
    post.metadata["lang"] = "fr"
    post.metadata["draft"] = True
    removed, added = changed_lines(SEEDLIKE, post.to_text())
    assert removed == ['title: "A Title: With Colon"\n', "lang: en\n", "draft: false  # flip when ready\n"]
    assert added == ['title: "New"\n', "lang: fr\n", "draft: true  # flip when ready\n"]
    assert "# the excerpt shows on cards\n" in post.to_text()


def test_list_append_keeps_flow_style_and_quotes() -> None:
    post = load(SEEDLIKE)
    post.metadata["tags"].append("three")
    removed, added = changed_lines(SEEDLIKE, post.to_text())
    assert removed == ['tags: ["one", "two"]\n']
    assert added == ['tags: ["one", "two", "three"]\n']


def test_replacing_a_list_keeps_its_flow_style() -> None:
    post = load(SEEDLIKE)
    post.metadata["tags"] = ["x", "y"]
    _, added = changed_lines(SEEDLIKE, post.to_text())
    assert added == ['tags: ["x", "y"]\n']


def test_block_list_edit_keeps_block_style_and_indent() -> None:
    text = "---\ntitle: T\ntags:\n  - a\n  - b\nlang: en\n---\nBody\n"
    post = load(text)
    post.metadata["tags"].append("c")
    assert post.to_text() == "---\ntitle: T\ntags:\n  - a\n  - b\n  - c\nlang: en\n---\nBody\n"


def test_added_key_goes_at_the_end_in_the_files_style() -> None:
    post = load(SEEDLIKE)
    post.metadata["cover"] = "/images/blog/x.webp"
    post.metadata["categories"] = ["a", "b"]
    removed, added = changed_lines(SEEDLIKE, post.to_text())
    assert removed == []
    assert added == ['cover: "/images/blog/x.webp"\n', 'categories: ["a", "b"]\n']
    fm = post.to_text().split("---\n")[1]
    assert fm.endswith('categories: ["a", "b"]\n')


def test_deleted_key_removes_only_its_lines() -> None:
    post = load(SEEDLIKE)
    del post.metadata["excerpt"]
    removed, added = changed_lines(SEEDLIKE, post.to_text())
    assert removed == ['excerpt: "Short."\n']
    assert added == []
    assert "# the excerpt shows on cards\n" in post.to_text()


def test_multiline_value_replaced_whole() -> None:
    text = "---\ntitle: T\nsummary: |\n  line one\n  line two\n\n# after\nlang: en\n---\n"
    post = load(text)
    post.metadata["summary"] = "just one\nand two\n"
    assert post.to_text() == "---\ntitle: T\nsummary: |\n  just one\n  and two\n\n# after\nlang: en\n---\n"


def test_date_change_is_written_as_a_date() -> None:
    post = load(SEEDLIKE)
    post.metadata["date"] = dt.date(2025, 1, 2)
    _, added = changed_lines(SEEDLIKE, post.to_text())
    assert added == ["date: 2025-01-02\n"]


def test_body_edit_never_touches_front_matter() -> None:
    post = load(SEEDLIKE)
    post.content = post.content + "More.\n"
    head = SEEDLIKE[: SEEDLIKE.index("\nBody")]
    assert post.to_text().startswith(head)
    assert post.to_text().endswith("title: not front matter\nMore.\n")


def test_thematic_break_in_body_is_not_a_fence() -> None:
    post = load(SEEDLIKE)
    assert "title" in post.metadata and post.metadata["title"] == "A Title: With Colon"
    assert post.content.endswith("---\n\ntitle: not front matter\n")


def test_file_starting_with_a_thematic_break_has_no_front_matter() -> None:
    text = "---\nJust a rule, then a signature.\n"
    post = load(text)
    assert post.format is None
    assert post.content == text
    assert post.to_text() == text


def test_missing_closing_fence_is_an_error_with_a_line() -> None:
    with pytest.raises(FrontMatterError, match="never closed") as info:
        load("---\ntitle: Forgot the fence\ndate: 2024-01-01\n\nBody text.\n")
    assert info.value.line == 1


def test_empty_front_matter() -> None:
    text = "---\n---\nBody\n"
    post = load(text)
    assert post.format == "yaml" and dict(post.metadata) == {}
    assert post.to_text() == text
    post.metadata["title"] = "Now titled"
    assert post.to_text() == "---\ntitle: Now titled\n---\nBody\n"


def test_no_front_matter_adding_a_key_creates_it() -> None:
    post = load("Just text.\n")
    assert post.format is None and post.to_text() == "Just text.\n"
    post.metadata["title"] = "Hello"
    assert post.to_text() == "---\ntitle: Hello\n---\nJust text.\n"


def test_no_final_newline_is_kept() -> None:
    text = "---\ntitle: T\n---\nNo newline at the end"
    post = load(text)
    post.metadata["title"] = "U"
    assert post.to_text() == "---\ntitle: U\n---\nNo newline at the end"


def test_front_matter_only_without_final_newline() -> None:
    text = "---\ntitle: T\n---"
    post = load(text)
    assert post.to_text() == text
    post.metadata["lang"] = "en"
    assert post.to_text() == "---\ntitle: T\nlang: en\n---"


def test_crlf_file_edit_keeps_crlf() -> None:
    text = "---\r\ntitle: T\r\ntags:\r\n  - a\r\n---\r\nLine one\r\nLine two\r\n"
    post = Post.loads(text.encode())
    assert post.content == "Line one\nLine two\n"
    post.metadata["title"] = "U"
    post.metadata["tags"].append("b")
    post.content += "Line three\n"
    assert post.to_bytes() == (
        b"---\r\ntitle: U\r\ntags:\r\n  - a\r\n  - b\r\n---\r\nLine one\r\nLine two\r\nLine three\r\n"
    )


def test_bom_and_utf16_are_written_back() -> None:
    text = "---\ntitle: Été\n---\nCorps\n"
    for data in (codecs.BOM_UTF8 + text.encode(), codecs.BOM_UTF16_LE + text.encode("utf-16-le")):
        post = Post.loads(data)
        assert post.to_bytes() == data
        post.metadata["title"] = "Hiver"
        assert post.to_bytes().startswith(data[:2])
        assert Post.loads(post.to_bytes()).metadata["title"] == "Hiver"


def test_yaml_closed_by_dots() -> None:
    text = "---\ntitle: T\n...\nBody\n"
    post = load(text)
    post.metadata["title"] = "U"
    assert post.to_text() == "---\ntitle: U\n...\nBody\n"


def test_malformed_yaml_reports_file_line() -> None:
    with pytest.raises(FrontMatterError) as info:
        load("---\ntitle: ok\ntags: [a, b\n---\nBody\n")
    assert info.value.line is not None and info.value.line >= 3
    assert "Front matter line" in str(info.value)


def test_yaml_that_is_not_a_mapping_is_an_error() -> None:
    with pytest.raises(FrontMatterError, match="not a set of 'key: value' fields"):
        load("---\n- a\n- b\n---\n")


def test_binary_post_is_refused() -> None:
    with pytest.raises(NotTextError):
        Post.loads(b"\x00\x01\x02binary\x00" * 20)


# ------------------------------------------------------------------------- TOML

TOML = (
    "+++\n"
    "title = 'Literal title'\n"
    "date = 2024-01-02T03:04:05Z\n"
    'tags = ["a", "b"]  # keep me\n'
    "\n"
    "[extra]\n"
    'author = "Someone"\n'
    "+++\n"
    "Body\n"
)


def test_toml_round_trip_and_edits() -> None:
    post = load(TOML)
    assert post.format == "toml"
    assert post.to_text() == TOML
    post.metadata["title"] = "New title"
    removed, added = changed_lines(TOML, post.to_text())
    assert removed == ["title = 'Literal title'\n"]
    assert added == ["title = 'New title'\n"]


def test_toml_nested_edit_and_add() -> None:
    post = load(TOML)
    post.metadata["extra"]["author"] = "Someone Else"
    post.metadata["draft"] = True
    text = post.to_text()
    assert 'author = "Someone Else"\n' in text
    assert Post.loads(text.encode()).metadata["draft"] is True
    assert "# keep me" in text


def test_malformed_toml_reports_a_line() -> None:
    with pytest.raises(FrontMatterError) as info:
        load("+++\ntitle = 'ok'\ndate = \n+++\n")
    assert info.value.line is not None


# ------------------------------------------------------------------------- JSON

JSON = '{\n\t"title": "T",\n\t"tags": ["a", "b"],\n\t"draft": false\n}\n\nBody\n'


def test_json_round_trip_and_edit() -> None:
    post = load(JSON)
    assert post.format == "json" and post.to_text() == JSON
    post.metadata["title"] = "Ü"
    assert post.to_text() == JSON.replace('"T"', '"Ü"')


def test_json_add_and_delete() -> None:
    post = load(JSON)
    del post.metadata["tags"]
    post.metadata["lang"] = "en"
    assert post.to_text() == '{\n\t"title": "T",\n\t"draft": false,\n\t"lang": "en"\n}\n\nBody\n'
    post2 = load(JSON)
    del post2.metadata["title"]
    assert post2.to_text() == '{\n\t"tags": ["a", "b"],\n\t"draft": false\n}\n\nBody\n'


def test_malformed_json_reports_line_and_column() -> None:
    with pytest.raises(FrontMatterError) as info:
        load('{\n  "title": "x",\n  "date": {{ .Date }}\n}\n')
    assert info.value.line == 3


def test_body_starting_with_template_is_not_json() -> None:
    text = '{{< figure src="x.png" >}}\n'
    assert load(text).format is None


# ------------------------------------------------------------------- source text


def test_front_matter_text_setter_replaces_and_validates() -> None:
    post = load(SEEDLIKE)
    assert post.front_matter_text.startswith('title: "A Title: With Colon"\n')
    post.front_matter_text = "title: Other\n"
    assert post.to_text().startswith("---\ntitle: Other\n---\n\nBody")
    with pytest.raises(FrontMatterError) as info:
        post.front_matter_text = "title: ok\nbad: [\n"
    assert info.value.line is not None and info.value.line >= 3
    assert post.metadata["title"] == "Other"


def test_save_writes_atomically_and_becomes_the_baseline(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text(SEEDLIKE)
    post = Post.load(path)
    post.metadata["title"] = "Saved"
    post.save()
    assert path.read_text() == SEEDLIKE.replace('"A Title: With Colon"', '"Saved"')
    post.metadata["lang"] = "de"
    post.save()
    assert "lang: de\n" in path.read_text() and '"Saved"' in path.read_text()


def test_save_without_path_is_an_error() -> None:
    with pytest.raises(PostError, match="choose where to save"):
        load("x").save()
