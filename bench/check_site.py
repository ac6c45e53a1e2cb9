"""`post-editor check SITE --json` on a generated site of N posts: cold and warm.

    python bench/check_site.py [--posts 5000] [--repeat 1] [--profile]

Generates an Astro-style site of N ready posts (unique slugs, a WebP cover that
exists, a body with a heading and an internal image) in a temporary folder, then
runs the whole `post-editor check SITE --json` process:

* cold: a fresh, empty ``XDG_CACHE_HOME`` (the library index is built from scratch);
* warm: the same cache again (the index is read back).

Each figure is the median of ``--repeat`` runs. ``--profile`` also runs the check
in this process under cProfile and prints the functions that take the most time,
which is how to find a check that grows with the square of the number of posts.
The folder is removed at the end.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
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
    from PIL import Image

    images = root / "public/images/blog"
    images.mkdir(parents=True)
    Image.new("RGB", (32, 18), (40, 90, 160)).save(images / "shared-cover.webp", "WEBP")
    Image.new("RGB", (16, 16), (200, 60, 30)).save(images / "chart.webp", "WEBP")
    (root / "astro.config.mjs").write_text("export default {}\n")
    blog = root / "src/content/blog"
    blog.mkdir(parents=True)
    body = "A paragraph of text for the post body, long enough to look like writing.\n\n" * 20
    for i in range(count):
        tags = ", ".join(f'"{TAGS[(i + k) % len(TAGS)]}"' for k in range(3))
        (blog / f"post-{i:05}.md").write_text(
            f'---\ntitle: "Post number {i}"\nlang: en\ndate: 2024-{1 + i % 12:02}-{1 + i % 28:02}\n'
            f'excerpt: "An excerpt for post {i} that is long enough to be realistic for a search result."\n'
            f'cover: "/images/blog/shared-cover.webp"\ntags: [{tags}]\n---\n\n'
            f"## Heading\n\n{body}![A chart](/images/blog/chart.webp)\n",
            encoding="utf-8",
        )


def run_check(site_root: Path, cache: Path) -> tuple[float, int, int]:
    """(seconds, exit status, posts reported) of one whole `post-editor check` process."""
    import json

    env = dict(os.environ, XDG_CACHE_HOME=str(cache), QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-m", "editor", "check", str(site_root), "--json"]
    start = time.perf_counter()
    out = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    try:
        reported = len(json.loads(out.stdout))
    except ValueError:
        reported = -1
    return elapsed, out.returncode, reported


def profile(site_root: Path, cache: Path, top: int = 12) -> str:
    os.environ["XDG_CACHE_HOME"] = str(cache)
    from editor import cli

    profiler = cProfile.Profile()
    saved = sys.stdout
    sys.stdout = io.StringIO()
    try:
        profiler.runcall(cli.main, ["check", str(site_root), "--json"])
    finally:
        sys.stdout = saved
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(top)
    return text.getvalue()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=5000, help="how many posts the site has (default 5000)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per figure; the median is printed (default 1)")
    parser.add_argument("--profile", action="store_true", help="also profile one warm check in this process")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="check-bench-"))
    try:
        site_root = work / "site"
        start = time.perf_counter()
        make_site(site_root, args.posts)
        made = time.perf_counter() - start
        cache = work / "xdg-cache"
        colds: list[float] = []
        warms: list[float] = []
        status = reported = 0
        for _ in range(max(1, args.repeat)):
            shutil.rmtree(cache, ignore_errors=True)
            seconds, status, reported = run_check(site_root, cache)
            colds.append(seconds)
        for _ in range(max(1, args.repeat)):
            seconds, status, reported = run_check(site_root, cache)
            warms.append(seconds)
        cold, warm = statistics.median(colds), statistics.median(warms)
        print(f"{args.posts} posts (site generated in {made:.1f} s)")
        print(f"  post-editor check --json   cold {cold:7.2f} s   warm {warm:7.2f} s   (whole process)")
        per_cold, per_warm = cold / args.posts * 1000, warm / args.posts * 1000
        print(f"  per post                   cold {per_cold:7.2f} ms  warm {per_warm:7.2f} ms")
        print(f"  exit status {status}, {reported} posts reported")
        if args.profile:
            print(profile(site_root, cache))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
