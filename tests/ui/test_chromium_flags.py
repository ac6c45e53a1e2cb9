"""The preview's Chromium runs without a GPU unless the author asks for one."""

from __future__ import annotations

import os
from typing import Any

import pytest

from editor.ui.app import chromium_flags


def test_the_gpu_is_off_unless_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POST_EDITOR_GPU", raising=False)
    assert chromium_flags("", root=False) == "--disable-gpu"
    assert chromium_flags("--no-sandbox", root=True) == "--no-sandbox --disable-gpu"
    assert chromium_flags("", root=True) == "--disable-gpu --no-sandbox"
    assert chromium_flags("--enable-gpu-rasterization", root=False) == "--enable-gpu-rasterization"
    monkeypatch.setenv("POST_EDITOR_GPU", "1")
    assert chromium_flags("--lang=fr", root=False) == "--lang=fr"


def test_the_running_preview_has_them(make_window: Any) -> None:
    make_window()
    assert "--disable-gpu" in os.environ["QTWEBENGINE_CHROMIUM_FLAGS"].split()
