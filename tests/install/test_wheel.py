"""The wheel, installed outside the checkout, behaves exactly like the checkout."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample-site"
POST = "src/content/blog/image-formats-for-the-web.md"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from this checkout, installed with --no-deps into a folder of its own."""
    wheels = tmp_path_factory.mktemp("wheels")
    target = tmp_path_factory.mktemp("site-packages")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-cache-dir", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT)], check=True, cwd=wheels
    )
    (wheel,) = wheels.glob("post_editor-*.whl")
    subprocess.run([*pip, "install", "--no-deps", "--target", str(target), str(wheel)], check=True, cwd=wheels)
    shutil.rmtree(ROOT / "build", ignore_errors=True)  # what the wheel build leaves in the checkout
    return target


def run_installed(target: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """``post-editor ARGS`` from the installed copy: the target first on the path, the checkout nowhere
    (-P keeps the working folder off it; dependencies come from this interpreter's site-packages)."""
    env = dict(os.environ, PYTHONPATH=str(target), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-P", "-m", "editor", *args], capture_output=True, cwd=cwd, env=env, timeout=120
    )


def run_checkout(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-P", "-m", "editor", *args], capture_output=True, cwd=cwd, env=env, timeout=120
    )


@pytest.fixture
def site(tmp_path: Path) -> Path:
    target = tmp_path / "site"
    shutil.copytree(SAMPLE, target)
    return target


def test_the_installed_copy_is_the_one_running(installed: Path, tmp_path: Path) -> None:
    probe = (
        "import editor, editor.core.resources as r; "
        "print(editor.__file__); print(r.resource_path('preview')); print(editor.__version__)"
    )
    env = dict(os.environ, PYTHONPATH=str(installed))
    out = subprocess.run([sys.executable, "-P", "-c", probe], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert out.returncode == 0, out.stderr
    module, preview, version = out.stdout.splitlines()
    assert Path(module).is_relative_to(installed)
    assert Path(preview).is_relative_to(installed) and (Path(preview) / "shell.html").is_file()
    from importlib.metadata import version as installed_version

    assert version == installed_version("post-editor")
    packaged = {p.relative_to(installed / "editor").as_posix() for p in (installed / "editor" / "resources").rglob("*")}
    in_checkout = {p.relative_to(ROOT / "editor").as_posix() for p in (ROOT / "editor" / "resources").rglob("*")}
    assert packaged == in_checkout  # every resource ships


def test_render_is_byte_for_byte_the_checkouts(installed: Path, site: Path, tmp_path: Path) -> None:
    wheel = run_installed(installed, "render", str(site / POST), cwd=tmp_path)
    checkout = run_checkout("render", str(site / POST), cwd=tmp_path)
    assert wheel.returncode == 0, wheel.stderr.decode()
    assert b"<img" in wheel.stdout
    assert wheel.stdout == checkout.stdout


def test_export_html_is_byte_for_byte_the_checkouts(installed: Path, site: Path, tmp_path: Path) -> None:
    (tmp_path / "wheel").mkdir()
    (tmp_path / "checkout").mkdir()
    wheel = run_installed(
        installed, "export", str(site / POST), "--as", "html", "--to", "wheel", "--force", cwd=tmp_path
    )
    checkout = run_checkout("export", str(site / POST), "--as", "html", "--to", "checkout", "--force", cwd=tmp_path)
    assert wheel.returncode == 0, wheel.stderr.decode()
    assert checkout.returncode == 0, checkout.stderr.decode()
    (exported,) = (tmp_path / "wheel").iterdir()
    html = exported.read_bytes()
    assert html == (tmp_path / "checkout" / exported.name).read_bytes()
    stylesheet = (ROOT / "editor/resources/preview/preview.css").read_bytes()
    assert stylesheet.strip() and stylesheet.strip() in html  # the preview's own stylesheet is in the page


def _webengine_children(pid: int) -> list[str]:
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(os.readlink(proc / "exe"))
        except (OSError, ValueError, IndexError):
            continue
    return found


def _preview_started(pid: int) -> bool:
    return any("QtWebEngineProcess" in exe for exe in _webengine_children(pid))


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads child processes from /proc")
def test_the_window_starts_from_the_installed_copy(installed: Path, site: Path, tmp_path: Path) -> None:
    env = dict(
        os.environ, PYTHONPATH=str(installed), QT_QPA_PLATFORM="offscreen", QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox"
    )
    window = subprocess.Popen(
        [sys.executable, "-P", "-m", "editor", "--new-instance", str(site)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(
            "QtWebEngineProcess" in c for c in _webengine_children(window.pid)
        ):
            assert window.poll() is None, window.communicate()[1].decode()
            time.sleep(0.2)
        assert _preview_started(window.pid)
        time.sleep(3)
        assert window.poll() is None  # and the window stays up
    finally:
        window.send_signal(signal.SIGTERM)
        _, err = window.communicate(timeout=30)
    assert b"Traceback" not in err, err.decode()
