"""The live preview: block patches, images, the sandbox, scrolling, large posts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextCursor

from tests.ui.conftest import js, type_text, wait_preview

CONTENT = "document.getElementById('pe-content')"
BLOCKS = "Array.from(document.querySelectorAll('#pe-content .pe-block'))"
LAST = "__postEditor.block(__postEditor.count() - 1)"


def write_post(folder: Path, body: str, name: str = "post.md") -> Path:
    path = folder / name
    path.write_text(f"---\ntitle: Test\n---\n{body}", encoding="utf-8")
    return path


def test_keystroke_patches_only_the_changed_block(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    paras = "\n\n".join(f"Paragraph number {i}." for i in range(50))
    window = make_window(write_post(tmp_path, paras + "\n"))
    wait_preview(qtbot, window)
    assert js(qtbot, window.preview, "__postEditor.count()") == 50
    # Mark every block element; a patch must leave all but the edited one in place.
    js(qtbot, window.preview, f"{BLOCKS}.forEach((e, i) => e.__mark = i); 'ok'")
    js(qtbot, window.preview, "document.scrollingElement.scrollTop = 300; 'ok'")
    cursor = window.editor.textCursor()
    cursor.setPosition(window.editor.document().findBlockByNumber(20).position() + len("Paragraph number 10"))
    window.editor.setTextCursor(cursor)
    type_text(qtbot, window.editor, " (edited)")
    wait_preview(qtbot, window)
    kept = js(qtbot, window.preview, f"{BLOCKS}.filter(e => e.__mark !== undefined).length")
    assert kept == 49
    assert "Paragraph number 10 (edited)." in js(qtbot, window.preview, "__postEditor.block(10).textContent")
    assert js(qtbot, window.preview, "String(document.scrollingElement.scrollTop)") == "300"
    assert js(qtbot, window.preview, "location.href").endswith("shell.html")  # never reloaded


def test_local_images_resolve_and_missing_ones_show_placeholders(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "public/images/blog").mkdir(parents=True)
    posts = site / "src/content/blog"
    posts.mkdir(parents=True)
    Image.new("RGB", (40, 30), "red").save(site / "public/images/blog/abs.png")
    Image.new("RGB", (20, 10), "blue").save(posts / "rel.png")
    body = (
        "![absolute](/images/blog/abs.png)\n\n![relative](rel.png)\n\n"
        "![gone](/images/blog/nope.webp)\n\n![remote](https://example.com/x.png)\n\n"
        "![escape](../../../../etc/passwd)\n"
    )
    window = make_window(write_post(posts, body))
    wait_preview(qtbot, window)
    sizes = (
        "Array.from(document.images).filter(i => i.closest('#pe-content')).map(i => i.complete + ':' + i.naturalWidth)"
    )
    qtbot.waitUntil(lambda: js(qtbot, window.preview, f"{sizes}.join(',')") == "true:40,true:20", timeout=10000)
    text = js(qtbot, window.preview, f"{CONTENT}.textContent")
    assert "Missing image /images/blog/nope.webp" in text
    assert "Remote image not loaded https://example.com/x.png" in text
    assert "Blocked image outside the site ../../../../etc/passwd" in text


def test_author_scripts_and_handlers_do_not_run(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    body = (
        "<script>document.body.dataset.pwned = 'script'</script>\n\n"
        '<img src="data:image/png;base64,AAAA" onerror="document.body.dataset.pwned = \'onerror\'">\n\n'
        '<a id="js-link" href="javascript:document.body.dataset.pwned=\'link\'">click</a>\n\n'
        '<iframe src="https://example.com/"></iframe>\n\n'
        '<meta http-equiv="refresh" content="0; url=https://example.com/">\n'
    )
    window = make_window(write_post(tmp_path, body))
    wait_preview(qtbot, window)
    qtbot.wait(300)
    assert js(qtbot, window.preview, "String(document.body.dataset.pwned)") == "undefined"
    # The preview sets blocks through innerHTML, which never runs a <script>. A parsed fragment
    # does run one where scripts are allowed: here the page's settings and its CSP must stop it.
    parsed = (
        "document.getElementById('pe-content').append(document.createRange().createContextualFragment("
        "'<script>document.body.dataset.pwned = \"parsed\"</' + 'script>')); 'ok'"
    )
    js(qtbot, window.preview, parsed)
    qtbot.wait(300)
    assert js(qtbot, window.preview, "String(document.body.dataset.pwned)") == "undefined"
    assert js(qtbot, window.preview, "document.querySelectorAll('#pe-content iframe').length") == 0
    assert "Remote embedded content not loaded" in js(qtbot, window.preview, f"{CONTENT}.textContent")
    page = window.preview.page()
    assert not page.acceptNavigationRequest(
        QUrl("javascript:alert(1)"), page.NavigationType.NavigationTypeLinkClicked, True
    )
    assert js(qtbot, window.preview, "location.href").endswith("shell.html")
    assert all("example.com" not in u for u in page.opened_links)


class RecordingServer:
    """A real HTTP server on localhost that records every request it gets."""

    def __init__(self) -> None:
        import http.server
        import threading

        self.paths: list[str] = []
        paths = self.paths

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                paths.append(self.path)
                self.send_response(404)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_no_request_leaves_the_machine(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    server = RecordingServer()
    try:
        u = server.url
        body = (
            f'<link rel="stylesheet" href="{u}/style.css">\n\n<link rel="prefetch" href="{u}/prefetch">\n\n'
            f'<p style="background:url({u}/bg.png)">styled</p>\n\n<style>@import url({u}/import.css); '
            f"@font-face {{ font-family: x; src: url({u}/font.woff); }} p {{ font-family: x; }}</style>\n\n"
            f'![img]({u}/img.png)\n\n<video src="{u}/v.mp4" autoplay></video>\n\n<object data="{u}/o.swf"></object>\n'
        )
        window = make_window(write_post(tmp_path, body))
        wait_preview(qtbot, window)
        # A request made from the isolated world too is stopped (the interceptor sees it or CSP drops it).
        js(
            qtbot,
            window.preview,
            f"document.body.appendChild(Object.assign(new Image(), {{src: '{u}/probe.png'}})); 'ok'",
        )
        qtbot.wait(1000)
        assert server.paths == []
    finally:
        server.close()


def test_the_test_server_does_record_requests() -> None:
    """The server above does see requests, so an empty log means something."""
    import urllib.error
    import urllib.request

    server = RecordingServer()
    try:
        try:
            urllib.request.urlopen(server.url + "/hello", timeout=5)
        except urllib.error.HTTPError:
            pass
        assert server.paths == ["/hello"]
    finally:
        server.close()


def test_links_open_in_the_system_browser_not_the_preview(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    window = make_window(write_post(tmp_path, "[site](https://example.com/page)\n"))
    wait_preview(qtbot, window)
    page = window.preview.page()
    from PySide6.QtCore import QObject, Slot
    from PySide6.QtGui import QDesktopServices

    class Browser(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.opened: list[str] = []

        @Slot(QUrl)
        def open(self, url: QUrl) -> None:
            self.opened.append(url.toString())

    browser = Browser()
    QDesktopServices.setUrlHandler("https", browser, "open")
    try:
        js(qtbot, window.preview, f"{CONTENT}.querySelector('a').click(); 'ok'")
        qtbot.waitUntil(lambda: browser.opened == ["https://example.com/page"], timeout=5000)
    finally:
        QDesktopServices.unsetUrlHandler("https")
    assert js(qtbot, window.preview, "location.href").endswith("shell.html")
    assert page.opened_links == ["https://example.com/page"]


def test_rendering_features(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    body = (
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "```python\ndef f():\n    return 1\n```\n\n"
        "- [x] done\n- [ ] todo\n\n~~gone~~ and a note[^n].\n\n"
        "Term\n: Definition\n\n## Anchor Me {#custom}\n\n[^n]: The note.\n"
    )
    window = make_window(write_post(tmp_path, body))
    wait_preview(qtbot, window)
    html = js(qtbot, window.preview, f"{CONTENT}.innerHTML")
    for needle in (
        "<table>",
        'class="codehilite"',
        '<span class="k">def</span>',
        'type="checkbox"',
        "<del>gone</del>",
        'class="footnote-ref"',
        "<dl>",
        'id="custom"',
        "The note.",
    ):
        assert needle in html, needle


def test_dark_theme_reaches_the_preview(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    window = make_window(write_post(tmp_path, "text\n"))
    window.preview.set_dark(True)
    qtbot.waitUntil(lambda: js(qtbot, window.preview, "document.body.classList.contains('dark')") is True)
    window.preview.set_dark(False)
    qtbot.waitUntil(lambda: js(qtbot, window.preview, "document.body.classList.contains('dark')") is False)


def test_scroll_sync_is_block_accurate(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    body = "\n\n".join(f"## Section {i}\n\n" + ("Words " * 80) for i in range(40)) + "\n"
    window = make_window(write_post(tmp_path, body))
    window.resize(1200, 700)
    wait_preview(qtbot, window)
    target = window.editor.document().find("## Section 25").blockNumber()

    def scrolled_to_25() -> bool:
        if js(qtbot, window.preview, top) == "Section 25":
            return True
        window.preview.scroll_to_line(target)  # again, in case the page was still settling
        return False

    top = (
        "(() => { for (const e of document.querySelectorAll('#pe-content h2')) {"
        " if (e.getBoundingClientRect().bottom > 0) return e.textContent; } })()"
    )
    window.editor.scroll_to_line(target)
    qtbot.waitUntil(scrolled_to_25, timeout=10000)

    # And back: scrolling the preview moves the editor to the same block.
    def scroll_preview_to(section: int) -> None:
        # A nudge first, as its own step, so the page reports a scroll even if it already sat there.
        js(qtbot, window.preview, "scrollBy(0, 1); 'ok'")
        js(qtbot, window.preview, f"document.querySelectorAll('#pe-content h2')[{section}].scrollIntoView(); 'ok'")

    def editor_at(section: int) -> Callable[[], bool]:
        heading = window.editor.document().find(f"## Section {section}").blockNumber()

        def there() -> bool:
            # The heading's block (a line either side: the preview may stop a few pixels off).
            if abs(window.editor.firstVisibleBlock().blockNumber() - heading) <= 1:
                return True
            scroll_preview_to(section)  # again, in case a late layout pass moved either pane
            return False

        return there

    for section in (10, 30):
        scroll_preview_to(section)
        qtbot.waitUntil(editor_at(section), timeout=10000)


def test_three_megabyte_post_previews_completely(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    chunk = "## Heading {i}\n\nSome *text* with `code` and a [link](https://example.com/{i}).\n\n- item a\n- item b\n\n"
    body = "".join(chunk.format(i=i) for i in range(40000))
    body += "The very last paragraph.\n"
    assert len(body.encode()) > 3_000_000
    window = make_window(write_post(tmp_path, body), timeout=120000)
    wait_preview(qtbot, window, timeout=120000)
    # textContent: innerText is empty for blocks the browser has not laid out yet
    last = js(qtbot, window.preview, f"{LAST}.textContent")
    assert last == "The very last paragraph."
    assert js(qtbot, window.preview, f"{BLOCKS}.length") == len(window.preview._html)


def test_twenty_megabyte_post_opens_previews_and_takes_edits(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    chunk = "## Heading {i}\n\nSome *text* with `code` and a [link](https://example.com/{i}).\n\n- item a\n- item b\n\n"
    body = "# The first heading\n\n" + "".join(chunk.format(i=i) for i in range(250000))
    assert len(body.encode()) > 20_000_000
    window = make_window(write_post(tmp_path, body), timeout=120000, settle=False)
    # The text is first split into blocks in a thread; an edit made meanwhile is not lost.
    qtbot.waitUntil(window.preview._splitter.busy, timeout=120000)
    cursor = QTextCursor(window.editor.document().firstBlock())
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    cursor.insertText(", edited")
    window.preview_driver.push()  # at once, not after the pause a post this long waits for
    assert window.preview._splitter.busy()  # the edit reaches a preview still being split
    # The top is previewed while the rest of the post still fills in behind it.
    first = "document.querySelector('#pe-content h1')?.textContent ?? ''"
    qtbot.waitUntil(lambda: js(qtbot, window.preview, first) == "The first heading, edited", timeout=120000)
    assert not window.preview.is_current()
    cursor.insertText(" twice")
    qtbot.waitUntil(lambda: js(qtbot, window.preview, first) == "The first heading, edited twice", timeout=120000)
    # The word count comes from its thread; only the top of the text has been coloured.
    words = f"{17 * 250000 + 5:,} words"  # 17 a chunk, and the five of the edited first heading
    qtbot.waitUntil(lambda: window.words_label.text().startswith(words), timeout=120000)
    document = window.editor.document()
    assert document.firstBlock().layout().formats()
    assert not document.lastBlock().previous().previous().layout().formats()


def test_local_files_outside_the_site_cannot_be_read(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "steal.css").write_text("body { background: rgb(255, 0, 0) !important; }")
    Image.new("RGB", (30, 30), "red").save(secret / "private.png")
    site = tmp_path / "site"
    (site / "public").mkdir(parents=True)
    posts = site / "src/content/blog"
    posts.mkdir(parents=True)
    css, png = (secret / "steal.css").as_uri(), (secret / "private.png").as_uri()
    body = (
        f'<link rel="stylesheet" href="{css}">\n\n<p>text</p>\n\n<img src="{png}">\n\n'
        "![esc](../../../../secret/private.png)\n"
    )
    window = make_window(write_post(posts, body))
    wait_preview(qtbot, window)
    js(qtbot, window.preview, f"document.body.appendChild(Object.assign(new Image(), {{src: '{png}'}})); 'ok'")
    qtbot.waitUntil(lambda: any("private.png" in u for u in window.preview.interceptor.blocked), timeout=5000)
    background = js(qtbot, window.preview, "getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 0, 0)"
    loaded = js(qtbot, window.preview, "String(Array.from(document.images).filter(i => i.naturalWidth > 0).length)")
    assert loaded == "0"


def test_a_post_shown_while_another_is_split_gets_its_own_preview(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    from editor.ui.preview_pane import SPLIT_IN_THREAD

    long_post = write_post(tmp_path, "# Long\n\n" + "Filler words.\n\n" * (SPLIT_IN_THREAD // 10), name="long.md")
    short_post = write_post(tmp_path, "# Short\n\nJust this.\n", name="short.md")
    window = make_window(long_post, settle=False)
    qtbot.waitUntil(window.preview._splitter.busy, timeout=60000)
    assert window.files.open_post(short_post)
    wait_preview(qtbot, window, timeout=60000)
    assert js(qtbot, window.preview, f"{CONTENT}.textContent").strip() == "ShortJust this."  # nothing of the long one


def test_a_split_that_fails_in_its_thread_is_done_again_in_place(
    make_window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from editor.core.render import IncrementalLayout
    from editor.ui.preview_pane import SPLIT_IN_THREAD

    real_split = IncrementalLayout.split
    calls: list[str] = []

    def split_failing_in_threads(text: str) -> Any:
        import threading

        calls.append(threading.current_thread().name)
        if threading.current_thread() is not threading.main_thread():
            raise MemoryError("fault injected into the thread's split")
        return real_split(text)

    monkeypatch.setattr(IncrementalLayout, "split", staticmethod(split_failing_in_threads))
    post = write_post(tmp_path, "# Long\n\n" + "Filler words.\n\n" * (SPLIT_IN_THREAD // 10))
    window = make_window(post, settle=False)
    first = "document.querySelector('#pe-content h1')?.textContent ?? ''"
    qtbot.waitUntil(lambda: js(qtbot, window.preview, first) == "Long", timeout=60000)
    assert len(calls) == 2 and calls[1] == "MainThread"


def test_a_github_alert_shows_as_a_callout(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    from tests.ui.conftest import js

    post = tmp_path / "alert.md"
    post.write_text("---\ntitle: A\n---\n> [!NOTE]\n> Read this first.\n", encoding="utf-8")
    window = make_window(post)
    title = js(qtbot, window.preview, "document.querySelector('.markdown-alert-title').textContent")
    assert title == "Note"
    colour = js(
        qtbot, window.preview, "getComputedStyle(document.querySelector('.markdown-alert-note')).borderLeftColor"
    )
    assert colour in ("rgb(9, 105, 218)", "rgb(68, 147, 248)")  # the light or the dark note colour
