"""Settings as values: a small adapter over QSettings, created by the app and injected."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from editor.core.identity import DIR_NAME, LEGACY_SETTINGS_NAME

MAX_RECENT = 10
CARRIED_OVER_KEY = "meta/legacySettingsCarriedOver"


class SettingsStore:
    """Typed access to the few settings the window remembers."""

    def __init__(self, settings: QSettings) -> None:
        self._s = settings

    @classmethod
    def in_file(cls, path: str) -> SettingsStore:
        return cls(QSettings(path, QSettings.Format.IniFormat))

    @classmethod
    def for_user(cls, settings: QSettings | None = None, legacy: QSettings | None = None) -> SettingsStore:
        """The user's settings, in the folder every other per-user file uses
        (``~/.config/post-editor/`` on Linux). Settings an early version wrote under
        "Post Editor" are carried over the first time, and the old file is left as it was."""
        settings = settings or QSettings(DIR_NAME, DIR_NAME)
        if not settings.value(CARRIED_OVER_KEY, False, type=bool):
            legacy = legacy or QSettings(LEGACY_SETTINGS_NAME, LEGACY_SETTINGS_NAME)
            if not settings.allKeys():
                for key in legacy.allKeys():
                    settings.setValue(key, legacy.value(key))
            settings.setValue(CARRIED_OVER_KEY, True)
            settings.sync()
        return cls(settings)

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._s.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def set_geometry(self, data: QByteArray) -> None:
        self._s.setValue("window/geometry", data)

    def splitter(self, name: str) -> QByteArray | None:
        return self._bytes(f"window/splitter/{name}")

    def set_splitter(self, name: str, data: QByteArray) -> None:
        self._s.setValue(f"window/splitter/{name}", data)

    def window_state(self) -> QByteArray | None:
        """Where the docks are, how big, and which are open."""
        return self._bytes("window/state")

    def set_window_state(self, data: QByteArray) -> None:
        self._s.setValue("window/state", data)

    def flag(self, name: str, default: bool) -> bool:
        """A remembered on/off choice of the View menu (``view/<name>``)."""
        return bool(self._s.value(f"view/{name}", default, type=bool))

    def set_flag(self, name: str, on: bool) -> None:
        self._s.setValue(f"view/{name}", on)

    def recent_files(self) -> list[str]:
        value: Any = self._s.value("files/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def add_recent_file(self, path: str) -> list[str]:
        recent = [path] + [p for p in self.recent_files() if p != path]
        recent = recent[:MAX_RECENT]
        self._s.setValue("files/recent", recent)
        return recent

    def forget_recent_file(self, path: str) -> None:
        """Drop ``path`` from the recent files (a file renamed or gone)."""
        recent = self.recent_files()
        if path in recent:
            self._s.setValue("files/recent", [p for p in recent if p != path])

    def clear_recent_files(self) -> None:
        self._s.setValue("files/recent", [])

    def export_folder(self) -> str | None:
        """The folder the last single-post export went to."""
        value = self._s.value("export/folder")
        return str(value) if value else None

    def set_export_folder(self, folder: str) -> None:
        self._s.setValue("export/folder", folder)

    def sync(self) -> None:
        self._s.sync()
