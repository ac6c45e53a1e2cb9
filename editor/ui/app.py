"""QApplication set-up: WebEngine prerequisites, identity, settings, theme."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPalette
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
    if os.geteuid() == 0 if hasattr(os, "geteuid") else False:
        flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
        if "--no-sandbox" not in flags:  # Chromium's sandbox refuses to run as root
            os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = (flags + " --no-sandbox").strip()
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


def is_dark() -> bool:
    """Whether the system asks for a dark appearance."""
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hasattr(hints, "colorScheme") else Qt.ColorScheme.Unknown
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128
