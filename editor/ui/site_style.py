"""The preview's "Site style": the site's own stylesheets instead of ours, with our parts
(placeholders, callouts, shortcode stubs) kept on top. A checkable action in the View menu
and a button on the preview; remembered per site. The stylesheets are looked for in the
background, once per site, and load through the preview's sandbox (the site's own files
only: remote fonts and imports are blocked, and what they would have drawn degrades)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtWidgets import QMainWindow, QToolButton

from editor.core import resources
from editor.core.site import Site
from editor.core.site_styles import content_class, remote_references, site_stylesheets
from editor.ui.dialogs import make_action
from editor.ui.preview_pane import WORLD, PreviewPane
from editor.ui.settings_store import SettingsStore
from editor.ui.site_controller import site_of
from editor.ui.tabs import DocumentTabs
from editor.ui.tasks import LatestOnly

PARTS_MARK = "/* ---- parts:"
NONE_FOUND = (
    "No stylesheet of this site was found (a built one in public/, dist/, _site/ or build/, a Hugo "
    "theme's, src/styles/global.css); name one with preview_css in .post-editor.toml."
)


def our_parts() -> str:
    """Our CSS for what only we show: the colours, then everything after the parts mark."""
    css = resources.read_text("preview", "preview.css")
    colours = css[: css.index("html {")]
    return colours + css[css.index(PARTS_MARK) :]


def _look(site: Site) -> tuple[list[Path], str, list[str]]:
    sheets = site_stylesheets(site)
    return sheets, content_class(site), remote_references(sheets)


class SiteStyle(QObject):
    def __init__(self, window: QMainWindow, tabs: DocumentTabs, preview: PreviewPane, settings: SettingsStore) -> None:
        super().__init__(window)
        self.tabs, self.preview, self.settings = tabs, preview, settings
        self.action = make_action(window, "Preview in &Site Style", lambda: None, None, "siteStyle")
        self.action.setCheckable(True)
        self.action.toggled.connect(self._toggled)
        self.button = QToolButton(preview)
        self.button.setObjectName("siteStyleButton")
        self.button.setDefaultAction(self.action)
        self.button.setText("Site style")
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.button.setAutoRaise(True)
        self.button.hide()
        self._found: dict[Path, tuple[list[Path], str, list[str]]] = {}  # stylesheets, wrapper, remote hosts
        self._search = LatestOnly(self)
        self._parts = our_parts()
        self.shown: list[str] = []  # the stylesheets the preview has now (their URLs)
        preview.ready.connect(self.apply)
        preview.installEventFilter(self)  # the button stays in the preview's top right corner
        tabs.currentChanged.connect(lambda _doc: self.apply())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.preview and event.type() == QEvent.Type.Resize:
            self._place_button()
        return False

    def _place_button(self) -> None:
        self.button.adjustSize()
        self.button.move(max(0, self.preview.width() - self.button.width() - 18), 6)
        self.button.raise_()

    def _site(self) -> Site | None:
        doc = self.tabs.current
        return site_of(doc) if doc is not None else None

    def _key(self, site: Site) -> str:
        return "siteStyle" + hashlib.sha1(str(site.root.resolve()).encode()).hexdigest()[:16]

    def apply(self) -> None:
        """Show the post in its site's style or ours, as the author chose for its site."""
        site = self._site()
        if site is None:
            self._show([], "", None)
            return
        found = self._found.get(site.root)
        if found is None:
            self._search.request(lambda: _look(site), lambda r, e: self._got(site, r, e))
            return
        sheets, wrapper, _remote = found
        on = bool(sheets) and self.settings.flag(self._key(site), False)
        self._show(sheets if on else [], wrapper, site, available=bool(sheets), on=on)

    def _got(self, site: Site, result: Any, error: BaseException | None) -> None:
        self._found[site.root] = result if error is None else ([], "", [])
        self.apply()

    def _show(
        self, sheets: list[Path], wrapper: str, site: Site | None, available: bool = False, on: bool = False
    ) -> None:
        self.action.setEnabled(available)
        tip = NONE_FOUND
        if available and site is not None:
            found, _wrapper, remote = self._found[site.root]
            tip = "Show the preview in the site's own style: " + ", ".join(p.name for p in found)
            if remote:
                tip += "\nBlocked, as the preview loads nothing from the network: " + ", ".join(remote)
        self.action.setToolTip(tip)
        self.action.blockSignals(True)
        self.action.setChecked(on)
        self.action.blockSignals(False)
        self.button.setVisible(available)
        self._place_button()
        self.shown = [QUrl.fromLocalFile(str(p)).toString() for p in sheets]
        if self.preview.is_ready():
            script = (
                f"__postEditor.setSiteStyle({json.dumps(self.shown)}, {json.dumps(self._parts)}, {json.dumps(wrapper)})"
            )
            self.preview.page().runJavaScript(script, WORLD)

    def _toggled(self, on: bool) -> None:
        site = self._site()
        if site is not None:
            self.settings.set_flag(self._key(site), on)
        self.apply()

    def forget(self) -> None:
        """Look for the stylesheets again (the site's files or settings changed)."""
        self._found.clear()
        self.apply()

    def shutdown(self) -> None:
        self._search.shutdown()
