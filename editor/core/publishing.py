"""Publish with git: check posts, commit exactly them and the files they use, pull, push.

Only the posts' own files go into the commit (``git commit --only``), so whatever else
the author has changed or staged stays as it was. A pull that conflicts is undone (the
publish commit stays, nothing is pushed), so no file is left with conflict markers, and a
file that holds them is never committed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from editor.core.checks import CheckSettings, Problem, check_post, is_ready
from editor.core.cover_step import slug_for
from editor.core.export_assets import assets_of
from editor.core.git import GitError, GitRepo, RepoStatus
from editor.core.post import Post
from editor.core.site import Site

STEPS = ("check", "commit", "pull", "push")


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


def files_of(post: Post, site: Site | None, repo: GitRepo) -> list[Path]:
    """The post's file and the files of the repository it uses (cover, images)."""
    assert post.path is not None
    files = [post.path.resolve()]
    for asset in assets_of(post, site):
        resolved = asset.resolve()
        if repo.contains(resolved) and resolved not in files and resolved.is_file():
            files.append(resolved)
    return files


class Publisher:
    """Runs the steps for some posts of one repository; ``progress(step)`` before each."""

    def __init__(self, repo: GitRepo, site: Site | None, progress: Callable[[str], None] | None = None) -> None:
        self.repo, self.site = repo, site
        self._progress = progress or (lambda _step: None)

    def publish(
        self,
        posts: list[Post],
        message: str | None = None,
        push: bool = True,
        settings: CheckSettings | None = None,
    ) -> PublishResult:
        result = PublishResult()
        self._progress("check")
        for post in posts:
            problems = check_post(post, self.site, settings=settings)
            if not is_ready(problems):
                assert post.path is not None
                result.not_ready[post.path] = problems
        if result.not_ready:
            return result
        status = self.repo.status()
        if status.branch is None:
            raise GitError(
                "commit", "HEAD is detached (no branch is checked out). Check out a branch, then publish again."
            )
        files = [f for post in posts for f in files_of(post, self.site, self.repo)]
        marked = self.repo.has_conflict_markers(files)
        if marked:
            result.conflicts = marked
            return result
        self._progress("commit")
        template = self.site.config.publish_message if self.site is not None else "Publish: {title}"
        result.commit = self._commit(files, message or commit_message(template, posts), status)
        result.files = files
        if not push:
            return result
        remotes = self.repo.remotes()
        if not remotes:
            raise GitError(
                "push", "The repository has no remote to push to. The commit is made; add a remote to publish."
            )
        if status.upstream is not None:
            self._progress("pull")
            result.conflicts = self._pull()
            if result.conflicts:
                return result
        self._progress("push")
        if status.upstream is not None:
            self.repo.run("push", step="push")
        else:
            remote = "origin" if "origin" in remotes else remotes[0]
            self.repo.run("push", "--set-upstream", remote, "HEAD", step="push")
        result.pushed = True
        return result

    def _commit(self, files: list[Path], message: str, status: RepoStatus) -> str | None:
        changed = [f for f in files if status.state_of(f) != "unchanged"]
        if not changed:
            return None  # nothing new: what is committed is what is published
        names = [self.repo.relative(f) for f in changed]
        self.repo.run("add", "--", *names, step="commit")
        out = self.repo.run("commit", "--only", "-m", message, "--", *names, step="commit", check=False)
        if out.returncode != 0:
            # leave the index as it was for files the author had not staged
            unstaged = [self.repo.relative(f) for f in changed if status.state_of(f) != "staged"]
            if unstaged:
                self.repo.run("reset", "-q", "--", *unstaged, step="commit", check=False)
            output = out.stderr + out.stdout
            hook = self._hook_that_refused()
            if hook:
                said = next((line.strip() for line in output.splitlines() if line.strip()), "")
                raise GitError("commit", f"The repository's {hook} hook refused the commit: {said}", output)
            from editor.core.git import explain

            raise GitError("commit", explain("commit", output), output)
        return self.repo.run("rev-parse", "HEAD", step="commit").stdout.strip()

    def _hook_that_refused(self) -> str | None:
        """The commit hook the repository runs (``pre-commit`` or ``commit-msg``), if any."""
        for name in ("pre-commit", "commit-msg"):
            out = self.repo.run("rev-parse", "--git-path", f"hooks/{name}", step="commit", check=False)
            hook = (self.repo.root / out.stdout.strip()) if out.returncode == 0 else None
            if hook is not None and hook.is_file() and os.access(hook, os.X_OK):
                return name
        return None

    def _pull(self) -> list[Path]:
        """Pull as the repository is set to (rebase unless it says merge), keeping the
        author's other changes aside meanwhile; on a conflict, undo the pull and return
        the conflicting files."""
        rebase = (self.repo.config("pull.rebase") or "true").lower() not in ("false", "0", "no", "off")
        mode = "--rebase" if rebase else "--no-rebase"
        out = self.repo.run("pull", mode, "--autostash", "--no-edit", step="pull", check=False)
        if out.returncode == 0:
            return []
        conflicts = [p for p, state in self.repo.status().files.items() if state == "conflicted"]
        if not conflicts:
            from editor.core.git import explain

            raise GitError("pull", explain("pull", out.stderr + out.stdout), out.stderr + out.stdout)
        self.repo.run("rebase" if rebase else "merge", "--abort", step="pull", check=False)
        return conflicts
