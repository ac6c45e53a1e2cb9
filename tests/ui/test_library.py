"""Opening a site folder: the posts list, filters, tabs, schema-driven fields."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLabel, QToolButton

from editor.ui.chips import ChoiceField, ListField
from tests.ui.conftest import type_text


def open_site(make_window: Any, qtbot: Any, folder: Path) -> Any:
    window = make_window(folder)
    qtbot.waitUntil(
        lambda: window.site_controller.is_idle() and window.site_controller.schema is not None, timeout=15000
    )
    return window


def test_sample_site_lists_every_post(make_window: Any, qtbot: Any, sample_site: Path) -> None:
    window = open_site(make_window, qtbot, sample_site)
    assert window.site_controller.site.generator == "astro"
    post_list = window.findChild(object, "postList")
    assert post_list is window.library_panel.view
    assert window.library_dock.isVisible()
    titles = window.library_panel.visible_titles()
    assert len(titles) == 5
    dates = [p.date for p in (window.library_panel.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(5))]
    assert dates == sorted(dates, reverse=True)  # newest first
    window.library_panel.sort.setCurrentIndex(2)
    assert window.library_panel.visible_titles() == sorted(titles, key=str.lower)


def test_filters_and_full_text_search(make_window: Any, qtbot: Any, sample_site: Path) -> None:
    window = open_site(make_window, qtbot, sample_site)
    panel = window.library_panel
    panel.tag_filter.setCurrentIndex(panel.tag_filter.findText("travel"))
    assert panel.visible_titles() == ["Trois jours en Bretagne"] or len(panel.visible_titles()) == 1
    panel.tag_filter.setCurrentIndex(0)
    qtbot.keyClicks(panel.search, "phare")
    qtbot.waitUntil(lambda: len(panel.visible_titles()) == 1, timeout=3000)
    panel.search.clear()
    qtbot.waitUntil(lambda: len(panel.visible_titles()) == 5, timeout=3000)
    panel.draft_filter.setCurrentIndex(1)
    assert panel.visible_titles() == []


def test_problem_posts_are_listed_with_a_badge(make_window: Any, qtbot: Any, sample_site: Path) -> None:
    broken = sample_site / "src/content/blog/broken.md"
    broken.write_text("---\ntitle: [oops\n---\nBody\n")
    window = open_site(make_window, qtbot, sample_site)
    titles = window.library_panel.visible_titles()
    assert len(titles) == 6
    assert "Problem" in window.library_panel.status.text() or "problems" in window.library_panel.status.text()
    model = window.library_panel.model
    row = next(i for i, p in enumerate(model.posts) if p.path.endswith("broken.md"))
    assert model.index(row, 0).data().startswith("⚠")
    assert "line" in model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole).lower()


def test_several_posts_open_in_tabs_with_their_own_unsaved_state(
    make_window: Any, qtbot: Any, sample_site: Path
) -> None:
    window = open_site(make_window, qtbot, sample_site)
    first = window.document
    panel = window.library_panel
    other_row = next(
        r
        for r in range(panel.proxy.rowCount())
        if (sample_site / panel.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole).path) != first.path
    )
    panel.view.activated.emit(panel.proxy.index(other_row, 0))
    second = window.document
    assert second is not first and window.tabs.bar.count() == 2
    type_text(qtbot, window.editor, "Edited. ")
    assert second.is_modified and not first.is_modified
    assert window.tabs.bar.tabText(1).startswith("●")
    window.tabs.bar.setCurrentIndex(0)
    assert window.document is first and window.editor.document() is first.text_document
    window.tabs.bar.setCurrentIndex(1)
    assert "Edited. " in window.editor.toPlainText()


def test_schema_gives_choices_and_tag_completion(make_window: Any, qtbot: Any, sample_site: Path) -> None:
    window = open_site(make_window, qtbot, sample_site)
    lang = window.form.field("lang")
    assert isinstance(lang, ChoiceField)
    assert sorted(lang.combo.itemText(i) for i in range(lang.combo.count())) == ["en", "fr"]
    tags = window.form.field("tags")
    assert isinstance(tags, ListField)
    completer = tags.entry.completer()
    assert completer is not None and "static-sites" in completer.model().stringList()
    label = window.form.findChild(object, "label:title")
    assert label.text().endswith("*")  # every sample post has a title: required


def test_fields_the_post_lacks_are_offered_not_added(make_window: Any, qtbot: Any, sample_site: Path) -> None:
    from PySide6.QtWidgets import QToolButton

    window = open_site(make_window, qtbot, sample_site)
    post = sample_site / "src/content/blog/bare.md"
    original = '---\ntitle: "Bare"\nlang: en\n---\nJust text.\n'
    post.write_text(original)
    window.files.open_post(post)
    offered = [
        b.objectName() for b in window.form.findChildren(QToolButton) if b.objectName().startswith("addMissing:")
    ]
    assert "addMissing:tags" in offered and "addMissing:date" in offered
    assert "addMissing:title" not in offered and "addMissing:lang" not in offered
    date = window.form.findChild(QToolButton, "addMissing:date")
    assert date.text() == "+ date *"  # every sample post has one: required, listed first
    required = {name for name, spec in window.site_controller.schema.fields.items() if spec.required}
    first = [o for o in offered if o.split(":", 1)[1] in required]
    assert offered[: len(first)] == first
    assert not window.document.is_modified and post.read_text() == original  # only offered
    window.form.findChild(QToolButton, "addMissing:tags").click()
    assert isinstance(window.form.field("tags"), ListField)
    assert window.form.findChild(QToolButton, "addMissing:tags") is None
    assert window.files.save()
    assert post.read_text() == '---\ntitle: "Bare"\nlang: en\ntags: []\n---\nJust text.\n'


def test_new_post_in_the_site_convention(make_window: Any, qtbot: Any, sample_site: Path) -> None:
    from editor.core.newpost import create_post

    window = open_site(make_window, qtbot, sample_site)
    ctrl = window.site_controller
    path = create_post(ctrl.site, "A Fresh Start", ctrl.schema, ctrl.library)
    assert path == sample_site / "src/content/blog/a-fresh-start.md"
    window.files.open_post(path)
    assert window.form.field("lang").value() == "en"
    # no empty placeholders the site's posts never have: tags and cover are offered instead
    assert window.form.field("tags") is None and window.form.field("cover") is None
    assert window.form.findChild(QToolButton, "addMissing:tags").text() == "+ tags *"
    qtbot.waitUntil(lambda: len(window.library_panel.visible_titles()) == 6, timeout=10000)  # the watcher saw it


def test_dropping_a_folder_opens_the_site(make_window: Any, qtbot: Any, sample_site: Path) -> None:
    window = make_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sample_site))])
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(window, QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, buttons, mods))
    qtbot.waitUntil(lambda: window.site_controller.site is not None and window.document.path is not None, timeout=10000)
    assert window.document.path.parent == sample_site / "src/content/blog"


def test_corpus_site_cover_by_site_absolute_path_shows_in_the_preview(
    make_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    import shutil

    import pytest

    from tests.shared_data import SHARED, SKIP_NO_SHARED
    from tests.ui.conftest import js

    if SHARED is None:
        pytest.skip(SKIP_NO_SHARED)
    site = tmp_path / "decap"
    shutil.copytree(SHARED / "corpus/decaporg__gatsby-starter-decap-cms", site)
    if not (site / "gatsby-config.js").exists():  # program files are not in the corpus
        (site / "gatsby-config.js").write_text("module.exports = {}\n")
    window = open_site(make_window, qtbot, site)
    assert window.site_controller.site.generator == "gatsby"
    window.files.open_post(site / "src/pages/blog/2017-01-04-a-beginners-guide-to-brewing-with-chemex.md")
    assert window.site_controller.schema.cover_field() == "featuredimage"
    cover = (
        "(() => { const i = document.querySelector('#pe-header img');"
        " return i ? i.complete + ':' + i.naturalWidth : 'none'; })()"
    )
    qtbot.waitUntil(
        lambda: (
            js(qtbot, window.preview, cover).startswith("true:") and not js(qtbot, window.preview, cover).endswith(":0")
        ),
        timeout=10000,
    )


def test_renaming_a_draft_after_its_title(make_window: Any, qtbot: Any, sample_site: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    from editor.core.newpost import create_post
    from tests.ui.conftest import answer_box

    window = open_site(make_window, qtbot, sample_site)
    ctrl = window.site_controller
    path = create_post(ctrl.site, "Working Title", ctrl.schema, ctrl.library)
    window.files.open_post(path)
    assert window.document.post.metadata["draft"] is True
    title = window.form.field("title")
    title.edit.setText("Final Title")
    title.edited.emit("Final Title")
    answer_box(QMessageBox.StandardButton.Yes)
    assert window.files.save()
    renamed = sample_site / "src/content/blog/final-title.md"
    assert window.document.path == renamed and renamed.exists() and not path.exists()
    assert "Final Title" in renamed.read_text()


def test_published_posts_are_never_renamed(make_window: Any, qtbot: Any, sample_site: Path) -> None:
    window = open_site(make_window, qtbot, sample_site)
    before = window.document.path
    window.form.field("title").edit.setText("Another Title")
    window.form.field("title").edited.emit("Another Title")
    assert window.files.save()  # no prompt: a published post keeps its address
    assert window.document.path == before


def test_text_dates_show_and_save_in_the_declared_format(make_window: Any, qtbot: Any, tmp_path: Path) -> None:
    import json

    from editor.ui.fields import TextDateField, TextField

    site = tmp_path / "site"
    (site / "content" / "posts").mkdir(parents=True)
    fields = [
        {"name": "title", "type": "string"},
        {"name": "date", "type": "datetime", "dateFormat": "dd/MM/yyyy"},
        {"name": "updated", "type": "datetime", "dateFormat": "dd/MM/yyyy"},
    ]
    schema = {"frontMatter.taxonomy.contentTypes": [{"name": "default", "fields": fields}]}
    (site / "frontmatter.json").write_text(json.dumps(schema))
    post = site / "content" / "posts" / "one.md"
    original = "---\ntitle: One\ndate: '20/12/2024'\nupdated: 'last week'\n---\nText.\n"
    post.write_text(original)
    window = open_site(make_window, qtbot, site)
    window.files.open_post(post)
    date = window.form.field("date")
    assert isinstance(date, TextDateField)
    assert date.edit.text() == "20/12/2024"  # shown as the site writes it
    assert isinstance(window.form.field("updated"), TextField)  # not a date in that format: left as text
    date.edit.setDate(date.edit.date().addDays(1))
    assert window.files.save()
    assert post.read_text() == original.replace("'20/12/2024'", "'21/12/2024'")


@pytest.mark.parametrize(
    ("declared", "qt"),
    [
        ("YYYY-MM-DD", "yyyy-MM-dd"),  # moment (Decap, and what is inferred from posts)
        ("dd/MM/yyyy", "dd/MM/yyyy"),  # date-fns (Front Matter CMS)
        ("YYYY-MM-DDTHH:mm", "yyyy-MM-dd'T'HH:mm"),
        ("yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss"),
        ("YYYY-MM-DDTHH:mm:ss[Z]", "yyyy-MM-dd'T'HH:mm:ss'Z'"),
        ("YYYY-MM-DDTHH:mm:ssZ", None),  # an offset: no Qt token writes it the same way
        ("MMM d, yyyy", "MMM d, yyyy"),  # month names as Qt's C locale writes them; a lone d is the day
        ("M/D/YYYY", "M/d/yyyy"),
        ("YYYY-MM", None),  # no day: not a date the picker can write
    ],
)
def test_declared_date_formats_in_qt_terms(declared: str, qt: str | None) -> None:
    from editor.ui.fields import qt_date_format

    assert qt_date_format(declared) == qt


def test_open_tabs_keep_their_own_sites_schema(make_window: Any, qtbot: Any, sample_site: Path, tmp_path: Path) -> None:
    """After File > Open Folder on another site, a post of the first keeps its choices and markers."""
    window = open_site(make_window, qtbot, sample_site)
    french = sample_site / "src/content/blog/trois-jours-en-bretagne.md"
    window.files.open_post(french)
    assert isinstance(window.form.field("lang"), ChoiceField)
    assert window.form.findChild(QLabel, "label:title").text() == "title *"

    other = tmp_path / "other-site"
    (other / "src/content/blog").mkdir(parents=True)
    (other / "astro.config.mjs").write_text("export default {}\n")
    for i in range(3):
        (other / f"src/content/blog/p{i}.md").write_text(f"---\nheading: Post {i}\n---\nText.\n")
    assert window.files.open_folder(other)
    qtbot.waitUntil(lambda: window.site_controller.schema is not None and window.site_controller.site.root == other)
    window.tabs.bar.setCurrentIndex(window.documents.index(next(d for d in window.documents if d.path == french)))
    assert window.document.path == french
    assert isinstance(window.form.field("lang"), ChoiceField)  # still the sample site's choices
    assert window.form.findChild(QLabel, "label:title").text() == "title *"
    assert window.form.findChild(QToolButton, "addMissing:heading") is None  # nothing from the other site


def test_a_capitalised_title_is_the_sites_title_field(make_window: Any, qtbot: Any, sample_site: Path) -> None:
    post = sample_site / "src/content/blog/statiq-style.md"
    text = '---\nTitle: "Written for Statiq"\nlang: en\ndate: 2024-01-02\n---\nBody.\n'
    post.write_text(text)
    window = open_site(make_window, qtbot, sample_site)
    window.files.open_post(post)
    assert window.form.findChild(QLabel, "label:Title").text() == "Title *"  # the site's required title
    assert window.form.findChild(QToolButton, "addMissing:title") is None  # not offered a second time
    field = window.form.field("Title")
    field.edit.setText("Renamed")
    field.edited.emit("Renamed")
    assert window.files.save()
    assert post.read_text() == text.replace('"Written for Statiq"', '"Renamed"')
