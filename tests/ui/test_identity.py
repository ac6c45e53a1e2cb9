"""One name on the desktop and on disk: the application ID, settings carried over once, the icon."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from editor.core.identity import APP_ID, DIR_NAME
from editor.ui.settings_store import SettingsStore


def test_settings_written_under_the_old_name_are_carried_over_once(tmp_path: Path) -> None:
    legacy = QSettings(str(tmp_path / "Post Editor" / "Post Editor.conf"), QSettings.Format.IniFormat)
    legacy.setValue("files/recent", ["/posts/a.md", "/posts/b.md"])
    legacy.setValue("window/wrap", True)
    legacy.sync()
    new_file = str(tmp_path / DIR_NAME / f"{DIR_NAME}.conf")

    store = SettingsStore.for_user(QSettings(new_file, QSettings.Format.IniFormat), legacy)
    assert store.recent_files() == ["/posts/a.md", "/posts/b.md"]

    store.clear_recent_files()
    store.sync()
    again = SettingsStore.for_user(QSettings(new_file, QSettings.Format.IniFormat), legacy)
    assert again.recent_files() == []  # carried over once, not every start
    assert legacy.value("files/recent") == ["/posts/a.md", "/posts/b.md"]  # the old file is left alone


def test_settings_never_overwrite_newer_ones(tmp_path: Path) -> None:
    legacy = QSettings(str(tmp_path / "old.conf"), QSettings.Format.IniFormat)
    legacy.setValue("files/recent", ["/old.md"])
    current = QSettings(str(tmp_path / "new.conf"), QSettings.Format.IniFormat)
    current.setValue("files/recent", ["/new.md"])
    assert SettingsStore.for_user(current, legacy).recent_files() == ["/new.md"]


def test_settings_state_and_cache_share_one_folder_name(tmp_path: Path) -> None:
    script = (
        "import json; from editor.ui.app import create_app; from editor.core import recovery, library; "
        "app = create_app(['x']); s = app.settings_store._s; "
        "print(json.dumps([s.fileName(), str(recovery.default_folder()), str(library.default_cache_dir()), "
        "app.desktopFileName(), app.applicationName(), app.windowIcon().isNull()]))"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CACHE_HOME=str(tmp_path / "cache"))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    import json

    settings_file, state, cache, desktop_name, app_name, icon_null = json.loads(out.stdout.splitlines()[-1])
    assert Path(settings_file) == Path(os.environ["XDG_CONFIG_HOME"]) / DIR_NAME / f"{DIR_NAME}.conf"
    assert Path(state).is_relative_to(Path(os.environ["XDG_STATE_HOME"]) / DIR_NAME)
    assert Path(cache).is_relative_to(tmp_path / "cache" / DIR_NAME)
    assert desktop_name == APP_ID
    assert app_name == DIR_NAME
    assert icon_null is False


def test_the_window_shows_the_application_icon(qapp: Any) -> None:
    icon = qapp.windowIcon()
    assert not icon.isNull()
    sizes = {s.width() for s in icon.availableSizes()}
    assert {16, 32, 48, 256} <= sizes
