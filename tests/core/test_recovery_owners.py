"""Two editors at once: each one's unsaved work stays its own until its process is gone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from editor.core.recovery import Journal, Owner, process_start


def other_process() -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])


def test_a_running_editors_work_is_never_offered_to_another(tmp_path: Path) -> None:
    running = other_process()
    try:
        first = Journal(tmp_path, Owner.of(running.pid))  # the other editor, still running
        first.save("a1", Path("/site/a.md"), "unsaved work of the first editor")
        second = Journal(tmp_path)  # this process: a second editor starting
        second.save("b1", Path("/site/b.md"), "the second editor's own work")
        assert {e.id for e in second.entries()} == {"a1", "b1"}
        assert second.orphaned() == []  # neither is crash recovery
    finally:
        running.kill()
        running.wait()
    # the first editor has crashed now: its work is offered, the second's own still is not
    assert [e.id for e in Journal(tmp_path).orphaned()] == ["a1"]


def test_a_pid_reused_by_another_process_does_not_keep_work_hidden(tmp_path: Path) -> None:
    me = Owner.of(os.getpid())
    assert me.started is not None and me.started == process_start(os.getpid())
    impostor = Owner(os.getpid(), me.started - 1, me.host)  # same pid, earlier process
    Journal(tmp_path, impostor).save("old", None, "work of a process long gone")
    assert [e.id for e in Journal(tmp_path).orphaned()] == ["old"]


def test_entries_written_before_owners_are_offered(tmp_path: Path) -> None:
    old = {"id": "legacy", "path": "/site/c.md", "text": "text", "saved_at": 1.0}
    (tmp_path / "legacy.json").write_text(json.dumps(old), encoding="utf-8")
    (entry,) = Journal(tmp_path).orphaned()
    assert entry.id == "legacy" and entry.owner is None


def test_another_computers_editor_is_taken_for_running(tmp_path: Path) -> None:
    Journal(tmp_path, Owner(999_999, None, "some-other-host")).save("far", None, "work on a laptop")
    assert Journal(tmp_path).orphaned() == []
