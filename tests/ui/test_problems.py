"""The problems panel: the badge, jumping to a problem, and the one-click mojibake fix."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.shared_data import SHARED, SKIP_NO_SHARED


def test_badge_and_problems_follow_the_post(make_window: Any, qtbot: Any, sample_site: Path) -> None:
    window = make_window(sample_site / "src/content/blog/keeping-drafts-in-git.md")
    window.publishing.run_checks()
    assert not any(p.severity == "error" for p in window.publishing.problems)
    window.form.field("canonical_url").edit.setText("not-a-url")
    window.form.field("canonical_url").edited.emit("not-a-url")
    qtbot.waitUntil(lambda: any(p.code == "canonical-url" for p in window.publishing.problems), timeout=5000)
    assert "error" in window.ready_badge.text()
    problem = next(p for p in window.publishing.problems if p.code == "canonical-url")
    window.problems_dock.show()
    window.publishing.go_to_problem(problem)
    assert window.form.field("canonical_url").edit.hasFocus() or window.form.field("canonical_url").hasFocus()


def test_clicking_a_body_problem_moves_the_cursor_there(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text('---\ntitle: "T"\n---\n\nIntro.\n\n## Section\n\n#### Too deep\n')
    window = make_window(post)
    problems = window.publishing.run_checks()
    skip = next(p for p in problems if p.code == "heading-skip")
    window.publishing.go_to_problem(skip)
    assert window.editor.textCursor().block().text() == "#### Too deep"


def test_f7_shows_the_problems_and_every_line_number_is_the_files(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text('---\ntitle: "T"\ntags: [a, b]\n---\n\nIntro.\n\n## Section\n\n#### Too deep\n')
    window = make_window(post)
    assert window.publishing.check_action.shortcut().toString() == "F7"
    assert window.problems_dock.isHidden()
    window.publishing.check_action.trigger()
    assert window.problems_dock.isVisible()
    qtbot.waitUntil(lambda: any(p.code == "heading-skip" for p in window.publishing.problems), timeout=5000)
    skip = next(p for p in window.publishing.problems if p.code == "heading-skip")
    assert skip.line == 10  # line 10 of the file
    assert any(
        "line 10" in window.problems_panel.list.item(i).text() for i in range(window.problems_panel.list.count())
    )
    window.publishing.go_to_problem(skip)
    assert window.position_label.text().startswith("Ln 10,")  # the status bar counts the same lines


def test_a_broken_posts_problem_jumps_to_its_line(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    post = tmp_path / "broken.md"
    post.write_text('---\ntitle: "T"\nbad: [oops\ndate: 2024-01-01\n---\nBody.\n')
    window = make_window(post)
    problems = window.publishing.run_checks()
    problem = next(p for p in problems if p.code == "front-matter")
    assert problem.line is not None
    window.publishing.go_to_problem(problem)
    assert window.position_label.text().startswith(f"Ln {problem.line},")


def test_fix_mojibake_repairs_only_the_damaged_characters(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    if SHARED is None:
        pytest.skip(SKIP_NO_SHARED)
    post = tmp_path / "seed.md"
    shutil.copyfile(SHARED / "fixtures/seed-post.md", post)  # a scratch copy in the test's own folder
    before = post.read_text(encoding="utf-8")
    window = make_window(post)
    window.publishing.run_checks()
    assert window.problems_panel.fix_button.isVisibleTo(window.problems_panel)
    window.publishing.fix_mojibake()
    assert window.files.save()
    after = post.read_text(encoding="utf-8")
    assert after == before.replace("â€”", "—")
    assert not any(p.code == "mojibake" for p in window.publishing.run_checks())
    window.editor.undo()  # the repair is one undo step
    assert "â€”" in window.editor.toPlainText()


def test_export_from_the_window_and_all_ready_posts(
    make_window: Any, qtbot: Any, sample_site: Path, tmp_path: Path
) -> None:
    window = make_window(sample_site)
    qtbot.waitUntil(
        lambda: window.site_controller.is_idle() and window.site_controller.schema is not None, timeout=15000
    )
    window.files.open_post(sample_site / "src/content/blog/keeping-drafts-in-git.md")
    out = tmp_path / "out"
    out.mkdir()
    written = window.publishing.export_current("html", out, confirm=False)
    assert written is not None and written.read_text().startswith("<!DOCTYPE html>")
    done, skipped = window.publishing.export_all_ready("zip", out)
    assert done + skipped == 5 and done >= 1
    assert len(list(out.glob("*.zip"))) == done


def test_a_long_post_is_checked_and_counted_off_the_gui_thread(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    from editor.ui.status import LONG_BODY

    filler = "A sentence of filler words for a long post.\n\n" * (LONG_BODY // 40)
    post = tmp_path / "post.md"
    post.write_text(f'---\ntitle: "Long"\n---\n\n## Start\n\n{filler}#### Too deep\n\n![](missing.png)\n')
    window = make_window(post, settle=False)  # the preview is not what this is about
    window.publishing.problems = []
    window.publishing.run_checks(background=True)  # what the pause after typing (and F7) does
    assert window.publishing.checks_job.busy()  # the body is being checked in a thread...
    qtbot.waitUntil(lambda: not window.publishing.checks_job.busy(), timeout=60000)
    codes = {p.code for p in window.publishing.problems}  # ...and its problems join the front matter's
    assert {"heading-skip", "broken-image", "image-alt", "cover-missing"} <= codes
    window.words_label.count_now()
    expected = f"{9 * (LONG_BODY // 40) + 5:,} words"  # plus Start, Too deep, missing png
    qtbot.waitUntil(lambda: window.words_label.text().startswith(expected), timeout=60000)


def test_a_newer_check_replaces_one_still_running(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    from editor.ui.status import LONG_BODY

    post = tmp_path / "post.md"
    post.write_text('---\ntitle: "Long"\n---\n\n## Start\n\n#### Too deep\n\n' + "Words.\n\n" * (LONG_BODY // 7))
    window = make_window(post, settle=False)
    window.publishing.run_checks(background=True)
    assert window.publishing.checks_job.busy()
    # Fixed while the first check still runs: its result (a skipped level) must never show.
    shown: list[set[str]] = []
    window.problems_panel.set_problems = lambda problems: shown.append({p.code for p in problems})
    edit = window.editor.document().find("#### Too deep")
    edit.insertText("### Too deep")
    window.publishing.run_checks(background=True)
    qtbot.waitUntil(lambda: bool(shown) and not window.publishing.checks_job.busy(), timeout=60000)
    assert shown and all("heading-skip" not in codes for codes in shown)


def test_a_count_overtaken_by_a_shorter_text_never_shows(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    from editor.ui.status import LONG_BODY

    post = tmp_path / "post.md"
    post.write_text('---\ntitle: "Long"\n---\n\n' + "Many words here.\n\n" * (LONG_BODY // 15))
    window = make_window(post, settle=False)
    window.words_label.count_now()
    assert window.words_label._job.busy()  # counting the long text in its thread
    window.editor.selectAll()
    window.editor.insertPlainText("Three words left.")
    window.words_label.count_now()  # short now: counted at once
    assert window.words_label.text().startswith("3 words")
    qtbot.waitUntil(lambda: not window.words_label._job.busy(), timeout=60000)
    qtbot.wait(100)  # the old count's result has been delivered, and dropped
    assert window.words_label.text().startswith("3 words")
