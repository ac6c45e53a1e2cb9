"""Site detection, posts listing and URL mapping (editor.core.site)."""

from __future__ import annotations

import csv
import os
import shutil
import sys
from pathlib import Path

import pytest

from editor.core.errors import PostError
from editor.core.site import AssetResolver, Site, SiteConfig, SiteConfigError
from tests.shared_data import SHARED, SKIP_NO_SHARED


def write(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


POST = "---\ntitle: T\n---\nBody\n"

# --------------------------------------------------------------------------- corpus sites

# The corpus keeps posts and a few config files, but not every site's program files. When the
# marker a generator is recognised by is missing, the test writes it into the temporary copy:
# repo folder -> (marker written if absent, generator, site root, public folder; both relative to the repo).
# "-" as public folder means "the site root" (Jekyll serves the root itself).
CORPUS_SITES: dict[str, tuple[str | None, str, str, str]] = {
    "saicaca__fuwari": ("astro.config.mjs", "astro", ".", "public"),
    "chrismwilliams__astro-theme-cactus": ("astro.config.mjs", "astro", ".", "public"),
    "onwidget__astrowind": ("astro.config.mjs", "astro", ".", "public"),
    # Only examples/blog is a site; packages/astro/test/fixtures/... are test fixtures outside it.
    "withastro__astro": ("examples/blog/astro.config.mjs", "astro", "examples/blog", "examples/blog/public"),
    "gohugoio__hugoBasicExample": (None, "hugo", ".", "static"),
    # Theme repos: the site is the exampleSite/demo folder; the theme's own archetypes/ is outside it.
    "olOwOlo__hugo-theme-even": (None, "hugo", "exampleSite", "exampleSite/static"),
    "halogenica__beautifulhugo": (None, "hugo", "exampleSite", "exampleSite/static"),
    "rbsoen__rbsoen.github.io": (None, "hugo", ".", "static"),
    "CaiJimmy__hugo-theme-stack": (None, "hugo", "demo", "demo/static"),
    "dillonzq__LoveIt": (None, "hugo", "exampleSite", "exampleSite/static"),
    "adityatelange__hugo-PaperMod": (None, "hugo", ".", "static"),
    "rust-lang__blog.rust-lang.org": (None, "zola", ".", "static"),
    # jekyll/jekyll: the site is docs/ (docs/_config.yml). test/source/ holds the test suite's
    # fixtures (broken encodings, invalid YAML...), not a site, so its files are not expected.
    "jekyll__jekyll": (None, "jekyll", "docs", "docs"),
    "fsharp__fsharp.org": (None, "jekyll", ".", "-"),
    # 11ty.dev reads its input from src/ (dir.input in its config); the marker says so.
    "11ty__11ty-website": ("eleventy.config.js", "eleventy", ".", "src"),
    "gatsbyjs__gatsby-starter-blog": ("gatsby-config.js", "gatsby", ".", "static"),
    "decaporg__gatsby-starter-decap-cms": ("gatsby-config.js", "gatsby", ".", "static"),
    "prettier__prettier": ("website/docusaurus.config.js", "docusaurus", "website", "website/static"),
    "jestjs__jest": ("website/docusaurus.config.mjs", "docusaurus", "website", "website/static"),
    "reactjs__react.dev": ("next.config.js", "nextjs", ".", "public"),
}

MARKER_TEXT = {
    "eleventy.config.js": 'export default function () {\n  return { dir: { input: "src" } };\n}\n',
}

# Hugo archetypes are templates for `hugo new` (invalid until rendered), not posts.
NOT_POSTS = ("archetypes/",)


def manifest_paths(repo_dir: str) -> list[str]:
    assert SHARED is not None
    with open(SHARED / "corpus" / "MANIFEST.tsv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [row["path"] for row in rows if row["repo"].replace("/", "__") == repo_dir]


def test_every_corpus_site_is_covered() -> None:
    if SHARED is None:
        pytest.skip(SKIP_NO_SHARED)
    repos = {p.name for p in (SHARED / "corpus").iterdir() if p.is_dir()}
    assert repos == set(CORPUS_SITES)


@pytest.mark.parametrize("repo_dir", sorted(CORPUS_SITES))
def test_corpus_site_detection(repo_dir: str, tmp_path: Path) -> None:
    if SHARED is None:
        pytest.skip(SKIP_NO_SHARED)
    marker, generator, root_rel, public_rel = CORPUS_SITES[repo_dir]
    copy = tmp_path / repo_dir
    shutil.copytree(SHARED / "corpus" / repo_dir, copy)
    if marker is not None and not (copy / marker).exists():
        write(copy / marker, MARKER_TEXT.get(marker, "export default {};\n"))

    site = Site.detect(copy)
    root = (copy / root_rel).resolve()
    assert site.generator == generator
    assert site.root.resolve() == root
    public = root if public_rel == "-" else (copy / public_rel).resolve()
    assert site.public_folder is not None and site.public_folder.resolve() == public
    assert all(site.contains(f) for f in site.content_folders)

    found = {p.resolve() for p in site.posts()}
    expected = set()
    for rel in manifest_paths(repo_dir):
        path = (copy / rel).resolve()
        if root not in path.parents:
            continue  # outside the detected site (theme archetypes, Astro/Jekyll test fixtures)
        if path.relative_to(root).as_posix().startswith(NOT_POSTS):
            continue
        expected.add(path)
    assert expected, "no manifest post under the detected root"
    assert expected <= found, sorted(str(p) for p in expected - found)
    assert site.notes == []


def test_corpus_for_file_finds_the_site(tmp_path: Path) -> None:
    if SHARED is None:
        pytest.skip(SKIP_NO_SHARED)
    copy = tmp_path / "even"
    shutil.copytree(SHARED / "corpus" / "olOwOlo__hugo-theme-even", copy)
    post = next((copy / "exampleSite" / "content" / "post").glob("*.md"))
    site = Site.for_file(post)
    assert site.generator == "hugo"
    assert site.root == copy / "exampleSite"


# --------------------------------------------------------------------------- synthetic sites


def test_astro(tmp_path: Path) -> None:
    write(tmp_path / "astro.config.mjs")
    write(tmp_path / "src/content/blog/a.md", POST)
    write(tmp_path / "src/content/docs/b.mdx", POST)
    write(tmp_path / "src/content/config.ts")
    (tmp_path / "public/images").mkdir(parents=True)
    write(tmp_path / "README.md", "readme")
    site = Site.detect(tmp_path)
    assert site.generator == "astro"
    assert site.content_folders == [tmp_path / "src/content/blog", tmp_path / "src/content/docs"]
    assert site.public_folder == tmp_path / "public"
    assert site.images_folder == tmp_path / "public/images"
    assert site.posts() == [tmp_path / "src/content/blog/a.md", tmp_path / "src/content/docs/b.mdx"]


def test_astro_by_package_json_and_images_blog(tmp_path: Path) -> None:
    write(tmp_path / "package.json", '{"dependencies": {"astro": "^5"}}')
    write(tmp_path / "src/content/post/a.md", POST)
    (tmp_path / "public/images/blog").mkdir(parents=True)
    site = Site.detect(tmp_path)
    assert site.generator == "astro"
    assert site.images_folder == tmp_path / "public/images/blog"


def test_astro_src_data_post(tmp_path: Path) -> None:
    write(tmp_path / "astro.config.ts")
    write(tmp_path / "src/data/post/a.md", POST)
    site = Site.detect(tmp_path)
    assert site.content_folders == [tmp_path / "src/data/post"]
    assert site.images_folder == tmp_path / "public/images/blog"


def test_hugo_variants(tmp_path: Path) -> None:
    a = tmp_path / "a"
    write(a / "hugo.toml", 'baseURL = "https://x/"\n')
    write(a / "content/post/p.md", POST)
    b = tmp_path / "b"
    write(b / "config.yaml", "baseURL: https://x/\n")
    write(b / "content/p.md", POST)
    c = tmp_path / "c"
    write(c / "config/_default/hugo.toml", "")
    write(c / "content/p.md", POST)
    for root in (a, b, c):
        site = Site.detect(root)
        assert site.generator == "hugo", root
        assert site.content_folders == [root / "content"]
        assert site.public_folder == root / "static"
        assert len(site.posts()) == 1


def test_config_toml_without_content_is_not_hugo(tmp_path: Path) -> None:
    write(tmp_path / "config.toml", 'baseURL = "x"\n')
    write(tmp_path / "notes.md", POST)
    assert Site.detect(tmp_path).generator == "generic"


def test_zola_before_hugo(tmp_path: Path) -> None:
    write(tmp_path / "config.toml", 'base_url = "https://x"\n[markdown]\n')
    write(tmp_path / "content/p.md", "+++\ntitle = 'T'\n+++\n")
    (tmp_path / "templates").mkdir()
    site = Site.detect(tmp_path)
    assert site.generator == "zola"
    assert site.content_folders == [tmp_path / "content"]
    assert site.public_folder == tmp_path / "static"


def test_jekyll_with_collections(tmp_path: Path) -> None:
    write(tmp_path / "_config.yml", "collections:\n  recipes:\n    output: true\n  empty: {}\n")
    write(tmp_path / "_posts/2024-01-01-a.md", POST)
    write(tmp_path / "_drafts/b.markdown", POST)
    write(tmp_path / "_recipes/c.md", POST)
    (tmp_path / "_empty").mkdir()
    write(tmp_path / "_site/copy.md", POST)  # build output
    write(tmp_path / "img/x.png")
    site = Site.detect(tmp_path)
    assert site.generator == "jekyll"
    assert site.content_folders == [tmp_path / "_posts", tmp_path / "_drafts", tmp_path / "_recipes"]
    assert site.public_folder == tmp_path
    assert site.images_folder == tmp_path / "img"
    assert [p.name for p in site.posts()] == ["b.markdown", "2024-01-01-a.md", "c.md"]


def test_jekyll_broken_config_still_detects(tmp_path: Path) -> None:
    write(tmp_path / "_config.yml", "collections: [\n")
    write(tmp_path / "_posts/a.md", POST)
    site = Site.detect(tmp_path)
    assert site.generator == "jekyll"
    assert site.content_folders == [tmp_path / "_posts"]


def test_eleventy(tmp_path: Path) -> None:
    write(tmp_path / ".eleventy.js", "module.exports = () => ({ dir: { input: 'src' } });\n")
    write(tmp_path / "src/blog/a.md", POST)
    write(tmp_path / "README.md", "readme")
    site = Site.detect(tmp_path)
    assert site.generator == "eleventy"
    assert site.content_folders == [tmp_path / "src/blog"]
    assert site.public_folder == tmp_path / "src"


def test_eleventy_default_input_is_root(tmp_path: Path) -> None:
    write(tmp_path / "eleventy.config.cjs", "module.exports = function () {};\n")
    write(tmp_path / "posts/a.md", POST)
    site = Site.detect(tmp_path)
    assert site.content_folders == [tmp_path / "posts"]
    assert site.public_folder == tmp_path


def test_nextjs(tmp_path: Path) -> None:
    write(tmp_path / "next.config.mjs")
    write(tmp_path / "src/content/blog/2024/01/01/a.md", POST)
    write(tmp_path / "src/content/learn/b.md", POST)
    write(tmp_path / "node_modules/pkg/README.md", "x")
    site = Site.detect(tmp_path)
    assert site.generator == "nextjs"
    assert site.content_folders == [tmp_path / "src/content/blog"]
    assert site.public_folder == tmp_path / "public"


def test_nextjs_underscore_posts(tmp_path: Path) -> None:
    write(tmp_path / "next.config.js")
    write(tmp_path / "_posts/a.md", POST)
    assert Site.detect(tmp_path).content_folders == [tmp_path / "_posts"]


def test_gatsby(tmp_path: Path) -> None:
    write(tmp_path / "gatsby-config.ts")
    write(tmp_path / "content/blog/hello/index.md", POST)
    write(tmp_path / "content/pages/about.md", POST)
    site = Site.detect(tmp_path)
    assert site.generator == "gatsby"
    assert site.content_folders == [tmp_path / "content/blog"]
    assert site.public_folder == tmp_path / "static"


def test_docusaurus(tmp_path: Path) -> None:
    write(tmp_path / "docusaurus.config.ts")
    write(tmp_path / "blog/2024-01-01-a.md", POST)
    write(tmp_path / "docs/intro.mdx", POST)
    site = Site.detect(tmp_path)
    assert site.generator == "docusaurus"
    assert site.content_folders == [tmp_path / "blog", tmp_path / "docs"]
    assert site.public_folder == tmp_path / "static"
    assert len(site.posts()) == 2


def test_nested_site_folder(tmp_path: Path) -> None:
    write(tmp_path / "website/docusaurus.config.js")
    write(tmp_path / "website/blog/a.md", POST)
    write(tmp_path / "README.md", "readme")
    site = Site.detect(tmp_path)
    assert site.root == tmp_path / "website"
    assert site.generator == "docusaurus"


def test_generic(tmp_path: Path) -> None:
    write(tmp_path / "notes/a.md", POST)
    write(tmp_path / "notes/b.txt", "x")
    write(tmp_path / "notes/.hidden/c.md", POST)
    site = Site.detect(tmp_path / "notes")
    assert site.generator == "generic"
    assert site.content_folders == [tmp_path / "notes"]
    assert site.public_folder is None
    assert site.images_folder == tmp_path / "notes"
    assert site.posts() == [tmp_path / "notes/a.md"]
    assert site.url_to_path("/x.png") is None
    assert site.path_to_url(tmp_path / "notes/a.md") is None


def test_generic_finds_nearest_static(tmp_path: Path) -> None:
    (tmp_path / "static").mkdir()
    write(tmp_path / "notes/a.md", POST)
    site = Site.detect(tmp_path / "notes")
    assert site.generator == "generic"
    assert site.public_folder == tmp_path / "static"
    assert site.images_folder == tmp_path / "static/images/blog"


# --------------------------------------------------------------------------- .post-editor.toml


def test_config_defaults(tmp_path: Path) -> None:
    config = SiteConfig.load(tmp_path)
    assert config == SiteConfig()
    assert config.image_name == "{slug}-cover.webp"
    assert (config.webp_quality, config.max_width) == (82, 1600)


def test_config_overrides(tmp_path: Path) -> None:
    write(tmp_path / "hugo.toml")
    write(tmp_path / "content/a.md", POST)
    write(tmp_path / "writing/b.md", POST)
    write(
        tmp_path / ".post-editor.toml",
        'content_folders = ["writing"]\npublic_folder = "assets"\nimage_folder = "assets/covers"\n'
        'image_name = "{slug}.webp"\nwebp_quality = 70\nmax_width = 1200\n\n'
        '[schema.title]\ntype = "string"\nrequired = true\n\n'
        '[schema.category]\ntype = "choice"\nchoices = ["a", "b"]\ndefault = "a"\n',
    )
    site = Site.detect(tmp_path)
    assert site.generator == "hugo"
    assert site.content_folders == [tmp_path / "writing"]
    assert site.public_folder == tmp_path / "assets"
    assert site.images_folder == tmp_path / "assets/covers"
    assert site.posts() == [tmp_path / "writing/b.md"]
    assert site.config.image_name == "{slug}.webp"
    assert (site.config.webp_quality, site.config.max_width) == (70, 1200)
    assert site.config.schema == {
        "title": {"type": "string", "required": True},
        "category": {"type": "choice", "choices": ["a", "b"], "default": "a"},
    }
    assert site.notes == []


def test_cover_settings_are_the_sites_where_it_sets_them_else_the_authors(tmp_path: Path) -> None:
    assert SiteConfig.load(tmp_path).cover_settings(40, 700) == (40, 700)  # no file
    write(tmp_path / ".post-editor.toml", "max_width = 1200\n")
    config = SiteConfig.load(tmp_path)
    assert config.given == frozenset({"max_width"})
    assert config.cover_settings(40, 700) == (40, 1200)
    write(tmp_path / ".post-editor.toml", "webp_quality = 82\nmax_width = 1600\n")  # the defaults, said aloud
    assert SiteConfig.load(tmp_path).cover_settings(40, 700) == (82, 1600)


def test_config_escaping_paths_are_ignored(tmp_path: Path) -> None:
    root = tmp_path / "site"
    write(root / "hugo.toml")
    write(root / "content/a.md", POST)
    write(tmp_path / "elsewhere/b.md", POST)
    write(
        root / ".post-editor.toml",
        'content_folders = ["../elsewhere"]\npublic_folder = "/etc"\nimage_folder = "../../tmp"\n',
    )
    site = Site.detect(root)
    assert site.content_folders == [root / "content"]
    assert site.public_folder == root / "static"
    assert site.images_folder == root / "static/images/blog"
    assert site.posts() == [root / "content/a.md"]
    assert len(site.notes) == 3
    assert all("outside the site" in n for n in site.notes)


def test_invalid_toml_raises_with_line(tmp_path: Path) -> None:
    write(tmp_path / ".post-editor.toml", 'webp_quality = 80\nimage_name = "unterminated\n')
    with pytest.raises(SiteConfigError) as info:
        Site.detect(tmp_path)
    assert isinstance(info.value, PostError)
    assert info.value.line == 2
    assert "line 2" in str(info.value)
    assert ".post-editor.toml" in str(info.value)


def test_wrong_type_raises(tmp_path: Path) -> None:
    write(tmp_path / ".post-editor.toml", 'webp_quality = "high"\n')
    with pytest.raises(SiteConfigError, match="webp_quality"):
        SiteConfig.load(tmp_path)


# --------------------------------------------------------------------------- for_file


def test_for_file_walks_up(tmp_path: Path) -> None:
    write(tmp_path / "astro.config.mjs")
    post = write(tmp_path / "src/content/blog/deep/a.md", POST)
    site = Site.for_file(post)
    assert site.generator == "astro"
    assert site.root == tmp_path


def test_for_file_lone_file_is_generic(tmp_path: Path) -> None:
    post = write(tmp_path / "loose/a.md", POST)
    site = Site.for_file(post)
    assert site.generator == "generic"
    assert site.root == tmp_path / "loose"
    assert site.posts() == [post]


def test_for_file_stops_after_eight_levels(tmp_path: Path) -> None:
    write(tmp_path / "hugo.toml")
    (tmp_path / "content").mkdir()
    post = write(tmp_path / "content" / "/".join("abcdefghij") / "a.md", POST)
    assert Site.for_file(post).generator == "generic"


# --------------------------------------------------------------------------- URLs


def test_url_path_round_trip(tmp_path: Path) -> None:
    write(tmp_path / "astro.config.mjs")
    write(tmp_path / "src/content/blog/a.md", POST)
    image = write(tmp_path / "public/images/my pic.png", "x")
    site = Site.detect(tmp_path)
    assert site.url_to_path("/images/my%20pic.png") == image
    assert site.url_to_path("/images/my%20pic.png?v=2#top") == image
    assert site.path_to_url(image) == "/images/my%20pic.png"
    assert site.url_to_path("/../../etc/passwd") is None
    assert site.url_to_path("/images/../../../etc/passwd") is None
    assert site.url_to_path("/%2e%2e/%2e%2e/etc/passwd") is None
    assert site.url_to_path("https://example.com/x.png") is None
    assert site.url_to_path("//example.com/x.png") is None
    assert site.url_to_path("images/relative.png") is None
    assert site.path_to_url(tmp_path / "src/content/blog/a.md") is None
    assert site.path_to_url(Path("/etc/passwd")) is None


def test_contains_and_resolver(tmp_path: Path) -> None:
    write(tmp_path / "astro.config.mjs")
    post = write(tmp_path / "src/content/blog/a.md", POST)
    write(tmp_path / "public/x.png", "x")
    write(tmp_path / "src/content/blog/y.png", "y")
    site = Site.detect(tmp_path)
    assert site.contains(post)
    assert not site.contains(tmp_path.parent)
    assert not site.contains(tmp_path / ".." / "other")
    resolver = site.resolver_for(post)
    assert isinstance(resolver, AssetResolver)
    assert resolver.resolve("/x.png").kind == "local"
    assert resolver.resolve("./y.png").kind == "local"
    assert resolver.resolve("../../../../etc/passwd").kind == "outside"


# --------------------------------------------------------------------------- hostile folders


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_symlink_loop_and_outside_link(tmp_path: Path) -> None:
    root = tmp_path / "site"
    write(root / "hugo.toml")
    write(root / "content/a.md", POST)
    (root / "content/loop").symlink_to(root / "content", target_is_directory=True)
    outside = tmp_path / "outside"
    write(outside / "secret.md", POST)
    (root / "content/out").symlink_to(outside, target_is_directory=True)
    (root / "content/out.md").symlink_to(outside / "secret.md")
    site = Site.detect(root)
    assert site.posts() == [root / "content/a.md"]
    assert any("loops" in n for n in site.notes)
    assert any("outside the site" in n and "out" in n for n in site.notes)


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_symlink_inside_site_is_followed_once(tmp_path: Path) -> None:
    write(tmp_path / "hugo.toml")
    write(tmp_path / "content/a.md", POST)
    write(tmp_path / "drafts/b.md", POST)
    (tmp_path / "content/drafts").symlink_to(tmp_path / "drafts", target_is_directory=True)
    site = Site.detect(tmp_path)
    assert site.posts() == [tmp_path / "content/a.md", tmp_path / "content/drafts/b.md"]


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that accepts any bytes in names")
def test_non_utf8_file_name(tmp_path: Path) -> None:
    write(tmp_path / "hugo.toml")
    write(tmp_path / "content/good.md", POST)
    bad = os.path.join(os.fsencode(tmp_path / "content"), b"caf\xe9.md")
    with open(bad, "wb") as fh:
        fh.write(POST.encode())
    os.mkdir(os.path.join(os.fsencode(tmp_path / "content"), b"dir\xff"))
    site = Site.detect(tmp_path)
    assert site.posts() == [tmp_path / "content/good.md"]
    assert any("not valid UTF-8" in n for n in site.notes)


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="needs POSIX permissions, not root")
def test_unreadable_folder_is_a_note(tmp_path: Path) -> None:
    write(tmp_path / "hugo.toml")
    write(tmp_path / "content/a.md", POST)
    locked = tmp_path / "content/locked"
    write(locked / "b.md", POST)
    locked.chmod(0)
    try:
        site = Site.detect(tmp_path)
        assert site.posts() == [tmp_path / "content/a.md"]
        assert any("Could not read folder" in n for n in site.notes)
    finally:
        locked.chmod(0o755)


def test_file_limit_adds_a_note(tmp_path: Path) -> None:
    write(tmp_path / "hugo.toml")
    for i in range(10):
        write(tmp_path / f"content/p{i}.md", POST)
    site = Site.detect(tmp_path)
    assert len(site.posts(limit=5)) == 5
    assert any("Stopped after" in n for n in site.notes)


def test_build_outputs_and_hidden_folders_are_skipped(tmp_path: Path) -> None:
    write(tmp_path / "next.config.js")
    write(tmp_path / "posts/a.md", POST)
    for name in ("node_modules", ".git", "_site", "public"):
        write(tmp_path / "posts" / name / "x.md", POST)
    assert Site.detect(tmp_path).posts() == [tmp_path / "posts/a.md"]
