"""Links open in the user's programs with the user's own library path, also from the bundle."""

from __future__ import annotations

import os
import sys
from typing import Any

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from editor.ui.external import open_external


class Handler(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, str | None]] = []

    @Slot(QUrl)
    def handle(self, url: QUrl) -> None:
        self.seen.append((url.toString(), os.environ.get("LD_LIBRARY_PATH")))


@pytest.fixture
def handler(qapp: Any) -> Any:
    handler = Handler()
    QDesktopServices.setUrlHandler("https", handler, "handle")
    yield handler
    QDesktopServices.unsetUrlHandler("https")


def test_the_bundle_hands_links_the_users_library_path(handler: Handler, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)  # as in the PyInstaller bundle
    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/post-editor/_internal")
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/home/me/lib")
    assert open_external(QUrl("https://example.org/a"))
    monkeypatch.delenv("LD_LIBRARY_PATH_ORIG")
    assert open_external(QUrl("https://example.org/b"))
    assert handler.seen == [("https://example.org/a", "/home/me/lib"), ("https://example.org/b", None)]
    assert os.environ["LD_LIBRARY_PATH"] == "/opt/post-editor/_internal"  # the editor keeps its own


def test_outside_the_bundle_nothing_changes(handler: Handler, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LD_LIBRARY_PATH", "/usr/local/lib")
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/elsewhere")
    assert open_external(QUrl("https://example.org/c"))
    assert handler.seen == [("https://example.org/c", "/usr/local/lib")]
