"""Which engine drives the site's repository: the ``git`` program when it is installed
(the author's credential helpers, SSH configuration, hooks and LFS come with it), else
dulwich, in pure Python. ``POST_EDITOR_GIT=git`` or ``=dulwich`` chooses by hand."""

from __future__ import annotations

import os
from pathlib import Path

from editor.core.git import GitRepo, Repository, git_program
from editor.core.git_dulwich import DulwichRepo

ENGINES = ("git", "dulwich")


def engine_name() -> str:
    chosen = os.environ.get("POST_EDITOR_GIT", "").strip().lower()
    if chosen in ENGINES:
        return chosen
    return "git" if git_program() is not None else "dulwich"


def find_repo(path: Path) -> Repository | None:
    """The repository ``path`` (a file or folder) is in, or None."""
    if engine_name() == "git" and git_program() is not None:
        return GitRepo.find(path)
    return DulwichRepo.find(path)
