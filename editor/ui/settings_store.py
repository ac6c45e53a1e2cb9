"""Settings as values: a small adapter over QSettings, created by the app and injected."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 10


class SettingsStore:
    """Typed access to the few settings the window remembers."""

    def __init__(self, settings: QSettings) -> None:
        self._s = settings

    @classmethod
    def in_file(cls, path: str) -> SettingsStore:
        return cls(QSettings(path, QSettings.Format.IniFormat))

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

    def clear_recent_files(self) -> None:
        self._s.setValue("files/recent", [])

    def sync(self) -> None:
        self._s.sync()
