"""The site's git repository, through the ``git`` program the author has set up (its
credential helpers, SSH configuration, hooks and LFS are theirs): each file's state, the
branch and how far it is ahead of or behind its upstream, the steps of publishing exactly
a post and its files, and a post's history. ``core/git_dulwich.py`` does the same without
the program; ``core/repository.py`` chooses.

Git never asks on a terminal here (``GIT_TERMINAL_PROMPT=0``): when it needs credentials
it fails, and the error says what it wanted. Nothing stores or asks for a password.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from editor.core import fileio_write
from editor.core.errors import PostError

UNCHANGED, MODIFIED, NEW, STAGED, CONFLICTED = "unchanged", "modified", "new", "staged", "conflicted"
TIMEOUT_S = 300  # a pull or push over a slow network; status and commit take far less


class GitError(PostError):
    """A git step that failed: ``step`` (status, commit, pull, push...), a sentence for the
    author, and git's own output under ``details``."""

    def __init__(self, step: str, message: str, details: str = "") -> None:
        super().__init__(message)
        self.step, self.details = step, details.strip()


@dataclass
class RepoStatus:
    """What ``git status`` says: the branch (None when HEAD is detached), its upstream and
    how many commits it is ahead and behind, and the state of each changed file (a file of
    the repository not listed is unchanged)."""

    root: Path
    branch: str | None
    upstream: str | None = None
    ahead: int = 0
    behind: int = 0
    files: dict[Path, str] = field(default_factory=dict)
    staged: set[Path] = field(default_factory=set)  # files with changes in the index (some may be unstaged too)

    def state_of(self, path: Path) -> str:
        return self.files.get(path.resolve(), UNCHANGED)

    def summary(self) -> str:
        """``main ↑1 ↓2`` for the status bar."""
        where = self.branch or "detached HEAD"
        counts = (f" ↑{self.ahead}" if self.ahead else "") + (f" ↓{self.behind}" if self.behind else "")
        return where + counts


@dataclass(frozen=True)
class Commit:
    """One commit of a post's history."""

    sha: str
    author: str
    date: str  # ISO 8601
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:8]


class Repository(Protocol):
    """What publishing and the window need of a repository; ``GitRepo`` (the ``git``
    program) and ``DulwichRepo`` (pure Python) both provide it."""

    root: Path

    def status(self) -> RepoStatus: ...
    def remotes(self) -> list[str]: ...
    def relative(self, path: Path) -> str: ...
    def contains(self, path: Path) -> bool: ...
    def has_conflict_markers(self, paths: Iterable[Path]) -> list[Path]: ...
    def pull_mode(self) -> str: ...
    def commit_files(self, files: list[Path], message: str, staged: set[Path]) -> str: ...
    def upstream_id(self) -> str | None: ...
    def pull(self, resolutions: Mapping[Path, bytes] | None = None, expected: str | None = None) -> list[Path]: ...
    def push(self, has_upstream: bool) -> None: ...
    def log(self, path: Path, limit: int = 200) -> list[Commit]: ...
    def diff_of(self, commit: str, path: Path) -> str: ...
    def diff_from_head(self, path: Path) -> str: ...
    def is_tracked(self, path: Path) -> bool: ...
    def restore(self, path: Path) -> None: ...
    def file_at(self, revision: str, path: Path) -> bytes | None: ...
    def versions(self, path: Path) -> tuple[bytes | None, bytes | None, bytes | None]: ...


def has_markers(data: bytes) -> bool:
    """Whether ``data`` holds the lines git writes around a conflict."""
    lines = data.splitlines()
    return any(line.startswith(b"<<<<<<< ") for line in lines) and any(line.startswith(b">>>>>>> ") for line in lines)


def detached_error() -> GitError:
    return GitError("commit", "HEAD is detached (no branch is checked out). Check out a branch, then publish again.")


def git_program() -> str | None:
    return shutil.which("git")


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["GIT_TERMINAL_PROMPT"] = "0"  # fail rather than wait for a password on a terminal nobody sees
    env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")  # the agent's keys, never a prompt
    return env


class WorkTree:
    """What both engines know of a working tree without asking git: its files' paths."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def relative(self, path: Path) -> str:
        return path.resolve().relative_to(self.root).as_posix()

    def contains(self, path: Path) -> bool:
        try:
            path.resolve().relative_to(self.root)
        except ValueError:
            return False
        return True

    def has_conflict_markers(self, paths: Iterable[Path]) -> list[Path]:
        """Those of ``paths`` (text files) that hold the lines git writes at a conflict."""
        marked = []
        for path in paths:
            try:
                data = path.read_bytes()
            except OSError:
                continue
            if b"\0" not in data[:8000] and has_markers(data):  # an image is never marked
                marked.append(path)
        return marked


class GitRepo(WorkTree):
    """One working tree, driven through ``git``."""

    @classmethod
    def find(cls, path: Path) -> GitRepo | None:
        """The repository ``path`` (a file or folder) is in; None when it is in none, or
        when git is not installed."""
        program = git_program()
        if program is None:
            return None
        folder = path if path.is_dir() else path.parent
        try:
            out = subprocess.run(
                [program, "-C", str(folder), "rev-parse", "--show-toplevel"],
                capture_output=True,
                text=True,
                env=_environment(),
                timeout=30,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        if out.returncode != 0 or not out.stdout.strip():
            return None
        return cls(Path(out.stdout.strip()).resolve())

    def run(
        self, *args: str, step: str, check: bool = True, timeout: float = TIMEOUT_S
    ) -> subprocess.CompletedProcess[str]:
        program = git_program()
        if program is None:
            raise GitError(step, "Git is not installed, so the post cannot be published from here.")
        try:
            out = subprocess.run(
                [program, "-C", str(self.root), *args],
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                env=_environment(),
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise GitError(step, f"Git's {step} took longer than {int(timeout)} seconds and was stopped.") from exc
        except OSError as exc:
            raise GitError(step, f"Could not run git: {exc.strerror or exc}.") from exc
        if check and out.returncode != 0:
            raise GitError(step, explain(step, out.stderr + out.stdout), out.stderr + out.stdout)
        return out

    # ----------------------------------------------------------------- reading

    def status(self) -> RepoStatus:
        # no optional locks: a status in the background never holds the index a commit needs
        args = ("--no-optional-locks", "status", "--porcelain=v2", "--branch", "-z", "--untracked-files=all")
        out = self.run(*args, step="status")
        return parse_status(self.root, out.stdout)

    def remotes(self) -> list[str]:
        return self.run("remote", step="status").stdout.split()

    def config(self, key: str) -> str | None:
        out = self.run("config", "--get", key, step="status", check=False)
        return out.stdout.strip() if out.returncode == 0 else None

    def pull_mode(self) -> str:
        """``rebase`` unless the repository's ``pull.rebase`` says merge."""
        value = (self.config("pull.rebase") or "true").lower()
        return "merge" if value in ("false", "0", "no", "off") else "rebase"

    # ----------------------------------------------------------------- publishing

    def commit_files(self, files: list[Path], message: str, staged: set[Path]) -> str:
        """Commit exactly ``files`` (whatever else is staged stays staged, uncommitted);
        on a refusal the files the author had not staged (all but ``staged``) are
        unstaged again. Returns the commit's id."""
        names = [self.relative(f) for f in files]
        self.run("add", "--", *names, step="commit")
        out = self.run("commit", "--only", "-m", message, "--", *names, step="commit", check=False)
        if out.returncode != 0:
            unstaged = [self.relative(f) for f in files if f not in staged]
            if unstaged:
                self.run("reset", "-q", "--", *unstaged, step="commit", check=False)
            output = out.stderr + out.stdout
            hook = self._hook_that_refused()
            if hook:
                said = next((line.strip() for line in output.splitlines() if line.strip()), "")
                raise GitError("commit", f"The repository's {hook} hook refused the commit: {said}", output)
            raise GitError("commit", explain("commit", output), output)
        return self.run("rev-parse", "HEAD", step="commit").stdout.strip()

    def _hook_that_refused(self) -> str | None:
        """The commit hook the repository runs (``pre-commit`` or ``commit-msg``), if any."""
        for name in ("pre-commit", "commit-msg"):
            out = self.run("rev-parse", "--git-path", f"hooks/{name}", step="commit", check=False)
            hook = (self.root / out.stdout.strip()) if out.returncode == 0 else None
            if hook is not None and hook.is_file() and os.access(hook, os.X_OK):
                return name
        return None

    def upstream_id(self) -> str | None:
        """The commit the upstream branch is at, as last fetched."""
        out = self.run("rev-parse", "--verify", "-q", "@{upstream}", step="pull", check=False)
        return out.stdout.strip() or None

    def pull(self, resolutions: Mapping[Path, bytes] | None = None, expected: str | None = None) -> list[Path]:
        """Fetch, then rebase onto the upstream (or merge it, as the repository is set to),
        keeping the author's other changes aside meanwhile (``--autostash``). A file that
        conflicts takes its text from ``resolutions`` and the rebase or merge goes on; when
        one has none, it is undone and the conflicting files are returned (nothing is left
        with markers). With ``expected`` (the upstream the resolutions were made against)
        and an upstream that has moved since, nothing is done and the resolved files are
        returned, to be resolved again."""
        resolutions = resolutions or {}
        rebase = self.pull_mode() == "rebase"
        self.run("fetch", "--quiet", step="pull")
        if expected is not None and self.upstream_id() != expected:
            return sorted(resolutions)
        self._refuse_clash()
        how = (
            ("rebase", "--autostash", "@{upstream}") if rebase else ("merge", "--autostash", "--no-edit", "@{upstream}")
        )
        out = self.run(*how, step="pull", check=False)
        for _stop in range(100):  # a rebase stops at each commit that conflicts
            if not self._pulling(rebase):
                output = out.stderr + out.stdout
                if out.returncode != 0:
                    raise GitError("pull", explain("pull", output), output)
                left = sorted(p for p, state in self.status().files.items() if state == CONFLICTED)
                if left:  # cannot happen after _refuse_clash; said rather than pushed over
                    raise GitError(
                        "pull",
                        f"Your uncommitted changes to {', '.join(self.relative(p) for p in left)} clashed with the "
                        "pull; they are kept in git's stash (git stash list). Resolve them before publishing.",
                        output,
                    )
                return []
            conflicts = sorted(p for p, state in self.status().files.items() if state == CONFLICTED)
            if not conflicts or any(p not in resolutions or has_markers(resolutions[p]) for p in conflicts):
                self.run("rebase" if rebase else "merge", "--abort", step="pull", check=False)
                if not conflicts:
                    raise GitError("pull", explain("pull", out.stderr + out.stdout), out.stderr + out.stdout)
                return conflicts
            for path in conflicts:
                fileio_write.atomic_write(path, resolutions[path], force=True)
            self.run("add", "--", *(self.relative(p) for p in conflicts), step="pull")
            if rebase:
                out = self.run("-c", "core.editor=true", "rebase", "--continue", step="pull", check=False)
                if out.returncode != 0 and not self.status().files:  # the commit became empty
                    out = self.run("rebase", "--skip", step="pull", check=False)
            else:
                out = self.run("commit", "--no-edit", step="pull", check=False)
        raise GitError("pull", "The pull stopped at too many conflicts; it is left for git on the command line.")

    def _refuse_clash(self) -> None:
        """Stop before a pull that changes files the author has uncommitted changes to: set
        aside and put back, they would come back with conflict markers."""
        out = self.run("diff", "--name-only", "-z", "HEAD...@{upstream}", step="pull", check=False)
        incoming = {(self.root / name).resolve() for name in out.stdout.split("\0") if name}
        clash = sorted(p for p, state in self.status().files.items() if p in incoming and state != NEW)
        if clash:
            names = ", ".join(self.relative(p) for p in clash)
            raise GitError(
                "pull",
                f"The remote changed {names}, which you have uncommitted changes to. Publish, commit or discard "
                "them first, then pull again.",
            )

    def _pulling(self, rebase: bool) -> bool:
        """Whether a rebase or merge is under way (stopped at a conflict)."""
        names = ("rebase-merge", "rebase-apply") if rebase else ("MERGE_HEAD",)
        for name in names:
            out = self.run("rev-parse", "--git-path", name, step="pull", check=False)
            if out.returncode == 0 and (self.root / out.stdout.strip()).exists():
                return True
        return False

    def push(self, has_upstream: bool) -> None:
        if has_upstream:
            self.run("push", step="push")
            return
        remotes = self.remotes()
        remote = "origin" if "origin" in remotes else remotes[0]
        self.run("push", "--set-upstream", remote, "HEAD", step="push")

    # ----------------------------------------------------------------- a post's history

    def log(self, path: Path, limit: int = 200) -> list[Commit]:
        """The commits that changed ``path``, newest first (following renames)."""
        out = self.run(
            "log",
            f"-n{limit}",
            "--follow",
            "--format=%H%x1f%an%x1f%aI%x1f%s%x1e",
            "--",
            self.relative(path),
            step="history",
            check=False,
        )
        commits = []
        for record in out.stdout.split("\x1e"):
            fields = record.strip("\n").split("\x1f")
            if len(fields) == 4:
                commits.append(Commit(*fields))
        return commits

    def diff_of(self, commit: str, path: Path) -> str:
        """What ``commit`` changed in ``path``, as a unified diff."""
        out = self.run("show", "--format=", "--follow", commit, "--", self.relative(path), step="history", check=False)
        if not out.stdout.strip():  # --follow finds nothing across some renames: the whole commit then
            out = self.run("show", "--format=", commit, step="history")
        return out.stdout

    def diff_from_head(self, path: Path) -> str:
        """The author's changes to ``path`` since the last commit (staged or not)."""
        return self.run("diff", "HEAD", "--", self.relative(path), step="discard", check=False).stdout

    def is_tracked(self, path: Path) -> bool:
        return (
            self.run("ls-files", "--error-unmatch", "--", self.relative(path), step="discard", check=False).returncode
            == 0
        )

    def restore(self, path: Path) -> None:
        """Put ``path`` back as the last commit has it, in the index and the folder."""
        self.run("checkout", "HEAD", "--", self.relative(path), step="discard")

    def file_at(self, revision: str, path: Path) -> bytes | None:
        """``path`` as ``revision`` has it; None when it has no such file."""
        program = git_program()
        if program is None:
            return None
        out = subprocess.run(
            [program, "-C", str(self.root), "show", f"{revision}:{self.relative(path)}"],
            capture_output=True,
            env=_environment(),
            timeout=60,
            check=False,
        )
        return out.stdout if out.returncode == 0 else None

    def versions(self, path: Path) -> tuple[bytes | None, bytes | None, bytes | None]:
        """``path`` at the common ancestor, here (HEAD) and on the upstream: the three
        sides of a conflict."""
        upstream = "@{upstream}"
        base = self.run("merge-base", "HEAD", upstream, step="pull", check=False).stdout.strip()
        return (self.file_at(base, path) if base else None, self.file_at("HEAD", path), self.file_at(upstream, path))


def parse_status(root: Path, text: str) -> RepoStatus:
    """``git status --porcelain=v2 --branch -z`` as a ``RepoStatus``."""
    status = RepoStatus(root=root, branch=None)
    counted = False  # git counts ahead/behind only when the upstream's branch exists
    entries = text.split("\0")
    index = 0
    while index < len(entries):
        entry = entries[index]
        index += 1
        if not entry:
            continue
        if entry.startswith("# branch.head "):
            head = entry[len("# branch.head ") :]
            status.branch = None if head == "(detached)" else head
        elif entry.startswith("# branch.upstream "):
            status.upstream = entry[len("# branch.upstream ") :]
        elif entry.startswith("# branch.ab "):
            counted = True
            ahead, behind = entry[len("# branch.ab ") :].split()
            status.ahead, status.behind = int(ahead), -int(behind)
        elif entry[0] in "12":
            parts = entry.split(" ", 8 if entry[0] == "1" else 9)
            xy, path = parts[1], parts[-1]
            if entry[0] == "2":
                index += 1  # the rename's original path follows
            status.files[(root / path).resolve()] = _state(xy)
            if xy[0] != ".":
                status.staged.add((root / path).resolve())
        elif entry[0] == "u":
            status.files[(root / entry.split(" ", 10)[-1]).resolve()] = CONFLICTED
        elif entry[0] == "?":
            status.files[(root / entry[2:]).resolve()] = NEW
    if not counted:
        status.upstream = None  # set, but not on the remote yet (a clone of an empty repository)
    return status


_RANK = {NEW: 1, STAGED: 1, MODIFIED: 2, CONFLICTED: 3}


def parse_status_entries(status: RepoStatus, entries: Iterable[tuple[bytes | str, str]]) -> None:
    """Put each (path relative to the root, state) into ``status``; a file staged and
    changed again is modified, and a conflict outranks both."""
    for name, state in entries:
        path = (status.root / os.fsdecode(name)).resolve()
        if state == STAGED:
            status.staged.add(path)
        if _RANK[state] >= _RANK.get(status.files.get(path, ""), 0):
            status.files[path] = state


def _state(xy: str) -> str:
    staged, worktree = xy[0], xy[1]
    if worktree != ".":
        return MODIFIED  # changes not staged (some may be)
    return STAGED if staged != "." else UNCHANGED


def explain(step: str, output: str) -> str:
    """A sentence for the author about git's ``output`` from a failed ``step``."""
    low = output.lower()
    if "could not read username" in low or "terminal prompts disabled" in low or "authentication failed" in low:
        return (
            f"The {step} needs your credentials for the remote, and git could not get them without asking. "
            "Set up a credential helper or an SSH key for this remote (as you would for git on the command line)."
        )
    if "permission denied (publickey" in low or "host key verification failed" in low:
        return (
            f"The {step} could not log in to the remote over SSH: load your key into the SSH agent, or check the host."
        )
    if "could not resolve host" in low or "unable to access" in low or "connection refused" in low:
        return f"The {step} could not reach the remote. Check the network connection and the remote's address."
    if "non-fast-forward" in low or "fetch first" in low or "rejected" in low:
        return "The remote has commits this copy does not. Pull first, then publish again."
    if "would be overwritten" in low:
        names = [line.strip() for line in output.splitlines() if line.startswith("\t")]
        return (
            f"The {step} would write over files you have here{': ' + ', '.join(names) if names else ''}. "
            f"Move, commit or discard them, then {step} again."
        )
    if "please tell me who you are" in low or "user.email" in low:
        return "Git does not know your name and e-mail yet: set user.name and user.email in your git configuration."
    first = next((line.strip() for line in output.splitlines() if line.strip()), "")
    return f"Git's {step} failed: {first}" if first else f"Git's {step} failed."
