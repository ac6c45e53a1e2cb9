"""Pre-publish checks: each fires on a broken post and stays quiet on a good one."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from PIL import Image

from editor.core.checks import (
    CheckSettings,
    Problem,
    body_checks,
    check_post,
    fix_mojibake,
    is_ready,
    is_valid_date,
    is_valid_lang,
)
from editor.core.library import Library, PostInfo
from editor.core.post import Post
from editor.core.schema import FieldSpec, Schema
from editor.core.site import Site

GOOD_EXCERPT = "A short summary of the post that is long enough for search results to use."
GOOD_HEAD = f"""---
title: "A good title"
lang: en
date: 2024-12-20
excerpt: "{GOOD_EXCERPT}"
cover: "/images/blog/good.webp"
---
"""


def make_site(tmp_path: Path) -> Site:
    root = tmp_path / "site"
    (root / "src" / "content" / "blog").mkdir(parents=True)
    (root / "public" / "images" / "blog").mkdir(parents=True)
    (root / "astro.config.mjs").write_text("export default {}\n")
    Image.new("RGB", (8, 8), "red").save(root / "public" / "images" / "blog" / "good.webp")
    Image.new("RGB", (8, 8), "blue").save(root / "public" / "images" / "blog" / "photo.png")
    (root / "public" / "files").mkdir()
    (root / "public" / "files" / "paper.pdf").write_bytes(b"%PDF-1.4\n")
    return Site.detect(root)


def make_post(site: Site, text: str, name: str = "post.md") -> Post:
    path = site.root / "src" / "content" / "blog" / name
    path.write_text(text, encoding="utf-8")
    return Post.load(path)


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


def only(problems: list[Problem], code: str) -> list[Problem]:
    return [p for p in problems if p.code == code]


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return make_site(tmp_path)


def test_good_post_has_no_problems(site: Site) -> None:
    post = make_post(site, GOOD_HEAD + "\n## Intro\n\nText ![a cat](/images/blog/good.webp)\n\n### Detail\n")
    problems = check_post(post, site)
    assert problems == []
    assert is_ready(problems)


def test_problem_to_json_and_is_ready() -> None:
    p = Problem("error", "date", "bad", field="date", line=3)
    assert p.to_json() == {
        "severity": "error",
        "code": "date",
        "message": "bad",
        "field": "date",
        "line": 3,
        "body_line": None,
        "fixable": False,
        "column": None,
    }
    assert not is_ready([p])
    assert is_ready([Problem("warning", "draft", "x")])


# ------------------------------------------------------------------ required


def test_required_missing_and_empty(site: Site) -> None:
    schema = Schema(
        fields={
            "title": FieldSpec("title", required=True),
            "author": FieldSpec("author", required=True),
            "tags": FieldSpec("tags", type="tags", required=True),
        }
    )
    post = make_post(site, GOOD_HEAD.replace('title: "A good title"', 'title: ""\ntags: []') + "Body\n")
    found = only(check_post(post, site, schema), "required")
    assert {p.field for p in found} == {"title", "author", "tags"}
    assert all(p.severity == "error" for p in found)
    title = next(p for p in found if p.field == "title")
    assert title.line == 2


def test_required_quiet_when_filled(site: Site) -> None:
    schema = Schema(fields={"title": FieldSpec("title", required=True)})
    post = make_post(site, GOOD_HEAD + "Body\n")
    assert only(check_post(post, site, schema), "required") == []


# ------------------------------------------------------------------ date


@pytest.mark.parametrize(
    "value",
    [
        "2024-12-20",
        "2024-12-20T09:30:00Z",
        "2024-12-20T09:30:00+02:00",
        "2024-12-20 09:30:00 +0200",
        "Jul 08 2022",
        "July 8, 2022",
        "Fri, 08 Jul 2022 10:00:00 +0000",
    ],
)
def test_valid_dates(value: str) -> None:
    assert is_valid_date(value)


@pytest.mark.parametrize("value", ["yesterday", "2024-13-40", "20/12/2024x", ""])
def test_invalid_dates(value: str) -> None:
    assert not is_valid_date(value)


def test_date_fires(site: Site) -> None:
    post = make_post(site, GOOD_HEAD.replace("date: 2024-12-20", 'date: "next tuesday"') + "Body\n")
    [problem] = only(check_post(post, site), "date")
    assert problem.severity == "error" and problem.field == "date" and problem.line == 4


def test_date_quiet_for_strings_and_yaml_dates(site: Site) -> None:
    post = make_post(site, GOOD_HEAD.replace("date: 2024-12-20", 'pubDate: "Jul 08 2022"') + "Body\n")
    assert only(check_post(post, site), "date") == []


def test_date_uses_schema_types(site: Site) -> None:
    schema = Schema(fields={"when": FieldSpec("when", type="datetime")})
    post = make_post(site, GOOD_HEAD.replace("date: 2024-12-20", 'when: "soon"') + "Body\n")
    [problem] = only(check_post(post, site, schema), "date")
    assert problem.field == "when"


# ------------------------------------------------------------------ canonical, lang


def test_canonical_url_fires(site: Site) -> None:
    post = make_post(site, GOOD_HEAD.replace("lang: en", 'lang: en\ncanonical_url: "medium.com/x"') + "Body\n")
    [problem] = only(check_post(post, site), "canonical-url")
    assert problem.severity == "error" and problem.line == 4


def test_canonical_url_quiet(site: Site) -> None:
    post = make_post(site, GOOD_HEAD.replace("lang: en", 'lang: en\ncanonical_url: "https://medium.com/x"') + "Body\n")
    assert only(check_post(post, site), "canonical-url") == []


def test_lang_fires(site: Site) -> None:
    post = make_post(site, GOOD_HEAD.replace("lang: en", "lang: english_US") + "Body\n")
    [problem] = only(check_post(post, site), "lang")
    assert problem.field == "lang" and problem.line == 3


@pytest.mark.parametrize("tag", ["en", "pt-BR", "zh-Hant-TW", "ast"])
def test_lang_quiet(tag: str) -> None:
    assert is_valid_lang(tag)


# ------------------------------------------------------------------ lengths


def test_title_length_fires(site: Site) -> None:
    long_title = "x" * 84
    post = make_post(site, GOOD_HEAD.replace("A good title", long_title) + "Body\n")
    [problem] = only(check_post(post, site), "title-length")
    assert problem.severity == "warning"
    assert "84 characters" in problem.message and "70" in problem.message


def test_title_length_respects_settings(site: Site) -> None:
    post = make_post(site, GOOD_HEAD + "Body\n")
    assert only(check_post(post, site, settings=CheckSettings(title_max=5)), "title-length")
    assert only(check_post(post, site), "title-length") == []


@pytest.mark.parametrize("excerpt", ["Too short.", "y" * 200])
def test_excerpt_length_fires(site: Site, excerpt: str) -> None:
    post = make_post(site, GOOD_HEAD.replace(GOOD_EXCERPT, excerpt) + "Body\n")
    [problem] = only(check_post(post, site), "excerpt-length")
    assert problem.field == "excerpt" and problem.line == 5


def test_description_is_checked_too(site: Site) -> None:
    post = make_post(site, GOOD_HEAD.replace("excerpt:", "description:").replace(GOOD_EXCERPT, "Short") + "Body\n")
    [problem] = only(check_post(post, site), "excerpt-length")
    assert problem.field == "description"


def test_excerpt_length_quiet(site: Site) -> None:
    post = make_post(site, GOOD_HEAD + "Body\n")
    assert only(check_post(post, site), "excerpt-length") == []


# ------------------------------------------------------------------ cover


def test_cover_missing(site: Site) -> None:
    post = make_post(site, GOOD_HEAD.replace('cover: "/images/blog/good.webp"\n', "") + "Body\n")
    [problem] = only(check_post(post, site), "cover-missing")
    assert problem.severity == "warning" and problem.field == "cover"


def test_cover_not_found(site: Site) -> None:
    post = make_post(site, GOOD_HEAD.replace("good.webp", "gone.webp") + "Body\n")
    [problem] = only(check_post(post, site), "cover-not-found")
    assert problem.severity == "error" and problem.line == 6 and problem.field == "cover"


def test_cover_not_webp_is_fixable(site: Site) -> None:
    post = make_post(site, GOOD_HEAD.replace("good.webp", "photo.png") + "Body\n")
    problems = check_post(post, site)
    [problem] = only(problems, "cover-not-webp")
    assert problem.severity == "warning" and problem.fixable
    assert "cover-not-found" not in codes(problems)


def test_cover_remote_and_webp_are_fine(site: Site) -> None:
    for cover in ("https://example.com/a.png", "/images/blog/good.webp"):
        post = make_post(site, GOOD_HEAD.replace("/images/blog/good.webp", cover) + "Body\n")
        assert not {"cover-missing", "cover-not-found", "cover-not-webp"} & set(codes(check_post(post, site)))


# ------------------------------------------------------------------ links and images


def test_broken_image_and_link_with_lines(site: Site) -> None:
    body = (
        "\nIntro\n\n"
        "![gone](/images/blog/nope.webp)\n"
        "[paper](/files/missing.pdf)\n"
        '<img src="./missing.png" alt="x">\n'
        '<a href="../nope.pdf">x</a>\n'
    )
    post = make_post(site, GOOD_HEAD + body)
    problems = check_post(post, site)
    images = only(problems, "broken-image")
    links = only(problems, "broken-link")
    assert [p.body_line for p in images] == [3, 5]
    assert [p.body_line for p in links] == [4, 6]
    assert all(p.severity == "error" for p in images)
    assert all(p.severity == "warning" for p in links)
    head_lines = GOOD_HEAD.count("\n")
    assert images[0].line == head_lines + 4
    assert post.content.split("\n")[images[0].body_line or 0] == "![gone](/images/blog/nope.webp)"


def test_links_that_are_fine(site: Site) -> None:
    body = (
        "\n![ok](/images/blog/good.webp) ![ok](../../../public/images/blog/photo.png)\n"
        "[paper](/files/paper.pdf) [web](https://example.com/x.png) [mail](mailto:a@b.c)\n"
        "[anchor](#intro) [other post](/blog/other-post/) [other](../other-post) [q](/files/paper.pdf#page=2)\n"
        '<img src="https://example.com/a.png" alt="remote">\n'
        "```\n![in code](/nope.png)\n```\n"
        "Inline `![code](/nope.png)` is not an image.\n"
    )
    post = make_post(site, GOOD_HEAD + body)
    problems = check_post(post, site)
    assert not {"broken-image", "broken-link", "image-alt"} & set(codes(problems)), problems


def test_image_alt(site: Site) -> None:
    body = (
        '\n![](/images/blog/good.webp)\n<img src="/images/blog/good.webp">\n<img src="/images/blog/good.webp" alt="">\n'
    )
    post = make_post(site, GOOD_HEAD + body)
    found = only(check_post(post, site), "image-alt")
    assert [p.body_line for p in found] == [1, 2, 3]
    assert all(p.severity == "warning" for p in found)


def test_image_alt_quiet(site: Site) -> None:
    body = '\n![a cat](/images/blog/good.webp)\n<img alt="a dog" src="/images/blog/good.webp">\n'
    post = make_post(site, GOOD_HEAD + body)
    assert only(check_post(post, site), "image-alt") == []


# ------------------------------------------------------------------ headings


def test_heading_skip(site: Site) -> None:
    post = make_post(site, GOOD_HEAD + "\n## Intro\n\n#### Deep\n")
    [problem] = only(check_post(post, site), "heading-skip")
    assert problem.body_line == 3 and problem.severity == "warning"
    assert problem.line == GOOD_HEAD.count("\n") + 4


def test_heading_skip_quiet_and_ignores_code(site: Site) -> None:
    body = "\n## Intro\n\n### Sub\n\n```python\n# comment\n#### not a heading\n```\n\n## Next\n"
    post = make_post(site, GOOD_HEAD + body)
    assert only(check_post(post, site), "heading-skip") == []


# ------------------------------------------------------------------ duplicate slug


def library_with(site: Site, *posts: tuple[str, dict[str, object]]) -> Library:
    library = Library(site, cache_dir=site.root / ".cache")
    library.posts = [
        PostInfo(path=p, title="t", date=None, draft=False, tags=[], error=None, metadata=dict(m)) for p, m in posts
    ]
    return library


def test_duplicate_slug(site: Site) -> None:
    post = make_post(site, GOOD_HEAD + "Body\n", name="hello.md")
    library = library_with(
        site,
        ("src/content/blog/hello.md", {}),
        ("src/content/blog/2023-01-01-hello.md", {}),
    )
    [problem] = only(check_post(post, site, library=library), "duplicate-slug")
    assert problem.severity == "error" and "2023-01-01-hello.md" in problem.message


def test_duplicate_slug_from_slug_field(site: Site) -> None:
    post = make_post(site, GOOD_HEAD.replace("lang: en", "lang: en\nslug: shared") + "Body\n", name="a.md")
    library = library_with(site, ("src/content/blog/b.md", {"slug": "shared"}))
    [problem] = only(check_post(post, site, library=library), "duplicate-slug")
    assert problem.field == "slug" and problem.line == 4


def test_duplicate_slug_quiet(site: Site) -> None:
    post = make_post(site, GOOD_HEAD + "Body\n", name="hello.md")
    library = library_with(site, ("src/content/blog/hello.md", {}), ("src/content/blog/other.md", {}))
    assert only(check_post(post, site, library=library), "duplicate-slug") == []


# ------------------------------------------------------------------ mojibake


def test_mojibake_in_front_matter_and_body(site: Site) -> None:
    head = GOOD_HEAD.replace("A good title", "Caf\u00c3\u00a9 notes")
    post = make_post(site, head + "\nFine line.\nStuck\u00e2\u20ac\u201dhere.\n")
    found = only(check_post(post, site), "mojibake")
    assert [(p.field, p.body_line) for p in found] == [("title", None), (None, 2)]
    assert all(p.severity == "error" and p.fixable for p in found)
    assert found[0].line == 2
    assert found[1].line == GOOD_HEAD.count("\n") + 3


def test_mojibake_quiet_on_real_unicode(site: Site) -> None:
    head = GOOD_HEAD.replace("A good title", "Café — “quoted” ﬁne")
    post = make_post(site, head + "\nNaïve façade, 日本語, emoji 🎉, ellipsis…\n")
    assert only(check_post(post, site), "mojibake") == []


def test_fix_mojibake_changes_only_damaged_text() -> None:
    text = (
        '---\ntitle: "Caf\u00c3\u00a9 \u201cquoted\u201d"\ntags: ["na\u00c3\u00afve", "ok"]\nother: 1\n---\n\n'
        "Stuck\u00e2\u20ac\u201dhere, \ufb01ne “quotes”.\nClean line.\n"
    )
    post = Post.loads(text.encode("utf-8"))
    assert fix_mojibake(post) == 3
    assert post.to_bytes().decode("utf-8") == (
        '---\ntitle: "Café \u201cquoted\u201d"\ntags: ["naïve", "ok"]\nother: 1\n---\n\n'
        "Stuck—here, \ufb01ne “quotes”.\nClean line.\n"
    )
    assert fix_mojibake(post) == 0


def test_a_draft_is_not_ready(site: Site) -> None:
    post = make_post(site, GOOD_HEAD.replace("lang: en", "lang: en\ndraft: true") + "Body\n")
    problems = check_post(post, site)
    [problem] = only(problems, "draft")
    assert problem.severity == "error" and problem.line == 4
    assert not is_ready(problems)
    [allowed] = only(check_post(post, site, settings=CheckSettings(allow_drafts=True)), "draft")
    assert allowed.severity == "warning"
    unpublished = make_post(site, GOOD_HEAD.replace("lang: en", "lang: en\npublished: false") + "Body\n", "u.md")
    assert [p.severity for p in only(check_post(unpublished, site), "draft")] == ["error"]


def test_expired_and_future_posts_are_flagged(site: Site) -> None:
    import datetime as dt

    head = GOOD_HEAD.replace("lang: en", "lang: en\nexpiryDate: 2025-01-31\npublishDate: 2027-03-01T08:00:00Z")
    post = make_post(site, head + "Body\n")
    now = CheckSettings(now=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    problems = check_post(post, site, settings=now)
    [expired] = only(problems, "expired")
    assert expired.severity == "error" and expired.field == "expiryDate" and expired.line == 4
    [future] = only(problems, "future")
    assert future.severity == "warning" and future.field == "publishDate" and "2027-03-01" in future.message
    earlier = CheckSettings(now=dt.datetime(2024, 6, 1, tzinfo=dt.UTC))
    assert only(check_post(post, site, settings=earlier), "expired") == []
    assert only(check_post(make_post(site, GOOD_HEAD + "Body\n", "plain.md"), site, settings=now), "future") == []


def test_draft_false_is_quiet(site: Site) -> None:
    post = make_post(site, GOOD_HEAD.replace("lang: en", "lang: en\ndraft: false") + "Body\n")
    assert only(check_post(post, site), "draft") == []


def test_toml_field_lines(site: Site) -> None:
    text = '+++\ntitle = "t"\nlang = "not a tag!"\n[extra]\nlang = "x"\n+++\nBody\n'
    post = make_post(site, text)
    [problem] = only(check_post(post, site), "lang")
    assert problem.line == 3


def test_without_site_or_path() -> None:
    post = Post.loads(b"---\ntitle: t\n---\n![x](/nope.png)\n")
    problems = check_post(post)
    assert "broken-image" not in codes(problems)


# ------------------------------------------------------------------ the seed fixture


def test_seed_reports_mojibake_and_missing_cover(seed_post: Path) -> None:
    post = Post.load(seed_post)
    problems = check_post(post, Site.for_file(seed_post))
    found = set(codes(problems))
    assert {"mojibake", "cover-not-found"} <= found
    moji = only(problems, "mojibake")[0]
    assert moji.body_line is not None and "â€”" in post.content.split("\n")[moji.body_line]
    lines = seed_post.read_text(encoding="utf-8").split("\n")
    assert moji.line is not None and "â€”" in lines[moji.line - 1]
    assert not is_ready(problems)


def test_fix_mojibake_on_seed_changes_only_damaged_characters(seed_post: Path) -> None:
    original = seed_post.read_text(encoding="utf-8")
    post = Post.load(seed_post)
    assert fix_mojibake(post) >= 1
    fixed = post.to_bytes().decode("utf-8")
    assert "â€”" not in fixed and "stuck—and" in fixed
    matcher = difflib.SequenceMatcher(None, original, fixed, autojunk=False)
    changes = [(original[i1:i2], fixed[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]
    assert changes
    for was, now in changes:
        # every changed span was mojibake: UTF-8 bytes read as cp1252, and is now what they meant
        assert not was.isascii(), (was, now)
        assert was.encode("cp1252").decode("utf-8") == now, (was, now)
    assert fixed.replace("—", "â€”") == original
    assert only(check_post(post, Site.for_file(seed_post)), "mojibake") == []


def test_body_checks_are_the_rest_of_check_post(site: Site) -> None:
    post = make_post(
        site,
        GOOD_HEAD.replace("A good title", "Caf\u00c3\u00a9 title")
        + "\n## Top\n\n#### Skipped levels\n\n![](/images/blog/nope.webp)\n\n[a link](./missing.md)\n\n"
        + "Garbled \u00e2\u20ac\u201d here.\n",
    )
    post.metadata["draft"] = True
    everything = check_post(post, site)
    head = check_post(post, site, body=False)
    job = body_checks(post, site)
    post.content = "Changed after the job was made."  # the job keeps its own copy
    rest = job()
    assert {"heading-skip", "broken-image", "image-alt", "broken-link", "mojibake"} <= set(codes(rest))
    assert {"mojibake", "draft"} <= set(codes(head)) and not {"heading-skip", "broken-image", "broken-link"} & set(
        codes(head)
    )
    assert sorted(map(repr, head + rest)) == sorted(map(repr, everything))


def test_capitalised_keys_are_the_fields_they_spell(site: Site) -> None:
    """Statiq posts write Title: and Description:; the checks read and point at those lines."""
    long_title = "A title that goes on and on well past the length search results show whole"
    text = f'---\nTitle: "{long_title}"\nLang: en\nDate: 2024-12-20\nDraft: true\n---\nBody\n'
    post = make_post(site, text)
    schema = Schema(fields={"title": FieldSpec("title", required=True), "date": FieldSpec("date", type="date")})
    problems = check_post(post, site, schema)
    assert only(problems, "required") == []  # Title: is the title
    [length] = only(problems, "title-length")
    assert length.field == "Title" and length.line == 2
    [draft] = only(problems, "draft")
    assert draft.field == "Draft" and draft.line == 5


def test_impossible_dates_and_duplicate_keys_are_flagged(site: Site) -> None:
    text = (
        '---\ntitle: "News"\ntitle: "Nouvelles"\nlang: en\ndate: 2024-12-20\n'
        "lastmod: 2020-13-08T00:06:56-07:00\n---\nB\n"
    )
    post = make_post(site, text)
    assert post.metadata["title"] == "Nouvelles"  # the last, as Jekyll and Hugo read it
    problems = check_post(post, site)
    [date] = only(problems, "date")
    assert date.severity == "error" and date.field == "lastmod" and date.line == 6
    [duplicate] = only(problems, "duplicate-key")
    assert duplicate.severity == "warning" and duplicate.field == "title"


def test_keys_that_are_not_names_do_not_stop_the_checks() -> None:
    # `null:`, `1:` and `{: x}` are keys YAML allows; no field is named by them.
    for text in (b"---\n{: ''}\n---\n", b"---\nnull: y\n1: x\ntitle: T\n---\nBody.\n"):
        codes = [p.code for p in check_post(Post.loads(text))]
        assert "cover-missing" in codes
