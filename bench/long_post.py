"""Opening and typing into a very long post (20 MB by default) in the real window.

    python bench/long_post.py [--size BYTES] [--keys N]

Prints, for a generated post of the given size:

* open: time for the window to open the file (read, parse, hand the text to
  the editor; the GUI thread is busy throughout);
* first screen: time from opening until the top of the post shows in the
  preview, and the longest GUI stall until then;
* typing: N keys at the top of the post, one every 100 ms, while the rest of
  the preview still fills in: the longest time a key waited in the editor,
  and the longest GUI stall (from a 1 ms timer) during typing and the 2 s
  that follow (when the preview, word count and checks catch up).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")

from preview import bench_window, body_of  # noqa: E402 - after the path set-up


def run(size: int, keys: int) -> dict[str, float]:
    from PySide6.QtCore import QEvent, QEventLoop, Qt, QTimer
    from PySide6.QtGui import QKeyEvent, QTextCursor
    from PySide6.QtWidgets import QApplication

    app, window, post = bench_window("# Top\n\n" + body_of(size))

    def spin(seconds: float = 0.0, until=None) -> None:  # type: ignore[no-untyped-def]
        deadline = time.perf_counter() + (seconds or 600.0)
        while time.perf_counter() < deadline and not (until is not None and until()):
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)

    spin(until=window.preview.is_ready)
    gaps: list[float] = []
    last = [0.0]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000)
        last[0] = now

    ticker = QTimer(interval=1)
    ticker.timeout.connect(tick)
    start = time.perf_counter()
    window.open_path(post)
    open_s = time.perf_counter() - start
    last[0] = time.perf_counter()
    ticker.start()
    seen: dict[str, object] = {}

    def top_shown() -> bool:
        window.preview.evaluate("document.querySelector('#pe-content h1')?.textContent", lambda r: seen.update(r=r))
        return seen.get("r") == "Top"

    spin(until=top_shown)
    first_s = time.perf_counter() - start
    first_stall = max(gaps, default=0.0)

    gaps.clear()
    cursor = window.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    window.editor.setTextCursor(cursor)
    key_ms: list[float] = []
    for n in range(keys):
        char = "abcdefghij "[n % 11]
        began = time.perf_counter()
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(window.editor, QKeyEvent(kind, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, char))
        key_ms.append((time.perf_counter() - began) * 1000)
        spin(0.1)
    spin(2.0)
    ticker.stop()
    window.document.text_document.setModified(False)
    window.close()
    window.preview.teardown()
    return {
        "open_s": open_s,
        "first_s": first_s,
        "first_stall_ms": first_stall,
        "key_max_ms": max(key_ms),
        "typing_stall_ms": max(gaps),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=20_000_000)
    parser.add_argument("--keys", type=int, default=30)
    args = parser.parse_args(argv)
    r = run(args.size, args.keys)
    print(f"body {args.size:,} bytes")
    print(f"  open                      {r['open_s']:6.2f} s")
    print(f"  top of the preview shown  {r['first_s']:6.2f} s (longest GUI stall {r['first_stall_ms']:.0f} ms)")
    print(f"  typing: slowest key       {r['key_max_ms']:6.1f} ms")
    print(f"  typing: longest GUI stall {r['typing_stall_ms']:6.0f} ms (keys, and the 2 s after)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
