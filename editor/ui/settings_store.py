"""Settings as values: a small adapter over QSettings, created by the app and injected."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QFontDatabase

from editor.core.identity import DIR_NAME, LEGACY_SETTINGS_NAME
from editor.core.site import DEFAULT_MAX_WIDTH, DEFAULT_WEBP_QUALITY, MAX_WIDTH_RANGE, WEBP_QUALITY_RANGE

MAX_RECENT = 10
CARRIED_OVER_KEY = "meta/legacySettingsCarriedOver"

# What each preference may be; a value outside its range read from the file is brought inside.
FONT_SIZE_RANGE = (6, 72)  # points
LINE_WIDTH_RANGE = (0, 400)  # characters; 0 fills the pane
PREVIEW_ZOOM_RANGE = (25, 500)  # percent, as Qt WebEngine allows
AUTOSAVE_RANGE = (1, 600)  # seconds
THEMES = ("system", "light", "dark")
DEFAULT_AUTOSAVE_SECONDS = 2


def default_font_size() -> int:
    """The system's fixed-width font size, but never under 11 points."""
    return max(round(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).pointSizeF()), 11)


@dataclass(frozen=True)
class Preferences:
    """What the author sets in Preferences (and with the zoom keys)."""

    font_family: str = ""  # "": the system's fixed-width font
    font_size: int = 11
    line_width: int = 0  # the editor's text column in characters; 0 fills the pane
    preview_zoom: int = 100  # percent
    theme: str = "system"  # one of THEMES; "system" follows the desktop's light or dark
    cover_max_width: int = DEFAULT_MAX_WIDTH  # used where the site's .post-editor.toml sets none
    webp_quality: int = DEFAULT_WEBP_QUALITY  # likewise
    autosave_seconds: int = DEFAULT_AUTOSAVE_SECONDS  # unsaved work is journaled this long after typing stops

    @classmethod
    def defaults(cls) -> Preferences:
        return cls(font_size=default_font_size())


_KEYS = {
    "font_family": "editor/fontFamily",
    "font_size": "editor/fontSize",
    "line_width": "editor/lineWidth",
    "preview_zoom": "preview/zoom",
    "theme": "appearance/theme",
    "cover_max_width": "covers/maxWidth",
    "webp_quality": "covers/webpQuality",
    "autosave_seconds": "recovery/autosaveSeconds",
}
_RANGES = {
    "font_size": FONT_SIZE_RANGE,
    "line_width": LINE_WIDTH_RANGE,
    "preview_zoom": PREVIEW_ZOOM_RANGE,
    "cover_max_width": MAX_WIDTH_RANGE,
    "webp_quality": WEBP_QUALITY_RANGE,
    "autosave_seconds": AUTOSAVE_RANGE,
}


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

    def preferences(self) -> Preferences:
        """The author's preferences; each one not set (or not readable) has its default."""
        defaults = Preferences.defaults()
        values: dict[str, Any] = {}
        for name, key in _KEYS.items():
            default = getattr(defaults, name)
            raw = self._s.value(key)
            if name in _RANGES:
                low, high = _RANGES[name]
                values[name] = min(max(_whole(raw, default), low), high)
            else:
                values[name] = raw if isinstance(raw, str) else default
        if values["theme"] not in THEMES:
            values["theme"] = defaults.theme
        return Preferences(**values)

    def set_preferences(self, preferences: Preferences) -> None:
        for name, key in _KEYS.items():
            self._s.setValue(key, getattr(preferences, name))

    def sync(self) -> None:
        self._s.sync()


def _whole(raw: Any, default: int) -> int:
    """A whole number read back from the file (an INI file gives text), else ``default``."""
    if isinstance(raw, bool):
        return default
    try:
        return int(raw) if raw is not None else default
    except (TypeError, ValueError):
        return default
