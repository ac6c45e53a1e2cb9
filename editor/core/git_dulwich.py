"""The site's git repository without the ``git`` program, through dulwich (pure Python):
the same states, commits, pulls and pushes as ``core/git.py`` does with the program, for
an author who has no git installed. Pull is done here, on trees: a fast-forward, or the
author's commits replayed onto the remote's (rebase) or joined with them (merge), files
changed on both sides being conflicts unless the author's resolution settles them.
"""

# dulwich types object ids and refs as NewTypes of bytes; the bytes passed here are those ids.
# mypy: disable-error-code="arg-type, index, list-item, assignment, operator"

from __future__ import annotations

import difflib
import io
import os
import stat
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dulwich import porcelain
from dulwich.diff_tree import tree_changes
from dulwich.errors import CommitError, NotGitRepository
from dulwich.graph import find_merge_base
from dulwich.index import ConflictedIndexEntry, index_entry_from_stat, update_working_tree
from dulwich.object_store import commit_tree_changes, tree_lookup_path
from dulwich.objects import Blob
from dulwich.objects import Commit as GitCommit
from dulwich.repo import Repo

from editor.core import fileio_write
from editor.core.git import (
    CONFLICTED,
    Commit,
    GitError,
    RepoStatus,
    WorkTree,
    detached_error,
    explain,
    has_markers,
    parse_status_entries,
)

FILE_MODE = 0o100644
Changes = dict[bytes, tuple[int, bytes] | None]  # path → (mode, blob) or None when deleted


class DulwichRepo(WorkTree):
    """One working tree, driven through dulwich."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self._repo = Repo(str(root))

    @classmethod
    def find(cls, path: Path) -> DulwichRepo | None:
        try:
            found = Repo.discover(str(path if path.is_dir() else path.parent))
        except (NotGitRepository, OSError):
            return None
        return cls(Path(found.path).resolve())

    # ----------------------------------------------------------------- reading

    def _branch(self) -> bytes | None:
        kind, target = self._repo.refs.follow(b"HEAD")
        ref = kind[-1] if kind else b""
        return ref[len(b"refs/heads/") :] if ref.startswith(b"refs/heads/") and len(kind) > 1 else None

    def _upstream(self, branch: bytes) -> tuple[str, bytes, bytes] | None:
        """The remote's name, its tracking ref of ``branch`` and the remote's own ref."""
        config = self._repo.get_config()
        try:
            remote = config.get((b"branch", branch), b"remote")
            merge = config.get((b"branch", branch), b"merge")
        except KeyError:
            return None
        name = merge[len(b"refs/heads/") :] if merge.startswith(b"refs/heads/") else merge
        return remote.decode(), b"refs/remotes/" + remote + b"/" + name, merge

    def status(self) -> RepoStatus:
        try:
            found = porcelain.status(self._repo, untracked_files="all", optional_locks=False)
        except (OSError, ValueError) as exc:
            raise GitError("status", f"Could not read the repository's state: {exc}.") from exc
        branch = self._branch()
        status = RepoStatus(root=self.root, branch=branch.decode() if branch else None)
        upstream = self._upstream(branch) if branch else None
        if upstream is not None and upstream[1] in self._repo.refs:
            status.upstream = upstream[1][len(b"refs/remotes/") :].decode()
            ours, theirs = self._repo.refs[b"refs/heads/" + branch], self._repo.refs[upstream[1]]
            status.ahead = sum(1 for _ in self._repo.get_walker(include=[ours], exclude=[theirs]))
            status.behind = sum(1 for _ in self._repo.get_walker(include=[theirs], exclude=[ours]))
        staged = {p for kind in ("add", "delete", "modify") for p in found.staged[kind]}
        unstaged = set(found.unstaged)
        conflicted = {p for p, entry in self._repo.open_index().items() if isinstance(entry, ConflictedIndexEntry)}
        entries = [(p, "staged") for p in staged] + [(p, "modified") for p in unstaged]
        entries += [(p, "new") for p in found.untracked] + [(p, CONFLICTED) for p in conflicted]
        parse_status_entries(status, entries)
        return status

    def remotes(self) -> list[str]:
        return [section[1].decode() for section in self._repo.get_config().sections() if section[0] == b"remote"]

    def pull_mode(self) -> str:
        try:
            value = self._repo.get_config_stack().get((b"pull",), b"rebase").decode().lower()
        except KeyError:
            value = "true"
        return "merge" if value in ("false", "0", "no", "off") else "rebase"

    # ----------------------------------------------------------------- publishing

    def _tree_of(self, commit: bytes | None) -> bytes | None:
        return self._repo[commit].tree if commit is not None else None  # type: ignore[attr-defined]

    def _head(self) -> bytes | None:
        try:
            return self._repo.head()
        except KeyError:
            return None  # no commit yet

    def commit_files(self, files: list[Path], message: str, staged: set[Path]) -> str:
        """Commit exactly ``files`` as they are in the folder; the rest of the index stays."""
        store = self._repo.object_store
        changes: list[tuple[bytes, int | None, bytes | None]] = []
        stats: list[os.stat_result | None] = []
        for path in files:
            name = self.relative(path).encode()
            if path.is_file():
                stats.append(os.stat(path))  # before reading: a later change (a hook's) then shows
                blob = Blob.from_string(path.read_bytes())
                store.add_object(blob)
                mode = 0o100755 if os.access(path, os.X_OK) else FILE_MODE
                changes.append((name, mode, blob.id))
            else:
                stats.append(None)
                changes.append((name, None, None))
        head = self._head()
        tree = commit_tree_changes(store, self._tree_of(head) or self._empty_tree(), changes)
        try:
            zone = _local_offset()
            sha = self._repo.get_worktree().commit(
                message=message.encode(), tree=tree, commit_timezone=zone, author_timezone=zone
            )
        except CommitError as exc:
            said = str(exc).strip()
            raise GitError("commit", f"The repository's pre-commit hook refused the commit: {said}", said) from exc
        except (KeyError, ValueError) as exc:
            raise GitError("commit", explain("commit", str(exc)), str(exc)) from exc
        index = self._repo.open_index()  # after the hooks, which may have staged files
        for (name, mode, blob_id), st in zip(changes, stats, strict=True):
            if blob_id is None or st is None:
                if name in index:
                    del index[name]
                continue
            index[name] = index_entry_from_stat(st, blob_id, mode)
        index.write()
        return sha.decode()

    def _empty_tree(self) -> bytes:
        from dulwich.objects import Tree

        tree = Tree()
        self._repo.object_store.add_object(tree)
        return tree.id

    def _changes(self, old_tree: bytes | None, new_tree: bytes | None) -> Changes:
        found: Changes = {}
        for change in tree_changes(self._repo.object_store, old_tree, new_tree):
            if change.new is not None and change.new.path is not None:
                found[change.new.path] = (change.new.mode or FILE_MODE, change.new.sha)
            if (
                change.old is not None
                and change.old.path is not None
                and (change.new is None or change.new.path != change.old.path)
            ):
                found.setdefault(change.old.path, None)
        return found

    def upstream_id(self) -> str | None:
        commit = self._revision("@{upstream}")
        return commit.decode() if commit else None

    def pull(self, resolutions: Mapping[Path, bytes] | None = None, expected: str | None = None) -> list[Path]:
        branch = self._branch()
        if branch is None:
            raise detached_error()
        upstream = self._upstream(branch)
        if upstream is None:
            raise GitError("pull", f"The branch {branch.decode()} has no upstream on a remote to pull from.")
        self._fetch(upstream[0])
        ours, theirs = self._repo.refs[b"refs/heads/" + branch], self._repo.refs[upstream[1]]
        if expected is not None and theirs.decode() != expected:
            return sorted(resolutions or {})  # the remote moved while the author resolved
        base = (find_merge_base(self._repo, [ours, theirs]) or [None])[0]
        if base is None:
            raise GitError("pull", "This copy and the remote share no history; join them with git on the command line.")
        if base == theirs:
            return []  # nothing new on the remote
        if base == ours:
            new_head = theirs
        else:
            by_path = {self.relative(p).encode(): data for p, data in (resolutions or {}).items()}
            both = self._both_changed(base, ours, theirs)
            unresolved = [n for n in both if n not in by_path or has_markers(by_path[n])]
            if unresolved:
                return sorted((self.root / n.decode()).resolve() for n in unresolved)
            resolved = {n: self._blob(by_path[n]) for n in both}
            if self.pull_mode() == "rebase":
                new_head = self._replay(base, ours, theirs, resolved)
            else:
                new_head = self._merge(base, ours, theirs, resolved, upstream[1])
        self._check_out(ours, new_head)
        self._repo.refs[b"refs/heads/" + branch] = new_head
        return []

    def _fetch(self, remote: str) -> None:
        errors = io.BytesIO()
        try:
            porcelain.fetch(self._repo, remote, outstream=io.StringIO(), errstream=errors, quiet=True)
        except Exception as exc:  # noqa: BLE001 - dulwich's transports raise many kinds; all are a failed pull
            said = f"{exc}\n{errors.getvalue().decode(errors='replace')}"
            raise GitError("pull", explain("pull", said), said) from exc

    def _both_changed(self, base: bytes, ours: bytes, theirs: bytes) -> list[bytes]:
        """The files the remote changed since ``base`` that any commit of ours touched
        (replayed whole, so even a change undone later counts), unless both end alike."""
        base_tree = self._tree_of(base)
        mine, others = self._changes(base_tree, self._tree_of(ours)), self._changes(base_tree, self._tree_of(theirs))
        touched = set(mine)
        for entry in self._repo.get_walker(include=[ours], exclude=[base]):
            parent = self._tree_of(entry.commit.parents[0]) if entry.commit.parents else None
            touched |= set(self._changes(parent, entry.commit.tree))
        final = self._changes(self._tree_of(ours), self._tree_of(theirs))  # where the two ends differ
        return sorted(n for n in touched & others.keys() if n in final)

    def _blob(self, data: bytes) -> bytes:
        blob = Blob.from_string(data)
        self._repo.object_store.add_object(blob)
        return blob.id

    def _new_commit(self, tree: bytes, parents: list[bytes], message: bytes, like: GitCommit | None = None) -> bytes:
        config = self._repo.get_config_stack()
        try:
            who = config.get((b"user",), b"name") + b" <" + config.get((b"user",), b"email") + b">"
        except KeyError as exc:
            raise GitError("pull", explain("commit", "please tell me who you are")) from exc
        commit = GitCommit()
        commit.tree, commit.parents, commit.message = tree, parents, message
        commit.committer, commit.commit_time = who, int(time.time())
        commit.commit_timezone = _local_offset()
        commit.author = like.author if like else who
        commit.author_time = like.author_time if like else commit.commit_time
        commit.author_timezone = like.author_timezone if like else commit.commit_timezone
        self._repo.object_store.add_object(commit)
        return commit.id

    def _replay(self, base: bytes, ours: bytes, theirs: bytes, resolved: dict[bytes, bytes]) -> bytes:
        """The author's commits since ``base``, oldest first, made again on ``theirs``."""
        mine = [entry.commit for entry in self._repo.get_walker(include=[ours], exclude=[base], reverse=True)]
        tip, tree = theirs, self._tree_of(theirs)
        assert tree is not None
        for commit in mine:
            changes = self._changes(self._tree_of(commit.parents[0]) if commit.parents else None, commit.tree)
            new_tree = commit_tree_changes(self._repo.object_store, tree, _edits(changes, resolved))
            if new_tree == tree:
                continue  # the remote has this change already
            tip, tree = self._new_commit(new_tree, [tip], commit.message, like=commit), new_tree
        return tip

    def _merge(self, base: bytes, ours: bytes, theirs: bytes, resolved: dict[bytes, bytes], ref: bytes) -> bytes:
        changes = self._changes(self._tree_of(base), self._tree_of(ours))
        theirs_tree = self._tree_of(theirs)
        assert theirs_tree is not None
        edits = _edits(changes, resolved) + [(n, FILE_MODE, b) for n, b in resolved.items() if n not in changes]
        tree = commit_tree_changes(self._repo.object_store, theirs_tree, edits)
        message = b"Merge " + ref[len(b"refs/remotes/") :] + b"\n"
        return self._new_commit(tree, [ours, theirs], message)

    def _check_out(self, old: bytes, new: bytes) -> None:
        """Bring the folder and the index from commit ``old`` to ``new``; a file the author
        changed and the pull changes too stops it before anything is touched."""
        old_tree, new_tree = self._tree_of(old), self._tree_of(new)
        found = porcelain.status(self._repo, untracked_files="no", optional_locks=False)
        touched = {p for kind in ("add", "delete", "modify") for p in found.staged[kind]} | set(found.unstaged)
        incoming = self._changes(old_tree, new_tree)
        added = {n for n in incoming if self._blob_at(old_tree, n) is None}
        untracked = {n for n in added if (self.root / n.decode()).exists()}  # the author's, not in git
        clash = sorted(n.decode() for n in incoming if n in touched or n in untracked)
        if clash:
            raise GitError(
                "pull",
                f"Your uncommitted changes to {', '.join(clash)} would be overwritten by the pull. "
                "Commit or discard them, then pull again.",
            )
        update_working_tree(
            self._repo, old_tree, new_tree, change_iterator=tree_changes(self._repo.object_store, old_tree, new_tree)
        )

    def push(self, has_upstream: bool) -> None:
        branch = self._branch()
        if branch is None:
            raise detached_error()
        upstream = self._upstream(branch)
        remotes = self.remotes()
        remote = upstream[0] if upstream else ("origin" if "origin" in remotes else remotes[0])
        errors = io.BytesIO()
        ref = b"refs/heads/" + branch
        target = upstream[2] if upstream else ref
        try:
            porcelain.push(
                self._repo,
                remote,
                [ref + b":" + target],
                outstream=io.BytesIO(),
                errstream=errors,
                set_upstream=not has_upstream,
            )
        except Exception as exc:  # noqa: BLE001 - every transport's failure is a failed push
            said = f"{exc}\n{errors.getvalue().decode(errors='replace')}"
            raise GitError("push", explain("push", said), said) from exc
        if not has_upstream:
            config = self._repo.get_config()
            config.set((b"branch", branch), b"remote", remote.encode())
            config.set((b"branch", branch), b"merge", ref)
            config.write_to_path()

    # ----------------------------------------------------------------- a post's history

    def log(self, path: Path, limit: int = 200) -> list[Commit]:
        head = self._head()
        if head is None:
            return []
        name = self.relative(path).encode()
        walker = self._repo.get_walker(include=[head], paths=[name], max_entries=limit, follow=True)
        return [
            Commit(
                e.commit.id.decode(),
                e.commit.author.decode(errors="replace").split(" <")[0],
                time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(e.commit.author_time)),
                e.commit.message.decode(errors="replace").splitlines()[0] if e.commit.message else "",
            )
            for e in walker
        ]

    def _blob_at(self, tree: bytes | None, name: bytes) -> bytes | None:
        if tree is None:
            return None
        try:
            _mode, sha = tree_lookup_path(self._repo.object_store.__getitem__, tree, name)
        except KeyError:
            return None
        obj: Any = self._repo[sha]
        return obj.data if isinstance(obj, Blob) else None

    def diff_of(self, commit: str, path: Path) -> str:
        entry: Any = self._repo[commit.encode()]
        before_tree = self._tree_of(entry.parents[0]) if entry.parents else None
        name = self.relative(path).encode()
        return _unified(name, self._blob_at(before_tree, name), self._blob_at(entry.tree, name))

    def diff_from_head(self, path: Path) -> str:
        name = self.relative(path).encode()
        now = path.read_bytes() if path.is_file() else None
        return _unified(name, self._blob_at(self._tree_of(self._head()), name), now)

    def is_tracked(self, path: Path) -> bool:
        return self.relative(path).encode() in self._repo.open_index()

    def restore(self, path: Path) -> None:
        name = self.relative(path).encode()
        data = self._blob_at(self._tree_of(self._head()), name)
        if data is None:
            raise GitError("discard", f"{name.decode()} is not in the last commit, so there is nothing to go back to.")
        fileio_write.atomic_write(path, data, force=True)
        index = self._repo.open_index()
        index[name] = index_entry_from_stat(os.stat(path), self._blob(data), stat.S_IFREG | 0o644)
        index.write()

    def _revision(self, revision: str) -> bytes | None:
        if revision == "HEAD":
            return self._head()
        if revision == "@{upstream}":
            branch = self._branch()
            upstream = self._upstream(branch) if branch else None
            return self._repo.refs[upstream[1]] if upstream and upstream[1] in self._repo.refs else None
        return revision.encode()

    def file_at(self, revision: str, path: Path) -> bytes | None:
        commit = self._revision(revision)
        return self._blob_at(self._tree_of(commit), self.relative(path).encode()) if commit else None

    def versions(self, path: Path) -> tuple[bytes | None, bytes | None, bytes | None]:
        ours, theirs = self._revision("HEAD"), self._revision("@{upstream}")
        base = (find_merge_base(self._repo, [ours, theirs]) or [None])[0] if ours and theirs else None
        name = self.relative(path).encode()
        return tuple(self._blob_at(self._tree_of(c), name) for c in (base, ours, theirs))  # type: ignore[return-value]


def _local_offset() -> int:
    """This machine's offset from UTC now, in seconds (as git records it)."""
    return time.localtime().tm_gmtoff


def _edits(changes: Changes, resolved: dict[bytes, bytes]) -> list[tuple[bytes, int | None, bytes | None]]:
    """``changes`` as dulwich's tree edits, the author's resolution taking a file's place."""
    edits: list[tuple[bytes, int | None, bytes | None]] = []
    for name, change in changes.items():
        if name in resolved:
            edits.append((name, FILE_MODE, resolved[name]))
        elif change is None:
            edits.append((name, None, None))
        else:
            edits.append((name, *change))
    return edits


def _unified(name: bytes, before: bytes | None, after: bytes | None) -> str:
    old = (before or b"").decode("utf-8", errors="replace").splitlines(keepends=True)
    new = (after or b"").decode("utf-8", errors="replace").splitlines(keepends=True)
    label = name.decode(errors="replace")
    return "".join(difflib.unified_diff(old, new, f"a/{label}", f"b/{label}"))
