"""Opening links and files in the user's own programs.

In the desktop bundle, PyInstaller points ``LD_LIBRARY_PATH`` at the bundle's
libraries so that the editor finds its own Qt. A browser started from the editor
would inherit that and load the bundle's libraries instead of the system's; it
gets the library path the user had (``LD_LIBRARY_PATH_ORIG``) instead.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices


@contextmanager
def user_library_path() -> Iterator[None]:
    """While inside, programs started get the user's own library path (bundle only)."""
    if not getattr(sys, "frozen", False) or "LD_LIBRARY_PATH" not in os.environ:
        yield
        return
    bundle = os.environ["LD_LIBRARY_PATH"]
    original = os.environ.get("LD_LIBRARY_PATH_ORIG")
    if original is None:
        del os.environ["LD_LIBRARY_PATH"]
    else:
        os.environ["LD_LIBRARY_PATH"] = original
    try:
        yield
    finally:
        os.environ["LD_LIBRARY_PATH"] = bundle


def open_external(url: QUrl) -> bool:
    """Open ``url`` with the system's handler (the browser, the mail program)."""
    with user_library_path():
        return bool(QDesktopServices.openUrl(url))
