"""The system libraries Qt's window needs, checked before Qt aborts over them.

PySide6's wheels bring Qt itself, but Qt WebEngine and Qt's X11 platform plugin
load a number of libraries from the system. When one is missing, Qt prints
"could not load the Qt platform plugin" and aborts, or the import of WebEngine
fails with a traceback; this says which library is missing and how to install
it instead. Nothing here imports Qt.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

# soname -> Debian/Ubuntu package, for what Qt GUI and Qt WebEngine load from the system
WINDOW_LIBRARIES: dict[str, str] = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libX11.so.6": "libx11-6",
    "libXcomposite.so.1": "libxcomposite1",
    "libXdamage.so.1": "libxdamage1",
    "libXext.so.6": "libxext6",
    "libXfixes.so.3": "libxfixes3",
    "libXrandr.so.2": "libxrandr2",
    "libXtst.so.6": "libxtst6",
    "libasound.so.2": "libasound2",
    "libdbus-1.so.3": "libdbus-1-3",
    "libexpat.so.1": "libexpat1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libgbm.so.1": "libgbm1",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libnspr4.so": "libnspr4",
    "libnss3.so": "libnss3",
    "libnssutil3.so": "libnss3",
    "libsmime3.so": "libnss3",
    "libudev.so.1": "libudev1",
    "libxcb-dri3.so.0": "libxcb-dri3-0",
    "libxkbfile.so.1": "libxkbfile1",
}

# and what Qt's X11 platform plugin (libqxcb.so) adds
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def uses_xcb(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt will pick its X11 plugin: on Linux, unless another platform is
    asked for, or a Wayland session is there (Qt 6 prefers Wayland then)."""
    if not platform.startswith("linux"):
        return False
    asked = environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if asked:
        return asked == "xcb"
    return not environ.get("WAYLAND_DISPLAY")


def missing_libraries(wanted: dict[str, str], loads: Callable[[str], bool] = _loads) -> list[str]:
    return [soname for soname in wanted if not loads(soname)]


def missing_libraries_message(missing: list[str]) -> str:
    known = WINDOW_LIBRARIES | XCB_LIBRARIES
    packages = " ".join(dict.fromkeys(known[s] for s in missing))
    return (
        "post-editor: the window needs system libraries that are not installed: "
        + ", ".join(missing)
        + f"\nOn Debian or Ubuntu, install them with:\n    sudo apt-get install {packages}\n"
        "(Other systems name the packages after the same libraries, e.g. xcb-util-cursor on Fedora.)"
    )


def check_window_libraries(
    environ: Mapping[str, str] | None = None, loads: Callable[[str], bool] = _loads
) -> str | None:
    """A message naming the missing libraries, or None when the window can start."""
    if not sys.platform.startswith("linux"):
        return None
    wanted = dict(WINDOW_LIBRARIES)
    if uses_xcb(os.environ if environ is None else environ):
        wanted |= XCB_LIBRARIES
    missing = missing_libraries(wanted, loads)
    return missing_libraries_message(missing) if missing else None
