"""Rich text pasted from the web becomes clean Markdown; Ctrl+Shift+V pastes plain text."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QApplication

from editor.core.paste import html_to_markdown, without_tracking

PAGE = (
    '<meta charset="utf-8"><h2 style="color:#333" data-analytics="h">Why it works</h2>'
    '<p class="MsoNormal" style="margin:0"><span style="font-family:Calibri">Some <b>bold</b>, '
    '<i>italic</i> and <a href="https://example.com/a?utm_source=news&amp;id=7" onclick="track()">a link</a>.'
    "</span></p><ul><li>one</li><li>two</li></ul>"
    "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>"
    '<pre><code class="language-python">print(1)</code></pre><img src="https://cdn.example.com/p.png" alt="A chart">'
)


@pytest.fixture
def clipboard() -> Iterator[Callable[[str, str], None]]:
    """Put HTML and its plain text on the clipboard; cleared afterwards (mime data the
    clipboard still held when the application went away crashed the process at exit)."""

    def put(html: str, text: str) -> None:
        data = QMimeData()
        data.setHtml(html)
        data.setText(text)
        QApplication.clipboard().setMimeData(data)

    yield put
    QApplication.clipboard().clear()


def test_pasting_a_web_page_inserts_markdown_in_one_undo_step(
    make_window: Any, clipboard: Callable[[str, str], None]
) -> None:
    window = make_window()
    editor = window.editor
    editor.selectAll()
    editor.insertPlainText("Intro.\n\n")
    before = editor.document().toPlainText()
    clipboard(PAGE, "Why it works Some bold, italic and a link.")
    notes: list[str] = []
    editor.pasteNote.connect(notes.append)
    editor.paste()
    text = editor.document().toPlainText()
    assert "## Why it works" in text and "**bold**" in text and "*italic*" in text
    assert "[a link](https://example.com/a?id=7)" in text  # the tracking parameter is gone
    assert "| A | B |" in text and "```python\nprint(1)\n```" in text and "- one\n- two" in text
    assert "[A chart](https://cdn.example.com/p.png)" in text and "![" not in text
    assert "style" not in text and "onclick" not in text and "Calibri" not in text
    assert notes == ["1 image on the web pasted as link; nothing was downloaded."]
    editor.undo()
    assert editor.document().toPlainText() == before
    editor.paste_plain()
    assert editor.document().toPlainText() == before + "Why it works Some bold, italic and a link."


def test_the_conversion_itself() -> None:
    assert html_to_markdown("<p>A <code>x</code> b</p>").markdown == "A `x` b"
    assert without_tracking("https://x.org/p?a=1&fbclid=2&utm_medium=m") == "https://x.org/p?a=1"
    assert without_tracking("https://x.org/p?q=1") == "https://x.org/p?q=1"
