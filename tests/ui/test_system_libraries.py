"""A bare machine without the X libraries Qt's window needs gets their names, not Qt's abort."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from editor.ui.system_libraries import WINDOW_LIBRARIES, XCB_LIBRARIES, _loads, check_window_libraries, uses_xcb


def test_qt_picks_xcb_unless_told_otherwise_or_on_wayland() -> None:
    assert uses_xcb({}, "linux")
    assert uses_xcb({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert uses_xcb({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not uses_xcb({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not uses_xcb({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not uses_xcb({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux")
    assert not uses_xcb({}, "darwin")


def test_the_real_lookup_finds_what_is_there_and_not_what_is_not() -> None:
    assert _loads("libc.so.6")
    assert not _loads("libpost-editor-no-such-library.so.0")


def test_missing_libraries_are_named_with_their_install_command() -> None:
    absent = {"libxcb-cursor.so.0", "libxcb-keysyms.so.1"}
    message = check_window_libraries({"QT_QPA_PLATFORM": "xcb"}, loads=lambda so: so not in absent)
    assert message is not None
    assert "libxcb-cursor.so.0, libxcb-keysyms.so.1" in message
    assert "sudo apt-get install libxcb-cursor0 libxcb-keysyms1\n" in message
    assert check_window_libraries({"QT_QPA_PLATFORM": "xcb"}, loads=lambda so: True) is None
    # offscreen (the tests, a CI job) needs WebEngine's libraries but none of X11's plugin
    assert check_window_libraries({"QT_QPA_PLATFORM": "offscreen"}, loads=lambda so: so not in absent) is None
    message = check_window_libraries({"QT_QPA_PLATFORM": "offscreen"}, loads=lambda so: so != "libnss3.so")
    assert message is not None and "libnss3.so" in message and "apt-get install libnss3\n" in message


def test_every_library_qt_loads_from_the_system_is_checked() -> None:
    """The lists follow what Qt's window, its X11 plugin and WebEngine really load."""
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    binaries = [
        qt / "lib" / "libQt6Core.so.6",
        qt / "lib" / "libQt6Gui.so.6",
        qt / "lib" / "libQt6WebEngineCore.so.6",
        qt / "lib" / "libQt6XcbQpa.so.6",
        qt / "libexec" / "QtWebEngineProcess",
    ]
    if not all(b.exists() for b in binaries) or shutil.which("objdump") is None:
        pytest.skip("needs a Linux wheel of Qt and objdump (binutils)")
    wanted: set[str] = set()
    for binary in binaries:
        dump = subprocess.run(["objdump", "-p", str(binary)], capture_output=True, text=True).stdout
        wanted |= {line.split()[1] for line in dump.splitlines() if line.strip().startswith("NEEDED")}
    base = (
        "libQt6",
        "libicu",
        "libc.",
        "libm.",
        "libstdc++",
        "libgcc_s",
        "ld-linux",
        "libz.",
        "libzstd",
        "libpthread",
        "libdl.",
        "librt.",
    )
    system = {so for so in wanted if not so.startswith(base)}
    assert system and system <= set(WINDOW_LIBRARIES) | set(XCB_LIBRARIES), (
        system - set(WINDOW_LIBRARIES) - set(XCB_LIBRARIES)
    )


def test_the_editor_says_what_is_missing_instead_of_aborting() -> None:
    """A library that really is not on this machine, looked up the real way."""
    script = (
        "import sys; import editor.ui.system_libraries as libs; "
        "libs.XCB_LIBRARIES['libpost-editor-missing.so.0'] = 'libpost-editor-missing0'; "
        "from editor.cli import main; raise SystemExit(main(['--new-instance']))"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", DISPLAY=":97")
    env.pop("WAYLAND_DISPLAY", None)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 1
    assert "libpost-editor-missing.so.0" in out.stderr
    assert "sudo apt-get install" in out.stderr and "libpost-editor-missing0" in out.stderr
    assert "could not load the Qt platform plugin" not in out.stderr
