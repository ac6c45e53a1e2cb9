"""One window per user: a second `post-editor PATH` opens PATH in the running editor."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from editor.ui.single_instance import InstanceServer, send_to_running, server_name

BLOG = "src/content/blog"


def invoke(*args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox")
    return subprocess.Popen(
        [sys.executable, "-m", "editor", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )


def finished(qtbot: Any, process: subprocess.Popen[str], timeout: int = 20000) -> tuple[int, float]:
    """Wait for ``process`` with the event loop running (the window answers it), and time it."""
    start = time.monotonic()
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=timeout)
    return process.returncode, time.monotonic() - start


@pytest.fixture
def served(make_window: Any, sample_site: Path) -> Any:
    window = make_window(sample_site / BLOG / "keeping-drafts-in-git.md")
    server = InstanceServer(parent=window)
    server.pathsReceived.connect(window.open_paths_from_elsewhere)
    assert server.listen()
    return window, server


def test_a_second_invocation_opens_its_post_in_the_running_window(qtbot: Any, served: Any, sample_site: Path) -> None:
    window, _ = served
    post = sample_site / BLOG / "choosing-a-good-slug.md"
    code, seconds = finished(qtbot, invoke(str(post)))
    assert code == 0
    assert seconds < 10  # returns promptly (bench figures: about 0.2 s)
    qtbot.waitUntil(lambda: window.document is not None and window.document.path == post.resolve())
    assert window.tabs.bar.count() == 2

    code, _ = finished(qtbot, invoke(str(post)))  # already open: its tab is shown, no second tab
    assert code == 0
    other = sample_site / BLOG / "keeping-drafts-in-git.md"
    code, _ = finished(qtbot, invoke(str(other), str(post)))
    assert code == 0
    qtbot.waitUntil(lambda: window.document is not None and window.document.path == post.resolve())
    assert window.tabs.bar.count() == 2


def test_a_relative_path_is_taken_from_where_it_was_typed(qtbot: Any, served: Any, sample_site: Path) -> None:
    window, _ = served
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    process = subprocess.Popen(
        [sys.executable, "-m", "editor", "writing-better-excerpts.md"], cwd=sample_site / BLOG, env=env, text=True
    )
    assert finished(qtbot, process)[0] == 0
    target = (sample_site / BLOG / "writing-better-excerpts.md").resolve()
    qtbot.waitUntil(lambda: window.document is not None and window.document.path == target)


def test_headless_commands_never_talk_to_the_window(qtbot: Any, served: Any, sample_site: Path) -> None:
    window, server = served
    received: list[list[str]] = []
    server.pathsReceived.connect(received.append)
    post = sample_site / BLOG / "choosing-a-good-slug.md"
    process = invoke("render", str(post))
    code, _ = finished(qtbot, process)
    assert code == 0 and "<h2" in process.communicate()[0]
    qtbot.wait(200)
    assert received == []
    assert window.tabs.bar.count() == 1


def test_a_stale_socket_from_a_crash_does_not_stop_the_editor(qapp: Any, tmp_path: Path) -> None:
    name = server_name()
    assert name is not None
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(name)  # bound and never listened on or removed: what a killed editor leaves
    stale.close()
    assert os.path.exists(name)
    assert not send_to_running(["/nowhere.md"])  # nobody answers there
    server = InstanceServer()
    assert server.listen()
    server.close()


def test_a_second_editor_never_takes_over_a_live_one(qapp: Any, qtbot: Any) -> None:
    first = InstanceServer()
    assert first.listen()
    got: list[list[str]] = []
    first.pathsReceived.connect(got.append)
    second = InstanceServer()
    assert not second.listen()  # --new-instance beside a live editor: it works alone
    assert first.is_listening()
    process = invoke("--version")
    finished(qtbot, process)
    sender = subprocess.Popen(
        [sys.executable, "-c", "from editor.ui.single_instance import send_to_running as s; print(s(['/a.md']))"],
        stdout=subprocess.PIPE,
        text=True,
    )
    finished(qtbot, sender)
    assert sender.communicate()[0].strip() == "True"
    qtbot.waitUntil(lambda: got == [["/a.md"]])
    first.close()


def test_new_instance_starts_its_own_window(qtbot: Any, served: Any, sample_site: Path) -> None:
    window, server = served
    received: list[list[str]] = []
    server.pathsReceived.connect(received.append)
    process = invoke("--new-instance", str(sample_site / BLOG / "choosing-a-good-slug.md"))
    try:
        qtbot.wait(4000)
        assert process.poll() is None  # a window of its own, still running
        assert received == []
        assert window.tabs.bar.count() == 1
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_only_this_user_can_reach_the_socket(qapp: Any) -> None:
    name = server_name()
    assert name is not None
    folder = Path(name).parent
    assert folder.stat().st_mode & 0o777 == 0o700
    assert folder.stat().st_uid == os.getuid()
    server = InstanceServer()
    assert server.listen()
    assert Path(name).stat().st_mode & 0o077 == 0  # the socket itself is user-only
    server.close()
    folder.chmod(0o755)  # a folder others can enter is refused, not used
    assert server_name() is None
    assert not send_to_running(["/a.md"])
    assert not InstanceServer().listen()
