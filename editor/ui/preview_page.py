"""The preview's page: the shell it never navigates away from, and the request filter that
lets only local files of the site and of the app through."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineScript,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)

from editor.core import resources
from editor.core.post_links import PREVIEW_SCHEME
from editor.ui.external import open_external

PREVIEW_DIR = resources.resource_path("preview")


class LocalOnlyInterceptor(QWebEngineUrlRequestInterceptor):
    """Blocks every request that is not a local file under an allowed folder."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.roots: tuple[Path, ...] = (PREVIEW_DIR,)
        self.blocked: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:  # noqa: N802 - Qt override
        url = info.requestUrl()
        scheme = url.scheme()
        if scheme == "data":
            return
        if scheme == "file":
            path = Path(url.toLocalFile()).resolve()
            if any(path == r or r in path.parents for r in self.roots):
                return
        self.blocked.append(url.toString())
        info.block(True)


class PreviewPage(QWebEnginePage):
    """Never navigates away from the shell; links go to the system browser, and a link to
    another post of the site (``postLinkClicked(style, reference)``) to the window."""

    postLinkClicked = Signal(str, str)

    def __init__(self, profile: QWebEngineProfile, parent: QObject | None = None) -> None:
        super().__init__(profile, parent)
        self.shell_url = QUrl.fromLocalFile(str(PREVIEW_DIR / "shell.html"))
        self.opened_links: list[str] = []
        self.urlChanged.connect(self._followed_anchor)

    def _followed_anchor(self, url: QUrl) -> None:
        """An in-page link was followed: one to another post of the site (``#post-editor-post:…``)
        goes to the window, and the page's address is put back, so the same link works again."""
        fragment = url.fragment(QUrl.ComponentFormattingOption.FullyEncoded)
        if not self._is_shell(url) or not fragment.startswith(PREVIEW_SCHEME + ":"):
            return
        style, _, reference = fragment[len(PREVIEW_SCHEME) + 1 :].partition(":")
        self.runJavaScript(
            "history.replaceState(null, '', location.pathname)", QWebEngineScript.ScriptWorldId.ApplicationWorld
        )
        self.postLinkClicked.emit(style, unquote(reference))

    def _is_shell(self, url: QUrl) -> bool:
        return url.scheme() == "file" and url.path() == self.shell_url.path()

    def acceptNavigationRequest(
        self, url: QUrl | str, nav_type: QWebEnginePage.NavigationType, is_main_frame: bool
    ) -> bool:  # noqa: N802
        url = QUrl(url)
        clicked = nav_type == QWebEnginePage.NavigationType.NavigationTypeLinkClicked
        if self._is_shell(url):
            return True  # the shell itself, or an in-page anchor (footnotes, headings, other posts)
        if clicked and is_main_frame and url.scheme() in ("http", "https", "mailto"):
            self.opened_links.append(url.toString())
            open_external(url)
        return False

    def createWindow(self, _type: QWebEnginePage.WebWindowType) -> QWebEnginePage | None:  # noqa: N802
        return None

    def javaScriptConsoleMessage(self, *args: Any) -> None:  # noqa: N802 - keep the console quiet
        pass
