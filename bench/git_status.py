"""The git state of every post of a 5,000-post repository: cold and warm.

    python bench/git_status.py [--posts 5000]

Generates the site of ``bench/index.py`` in a temporary git repository (every post
committed, a few changed, one new), then prints the median of 5 runs of
``GitRepo.status()`` (what the window asks for), the first run after the files were
written (cold), and ``post-editor status SITE --json`` as a whole process.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)


def main(argv: list[str]) -> int:
    from index import make_site

    from editor.core.git import GitRepo

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=5000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        site.mkdir()
        make_site(site, args.posts)
        git(site, "init", "-q", "-b", "main")
        git(site, "-c", "user.name=Bench", "-c", "user.email=bench@example.com", "add", ".")
        git(site, "-c", "user.name=Bench", "-c", "user.email=bench@example.com", "commit", "-q", "-m", "Posts")
        blog = site / "src/content/blog"
        for i in range(0, args.posts, 500):
            post = blog / f"post-{i:05}.md"
            post.write_text(post.read_text(encoding="utf-8") + "An edit.\n", encoding="utf-8")
        (blog / "new-post.md").write_text("---\ntitle: New\n---\nNew.\n", encoding="utf-8")
        repo = GitRepo(site.resolve())
        start = time.perf_counter()
        status = repo.status()
        cold = time.perf_counter() - start
        warm = []
        for _ in range(5):
            start = time.perf_counter()
            repo.status()
            warm.append(time.perf_counter() - start)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "editor", "status", str(site), "--json"], check=True, capture_output=True)
        whole = time.perf_counter() - start
        changed = sum(1 for s in status.files.values() if s != "unchanged")
        print(f"{args.posts:,} posts, {changed} changed or new")
        print(f"GitRepo.status(): first {cold * 1000:.0f} ms, warm median {statistics.median(warm) * 1000:.0f} ms")
        print(f"post-editor status --json (whole process, posts indexed too): {whole:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
