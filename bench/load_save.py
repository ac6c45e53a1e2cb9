"""Median load and to_bytes() time per corpus file (and the sample site).

    python bench/load_save.py [FOLDER ...]

With no folder, reads ../shared/corpus next to the project (when present) and
examples/sample-site. Prints one line per file and a summary.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from editor.core.errors import PostError  # noqa: E402
from editor.core.post import Post  # noqa: E402

REPEAT = 7


def median_ms(fn: object) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or [ROOT.parent / "shared" / "corpus", ROOT / "examples" / "sample-site"]
    files = [
        p
        for folder in folders
        if folder.is_dir()
        for p in sorted(folder.rglob("*"))
        if p.suffix in {".md", ".markdown"} and p.is_file()
    ]
    loads, saves = [], []
    print(f"{'load ms':>8} {'bytes ms':>8} {'size':>8}  file")
    for path in files:
        data = path.read_bytes()
        try:
            post = Post.loads(data, path=path)
        except PostError as exc:
            print(f"{'-':>8} {'-':>8} {len(data):>8}  {path.name}: {exc}")
            continue
        load_ms = median_ms(lambda: Post.loads(data, path=path))  # noqa: B023
        save_ms = median_ms(post.to_bytes)
        loads.append(load_ms)
        saves.append(save_ms)
        print(f"{load_ms:8.2f} {save_ms:8.2f} {len(data):8}  {path}")
    if loads:
        print(
            f"\n{len(loads)} files: median load {statistics.median(loads):.2f} ms "
            f"(max {max(loads):.2f}), median to_bytes {statistics.median(saves):.2f} ms "
            f"(max {max(saves):.2f})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
