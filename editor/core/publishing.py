"""Publish with git: check posts, commit exactly them and the files they use, pull, push.

Only the posts' own files go into the commit, so whatever else the author has changed or
staged stays as it was. A pull that conflicts is undone (the publish commit stays, nothing
is pushed), so no file is left with conflict markers, and a file that holds them is never
committed; the author's resolution (``resolve_and_push``) pulls again with their text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from editor.core.checks import CheckSettings, Problem, check_post, is_ready
from editor.core.cover_step import slug_for
from editor.core.export_assets import assets_of
from editor.core.git import UNCHANGED, GitError, Repository, detached_error
from editor.core.post import Post
from editor.core.site import Site

STEPS = ("check", "commit", "pull", "push")
STEP_NAMES = {"check": "Checking", "commit": "Committing", "pull": "Pulling", "push": "Pushing"}


@dataclass
class PublishResult:
    """What publishing did: the commit made (None when nothing had changed), the files it
    holds, whether it was pushed, the posts that were not ready, and conflicting files."""

    commit: str | None = None
    files: list[Path] = field(default_factory=list)
    pushed: bool = False
    not_ready: dict[Path, list[Problem]] = field(default_factory=dict)
    conflicts: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def published(self) -> bool:
        return not self.not_ready and not self.conflicts


def commit_message(template: str, posts: list[Post]) -> str:
    """The message for ``posts`` from ``template`` (``{title}``, ``{path}``, ``{slug}``);
    several posts are named together."""
    titles = [str(p.metadata.get("title") or (p.path.stem if p.path else "post")) for p in posts]
    values = {
        "title": titles[0] if len(titles) == 1 else ", ".join(titles),
        "path": ", ".join(p.path.name for p in posts if p.path is not None),
        "slug": ", ".join(slug_for(p.path) for p in posts if p.path is not None),
    }
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return f"Publish: {values['title']}"


def files_of(post: Post, site: Site | None, repo: Repository) -> list[Path]:
    """The post's file and the files of the repository it uses (cover, images)."""
    assert post.path is not None
    files = [post.path.resolve()]
    for asset in assets_of(post, site):
        resolved = asset.resolve()
        if repo.contains(resolved) and resolved not in files and resolved.is_file():
            files.append(resolved)
    return files


class Cancelled(Exception):
    """The author cancelled between two steps; the steps done stay done (a commit made stays)."""


class Publisher:
    """Runs the steps for some posts of one repository: ``progress(step)`` before each,
    and ``cancelled()`` asked between them (the step under way is never cut short)."""

    def __init__(
        self,
        repo: Repository,
        site: Site | None,
        progress: Callable[[str], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        self.repo, self.site = repo, site
        self._progress = progress or (lambda _step: None)
        self._cancelled = cancelled or (lambda: False)

    def _step(self, name: str) -> None:
        if self._cancelled():
            raise Cancelled(name)
        self._progress(name)

    def publish(
        self,
        posts: list[Post],
        message: str | None = None,
        push: bool = True,
        settings: CheckSettings | None = None,
        check: bool = True,
    ) -> PublishResult:
        """Check ``posts`` (unless ``check`` is off: Commit Only), commit them and their
        files, then pull and push unless ``push`` is off."""
        result = PublishResult()
        self._step("check")
        for post in posts if check else []:
            problems = check_post(post, self.site, settings=settings)
            if not is_ready(problems):
                assert post.path is not None
                result.not_ready[post.path] = problems
        if result.not_ready:
            return result
        status = self.repo.status()
        if status.branch is None:
            raise detached_error()
        files = [f for post in posts for f in files_of(post, self.site, self.repo)]
        result.conflicts = self.repo.has_conflict_markers(files)
        if result.conflicts:
            return result
        self._step("commit")
        template = self.site.config.publish_message if self.site is not None else "Publish: {title}"
        changed = [f for f in files if status.state_of(f) != UNCHANGED]
        if changed:  # else nothing is new: what is committed is what is published
            staged = {f for f in changed if f in status.staged}  # partly staged ones too
            result.commit = self.repo.commit_files(changed, message or commit_message(template, posts), staged)
        result.files = files
        if push:
            self._pull_and_push(result, status.upstream is not None)
        return result

    def _pull_and_push(
        self,
        result: PublishResult,
        has_upstream: bool,
        resolutions: Mapping[Path, bytes] | None = None,
        expected: str | None = None,
    ) -> None:
        if not self.repo.remotes():
            raise GitError(
                "push", "The repository has no remote to push to. The commit is made; add a remote to publish."
            )
        if has_upstream:
            self._step("pull")
            result.conflicts = self.repo.pull(resolutions, expected)
            if result.conflicts:
                return
        self._step("push")
        self.repo.push(has_upstream)
        result.pushed = True

    def pull(self, resolutions: Mapping[Path, bytes] | None = None) -> list[Path]:
        """Pull only; the files that conflict (the pull undone) when ``resolutions`` does not settle them."""
        status = self.repo.status()
        if status.branch is None:
            raise GitError("pull", "HEAD is detached (no branch is checked out). Check out a branch, then pull.")
        if status.upstream is None:
            raise GitError("pull", f"The branch {status.branch} has no upstream on a remote to pull from.")
        self._step("pull")
        return self.repo.pull(resolutions)

    def resolve_and_push(self, resolutions: Mapping[Path, bytes], expected: str | None = None) -> PublishResult:
        """Pull again with the author's text for each conflicting file, then push. With
        ``expected`` (the upstream commit the author resolved against) and a remote that
        has moved since, nothing changes and the files come back as conflicts, to be
        resolved against what is there now."""
        result = PublishResult()
        status = self.repo.status()
        if status.branch is None:
            raise detached_error()
        self._pull_and_push(result, status.upstream is not None, resolutions, expected)
        return result
