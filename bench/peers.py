"""Post Editor beside ghostwriter, on the same generated posts, in one run on one machine.

    python bench/peers.py [--sizes 100000,1000000]

Each editor is started on a post written by ``bench/preview.py``'s generator (the mix
long real posts have), with a home folder of its own, under the same display
(an X display; without one the script runs itself under ``xvfb-run``). Neither editor says when its preview is
complete, so both are timed the same way from outside: from the start of the process
until its whole process tree has used less than 2 % of a core for a second (its
preview filled, nothing left to do). Then the RSS and PSS of the tree are read from
``/proc/*/smaps_rollup``. ghostwriter is the Debian package ``ghostwriter``; without it
the script says so and measures Post Editor alone. Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from preview import body_of, process_tree_memory  # noqa: E402 - the same documents and the same memory reading

IDLE_SHARE = 0.02  # of one core
IDLE_FOR_S = 1.0
TICK = os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(root: int) -> float:
    total = 0.0
    for pid, *_rest in process_tree_memory(root):
        try:
            fields = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / TICK
    return total


def settle(process: subprocess.Popen[bytes], timeout: float = 300.0) -> float:
    """Seconds from now until ``process``'s tree has been idle for ``IDLE_FOR_S``."""
    start = time.perf_counter()
    window: list[tuple[float, float]] = []
    while time.perf_counter() - start < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"the editor exited with {process.returncode}")
        now = time.perf_counter()
        window.append((now, tree_cpu_seconds(process.pid)))
        window = [(t, c) for t, c in window if now - t <= IDLE_FOR_S + 0.05]
        span = window[-1][0] - window[0][0]
        started = len(process_tree_memory(process.pid)) > 1  # its preview's helper processes are up
        if started and span >= IDLE_FOR_S and window[-1][1] - window[0][1] < IDLE_SHARE * span:
            return window[0][0] - start
        time.sleep(0.05)
    raise TimeoutError("the editor never went idle")


def measure(command: list[str], home: Path) -> tuple[float, float, float]:
    """``(seconds until idle, tree RSS MB, tree PSS MB)`` of one editor on one post."""
    env = dict(os.environ, HOME=str(home))
    for name in ("config", "data", "state", "cache"):
        env[f"XDG_{name.upper()}_HOME"] = str(home / name)
    env["QT_QPA_PLATFORM"] = "xcb" if os.environ.get("DISPLAY") else "offscreen"
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        seconds = settle(process)
        memory = process_tree_memory(process.pid)
        return seconds, sum(m[2] for m in memory), sum(m[3] for m in memory)
    finally:
        process.kill()
        process.wait()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,1000000")
    args = parser.parse_args(argv)
    if not os.environ.get("DISPLAY") and shutil.which("xvfb-run"):  # ghostwriter needs a display
        screen = ["-s", "-screen 0 1400x900x24"]
        return subprocess.call(["xvfb-run", "-a", *screen, sys.executable, __file__, *argv])
    folder = Path(tempfile.mkdtemp(prefix="post-editor-peers-"))
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
    editors = {"Post Editor": [sys.executable, "-m", "editor", "--new-instance"]}
    ghostwriter = shutil.which("ghostwriter")
    if ghostwriter:
        editors["ghostwriter"] = [ghostwriter]
    else:
        print("ghostwriter is not installed (Debian: apt install ghostwriter): Post Editor alone.\n")
    print(f"{'body':>10} {'editor':>12} {'until idle':>11} {'RSS MB':>8} {'PSS MB':>8}")
    for size in (int(s) for s in args.sizes.split(",")):
        post = folder / f"post-{size}.md"
        post.write_text("---\ntitle: Bench\n---\n" + body_of(size), encoding="utf-8")
        results = {}
        for name, command in editors.items():
            home = folder / f"home-{name.split()[0].lower()}-{size}"
            home.mkdir()
            results[name] = measure([*command, str(post)], home)
            seconds, rss, pss = results[name]
            print(f"{size:>10,} {name:>12} {seconds:9.2f} s {rss:8.0f} {pss:8.0f}")
        if len(results) == 2:
            ours, theirs = results["Post Editor"], results["ghostwriter"]
            ratios = [a / b for a, b in zip(ours, theirs, strict=True)]
            print(
                f"{'':>10} {'ratio':>12} {ratios[0]:9.2f} × {ratios[1]:8.2f} {ratios[2]:8.2f}"
                "   (Post Editor / ghostwriter; below 1 is better)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
