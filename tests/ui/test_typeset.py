"""Math and diagrams in the real preview and in exported pages: KaTeX and Mermaid shipped
with the app, nothing fetched, errors shown in place, the author's scripts still never run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)

from tests.ui.conftest import js

POST = """---
title: Math and diagrams
---
Euler's identity, $e^{i\\pi}+1=0$, costs $5 or $10 to print.

$$
\\int_0^1 x^2\\,dx = \\frac{1}{3}
$$

A broken one: $\\frac{1$.

```mermaid
graph TD
  Draft --> Review --> Publish
```

```mermaid
graph TD
  A -->
```

<script>document.body.dataset.authorScript = "ran"</script>

After everything.
"""

DONE = "window.__peTypeset && window.__peTypeset.state()"


def _typeset(qtbot: Any, preview: Any) -> None:
    qtbot.waitUntil(lambda: js(qtbot, preview, DONE) == "done", timeout=30000)


def test_math_and_diagrams_render_in_the_preview_with_errors_in_place(
    make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    post = tmp_path / "math.md"
    post.write_text(POST, encoding="utf-8")
    window = make_window(post)
    preview = window.preview
    _typeset(qtbot, preview)
    katex = js(qtbot, preview, "[...document.querySelectorAll('.arithmatex')].map(e => e.dataset.peDone).join()")
    assert katex == "math,math,error"  # inline, display, and the broken one
    inline = js(qtbot, preview, "document.querySelector('span.arithmatex .katex-mathml annotation').textContent")
    assert inline == "e^{i\\pi}+1=0"
    assert js(qtbot, preview, "!!document.querySelector('div.arithmatex .katex-display')") is True
    error = js(qtbot, preview, "document.querySelector('span.arithmatex .pe-render-error').textContent")
    assert error.startswith("Math: KaTeX parse error") and "\\frac{1" in error
    assert "$5 or $10" in js(qtbot, preview, "document.querySelector('#pe-content p').textContent")
    # KaTeX's fonts load from the app's files (a text in KaTeX_Main is measured with it)
    font = js(qtbot, preview, "getComputedStyle(document.querySelector('.katex .mord')).fontFamily")
    assert "KaTeX" in font
    qtbot.waitUntil(lambda: js(qtbot, preview, "document.fonts.check('16px KaTeX_Main')") is True, timeout=10000)
    diagrams = js(qtbot, preview, "[...document.querySelectorAll('.pe-diagram')].map(e => e.dataset.peDone).join()")
    assert diagrams == "diagram,error"
    labels = js(qtbot, preview, "document.querySelector('.pe-diagram svg').textContent")
    assert "Draft" in labels and "Publish" in labels
    broken = js(qtbot, preview, "document.querySelectorAll('.pe-diagram .pe-render-error')[0].textContent")
    assert broken.startswith("Diagram: Parse error on line 3")  # the error under the source, which stays
    assert js(qtbot, preview, "document.body.dataset.authorScript || ''") == ""  # the author's script never ran
    assert "After everything." in js(qtbot, preview, "__postEditor.text()")
    assert preview.interceptor.blocked == []  # nothing asked of the network, nothing outside the app and site


def test_editing_a_formula_typesets_it_again_and_dark_mode_redraws_diagrams(
    make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    from tests.ui.conftest import wait_preview

    post = tmp_path / "edit.md"
    post.write_text("---\ntitle: E\n---\nPlain text first.\n", encoding="utf-8")
    window = make_window(post)
    editor = window.editor
    editor.setPlainText("Now $a^2+b^2=c^2$.\n\n```mermaid\nflowchart LR\n  One --> Two\n```\n")
    wait_preview(qtbot, window)
    _typeset(qtbot, window.preview)
    assert js(qtbot, window.preview, "document.querySelector('.katex annotation').textContent") == "a^2+b^2=c^2"
    light = js(qtbot, window.preview, "document.querySelector('.pe-diagram svg').outerHTML")
    window.preview.set_dark(True)
    drawn = "document.querySelector('.pe-diagram svg')?.outerHTML ?? ''"
    qtbot.waitUntil(lambda: js(qtbot, window.preview, drawn) not in ("", light), timeout=30000)
    editor.setPlainText("Now $a^3$.\n")
    wait_preview(qtbot, window)
    _typeset(qtbot, window.preview)
    assert js(qtbot, window.preview, "document.querySelector('.katex annotation').textContent") == "a^3"


class _Recorder(QWebEngineUrlRequestInterceptor):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:  # noqa: N802 - Qt override
        self.urls.append(info.requestUrl().toString())


def test_an_exported_page_typesets_its_math_and_diagrams_offline(qtbot: Any, tmp_path: Path) -> None:
    from editor.core.export import export_html
    from editor.core.post import Post

    source = tmp_path / "math.md"
    source.write_text(POST, encoding="utf-8")
    (tmp_path / "out").mkdir()
    page_file = export_html(Post.load(source), None, tmp_path / "out")
    text = page_file.read_text(encoding="utf-8")
    assert "authorScript" not in text  # the author's script is not exported
    profile = QWebEngineProfile()
    recorder = _Recorder()
    profile.setUrlRequestInterceptor(recorder)
    page = QWebEnginePage(profile)
    loaded: list[bool] = []
    page.loadFinished.connect(loaded.append)
    page.load(QUrl.fromLocalFile(str(page_file)))
    qtbot.waitUntil(lambda: bool(loaded), timeout=30000)

    def run(script: str) -> Any:
        box: dict[str, Any] = {}
        page.runJavaScript(script, 0, lambda result: box.setdefault("r", result))
        qtbot.waitUntil(lambda: "r" in box, timeout=10000)
        return box["r"]

    try:
        qtbot.waitUntil(lambda: run(DONE) == "done", timeout=30000)
        assert run("document.querySelector('span.arithmatex annotation').textContent") == "e^{i\\pi}+1=0"
        assert run("document.querySelectorAll('.pe-diagram svg').length") == 1
        assert run("document.querySelectorAll('.pe-render-error').length") == 2
        assert run("document.fonts.check('16px KaTeX_Main')") is True
        assert [u for u in recorder.urls if not u.startswith(("file:", "data:"))] == []
        assert recorder.urls[:1] == [QUrl.fromLocalFile(str(page_file)).toString()]
    finally:
        page.deleteLater()
        qtbot.wait(50)
        profile.deleteLater()


def test_a_pdf_prints_the_typeset_math_and_diagram(qapp: Any, tmp_path: Path) -> None:
    import shutil
    import subprocess

    import pytest

    from editor.core.post import Post
    from editor.ui.pdf import export_pdf

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian poppler-utils) reads the PDF's text back")
    source = tmp_path / "math.md"
    source.write_text(POST.replace("A broken one: $\\frac{1$.\n", ""), encoding="utf-8")
    pdf = export_pdf(Post.load(source), None, tmp_path / "out")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Draft" in text and "Publish" in text  # the diagram's labels, drawn
    assert "Draft --> Review" not in text  # a drawn diagram hides its source
    assert "\\int" not in text and "\\(" not in text  # no TeX left as text
    assert "After everything." in text
