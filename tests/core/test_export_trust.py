"""Export never loses an author's file: `--overwrite` for an earlier export, and never the post,
another post, a content file or a link's target. Export into a site goes where its posts live."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from editor.core.export import ExportError, ExportExistsError, export_html, export_to_site, export_zip
from editor.core.post import Post
from editor.core.site import Site

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample-site"
READY = "src/content/blog/keeping-drafts-in-git.md"
OTHER = "src/content/blog/choosing-a-good-slug.md"


def run(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "editor", *args], capture_output=True, text=True, cwd=ROOT, env=env)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(SAMPLE, root)
    return root


def export(post: Path, to: Path, kind: str, *extra: str, cache: Path) -> subprocess.CompletedProcess[str]:
    # --force: no rule below depends on the post passing its checks
    return run("export", str(post), "--to", str(to), "--as", kind, "--force", *extra, cache=cache)


# --------------------------------------------------------------------------- html / zip targets


@pytest.mark.parametrize("overwrite", [[], ["--overwrite"]])
@pytest.mark.parametrize("kind", ["html", "zip"])
def test_the_post_itself_is_never_the_target(site: Path, tmp_path: Path, kind: str, overwrite: list[str]) -> None:
    post = site / READY
    before = post.read_bytes()
    out = export(post, post, kind, *overwrite, cache=tmp_path / "cache")
    assert out.returncode == 1, out.stdout + out.stderr
    assert "is the post itself" in out.stderr
    assert post.read_bytes() == before


@pytest.mark.parametrize("overwrite", [[], ["--overwrite"]])
@pytest.mark.parametrize("kind", ["html", "zip"])
def test_another_post_is_never_the_target(site: Path, tmp_path: Path, kind: str, overwrite: list[str]) -> None:
    other = site / OTHER
    before = other.read_bytes()
    out = export(site / READY, other, kind, *overwrite, cache=tmp_path / "cache")
    assert out.returncode == 1, out.stdout + out.stderr
    assert "post file" in out.stderr
    assert other.read_bytes() == before
    outside = tmp_path / "notes.markdown"  # not the site's, but a post all the same
    outside.write_text("# Notes\n")
    assert export(site / READY, outside, kind, *overwrite, cache=tmp_path / "cache").returncode == 1
    assert outside.read_text() == "# Notes\n"


@pytest.mark.parametrize("overwrite", [[], ["--overwrite"]])
def test_a_symlink_is_never_written_through(site: Path, tmp_path: Path, overwrite: list[str]) -> None:
    precious = tmp_path / "elsewhere" / "precious.txt"
    precious.parent.mkdir()
    precious.write_text("keep me\n")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    link = out_dir / "keeping-drafts-in-git.html"
    link.symlink_to(precious)
    for target in (out_dir, link):  # the folder (the slug's name is the link) and the link named directly
        out = export(site / READY, target, "html", *overwrite, cache=tmp_path / "cache")
        assert out.returncode == 1, out.stdout + out.stderr
        assert "symbolic link" in out.stderr
    assert precious.read_text() == "keep me\n" and link.is_symlink()


def test_a_file_of_the_content_folder_is_never_replaced(site: Path, tmp_path: Path) -> None:
    data = site / "src/content/blog/data.json"
    data.write_text('{"keep": true}\n')
    out = export(site / READY, data, "zip", "--overwrite", cache=tmp_path / "cache")
    assert out.returncode == 1 and "content folder" in out.stderr
    assert data.read_text() == '{"keep": true}\n'


@pytest.mark.parametrize("kind", ["html", "zip"])
def test_an_earlier_export_is_replaced_only_with_overwrite(site: Path, tmp_path: Path, kind: str) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    first = export(site / READY, out_dir, kind, cache=tmp_path / "cache")
    assert first.returncode == 0, first.stderr
    written = Path(first.stdout.strip())
    assert written.parent == out_dir
    written.write_bytes(b"an older export")
    again = export(site / READY, out_dir, kind, cache=tmp_path / "cache")
    assert again.returncode == 1
    assert "already exists" in again.stderr and "--overwrite" in again.stderr
    assert written.read_bytes() == b"an older export"
    replaced = export(site / READY, out_dir, kind, "--overwrite", cache=tmp_path / "cache")
    assert replaced.returncode == 0, replaced.stderr
    assert written.read_bytes() != b"an older export"
    if kind == "zip":
        assert zipfile.ZipFile(written).namelist()[0] == READY
    else:
        assert written.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_help_documents_overwrite_and_section(tmp_path: Path) -> None:
    out = run("export", "--help", cache=tmp_path)
    assert out.returncode == 0
    assert "--overwrite" in out.stdout and "--section" in out.stdout and "--force" in out.stdout
    assert "never" in out.stdout


def test_core_functions_follow_the_same_rules(site: Path, tmp_path: Path) -> None:
    path = site / READY
    post, detected = Post.load(path), Site.detect(site)
    before = path.read_bytes()
    for fn in (export_html, export_zip):
        with pytest.raises(ExportError, match="post itself"):
            fn(post, detected, path, overwrite=True)
        with pytest.raises(ExportError, match="post file"):
            fn(post, None, site / OTHER, overwrite=True)
    assert path.read_bytes() == before
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    written = export_html(post, detected, out_dir)
    with pytest.raises(ExportExistsError) as caught:
        export_html(post, detected, out_dir)
    assert caught.value.path == written
    assert export_html(post, detected, out_dir, overwrite=True) == written


def test_pdf_follows_the_umask_and_the_overwrite_rule(site: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    env_umask = os.umask(0o022)
    try:
        out = export(site / READY, out_dir, "pdf", cache=tmp_path / "cache")
    finally:
        os.umask(env_umask)
    assert out.returncode == 0, out.stderr
    pdf = Path(out.stdout.strip().splitlines()[-1])
    assert pdf.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o644  # like the HTML beside it, not Chromium's 0600
    again = export(site / READY, out_dir, "pdf", cache=tmp_path / "cache")
    assert again.returncode == 1 and "--overwrite" in again.stderr
    assert export(site / READY, site / READY, "pdf", "--overwrite", cache=tmp_path / "cache").returncode == 1
    assert (site / READY).read_bytes() == (SAMPLE / READY).read_bytes()


# --------------------------------------------------------------------------- into another site


def make_hugo(root: Path, config: str = "config.toml", posts: int = 2) -> Path:
    (root / "content/posts").mkdir(parents=True)
    (root / "static").mkdir()
    (root / config).write_text('baseURL = "https://example.org/"\ntitle = "Hugo"\n')
    (root / "content/about.md").write_text("---\ntitle: About\n---\nAbout me.\n")
    (root / "content/archives.md").write_text("---\ntitle: Archives\nlayout: archives\n---\n")
    (root / "content/posts/_index.md").write_text("---\ntitle: Posts\n---\n")
    for i in range(posts):
        (root / f"content/posts/post-{i}.md").write_text(f"---\ntitle: Post {i}\n---\nText.\n")
    return root


@pytest.mark.parametrize("config", ["config.toml", "hugo.toml"])
def test_export_into_hugo_goes_where_its_posts_live(site: Path, tmp_path: Path, config: str) -> None:
    hugo = make_hugo(tmp_path / "hugo", config)
    out = export(site / READY, hugo, "site", cache=tmp_path / "cache")
    assert out.returncode == 0, out.stderr
    written = Path(out.stdout.strip())
    assert written == hugo / "content/posts/keeping-drafts-in-git.md"
    assert not (hugo / "content/keeping-drafts-in-git.md").exists()
    assert "/images/blog/keeping-drafts-in-git-cover.webp" in written.read_text(encoding="utf-8")
    assert (hugo / "static/images/blog/keeping-drafts-in-git-cover.webp").is_file()


def test_export_into_hugo_prefers_the_same_section_and_section_overrides(site: Path, tmp_path: Path) -> None:
    hugo = make_hugo(tmp_path / "hugo")
    (hugo / "content/blog").mkdir()  # the source post lives in .../blog: this site has a blog section too
    out = export(site / READY, hugo, "site", cache=tmp_path / "cache")
    assert out.returncode == 0, out.stderr
    assert Path(out.stdout.strip()) == hugo / "content/blog/keeping-drafts-in-git.md"
    chosen = export(site / READY, hugo, "site", "--section", "notes", cache=tmp_path / "cache")
    assert chosen.returncode == 0, chosen.stderr
    assert Path(chosen.stdout.strip()) == hugo / "content/notes/keeping-drafts-in-git.md"
    root = export(site / OTHER, hugo, "site", "--section", ".", cache=tmp_path / "cache")
    assert Path(root.stdout.strip()) == hugo / "content/choosing-a-good-slug.md"
    bad = export(site / READY, hugo, "site", "--section", "../../escape", cache=tmp_path / "cache")
    assert bad.returncode == 1 and "section" in bad.stderr
    assert not (tmp_path / "escape").exists()
    usage = export(site / READY, tmp_path, "html", "--section", "posts", cache=tmp_path / "cache")
    assert usage.returncode == 2


def test_export_to_site_core_section_and_overwrite(site: Path, tmp_path: Path) -> None:
    hugo = make_hugo(tmp_path / "hugo")
    post, detected = Post.load(site / READY), Site.detect(site)
    written = export_to_site(post, detected, hugo, section="posts")
    assert written == hugo / "content/posts/keeping-drafts-in-git.md"
    assert export_to_site(post, detected, hugo) == written  # the same file again: nothing to do
    written.write_text("---\ntitle: edited there\n---\n")
    with pytest.raises(ExportExistsError):
        export_to_site(post, detected, hugo)
    assert written.read_text() == "---\ntitle: edited there\n---\n"
    assert export_to_site(post, detected, hugo, overwrite=True) == written
    assert written.read_bytes() != b"---\ntitle: edited there\n---\n"
    # a link in the target's section is never written through, even with overwrite
    for precious in (tmp_path / "precious.md", hugo / "content/about.md"):
        if not precious.exists():
            precious.write_text("keep me\n")
        kept = precious.read_bytes()
        written.unlink()
        written.symlink_to(precious)
        with pytest.raises(ExportError, match="symbolic link"):
            export_to_site(post, detected, hugo, overwrite=True)
        assert precious.read_bytes() == kept


def test_export_into_its_own_site_never_replaces_its_posts(site: Path, tmp_path: Path) -> None:
    post, detected = Post.load(site / READY), Site.detect(site)
    before = (site / READY).read_bytes()
    with pytest.raises(ExportError, match="post itself"):
        export_to_site(post, detected, site, overwrite=True)
    other = site / "src/content/blog/notes/keeping-drafts-in-git.md"
    other.parent.mkdir()
    other.write_text("---\ntitle: A different post\n---\n")
    with pytest.raises(ExportError, match="own site"):
        export_to_site(post, detected, site, overwrite=True, section="notes")
    assert other.read_text() == "---\ntitle: A different post\n---\n"
    assert (site / READY).read_bytes() == before


def test_export_into_a_site_without_static_keeps_hugo_conventions(site: Path, tmp_path: Path) -> None:
    hugo = make_hugo(tmp_path / "hugo")
    shutil.rmtree(hugo / "static")
    written = export_to_site(Post.load(site / READY), Site.detect(site), hugo)
    assert written == hugo / "content/posts/keeping-drafts-in-git.md"
    assert 'cover: "/images/blog/keeping-drafts-in-git-cover.webp"' in written.read_text(encoding="utf-8")
    assert (hugo / "static/images/blog/keeping-drafts-in-git-cover.webp").is_file()


def test_a_page_bundle_keeps_its_folder_inside_the_section(tmp_path: Path) -> None:
    src = make_hugo(tmp_path / "src", posts=0)
    bundle = src / "content/posts/trip"
    bundle.mkdir()
    Image.new("RGB", (4, 4)).save(bundle / "photo.png")
    (bundle / "index.md").write_text("---\ntitle: Trip\ncover: photo.png\n---\n![p](photo.png)\n")
    dst = make_hugo(tmp_path / "dst")
    written = export_to_site(Post.load(bundle / "index.md"), Site.detect(src), dst)
    assert written == dst / "content/posts/trip/index.md"
    assert (dst / "content/posts/trip/photo.png").read_bytes() == (bundle / "photo.png").read_bytes()
    (dst / "content/posts/trip/photo.png").write_bytes(b"their photo")
    with pytest.raises(ExportExistsError):
        export_to_site(Post.load(bundle / "index.md"), Site.detect(src), dst)
    assert (dst / "content/posts/trip/photo.png").read_bytes() == b"their photo"
