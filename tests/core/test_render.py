"""Rendering: blocks, document-wide definitions, images, incremental layout."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from editor.core.render import BlockRenderer, IncrementalLayout, layout, render_html, split_blocks
from editor.core.site import AssetResolver


def test_blocks_keep_fences_lists_and_html_together() -> None:
    text = "# T\n\n```\na\n\nb\n```\n\n- one\n\n- two\n\n    more\n\n<div>\n\nx\n\n</div>\n\npara\n"
    blocks = [b.text for b in split_blocks(text)]
    assert blocks == ["# T", "```\na\n\nb\n```", "- one\n\n- two\n\n    more", "<div>\n\nx\n\n</div>", "para"]
    assert [b.line for b in split_blocks(text)] == [0, 2, 8, 14, 20]


def test_references_and_footnotes_work_across_blocks() -> None:
    html = render_html(
        "See [the docs][d] and a note[^b] and [^a].\n\nMore[^a].\n\n[d]: https://example.com\n\n[^a]: A.\n\n[^b]: B.\n"
    )
    assert '<a href="https://example.com">the docs</a>' in html
    assert html.count('class="footnote"') == 1
    assert '<a class="footnote-ref" href="#fn:b">1</a>' in html
    assert html.count('<a class="footnote-ref" href="#fn:a">2</a>') == 2


def test_images_resolve_inside_the_site_only(tmp_path: Path) -> None:
    (tmp_path / "public/img").mkdir(parents=True)
    posts = tmp_path / "content"
    posts.mkdir()
    Image.new("RGB", (4, 4)).save(tmp_path / "public/img/a.png")
    Image.new("RGB", (4, 4)).save(posts / "b.png")
    (tmp_path.parent / "secret.png").write_bytes(b"x")
    resolver = AssetResolver.for_post(posts / "post.md")
    html = render_html(
        "![a](/img/a.png) ![b](b.png) ![c](missing.png) ![d](https://x.org/d.png) "
        "![e](../../secret.png) ![f](file:///etc/passwd) ![g](data:image/png;base64,AAAA)",
        resolver,
    )
    assert (tmp_path / "public/img/a.png").resolve().as_uri() in html
    assert (posts / "b.png").resolve().as_uri() in html
    assert "Missing image" in html and "missing.png" in html
    assert "Remote image not loaded" in html
    assert html.count("Blocked image outside the site") == 2
    assert 'src="data:image/png;base64,AAAA"' in html
    assert 'secret.png"' not in html.replace('title="../../secret.png"', "")


def test_raw_html_images_are_resolved_too(tmp_path: Path) -> None:
    resolver = AssetResolver.for_post(tmp_path / "post.md")
    html = render_html('<figure><img src="https://cdn.example/x.jpg" onerror="alert(1)"></figure>\n', resolver)
    assert "cdn.example/x.jpg" in html and "<img" not in html


PIECES = [
    "para text",
    "# Head",
    "- item",
    "    indented",
    "```",
    "~~~",
    "<div>",
    "</div>",
    "",
    "[r]: https://x",
    "[^n]: note",
    "see [^n]",
    "> quote",
    "1. one",
    "text [r][]",
]


@settings(max_examples=300, deadline=None)
@given(
    base=st.lists(st.sampled_from(PIECES), max_size=30),
    edits=st.lists(
        st.tuples(st.integers(0, 40), st.integers(0, 3), st.lists(st.sampled_from(PIECES + ["x", "\n"]), max_size=3)),
        max_size=6,
    ),
)
def test_incremental_layout_matches_a_full_layout(base: list[str], edits: list[tuple[int, int, list[str]]]) -> None:
    text = "\n".join(base)
    inc = IncrementalLayout()
    inc.update(text)
    for pos, remove, insert in edits:
        lines = text.split("\n")
        pos = min(pos, len(lines))
        lines[pos : pos + remove] = insert
        text = "\n".join(lines)
        got, _ = inc.update(text)
        want = layout(text)
        assert (got.texts, got.lines) == (want.texts, want.lines)
        assert (got.references, got.footnotes, got.footnote_order) == (
            want.references,
            want.footnotes,
            want.footnote_order,
        )


def test_incremental_change_range_is_small_for_a_keystroke() -> None:
    text = "\n\n".join(f"Paragraph {i}." for i in range(1000))
    inc = IncrementalLayout()
    inc.update(text)
    edited = text.replace("Paragraph 500.", "Paragraph 500!")
    lay, change = inc.update(edited)
    assert change is not None and change.new_end - change.start <= 4
    assert lay.texts[500] == "Paragraph 500!"


def test_a_block_renders_with_the_footnotes_it_cites_only_and_one_note_edit_renders_one_note() -> None:
    from editor.core.render import BlockRenderer

    notes = 60
    text = "".join(f"Para {i} cites[^n{i}] and [link {i}][r{i}].\n\n" for i in range(notes))
    text += "".join(f"[^n{i}]: Note {i}.\n\n[r{i}]: https://example.com/{i}\n\n" for i in range(notes))
    renderer = BlockRenderer()
    whole = renderer.render_all(text)
    assert whole[5] == (
        '<p>Para 5 cites<sup id="fnref:n5"><a class="footnote-ref" href="#fn:n5">6</a></sup> and '
        '<a href="https://example.com/5">link 5</a>.</p>'
    )
    assert whole[-1].count("<li id=") == notes and 'title="Jump back to footnote 60 in the text"' in whole[-1]
    before = len(renderer._cache)
    edited = text.replace("[^n7]: Note 7.", "[^n7]: Note seven.")
    again = renderer.render_all(edited)
    assert len(renderer._cache) - before == 3  # the note's block, its list item, the paragraph citing it
    assert "Note seven." in again[-1] and again[:notes] == whole[:notes]


def test_code_blocks_share_a_formatter_only_when_their_options_match() -> None:
    body = '```python hl_lines="2"\na = 1\nb = 2\n```\n\n```python\nc = 3\nd = 4\n```\n\n```python\ne = 5\n```\n'
    first, second, third = render_html(body).split("</div>")[:3]
    assert first.count('class="hll"') == 1  # the line asked for, in that block only
    assert 'class="hll"' not in second and 'class="hll"' not in third
    assert all('<div class="codehilite"><pre>' in part for part in (first, second, third))


def test_github_alerts_and_obsidian_callouts_render_as_boxes() -> None:
    out = render_html("> [!WARNING]\n> Back up **first**.\n\n> [!tip] Shortcut\n> Use F7.\n\n> Just a quote.\n")
    assert '<div class="markdown-alert markdown-alert-warning">' in out
    assert '<p class="markdown-alert-title">Warning</p>\n<p>Back up <strong>first</strong>.</p>' in out
    assert '<div class="markdown-alert markdown-alert-tip">\n<p class="markdown-alert-title">Shortcut</p>' in out
    assert "<blockquote>\n<p>Just a quote.</p>" in out and "[!" not in out


def test_docusaurus_admonitions_render_as_boxes_and_nest() -> None:
    body = (
        ":::tip[Shortcut]\nUse **F7**.\n\nIt checks spelling.\n:::\n\n"
        "::::danger\nOuter.\n\n:::note Inside\nInner.\n:::\n\nStill outer.\n::::\n\nAfter.\n"
    )
    out = render_html(body)
    assert '<div class="markdown-alert markdown-alert-tip">\n<p class="markdown-alert-title">Shortcut</p>' in out
    assert "<p>Use <strong>F7</strong>.</p>\n<p>It checks spelling.</p>\n</div>" in out
    assert '<div class="markdown-alert markdown-alert-caution" data-callout="danger">' in out
    assert '<p class="markdown-alert-title">Danger</p>' in out
    assert '<p class="markdown-alert-title">Inside</p>\n<p>Inner.</p>\n</div>\n<p>Still outer.</p>\n</div>' in out
    assert out.endswith("<p>After.</p>") and ":::" not in out
    # the preview renders block by block: an admonition with blank lines inside is one block
    parts = BlockRenderer().render_all(body)
    assert len(parts) == 3 and "\n".join(parts) == out


def test_math_is_kept_as_tex_and_diagrams_as_their_source() -> None:
    out = render_html(
        "Euler: $e^{i\\pi}+1=0$, for $5 or $10.\n\n$$\na_1 < b_2\n$$\n\n```mermaid\ngraph TD\n  A-->B\n```\n"
    )
    assert '<span class="arithmatex">\\(e^{i\\pi}+1=0\\)</span>, for $5 or $10.' in out
    assert '<div class="arithmatex">\\[\na_1 &lt; b_2\n\\]</div>' in out
    assert '<div class="pe-diagram" data-kind="mermaid">' in out
    assert '<pre class="pe-diagram-source"><code>graph TD\n  A--&gt;B</code></pre></div>' in out
    assert "codehilite" not in out
