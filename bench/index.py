"""Indexing a 5,000-post site: cold and warm, in process and as whole `post-editor list` runs.

    python bench/index.py [--posts 5000]

Generates an Astro-style site in a temporary folder, then prints:
* Library.scan() cold (empty cache) and warm (cache hit), median of 5 runs;
* `post-editor list FOLDER --json` as a whole process, cold and warm;
* the window: time until the posts list is filled (offscreen).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TAGS = ["writing", "static-sites", "seo", "images", "workflow", "performance", "git", "travel"]


def make_site(root: Path, count: int) -> None:
    (root / "public/images/blog").mkdir(parents=True)
    (root / "astro.config.mjs").write_text("export default {}\n")
    blog = root / "src/content/blog"
    blog.mkdir(parents=True)
    body = "A paragraph of text for the post body, long enough to look like writing.\n\n" * 30
    for i in range(count):
        tags = ", ".join(f'"{TAGS[(i + k) % len(TAGS)]}"' for k in range(3))
        (blog / f"post-{i:05}.md").write_text(
            f'---\ntitle: "Post number {i}"\nlang: {"en" if i % 4 else "fr"}\n'
            f"date: 2024-{i % 12 + 1:02}-{i % 28 + 1:02}\n"
            f'excerpt: "An excerpt for post {i} that is long enough to be realistic."\n'
            f'canonical_url: "https://example.com/blog/post-{i}/"\nis_external: false\n'
            f'cover: "/images/blog/post-{i}-cover.webp"\ntags: [{tags}]\n---\n\n## Heading\n\n{body}',
            encoding="utf-8",
        )


def timed(fn, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    values = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        values.append(time.perf_counter() - start)
    return statistics.median(values)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=5000)
    args = parser.parse_args(argv)
    from editor.core.library import Library
    from editor.core.site import Site

    work = Path(tempfile.mkdtemp())
    site_root = work / "site"
    make_site(site_root, args.posts)
    cache = work / "cache"

    def cold() -> None:
        shutil.rmtree(cache, ignore_errors=True)
        Library(Site.detect(site_root), cache_dir=cache).scan()

    def warm() -> None:
        Library(Site.detect(site_root), cache_dir=cache).scan()

    cold_s = timed(cold)
    warm()
    warm_s = timed(warm)
    env = dict(os.environ, XDG_CACHE_HOME=str(work / "xdg"))
    command = [sys.executable, "-m", "editor", "list", str(site_root), "--json"]

    def process() -> None:
        subprocess.run(command, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)

    def process_cold() -> None:
        shutil.rmtree(work / "xdg", ignore_errors=True)
        process()

    proc_cold = timed(process_cold, 3)
    process()
    proc_warm = timed(process, 3)
    window_s = window_fill(site_root)
    print(f"{args.posts} posts")
    print(f"  Library.scan        cold {cold_s:6.2f} s   warm {warm_s:6.2f} s")
    print(f"  post-editor list    cold {proc_cold:6.2f} s   warm {proc_warm:6.2f} s   (whole process)")
    print(f"  window posts list   filled in {window_s:6.2f} s (warm cache)")
    shutil.rmtree(work, ignore_errors=True)
    return 0


def window_fill(site_root: Path) -> float:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
    from PySide6.QtCore import QEventLoop

    from editor.ui.app import create_app
    from editor.ui.main_window import MainWindow
    from editor.ui.settings_store import SettingsStore

    app = create_app(["bench"])
    window = MainWindow(SettingsStore.in_file(str(site_root.parent / "settings.ini")))
    window.show()
    start = time.perf_counter()
    window.open_folder(site_root)
    while not (window.site_controller.is_idle() and window.library_panel.model.rowCount() > 0):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
    elapsed = time.perf_counter() - start
    window.close()
    window.preview.teardown()
    return elapsed


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
