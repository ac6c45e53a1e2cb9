"""Shortcodes, template tags and components render as labelled stubs: Hugo's built-ins
with their own (a figure, a video card, a gist card, a code block), anything else as a
box naming it and its arguments, with what it wraps rendered as Markdown. Code, and
Hugo's escaped form, stay as written."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from editor.core.render import BlockRenderer, render_html
from editor.core.site import AssetResolver


def test_hugo_figure_shows_the_image_and_its_caption(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    Image.new("RGB", (8, 8), "teal").save(tmp_path / "x.webp")
    out = render_html('{{< figure src="x.webp" caption="c" alt="A teal square" >}}\n', AssetResolver.for_post(post))
    assert out.startswith('<figure class="pe-shortcode pe-figure"><img src="file://')
    assert 'x.webp" alt="A teal square"><figcaption>c</figcaption></figure>' in out


def test_videos_are_cards_with_their_id_and_nothing_is_fetched() -> None:
    out = render_html('{{< youtube dQw4w9WgXcQ >}}\n\n{{< vimeo id="146022717" >}}\n')
    assert out.count('class="pe-shortcode pe-video"') == 2
    assert "<code>dQw4w9WgXcQ</code>" in out and "<code>146022717</code>" in out and "Vimeo video" in out
    assert "iframe" not in out and "http" not in out


def test_gist_is_a_link_card_and_highlight_a_code_block() -> None:
    out = render_html(
        '{{< gist spf13 7896402 >}}\n\n{{< highlight go "linenos=table" >}}\nfunc main() {}\n{{< /highlight >}}\n'
    )
    assert '<a class="pe-shortcode pe-gist" href="https://gist.github.com/spf13/7896402">Gist spf13/7896402</a>' in out
    assert '<div class="codehilite">' in out and '<span class="kd">func</span>' in out


def test_a_paired_shortcode_is_a_box_with_its_body_rendered_even_over_blank_lines() -> None:
    body = '{{% notice warning "Careful" %}}\nThis is **bold**.\n\nSecond paragraph.\n{{% /notice %}}\n\nAfter.\n'
    out = render_html(body)
    assert out.startswith('<div class="pe-shortcode pe-sc-box" data-kind="hugo"><div class="pe-sc-head">')
    assert '<span class="pe-sc-name">notice</span> <span class="pe-sc-args">warning &quot;Careful&quot;</span>' in out
    assert "<p>This is <strong>bold</strong>.</p>\n<p>Second paragraph.</p>\n</div>" in out
    parts = BlockRenderer().render_all(body)  # the preview, block by block: the same
    assert len(parts) == 2 and "\n".join(parts) == out


def test_an_mdx_component_is_a_labelled_box_with_its_children_rendered() -> None:
    out = render_html(
        "import Callout from '../components/Callout.astro'\n\n"
        '<Callout type="warn">Hi</Callout>\n\n<Chart data={x} />\n'
    )
    assert "import" not in out
    assert '<div class="pe-shortcode pe-sc-box" data-kind="component">' in out
    assert '<span class="pe-sc-name">Callout</span> <span class="pe-sc-args">type=&quot;warn&quot;</span>' in out
    assert "<p>Hi</p>\n</div>" in out
    assert '<span class="pe-sc-name">Chart</span> <span class="pe-sc-args">data={x}</span>' in out


def test_liquid_nunjucks_and_zola_tags() -> None:
    out = render_html(
        '{% include note.html text="x" %}\n\n{% raw %}{{ page.title }}{% endraw %}\n\n'
        "{% highlight ruby %}\nputs 1\n{% endhighlight %}\n\n{% comment %}hidden{% endcomment %}\n\n"
        '{{ youtube(id="abc") }}\n\n{% quote(author="Ann") %}\nWise words.\n{% end %}\n'
    )
    assert '<span class="pe-sc-kind">Liquid</span> <span class="pe-sc-name">include</span>' in out
    assert "<code>{{ page.title }}</code>" in out and "hidden" not in out
    assert '<div class="codehilite">' in out and "puts" in out
    assert '<span class="pe-sc-kind">Zola</span> <span class="pe-sc-name">youtube</span>' in out
    assert '<span class="pe-sc-name">quote</span> <span class="pe-sc-args">author=&quot;Ann&quot;</span>' in out
    assert "<p>Wise words.</p>\n</div>" in out


def test_code_and_escaped_shortcodes_stay_as_written_and_links_are_left_to_post_links() -> None:
    out = render_html(
        '`{{< youtube x >}}`\n\n```\n{{< figure src="a.png" >}}\n```\n\n{{</* youtube y */>}}\n\n'
        '[Other]({{< ref "other.md" >}}) and [Old]({% post_url 2020-01-01-old %})\n'
    )
    assert "<code>{{&lt; youtube x &gt;}}</code>" in out
    assert '{{&lt; figure src="a.png" &gt;}}' in out and "pe-figure" not in out
    assert "<code>{{&lt; youtube y &gt;}}</code>" in out
    assert "pe-shortcode" not in out  # ref and post_url: links, handled elsewhere


def test_a_site_describes_its_own_shortcodes_and_their_values_are_escaped(tmp_path: Path) -> None:
    from editor.core.site import Site

    (tmp_path / "hugo.toml").write_text('title = "x"\n', encoding="utf-8")
    (tmp_path / ".post-editor.toml").write_text(
        "[shortcodes]\n"
        'notice = \'<aside class="notice {{ .Get 0 }}"><b>{{ .Get "title" }}</b>{{ .Inner }}</aside>\'\n'
        "kbd = '<kbd>{{ .Get 0 }}</kbd>'\n",
        encoding="utf-8",
    )
    post = tmp_path / "content/posts/p.md"
    post.parent.mkdir(parents=True)
    post.write_text("---\ntitle: P\n---\n", encoding="utf-8")
    resolver = Site.for_file(post).resolver_for(post)
    out = render_html(
        '{{% notice warning title="<b>x</b>" %}}\nHello **you**.\n{{% /notice %}}\n\nPress {{< kbd Ctrl >}}.\n',
        resolver,
    )
    assert out == (
        '<aside class="notice warning"><b>&lt;b&gt;x&lt;/b&gt;</b>\n<p>Hello <strong>you</strong>.</p>\n</aside>\n'
        "<p>Press <kbd>Ctrl</kbd>.</p>"
    )


def test_exported_pages_show_the_same_stubs_with_their_styles(tmp_path: Path) -> None:
    from editor.core.export import standalone_html
    from editor.core.post import Post

    post = tmp_path / "p.md"
    post.write_text('---\ntitle: P\n---\n{{< youtube abc >}}\n\n<Callout type="warn">Hi</Callout>\n', encoding="utf-8")
    page = standalone_html(Post.load(post), None)
    assert 'class="pe-shortcode pe-video"' in page and "<code>abc</code>" in page
    assert '<span class="pe-sc-name">Callout</span>' in page and "<p>Hi</p>" in page
    assert "div.pe-shortcode {" in page  # the stubs' styles travel with the page
    assert post.read_text(encoding="utf-8").count("{{< youtube abc >}}") == 1  # the post itself is untouched


def test_code_inside_highlight_and_raw_stays_code() -> None:
    out = render_html(
        '{{< highlight jsx >}}\nconst a = <Foo bar={1} />;\nimport React from "react"\n{{< /highlight >}}\n\n'
        "{% raw %}use `{{ x }}` here{% endraw %}\n"
    )
    assert "pe-shortcode" not in out and "wzxhzdk" not in out
    assert '<span class="nt">Foo</span>' in out and '<span class="s2">"react"</span>' in out
    assert "<code>use `{{ x }}` here</code>" in out


def test_nested_shortcodes_and_same_name_nesting() -> None:
    out = render_html('{{< notice >}}\nA {{< figure src="x.png" >}} b\n{{< /notice >}}\n')
    assert "pe-figure" in out and "{{&lt;" not in out and "{{<" not in out
    out = render_html("{{< box >}}\nout\n{{< box >}}\nin\n{{< /box >}}\nafter\n{{< /box >}}\n")
    assert out.count('class="pe-shortcode pe-sc-box"') == 2 and out.count("</div>") == 4
    assert out.index("<p>in</p>") < out.index("<p>after</p>")


def test_prose_html_and_inline_tags_are_left_as_they_read() -> None:
    out = render_html('export default settings in the menu.\n\n<A HREF="x">here</A> and<BR>more\n')
    assert "<p>export default settings in the menu.</p>" in out
    assert '<A HREF="x">here</A>' in out and "pe-shortcode" not in out
    out = render_html("This is {{< mark >}}bold{{< /mark >}} text\n")
    assert out.startswith('<p>This is <span class="pe-shortcode"') and out.endswith("bold</span> text</p>")


def test_the_block_splitter_never_holds_an_unclosed_tag_to_the_end() -> None:
    from editor.core.render_blocks import split_text

    for text in ('<Badge text="new" /> is out', '<Image src={cover} alt="Cover"\n/>', "{{< notice-box >}}", "<P>old"):
        split = split_text(text + "\n\nnext")
        assert not split.open and split.texts[-1] == "next", text
