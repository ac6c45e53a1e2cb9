"""A real window on a virtual X screen, captured the way a person would see it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageStat

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ("xvfb-run", "import")


@pytest.mark.skipif(
    any(shutil.which(t) is None for t in TOOLS),
    reason="needs xvfb-run (Debian xvfb) and import (imagemagick) to capture a real screen",
)
def test_window_screenshot_under_xvfb_is_not_blank(tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    post = ROOT / "examples/sample-site/src/content/blog/image-formats-for-the-web.md"
    script = (
        "import sys; from editor.cli import build_window; from PySide6.QtWidgets import QApplication; "
        "from PySide6.QtCore import QTimer; w = build_window(sys.argv[1:]); w.setGeometry(0, 0, 1280, 800); "
        "QTimer.singleShot(15000, QApplication.instance().quit); QApplication.instance().exec()"
    )
    env = dict(os.environ, QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox")
    env.pop("QT_QPA_PLATFORM", None)
    env["POST_EDITOR_SETTINGS"] = str(tmp_path / "settings.ini")
    shell = (
        f"{sys.executable} -c '{script}' {post} & pid=$!; "
        f"for i in $(seq 40); do sleep 0.25; done; import -window root {shot}; kill $pid; wait $pid || true"
    )
    subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", "bash", "-c", shell],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
    )
    image = Image.open(shot).convert("RGB")
    assert image.size == (1280, 800)
    # The three panes: the form (left), the editor (middle) and the preview with its cover (right).
    for box in ((0, 60, 300, 500), (340, 60, 800, 700), (860, 40, 1260, 700)):
        region = image.crop(box)
        assert max(ImageStat.Stat(region).stddev) > 10, f"region {box} is blank"
    preview = image.crop((880, 40, 1260, 300))
    colors = preview.resize((48, 32)).getcolors(maxcolors=48 * 32) or []
    assert len(colors) > 40, "the preview shows no cover image"
