"""QApplication set-up: WebEngine prerequisites, identity, settings, theme."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

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
    QCoreApplication.setOrganizationName("Post Editor")
    QCoreApplication.setApplicationName("Post Editor")
    app = PostEditorApp(argv if argv is not None else sys.argv[:1])
    app.setApplicationDisplayName("Post Editor")
    app.setDesktopFileName("post-editor")
    app.settings_store = settings or _default_settings()
    return app


def _default_settings() -> SettingsStore:
    """The user's settings, or an INI file named by POST_EDITOR_SETTINGS (for scripts)."""
    path = os.environ.get("POST_EDITOR_SETTINGS")
    return SettingsStore.in_file(path) if path else SettingsStore(QSettings())


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
