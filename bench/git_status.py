"""The git state of every post of a 5,000-post repository: cold and warm.

    python bench/git_status.py [--posts 5000] [--no-window]

Generates the site of ``bench/index.py`` in a temporary git repository (every post
committed, a few changed, one new), then prints, for each engine (the git program and
dulwich), the median of 5 runs of ``status()``, the first run after the files were
written (cold), and ``post-editor status SITE --json`` as a whole process; then, in the
window, the time from asking for a refresh to the Posts panel showing every post's state
(the first time, and the median of 5 more).
"""

from __future__ import annotations

import argparse
import os
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
    from editor.core.git_dulwich import DulwichRepo

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--no-window", action="store_true", help="only the engines, not the Posts panel")
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
        print(f"{args.posts:,} posts, {args.posts // 500} changed and one new")
        for engine, kind in (("git", GitRepo), ("dulwich", DulwichRepo)):
            repo = kind(site.resolve())
            start = time.perf_counter()
            status = repo.status()
            cold = time.perf_counter() - start
            warm = []
            for _ in range(5):
                start = time.perf_counter()
                repo.status()
                warm.append(time.perf_counter() - start)
            changed = sum(1 for s in status.files.values() if s != "unchanged")
            env = dict(os.environ, POST_EDITOR_GIT=engine)
            start = time.perf_counter()
            command = [sys.executable, "-m", "editor", "status", str(site), "--json"]
            subprocess.run(command, check=True, capture_output=True, env=env)
            whole = time.perf_counter() - start
            print(
                f"{engine:>8}: status() first {cold * 1000:.0f} ms, warm median {statistics.median(warm) * 1000:.0f} ms"
                f" ({changed} files); post-editor status --json (whole process, posts indexed too): {whole:.2f} s"
            )
        if not args.no_window:
            window_figures(site, args.posts // 500 + 1)
    return 0


def window_figures(site: Path, changed: int) -> None:
    """The window opens the site; then a refresh until the Posts panel shows the states."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
    from preview import Bench

    bench = Bench()
    window = bench.window()
    panel = window.library_panel
    start = time.perf_counter()
    window.files.open_folder(site)
    bench.spin_until(lambda: window.site_controller.is_idle() and len(panel.model.git_states) == changed)
    first = time.perf_counter() - start
    times = []
    for _ in range(5):
        panel.model.git_states = {}
        start = time.perf_counter()
        window.git.refresh()
        bench.spin_until(lambda: len(panel.model.git_states) == changed)
        times.append(time.perf_counter() - start)
    print(
        f"  window: site opened to every state in the Posts panel {first:.2f} s (indexing the posts too); "
        f"a refresh to the panel, warm median {statistics.median(times) * 1000:.0f} ms"
    )
    for document in window.documents:
        document.text_document.setModified(False)
    window.close()
    window.preview.teardown()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
