"""The main window: it creates the panes and the parts, wires their signals, and lays
them out. The parts own the work (see docs/architecture.md):

* ``tabs`` (DocumentTabs): the open documents and which one is shown;
* ``site`` (SiteController): the open site folder, its index and schema;
* ``files`` (FileWorkflow): open, new, save, revert, close, and the prompts;
* ``images`` (ImageImport): covers converted on save, images dropped or chosen into the text;
* ``safety`` (Safety): the recovery journal and files changed on disk;
* ``publishing`` (Publishing): the readiness checks and export;
* ``preview_driver`` (PreviewDriver): the preview kept in step with the editor;
* ``help`` (Help): the Markdown guide, the keyboard shortcuts, About.
* ``appearance`` (Appearance): the author's preferences put into effect, and zoom.
* ``git`` (GitPublishing): publishing with git, a post's history, each post's git state.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QSplitter, QTabWidget, QVBoxLayout, QWidget

from editor.core.post_links import target_path
from editor.ui.appearance import Appearance
from editor.ui.document import PostDocument
from editor.ui.editor_pane import EditorPane
from editor.ui.file_workflow import FileWorkflow
from editor.ui.find_bar import FindBar
from editor.ui.frontmatter_form import FrontMatterForm
from editor.ui.git_publishing import GitPublishing
from editor.ui.help import Help
from editor.ui.image_import import ImageImport
from editor.ui.library_panel import LibraryPanel
from editor.ui.menus import Panes, Parts, build_menus
from editor.ui.notice import INFO, escape, show_notice
from editor.ui.outline import OutlinePanel
from editor.ui.post_picker import PostLinks
from editor.ui.preview_driver import PreviewDriver
from editor.ui.preview_pane import PreviewPane
from editor.ui.problems_panel import ProblemsPanel, ReadyBadge
from editor.ui.publish import Publishing
from editor.ui.safety import Safety
from editor.ui.settings_store import SettingsStore
from editor.ui.site_controller import SiteController, resolver_of, schema_of
from editor.ui.site_style import SiteStyle
from editor.ui.site_tab import SiteTab
from editor.ui.spelling import Spelling
from editor.ui.status import WordCount
from editor.ui.tabs import DocumentTabs
from editor.ui.writing_modes import WritingModes


class MainWindow(QMainWindow):
    def __init__(self, settings: SettingsStore) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.settings = settings
        self.resize(1400, 860)
        self._make_panes()
        self._make_docks()
        self._make_status_bar()
        self._make_parts()
        self._wire()
        self.view_actions = build_menus(
            self,
            Parts(
                self.files,
                self.publishing,
                self.images,
                self.help,
                self.appearance,
                self.spelling,
                self.writing_modes,
                self.post_links,
                self.git,
                self.site_style,
            ),
            Panes(self.editor, self.find_bar, self.form, self.preview_tabs, self._docks()),
        )
        self.setAcceptDrops(True)
        self._apply_theme()
        QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _s: self._apply_theme())
        self._restore_layout()
        self.tabs.show(PostDocument.new(self))
        self.writing_modes.apply_remembered()

    # ----------------------------------------------------------------- construction

    def _make_panes(self) -> None:
        self.form = FrontMatterForm()
        self.editor = EditorPane()
        self.find_bar = FindBar(self.editor)
        self.preview = PreviewPane()
        self.preview_tabs = QTabWidget()  # the preview, and the live Site tab beside it
        self.preview_tabs.setObjectName("previewTabs")
        self.preview_tabs.setDocumentMode(True)
        self.preview_tabs.addTab(self.preview, "Preview")
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner.hide()
        middle = QWidget()
        column = QVBoxLayout(middle)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.editor)
        column.addWidget(self.find_bar)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        for index, (pane, stretch) in enumerate(((self.form, 0), (middle, 1), (self.preview_tabs, 1))):
            self.splitter.addWidget(pane)
            self.splitter.setStretchFactor(index, stretch)
        self.splitter.setSizes([380, 510, 510])  # room in the form for a URL or an image path
        self.tabs = DocumentTabs(self)
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.tabs.bar)
        central_layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        dock.hide()
        return dock

    def _docks(self) -> list[QDockWidget]:
        return [self.library_dock, self.outline_dock, self.problems_dock]

    def _make_docks(self) -> None:
        self.library_panel = LibraryPanel()
        self.library_dock = self._dock("Posts", "libraryDock", self.library_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.library_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        self.outline_panel = OutlinePanel()
        self.outline_dock = self._dock(
            "Outline", "outlineDock", self.outline_panel, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.outline_dock.toggleViewAction().setShortcut("Ctrl+Alt+O")
        self.problems_panel = ProblemsPanel()
        self.problems_dock = self._dock(
            "Problems", "problemsDock", self.problems_panel, Qt.DockWidgetArea.BottomDockWidgetArea
        )

    def _make_status_bar(self) -> None:
        self.ready_badge = ReadyBadge()
        self.words_label = WordCount()
        self.position_label = QLabel()
        self.file_label = QLabel()
        for widget in (self.ready_badge, self.position_label, self.words_label, self.file_label):
            self.statusBar().addPermanentWidget(widget)

    def _make_parts(self) -> None:
        self.site_controller = SiteController(self.library_panel, parent=self)
        self.images = ImageImport(self, self.tabs, self.editor, self.settings)
        self.files = FileWorkflow(self, self.tabs, self.settings, self.site_controller, self.images)
        self.safety = Safety(self, self.tabs, self.editor)
        self.publishing = Publishing(
            self,
            self.tabs,
            self.form,
            self.editor,
            self.problems_panel,
            self.problems_dock,
            self.ready_badge,
            self.site_controller,
            self.files,
        )
        self.preview_driver = PreviewDriver(self.tabs, self.editor, self.preview)
        self.help = Help(self, self.tabs)
        self.appearance = Appearance(self, self.settings, self.editor, self.preview, self.safety)
        self.spelling = Spelling(self, self.tabs, self.editor, self.form, self.settings)
        self.statusBar().addPermanentWidget(self.spelling.button)
        hidden = [self.form, self.preview_tabs, self.menuBar(), self.statusBar(), self.tabs.bar, *self._docks()]
        self.writing_modes = WritingModes(self, self.editor, self.settings, hidden)
        self.post_links = PostLinks(self, self.tabs, self.editor, self.preview)
        self.git = GitPublishing(self, self.tabs, self.library_panel, self.site_controller, self.files, self.safety)
        self.statusBar().insertPermanentWidget(0, self.git.branch_label)
        self.site_style = SiteStyle(self, self.tabs, self.preview, self.settings)
        self.site_tab = SiteTab(self.tabs, self.settings)
        self.preview_tabs.addTab(self.site_tab, "Site")

    def _wire(self) -> None:
        self.tabs.added.connect(self._adopt)
        self.tabs.currentChanged.connect(self._show)
        self.library_panel.openRequested.connect(self.files.open_post)
        self.library_panel.previewRequested.connect(lambda path: self.files.open_post(path, preview=True))
        self.site_controller.indexed.connect(self._schema_ready)
        self.site_controller.indexed.connect(self.post_links.titles_soon)  # the titles are known now
        self.files.folderOpened.connect(self._folder_opened)
        self.files.stateChanged.connect(self._state_changed_of)
        self.files.saved.connect(self.safety.forget)
        self.files.saved.connect(lambda _doc: self.git.refresh_soon())
        self.files.saved.connect(lambda _doc: self.site_tab.saved())
        self.site_controller.siteChanged.connect(self.site_tab.follow)  # another site: its server stops
        self.site_controller.siteChanged.connect(self.site_style.forget)  # its stylesheets are looked for again
        self.site_controller.indexed.connect(self.git.refresh_soon)  # files came, went or changed
        self.files.saved.connect(self.spelling.refresh)  # its language, or its path, may have changed
        self.files.closing.connect(self.safety.forget)
        self.safety.reloaded.connect(self._state_changed_of)
        self.editor.cursorPositionChanged.connect(self._update_position)
        self.editor.cursorPositionChanged.connect(
            lambda: self.outline_panel.follow(self.editor.textCursor().blockNumber())
        )
        self.outline_panel.jumpRequested.connect(self._go_to_heading)
        self.preview.page().postLinkClicked.connect(self._open_linked_post)
        self.find_bar.message.connect(lambda m: self.statusBar().showMessage(m, 4000))
        self.editor.pasteNote.connect(lambda m: self.statusBar().showMessage(m, 6000))

    # ----------------------------------------------------------------- the document shown

    @property
    def document(self) -> PostDocument | None:
        """The document shown."""
        return self.tabs.current

    @property
    def documents(self) -> list[PostDocument]:
        return self.tabs.documents

    def _adopt(self, document: PostDocument) -> None:
        # A post opened with text of its own (the Markdown guide) belongs to no site.
        if document.untitled_name is None:
            document.site_context = self.site_controller.context_for(document.path)
        when_current = self.tabs.when_current
        document.text_document.contentsChanged.connect(
            when_current(document, lambda: self.words_label.count_soon(document))
        )
        document.modifiedChanged.connect(when_current(document, self._update_title))
        document.brokenChanged.connect(when_current(document, self._document_state_changed))
        document.pathChanged.connect(when_current(document, self._path_changed))

    def _show(self, document: PostDocument) -> None:
        self.editor.set_document(document.text_document, self.appearance.dark())
        self.form.set_document(document, resolver_of(document), schema_of(document))
        self.preview_driver.follow_site()
        self.spelling.show(document)
        self.outline_panel.show_document(document)
        self.git.refresh_soon()  # another post may be in another repository, or none
        self.site_tab.follow()
        self._document_state_changed()
        if document.path is not None:
            self.library_panel.select_path(document.path)

    def _open_linked_post(self, style: str, reference: str) -> None:
        """A link to another post was clicked in the preview: open that post in its tab."""
        document = self.tabs.current
        context = document.site_context if document is not None else None
        target = target_path(style, reference, context.site, document.path) if context is not None else None
        if target is None:
            self.statusBar().showMessage(f"No post of the site is named {reference}.", 5000)
            return
        self.files.open_post(target)

    def _go_to_heading(self, line: int) -> None:
        """Put the cursor on body ``line`` and show it at the top of the editor (the preview follows)."""
        block = self.editor.document().findBlockByNumber(line)
        if not block.isValid():
            return
        cursor = self.editor.textCursor()
        cursor.setPosition(block.position())
        self.editor.setTextCursor(cursor)
        self.editor.scroll_to_line(line)
        self.editor.setFocus()

    def _state_changed_of(self, document: PostDocument) -> None:
        if document is self.tabs.current:
            self._document_state_changed()

    def _document_state_changed(self) -> None:
        """The banner, the title, the header, the status bar: all that follows the document's state."""
        doc = self.tabs.current
        assert doc is not None
        if doc.is_read_only():
            show_notice(
                self.banner,
                f"<b>{escape(doc.display_name())} is read-only.</b> You can edit it; use "
                "File › Save As to keep your changes in another file.",
                INFO,
            )
        elif doc.is_broken:
            show_notice(
                self.banner,
                f"<b>This file's front matter could not be read</b> — {escape(str(doc.error))}<br>"
                "The whole file is shown as text; saving writes exactly this text.",
            )
        elif doc.notes():
            show_notice(self.banner, "<br>".join(escape(note) for note in doc.notes()))
        else:
            self.banner.hide()
        self._update_title()
        self.preview_driver.update_header()
        self.preview_driver.body_changed()
        self.publishing.check_soon()
        self.words_label.count_soon(doc)
        self._update_file_label()

    def _path_changed(self) -> None:
        doc = self.tabs.current
        assert doc is not None
        if doc.site_context is None or not doc.site_context.holds(doc.path):  # saved into another folder
            doc.site_context = self.site_controller.context_for(doc.path)
        self.form.resolver = resolver_of(doc)
        self.preview_driver.follow_site()
        self.form.rebuild()
        self._document_state_changed()

    def _schema_ready(self) -> None:
        doc = self.tabs.current
        if doc is not None:
            self.form.set_schema(schema_of(doc))
            self.preview_driver.update_header()  # the schema may name the cover field
            if doc.path is not None:
                self.library_panel.select_path(doc.path)

    def _folder_opened(self) -> None:
        opened = self.site_controller.context
        for document in self.tabs.documents:  # posts of this site opened before it, on their own
            own = document.site_context
            if document.untitled_name is not None:
                continue  # the Markdown guide belongs to no site
            if opened is not None and opened.holds(document.path) and (own is None or own.standalone):
                document.site_context = opened
        self.library_dock.show()

    def _update_title(self) -> None:
        doc = self.tabs.current
        if doc is None:
            return
        self.setWindowFilePath(str(doc.path) if doc.path else "")
        self.setWindowTitle(f"{doc.display_name()}[*] — Post Editor")
        self.setWindowModified(doc.is_modified)

    def _update_file_label(self) -> None:
        doc = self.tabs.current
        if doc is None or doc.post is None:
            self.file_label.setText("")
            return
        newline = {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}[doc.post.newline]
        self.file_label.setText(f"{doc.post.encoding_label} · {newline}")

    def _update_position(self) -> None:
        """The cursor's line in the file (as the checks and the Source tab count), not in the body."""
        cursor = self.editor.textCursor()
        offset = self.document.body_line_offset() if self.document is not None else 0
        self.position_label.setText(f"Ln {offset + cursor.blockNumber() + 1}, Col {cursor.positionInBlock() + 1}")

    # ----------------------------------------------------------------- the window itself

    def open_paths_from_elsewhere(self, paths: list[str]) -> None:
        """Paths another ``post-editor`` invocation sent: open them and come to the front."""
        self.files.open_paths([Path(p) for p in paths])
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def offer_recovery(self) -> int:
        return self.safety.offer_recovery(self.files.open_post)

    def _apply_theme(self) -> None:
        self.appearance.show_theme()

    def _restore_layout(self) -> None:
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        sizes = self.settings.splitter("main")
        if sizes is not None:
            self.splitter.restoreState(sizes)
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)  # the docks' places and sizes, and whether Problems is open
        self.library_dock.hide()  # shown when a folder is opened
        for name, action in self._view_flags().items():
            action.setChecked(self.settings.flag(name, True))
            action.toggled.connect(lambda on, n=name: self.settings.set_flag(n, on))

    def _view_flags(self) -> dict[str, Any]:
        actions = self.view_actions
        return {"softWrap": actions.soft_wrap, "showFields": actions.show_fields, "showPreview": actions.show_preview}

    def _save_layout(self) -> None:
        self.settings.set_geometry(self.saveGeometry())
        self.settings.set_splitter("main", self.splitter.saveState())
        self.settings.set_window_state(self.saveState())
        self.settings.sync()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.files.open_path(url.toLocalFile())
        event.acceptProposedAction()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.git.busy():  # a push cut off midway helps nobody; git's own steps are not stopped
            self.statusBar().showMessage(
                "Git is still at work: cancel it in its progress window (it stops after the step under way), "
                "then quit.",
                10000,
            )
            event.ignore()
            return
        if not self.files.close_all():
            event.ignore()
            return
        self._save_layout()
        self.site_controller.shutdown()
        self.preview_driver.stop()
        self.publishing.shutdown()
        self.git.shutdown()
        self.site_style.shutdown()
        self.site_tab.shutdown()  # the site's server stops with the window
        self.words_label.shutdown()
        self.outline_panel.shutdown()
        event.accept()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_theme()
        if event.type() == QEvent.Type.ActivationChange and not self.isActiveWindow():
            self.safety.write_journal()  # leaving the window: put unsaved work aside now
        elif event.type() == QEvent.Type.ActivationChange:
            self.git.refresh_soon()  # back from a terminal or another editor: the files may have changed
        super().changeEvent(event)
