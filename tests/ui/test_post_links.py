"""Typing a link offers the site's other posts, and links the one chosen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from tests.core.test_post_links import write


def test_typing_a_link_offers_the_sites_posts(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    site = write(
        tmp_path / "site",
        {
            ".post-editor.toml": 'content_folders = ["content"]\n',
            "content/a.md": "---\ntitle: Alpha\ndate: 2024-01-01\n---\nText.\n",
            "content/b.md": "---\ntitle: Bretagne in spring\ndate: 2024-03-01\n---\nB.\n",
            "content/c.md": "---\ntitle: Crêpes\ndate: 2024-02-01\n---\nC.\n",
        },
    )
    window = make_window(site)
    window.files.open_post(site / "content/a.md")
    qtbot.waitUntil(lambda: window.document is not None and window.document.path.name == "a.md")
    qtbot.waitUntil(lambda: len(window.document.site_context.library.posts) == 3, timeout=10000)
    editor = window.editor
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.insertPlainText("\nRead [the spring trip]")

    def choose() -> None:
        picker = window.post_links.picker
        assert picker is not None and picker.list.count() == 2  # the post itself is not offered
        picker.search.setText("bret")
        assert picker.list.count() == 1 and "Bretagne in spring" in picker.list.item(0).text()
        picker.accept()

    def when_open() -> None:
        if window.post_links.picker is None:
            QTimer.singleShot(20, when_open)
        else:
            choose()

    QTimer.singleShot(0, when_open)
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(editor, QKeyEvent(kind, Qt.Key.Key_ParenLeft, Qt.KeyboardModifier.NoModifier, "("))
    qtbot.waitUntil(lambda: editor.document().toPlainText().endswith(")"), timeout=5000)
    assert editor.document().toPlainText().endswith("Read [the spring trip](./b.md)")


def test_a_link_to_another_post_opens_it_from_the_preview(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    from tests.ui.conftest import js

    site = write(
        tmp_path / "hugo",
        {
            "hugo.toml": "title = 'x'\n",
            "content/posts/a.md": '---\ntitle: A\n---\nSee [the other one]({{< relref "posts/b.md" >}}).\n',
            "content/posts/b.md": "---\ntitle: B\n---\nB.\n",
        },
    )
    window = make_window(site / "content/posts/a.md")
    href = js(qtbot, window.preview, "document.querySelector('.pe-content a, #content a, a').getAttribute('href')")
    assert href == "#post-editor-post:relref:posts/b.md"
    assert js(qtbot, window.preview, "document.querySelector('a').textContent") == "the other one"
    js(qtbot, window.preview, "document.querySelector('a').click(), 1")
    qtbot.waitUntil(lambda: window.document is not None and window.document.path.name == "b.md", timeout=5000)
    window.tabs.show(next(d for d in window.documents if d.path.name == "a.md"))
    qtbot.waitUntil(window.preview.is_current, timeout=5000)
    js(qtbot, window.preview, "document.querySelector('a').click(), 1")  # the same link again
    qtbot.waitUntil(lambda: window.document.path.name == "b.md", timeout=5000)
    # The file keeps what the author wrote; only the preview shows a link.
    assert 'relref "posts/b.md"' in (site / "content/posts/a.md").read_text(encoding="utf-8")


def test_a_link_to_another_post_shows_its_title_and_a_broken_one_is_marked(
    make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    from tests.ui.conftest import js

    site = write(
        tmp_path / "hugo",
        {
            "hugo.toml": "title = 'x'\n",
            "content/posts/a.md": (
                '---\ntitle: A\n---\nSee [this]({{< relref "posts/b.md" >}}) and [that]({{< relref "gone.md" >}}).\n'
            ),
            "content/posts/b.md": "---\ntitle: The spring trip\n---\nB.\n",
        },
    )
    window = make_window(site / "content/posts/a.md")
    titles = "[...document.querySelectorAll('a')].map(a => a.title + '|' + a.className).join(';')"
    qtbot.waitUntil(lambda: js(qtbot, window.preview, titles).startswith("The spring trip|"), timeout=10000)
    assert js(qtbot, window.preview, titles) == "The spring trip|;No post of the site has this name|pe-broken-link"
    # a link typed later is marked when its block arrives
    window.editor.textCursor().insertText('Also [again]({{< relref "posts/b.md" >}}).\n\n')
    qtbot.waitUntil(lambda: js(qtbot, window.preview, titles).count("The spring trip|") == 2, timeout=10000)


def test_renaming_a_draft_offers_to_update_the_links_to_it(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

    from tests.ui.conftest import answer_box
    from tests.ui.test_window_rough_edges import open_site

    site = write(
        tmp_path / "hugo",
        {
            "hugo.toml": "title = 'x'\n",
            "content/posts/working-title.md": "---\ntitle: Working title\ndraft: true\n---\nText.\n",
            "content/posts/cites.md": (
                '---\ntitle: Cites\n---\nSee [it]({{< relref "working-title.md" >}}) or [here](./working-title.md).\n'
            ),
            "content/posts/busy.md": '---\ntitle: Busy\n---\nAlso [it]({{< relref "working-title.md" >}}).\n',
        },
    )
    posts = site / "content/posts"
    window = make_window()
    open_site(window, qtbot, site)
    assert window.files.open_post(posts / "busy.md")
    window.editor.textCursor().insertText("Unsaved words. ")  # an open post with unsaved changes is left alone
    assert window.files.open_post(posts / "working-title.md")
    window.document.set_field("title", "Final Title")
    seen: dict[str, str] = {}

    def update_links() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == "linkUpdatePrompt":
            seen["text"], seen["details"] = box.text(), box.detailedText()
            box.findChild(QPushButton, "updateLinks").click()
        else:
            QTimer.singleShot(20, update_links)

    answer_box(QMessageBox.StandardButton.Yes, "renamePrompt")
    QTimer.singleShot(0, update_links)
    assert window.files.save()
    assert (posts / "final-title.md").exists() and not (posts / "working-title.md").exists()
    assert seen["text"].startswith("3 links in 2 other posts point to “working-title.md”")
    assert 'cites.md, line 4: {{< relref "working-title.md" >}}  →  {{< relref "final-title.md" >}}' in seen["details"]
    assert "busy.md: not changed, it has unsaved changes" in seen["details"]
    assert (posts / "cites.md").read_text(encoding="utf-8") == (
        '---\ntitle: Cites\n---\nSee [it]({{< relref "final-title.md" >}}) or [here](./final-title.md).\n'
    )
    assert 'relref "working-title.md"' in (posts / "busy.md").read_text(encoding="utf-8")
    assert "left unchanged" in window.statusBar().currentMessage()
