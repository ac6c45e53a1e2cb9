"""Real git repositories for the tests: a bare repository in ``tmp_path`` as the remote,
and two clones of it as two authors, Ann and Bob."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PIL import Image

POST = "---\ntitle: {title}\ndate: 2024-05-01\ndescription: A post.\ncover: ./{cover}\n---\nSome text.\n"


def git(folder: Path, *args: str) -> str:
    out = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=True)
    return out.stdout


def clone(remote: Path, folder: Path, name: str) -> Path:
    subprocess.run(["git", "clone", "-q", str(remote), str(folder)], check=True, capture_output=True)
    git(folder, "config", "user.name", name)
    git(folder, "config", "user.email", f"{name.lower()}@example.com")
    return folder


def make_authors(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The remote and two clones holding an Astro-style site with one published post."""
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    first = clone(remote, tmp_path / "ann", "Ann")
    git(first, "checkout", "-q", "-b", "main")
    blog = first / "src/content/blog"
    blog.mkdir(parents=True)
    (first / "astro.config.mjs").write_text("export default {}\n", encoding="utf-8")
    (blog / "first.md").write_text(POST.format(title="First", cover="first.png"), encoding="utf-8")
    Image.new("RGB", (40, 30), "teal").save(blog / "first.png")
    git(first, "add", ".")
    git(first, "commit", "-q", "-m", "Start")
    git(first, "push", "-q", "-u", "origin", "main")
    second = clone(remote, tmp_path / "bob", "Bob")
    return remote, first, second


def new_post(site: Path, name: str, title: str) -> Path:
    blog = site / "src/content/blog"
    post = blog / f"{name}.md"
    post.write_text(POST.format(title=title, cover=f"{name}.png"), encoding="utf-8")
    Image.new("RGB", (40, 30), "orange").save(blog / f"{name}.png")
    return post
