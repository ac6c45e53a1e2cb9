"""Publishing with git from the window, against real repositories: a bare remote in
``tmp_path`` and two clones of it, Ann (in the window) and Bob (the other author)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from editor.core.publishing import Publisher
from editor.core.repository import ENGINES, find_repo
from editor.core.site import Site
from tests.git_repos import POST, git, make_authors, new_post

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed (Debian package git)")


@pytest.fixture
def authors(tmp_path: Path) -> tuple[Path, Path, Path]:
    return make_authors(tmp_path)


def when_shown(name: str, act: Callable[[Any], None], seen: list[Any] | None = None) -> None:
    """Call ``act`` on the window named ``name`` (a dialog, a message box) once it is shown."""

    def look() -> None:
        found = _visible(name)
        if found is None:
            QTimer.singleShot(20, look)
            return
        if seen is not None:
            seen.append(found)
        act(found)

    QTimer.singleShot(0, look)


def accept_message() -> None:
    """Accept the commit message the window proposes, and keep it."""
    when_shown("publishMessage", lambda dialog: dialog.accept())


def open_site(make_window: Callable[..., Any], qtbot: Any, site: Path, post: Path) -> Any:
    window = make_window()
    assert window.files.open_folder(site)
    qtbot.waitUntil(window.site_controller.is_idle, timeout=15000)
    assert window.files.open_post(post)
    qtbot.waitUntil(lambda: window.git.status is not None and window.git.publish_action.isEnabled(), timeout=10000)
    return window


def status_message(window: Any) -> str:
    return str(window.statusBar().currentMessage())


def test_publish_commits_the_post_and_its_cover_and_leaves_the_rest(
    make_window: Callable[..., Any], qtbot: Any, authors: tuple[Path, Path, Path]
) -> None:
    remote, ann, bob = authors
    post = new_post(ann, "spring", "Spring")
    first = ann / "src/content/blog/first.md"
    window = open_site(make_window, qtbot, ann, first)
    first_doc = window.document
    first_doc.set_field("title", "First, half-done")  # unsaved, in another tab
    assert window.files.open_post(post)
    panel = window.library_panel
    qtbot.waitUntil(lambda: panel.model.git_states.get("src/content/blog/spring.md") == "new", timeout=10000)
    assert not panel.view.isColumnHidden(4)
    assert window.git.branch_label.text() == "⎇ main"
    accept_message()
    window.git.publish_action.trigger()
    qtbot.waitUntil(lambda: "pushed" in status_message(window), timeout=20000)
    files = git(ann, "show", "--name-only", "--format=%s", "HEAD").split("\n")
    assert files[0] == "Publish: Spring"
    assert sorted(f for f in files[1:] if f) == ["src/content/blog/spring.md", "src/content/blog/spring.png"]
    assert first_doc.is_modified and "half-done" not in first.read_text(encoding="utf-8")
    assert git(remote, "log", "-1", "--format=%s", "main").strip() == "Publish: Spring"
    git(bob, "pull", "-q")
    assert (bob / "src/content/blog/spring.md").read_bytes() == post.read_bytes()
    qtbot.waitUntil(lambda: "src/content/blog/spring.md" not in panel.model.git_states, timeout=10000)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_conflicting_title_is_resolved_in_the_window_then_pushed(
    make_window: Callable[..., Any],
    qtbot: Any,
    authors: tuple[Path, Path, Path],
    engine: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("POST_EDITOR_GIT", engine)
    remote, ann, bob = authors
    bob_post = bob / "src/content/blog/first.md"
    bob_post.write_text(bob_post.read_text(encoding="utf-8").replace("title: First", "title: Bob's"), encoding="utf-8")
    bob_repo = find_repo(bob)
    assert bob_repo is not None
    from editor.core.post import Post

    assert Publisher(bob_repo, Site.for_file(bob_post)).publish([Post.load(bob_post)]).pushed
    post = ann / "src/content/blog/first.md"
    window = open_site(make_window, qtbot, ann, post)
    window.document.set_field("title", "Ann's")
    assert window.files.save()

    def resolve(dialog: Any) -> None:
        combo = dialog.findChild(QWidget, "field:title")
        combo.setCurrentIndex(combo.findData("theirs"))
        assert "title: Bob's" in dialog.result.toPlainText()
        dialog.findChild(QPushButton, "markResolved").click()

    seen: list[Any] = []
    when_shown("gitConflict", lambda box: box.findChild(QPushButton, "resolveConflict").click(), seen)
    when_shown("conflictResolution", resolve, seen)
    accept_message()
    window.git.publish_action.trigger()
    qtbot.waitUntil(lambda: "pushed" in status_message(window), timeout=30000)
    assert [w.objectName() for w in seen] == ["gitConflict", "conflictResolution"]
    text = post.read_text(encoding="utf-8")
    assert "title: Bob's" in text and "<<<<<<<" not in text
    git(bob, "pull", "-q")
    assert bob_post.read_text(encoding="utf-8") == text
    assert git(remote, "log", "--format=%s", "main").splitlines()[:2] == ["Publish: Ann's", "Publish: Bob's"]
    qtbot.waitUntil(lambda: not window.document.is_modified and "Bob's" in window.document.full_text(), timeout=10000)


def test_history_and_discard_with_the_text_kept_for_recovery(
    make_window: Callable[..., Any], qtbot: Any, authors: tuple[Path, Path, Path]
) -> None:
    _remote, ann, _bob = authors
    post = ann / "src/content/blog/first.md"
    committed = post.read_bytes()
    window = open_site(make_window, qtbot, ann, post)
    window.document.set_field("title", "Rewritten")
    assert window.files.save()
    window.document.set_field("description", "Not saved yet")
    shown: list[Any] = []

    def discard(dialog: Any) -> None:
        diff = dialog.findChild(QWidget, "discardDiff").toPlainText()
        assert "+title: Rewritten" in diff and "+description: Not saved yet" in diff and "-title: First" in diff
        dialog.findChild(QPushButton, "discardChanges").click()

    when_shown("discardPrompt", discard, shown)
    window.git.discard_action.trigger()
    qtbot.waitUntil(lambda: "Discarded" in status_message(window), timeout=10000)
    assert shown and post.read_bytes() == committed
    assert not window.document.is_modified and "title: First" in window.document.full_text()
    kept = [e for e in window.safety.journal.orphaned() if e.path == str(post)]
    assert len(kept) == 1 and "title: Rewritten" in kept[0].text and "Not saved yet" in kept[0].text

    def restore(box: Any) -> None:
        assert "changes you discarded" in box.text()
        next(b for b in box.buttons() if b.text() == "Restore").click()

    when_shown("recoveryPrompt", restore)
    window.git.recover_action.trigger()
    assert window.document.is_modified and "Not saved yet" in window.document.full_text()
    assert post.read_bytes() == committed  # brought back as unsaved changes; nothing written

    window.git.history_action.trigger()
    qtbot.waitUntil(lambda: _visible("gitHistory") is not None, timeout=10000)
    history = _visible("gitHistory")
    assert history.commits.count() == 1 and history.commits.item(0).text().startswith("Start\nAnn")
    qtbot.waitUntil(lambda: "+title: First" in history.diff.toPlainText(), timeout=10000)
    history.close()


def test_a_post_outside_any_repository_has_git_actions_off_with_the_reason(
    make_window: Callable[..., Any], qtbot: Any, tmp_path: Path
) -> None:
    loose = tmp_path / "loose" / "p.md"
    loose.parent.mkdir()
    loose.write_text(POST.format(title="Loose", cover="x.png"), encoding="utf-8")
    window = make_window(loose)
    qtbot.waitUntil(lambda: window.git.branch_label.text() == "Not in git", timeout=10000)
    for action in window.git.actions:
        assert not action.isEnabled() and "not in a git repository" in action.toolTip()
    assert window.library_panel.view.isColumnHidden(4)


def test_cancel_stops_after_the_step_under_way_and_a_refusing_hook_is_explained(
    make_window: Callable[..., Any], qtbot: Any, authors: tuple[Path, Path, Path]
) -> None:
    remote, ann, _bob = authors
    hook = ann / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\nsleep 1.5\n", encoding="utf-8")
    hook.chmod(0o755)
    post = new_post(ann, "slow", "Slow")
    window = open_site(make_window, qtbot, ann, post)
    progress: list[Any] = []

    def cancel(dialog: Any) -> None:
        qtbot.waitUntil(lambda: dialog.labelText() == "Committing…", timeout=5000)
        dialog.findChild(QPushButton).click()  # its Cancel button

    when_shown("gitProgress", cancel, progress)
    accept_message()
    window.git.publish_action.trigger()
    qtbot.waitUntil(lambda: "Cancelled before pulling" in status_message(window), timeout=20000)
    assert git(ann, "log", "-1", "--format=%s").strip() == "Publish: Slow"  # the step under way finished
    assert git(remote, "log", "-1", "--format=%s", "main").strip() == "Start"  # nothing pushed

    hook.write_text("#!/bin/sh\necho 'spell-check failed: teh' >&2\nexit 1\n", encoding="utf-8")
    other = new_post(ann, "refused", "Refused")
    assert window.files.open_post(other)
    qtbot.waitUntil(window.git.publish_action.isEnabled, timeout=10000)
    boxes: list[Any] = []
    when_shown("gitError", lambda box: None, boxes)
    accept_message()
    window.git.publish_action.trigger()
    qtbot.waitUntil(lambda: bool(boxes), timeout=20000)
    box = boxes[0]
    assert box.text() == "<b>Committing failed.</b>"
    assert "pre-commit hook refused the commit: spell-check failed: teh" in box.informativeText()
    assert "teh" in box.detailedText()
    box.close()


def _visible(name: str) -> Any:
    for widget in QApplication.topLevelWidgets():
        try:
            if widget.objectName() == name and widget.isVisible():
                return widget
        except RuntimeError:  # a window Qt has deleted meanwhile
            continue
    return None


def test_a_5000_post_repository_shows_each_posts_state_in_the_posts_panel(
    make_window: Callable[..., Any], qtbot: Any, tmp_path: Path
) -> None:
    site = tmp_path / "big"
    blog = site / "src/content/blog"
    blog.mkdir(parents=True)
    (site / "astro.config.mjs").write_text("export default {}\n", encoding="utf-8")
    for i in range(5000):
        (blog / f"post-{i:04}.md").write_text(f"---\ntitle: Post {i}\n---\nText {i}.\n", encoding="utf-8")
    git(site, "init", "-q", "-b", "main")
    git(site, "add", ".")
    git(site, "-c", "user.name=A", "-c", "user.email=a@example.com", "commit", "-q", "-m", "Posts")
    (blog / "post-0007.md").write_text("---\ntitle: Post 7\n---\nEdited.\n", encoding="utf-8")
    (blog / "post-4999.md").write_text("---\ntitle: Post 4999\n---\nStaged.\n", encoding="utf-8")
    git(site, "add", "src/content/blog/post-4999.md")
    (blog / "fresh.md").write_text("---\ntitle: Fresh\n---\nNew.\n", encoding="utf-8")
    window = make_window()
    assert window.files.open_folder(site)
    panel = window.library_panel
    qtbot.waitUntil(lambda: window.site_controller.is_idle() and len(panel.model.git_states) == 3, timeout=60000)
    assert panel.model.git_states == {
        "src/content/blog/post-0007.md": "modified",
        "src/content/blog/post-4999.md": "staged",
        "src/content/blog/fresh.md": "new",
    }
    row = next(r for r in range(panel.proxy.rowCount()) if panel.proxy.index(r, 0).data().startswith("Fresh"))
    assert panel.proxy.index(row, 4).data() == "New"
    assert window.git.branch_label.text() == "⎇ main"  # no upstream: nothing ahead or behind
    (blog / "post-0100.md").write_text("---\ntitle: Post 100\n---\nChanged elsewhere.\n", encoding="utf-8")
    qtbot.waitUntil(lambda: "src/content/blog/post-0100.md" in panel.model.git_states, timeout=20000)


def test_the_resolution_view_keeps_each_sides_bytes(qapp: Any, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QMainWindow

    from editor.ui.conflict_view import ConflictDialog

    parent = QMainWindow()
    base = "---\r\ntitle: A\r\n---\r\n10\u00a0km\u2028away.\r\n\r\nEnd.\r\n".encode()
    ours = base.replace(b"title: A", b"title: Mine")
    theirs = base.replace(b"title: A", "title: Caf\u00e9".encode()).replace(b"End.", b"The end.")
    dialog = ConflictDialog(parent, tmp_path / "p.md", base, ours, theirs)
    assert dialog.resolution() == ours.replace(b"End.", b"The end.")  # CRLF, no-break space, U+2028 kept
    dialog.combos["field:title"].setCurrentIndex(1)
    assert dialog.resolution() == theirs
    cursor = dialog.result.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    cursor.insertText("Added by hand.")
    assert dialog.hand_edited and dialog.resolution() == theirs + b"Added by hand."
    cursor.insertText("\n<<<<<<< HEAD\nx\n=======\ny\n>>>>>>> theirs\n")
    assert not dialog.resolve_button.isEnabled()
    png_a, png_b = b"\x89PNG\r\n\x1a\n\0\0a", b"\x89PNG\r\n\x1a\n\0\0bb"
    image = ConflictDialog(parent, tmp_path / "cover.png", None, png_a, png_b)
    assert image.binary and image.resolution() == png_a
    image.combos[next(iter(image.combos))].setCurrentIndex(1)
    assert image.resolution() == png_b
    parent.deleteLater()
