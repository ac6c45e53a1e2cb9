"""Readiness checks and export, as window actions (a mixin of MainWindow)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from editor.core.checks import Problem, body_checks, check_post, is_ready
from editor.core.errors import PostError
from editor.ui.pdf import export_post
from editor.ui.status import LONG_BODY

EXPORT_KINDS = {
    "Into another site folder": "site",
    "Standalone HTML page": "html",
    "PDF": "pdf",
    "ZIP archive (post and images)": "zip",
}


class PublishActions:
    """Needs the window's document, form, editor, problems panel, badge and site controller."""

    document: Any
    problems: list[Problem]
    checks_job: Any  # a LatestOnly

    # ----------------------------------------------------------------- checks

    def run_checks(self, background: bool = False) -> list[Problem]:
        """Check the open post and show the result. With ``background``, a long body is
        checked in a thread and the result shows when it is ready (what is returned then
        leaves the body out)."""
        doc = self.document
        problems: list[Problem] = []
        job = None
        if doc is not None and doc.is_broken and doc.error is not None:
            problems = [Problem("error", "front-matter", doc.error.reason, line=doc.error.line)]
        elif doc is not None and doc.post is not None:
            doc.post.content = doc.body_text()
            site = self._site_for(doc) if doc.path is not None else None  # type: ignore[attr-defined]
            schema = self._schema_for(doc)  # type: ignore[attr-defined]
            context = doc.site_context
            library = context.library if context is not None and site is context.site else None
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
            if doc is self.document:
                extra = [Problem("error", "check", str(error))] if error is not None else list(rest)
                self._show_problems(problems + extra)

        self.checks_job.request(job, done)
        return problems

    def _show_problems(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.problems_panel.set_problems(problems)  # type: ignore[attr-defined]
        self.ready_badge.show_problems(problems)  # type: ignore[attr-defined]

    def check_readiness(self) -> None:
        """Check the post now and show the Problems panel (F7)."""
        self.run_checks(background=True)
        self.problems_dock.show()  # type: ignore[attr-defined]
        self.problems_dock.raise_()  # type: ignore[attr-defined]

    def go_to_problem(self, problem: Problem) -> None:
        """Jump to the field or the line a problem concerns."""
        if problem.field and problem.field in self.form.fields:  # type: ignore[attr-defined]
            self.form.tabs.setCurrentIndex(0)  # type: ignore[attr-defined]
            self.form.setVisible(True)  # type: ignore[attr-defined]
            field = self.form.fields[problem.field]  # type: ignore[attr-defined]
            self.form.scroll.ensureWidgetVisible(field)  # type: ignore[attr-defined]
            field.setFocus()
            return
        doc = self.document
        line = problem.body_line
        if line is None and problem.line is not None and doc is not None and doc.is_broken:
            line = problem.line - 1  # the editor holds the whole file
        if line is not None:
            editor = self.editor  # type: ignore[attr-defined]
            block = editor.document().findBlockByNumber(line)
            if block.isValid():
                cursor = QTextCursor(block)
                editor.setTextCursor(cursor)
                editor.centerCursor()
                editor.setFocus()

    def fix_mojibake(self) -> None:
        doc = self.document
        if doc is None or doc.post is None:
            return
        changed = doc.fix_mojibake()
        self.statusBar().showMessage(  # type: ignore[attr-defined]
            f"Repaired {changed} piece{'s' if changed != 1 else ''} of garbled text"
            if changed
            else "Nothing to repair",
            5000,
        )
        self.run_checks()

    # ----------------------------------------------------------------- export

    def export_dialog(self) -> None:
        doc = self.document
        if doc is None or doc.post is None or doc.path is None:
            self._error("Save the post first", "Export works on a saved post.")  # type: ignore[attr-defined]
            return
        label, ok = QInputDialog.getItem(self, "Export", "Export this post as:", list(EXPORT_KINDS), 0, False)  # type: ignore[arg-type]
        if not ok:
            return
        kind = EXPORT_KINDS[label]
        if kind == "site":
            target = QFileDialog.getExistingDirectory(self, "Export Into Site Folder")  # type: ignore[arg-type]
        else:
            target = QFileDialog.getExistingDirectory(self, "Export To Folder")  # type: ignore[arg-type]
        if target:
            self.export_current(kind, Path(target))

    def export_current(self, kind: str, target: Path, confirm: bool = True) -> Path | None:
        """Check, ask when there are problems, then export the open post."""
        doc = self.document
        if doc is None or doc.post is None:
            return None
        if doc.is_modified and not self.save():  # type: ignore[attr-defined]
            return None
        problems = self.run_checks()
        if problems and confirm:
            errors = sum(1 for p in problems if p.severity == "error")
            text = (
                f"This post has {errors} error{'s' if errors != 1 else ''}. Export anyway?"
                if errors
                else f"This post has {len(problems)} warning{'s' if len(problems) != 1 else ''}. Export anyway?"
            )
            answer = QMessageBox.question(self, "Export", text)  # type: ignore[arg-type]
            if answer != QMessageBox.StandardButton.Yes:
                return None
        from editor.core.export import ExportExistsError

        site = self._site_for(doc)  # type: ignore[attr-defined]
        post = doc.post

        def run(overwrite: bool) -> tuple[Any, BaseException | None]:
            result, error = self._run_with_progress(  # type: ignore[attr-defined]
                "Exporting…",
                lambda progress: export_post(post, site, target, kind, overwrite=overwrite) if kind != "pdf" else None,
            )
            if kind == "pdf" and error is None:
                try:  # WebEngine belongs to the GUI thread
                    result = export_post(post, site, target, kind, overwrite=overwrite)
                except PostError as exc:
                    error = exc
            return result, error

        result, error = run(False)
        if isinstance(error, ExportExistsError):
            answer = QMessageBox.question(  # type: ignore[call-overload]
                self, "Replace the export?", f"{error}\n\nReplace it with this export?"
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
            result, error = run(True)
        if error is not None:
            self._error("Export failed", str(error))  # type: ignore[attr-defined]
            return None
        self.statusBar().showMessage(f"Exported to {result}", 6000)  # type: ignore[attr-defined]
        return Path(result)

    def export_ready_posts(self) -> None:
        """Export every post of the open site that passes the checks, with progress."""
        ctrl = self.site_controller  # type: ignore[attr-defined]
        if ctrl.site is None or ctrl.library is None:
            self._error("Open a site first", "Exporting ready posts works on a site folder.")  # type: ignore[attr-defined]
            return
        label, ok = QInputDialog.getItem(
            self,
            "Export Ready Posts",
            "Export each ready post as:",
            [k for k, v in EXPORT_KINDS.items() if v in ("html", "zip")],
            0,
            False,
        )  # type: ignore[arg-type]
        if not ok:
            return
        target = QFileDialog.getExistingDirectory(self, "Export To Folder")  # type: ignore[arg-type]
        if target:
            self.export_all_ready(EXPORT_KINDS[label], Path(target))

    def export_all_ready(self, kind: str, target: Path) -> tuple[int, int]:
        from editor.core.post import Post

        ctrl = self.site_controller  # type: ignore[attr-defined]
        site, schema, library = ctrl.site, ctrl.schema, ctrl.library
        paths = [site.root / p.path for p in library.posts if p.error is None]

        def job(progress: Any) -> tuple[int, int]:
            done = skipped = 0
            for i, path in enumerate(paths):
                progress(i / max(1, len(paths)))
                post = Post.load(path)
                if not is_ready(check_post(post, site, schema, library)):
                    skipped += 1
                    continue
                if kind != "pdf":
                    export_post(post, site, target, kind)
                    done += 1
            return done, skipped

        result, error = self._run_with_progress(f"Exporting ready posts ({len(paths)})…", job)  # type: ignore[attr-defined]
        if error is not None:
            self._error("Export failed", str(error))  # type: ignore[attr-defined]
            return 0, 0
        self.statusBar().showMessage(f"Exported {result[0]} ready posts; {result[1]} not ready", 8000)  # type: ignore[attr-defined]
        return result
