"""The main window: composition of the panes and the actions that drive them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QSplitter,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from editor.core.cover_step import cover_ref
from editor.core.keys import FieldsView
from editor.core.site import AssetResolver
from editor.ui.app import is_dark
from editor.ui.document import PostDocument
from editor.ui.editor_pane import EditorPane
from editor.ui.file_workflow import FileWorkflow
from editor.ui.find_bar import FindBar
from editor.ui.frontmatter_form import FrontMatterForm
from editor.ui.library_panel import LibraryPanel
from editor.ui.notice import INFO, escape, show_notice
from editor.ui.preview_pane import PreviewPane
from editor.ui.problems_panel import ProblemsPanel, ReadyBadge
from editor.ui.publish import PublishActions
from editor.ui.safety import DocumentSafety
from editor.ui.settings_store import SettingsStore
from editor.ui.site_controller import SiteController
from editor.ui.status import WordCount
from editor.ui.tasks import LatestOnly

# Above this many characters a preview pass (reading the text out of Qt, re-splitting it)
# costs more than a frame, so the preview waits for a pause in typing instead of every key.
PREVIEW_PAUSE_CHARS = 2_000_000


class MainWindow(FileWorkflow, PublishActions, DocumentSafety):
    def __init__(self, settings: SettingsStore) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.settings = settings
        self.document: PostDocument | None = None
        self.resize(1400, 860)

        self.form = FrontMatterForm()
        self.editor = EditorPane()
        self.find_bar = FindBar(self.editor)
        self.preview = PreviewPane()
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
        self.splitter.addWidget(self.form)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 1)
        self.splitter.setSizes([340, 530, 530])
        self.documents: list[PostDocument] = []
        self._declined_renames: dict[Path, str] = {}
        self.tab_bar = QTabBar()
        self.tab_bar.setObjectName("documentTabs")
        self.tab_bar.setDocumentMode(True)
        self.tab_bar.setTabsClosable(True)
        self.tab_bar.setMovable(False)
        self.tab_bar.setExpanding(False)
        self.tab_bar.currentChanged.connect(self._tab_selected)
        self.tab_bar.tabCloseRequested.connect(lambda i: self.close_document(self.documents[i]))
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.tab_bar)
        central_layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.library_panel = LibraryPanel()
        self.library_panel.openRequested.connect(self.open_post)
        self.site_controller = SiteController(self.library_panel, parent=self)
        self.site_controller.indexed.connect(self._schema_ready)
        self.library_dock = QDockWidget("Posts", self)
        self.library_dock.setObjectName("libraryDock")
        self.library_dock.setWidget(self.library_panel)
        self.library_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.library_dock)
        self.library_dock.hide()
        self.setAcceptDrops(True)

        self.problems: list[Any] = []
        self.problems_panel = ProblemsPanel()
        self.problems_panel.problemActivated.connect(self.go_to_problem)
        self.problems_panel.fixMojibakeRequested.connect(self.fix_mojibake)
        self.problems_dock = QDockWidget("Problems", self)
        self.problems_dock.setObjectName("problemsDock")
        self.problems_dock.setWidget(self.problems_panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)
        self.problems_dock.hide()
        self.ready_badge = ReadyBadge()
        self.ready_badge.clicked.connect(lambda: self.problems_dock.setVisible(not self.problems_dock.isVisible()))
        self._check_timer = QTimer(self, singleShot=True, interval=700)
        self._check_timer.timeout.connect(lambda: self.run_checks(background=True))
        self.checks_job = LatestOnly(self)

        self.words_label = WordCount()
        self.position_label = QLabel()
        self.file_label = QLabel()
        for widget in (self.ready_badge, self.position_label, self.words_label, self.file_label):
            self.statusBar().addPermanentWidget(widget)

        self._preview_timer = QTimer(self, singleShot=True, interval=0)
        self._preview_timer.timeout.connect(self._push_preview)
        self.editor.cursorPositionChanged.connect(self._update_position)
        self.editor.topLineChanged.connect(self._editor_scrolled)
        self.editor.imageDropped.connect(self.insert_image)
        self.preview.topLineChanged.connect(self._preview_scrolled)
        self.find_bar.message.connect(lambda m: self.statusBar().showMessage(m, 4000))
        self._editor_scroll_from_preview = False

        self._init_safety()
        self._build_actions()
        self._apply_theme()
        QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _s: self._apply_theme())
        self._restore_layout()
        self.set_document(PostDocument.new(self))

    # ----------------------------------------------------------------- actions

    def _action(self, text: str, slot: Any, shortcut: Any = None, name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, list):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        if name:
            action.setObjectName(name)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.new_action = self._action("&New", self.new_post, K.New, "new")
        self.open_action = self._action("&Open…", self.open_dialog, K.Open, "open")
        self.new_post_action = self._action("New &Post…", self.new_site_post, "Ctrl+Shift+N", "newPost")
        self.open_folder_action = self._action("Open &Folder…", self.open_folder_dialog, "Ctrl+Shift+O", "openFolder")
        file_menu.addActions([self.new_action, self.new_post_action, self.open_action, self.open_folder_action])
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        self.save_action = self._action("&Save", self.save, K.Save, "save")
        self.save_as_action = self._action("Save &As…", self.save_as, K.SaveAs, "saveAs")
        self.revert_action = self._action("Re&vert", self.revert, None, "revert")
        self.close_action = self._action("&Close", self.close_document, K.Close, "close")
        file_menu.addActions([self.save_action, self.save_as_action, self.revert_action])
        file_menu.addSeparator()
        file_menu.addAction(self.close_action)
        file_menu.addAction(self._action("&Quit", self.close, K.Quit, "quit"))

        edit_menu = bar.addMenu("&Edit")
        ed = self.editor
        edit_menu.addAction(self._action("&Undo", ed.undo, K.Undo, "undo"))
        edit_menu.addAction(self._action("&Redo", ed.redo, K.Redo, "redo"))
        edit_menu.addSeparator()
        edit_menu.addAction(self._action("Cu&t", ed.cut, K.Cut))
        edit_menu.addAction(self._action("&Copy", ed.copy, K.Copy))
        edit_menu.addAction(self._action("&Paste", ed.paste, K.Paste))
        edit_menu.addAction(self._action("Select &All", ed.selectAll, K.SelectAll))
        edit_menu.addSeparator()
        edit_menu.addAction(self._action("&Find…", lambda: self.find_bar.open(False), K.Find, "find"))
        edit_menu.addAction(
            self._action(
                "&Replace…",
                lambda: self.find_bar.open(True),
                [QKeySequence(K.Replace), QKeySequence("Ctrl+H")]
                if QKeySequence(K.Replace) != QKeySequence("Ctrl+H")
                else "Ctrl+H",
                "replace",
            )
        )
        edit_menu.addAction(self._action("Find &Next", self.find_bar.find_next, K.FindNext))
        edit_menu.addAction(self._action("Find Pre&vious", self.find_bar.find_previous, K.FindPrevious))

        fmt = bar.addMenu("F&ormat")
        fmt.addAction(self._action("&Bold", lambda: ed.wrap_selection("**", placeholder="bold text"), K.Bold, "bold"))
        fmt.addAction(
            self._action("&Italic", lambda: ed.wrap_selection("*", placeholder="italic text"), K.Italic, "italic")
        )
        fmt.addAction(self._action("&Code", lambda: ed.wrap_selection("`", placeholder="code"), "Ctrl+`", "code"))
        fmt.addAction(
            self._action("Stri&kethrough", lambda: ed.wrap_selection("~~", placeholder="text"), "Ctrl+Shift+X")
        )
        fmt.addAction(self._action("&Link…", ed.insert_link, "Ctrl+K", "link"))
        fmt.addSeparator()
        for level in range(1, 7):
            fmt.addAction(
                self._action(
                    f"Heading {level}", lambda lv=level: ed.set_heading(lv), f"Ctrl+{level}", f"heading{level}"
                )
            )
        fmt.addAction(self._action("Normal Text", lambda: ed.set_heading(0), "Ctrl+0"))
        fmt.addSeparator()
        fmt.addAction(self._action("&Quote", lambda: ed.toggle_prefix("> "), "Ctrl+Shift+.", "quote"))
        fmt.addAction(self._action("Bulleted &List", lambda: ed.toggle_prefix("- "), "Ctrl+Shift+8", "bulletList"))
        fmt.addAction(self._action("&Numbered List", lambda: ed.toggle_prefix("1. "), "Ctrl+Shift+7", "numberedList"))

        view = bar.addMenu("&View")
        self.wrap_action = self._action("Soft &Wrap", self._toggle_wrap, None, "softWrap")
        self.wrap_action.setCheckable(True)
        self.wrap_action.setChecked(True)
        view.addAction(self.wrap_action)
        self.form_action = self._action(
            "Show &Fields", lambda: self.form.setVisible(self.form_action.isChecked()), "Ctrl+Shift+F"
        )
        self.form_action.setCheckable(True)
        self.form_action.setChecked(True)
        self.preview_action = self._action(
            "Show &Preview", lambda: self.preview.setVisible(self.preview_action.isChecked()), "Ctrl+Shift+P"
        )
        self.preview_action.setCheckable(True)
        self.preview_action.setChecked(True)
        view.addActions([self.form_action, self.preview_action])
        view.addAction(self.library_dock.toggleViewAction())
        view.addAction(self.problems_dock.toggleViewAction())
        self.export_action = self._action("&Export…", self.export_dialog, "Ctrl+E", "export")
        self.export_ready_action = self._action("Export &Ready Posts…", self.export_ready_posts, None, "exportReady")
        self.check_action = self._action("Check &Readiness", self.check_readiness, "F7", "checkReadiness")
        file_menu.insertActions(self.close_action, [self.export_action, self.export_ready_action])
        file_menu.insertSeparator(self.close_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.check_action)

    def _toggle_wrap(self) -> None:
        mode = EditorPane.LineWrapMode.WidgetWidth if self.wrap_action.isChecked() else EditorPane.LineWrapMode.NoWrap
        self.editor.setLineWrapMode(mode)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files()
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        if not recent:
            self.recent_menu.addAction("No recent files").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear Menu", self.settings.clear_recent_files)

    # ----------------------------------------------------------------- theme and layout

    def _apply_theme(self) -> None:
        dark = is_dark()
        self.editor.set_dark(dark)
        self.preview.set_dark(dark)

    def _restore_layout(self) -> None:
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        sizes = self.settings.splitter("main")
        if sizes is not None:
            self.splitter.restoreState(sizes)

    def _save_layout(self) -> None:
        self.settings.set_geometry(self.saveGeometry())
        self.settings.set_splitter("main", self.splitter.saveState())
        self.settings.sync()

    # ----------------------------------------------------------------- documents

    def set_document(self, document: PostDocument) -> None:
        """Show ``document``, adding a tab for it the first time."""
        if document not in self.documents:
            self._adopt(document)
        self.tab_bar.setCurrentIndex(self.documents.index(document))
        self._show(document)

    def _adopt(self, document: PostDocument) -> None:
        document.site_context = self.site_controller.context_for(document.path)
        self.documents.append(document)
        self.tab_bar.blockSignals(True)
        self.tab_bar.addTab(document.display_name())
        self.tab_bar.blockSignals(False)

        def when_current(slot: Any) -> Any:
            return lambda *_args: slot() if document is self.document else None

        document.text_document.contentsChanged.connect(when_current(self._body_changed))
        document.text_document.contentsChanged.connect(self.journal_soon)
        document.fieldEdited.connect(lambda _k: self.journal_soon())
        document.fieldsChanged.connect(self.journal_soon)
        document.sourceEdited.connect(self.journal_soon)
        self.watch(document)
        document.modifiedChanged.connect(lambda _m: self._update_tab(document))
        document.fieldEdited.connect(when_current(self._update_header))
        document.fieldsChanged.connect(when_current(self._update_header))
        document.brokenChanged.connect(when_current(self._document_state_changed))
        document.pathChanged.connect(
            lambda _p: (self._update_tab(document), self._path_changed() if document is self.document else None)
        )

    def _show(self, document: PostDocument) -> None:
        if document is self.document:
            return
        self.document = document
        resolver = self._resolver_for(document)
        self.editor.set_document(document.text_document, is_dark())
        self.form.set_document(document, resolver, self._schema_for(document))
        self.preview.set_resolver(resolver)
        self._document_state_changed()
        if document.path is not None:
            self.library_panel.select_path(document.path)

    def _tab_selected(self, index: int) -> None:
        if 0 <= index < len(self.documents):
            self._show(self.documents[index])

    def _update_tab(self, document: PostDocument) -> None:
        if document in self.documents:
            index = self.documents.index(document)
            self.tab_bar.setTabText(index, ("● " if document.is_modified else "") + document.display_name())
            self.tab_bar.setTabToolTip(index, str(document.path or "Not saved yet"))
        if document is self.document:
            self._update_title()

    def _resolver_for(self, document: PostDocument) -> AssetResolver:
        context = document.site_context
        if context is not None and document.path is not None:
            return context.site.resolver_for(document.path)
        return AssetResolver.for_post(document.path)

    def _schema_for(self, document: PostDocument) -> Any:
        context = document.site_context
        return context.schema if context is not None else None

    def _schema_ready(self) -> None:
        if self.document is not None:
            self.form.set_schema(self._schema_for(self.document))
            self._update_header()  # the schema may name the cover field
            if self.document.path is not None:
                self.library_panel.select_path(self.document.path)

    def _document_state_changed(self) -> None:
        doc = self.document
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
        self._update_header()
        self._body_changed()
        self._update_file_label()

    def _path_changed(self) -> None:
        doc = self.document
        assert doc is not None
        self.watch(doc)
        if doc.site_context is None or not doc.site_context.holds(doc.path):  # saved into another folder
            doc.site_context = self.site_controller.context_for(doc.path)
        self.form.resolver = self._resolver_for(doc)
        self.preview.set_resolver(self.form.resolver)
        self.form.rebuild()
        self._document_state_changed()

    def _update_title(self) -> None:
        doc = self.document
        if doc is None:
            return
        self.setWindowFilePath(str(doc.path) if doc.path else "")
        self.setWindowTitle(f"{doc.display_name()}[*] — Post Editor")
        self.setWindowModified(doc.is_modified)

    def _update_file_label(self) -> None:
        doc = self.document
        if doc is None or doc.post is None:
            self.file_label.setText("")
            return
        newline = {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}[doc.post.newline]
        self.file_label.setText(f"{doc.post._file.encoding_label} · {newline}")

    def _body_changed(self) -> None:
        size = self.editor.document().characterCount()
        if size > PREVIEW_PAUSE_CHARS:  # a long post: preview when typing pauses, not on every key
            self._preview_timer.start(min(1000, 200 + size // 25_000))
        else:  # (also cuts short a long wait armed for the previous post)
            self._preview_timer.start(0)
        self.words_label.count_soon(self.document)
        self._check_timer.start()

    def _push_preview(self) -> None:
        if self.document is not None:
            self.preview.set_markdown(self.document.body_text())

    def _update_header(self) -> None:
        self._check_timer.start()
        doc = self.document
        if doc is None or doc.post is None:
            self.preview.set_header("", [], None)
            return
        meta = FieldsView(doc.post.metadata)  # Title: counts as title
        title = str(meta.get("title") or "")
        bits = []
        for key in ("date", "pubDate", "published"):
            if meta.get(key):
                bits.append(str(meta.get(key)))
                break
        tags = meta.get("tags")
        if isinstance(tags, list) and tags:
            bits.append(", ".join(f"#{t}" for t in tags))
        if meta.get("draft") is True:
            bits.append("Draft")
        ref = cover_ref(doc.post, self._schema_for(doc))
        value = ref.get(doc.post.metadata) if ref is not None else None
        cover = value if isinstance(value, str) and value.strip() else None
        alt = ref.alt(doc.post.metadata) if ref is not None and cover else None
        self.preview.set_header(title, bits, cover, alt or "")

    def _update_position(self) -> None:
        """The cursor's line in the file (as the checks and the Source tab count), not in the body."""
        cursor = self.editor.textCursor()
        offset = self.document.body_line_offset() if self.document is not None else 0
        self.position_label.setText(f"Ln {offset + cursor.blockNumber() + 1}, Col {cursor.positionInBlock() + 1}")

    # ----------------------------------------------------------------- scroll sync

    def _editor_scrolled(self, line: int, fraction: float) -> None:
        if self._editor_scroll_from_preview:
            return
        self.preview.scroll_to_line(line, fraction)

    def _preview_scrolled(self, line: int, fraction: float) -> None:
        self._editor_scroll_from_preview = True
        try:
            self.editor.scroll_to_line(line, fraction)
        finally:
            self._editor_scroll_from_preview = False

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_theme()
        if event.type() == QEvent.Type.ActivationChange and not self.isActiveWindow():
            self.write_journal()  # leaving the window: put unsaved work aside now
        super().changeEvent(event)
