"""The live Site tab beside the preview: the site's own development server (``hugo server``,
``jekyll serve``…), started only after the author allows it for the site, showing the post
shown at its real URL, reloaded (keeping the scroll position) when it is saved. The
server's output is in a log panel; a server that fails or exits says why. Only the server's
loopback origin loads in the tab. The server stops when the site is closed or the window
quits, and never outlives the editor (core/site_server.py)."""

from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, QUrl
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from editor.core.site import Site
from editor.core.site_server import SiteServer, free_port, generator_program, post_path, server_command
from editor.ui.settings_store import SettingsStore
from editor.ui.site_controller import site_of
from editor.ui.tabs import DocumentTabs
from editor.ui.tasks import Task

RELOAD_FALLBACK_S = 3.0  # a generator that does not say when it has rebuilt
REBUILD_WATCH_S = 30.0  # how long a save still waits for its rebuild
# what the generators print once a rebuild is done (hugo, jekyll, zola, astro)
REBUILT = re.compile(r"Total in \d|done in \d|Site built|Done\.|page reload|Wrote \d+ files", re.IGNORECASE)


def _shown(argv: list[str]) -> str:
    """The command as an author would type it: the program and what it does, without our options."""
    words = [word for word in argv if word != "--no-install"]
    return " ".join(words[: 4 if words[0] == "hugo" else 3])


class OriginOnly(QWebEngineUrlRequestInterceptor):
    """Lets through the development server's own origin (and data: URLs), nothing else."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.origin = ""
        self.blocked: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:  # noqa: N802 - Qt override
        url = info.requestUrl()
        if url.scheme() == "data":
            return
        if self.origin and url.scheme() in ("http", "ws") and f"{url.host()}:{url.port()}" == self.origin:
            return
        self.blocked.append(url.toString())
        info.block(True)


class SiteTab(QWidget):
    def __init__(self, tabs: DocumentTabs, settings: SettingsStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("siteTab")
        self.tabs, self.settings = tabs, settings
        self.server: SiteServer | None = None
        self.site: Site | None = None
        self._waiting: Task | None = None
        self._scroll: Any = None
        self.interceptor = OriginOnly(self)
        self.profile: QWebEngineProfile | None = None  # made with the view, when a server first starts
        self.view: QWebEngineView | None = None
        self._reload_due: float | None = None  # when a save's reload is due if the generator says nothing
        self._rebuild_until: float | None = None  # until when a save waits for word of the rebuild
        self.note = QLabel()
        self.note.setObjectName("siteNote")
        self.note.setWordWrap(True)
        self.start_button = QPushButton("Start Site Server")
        self.start_button.setObjectName("siteStart")
        self.start_button.clicked.connect(self.start)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setObjectName("siteStop")
        self.stop_button.clicked.connect(self.stop)
        self.log = QPlainTextEdit()
        self.log.setObjectName("siteLog")
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(2000)
        self.log.hide()  # until a server runs: nothing to say yet
        intro = QWidget()
        column = QVBoxLayout(intro)
        column.addStretch(1)
        column.addWidget(self.note)
        column.addWidget(self.start_button)
        column.addStretch(2)
        self.stack = QStackedWidget()
        self.stack.addWidget(intro)
        self.stack.addWidget(QWidget())  # the web view's place
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.stack)
        split.addWidget(self.log)
        split.setSizes([600, 120])
        bar = QHBoxLayout()
        self.status = QLabel()
        self.status.setObjectName("siteStatus")
        bar.addWidget(self.status, 1)
        bar.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self._log_timer = QTimer(self, interval=300)
        self._log_timer.timeout.connect(self._show_log)
        self._shown_lines = 0
        self.follow()

    # ----------------------------------------------------------------- state

    def _key(self, site: Site) -> str:
        return "siteServerAllowed" + hashlib.sha1(str(site.root.resolve()).encode()).hexdigest()[:16]

    def follow(self) -> None:
        """The post shown changed (or its site): show its page, or say what the tab needs."""
        doc = self.tabs.current
        site = site_of(doc) if doc is not None else None
        server = self.server
        if server is not None and site is not None and site.root.resolve() != server.root.resolve():
            self.stop()  # another site's post: its server is not this one's
        self.site = site
        if self.server is not None and self.server.running:
            self._open_post()
            return
        self.stack.setCurrentIndex(0)
        self.stop_button.setEnabled(False)
        if site is None:
            self.note.setText("Save the post into a site to see it on the site's own development server.")
            self.start_button.setEnabled(False)
            return
        command = server_command(site, 0)
        if command is None:
            program = generator_program(site)
            self.note.setText(
                f"This {site.generator} site needs {program} to show its pages here; it is not installed."
                if program
                else "Post Editor knows no development server for this kind of site."
            )
            self.start_button.setEnabled(False)
            return
        self.note.setText(
            f"See this post as the site builds it: starts <code>{_shown(command.argv)}</code> "
            "for this site on your computer, with drafts and future posts, on a loopback port only."
        )
        self.start_button.setEnabled(True)

    def start(self) -> None:
        site = self.site
        if site is None or (self.server is not None and self.server.running):
            return
        if not self.settings.flag(self._key(site), False) and not self._allow(site):
            return
        command = server_command(site, free_port())
        if command is None:
            return
        self.server = SiteServer(command, site.root)
        try:
            self.server.start()  # in the GUI thread: the server is tied to it
        except OSError as exc:
            self._failed(f"Could not start {command.argv[0]}: {exc.strerror or exc}.")
            return
        self.interceptor.origin = f"127.0.0.1:{command.port}"
        self.status.setText(f"Starting {command.argv[0]} on {command.base_url}…")
        self.stop_button.setEnabled(True)
        self._shown_lines = 0
        self.log.clear()
        self.log.show()
        self._log_timer.start()
        server = self.server
        self._waiting = Task(
            lambda _p: server.wait_ready(120), on_done=lambda ok, _e: self._ready(server, bool(ok)), parent=self
        )
        self._waiting.start()

    def _allow(self, site: Site) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question, "Run the site's server?", "", QMessageBox.StandardButton.Cancel, self
        )
        box.setObjectName("siteConsent")
        box.setText(f"<b>Start {site.generator}'s development server for {site.root.name}?</b>")
        box.setInformativeText(
            "It runs the site's own code (its generator, themes and plugins) on your computer. "
            "It listens on this computer only and stops when you close the site or Post Editor."
        )
        allow = box.addButton("Allow for This Site", QMessageBox.ButtonRole.AcceptRole)
        allow.setObjectName("siteAllow")
        box.exec()
        if box.clickedButton() is not allow:
            return False
        self.settings.set_flag(self._key(site), True)
        return True

    def _ensure_view(self) -> QWebEngineView:
        if self.view is None:
            self.profile = QWebEngineProfile()  # off the record; deleted after its page (shutdown)
            self.profile.setUrlRequestInterceptor(self.interceptor)
            self.view = QWebEngineView()
            self.view.setObjectName("siteView")
            self.view.setPage(QWebEnginePage(self.profile, self.view))
            self.view.loadFinished.connect(self._loaded)
            old = self.stack.widget(1)
            self.stack.removeWidget(old)
            old.deleteLater()
            self.stack.insertWidget(1, self.view)
        return self.view

    def _ready(self, server: SiteServer, ok: bool) -> None:
        self._waiting = None
        if server is not self.server:
            return
        if not ok:
            code = server.process.poll() if server.process else None
            last = next((line for line in reversed(list(server.log)) if line.strip()), "")
            why = f"exited with code {code}" if code is not None else "did not answer in time"
            self._failed(f"The site's server {why}." + (f" It said: {last}" if last else ""))
            self.stop()
            return
        self.status.setText(f"{server.command.argv[0]} on {server.command.base_url}")
        self._ensure_view()
        self.stack.setCurrentIndex(1)
        self._open_post()

    def _failed(self, message: str) -> None:
        self.stack.setCurrentIndex(0)
        self.note.setText(message + " The log below has the details.")
        self.status.setText("Stopped")

    def _open_post(self) -> None:
        doc, server, site = self.tabs.current, self.server, self.site
        if doc is None or doc.path is None or server is None or site is None:
            return
        path = post_path(site, Path(doc.path), doc.metadata() if doc.post is not None else {})
        url = QUrl(server.command.base_url.rstrip("/") + path)
        view = self._ensure_view()
        if view.url() != url:
            view.setUrl(url)

    def saved(self) -> None:
        """The post was saved: reload its page once the generator says it has rebuilt it; for
        one slow to say so, or silent, also a few seconds on."""
        if self.server is not None and self.server.running and self.view is not None:
            now = time.monotonic()
            self._reload_due, self._rebuild_until = now + RELOAD_FALLBACK_S, now + REBUILD_WATCH_S

    def _reload_when_rebuilt(self, lines: list[str]) -> None:
        now = time.monotonic()
        if self._rebuild_until is not None and any(REBUILT.search(line) for line in lines):
            self._reload_due = self._rebuild_until = None  # rebuilt: the page is new now
            self._reload()
        elif self._reload_due is not None and now > self._reload_due:
            self._reload_due = None  # no word yet: reload anyway, and again when it rebuilds
            self._reload()
        if self._rebuild_until is not None and now > self._rebuild_until:
            self._rebuild_until = None

    def _reload(self) -> None:
        view = self.view
        if view is None:
            return

        def remember(scroll: Any) -> None:
            self._scroll = scroll
            view.reload()

        view.page().runJavaScript("window.scrollY", 0, remember)

    def _loaded(self, ok: bool) -> None:
        if ok and self._scroll and self.view is not None:
            self.view.page().runJavaScript(f"window.scrollTo(0, {float(self._scroll)})", 0)
        self._scroll = None

    def _show_log(self) -> None:
        server = self.server
        if server is None:
            return
        lines, total = list(server.log), server.lines
        new = lines[len(lines) - min(len(lines), total - self._shown_lines) :] if total > self._shown_lines else []
        if new:
            self.log.appendPlainText("\n".join(new))
        self._shown_lines = total
        self._reload_when_rebuilt(new)
        if not server.running and self.stack.currentIndex() == 1:
            self._failed(f"The site's server exited with code {server.process.poll() if server.process else '?'}.")

    def stop(self) -> None:
        self._log_timer.stop()
        if self.server is not None:
            self._show_log()
            self.server.stop()
        self.server = None
        self.interceptor.origin = ""
        self.stop_button.setEnabled(False)
        self.status.setText("Stopped")
        self.stack.setCurrentIndex(0)

    def shutdown(self) -> None:
        self.stop()
        if self._waiting is not None:
            self._waiting.wait()
        if self.view is not None:  # the page goes before its profile (Qt warns, and may crash, otherwise)
            page = self.view.page()
            self.view.setPage(None)  # type: ignore[arg-type]
            shiboken6.delete(page)
            self.profile = None
