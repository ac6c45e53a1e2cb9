"""PDF export through Qt WebEngine's print-to-PDF, from the same standalone HTML."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from editor.core.errors import PostError

TYPESET_WAIT_MS = 20000  # at most this long for the page's math and diagrams before printing
STATE = "window.__peTypeset ? window.__peTypeset.state() : 'done'"


def export_pdf(post: Any, site: Any, target: Path, timeout_ms: int = 60000, *, overwrite: bool = False) -> Path:
    """Write ``post`` as a PDF. Works without a window (offscreen) for the command line.
    The same rules as every export: never over a post, an existing file only with ``overwrite``."""
    from editor.core.export import export_target, standalone_html, write_export

    if target.is_dir() or not target.suffix:
        target.mkdir(parents=True, exist_ok=True)
    target = export_target(post, site, target, ".pdf", overwrite=overwrite)
    target.parent.mkdir(parents=True, exist_ok=True)
    html = standalone_html(post, site)

    from PySide6.QtCore import QEventLoop, QTimer, QUrl
    from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile, QWebEngineSettings

    from editor.ui.app import create_app

    if "DISPLAY" not in os.environ and "WAYLAND_DISPLAY" not in os.environ:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    create_app()
    with tempfile.TemporaryDirectory() as folder:
        page_file = Path(folder) / "post.html"  # a file, not setHtml: that stops at 2 MB
        page_file.write_text(html, encoding="utf-8")
        printed_file = Path(folder) / "post.pdf"  # Chromium writes 0600; the export follows the umask
        profile = QWebEngineProfile()
        page = QWebEnginePage(profile)
        # Scripts run only where the page has math or diagrams: then its policy lets the
        # shipped renderers run (by their hashes) and nothing else.
        from editor.core.typeset import START

        typesets = START in html  # our start script, which no escaped text of the post can spell
        page.settings().setAttribute(QWebEngineSettings.WebAttribute.JavascriptEnabled, typesets)
        loop = QEventLoop()
        state: dict[str, Any] = {}
        waited = {"ms": 0}

        def print_when_typeset(result: object = None) -> None:
            if result == "done" or waited["ms"] >= TYPESET_WAIT_MS:
                page.printToPdf(str(printed_file))  # a formula still not drawn prints as its TeX
                return
            waited["ms"] += 50
            QTimer.singleShot(50, lambda: page.runJavaScript(STATE, 0, print_when_typeset))

        def loaded(ok: bool) -> None:
            if not ok:
                state["error"] = "the page did not load"
                loop.quit()
                return
            if typesets:
                page.runJavaScript(STATE, 0, print_when_typeset)
            else:
                page.printToPdf(str(printed_file))

        def printed(path: str, ok: bool) -> None:
            state["ok"] = ok
            loop.quit()

        page.loadFinished.connect(loaded)
        page.pdfPrintingFinished.connect(printed)
        QTimer.singleShot(timeout_ms, loop.quit)
        page.load(QUrl.fromLocalFile(str(page_file)))
        loop.exec()
        import shiboken6

        shiboken6.delete(page)  # the page must go before its profile
        shiboken6.delete(profile)
        if not state.get("ok") or not printed_file.exists():
            raise PostError(f"Could not print the PDF: {state.get('error', 'printing failed or timed out')}.")
        return write_export(post, site, target, printed_file.read_bytes(), overwrite=overwrite)


def export_post(
    post: Any, site: Any, target: Path, kind: str, *, overwrite: bool = False, section: str | None = None
) -> Path:
    """Export ``post`` as ``kind``: a PDF printed here, anything else by ``core.export.export_post``."""
    if kind == "pdf":
        return export_pdf(post, site, Path(target), overwrite=overwrite)
    from editor.core.export import export_post as export_in_core

    return export_in_core(post, site, Path(target), kind, overwrite=overwrite, section=section)
