"""Spell checking's speed, with the shipped dictionaries and the real window (offscreen).

    python bench/spelling.py

Prints the load time of each dictionary, words checked per second on the sample site's
posts, the time to check a generated 100 KB post cold (a fresh speller) and warm (its
words seen), suggestion times, and in the window: the longest GUI stall when a 100 KB
post's underlines first appear and while typing into it with spelling on.
Not part of ``make test``: figures, not assertions.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
sys.path.insert(0, str(Path(__file__).resolve().parent))

SAMPLE = Path(__file__).resolve().parents[1] / "examples/sample-site/src/content/blog"
PROSE = (
    "Writing a long post takes a morning of drafting and an afternoon of cutting. The first "
    "version is always too long; the second one says the same thing in half the words, and "
    "recieve teh occasional typo that a careful reader will notice before you do.\n\n"
)


def check_all(speller: object, body: str) -> int:
    from editor.core.spelling import Speller
    from editor.core.spelling_text import body_words

    assert isinstance(speller, Speller)
    return sum(1 for w in body_words(body) if not speller.correct(w.word))


def main() -> int:
    from editor.core import spelling
    from editor.core.post import Post
    from editor.core.spelling_text import body_words

    print(f"engine: {spelling.engine_name()}")
    print(f"{'dictionary':>12} {'load s':>7}")
    for name in sorted(spelling.available()):
        start = time.perf_counter()
        spelling.load(name)
        print(f"{name:>12} {time.perf_counter() - start:7.2f}")

    bodies = [Post.load(p).content for p in sorted(SAMPLE.glob("*.md"))]
    speller = spelling.Speller(["en_US", "fr_FR"])
    words = sum(1 for body in bodies for _ in body_words(body))
    start = time.perf_counter()
    for body in bodies:
        check_all(speller, body)
    elapsed = time.perf_counter() - start
    print(f"\nsample posts: {words:,} words in {elapsed * 1000:.1f} ms cold ({words / elapsed:,.0f} words/s)")

    body = PROSE * (100_000 // len(PROSE))
    cold = spelling.Speller(["en_US"])
    start = time.perf_counter()
    wrong = check_all(cold, body)
    cold_s = time.perf_counter() - start
    start = time.perf_counter()
    check_all(cold, body)
    warm_s = time.perf_counter() - start
    print(f"100 KB post: {wrong:,} misspelled, checked in {cold_s:.3f} s cold and {warm_s:.3f} s warm")

    times = []
    for word in ("recieve", "teh", "definately", "seperate", "occured", "untill", "wierd", "acheive"):
        start = time.perf_counter()
        cold.suggestions(word)
        times.append((time.perf_counter() - start) * 1000)
    print(f"suggestions: median {statistics.median(times):.0f} ms, worst {max(times):.0f} ms")

    window_figures(body)
    return 0


def window_figures(body: str) -> None:
    import preview as bench_preview
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent, QTextCursor
    from PySide6.QtWidgets import QApplication

    bench = bench_preview.Bench()
    window = bench.window()
    post = bench.post("---\ntitle: Bench\nlang: en\n---\n" + body, "spelling.md")
    with bench_preview.Ticks() as ticks:
        window.files.open_path(post)
        bench.spin_until(lambda: window.spelling.speller(window.document).ready())
        bench.spin_for(1.0)
    print(f"\nwindow, 100 KB post: longest stall from opening to underlined {max(ticks.gaps[1:] or [0]):.1f} ms")
    editor = window.editor
    cursor = editor.textCursor()
    cursor.setPosition(editor.document().findBlockByNumber(editor.document().blockCount() // 2).position())
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    editor.setTextCursor(cursor)
    editor.setFocus()
    with bench_preview.Ticks() as ticks:
        for n in range(60):
            char = "recieve teh "[n % 12]
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(editor, QKeyEvent(kind, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, char))
            bench.spin_for(0.06)
    gaps = ticks.gaps[1:]
    p99 = bench_preview.percentile(gaps, 0.99)
    print(f"typing with spelling on: longest GUI stall {max(gaps):.1f} ms, p99 {p99:.1f} ms")
    bench.close(window)


if __name__ == "__main__":
    raise SystemExit(main())
