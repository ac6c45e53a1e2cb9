"""Readiness checks and export: the Problems panel, the ready badge, and the export actions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow, QMessageBox

from editor.core.checks import Problem, body_checks, check_post, is_ready
from editor.core.errors import PostError
from editor.ui.dialogs import ask_item, make_action, run_with_progress, show_error
from editor.ui.document import PostDocument
from editor.ui.editor_pane import EditorPane
from editor.ui.file_workflow import FileWorkflow
from editor.ui.frontmatter_form import FrontMatterForm
from editor.ui.pdf import export_post
from editor.ui.problems_panel import ProblemsPanel, ReadyBadge
from editor.ui.site_controller import SiteController, schema_of, site_of
from editor.ui.status import LONG_BODY
from editor.ui.tabs import DocumentTabs
from editor.ui.tasks import LatestOnly

EXPORT_KINDS = {
    "Into another site folder": "site",
    "Standalone HTML page": "html",
    "PDF": "pdf",
    "ZIP archive (post and images)": "zip",
}
EXPORT_FILES = {  # the Save dialog's title and file type for each kind of file
    "html": ("Export as HTML", "HTML page (*.html)"),
    "pdf": ("Export as PDF", "PDF document (*.pdf)"),
    "zip": ("Export as ZIP", "ZIP archive (*.zip)"),
}
CHECK_DELAY_MS = 700  # after the last edit


class Publishing(QObject):
    """Checks the post shown (after a pause in edits, or at once with F7) and shows the
    result in the Problems panel and the ready badge; exports the post, or every ready
    post of the site. Owns the Check Readiness, Export and Export Ready Posts actions."""

    def __init__(
        self,
        window: QMainWindow,
        tabs: DocumentTabs,
        form: FrontMatterForm,
        editor: EditorPane,
        panel: ProblemsPanel,
        dock: QDockWidget,
        badge: ReadyBadge,
        site: SiteController,
        files: FileWorkflow,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.tabs = tabs
        self.form = form
        self.editor = editor
        self.panel = panel
        self.dock = dock
        self.badge = badge
        self.site = site
        self.files = files
        self.problems: list[Problem] = []
        self.checks_job = LatestOnly(self)
        self._timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._timer.timeout.connect(lambda: self.run_checks(background=True))
        panel.problemActivated.connect(self.go_to_problem)
        panel.fixMojibakeRequested.connect(self.fix_mojibake)
        badge.clicked.connect(lambda: dock.setVisible(not dock.isVisible()))
        tabs.added.connect(self._adopt)  # the window asks for a check when another post is shown
        self.check_action = make_action(window, "Check &Readiness", self.check_readiness, "F7", "checkReadiness")
        self.export_action = make_action(window, "&Export…", self.export_dialog, "Ctrl+E", "export")
        self.export_ready_action = make_action(
            window, "Export &Ready Posts…", self.export_ready_posts, None, "exportReady"
        )

    def _adopt(self, document: PostDocument) -> None:
        soon = self.tabs.when_current(document, self.check_soon)
        document.text_document.contentsChanged.connect(soon)
        document.fieldEdited.connect(soon)
        document.fieldsChanged.connect(soon)
        document.brokenChanged.connect(soon)

    def check_soon(self) -> None:
        self._timer.start()

    def shutdown(self) -> None:
        self._timer.stop()
        self.checks_job.shutdown()

    # ----------------------------------------------------------------- checks

    def run_checks(self, background: bool = False) -> list[Problem]:
        """Check the open post and show the result. With ``background``, a long body is
        checked in a thread and the result shows when it is ready (what is returned then
        leaves the body out)."""
        doc = self.tabs.current
        problems: list[Problem] = []
        job = None
        if doc is not None and doc.is_broken and doc.error is not None:
            problems = [Problem("error", "front-matter", doc.error.reason, line=doc.error.line)]
        elif doc is not None and doc.post is not None:
            doc.post.content = doc.body_text()
            site = site_of(doc)
            schema = schema_of(doc)
            context = doc.site_context
            library = context.library if context is not None and not context.standalone else None
            whole = not background or len(doc.post.content) < LONG_BODY
            try:
                problems = check_post(doc.post, site, schema, library, body=whole, picked=doc.picked_images)
                job = None if whole else body_checks(doc.post, site)
            except PostError as exc:
                problems = [Problem("error", "check", str(exc))]
        if job is None:
            self.checks_job.cancel()  # a check still running describes an older text
            self._show_problems(problems)
            return problems

        def done(rest: Any, error: BaseException | None) -> None:
            if doc is self.tabs.current:
                extra = [Problem("error", "check", str(error))] if error is not None else list(rest)
                self._show_problems(problems + extra)

        self.checks_job.request(job, done)
        return problems

    def _show_problems(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.panel.set_problems(problems)
        self.badge.show_problems(problems)

    def check_readiness(self) -> None:
        """Check the post now and show the Problems panel (F7)."""
        self.run_checks(background=True)
        self.dock.show()
        self.dock.raise_()

    def go_to_problem(self, problem: Problem) -> None:
        """Jump to the field or the line a problem concerns."""
        if problem.field and problem.field in self.form.fields:
            self.form.tabs.setCurrentIndex(0)
            self.form.setVisible(True)
            field = self.form.fields[problem.field]
            self.form.scroll.ensureWidgetVisible(field)
            field.setFocus()
            return
        doc = self.tabs.current
        line = problem.body_line
        if line is None and problem.line is not None and doc is not None and doc.is_broken:
            line = problem.line - 1  # the editor holds the whole file
        if line is not None:
            editor = self.editor
            block = editor.document().findBlockByNumber(line)
            if block.isValid():
                cursor = QTextCursor(block)
                editor.setTextCursor(cursor)
                editor.centerCursor()
                editor.setFocus()

    def fix_mojibake(self) -> None:
        doc = self.tabs.current
        if doc is None or doc.post is None:
            return
        changed = doc.fix_mojibake()
        self.window.statusBar().showMessage(
            f"Repaired {changed} piece{'s' if changed != 1 else ''} of garbled text"
            if changed
            else "Nothing to repair",
            5000,
        )
        self.run_checks()

    # ----------------------------------------------------------------- export

    def export_dialog(self) -> None:
        doc = self.tabs.current
        if doc is None or doc.post is None or doc.path is None:
            show_error(self.window, "Save the post first", "Export works on a saved post.")
            return
        label = ask_item(self.window, "Export", "Export this post as:", list(EXPORT_KINDS), name="exportKind")
        if label is None:
            return
        kind = EXPORT_KINDS[label]
        if kind == "site":
            folder = QFileDialog.getExistingDirectory(self.window, "Export Into Site")
            if folder:
                self.export_current(kind, Path(folder))
            return
        chosen = self.ask_export_file(doc.post, kind)
        if chosen is not None:  # the Save dialog asked before replacing the file it named
            target, confirmed = chosen
            self.export_current(kind, target, replace=confirmed and target.exists())

    def ask_export_file(self, post: Any, kind: str) -> tuple[Path, bool] | None:
        """Where to write an export, from a Save dialog named after the post's slug, in
        the folder the last export went to (else the user's documents); and whether the
        dialog itself asked about that file (not when the kind's suffix was added after)."""
        from editor.core.export import SUFFIXES, export_file_name

        folder = self.files.settings.export_folder() or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        title, pattern = EXPORT_FILES[kind]
        name, _ = QFileDialog.getSaveFileName(
            self.window, title, str(Path(folder) / export_file_name(post, kind)), pattern
        )
        if not name:
            return None
        target = Path(name)
        if target.suffix.lower() != SUFFIXES[kind]:
            target = target.with_name(target.name + SUFFIXES[kind])
        self.files.settings.set_export_folder(str(target.parent))
        return target, target == Path(name)

    def export_current(self, kind: str, target: Path, confirm: bool = True, replace: bool = False) -> Path | None:
        """Check, ask when there are problems, then export the open post (over an earlier
        export at ``target`` when ``replace``: the author has said so)."""
        doc = self.tabs.current
        if doc is None or doc.post is None:
            return None
        if doc.is_modified and not self.files.save():
            return None
        problems = self.run_checks()
        if problems and confirm:
            errors = sum(1 for p in problems if p.severity == "error")
            text = (
                f"This post has {errors} error{'s' if errors != 1 else ''}. Export anyway?"
                if errors
                else f"This post has {len(problems)} warning{'s' if len(problems) != 1 else ''}. Export anyway?"
            )
            answer = QMessageBox.question(self.window, "Export", text)
            if answer != QMessageBox.StandardButton.Yes:
                return None
        from editor.core.export import ExportExistsError

        site = site_of(doc)
        post = doc.post

        def run(overwrite: bool) -> tuple[Any, BaseException | None]:
            result, error = run_with_progress(
                self.window,
                "Exporting…",
                lambda progress: export_post(post, site, target, kind, overwrite=overwrite) if kind != "pdf" else None,
            )
            if kind == "pdf" and error is None:
                try:  # WebEngine belongs to the GUI thread
                    result = export_post(post, site, target, kind, overwrite=overwrite)
                except PostError as exc:
                    error = exc
            return result, error

        result, error = run(replace)
        if isinstance(error, ExportExistsError):
            answer = QMessageBox.question(
                self.window, "Replace the export?", f"{error}\n\nReplace it with this export?"
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
            result, error = run(True)
        if error is not None:
            show_error(self.window, "Export failed", str(error))
            return None
        self.window.statusBar().showMessage(f"Exported to {result}", 6000)
        return Path(result)

    def export_ready_posts(self) -> None:
        """Export every post of the open site that passes the checks, with progress."""
        ctrl = self.site
        if ctrl.site is None or ctrl.library is None:
            show_error(self.window, "Open a site first", "Exporting ready posts works on a site folder.")
            return
        kinds = [k for k, v in EXPORT_KINDS.items() if v in ("html", "zip")]
        label = ask_item(self.window, "Export Ready Posts", "Export each ready post as:", kinds, name="exportKind")
        if label is None:
            return
        target = QFileDialog.getExistingDirectory(self.window, "Export Ready Posts To")
        if target:
            self.export_all_ready(EXPORT_KINDS[label], Path(target))

    def export_all_ready(self, kind: str, target: Path) -> tuple[int, int]:
        from editor.core.post import Post

        ctrl = self.site
        site, context, library = ctrl.site, ctrl.context, ctrl.library
        paths = [site.root / p.path for p in library.posts if p.error is None]

        def job(progress: Any) -> tuple[int, int]:
            done = skipped = 0
            for i, path in enumerate(paths):
                progress(i / max(1, len(paths)))
                post = Post.load(path)
                schema = context.schema_for(path, post.metadata) if context is not None else None
                if not is_ready(check_post(post, site, schema, library)):
                    skipped += 1
                    continue
                if kind != "pdf":
                    export_post(post, site, target, kind)
                    done += 1
            return done, skipped

        result, error = run_with_progress(self.window, f"Exporting ready posts ({len(paths)})…", job)
        if error is not None:
            show_error(self.window, "Export failed", str(error))
            return 0, 0
        self.window.statusBar().showMessage(f"Exported {result[0]} ready posts; {result[1]} not ready", 8000)
        return result
