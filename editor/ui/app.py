"""QApplication set-up: WebEngine prerequisites, identity, settings, theme."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from editor import __version__
from editor.core import resources
from editor.core.identity import APP_ID, DIR_NAME, DISPLAY_NAME
from editor.ui.settings_store import SettingsStore


class PostEditorApp(QApplication):
    settings_store: SettingsStore


def create_app(argv: list[str] | None = None, settings: SettingsStore | None = None) -> PostEditorApp:
    """Return the running application, creating it the first time."""
    existing = QApplication.instance()
    if existing is not None:
        app = existing
        if not hasattr(app, "settings_store"):
            app.settings_store = settings or _default_settings()  # type: ignore[attr-defined]
        return app  # type: ignore[return-value]
    # Qt WebEngine must be imported and GL contexts shared before the app exists.
    import PySide6.QtWebEngineWidgets  # noqa: F401

    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = chromium_flags(
        os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", ""), os.geteuid() == 0 if hasattr(os, "geteuid") else False
    )
    # One name for every per-user folder (settings, state, cache) and one ID on the desktop.
    QCoreApplication.setOrganizationName(DIR_NAME)
    QCoreApplication.setApplicationName(DIR_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    app = PostEditorApp(argv if argv is not None else sys.argv[:1])
    app.setApplicationDisplayName(DISPLAY_NAME)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    app.settings_store = settings or _default_settings()
    return app


def chromium_flags(flags: str, root: bool) -> str:
    """The preview's Chromium flags: the author's own, and

    * ``--disable-gpu``: a page of text needs no GPU process, and drawing it in software
      keeps about 60 MB of GL drivers out of the program (``POST_EDITOR_GPU=1``, or a GPU
      flag of the author's own, keeps the GPU);
    * ``--no-sandbox`` as root, where Chromium's sandbox refuses to start.
    """
    extra = []
    if "gpu" not in flags and os.environ.get("POST_EDITOR_GPU", "") in ("", "0"):
        extra.append("--disable-gpu")
    if root and "--no-sandbox" not in flags:
        extra.append("--no-sandbox")
    return " ".join([flags.strip(), *extra]).strip()


def app_icon() -> QIcon:
    """The application's icon, at every size it ships in."""
    icon = QIcon()
    icons = resources.resource("icons")
    hicolor = icons / "hicolor"
    if hicolor.is_dir():
        for size_dir in sorted(hicolor.iterdir(), key=lambda d: d.name):
            png = size_dir / "apps" / f"{APP_ID}.png"
            if png.is_file():
                icon.addFile(str(resources.resource_path("icons", "hicolor", size_dir.name, "apps", f"{APP_ID}.png")))
    svg = icons / f"{APP_ID}.svg"
    if svg.is_file():
        icon.addFile(str(resources.resource_path("icons", f"{APP_ID}.svg")))
    return icon


def _default_settings() -> SettingsStore:
    """The user's settings, or an INI file named by POST_EDITOR_SETTINGS (for scripts)."""
    path = os.environ.get("POST_EDITOR_SETTINGS")
    return SettingsStore.in_file(path) if path else SettingsStore.for_user()


def is_dark(theme: str = "system") -> bool:
    """Whether to show a dark appearance: ``theme`` "dark" or "light" says so; "system"
    asks the system."""
    if theme in ("dark", "light"):
        return theme == "dark"
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hasattr(hints, "colorScheme") else Qt.ColorScheme.Unknown
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    return _palette_is_dark()


def _palette_is_dark() -> bool:
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


_forced_theme = "system"  # what set_theme last asked of the application


def set_theme(theme: str) -> None:
    """Make the whole application light or dark (``theme`` "light" or "dark"), or let it
    follow the system again ("system"). The platform is asked first (Qt 6.8 and later can
    switch the native look on request); where it cannot, the application gets a palette
    of its own."""
    global _forced_theme
    if theme == _forced_theme:
        return
    _forced_theme = theme
    hints = QGuiApplication.styleHints()
    if theme not in ("light", "dark"):
        if hasattr(hints, "unsetColorScheme"):
            hints.unsetColorScheme()
        QApplication.setPalette(QPalette())  # the system's own again
        return
    dark = theme == "dark"
    if hasattr(hints, "setColorScheme"):
        hints.setColorScheme(Qt.ColorScheme.Dark if dark else Qt.ColorScheme.Light)
    QApplication.setPalette(QPalette())  # the platform's, which that request may have switched
    if _palette_is_dark() != dark:
        QApplication.setPalette(dark_palette() if dark else QApplication.style().standardPalette())


def dark_palette() -> QPalette:
    """A dark palette for a platform that does not switch to dark on request."""
    palette = QPalette()
    window, base, text, dim = QColor(45, 45, 48), QColor(30, 30, 32), QColor(230, 230, 230), QColor(130, 130, 130)
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, window),
        (roles.WindowText, text),
        (roles.Base, base),
        (roles.AlternateBase, window),
        (roles.ToolTipBase, window),
        (roles.ToolTipText, text),
        (roles.PlaceholderText, dim),
        (roles.Text, text),
        (roles.Button, window),
        (roles.ButtonText, text),
        (roles.BrightText, QColor(255, 90, 90)),
        (roles.Light, QColor(70, 70, 74)),
        (roles.Midlight, QColor(58, 58, 62)),
        (roles.Mid, QColor(40, 40, 42)),
        (roles.Dark, QColor(20, 20, 22)),
        (roles.Shadow, QColor(0, 0, 0)),
        (roles.Highlight, QColor(42, 130, 218)),
        (roles.HighlightedText, QColor(255, 255, 255)),
        (roles.Link, QColor(100, 170, 255)),
        (roles.LinkVisited, QColor(180, 140, 255)),
    ):
        palette.setColor(role, colour)
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, dim)
    return palette
