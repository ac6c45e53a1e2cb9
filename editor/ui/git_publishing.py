"""Publishing with git from the window: the Git menu (Publish, Commit Only, Pull, History,
Discard Changes, Recover Discarded Text), the branch in the status bar and each post's
state in the Posts panel. Every git call runs in the background; a publish shows each
step and can be cancelled between steps. A pull that conflicts opens the resolution view.
"""

from __future__ import annotations

import difflib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QProgressDialog

from editor.core.checks import CheckSettings
from editor.core.errors import PostError
from editor.core.git import GitError, Repository, RepoStatus
from editor.core.post import Post
from editor.core.publishing import STEP_NAMES, STEPS, Cancelled, Publisher, PublishResult, commit_message
from editor.core.repository import find_repo
from editor.core.site import Site
from editor.ui.conflict_view import ConflictDialog
from editor.ui.dialogs import ask_text, make_action, show_error
from editor.ui.document import PostDocument
from editor.ui.file_workflow import FileWorkflow
from editor.ui.git_views import HistoryDialog, confirm_discard, show_git_error, show_not_ready
from editor.ui.library_panel import LibraryPanel
from editor.ui.notice import escape
from editor.ui.safety import Safety
from editor.ui.site_controller import SiteController
from editor.ui.tabs import DocumentTabs
from editor.ui.tasks import LatestOnly, Task

REFRESH_DELAY_MS = 400  # after the last change to the repository's files
# A file edited in place (by another editor, say) tells no folder watcher: look again this often.
POLL_MS = 5000
NO_REPOSITORY = "not in a git repository"


class GitPublishing(QObject):
    def __init__(
        self,
        window: QMainWindow,
        tabs: DocumentTabs,
        panel: LibraryPanel,
        site: SiteController,
        files: FileWorkflow,
        safety: Safety,
    ) -> None:
        super().__init__(window)
        self.window, self.tabs, self.panel, self.site, self.files, self.safety = (
            window,
            tabs,
            panel,
            site,
            files,
            safety,
        )
        self.repo: Repository | None = None
        self.status: RepoStatus | None = None
        self._anchor: Path | None = None  # what the repository was looked up from
        self._job: Task | None = None
        self._cancel = threading.Event()
        self._statuses = LatestOnly(self)
        self._calls: set[Task] = set()  # a post's history, a diff, a restore: each runs to its end
        self._closed = False
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(lambda _p: self.refresh_soon())
        self._watcher.directoryChanged.connect(lambda _p: self.refresh_soon())
        self._timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._poll_now)
        self._poll.start()
        self.branch_label = QLabel()
        self.branch_label.setObjectName("gitBranch")
        self.branch_label.hide()
        self._make_actions()
        self._update_actions()

    def _make_actions(self) -> None:
        w = self.window
        self.publish_action = make_action(w, "&Publish…", self.publish, "Ctrl+Alt+P", "gitPublish")
        self.commit_action = make_action(w, "&Commit Only…", lambda: self.publish(push=False), None, "gitCommit")
        self.pull_action = make_action(w, "P&ull", self.pull, None, "gitPull")
        self.history_action = make_action(w, "&History of This Post", self.history, None, "gitHistory")
        self.discard_action = make_action(w, "&Discard Changes to This Post…", self.discard, None, "gitDiscard")
        self.recover_action = make_action(w, "&Recover Discarded Text…", self.recover, None, "gitRecover")
        self.actions = [self.publish_action, self.commit_action, self.pull_action, self.history_action]
        self.actions.append(self.discard_action)
        # the Posts list offers them on its selection too
        self.panel.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.panel.view.addActions([self.publish_action, self.commit_action, self.history_action])

    # ----------------------------------------------------------------- state

    def refresh_soon(self) -> None:
        self._timer.start()

    def _poll_now(self) -> None:
        if self.window.isVisible() and not self.window.isMinimized() and not self._statuses.busy():
            self.refresh()

    def refresh(self) -> None:
        """Look up the repository of the open site (or the post shown) and read its state."""
        if self._job is not None:
            return  # mid-publish the states are in flux; the job's end refreshes
        site = self.site.site
        doc = self.tabs.current
        anchor = site.root if site is not None else (doc.path if doc is not None else None)
        self._anchor = anchor
        if anchor is None:
            self._show_status(None, None)
            return
        library = self.site.library
        posts = {info.path for info in library.posts} if library is not None and site is not None else set()

        def read() -> tuple[Repository | None, RepoStatus | None, dict[str, str]]:
            repo = find_repo(anchor)
            if repo is None:
                return None, None, {}
            status = repo.status()
            root = (site.root if site is not None else anchor).resolve()
            states = {}
            for path, state in status.files.items():  # the changed files: few, however large the site
                relative = path.relative_to(root).as_posix() if path.is_relative_to(root) else None
                if relative in posts and state != "unchanged":
                    states[relative] = state
            return repo, status, states

        self._statuses.request(read, self._read)

    def _read(self, result: Any, error: BaseException | None) -> None:
        if error is not None:
            self._show_status(None, None)
            self.branch_label.setText("Git: cannot read the repository")
            self.branch_label.setToolTip(str(error))
            self.branch_label.show()
            return
        if self._job is not None:
            return  # read before the job changed things; its end refreshes
        repo, status, states = result
        self._show_status(repo, status)
        self.panel.set_git_states(states if repo is not None and self.site.site is not None else None)

    def _show_status(self, repo: Repository | None, status: RepoStatus | None) -> None:
        self.repo, self.status = repo, status
        if repo is None or status is None:
            self.branch_label.setVisible(self._anchor is not None)
            self.branch_label.setText("Not in git")
            self.branch_label.setToolTip("This post is not in a git repository, so it cannot be published with git.")
            self.panel.set_git_states(None)
        else:
            self.branch_label.setText(f"⎇ {status.summary()}")
            tracking = f"tracking {status.upstream}" if status.upstream else "with no upstream on a remote"
            self.branch_label.setToolTip(
                f"Branch {status.branch or '(detached HEAD)'}, {tracking}: "
                f"{status.ahead} commit(s) to push, {status.behind} to pull."
            )
            self.branch_label.show()
            self._watch(repo.root)
        self._update_actions()

    def _watch(self, root: Path) -> None:
        wanted = [root / ".git" / name for name in ("index", "HEAD", "FETCH_HEAD")] + [root / ".git/refs/heads"]
        wanted = [p for p in wanted if p.exists()]
        have = set(self._watcher.files() + self._watcher.directories())
        stale = [p for p in have if not p.startswith(str(root))]
        if stale:
            self._watcher.removePaths(stale)
        new = [str(p) for p in wanted if str(p) not in have]
        if new:
            self._watcher.addPaths(new)

    def state_of(self, path: Path) -> str | None:
        return self.status.state_of(path) if self.status is not None else None

    def _update_actions(self) -> None:
        """On when they can act; off with the reason in the tooltip (the menu shows it)."""
        reason = self._why_not()
        site = self.site.site
        # with the site's posts in the repository, Publish and Pull also act on the Posts list's selection
        site_reason = None if self.repo is not None and site is not None and self.repo.contains(site.root) else reason
        busy = "Git is busy with the step under way." if self._job is not None else None
        doc = self.tabs.current
        new = doc is not None and doc.path is not None and self.state_of(doc.path) == "new"
        newly = "This post is new: no commit has it yet, so there is no history to show or go back to."
        for action, why in (
            (self.publish_action, busy or site_reason),
            (self.commit_action, busy or site_reason),
            (self.pull_action, busy or site_reason),
            (self.history_action, busy or reason or (newly if new else None)),
            (self.discard_action, busy or reason or (newly if new else None)),
        ):
            action.setEnabled(why is None)
            action.setToolTip(why or action.text().replace("&", "").rstrip("…"))
            action.setStatusTip(why or "")

    def _why_not(self) -> str | None:
        """Why the git actions are off for the post shown, or None when they are on."""
        doc = self.tabs.current
        if self.repo is None:
            name = doc.display_name() if doc is not None and doc.path is not None else "This post"
            return f"{name} is {NO_REPOSITORY}."
        if doc is None or doc.path is None:
            return "Save the post first: git publishes files."
        if not self.repo.contains(doc.path):
            return f"{doc.display_name()} is outside the repository at {self.repo.root}."
        return None

    # ----------------------------------------------------------------- running jobs

    def _run(self, label: str, job: Callable[[Callable[[str], None]], Any], done: Callable[[Any], None]) -> None:
        """Run ``job(progress)`` behind a progress dialog whose Cancel stops it between steps."""
        self._cancel.clear()
        dialog = QProgressDialog(label, "Cancel", 0, len(STEPS), self.window)
        dialog.setObjectName("gitProgress")
        dialog.setWindowTitle("Git")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._cancel.set)
        dialog.canceled.connect(lambda: dialog.setLabelText("Stopping after this step…"))

        def step(name: object) -> None:
            if not self._cancel.is_set():
                dialog.setLabelText(f"{STEP_NAMES.get(str(name), str(name))}…")
                dialog.setValue(STEPS.index(str(name)) if name in STEPS else 0)

        def finish(result: Any, error: BaseException | None) -> None:
            dialog.close()
            dialog.deleteLater()
            self._job = None
            self._update_actions()
            self.refresh_soon()
            self.safety.check_on_disk()  # a pull may have changed open posts
            if isinstance(error, Cancelled):
                self.window.statusBar().showMessage(f"Cancelled before {STEP_NAMES[str(error)].lower()}.", 8000)
            elif isinstance(error, GitError):
                self._show_git_error(error)
            elif isinstance(error, (PostError, OSError)):
                show_error(self.window, "Git", str(error))
            elif error is not None:
                show_error(self.window, "Git", f"Something went wrong: {error}")
            else:
                done(result)

        self._job = Task(job, on_progress=step, on_done=finish, parent=self)
        self._update_actions()
        dialog.show()
        self._job.start()

    def _show_git_error(self, error: GitError) -> None:
        show_git_error(self.window, error)

    def _publisher(self, repo: Repository, progress: Callable[[str], None], site_path: Path) -> Publisher:
        return Publisher(repo, _site_for(site_path), progress, self._cancel.is_set)

    # ----------------------------------------------------------------- the actions

    def _targets(self) -> list[Path]:
        """The posts selected in the Posts list when it has the focus, else the post shown."""
        if self.panel.view.hasFocus() and self.panel.selected_paths():
            return self.panel.selected_paths()
        doc = self.tabs.current
        return [doc.path] if doc is not None and doc.path is not None else []

    def _save_first(self, paths: list[Path]) -> bool:
        """Save the open posts among ``paths`` that have unsaved changes; False if one fails."""
        wanted = {p.resolve() for p in paths}
        for doc in self.tabs.documents:
            if doc.path is not None and doc.path.resolve() in wanted and doc.is_modified:
                if not self.files.write(doc, None):
                    return False
        return True

    def publish(self, push: bool = True) -> None:
        paths = self._targets()
        repo = self.repo
        if not paths or self._job is not None or repo is None:
            return
        outside = [p for p in paths if not repo.contains(p)]
        if outside:
            self.window.statusBar().showMessage(f"{outside[0].name} is outside the repository at {repo.root}.", 8000)
            return
        if not self._save_first(paths):
            return
        try:
            posts = [Post.load(p) for p in paths]
        except (PostError, OSError) as exc:
            show_error(self.window, "Cannot publish", str(exc))
            return
        site = _site_for(paths[0])
        template = site.config.publish_message if site is not None else "Publish: {title}"
        what = "Publish" if push else "Commit"
        message = ask_text(self.window, what, "Commit message:", commit_message(template, posts), "publishMessage")
        if not message:
            return
        settings = CheckSettings(allow_drafts=not push)

        def job(progress: Callable[[str], None]) -> tuple[PublishResult, Sides]:
            publisher = self._publisher(repo, progress, paths[0])
            result = publisher.publish(posts, message, push=push, settings=settings, check=push)
            return result, _sides(repo, result.conflicts)

        label = f"{'Publishing' if push else 'Committing'} {posts[0].path.name if posts[0].path else ''}…"
        self._run(label, job, lambda outcome: self._published(repo, *outcome, push=push, first=paths[0]))

    def _published(self, repo: Repository, result: PublishResult, sides: Sides, push: bool, first: Path) -> None:
        if result.not_ready:
            show_not_ready(self.window, result.not_ready)
            return
        if result.conflicts:
            self._conflicted(repo, result.conflicts, sides, first)
            return
        commit = f"committed {result.commit[:8]}" if result.commit else "nothing new to commit"
        pushed = " and pushed" if result.pushed else (" (not pushed)" if push else "")
        self.window.statusBar().showMessage(f"{first.name}: {commit}{pushed}.", 8000)

    def _conflicted(self, repo: Repository, conflicts: list[Path], sides: Sides, first: Path) -> None:
        """The pull conflicted (and was undone): offer the resolution view for each file."""
        versions, upstream = sides
        names = ", ".join(repo.relative(p) for p in conflicts)
        box = QMessageBox(QMessageBox.Icon.Warning, "Conflict", "", QMessageBox.StandardButton.Cancel, self.window)
        box.setObjectName("gitConflict")
        box.setText(f"<b>{escape(names)} changed here and on the remote.</b>")
        box.setInformativeText("The pull was undone and nothing was pushed. Resolve the conflict to publish.")
        if not versions:
            box.setInformativeText(box.informativeText() + " (The file holds conflict markers: remove them first.)")
        resolve = box.addButton("Resolve…", QMessageBox.ButtonRole.AcceptRole)
        resolve.setObjectName("resolveConflict")
        resolve.setEnabled(bool(versions))
        box.exec()
        if box.clickedButton() is not resolve:
            return
        resolutions: dict[Path, bytes] = {}
        for path, (base, ours, theirs) in versions.items():
            dialog = ConflictDialog(self.window, path, base, ours, theirs)
            if not dialog.exec():
                return
            resolutions[path] = dialog.resolution()

        def job(progress: Callable[[str], None]) -> tuple[PublishResult, Sides]:
            # against the upstream the author saw: if it moved meanwhile, the conflict comes back
            result = self._publisher(repo, progress, first).resolve_and_push(resolutions, upstream)
            return result, _sides(repo, result.conflicts)

        self._run("Finishing the pull…", job, lambda outcome: self._published(repo, *outcome, push=True, first=first))

    def pull(self) -> None:
        first, repo = self._anchor, self.repo
        if self._job is not None or repo is None or first is None:
            return

        def job(progress: Callable[[str], None]) -> tuple[list[Path], Sides]:
            conflicts = self._publisher(repo, progress, first).pull()
            return conflicts, _sides(repo, conflicts)

        def done(outcome: tuple[list[Path], Sides]) -> None:
            conflicts, sides = outcome
            if conflicts:
                self._conflicted(repo, conflicts, sides, first)
            else:
                self.window.statusBar().showMessage("Pulled: this copy is up to date with the remote.", 6000)

        self._run("Pulling…", job, done)

    def history(self) -> None:
        doc = self.tabs.current
        repo = self.repo
        if repo is None or doc is None or doc.path is None or self._why_not() is not None:
            return
        path = doc.path

        def shown(commits: Any) -> None:
            HistoryDialog(self.window, path.name, commits, lambda sha: _fresh(repo).diff_of(sha, path)).open()

        self._background(lambda: _fresh(repo).log(path), shown)

    def _background(
        self, fn: Callable[[], Any], done: Callable[[Any], None], then: Callable[[], None] | None = None
    ) -> None:
        """A short git call off the GUI thread (no progress dialog); each one runs to its end
        and reports, however many are asked for meanwhile."""

        def finish(result: Any, error: BaseException | None) -> None:
            self._calls.discard(task)
            task.deleteLater()
            if then is not None:
                then()  # whether it worked or not
            if self._closed:
                return
            if isinstance(error, GitError):
                self._show_git_error(error)
            elif error is not None:
                show_error(self.window, "Git", str(error))
            else:
                done(result)

        task = Task(lambda _progress: fn(), on_done=finish, parent=self)
        self._calls.add(task)
        task.start()

    def discard(self) -> None:
        doc = self.tabs.current
        repo = self.repo
        if repo is None or doc is None or doc.path is None or self._why_not() is not None:
            return
        path, text = doc.path, doc.full_text()

        def diff() -> str:
            committed = _fresh(repo).file_at("HEAD", path)
            if committed is None:
                raise GitError("discard", f"{path.name} is not in the last commit: there is nothing to go back to.")
            before = committed.decode("utf-8", errors="replace").replace("\r\n", "\n").splitlines(True)
            after = text.replace("\r\n", "\n").splitlines(True)
            return "".join(difflib.unified_diff(before, after, f"{path.name} (last commit)", f"{path.name} (now)"))

        self._background(diff, lambda shown: self._confirm_discard(doc, path, text, str(shown)))

    def _confirm_discard(self, doc: PostDocument, path: Path, text: str, diff: str) -> None:
        if not diff:
            self.window.statusBar().showMessage(f"{path.name} has no changes since the last commit.", 6000)
            return
        if not confirm_discard(self.window, path.name, diff):
            return
        # what is there now (typed since the diff was read, too) goes to the journal
        self.safety.journal.keep(path, doc.full_text() if doc in self.tabs.documents else text)
        repo = self.repo
        assert repo is not None

        self.safety.expect_change(path, True)  # reloaded below, not asked about

        def restored(_result: Any) -> None:
            if doc in self.tabs.documents:
                try:
                    doc.reload()
                except (PostError, OSError) as exc:
                    show_error(self.window, "Cannot reload", str(exc))
                self.files.stateChanged.emit(doc)
            self.safety.forget(doc)
            self.window.statusBar().showMessage(
                f"Discarded the changes to {path.name}. Git › Recover Discarded Text brings them back.", 10000
            )
            self.refresh_soon()

        self._background(lambda: _fresh(repo).restore(path), restored, lambda: self.safety.expect_change(path, False))

    def recover(self) -> None:
        heading = "Text put aside: changes you discarded, or unsaved work of an editor that closed:"
        if not self.safety.journal.orphaned():
            self.window.statusBar().showMessage("No discarded or unsaved text is waiting to be recovered.", 6000)
            return
        self.safety.offer_recovery(self.files.open_post, heading)

    def busy(self) -> bool:
        """Whether a publish, commit or pull is under way."""
        return self._job is not None

    def shutdown(self) -> None:
        self._closed = True
        self._poll.stop()
        self._statuses.shutdown()
        for task in list(self._calls):
            task.wait()
        if self._job is not None:
            self._cancel.set()
            self._job.wait()


Sides = tuple[dict[Path, Any], str | None]  # each conflicting file's three sides, and the upstream they are of


def _sides(repo: Repository, conflicts: list[Path]) -> Sides:
    """The three sides of each conflicting file, and the upstream commit they were read at;
    none for a file that already holds conflict markers (made by hand or another tool: the
    author removes them first)."""
    versions = {path: repo.versions(path) for path in conflicts if not repo.has_conflict_markers([path])}
    return versions, repo.upstream_id()


def _fresh(repo: Repository) -> Repository:
    """An engine of its own for a call in another thread (dulwich's objects are not shared)."""
    return type(repo)(repo.root)  # type: ignore[call-arg]


def _site_for(path: Path) -> Site | None:
    try:
        return Site.for_file(path)
    except (PostError, OSError):
        return None
