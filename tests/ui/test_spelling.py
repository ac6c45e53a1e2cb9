"""Spell checking in the real window with the real dictionaries: underlines as you type,
only in prose, in the post's language, suggestions on right-click, word lists."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtGui import QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QMenu

SPELL = QTextCharFormat.UnderlineStyle.SpellCheckUnderline


def underlined(document: QTextDocument) -> list[str]:
    """The words the editor underlines as misspelled, in order."""
    out = []
    block = document.begin()
    while block.isValid():
        for span in block.layout().formats():
            if span.format.underlineStyle() == SPELL:
                out.append(block.text()[span.start : span.start + span.length])
        block = block.next()
    return out


def site_with(tmp_path: Path, posts: dict[str, str]) -> Path:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / ".post-editor.toml").write_text("", encoding="utf-8")
    for name, text in posts.items():
        (site / "content" / name).write_text(text, encoding="utf-8")
    return site


def ready(window: Any) -> bool:
    document = window.document
    speller = window.spelling.speller(document) if document is not None else None
    return speller is not None and speller.ready() and not window.spelling.is_loading()


def type_text(window: Any, text: str) -> None:
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    window.editor.insertPlainText(text)


def test_typing_a_misspelled_word_underlines_it_but_not_in_code(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: Mail\nlang: en\n---\nA first line.\n", encoding="utf-8")
    window = make_window(post)
    qtbot.waitUntil(lambda: ready(window), timeout=20000)
    type_text(window, "\nWe recieve mail.\n\n```\nrecieve = 1\n```\n\n")
    type_text(window, "See `recieve` and https://x.com/recieve {{< x recieve >}}\n")
    qtbot.waitUntil(lambda: underlined(window.editor.document()) == ["recieve"], timeout=5000)
    before = window.editor.document().toPlainText()
    assert window.spelling.button.text() == "en-US"
    # The right-click menu offers the fix, which is one step to undo.
    cursor = window.editor.document().find("recieve")
    cursor.setPosition(cursor.selectionStart() + 2)
    menu = QMenu()
    window.spelling._extend_menu(menu, cursor)
    texts = [a.text() for a in menu.actions()]
    assert texts[0] == "receive" and "Add to My Dictionary" in texts and "Ignore in This Post" in texts
    menu.actions()[0].trigger()
    assert "We receive mail." in window.editor.document().toPlainText()
    qtbot.waitUntil(lambda: underlined(window.editor.document()) == [], timeout=5000)
    window.editor.undo()
    assert window.editor.document().toPlainText() == before
    # Off, no underline; the choice is remembered.
    window.spelling.check_action.setChecked(False)
    assert underlined(window.editor.document()) == []
    assert window.settings.flag("checkSpelling", True) is False
    window.spelling.check_action.setChecked(True)
    qtbot.waitUntil(lambda: underlined(window.editor.document()) == ["recieve"], timeout=5000)


def test_a_french_post_is_checked_in_french(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    post = tmp_path / "été.md"
    post.write_text("---\ntitle: Été\nlang: fr\n---\nDéjà l'été, l’hiver viendra. Bonjuor à tous.\n", encoding="utf-8")
    window = make_window(post)
    qtbot.waitUntil(lambda: ready(window), timeout=20000)
    qtbot.waitUntil(lambda: underlined(window.editor.document()) == ["Bonjuor"], timeout=5000)
    assert window.spelling.button.text() == "fr-FR"
    # The language button picks another dictionary for this post.
    window.spelling.choose(window.document, "en_US")
    qtbot.waitUntil(lambda: ready(window), timeout=20000)
    qtbot.waitUntil(lambda: underlined(window.editor.document())[:2] == ["Déjà", "l'été"], timeout=5000)
    window.spelling.choose(window.document, "")
    qtbot.waitUntil(lambda: underlined(window.editor.document()) == ["Bonjuor"], timeout=5000)


def test_a_word_added_to_the_site_dictionary_is_right_in_every_open_post(
    make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    site = site_with(
        tmp_path,
        {
            "a.md": "---\ntitle: A\nlang: en\n---\nI use Zettlr daily.\n",
            "b.md": "---\ntitle: B\nlang: en\n---\nZettlr again.\n",
        },
    )
    window = make_window(site)
    window.files.open_post(site / "content/a.md")
    window.files.open_post(site / "content/b.md")
    qtbot.waitUntil(lambda: ready(window), timeout=20000)
    qtbot.waitUntil(lambda: underlined(window.editor.document()) == ["Zettlr"], timeout=5000)
    cursor = window.editor.document().find("Zettlr")
    menu = QMenu()
    window.spelling._extend_menu(menu, cursor)
    next(a for a in menu.actions() if a.text() == "Add to Site Dictionary").trigger()
    assert (site / ".post-editor/words.txt").read_text(encoding="utf-8") == "Zettlr\n"
    qtbot.waitUntil(lambda: underlined(window.editor.document()) == [], timeout=5000)
    other = next(d for d in window.documents if d.path == (site / "content/a.md").resolve())
    window.tabs.show(other)
    qtbot.waitUntil(lambda: underlined(window.editor.document()) == [], timeout=5000)
    # A word list changed on disk (a teammate's pull) is read again.
    type_text(window, "\nAnd Logseq too.\n")
    qtbot.waitUntil(lambda: underlined(window.editor.document()) == ["Logseq"], timeout=5000)
    (site / ".post-editor/words.txt").write_text("Logseq\nZettlr\n", encoding="utf-8")
    qtbot.waitUntil(lambda: underlined(window.editor.document()) == [], timeout=10000)


def test_ignore_in_this_post_and_my_own_dictionary(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    from editor.core import spelling

    post = tmp_path / "post.md"
    post.write_text("---\ntitle: T\nlang: en\n---\nTypora and Ulysses and Scrivner.\n", encoding="utf-8")
    window = make_window(post)
    qtbot.waitUntil(lambda: ready(window), timeout=20000)
    qtbot.waitUntil(lambda: underlined(window.editor.document()) == ["Typora", "Scrivner"], timeout=5000)
    menu = QMenu()
    window.spelling._extend_menu(menu, window.editor.document().find("Typora"))
    site_action = next(a for a in menu.actions() if a.text() == "Add to Site Dictionary")
    assert not site_action.isEnabled()  # a post on its own has no site to share a list with
    next(a for a in menu.actions() if a.text() == "Ignore in This Post").trigger()
    qtbot.waitUntil(lambda: underlined(window.editor.document()) == ["Scrivner"], timeout=5000)
    menu = QMenu()
    window.spelling._extend_menu(menu, window.editor.document().find("Scrivner"))
    next(a for a in menu.actions() if a.text() == "Add to My Dictionary").trigger()
    qtbot.waitUntil(lambda: underlined(window.editor.document()) == [], timeout=5000)
    assert spelling.read_words(spelling.personal_words_path()) == {"Scrivner"}
    assert spelling.personal_words_path().is_relative_to(os.environ["HOME"])  # the test's own data folder


def test_the_forms_prose_fields_are_underlined_too(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    from editor.ui.fields import Field

    post = tmp_path / "post.md"
    excerpt = "A long excerpt that says what the post is about, with one wrod misspelled in it."
    post.write_text(f"---\ntitle: A tset of titles\nexcerpt: {excerpt}\nlang: en\n---\nBody.\n", encoding="utf-8")
    window = make_window(post)
    qtbot.waitUntil(lambda: ready(window), timeout=20000)
    fields = {f.key: f for f in window.form.findChildren(Field)}
    title, summary = fields["title"].edit, fields["excerpt"].edit
    qtbot.waitUntil(lambda: underlined(summary.document()) == ["wrod"], timeout=5000)
    qtbot.waitUntil(lambda: title.property("spellSpans") == [(2, 4)], timeout=5000)
    assert title.text() == "A tset of titles" and not title.isUndoAvailable()  # formats, not edits
    title.setText("A test of titles")
    assert title.property("spellSpans") == []


def test_a_post_opened_alone_uses_its_sites_words(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    site = site_with(tmp_path, {"a.md": "---\ntitle: A\nlang: en\n---\nI use Zettlr daily.\n"})
    (site / "astro.config.mjs").write_text("export default {}\n", encoding="utf-8")
    (site / ".post-editor").mkdir()
    (site / ".post-editor/words.txt").write_text("Zettlr\n", encoding="utf-8")
    window = make_window(site / "content/a.md")
    qtbot.waitUntil(lambda: ready(window), timeout=20000)
    qtbot.wait(200)
    assert underlined(window.editor.document()) == []
    type_text(window, "Zettlr and Logseq.\n")
    qtbot.waitUntil(lambda: underlined(window.editor.document()) == ["Logseq"], timeout=5000)


def test_changing_the_posts_language_in_the_form_rechecks_it(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: T\nlang: en\n---\nBonjour à tous.\n", encoding="utf-8")
    window = make_window(post)
    qtbot.waitUntil(lambda: ready(window), timeout=20000)
    qtbot.waitUntil(lambda: "Bonjour" in underlined(window.editor.document()), timeout=5000)
    window.document.set_field("lang", "fr")
    qtbot.waitUntil(lambda: window.spelling.button.text().startswith("fr-FR"), timeout=5000)
    qtbot.waitUntil(lambda: ready(window), timeout=20000)
    qtbot.waitUntil(lambda: underlined(window.editor.document()) == [], timeout=5000)


def test_display_math_is_never_spell_checked(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    post = tmp_path / "math.md"
    post.write_text(
        "---\ntitle: M\nlang: en-US\n---\nWordz here.\n\n$$\n\\frac{dx}{qwzt}\n$$\n\nMorez.\n", encoding="utf-8"
    )
    window = make_window(post)
    highlighter = window.editor.highlighter
    document = window.editor.document()
    prose = [highlighter.is_prose(document.findBlockByNumber(n)) for n in range(document.blockCount())]
    assert prose == [True, True, False, False, False, True, True, True]
