"""Fixtures shared by core and UI tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.shared_data import SHARED, SKIP_NO_SHARED


@pytest.fixture
def seed_post() -> Path:
    if SHARED is None or not (SHARED / "fixtures" / "seed-post.md").is_file():
        pytest.skip(SKIP_NO_SHARED)
    return SHARED / "fixtures" / "seed-post.md"
