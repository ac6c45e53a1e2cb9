"""The site's git repository, through the ``git`` program the author has set up (its
credential helpers, SSH configuration, hooks and LFS are theirs): each file's state, the
branch and how far it is ahead of or behind its upstream, and the steps of publishing
exactly a post and its files.

Git never asks on a terminal here (``GIT_TERMINAL_PROMPT=0``): when it needs credentials
it fails, and the error says what it wanted. Nothing stores or asks for a password.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

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

    def state_of(self, path: Path) -> str:
        return self.files.get(path.resolve(), UNCHANGED)

    def summary(self) -> str:
        """``main ↑1 ↓2`` for the status bar."""
        where = self.branch or "detached HEAD"
        counts = (f" ↑{self.ahead}" if self.ahead else "") + (f" ↓{self.behind}" if self.behind else "")
        return where + counts


def git_program() -> str | None:
    return shutil.which("git")


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["GIT_TERMINAL_PROMPT"] = "0"  # fail rather than wait for a password on a terminal nobody sees
    env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")  # the agent's keys, never a prompt
    return env


class GitRepo:
    """One working tree, driven through ``git``."""

    def __init__(self, root: Path) -> None:
        self.root = root

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
        out = self.run("status", "--porcelain=v2", "--branch", "-z", "--untracked-files=all", step="status")
        return parse_status(self.root, out.stdout)

    def remotes(self) -> list[str]:
        return self.run("remote", step="status").stdout.split()

    def config(self, key: str) -> str | None:
        out = self.run("config", "--get", key, step="status", check=False)
        return out.stdout.strip() if out.returncode == 0 else None

    def relative(self, path: Path) -> str:
        return path.resolve().relative_to(self.root).as_posix()

    def contains(self, path: Path) -> bool:
        try:
            path.resolve().relative_to(self.root)
        except ValueError:
            return False
        return True

    def has_conflict_markers(self, paths: Iterable[Path]) -> list[Path]:
        """Those of ``paths`` (text files) that hold a line git writes at a conflict."""
        marked = []
        for path in paths:
            try:
                data = path.read_bytes()
            except OSError:
                continue
            if b"\0" in data[:8000]:
                continue  # an image
            lines = data.splitlines()
            if any(line.startswith(b"<<<<<<< ") for line in lines) and any(
                line.startswith(b">>>>>>> ") for line in lines
            ):
                marked.append(path)
        return marked


def parse_status(root: Path, text: str) -> RepoStatus:
    """``git status --porcelain=v2 --branch -z`` as a ``RepoStatus``."""
    status = RepoStatus(root=root, branch=None)
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
            ahead, behind = entry[len("# branch.ab ") :].split()
            status.ahead, status.behind = int(ahead), -int(behind)
        elif entry[0] in "12":
            parts = entry.split(" ", 8 if entry[0] == "1" else 9)
            xy, path = parts[1], parts[-1]
            if entry[0] == "2":
                index += 1  # the rename's original path follows
            status.files[(root / path).resolve()] = _state(xy)
        elif entry[0] == "u":
            status.files[(root / entry.split(" ", 10)[-1]).resolve()] = CONFLICTED
        elif entry[0] == "?":
            status.files[(root / entry[2:]).resolve()] = NEW
    return status


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
    if "please tell me who you are" in low or "user.email" in low:
        return "Git does not know your name and e-mail yet: set user.name and user.email in your git configuration."
    first = next((line.strip() for line in output.splitlines() if line.strip()), "")
    return f"Git's {step} failed: {first}" if first else f"Git's {step} failed."
