"""Hostile input: every bad file gets a clear PostError and nothing is lost.

Timing assertions here are generous hang guards only, never benchmarks.
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest

from editor.core import render
from editor.core.checks import check_post
from editor.core.errors import FrontMatterError, NotTextError, PostError
from editor.core.library import MAX_POST_BYTES, Library, read_metadata
from editor.core.post import Post
from editor.core.site import Site

LAUGHS = (
    "---\n"
    "title: Laughs\n"
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
    "lang: *i\n"
    "canonical: *i\n"
    "date: *i\n"
    "tags: *i\n"
    "---\n"
    "Body\n"
)


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def make_site(root: Path) -> Path:
    (root / "public").mkdir(parents=True, exist_ok=True)
    (root / "astro.config.mjs").write_text("export default {}\n")
    blog = root / "src/content/blog"
    blog.mkdir(parents=True, exist_ok=True)
    return blog


class HangGuard:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __enter__(self) -> HangGuard:
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        elapsed = time.perf_counter() - self.start
        assert elapsed < self.seconds, f"took {elapsed:.1f} s"


# --------------------------------------------------------------------------- 1. billion laughs


def test_billion_laughs_post_round_trips_and_edits(tmp_path: Path) -> None:
    data = LAUGHS.encode()
    path = write(tmp_path / "laughs.md", data)
    with HangGuard(5):
        post = Post.load(path)
        assert post.to_bytes() == data
        post.metadata["title"] = "Fewer laughs"
        out = post.to_bytes()
    assert out == data.replace(b"title: Laughs", b"title: Fewer laughs")


def test_billion_laughs_is_refused_by_the_index_not_expanded(tmp_path: Path) -> None:
    with HangGuard(5), pytest.raises(PostError, match="aliases"):
        read_metadata(LAUGHS.encode(), name="laughs.md")


def test_billion_laughs_gets_an_error_note_in_the_library(tmp_path: Path) -> None:
    blog = make_site(tmp_path / "site")
    write(blog / "laughs.md", LAUGHS.encode())
    write(blog / "fine.md", b"---\ntitle: Fine\n---\nBody\n")
    with HangGuard(10):
        posts = Library(Site.detect(tmp_path / "site"), cache_dir=tmp_path / "cache").scan()
    by_name = {p.path.rsplit("/", 1)[-1]: p for p in posts}
    assert by_name["fine.md"].error is None
    assert by_name["laughs.md"].error is not None and "aliases" in by_name["laughs.md"].error


def test_billion_laughs_check_post_does_not_walk_the_expansion(tmp_path: Path) -> None:
    post = Post.load(write(tmp_path / "laughs.md", LAUGHS.encode()))
    with HangGuard(2):
        problems = check_post(post)
    codes = {p.code for p in problems}
    assert "lang" in codes and "canonical-url" in codes
    assert all(len(p.message) < 2000 for p in problems)


def test_billion_laughs_body_renders(tmp_path: Path) -> None:
    post = Post.load(write(tmp_path / "laughs.md", LAUGHS.encode()))
    with HangGuard(2):
        lay = render.layout(post.content)
    assert lay.texts


# --------------------------------------------------------------------------- 2. huge body


def test_twenty_megabyte_body_round_trips_and_lays_out(tmp_path: Path) -> None:
    para = b"Some *words* in a paragraph with a [link](https://example.com).\n\n"
    body = para * ((20 << 20) // len(para))
    data = b"---\ntitle: Big\n---\n" + body
    path = write(tmp_path / "big.md", data)
    with HangGuard(30):
        post = Post.load(path)
        assert post.to_bytes() == data
        post.metadata["title"] = "Bigger"
        assert post.to_bytes() == data.replace(b"title: Big\n", b"title: Bigger\n", 1)
        incremental = render.IncrementalLayout()
        lay, _ = incremental.update(post.content)
        assert len(lay.texts) > 100_000
        lay2, change = incremental.update(post.content + "One more.\n")
        assert change is not None and lay2.texts[-1].startswith("Some") or lay2.texts[-1] == "One more."


# --------------------------------------------------------------------------- 3. long lines


def test_five_megabyte_lines_in_body_and_front_matter(tmp_path: Path) -> None:
    long = "x" * (5 << 20)
    text = f"---\ntitle: Long\nblob: {long}\nquote: '{'y' * (1 << 20)}'\n---\n{long}\n"
    data = text.encode()
    post = Post.load(write(tmp_path / "long.md", data))
    assert post.metadata["blob"] == long
    assert post.to_bytes() == data
    post.metadata["title"] = "Short"
    out = post.to_bytes()
    assert out == data.replace(b"title: Long\n", b"title: Short\n", 1)
    changed = [i for i, (a, b) in enumerate(zip(data.split(b"\n"), out.split(b"\n"), strict=True)) if a != b]
    assert changed == [1]
    with HangGuard(5):
        render.layout(post.content)


# --------------------------------------------------------------------------- 4. malformed front matter


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("---\ntitle: ok\ntags: [a, b\n---\nBody\n", 4),  # where the list should have been closed
        ('+++\ntitle = "ok"\ndate = \n+++\nBody\n', 3),
        ('{\n  "title": "ok",\n  "tags": [1, 2,,]\n}\nBody\n', 3),
    ],
    ids=["yaml", "toml", "json"],
)
def test_malformed_front_matter_names_a_line(tmp_path: Path, text: str, line: int) -> None:
    with pytest.raises(FrontMatterError) as info:
        Post.load(write(tmp_path / "bad.md", text.encode()))
    assert info.value.line == line
    assert f"line {line}" in str(info.value)


@pytest.mark.parametrize("fence", ["---", "+++"])
def test_unclosed_front_matter_says_so(tmp_path: Path, fence: str) -> None:
    sep = ":" if fence == "---" else " ="
    text = f"{fence}\ntitle{sep} 'Open'\ndraft{sep} true\n\nBody text\n"
    with pytest.raises(FrontMatterError, match="never closed"):
        Post.load(write(tmp_path / "open.md", text.encode()))


# --------------------------------------------------------------------------- 5. encodings


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("latin-1", b""), ("cp1252", b""), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")],
)
def test_legacy_encodings_round_trip_and_keep_encoding(tmp_path: Path, encoding: str, bom: bytes) -> None:
    extra = " \u20ac \u201cquotes\u201d" if encoding == "cp1252" else ""
    text = f"---\r\ntitle: Caf\u00e9 na\u00efve{extra}\r\ndraft: true\r\n---\r\nD\u00e9j\u00e0 vu{extra}.\r\n"
    data = bom + text.encode(encoding)
    post = Post.load(write(tmp_path / "enc.md", data))
    assert post.to_bytes() == data
    post.metadata["draft"] = False
    post.content = post.content + "\u00fcber\n"
    out = post.to_bytes()
    assert out.startswith(bom)
    expected = text.replace("draft: true", "draft: false") + "\u00fcber\r\n"
    assert out == bom + expected.encode(encoding)


# --------------------------------------------------------------------------- 6. binary


def test_png_named_md_is_not_text(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00" + bytes(64)
    with pytest.raises(NotTextError, match="not a text file"):
        Post.load(write(tmp_path / "image.md", png))


def test_random_bytes_named_md_is_not_text(tmp_path: Path) -> None:
    rng = random.Random(1234)
    data = bytes(rng.randrange(256) for _ in range(100_000)) + b"\x00\x00"
    with pytest.raises(NotTextError):
        Post.load(write(tmp_path / "noise.md", data))
    with pytest.raises(NotTextError):
        read_metadata(data, name="noise.md")


# --------------------------------------------------------------------------- 7. deep nesting


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: Deep\nx: " + "[" * 5000 + "]" * 5000 + "\n---\nBody\n",
        '+++\ntitle = "Deep"\nx = ' + "[" * 5000 + "]" * 5000 + "\n+++\nBody\n",
        '{"title": "Deep", "x": ' + "[" * 5000 + "]" * 5000 + "}\nBody\n",
    ],
    ids=["yaml", "toml", "json"],
)
def test_deep_nesting_is_a_front_matter_error(tmp_path: Path, text: str) -> None:
    data = text.encode()
    with pytest.raises(FrontMatterError, match="nested"):
        Post.load(write(tmp_path / "deep.md", data))
    with pytest.raises(PostError, match="nested"):
        read_metadata(data, name="deep.md")


def test_deep_nesting_in_the_source_editor_is_a_front_matter_error(tmp_path: Path) -> None:
    post = Post.load(write(tmp_path / "p.md", b"---\ntitle: T\n---\nBody\n"))
    before = post.to_bytes()
    with pytest.raises(FrontMatterError, match="nested"):
        post.front_matter_text = "title: T\nx: " + "[" * 5000 + "]" * 5000 + "\n"
    assert post.to_bytes() == before


# --------------------------------------------------------------------------- 8. many and huge files


def test_library_scans_fifty_thousand_posts(tmp_path: Path) -> None:
    blog = make_site(tmp_path / "site")
    for i in range(50_000):
        fd = os.open(blog / f"p{i:05}.md", os.O_WRONLY | os.O_CREAT, 0o644)
        os.write(fd, b"---\ntitle: P%d\n---\nx\n" % i)
        os.close(fd)
    with HangGuard(30):
        posts = Library(Site.detect(tmp_path / "site"), cache_dir=tmp_path / "cache").scan()
    assert len(posts) == 50_000
    assert all(p.error is None for p in posts[:100])
    assert posts[123].title == "P123"


def test_huge_post_is_listed_with_a_note_without_being_read(tmp_path: Path) -> None:
    blog = make_site(tmp_path / "site")
    huge = blog / "huge.md"
    with open(huge, "wb") as f:
        f.write(b"---\ntitle: Huge\n---\n")
        f.truncate(70 << 20)
    assert huge.stat().st_size > MAX_POST_BYTES
    with HangGuard(5):
        posts = Library(Site.detect(tmp_path / "site"), cache_dir=tmp_path / "cache").scan()
    assert len(posts) == 1
    assert posts[0].error is not None and "Too large" in posts[0].error


# --------------------------------------------------------------------------- 9. odd values


def test_huge_integer_is_data_or_a_front_matter_error(tmp_path: Path) -> None:
    digits = "9" * 100_000
    for text, reason in (
        (f"---\ntitle: N\nn: {digits}\n---\nBody\n", "digits"),
        (f'+++\ntitle = "N"\nn = {digits}\n+++\nBody\n', "line 3.*number"),
        (f'{{"title": "N", "n": {digits}}}\nBody\n', "digits"),
    ):
        data = text.encode()
        with pytest.raises(FrontMatterError, match=reason):
            Post.load(write(tmp_path / "n.md", data))
        with pytest.raises(PostError, match=reason):
            read_metadata(data, name="n.md")


def test_moderately_large_integer_round_trips(tmp_path: Path) -> None:
    data = f"---\ntitle: N\nn: {'7' * 4000}\n---\nBody\n".encode()
    post = Post.load(write(tmp_path / "n.md", data))
    assert post.metadata["n"] == int("7" * 4000)
    post.metadata["title"] = "M"
    assert post.to_bytes() == data.replace(b"title: N", b"title: M")
    meta, _ = read_metadata(data)
    assert meta["n"] == int("7" * 4000)


def test_python_tags_never_run_code(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = (
        "---\n"
        "title: Tagged\n"
        f'run: !!python/object/apply:os.system ["touch {marker}"]\n'
        "obj: !!python/object:os.system {}\n"
        "---\nBody\n"
    )
    data = text.encode()
    path = write(tmp_path / "tag.md", data)
    try:
        post = Post.load(path)
    except FrontMatterError:
        pass
    else:
        assert post.to_bytes() == data
        post.metadata["title"] = "Still tagged"
        assert post.to_bytes() == data.replace(b"title: Tagged", b"title: Still tagged")
    try:
        meta, _ = read_metadata(data, name="tag.md")
    except PostError:
        pass
    else:
        assert meta["title"] == "Tagged"
    blog = make_site(tmp_path / "site")
    write(blog / "tag.md", data)
    posts = Library(Site.detect(tmp_path / "site"), cache_dir=tmp_path / "cache").scan()
    assert posts[0].title == "Tagged"
    assert not marker.exists()
