"""The live Site tab against a real ``hugo server`` on loopback: started only once the
author allows it, showing the post's page, reloaded on save, stopped when the window
closes; and gone when the editor is killed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton

from tests.core.test_site_server import _alive, gone, hugo_site
from tests.ui.test_git_window import when_shown

pytestmark = pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed (Debian package hugo)")


def page_html(qtbot: Any, view: Any) -> str:
    box: dict[str, str] = {}
    view.page().toHtml(lambda html: box.setdefault("html", html))
    qtbot.waitUntil(lambda: "html" in box, timeout=10000)
    return box["html"]


def test_the_site_tab_shows_the_post_from_hugo_server_and_reloads_on_save(
    make_window: Callable[..., Any], qtbot: Any, tmp_path: Path
) -> None:
    post = hugo_site(tmp_path / "site")
    window = make_window(post)
    tab = window.site_tab
    assert "hugo server" in tab.note.text() and tab.start_button.isEnabled()
    window.preview_tabs.setCurrentWidget(tab)
    refused: list[Any] = []
    when_shown("siteConsent", lambda box: box.button(box.StandardButton.Cancel).click(), refused)
    tab.start_button.click()
    assert refused and tab.server is None  # nothing runs without the author's leave
    when_shown("siteConsent", lambda box: box.findChild(QPushButton, "siteAllow").click())
    tab.start_button.click()
    qtbot.waitUntil(lambda: tab.stack.currentIndex() == 1, timeout=60000)
    assert tab.view.url().toString().endswith("/posts/hello-world/")
    assert tab.view.url().host() == "127.0.0.1"
    qtbot.waitUntil(lambda: "<h1>Hello</h1>" in page_html(qtbot, tab.view), timeout=20000)
    qtbot.waitUntil(lambda: "Serving pages" in tab.log.toPlainText(), timeout=10000)
    window.document.set_field("title", "Hello again")
    assert window.files.save()
    qtbot.waitUntil(lambda: "<h1>Hello again</h1>" in page_html(qtbot, tab.view), timeout=20000)
    assert not [u for u in tab.interceptor.blocked if "127.0.0.1" in u]
    pid = tab.server.process.pid
    window.close()
    qtbot.waitUntil(lambda: not _alive(pid), timeout=10000)


def test_a_server_that_fails_to_start_says_why_with_its_log(
    make_window: Callable[..., Any], qtbot: Any, tmp_path: Path
) -> None:
    post = hugo_site(tmp_path / "site")
    window = make_window(post)
    (tmp_path / "site/hugo.toml").write_text('title = "T"\nbaseURL = [broken\n', encoding="utf-8")
    tab = window.site_tab
    window.settings.set_flag(tab._key(tab.site), True)  # allowed before
    tab.start()
    qtbot.waitUntil(lambda: "exited with code" in tab.note.text(), timeout=30000)
    assert tab.stack.currentIndex() == 0 and tab.server is None and "log below" in tab.note.text()
    qtbot.waitUntil(lambda: "hugo.toml" in tab.log.toPlainText(), timeout=10000)


EDITOR = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from editor.ui.app import create_app
from editor.ui.main_window import MainWindow
from editor.ui.settings_store import SettingsStore
app = create_app(["editor"])
settings = SettingsStore.in_file(sys.argv[2])
window = MainWindow(settings)
window.show()
window.files.open_path(sys.argv[1])
tab = window.site_tab
settings.set_flag(tab._key(tab.site), True)  # allowed before, for this site
tab.start()
def report():
    if tab.stack.currentIndex() == 1:
        print(tab.server.process.pid, flush=True)
    else:
        QTimer.singleShot(100, report)
QTimer.singleShot(100, report)
app.exec()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the server is tied to the editor's process on Linux")
def test_the_server_is_gone_when_the_editor_is_killed(tmp_path: Path) -> None:
    post = hugo_site(tmp_path / "site")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox")
    editor = subprocess.Popen(
        [sys.executable, "-c", EDITOR, str(post), str(tmp_path / "settings.ini")],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert editor.stdout is not None
        server = int(editor.stdout.readline())
        assert _alive(server)
    finally:
        editor.send_signal(signal.SIGKILL)
        editor.wait(10)
    assert gone(server)
