"""Keystroke-to-preview latency and GUI-thread stalls while typing.

    python bench/preview.py [--keys N] [--sizes 100000,1000000]

For each body size, opens a generated post in the real window (offscreen),
types N characters into the middle of the body, one every 60 ms, and prints:

* keystroke -> preview updated: median and 95th percentile, in ms (from the key
  event to the moment the page has applied the patch);
* GUI stall: the longest and 99th-percentile gap between ticks of a 1 ms timer
  while typing (how long the event loop was busy);
* initial fill: time from opening the post until the whole preview is rendered.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")

PARAGRAPH = (
    "## Section {i}\n\nA paragraph with *emphasis*, `inline code`, and [a link](https://example.com/{i}). "
    "It goes on for a while so that the block is about the size of a real paragraph in a post.\n\n"
    "- a list item\n- another item with **bold** text\n\n"
    "```python\ndef f{i}(x):\n    return x * {i}\n```\n\n"
)


def body_of(size: int) -> str:
    parts, total, i = [], 0, 0
    while total < size:
        chunk = PARAGRAPH.format(i=i)
        parts.append(chunk)
        total += len(chunk.encode())
        i += 1
    return "".join(parts)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def bench_window(body: str) -> tuple[Any, Any, Path]:
    """The application, a shown 1400×900 window with its own settings, and a post holding ``body``."""
    from editor.ui.app import create_app
    from editor.ui.main_window import MainWindow
    from editor.ui.settings_store import SettingsStore

    app = create_app(["bench"])
    folder = Path(tempfile.mkdtemp())
    post = folder / "post.md"
    post.write_text("---\ntitle: Bench\n---\n" + body, encoding="utf-8")
    window = MainWindow(SettingsStore.in_file(str(folder / "settings.ini")))
    window.resize(1400, 900)
    window.show()
    return app, window, post


def run(size: int, keys: int) -> dict[str, float]:
    from PySide6.QtCore import QEvent, QEventLoop, Qt, QTimer
    from PySide6.QtGui import QKeyEvent, QTextCursor
    from PySide6.QtWidgets import QApplication

    app, window, post = bench_window(body_of(size))

    def spin_until(condition, timeout: float = 600.0) -> None:  # type: ignore[no-untyped-def]
        deadline = time.perf_counter() + timeout
        while not condition():
            if time.perf_counter() > deadline:
                raise TimeoutError("preview did not finish")
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)

    spin_until(window.preview.is_ready)
    start = time.perf_counter()
    window.open_path(post)
    spin_until(
        lambda: (
            not window._preview_timer.isActive() and window.preview.is_current() and window.preview._text is not None
        )
    )
    fill_s = time.perf_counter() - start

    editor = window.editor
    cursor = editor.textCursor()
    middle = editor.document().findBlockByNumber(editor.document().blockCount() // 2)
    cursor.setPosition(middle.position())
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    editor.setTextCursor(cursor)
    editor.setFocus()

    latencies: list[float] = []
    gaps: list[float] = []
    last_tick = [time.perf_counter()]
    ticker = QTimer(interval=1)

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now - last_tick[0]) * 1000)
        last_tick[0] = now

    ticker.timeout.connect(tick)
    sent_at: list[float] = []
    window.preview.updated.connect(
        lambda: latencies.append((time.perf_counter() - sent_at[-1]) * 1000) if sent_at else None
    )
    ticker.start()
    for n in range(keys):
        char = "abcdefghij "[n % 11]
        sent_at.append(time.perf_counter())
        expected = len(latencies) + 1
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(editor, QKeyEvent(kind, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, char))
        spin_until(lambda e=expected: len(latencies) >= e, timeout=30)
        pause_until = time.perf_counter() + 0.06
        while time.perf_counter() < pause_until:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
    ticker.stop()
    window.document.text_document.setModified(False)
    window.close()
    window.preview.teardown()
    return {
        "fill_s": fill_s,
        "median_ms": statistics.median(latencies),
        "p95_ms": percentile(latencies, 0.95),
        "stall_max_ms": max(gaps),
        "stall_p99_ms": percentile(gaps, 0.99),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keys", type=int, default=60)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    args = parser.parse_args(argv)
    print(f"{'body':>9} {'fill s':>7} {'key->preview median':>20} {'p95':>7} {'GUI stall max':>14} {'p99':>6}")
    for size in (int(s) for s in args.sizes.split(",")):
        r = run(size, args.keys)
        print(
            f"{size:>9,} {r['fill_s']:7.2f} {r['median_ms']:17.1f} ms {r['p95_ms']:7.1f} "
            f"{r['stall_max_ms']:11.1f} ms {r['stall_p99_ms']:6.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
