"""The preview's speed and the program's memory, measured in the real window (offscreen).

    python bench/preview.py [--sizes 10000,100000,1000000,3000000] [--keys 60] [--typeset] [--constructs]

For each body size it writes a generated post holding the mix long real posts have
(footnotes, tables, nested lists, quotes, images, code in several languages, raw
HTML, link references), opens it in a fresh window and prints:

* top: from opening the post until the top of the post is in the preview;
* fill: until the whole post is in the preview;
* fill stall: the longest the event loop was busy while the preview filled (what an
  author typing during the fill would wait);
* edit -> preview: median and worst, from a key press in the middle of the body to
  the page having applied the patch, over ``--keys`` keys typed 60 ms apart;
* typing stall: the longest and 99th-percentile gap between ticks of a 1 ms timer
  while typing;
* typing while filling: the longest gap while typing at the top of a post just opened,
  its preview still filling.

Then, with the 100 KB post open: the memory of the process tree (RSS and PSS of each
process, from /proc/*/smaps_rollup), its growth over 100 edits, and the cold start
(a fresh ``python -m editor POST`` until its preview shows the post).
``--typeset`` measures the same with math (inline and display, in one block of
twelve) and five Mermaid diagrams on the page, and how long after the fill until every
formula is typeset and every diagram drawn.
``--constructs`` adds the fill time of a 300 KB post of each construct alone.
Not part of ``make test``: figures, not assertions.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")

CONSTRUCTS: dict[str, str] = {
    "paragraphs": (
        "## Section {i}\n\nA paragraph with *emphasis*, `inline code` and [a link](https://example.com/{i}). "
        "It runs on for a while, as paragraphs of real posts do, so that the block is about the size "
        "a writer would leave between two breaths of an argument.\n\n"
    ),
    "footnotes": "A claim that needs a source[^n{i}], and the rest of the sentence.\n\n[^n{i}]: The source {i}.\n\n",
    "tables": "| Name | Value {i} | Note |\n|:-----|------:|:----:|\n| a | {i} | x |\n| b | {i}.5 | y |\n\n",
    "lists": "Steps for part {i}:\n\n- item {i}\n  - nested item\n    - deeper, with **bold**\n- another item\n\n",
    "quotes": "> A quoted line {i}, with *emphasis*.\n>\n> > And a quote inside the quote.\n\n",
    "images": "![Figure {i}](/images/figure-{i}.png)\n\nA caption for figure {i}.\n\n",
    "code": (
        "```python\ndef f{i}(x):\n    return x * {i}\n```\n\n"
        "```js\nconst g{i} = (x) => x + {i};\n```\n\n```bash\necho {i} | wc -c\n```\n\n"
    ),
    "html": '<div class="note" data-n="{i}">\n<p>Raw <em>HTML</em> block {i}.</p>\n</div>\n\n',
    "references": "See [the reference {i}][ref{i}] here.\n\n[ref{i}]: https://example.com/ref/{i}\n\n",
    "math": "Energy $E_{{{i}}} = mc^2$ and $\\sum_{{k=1}}^{{{i}}} k$.\n\n$$\n\\int_0^{{{i}}} x^2\\,dx\n$$\n\n",
    "diagrams": "```mermaid\ngraph LR\n  A{i}[Draft {i}] --> B{i}[Review] --> C{i}[Publish]\n```\n\n",
}
MIX = ("paragraphs", "paragraphs", "paragraphs", "footnotes", "lists", "code", "quotes", "tables", "images", "html")


def body_of(size: int, kinds: tuple[str, ...] = MIX) -> str:
    """About ``size`` bytes of Markdown cycling through ``kinds``."""
    parts, total, i = [], 0, 0
    while total < size:
        chunk = CONSTRUCTS[kinds[i % len(kinds)]].format(i=i)
        parts.append(chunk)
        total += len(chunk.encode())
        i += 1
    return "".join(parts)


def typeset_body_of(size: int, diagrams: int = 5) -> str:
    """The usual mix with math in one block of twelve and ``diagrams`` diagrams spread through it."""
    parts = body_of(size, (*MIX, "math", "paragraphs")).split("\n\n## ")
    step = max(1, len(parts) // diagrams)
    for n in range(diagrams):
        at = min(len(parts) - 1, n * step)
        parts[at] += "\n\n" + CONSTRUCTS["diagrams"].format(i=n).rstrip("\n")
    return "\n\n## ".join(parts)


def typeset_time(bench: Bench, window: Any) -> float:
    """From now until every formula on the page is typeset and every diagram drawn."""
    start = time.perf_counter()
    state: dict[str, Any] = {}

    def ask() -> None:
        state.pop("r", None)
        window.preview.evaluate("window.__peTypeset.state()", lambda r: state.setdefault("r", r))

    ask()
    while True:
        bench.spin_until(lambda: "r" in state)
        if state["r"] == "done":
            return time.perf_counter() - start
        bench.spin_for(0.02)
        ask()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


class Bench:
    """One application and a fresh window per measurement, each with its own settings."""

    def __init__(self) -> None:
        from editor.ui.app import create_app

        self.folder = Path(tempfile.mkdtemp(prefix="post-editor-bench-"))
        for name in ("config", "data", "state", "cache"):
            os.environ[f"XDG_{name.upper()}_HOME"] = str(self.folder / name)
        os.environ["POST_EDITOR_STATE"] = str(self.folder / "state")
        self.app = create_app(["bench"])

    def window(self) -> Any:
        from editor.ui.main_window import MainWindow
        from editor.ui.settings_store import SettingsStore

        window = MainWindow(SettingsStore.in_file(str(self.folder / "settings.ini")))
        window.resize(1400, 900)
        window.show()
        self.spin_until(window.preview.is_ready)
        return window

    def post(self, body: str, name: str = "post.md") -> Path:
        post = self.folder / name
        post.write_text("---\ntitle: Bench\n---\n" + body, encoding="utf-8")
        return post

    def spin_until(self, condition: Callable[[], bool], timeout: float = 600.0) -> None:
        """Run the event loop until ``condition()``, checking every millisecond. (A loop of
        ``processEvents`` would keep one core busy and take it from what is measured.)"""
        from PySide6.QtCore import QEventLoop, QTimer

        if condition():
            return
        deadline = time.perf_counter() + timeout
        loop = QEventLoop()
        timer = QTimer(interval=1)

        def check() -> None:
            if condition() or time.perf_counter() > deadline:
                loop.quit()

        timer.timeout.connect(check)
        timer.start()
        loop.exec()
        timer.stop()
        if not condition():
            raise TimeoutError("the preview did not finish")

    def spin_for(self, seconds: float) -> None:
        end = time.perf_counter() + seconds
        self.spin_until(lambda: time.perf_counter() >= end)

    @staticmethod
    def close(window: Any) -> None:
        for document in window.documents:
            document.text_document.setModified(False)
        window.close()
        window.preview.teardown()


class Ticks:
    """The gaps between ticks of a 1 ms timer: how long the event loop was busy at a time."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.gaps: list[float] = []
        self._last = time.perf_counter()
        self._timer = QTimer(interval=1)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self._last) * 1000)
        self._last = now

    def __enter__(self) -> Ticks:
        self._last = time.perf_counter()
        self._timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._timer.stop()


def fill(bench: Bench, window: Any, post: Path) -> dict[str, float]:
    """Open ``post``; the time until its top, and until all of it, is in the preview."""
    landed = window.preview.patches_landed
    start = time.perf_counter()
    with Ticks() as ticks:
        window.files.open_path(post)
        bench.spin_until(lambda: window.preview.patches_landed > landed)
        top_at = time.perf_counter()
        bench.spin_until(lambda: not window.preview_driver.is_waiting() and window.preview.is_current())
        done = time.perf_counter()
    return {"top_s": top_at - start, "fill_s": done - start, "fill_stall_ms": max(ticks.gaps[1:] or [0.0])}


def typing_while_filling(bench: Bench, window: Any, post: Path, keys: int = 30) -> float:
    """Open ``post`` and type into its top at once, a key every 60 ms, while the preview
    fills: the longest the event loop was busy, from the first key to the last."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    window.files.open_path(post)
    bench.spin_until(lambda: window.preview.patches_landed > 0)
    editor = window.editor
    editor.setFocus()
    with Ticks() as ticks:
        for n in range(keys):
            char = "abcdefghij "[n % 11]
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(editor, QKeyEvent(kind, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, char))
            bench.spin_for(0.06)
    bench.spin_until(lambda: not window.preview_driver.is_waiting() and window.preview.is_current())
    return max(ticks.gaps[1:] or [0.0])


def typing(bench: Bench, window: Any, keys: int) -> dict[str, float]:
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent, QTextCursor
    from PySide6.QtWidgets import QApplication

    editor = window.editor
    cursor = editor.textCursor()
    middle = editor.document().findBlockByNumber(editor.document().blockCount() // 2)
    cursor.setPosition(middle.position())
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    editor.setTextCursor(cursor)
    editor.setFocus()
    latencies: list[float] = []
    sent: list[float] = []
    window.preview.updated.connect(lambda: latencies.append((time.perf_counter() - sent[-1]) * 1000) if sent else None)
    with Ticks() as ticks:
        for n in range(keys):
            sent.append(time.perf_counter())
            expected = len(latencies) + 1
            char = "abcdefghij "[n % 11]
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(editor, QKeyEvent(kind, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, char))
            bench.spin_until(lambda e=expected: len(latencies) >= e, timeout=60)  # type: ignore[misc]
            bench.spin_for(0.06)
    return {
        "median_ms": statistics.median(latencies),
        "worst_ms": max(latencies),
        "stall_max_ms": max(ticks.gaps[1:] or [0.0]),
        "stall_p99_ms": percentile(ticks.gaps, 0.99),
    }


def process_tree_memory(root: int) -> list[tuple[int, str, float, float]]:
    """``(pid, name, RSS MB, PSS MB)`` of ``root`` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        try:
            rollup = (Path("/proc") / str(pid) / "smaps_rollup").read_text()
            name = (Path("/proc") / str(pid) / "comm").read_text().strip()
        except OSError:
            continue
        values = {line.split(":")[0]: int(line.split()[1]) for line in rollup.splitlines()[1:] if line.endswith("kB")}
        found.append((pid, name, values.get("Rss", 0) / 1024, values.get("Pss", 0) / 1024))
        todo += children.get(pid, [])
    return found


def memory(bench: Bench, window: Any, post: Path) -> None:
    window.files.open_path(post)
    bench.spin_until(lambda: not window.preview_driver.is_waiting() and window.preview.is_current())
    bench.spin_for(2.0)
    before = process_tree_memory(os.getpid())
    print("\nMemory with the 100 KB post open (MB):")
    print(f"{'process':>28} {'RSS':>8} {'PSS':>8}")
    for pid, name, rss, pss in before:
        print(f"{name + ' ' + str(pid):>28} {rss:8.1f} {pss:8.1f}")
    print(f"{'whole tree':>28} {sum(r for *_x, r, _p in before):8.1f} {sum(p for *_x, p in before):8.1f}")
    typing(bench, window, 100)
    bench.spin_for(2.0)
    after = process_tree_memory(os.getpid())
    grow_rss = sum(r for *_x, r, _p in after) - sum(r for *_x, r, _p in before)
    grow_main = after[0][2] - before[0][2]
    print(f"after 100 edits: tree {grow_rss:+.1f} MB RSS, main process {grow_main:+.1f} MB RSS")


COLD_START = """
import os, sys, time
t0 = time.time()
start = float(open('/proc/self/stat').read().rsplit(')', 1)[1].split()[19]) / os.sysconf('SC_CLK_TCK')
boot = time.time() - float(open('/proc/uptime').read().split()[0])
from PySide6.QtCore import QTimer
from editor.cli import build_window
window = build_window([sys.argv[1], '--new-instance'])
from PySide6.QtWidgets import QApplication
app = QApplication.instance()
def look():
    if window.preview.patches_landed > 0:
        print(time.time() - (boot + start)); app.quit()
    else:
        QTimer.singleShot(5, look)
QTimer.singleShot(0, look)
app.exec()
"""


def cold_start(post: Path, folder: Path) -> float:
    env = dict(os.environ, HOME=str(folder / "home"))
    out = subprocess.run(
        [sys.executable, "-c", COLD_START, str(post)], env=env, capture_output=True, text=True, timeout=120
    )
    lines = [line for line in out.stdout.splitlines() if line.strip()]
    return float(lines[-1]) if lines else float("nan")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keys", type=int, default=60)
    parser.add_argument("--sizes", default="10000,100000,1000000,3000000")
    parser.add_argument("--constructs", action="store_true", help="also the fill time of each construct alone")
    parser.add_argument("--typeset", action="store_true", help="with math and diagrams on the page")
    parser.add_argument("--no-memory", action="store_true")
    parser.add_argument("--memory-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_only:  # in a process of its own: what the posts measured before took stays out
        bench = Bench()
        window = bench.window()
        memory(bench, window, bench.post(body_of(100_000), "memory.md"))
        bench.close(window)
        cold = cold_start(bench.post(body_of(100_000), "cold.md"), bench.folder)
        print(f"cold start to the first rendered post (100 KB): {cold:.2f} s")
        return 0
    bench = Bench()
    print(
        f"{'body':>10} {'top s':>6} {'fill s':>7} {'fill stall':>11} {'edit median':>12} {'worst':>7}"
        f" {'typing stall':>13} {'p99':>6} {'typing while filling':>21}"
    )
    make_body = typeset_body_of if args.typeset else body_of
    for size in (int(s) for s in args.sizes.split(",")):
        window = bench.window()
        f = fill(bench, window, bench.post(make_body(size), f"post-{size}.md"))
        typeset = f" typeset {typeset_time(bench, window):.2f} s later" if args.typeset else ""
        t = typing(bench, window, args.keys)
        bench.close(window)
        window = bench.window()
        during = typing_while_filling(bench, window, bench.post(make_body(size), f"typed-{size}.md"))
        print(
            f"{size:>10,} {f['top_s']:6.2f} {f['fill_s']:7.2f} {f['fill_stall_ms']:8.1f} ms"
            f" {t['median_ms']:9.1f} ms {t['worst_ms']:7.1f} {t['stall_max_ms']:10.1f} ms {t['stall_p99_ms']:6.1f}"
            f" {during:18.1f} ms{typeset}"
        )
        bench.close(window)
    if args.constructs:
        print(f"\n{'300 KB of':>12} {'fill s':>7}")
        for kind in CONSTRUCTS:
            window = bench.window()
            f = fill(bench, window, bench.post(body_of(300_000, (kind,)), f"{kind}.md"))
            print(f"{kind:>12} {f['fill_s']:7.2f}")
            bench.close(window)
    if not args.no_memory:
        sys.stdout.flush()
        subprocess.run([sys.executable, __file__, "--memory-only"], check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
