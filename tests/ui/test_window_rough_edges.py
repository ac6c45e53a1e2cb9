"""The rough edges of daily use, each driven through the real window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from tests.ui.conftest import type_text


def open_site(window: Any, qtbot: Any, site: Path) -> None:
    """Open ``site`` in ``window`` and wait until its posts are indexed and its schema read."""
    assert window.files.open_folder(site)
    qtbot.waitUntil(lambda: window.site_controller.is_idle() and window.site_controller.schema is not None)


def test_the_find_bar_leaves_the_panes_where_they_were(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: A post\n---\nSome text to find, and text again.\n", encoding="utf-8")
    window = make_window(post)
    qtbot.wait(50)
    before = window.splitter.sizes()
    window.findChild(object, "replace").trigger()
    qtbot.waitUntil(window.find_bar.isVisible)
    qtbot.wait(50)
    assert window.splitter.sizes() == before  # the preview keeps its width
    assert window.find_bar.find_edit.width() >= 150 and window.find_bar.replace_edit.width() >= 150
    window.splitter.setSizes([380, 300, 720])  # a narrow editor column
    qtbot.wait(50)
    assert window.find_bar.find_edit.width() >= 180 and window.find_bar.replace_edit.width() >= 120
    assert window.findChild(object, "replace").shortcuts()[0].toString() != ""  # no empty key listed first
    type_text(qtbot, window.find_bar.find_edit, "text")
    qtbot.waitUntil(lambda: window.find_bar.count.text() == "1 of 2")


def press_enter_on(name: str) -> None:
    """Answer the next message box named ``name`` with Enter: its default button."""
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication, QMessageBox

    def press() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == name:
            for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
                QApplication.sendEvent(box, QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier))
        else:
            QTimer.singleShot(20, press)

    QTimer.singleShot(0, press)


def test_enter_in_the_changed_on_disk_prompts_is_the_safe_choice(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: A post\n---\nText.\n", encoding="utf-8")
    window = make_window(post)
    type_text(qtbot, window.editor, "Mine. ")
    press_enter_on("changedOnDiskPrompt")
    theirs = "---\ntitle: A post\n---\nTheirs.\n"
    post.write_text(theirs, encoding="utf-8")
    qtbot.waitUntil(lambda: window.document.changed_on_disk(), timeout=5000)
    qtbot.wait(500)
    assert "Mine. " in window.editor.toPlainText()  # Enter kept the author's work
    press_enter_on("overwritePrompt")
    assert not window.files.save()
    assert post.read_text(encoding="utf-8") == theirs  # and Enter kept theirs


def test_page_bundle_posts_are_named_by_their_folder(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    first = tmp_path / "content/posts/cover-page/index.md"
    second = tmp_path / "content/posts/other-page/index.md"
    for post in (first, second):
        post.parent.mkdir(parents=True)
        post.write_text("---\ntitle: A page\n---\nText.\n", encoding="utf-8")
    window = make_window(first)
    assert window.files.open_post(second)
    names = [window.tabs.bar.tabText(i) for i in range(window.tabs.bar.count())]
    assert names == ["cover-page/index.md", "other-page/index.md"]
    assert window.windowTitle().startswith("other-page/index.md")


def test_a_new_post_follows_the_sites_style_and_is_written_on_first_save(
    make_window: Any, qtbot: Any, sample_site: Path
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.conftest import answer_box, answer_text

    window = make_window()
    open_site(window, qtbot, sample_site)
    before = sorted(p.name for p in (sample_site / "src/content/blog").iterdir())
    answer_text("Notes From a Train")
    window.files.new_site_post()
    qtbot.waitUntil(lambda: window.document.path is not None and window.document.path.name.startswith("notes"))
    doc = window.document
    assert not doc.path.exists() and doc.is_modified  # nothing on disk until Save
    text = doc.post.to_text()
    assert 'title: "Notes From a Train"\n' in text and "lang: en\n" in text  # quoted as the site quotes
    doc.set_field("tags", ["travel"])
    assert 'tags: ["travel"]\n' in doc.post.to_text()  # a list as the site writes its lists
    # Closing it unsaved leaves nothing behind.
    answer_box(QMessageBox.StandardButton.Discard, "unsavedPrompt")
    assert window.files.close_document(doc)
    assert sorted(p.name for p in (sample_site / "src/content/blog").iterdir()) == before
    # Saved, it is written where the site keeps its posts.
    answer_text("Notes From a Train")
    window.files.new_site_post()
    qtbot.waitUntil(lambda: window.document is not doc and window.document.path is not None)
    assert window.files.save()
    assert window.document.path.exists() and not window.document.is_unwritten
    assert window.document.path.read_text(encoding="utf-8").startswith('---\ntitle: "Notes From a Train"\n')


def test_open_recent_never_lists_a_renamed_or_deleted_file(make_window: Any, qtbot: Any, sample_site: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.conftest import answer_box

    blog = sample_site / "src/content/blog"
    draft = blog / "working-title.md"
    draft.write_text("---\ntitle: Working title\ndraft: true\n---\nText.\n", encoding="utf-8")
    gone = blog / "soon-gone.md"
    gone.write_text("---\ntitle: Soon gone\n---\nText.\n", encoding="utf-8")
    window = make_window()
    open_site(window, qtbot, sample_site)
    assert window.files.open_post(gone) and window.files.open_post(draft)
    window.document.set_field("title", "Final Title")
    answer_box(QMessageBox.StandardButton.Yes, "renamePrompt")
    assert window.files.save()
    renamed = blog / "final-title.md"
    qtbot.waitUntil(renamed.exists)
    gone.unlink()
    menu = window.files.recent_menu
    menu.aboutToShow.emit()
    listed = [a.toolTip() for a in menu.actions() if a.toolTip().endswith(".md")]
    assert str(renamed.resolve()) in listed
    assert str(draft.resolve()) not in listed and str(gone.resolve()) not in listed
    assert str(draft.resolve()) not in window.settings.recent_files()
    label = next(a.text() for a in menu.actions() if a.toolTip() == str(renamed.resolve()))
    assert label.startswith("final-title.md  —  ")


def test_tab_never_lands_on_a_remove_button(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    post = tmp_path / "post.md"
    post.write_text("---\ntitle: A post\nsubtitle: Sub\ntags: [a, b]\n---\nText.\n", encoding="utf-8")
    window = make_window(post)
    form = window.form
    title = form.field("title")
    title.edit.setFocus()
    qtbot.waitUntil(title.edit.hasFocus)
    seen = []
    for _ in range(8):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget().objectName())
    assert not any(name.startswith("remove:") or name == "chip" for name in seen), seen
    assert list(window.document.post.metadata) == ["title", "subtitle", "tags"]
    # The keyboard removes a field on purpose: Ctrl+Shift+Delete in it.
    subtitle = form.field("subtitle")
    subtitle.edit.setFocus()
    qtbot.waitUntil(subtitle.edit.hasFocus)
    qtbot.keyClick(
        subtitle.edit, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert list(window.document.post.metadata) == ["title", "tags"]
    # And Backspace in an empty tag entry removes the last tag.
    tags = form.field("tags")
    tags.entry.setFocus()
    qtbot.waitUntil(tags.entry.hasFocus)
    qtbot.keyClick(tags.entry, Qt.Key.Key_Backspace)
    assert window.document.post.metadata["tags"] == ["a"]


def test_a_chosen_tag_suggestion_is_added_and_leaves_the_entry_empty(
    make_window: Any, qtbot: Any, sample_site: Path
) -> None:
    window = make_window()
    open_site(window, qtbot, sample_site)
    tags = window.form.field("tags")
    qtbot.waitUntil(lambda: window.form.field("tags").entry.completer() is not None)
    tags = window.form.field("tags")
    before = list(window.document.post.metadata["tags"])
    suggestion = next(w for w in ("images", "git", "seo", "writing", "performance") if w not in before)
    tags.entry.setText(suggestion[:2])
    tags.entry.completer().activated.emit(suggestion)
    tags.entry.setText(suggestion)  # what the completer does just after its signal
    qtbot.waitUntil(lambda: window.document.post.metadata["tags"] == [*before, suggestion])
    assert tags.entry.text() == ""


def test_problems_show_icons_not_characters_a_font_may_lack(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: ''\ndate: yesterday\n---\n", encoding="utf-8")
    window = make_window(post)
    panel = window.findChild(object, "problemsPanel") or window.problems_dock.widget()
    qtbot.waitUntil(lambda: panel.list.count() > 0 and panel.list.item(0).data(Qt.ItemDataRole.UserRole) is not None)
    for row in range(panel.list.count()):
        item = panel.list.item(row)
        assert not item.icon().isNull()
        assert item.text()[:1].isalnum() or item.text()[:1] in "'\"“", item.text()


REMOTE = "https://images.example.com/a/very/long/path/to/an/image/that/goes/on/and/on/for/ever/photo-1234567890.jpg"


def test_a_remote_image_wraps_in_the_preview_and_says_so_in_the_form(
    make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    from tests.ui.conftest import js

    post = tmp_path / "post.md"
    post.write_text(f"---\ntitle: A post\ncover: {REMOTE}\n---\nText.\n\n![A photo]({REMOTE})\n", encoding="utf-8")
    window = make_window(post)
    window.preview.resize(420, 500)
    qtbot.waitUntil(lambda: js(qtbot, window.preview, "document.querySelectorAll('.pe-remote').length") >= 1)
    wide = js(qtbot, window.preview, "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert wide <= 0  # no horizontal scroll bar
    cover = window.form.field("cover")
    assert cover.info.text() == "Remote image, not loaded" and cover.thumb.text() == "remote"


def test_a_single_click_in_the_posts_list_previews_the_post(make_window: Any, qtbot: Any, sample_site: Path) -> None:
    window = make_window()
    open_site(window, qtbot, sample_site)
    view = window.library_panel.view
    proxy = view.model()

    def click_row(row: int, double: bool = False) -> None:
        rect = view.visualRect(proxy.index(row, 0))
        if double:
            qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        else:
            qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    def titles() -> list[str]:
        return [window.tabs.bar.tabText(i) for i in range(window.tabs.bar.count())]

    opened = len(window.documents)
    shown = {d.path for d in window.documents}
    rows = [
        r
        for r in range(proxy.rowCount())
        if sample_site / proxy.index(r, 0).data(Qt.ItemDataRole.UserRole).path not in shown
    ]
    assert len(rows) >= 4
    click_row(rows[0])
    qtbot.waitUntil(lambda: len(window.documents) == opened + 1)
    first = window.document
    assert window.tabs.previewed() is first
    click_row(rows[1])  # the next click replaces the preview
    qtbot.waitUntil(lambda: window.document is not first)
    assert first not in window.documents and len(window.documents) == opened + 1
    second = window.document
    type_text(qtbot, window.editor, "Kept. ")  # an edit keeps it
    assert window.tabs.previewed() is None
    click_row(rows[2])
    qtbot.waitUntil(lambda: window.document is not second)
    assert second in window.documents
    third = window.document
    click_row(rows[2], double=True)  # opened for good
    qtbot.waitUntil(lambda: window.tabs.previewed() is None)
    click_row(rows[3])
    qtbot.waitUntil(lambda: window.document is not third)
    assert third in window.documents and len(titles()) == opened + 3
    second.text_document.setModified(False)


def test_the_form_gives_urls_and_image_paths_the_width_they_need(
    make_window: Any, qtbot: Any, sample_site: Path
) -> None:
    post = sample_site / "src/content/blog/choosing-a-good-slug.md"
    window = make_window(post)
    qtbot.wait(100)
    form = window.form
    assert not form.field("canonical_url").is_cut()
    assert not form.field("cover").is_cut()
    assert not form.field("title").is_cut()
    long = "https://example.com/" + "a-very-long-segment/" * 12
    form.field("canonical_url").edit.setText(long)
    assert form.field("canonical_url").is_cut()  # shown whole as its tooltip


def on_next_dialog(kind: type, act: Any) -> None:
    """Call ``act(dialog)`` on the next modal dialog of ``kind`` when it opens."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            act(dialog)
        else:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)


def test_export_as_html_asks_for_a_file_named_after_the_post(
    make_window: Any, qtbot: Any, sample_site: Path, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

    post = sample_site / "src/content/blog/choosing-a-good-slug.md"
    window = make_window(post)
    out = tmp_path / "exports"
    out.mkdir()
    window.settings.set_export_folder(str(out))
    seen: dict[str, Any] = {}

    def choose_html(dialog: QInputDialog) -> None:
        seen["kind title"] = dialog.windowTitle()
        seen["kind width"] = max(dialog.width(), dialog.minimumWidth())
        dialog.setTextValue("Standalone HTML page")
        dialog.accept()
        on_next_dialog(QFileDialog, save_here)

    def save_here(dialog: QFileDialog) -> None:
        seen["title"] = dialog.windowTitle()
        seen["file"] = dialog.selectedFiles()[0]
        dialog.accept()

    said: list[str] = []

    def answer(box: QMessageBox) -> None:  # "Export anyway?" if the post has warnings; else what went wrong
        said.append(box.text())
        (box.button(QMessageBox.StandardButton.Yes) or box.buttons()[0]).click()

    on_next_dialog(QInputDialog, choose_html)
    on_next_dialog(QMessageBox, answer)
    window.publishing.export_dialog()
    qtbot.waitUntil(lambda: (out / "choosing-a-good-slug.html").exists() or len(said) > 1, timeout=10000)
    assert (out / "choosing-a-good-slug.html").exists(), said
    assert seen["title"] == "Export as HTML" and seen["kind title"] == "Export"
    assert seen["file"] == str(out / "choosing-a-good-slug.html")
    assert seen["kind width"] >= 400


def test_the_problems_panel_and_the_view_choices_are_remembered(make_window: Any, qtbot: Any, settings: Any) -> None:
    window = make_window()
    assert not window.problems_dock.isVisible()
    window.problems_dock.show()
    window.view_actions.show_preview.setChecked(False)
    window.view_actions.soft_wrap.setChecked(False)
    window.close()
    again = make_window(store=settings)
    assert again.problems_dock.isVisible()
    assert not again.preview.isVisible() and not again.view_actions.show_preview.isChecked()
    assert again.editor.lineWrapMode() == again.editor.LineWrapMode.NoWrap
    assert again.view_actions.show_fields.isChecked() and again.form.isVisible()
    assert not again.library_dock.isVisible()  # no folder open yet


def test_the_markdown_guide_is_not_held_to_the_open_sites_schema(
    make_window: Any, qtbot: Any, sample_site: Path
) -> None:
    window = make_window()
    open_site(window, qtbot, sample_site)
    window.findChild(object, "markdownGuide").trigger()
    qtbot.waitUntil(lambda: window.document.display_name() == "Markdown Guide")
    problems = window.publishing.run_checks()
    assert not [p for p in problems if p.code == "required"], [p.message for p in problems]
    assert window.form.findChild(object, "schemaCollection") is None


def test_ctrl_shift_delete_inside_a_nested_item_removes_nothing(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QLineEdit

    from tests.core.test_decap_every_widget import every_widget_site

    site = every_widget_site(tmp_path)
    window = make_window(site / "content/posts/en/every.md")
    home = next(w for w in window.form.field("links").findChildren(QLineEdit) if w.text() == "Home")
    home.setFocus()
    qtbot.waitUntil(home.hasFocus)
    keys = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(home, Qt.Key.Key_Delete, keys)
    assert window.document.post.metadata["links"][0]["label"] == "Home"  # the list and its item stay
    rating = window.form.field("rating")
    rating.edit.setFocus()
    qtbot.waitUntil(rating.edit.hasFocus)
    qtbot.keyClick(rating.edit, Qt.Key.Key_Up)  # 7.5 + 0.5, and a value's own decimals are kept
    assert window.document.post.metadata["rating"] == 8.0
    rating.edit.setText("7.25")
    qtbot.keyClick(rating.edit, Qt.Key.Key_Up)
    assert window.document.post.metadata["rating"] == 7.75


def test_a_new_post_is_watched_from_its_first_save_and_recovered_where_it_goes(
    make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    for name in ("one", "two"):
        bundle = site / "content/posts" / name / "index.md"
        bundle.parent.mkdir(parents=True)
        bundle.write_text(f"---\ntitle: {name}\n---\nText.\n", encoding="utf-8")
    from tests.ui.conftest import answer_text

    window = make_window()
    assert window.files.open_folder(site)
    qtbot.waitUntil(window.site_controller.is_idle)
    answer_text("Fresh Bundle")
    window.files.new_site_post()
    qtbot.waitUntil(lambda: window.document.is_unwritten)
    path = window.document.path
    assert path.name == "index.md" and not path.parent.exists()
    type_text(qtbot, window.editor, "Precious words. ")
    window.safety.write_journal()
    entry = next(e for e in window.safety.journal.entries() if e.path and Path(e.path) == path)
    # After a crash, the next window restores it as a new post that still goes to its place.
    second = make_window()
    restored = second.safety._restore(entry, second.files.open_post)
    assert restored.is_unwritten and restored.path == path
    assert second.files.save()
    assert "Precious words." in path.read_text(encoding="utf-8")
    assert str(path) in second.safety.file_watcher.files()  # changes by others are noticed from now on
    window.document._fields_dirty = False
    window.document.text_document.setModified(False)


def test_an_export_named_without_its_suffix_asks_before_replacing(
    make_window: Any, qtbot: Any, sample_site: Path, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

    window = make_window(sample_site / "src/content/blog/choosing-a-good-slug.md")
    out = tmp_path / "exports"
    out.mkdir()
    earlier = out / "notes.html"
    earlier.write_text("an earlier export", encoding="utf-8")
    said: list[str] = []

    def choose_html(dialog: QInputDialog) -> None:
        dialog.setTextValue("Standalone HTML page")
        dialog.accept()
        on_next_dialog(QFileDialog, name_it)

    def name_it(dialog: QFileDialog) -> None:
        dialog.selectFile(str(out / "notes"))  # no suffix: the dialog has no file to ask about
        dialog.accept()
        on_next_dialog(QMessageBox, answer)

    def answer(box: QMessageBox) -> None:
        said.append(box.text())
        if "Export anyway" in box.text():
            box.button(QMessageBox.StandardButton.Yes).click()
            on_next_dialog(QMessageBox, answer)
        else:
            box.button(QMessageBox.StandardButton.No).click()  # keep the earlier export

    on_next_dialog(QInputDialog, choose_html)
    window.publishing.export_dialog()
    qtbot.waitUntil(lambda: any("notes.html" in text for text in said), timeout=10000)
    assert earlier.read_text(encoding="utf-8") == "an earlier export"


def test_the_problems_panel_opens_a_few_lines_high(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    window.problems_dock.show()
    qtbot.wait(50)
    lines = window.problems_panel.fontMetrics().height()
    assert window.problems_dock.height() <= 10 * lines + 60  # the editor and the preview keep the window
