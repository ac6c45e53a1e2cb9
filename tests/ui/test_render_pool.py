"""Blocks rendered in worker processes are the blocks the GUI thread renders, and a long
post fills the preview with their help."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from editor.core.render import BlockRenderer, layout
from editor.core.site import AssetResolver

LONG = "".join(
    f"## Part {i}\n\nText with a note[^n{i}] and ![a figure](img/f{i}.png) and `code`.\n\n"
    f"```python\nprint({i})\n```\n\n[^n{i}]: Note {i}.\n\n"
    for i in range(700)
)


def test_the_workers_render_what_the_gui_thread_renders(qtbot: Any, tmp_path: Path) -> None:
    from editor.ui.render_pool import RenderPool

    (tmp_path / "img").mkdir()
    (tmp_path / "img/f3.png").write_bytes(b"not read")
    resolver = AssetResolver.for_post(tmp_path / "post.md")
    lay = layout(LONG)
    here = BlockRenderer(resolver)
    keys: list[Any] = [here.key(text, lay) for text in lay.texts]
    notes = here.footnote_keys(lay)
    keys += notes
    pool = RenderPool(workers=2)
    got: dict[Any, str] = {}
    pool.rendered.connect(lambda _resolver, ks, hs: got.update(zip(ks, hs, strict=True)))
    pool.submit(resolver, keys)
    assert pool.busy() and pool.asked(keys[-1])
    qtbot.waitUntil(lambda: len(got) == len(set(keys)) and not pool.busy(), timeout=60000)
    assert [got[k] for k in keys] == [here.render_any(k) for k in keys]
    assert got[notes[3]].startswith('<li id="fn:n3">') and "footnote 4 in the text" in got[notes[3]]
    assert sum("file://" in html for html in got.values()) == 1  # the one image that exists
    pool.stop()


def test_a_long_post_fills_the_preview_with_the_workers(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    from tests.ui.conftest import js

    post = tmp_path / "long.md"
    post.write_text("---\ntitle: Long\n---\n" + LONG, encoding="utf-8")
    window = make_window()
    delivered: list[Any] = []
    window.preview.pool.rendered.connect(lambda _r, keys, _h: delivered.extend(keys))
    assert window.files.open_path(post)
    qtbot.waitUntil(lambda: not window.preview_driver.is_waiting() and window.preview.is_current(), timeout=60000)
    tail = window.preview._tail.rendered  # what the GUI thread rendered from the bottom meanwhile
    assert len(delivered) > 500 and tail > 0
    assert len(set(delivered)) == len(delivered)  # nothing asked twice
    assert len(delivered) + tail <= 2800 + 700  # each block and footnote rendered once
    renderer = window.preview.renderer
    assert js(qtbot, window.preview, "document.querySelectorAll('h2').length") == 700
    assert js(qtbot, window.preview, "document.querySelectorAll('.footnote li').length") == 700
    expected = BlockRenderer(renderer.resolver).render_all(LONG)
    assert window.preview._html == expected


def test_a_failing_worker_hands_the_fill_back(qtbot: Any, tmp_path: Path) -> None:
    from editor.ui.render_pool import RenderPool

    pool = RenderPool(workers=1)
    told: list[int] = []
    pool.rendered.connect(lambda _resolver, keys, _htmls: told.append(len(keys)))
    pool.submit(None, [("not a block key",)])  # type: ignore[list-item]
    qtbot.waitUntil(lambda: pool.broken and told == [0], timeout=60000)
    pool.submit(None, [("x", "", "", ())])
    assert not pool.busy()  # once broken, the GUI thread renders everything


def test_typing_at_the_top_while_a_long_post_fills(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtGui import QTextCursor

    post = tmp_path / "long.md"
    longer = "".join(f"Paragraph {i} with a note[^n{i}].\n\n[^n{i}]: Note {i}.\n\n" for i in range(8000))
    post.write_text("---\ntitle: Long\n---\n## Part 0\n\n" + longer, encoding="utf-8")
    window = make_window()
    assert window.files.open_path(post)
    preview = window.preview
    qtbot.waitUntil(lambda: bool(preview._html), timeout=60000)
    assert preview._pending  # still filling
    cursor = window.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfLine)
    window.editor.setTextCursor(cursor)
    rebuilds: list[int] = []
    rebuild = preview._rebuild
    preview._rebuild = lambda lay: (rebuilds.append(1), rebuild(lay))  # type: ignore[method-assign]
    for _ in range(3):
        window.editor.insertPlainText(" again")
        qtbot.wait(30)
    qtbot.waitUntil(lambda: not window.preview_driver.is_waiting() and preview.is_current(), timeout=60000)
    text = window.documents[0].body_text()
    assert text.startswith("## Part 0 again again again\n")
    assert not rebuilds  # each key patched its block; the fill went on below it
    assert preview._html == BlockRenderer(preview.renderer.resolver).render_all(text)
