"""The Outline panel follows the post as it is written and takes the author to a heading."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from editor.core.outline import headings

ANYWHERE = Qt.MatchFlag.MatchRecursive | Qt.MatchFlag.MatchExactly
BODY = (
    "# Trip\n\nIntro.\n\n## Day one\n\nWalk.\n\n```\n# not a heading\n```\n\n"
    "#### Lunch\n\nCrêpes.\n\n## Day two\n\nRain.\n\nSetext too\n----------\n\nEnd.\n"
)


def tree(panel: Any) -> list[tuple[int, str]]:
    """(depth, text) of each item, in order."""
    out: list[tuple[int, str]] = []

    def walk(item: Any, depth: int) -> None:
        out.append((depth, item.text(0)))
        for i in range(item.childCount()):
            walk(item.child(i), depth + 1)

    for i in range(panel.topLevelItemCount()):
        walk(panel.topLevelItem(i), 0)
    return out


def test_the_outline_lists_headings_follows_typing_and_jumps(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    post = tmp_path / "trip.md"
    post.write_text("---\ntitle: Trip\n---\n" + BODY, encoding="utf-8")
    window = make_window(post)
    panel = window.outline_panel
    assert panel.objectName() == "outline" and window.outline_dock.toggleViewAction().shortcut().toString()
    assert tree(panel) == [(0, "Trip"), (1, "Day one"), (2, "Lunch"), (1, "Day two"), (1, "Setext too")]
    lunch = panel.findItems("Lunch", ANYWHERE, 0)[0]
    assert "skips from level 2 to 4" in lunch.toolTip(0) and not lunch.icon(0).isNull()
    # The heading the cursor is under is highlighted.
    cursor = window.editor.document().find("Rain.")
    window.editor.setTextCursor(cursor)
    assert panel.currentItem().text(0) == "Day two"
    # Typing a heading shows up after a pause, without a click anywhere.
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    window.editor.insertPlainText("\n## Day three\n\nSun.\n")
    qtbot.waitUntil(lambda: tree(panel)[-1] == (1, "Day three"), timeout=3000)
    assert panel.currentItem().text(0) == "Day three"
    # Choosing a heading puts the cursor on it.
    window.editor.moveCursor(QTextCursor.MoveOperation.Start)
    item = panel.findItems("Day two", ANYWHERE, 0)[0]
    panel.itemClicked.emit(item, 0)
    block = window.editor.textCursor().block()
    assert block.text() == "## Day two"
    # Another post, another outline; a post without headings, an empty one.
    other = tmp_path / "plain.md"
    other.write_text("---\ntitle: Plain\n---\nNo headings here.\n", encoding="utf-8")
    assert window.files.open_path(other)
    assert tree(panel) == []


def test_headings_skip_code_and_know_setext_and_skips() -> None:
    found = headings(BODY)
    assert [(h.line, h.level, h.text, h.skipped_from) for h in found] == [
        (0, 1, "Trip", None),
        (4, 2, "Day one", None),
        (12, 4, "Lunch", 2),
        (16, 2, "Day two", None),
        (20, 2, "Setext too", None),
    ]
    assert headings("- item\n---\n") == [] and headings("## Closed ##\n")[0].text == "Closed"
