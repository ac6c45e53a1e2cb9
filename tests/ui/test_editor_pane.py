"""Editing conveniences in the body editor, typed through real key events."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextBlock, QTextCharFormat, QTextCursor

from editor.ui.document import PostDocument
from editor.ui.editor_pane import EditorPane
from editor.ui.find_bar import FindBar
from editor.ui.highlighter import COLOURED, IN_FENCE, LAZY_CHARS, NORMAL, VIEW_MARGIN, MarkdownHighlighter
from tests.ui.conftest import type_text


@pytest.fixture
def editor(qapp: Any, qtbot: Any) -> EditorPane:
    pane = EditorPane()
    qtbot.addWidget(pane)
    doc = PostDocument.new()
    doc.text_document.setPlainText("")
    pane.set_document(doc.text_document)
    pane._doc = doc  # keep the owner alive with the pane
    pane.show()
    return pane


def put(editor: EditorPane, text: str, cursor_at: int | None = None) -> None:
    editor.setPlainText(text)
    c = editor.textCursor()
    c.setPosition(len(text.encode("utf-16-le")) // 2 if cursor_at is None else cursor_at)
    editor.setTextCursor(c)


def test_enter_continues_bullets_numbers_tasks_and_quotes(editor: EditorPane, qtbot: Any) -> None:
    type_text(qtbot, editor, "- one\ntwo\n")
    assert editor.toPlainText() == "- one\n- two\n- "
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # Enter on an empty item ends the list
    assert editor.toPlainText() == "- one\n- two\n"
    put(editor, "1. first")
    type_text(qtbot, editor, "\nsecond")
    assert editor.toPlainText() == "1. first\n2. second"
    put(editor, "- [x] done")
    type_text(qtbot, editor, "\nnext")
    assert editor.toPlainText() == "- [x] done\n- [ ] next"
    put(editor, "> quoted")
    type_text(qtbot, editor, "\nmore")
    assert editor.toPlainText() == "> quoted\n> more"


def test_tab_and_shift_tab_indent_list_items(editor: EditorPane, qtbot: Any) -> None:
    put(editor, "- a\n- b")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == "- a\n    - b"
    qtbot.keyClick(editor, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert editor.toPlainText() == "- a\n- b"


def test_bold_wraps_and_unwraps_with_one_undo_each(editor: EditorPane, qtbot: Any) -> None:
    put(editor, "make this loud")
    c = editor.textCursor()
    c.setPosition(10)
    c.setPosition(14, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(c)
    editor.wrap_selection("**")
    assert editor.toPlainText() == "make this **loud**"
    c = editor.textCursor()
    c.setPosition(10)
    c.setPosition(18, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(c)
    editor.wrap_selection("**")
    assert editor.toPlainText() == "make this loud"
    editor.undo()
    assert editor.toPlainText() == "make this **loud**"


def test_standard_bold_shortcut_in_the_window(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    window.editor.setPlainText("")
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.toPlainText() == "**bold text**"
    qtbot.keyClicks(window.editor, "strong")  # the placeholder was selected
    assert window.editor.toPlainText() == "**strong**"


def test_heading_quote_and_list_commands(editor: EditorPane) -> None:
    put(editor, "Title")
    editor.set_heading(2)
    assert editor.toPlainText() == "## Title"
    editor.set_heading(0)
    assert editor.toPlainText() == "Title"
    put(editor, "a\nb")
    editor.selectAll()
    editor.toggle_prefix("> ")
    assert editor.toPlainText() == "> a\n> b"
    editor.selectAll()
    editor.toggle_prefix("> ")
    assert editor.toPlainText() == "a\nb"
    editor.selectAll()
    editor.toggle_prefix("1. ")
    assert editor.toPlainText() == "1. a\n2. b"


def test_link_command_selects_the_url(editor: EditorPane) -> None:
    put(editor, "see docs", cursor_at=4)
    c = editor.textCursor()
    c.setPosition(4)
    c.setPosition(8, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(c)
    editor.insert_link()
    assert editor.toPlainText() == "see [docs](https://)"
    assert editor.textCursor().selectedText() == "https://"


def test_emoji_and_other_non_bmp_text_edit_correctly(editor: EditorPane, qtbot: Any) -> None:
    put(editor, "Party 🎉 time")
    c = editor.textCursor()
    c.setPosition(len("Party 🎉 ".encode("utf-16-le")) // 2)
    c.movePosition(QTextCursor.MoveOperation.EndOfWord, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(c)
    editor.wrap_selection("*")
    assert editor.toPlainText() == "Party 🎉 *time*"
    put(editor, "- 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 item")
    type_text(qtbot, editor, "\nnext 😀")
    assert editor.toPlainText() == "- 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 item\n- next 😀"
    editor.wrap_selection("`", placeholder="x")
    assert editor.toPlainText().endswith("😀`x`")


def test_find_and_replace(editor: EditorPane) -> None:
    bar = FindBar(editor)
    put(editor, "Cat cat category. CAT! cat")
    bar.open(replace=True)
    bar.find_edit.setText("cat")
    bar.word.setChecked(True)
    bar.case.setChecked(True)
    bar.replace_edit.setText("dog")
    assert bar.replace_all() == 2
    assert editor.toPlainText() == "Cat dog category. CAT! dog"
    editor.undo()  # replace all is one undo step
    assert editor.toPlainText() == "Cat cat category. CAT! cat"
    bar.case.setChecked(False)
    bar.word.setChecked(False)
    bar.regex.setChecked(True)
    bar.find_edit.setText(r"c(a)t\b")
    bar.replace_edit.setText(r"k\1t")
    assert bar.replace_all() == 4
    assert editor.toPlainText() == "kat kat category. kAt! kat"
    bar.find_edit.setText("(unclosed")
    assert not bar.find_next()
    assert "Invalid pattern" in bar.status.text()


def test_the_find_bar_counts_the_matches_and_says_which_is_selected(editor: EditorPane, qtbot: Any) -> None:
    bar = FindBar(editor)
    bar.resize(600, 80)
    put(editor, "😀 one two one\nOne more one")
    bar.open()
    bar.find_edit.setText("one")
    qtbot.waitUntil(lambda: bar.count.text() == "1 of 4")
    assert bar.find_next()
    qtbot.waitUntil(lambda: bar.count.text() == "2 of 4")  # after an emoji: UTF-16 positions
    bar.case.setChecked(True)
    qtbot.waitUntil(lambda: bar.count.text().endswith("of 3"))
    bar.find_edit.setText("absent")
    qtbot.waitUntil(lambda: bar.count.text() == "No matches")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.insertPlainText(" absent")  # the count follows the text
    qtbot.waitUntil(lambda: bar.count.text() in ("1 match", "1 of 1"))


def test_find_next_wraps_around(editor: EditorPane) -> None:
    bar = FindBar(editor)
    put(editor, "one two one")
    bar.find_edit.setText("one")  # searching as you type selects the first match
    assert editor.textCursor().selectionStart() == 0
    assert bar.find_next() and editor.textCursor().selectionStart() == 8
    assert bar.find_next() and editor.textCursor().selectionStart() == 0
    assert bar.find_previous() and editor.textCursor().selectionStart() == 8


def test_highlighter_marks_headings_code_and_fence_language(editor: EditorPane, qapp: Any) -> None:
    put(editor, "# Heading\n\nsome `code` here\n\n```python\ndef f():\n    return 1\n```\nafter")
    hl = editor.highlighter
    assert isinstance(hl, MarkdownHighlighter)
    hl.rehighlight()
    doc = editor.document()

    def formats(line: int) -> list[tuple[int, int, Any]]:
        block = doc.findBlockByNumber(line)
        return [(r.start, r.length, QTextCharFormat(r.format)) for r in block.layout().formats()]

    assert formats(0)[0][2].fontWeight() > 500  # heading bold
    code = [f for f in formats(2) if f[2].fontFixedPitch()]
    assert code and code[0][0] == 5  # `code` starts at column 5
    keyword = [f for f in formats(5) if f[0] == 0 and f[1] == 3]  # "def" coloured as a keyword
    assert keyword and keyword[0][2].foreground().color() == hl.token_formats[2][1].foreground().color()
    assert doc.findBlockByNumber(8).userState() & ~COLOURED == NORMAL  # the fence closed


def test_long_text_is_coloured_as_it_comes_into_view(editor: EditorPane, qtbot: Any) -> None:
    paragraphs = ["Paragraph with *emphasis* and `code`, " + "words " * 10 for _ in range(5000)]
    paragraphs[4000] = "```python\ndef far_away():\n    return 1\n```"
    put(editor, "\n\n".join(paragraphs), cursor_at=0)
    assert editor.document().characterCount() > LAZY_CHARS
    hl = editor.highlighter
    assert isinstance(hl, MarkdownHighlighter)
    hl.rehighlight()  # what opening the post, or a theme change, does
    doc = editor.document()
    far = doc.find("def far_away").block()

    def coloured(block: QTextBlock) -> bool:
        done = block.userState() != -1 and bool(block.userState() & COLOURED)
        return done and (bool(block.layout().formats()) or not block.text())  # blank lines have no colours

    # The top is coloured at once; far away only the state is known, and it is right.
    assert coloured(doc.findBlockByNumber(0))
    assert not coloured(far)
    assert far.userState() & ~COLOURED >= IN_FENCE
    assert sum(coloured(doc.findBlockByNumber(n)) for n in range(doc.blockCount())) < 500
    # Scrolling there colours what is on screen, down to the last block shown (a tall pane
    # shows more blocks than the margin coloured along with the first), and no further.
    editor.resize(500, 3000)
    editor.scroll_to_line(far.blockNumber() - 3)
    qtbot.waitUntil(lambda: coloured(far))
    keyword = [r for r in far.layout().formats() if r.start == 0 and r.length == 3]  # "def"
    assert keyword and keyword[0].format.foreground().color() == hl.token_formats[2][1].foreground().color()
    first, last = hl.view
    assert first == editor.firstVisibleBlock().blockNumber() and last - first > 2 * VIEW_MARGIN
    assert coloured(doc.findBlockByNumber(last))
    assert not coloured(doc.findBlockByNumber(last + VIEW_MARGIN + 5))
    # An edit in view is coloured as it is typed.
    target = far.next().next().next().next()
    QTextCursor(target).insertText("Now *this* ")
    emphasis = [(r.start, r.length) for r in target.layout().formats() if r.format.fontItalic()]
    assert (4, 6) in emphasis


def test_top_line_is_reported_once_per_real_move(editor: EditorPane, qtbot: Any) -> None:
    put(editor, "\n\n".join(f"Paragraph {i} " + "words " * 60 for i in range(200)))
    editor.resize(500, 300)
    qtbot.waitExposed(editor)
    seen: list[tuple[int, float]] = []
    values: list[int] = []
    editor.topLineChanged.connect(lambda line, fraction: seen.append((line, fraction)))
    editor.verticalScrollBar().valueChanged.connect(values.append)
    editor.scroll_to_line(100)
    qtbot.wait(100)  # Qt lays the text out lazily and corrects the scroll bar as it goes
    # A narrower pane rewraps every paragraph above: the scroll bar's value changes again,
    # the paragraph at the top does not, and the preview must not be told to move.
    editor.resize(400, 300)
    qtbot.waitUntil(lambda: len(set(values)) > 1)  # the scroll bar did move more than once
    qtbot.wait(100)
    assert editor.firstVisibleBlock().blockNumber() == 100
    assert [line for line, _ in seen] == [100]
    editor.scroll_to_line(120)
    assert [line for line, _ in seen] == [100, 120]


def test_inline_colours_land_on_qt_positions_after_emoji(editor: EditorPane) -> None:
    # Each emoji is two UTF-16 units in Qt: a colour placed by Python index would drift left.
    line = "😀 `a` 😀😀 *b* " * 2000  # long, with thousands of spans: coloured in one pass
    put(editor, line, cursor_at=0)
    block = editor.document().firstBlock()
    ranges = sorted((r.start, r.length) for r in block.layout().formats())
    assert len(ranges) == 4000
    assert ranges[:2] == [(3, 3), (12, 3)]  # `a` after one emoji (2 units) and a space; *b* after 3 more
    period = len("😀 `a` 😀😀 *b* ".encode("utf-16-le")) // 2
    assert ranges[-2:] == [(3 + 1999 * period, 3), (12 + 1999 * period, 3)]


def test_an_edit_that_scrolls_the_view_still_says_so(editor: EditorPane, qtbot: Any) -> None:
    # Deleting the end of a long text clamps the scroll bar in the middle of the edit; the
    # colouring that follows must not swallow the edit's own signals (the unsaved marker).
    doc = editor._doc  # type: ignore[attr-defined]
    put(editor, "\n\n".join(f"Paragraph {i} with *some* words." for i in range(20000)))
    assert editor.document().characterCount() > LAZY_CHARS
    doc.text_document.setModified(False)
    editor.resize(500, 300)
    editor.verticalScrollBar().setValue(editor.verticalScrollBar().maximum())
    qtbot.wait(50)
    changes: list[bool] = []
    doc.modifiedChanged.connect(changes.append)
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.movePosition(QTextCursor.MoveOperation.Up, QTextCursor.MoveMode.KeepAnchor, 400)
    cursor.removeSelectedText()
    qtbot.wait(50)
    assert changes == [True]
