"""Fixtures shared by core and UI tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.shared_data import SHARED, SKIP_NO_SHARED


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test, and every process it starts, has its own home and XDG folders: nothing a
    test writes (settings, journal, desktop files, the running editor's socket) reaches the
    user's real folders or the next test."""
    home = tmp_path_factory.mktemp("home")
    for name, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_RUNTIME_DIR", "run"),
    ):
        folder = home / sub
        folder.mkdir(parents=True, mode=0o700)
        monkeypatch.setenv(name, str(folder))
    monkeypatch.setenv("HOME", str(home))
    return home


@pytest.fixture
def seed_post() -> Path:
    if SHARED is None or not (SHARED / "fixtures" / "seed-post.md").is_file():
        pytest.skip(SKIP_NO_SHARED)
    return SHARED / "fixtures" / "seed-post.md"
