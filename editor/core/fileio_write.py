"""Writing files without losing them.

``atomic_write`` never leaves a half-written file: the old file stays intact until
the new one is complete on disk, and the file keeps its permissions, owner, group
and extended attributes. A file with several hard links is rewritten in place
(with a backup copy to roll back from), since a rename would split the links.
A read-only file is refused. Temp files a killed save left behind are cleaned up."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from editor.core.errors import WriteError
from editor.core.fileio import describe_mode

STALE_TEMP_SECONDS = 300  # a temp file without a writer pid in its name is stale after this


class ReadOnlyError(WriteError):
    """The file is read-only, so it was not written (``atomic_write(..., force=True)`` overrides)."""


@dataclass(frozen=True)
class WriteResult:
    """What ``atomic_write`` did."""

    path: Path  # the file written (a symlink resolved to its target)
    in_place: bool = False  # rewritten in place (hard links) rather than replaced atomically
    warnings: tuple[str, ...] = ()  # for the author: metadata that could not be kept, in-place writes


def is_read_only(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is read-only: no write permission for us, no write bit for
    its owner when we own it, or no write bit at all (which even root respects:
    a rename over the file would replace it silently). False when it does not exist."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    return _read_only(path, st)


def _read_only(path: str | os.PathLike[str], st: os.stat_result) -> bool:
    mode = st.st_mode
    if not mode & 0o222:
        return True
    if hasattr(os, "geteuid") and st.st_uid == os.geteuid() and not mode & stat.S_IWUSR:
        return True
    return not os.access(path, os.W_OK)


def atomic_write(path: str | os.PathLike[str], data: bytes, *, force: bool = False) -> WriteResult:
    """Write ``data`` to ``path`` so that readers see either the old or the new file.

    The bytes go to a temporary file in the same folder (named
    ``.<name>.<pid>.<random>.tmp``), are flushed and fsynced, get the target's
    permissions, owner, group and extended attributes, then move over the target
    with ``os.replace``. A symlink is written through (the link stays). On any
    failure the old file is untouched, no temporary file is left, and
    ``WriteError`` is raised.

    A read-only target raises ``ReadOnlyError`` unless ``force``. A target with
    several hard links cannot be replaced without splitting them: it is rewritten
    in place, after a backup copy is made to restore from on failure, and the
    result says so (``in_place`` and a warning). Temporary files that killed saves
    of the same file left behind are removed afterwards (``clean_stale_temp_files``).
    """
    target = Path(os.path.realpath(path))
    folder = target.parent
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise WriteError(
            f"Could not save {target.name}: {exc.strerror or exc}. The file on disk was not changed."
        ) from exc
    if st is not None:
        if not stat.S_ISREG(st.st_mode):
            raise WriteError(
                f"Could not save {target.name}: it is {describe_mode(st.st_mode)}, not a file. Nothing was written."
            )
        if not force and _read_only(target, st):
            raise ReadOnlyError(
                f"{target.name} is read-only, so it was not changed. "
                "Save your changes to another file, or make this one writable first."
            )
    if st is not None and st.st_nlink > 1:
        result = _write_in_place(target, data, st)
    else:
        result = WriteResult(target, False, tuple(_write_and_replace(target, data, st)))
    _fsync_folder(folder)
    clean_stale_temp_files(folder, target.name)
    return result


def _write_and_replace(target: Path, data: bytes, st: os.stat_result | None) -> list[str]:
    warnings: list[str] = []
    tmp_name = ""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(target.name), suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if st is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        else:
            mode = stat.S_IMODE(st.st_mode)
            # chown first: it clears set-id bits and file capabilities, which chmod
            # and the attribute copy then put back.
            warnings += _keep_owner(tmp_name, st, target.name)
            warnings += _keep_xattrs(target, tmp_name)
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
        tmp_name = ""
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise WriteError(f"Could not save {target.name}: {reason}. The file on disk was not changed.") from exc
    finally:
        if tmp_name:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    return warnings


def _keep_owner(tmp_name: str, st: os.stat_result, name: str) -> list[str]:
    if not hasattr(os, "chown"):
        return []
    now = os.stat(tmp_name)
    if (now.st_uid, now.st_gid) == (st.st_uid, st.st_gid):
        return []
    try:
        os.chown(tmp_name, st.st_uid, st.st_gid)  # root may
    except OSError:
        with contextlib.suppress(OSError):
            os.chown(tmp_name, -1, st.st_gid)  # a member of the file's group may keep the group
    now = os.stat(tmp_name)
    lost = []
    if now.st_uid != st.st_uid:
        lost.append(f"owner (was {_user(st.st_uid)}, now {_user(now.st_uid)})")
    if now.st_gid != st.st_gid:
        lost.append(f"group (was {_group(st.st_gid)}, now {_group(now.st_gid)})")
    if not lost:
        return []
    return [f"{name} was saved, but could not keep its {' and '.join(lost)}."]


def _user(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return str(uid)


def _group(gid: int) -> str:
    try:
        import grp

        return grp.getgrgid(gid).gr_name
    except (ImportError, KeyError):
        return str(gid)


def _keep_xattrs(source: Path, tmp_name: str) -> list[str]:
    if not hasattr(os, "listxattr"):
        return []
    try:
        names = os.listxattr(source)
    except OSError:
        return []  # the file system has none
    failed = []
    for attr in names:
        try:
            value = os.getxattr(source, attr)
        except OSError:
            continue
        try:
            os.setxattr(tmp_name, attr, value)
        except OSError:
            with contextlib.suppress(OSError):
                if os.getxattr(tmp_name, attr) == value:
                    continue
            failed.append(attr)
    if not failed:
        return []
    return [f"{source.name} was saved, but lost its extended attributes {', '.join(failed)}."]


def _write_in_place(target: Path, data: bytes, st: os.stat_result) -> WriteResult:
    """Rewrite ``target`` through its own inode: first a backup copy, then the new
    bytes, truncation and fsync; on failure the backup is copied back."""
    name = target.name
    not_changed = "The file on disk was not changed."
    try:
        fd = os.open(target, os.O_RDWR | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise WriteError(f"Could not save {name}: {exc.strerror or exc}. {not_changed}") from exc
    try:
        backup = ""
        try:
            bfd, backup = tempfile.mkstemp(prefix=_temp_prefix(name), suffix=".bak", dir=target.parent)
            try:
                _copy_fd(fd, bfd)
                os.fsync(bfd)
            finally:
                os.close(bfd)
        except OSError as exc:
            if backup:
                with contextlib.suppress(OSError):
                    os.unlink(backup)
            raise WriteError(f"Could not save {name}: {exc.strerror or exc}. {not_changed}") from exc
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            _write_all(fd, data)
            os.ftruncate(fd, len(data))
            os.fsync(fd)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            if _restore(fd, backup):
                with contextlib.suppress(OSError):
                    os.unlink(backup)
                raise WriteError(f"Could not save {name}: {reason}. {not_changed}") from exc
            raise WriteError(
                f"Could not save {name}: {reason}, and its previous content could not be put back. "
                f"A copy of the previous content is kept in {backup}."
            ) from exc
        with contextlib.suppress(OSError):
            os.unlink(backup)
    finally:
        os.close(fd)
    warning = (
        f"{name} has {st.st_nlink} hard links, so it was rewritten in place instead of replaced "
        "atomically; every link shows the new text."
    )
    return WriteResult(target, True, (warning,))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _copy_fd(source: int, dest: int) -> None:
    os.lseek(source, 0, os.SEEK_SET)
    while chunk := os.read(source, 1 << 20):
        _write_all(dest, chunk)


def _restore(fd: int, backup: str) -> bool:
    try:
        bfd = os.open(backup, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
        try:
            size = os.fstat(bfd).st_size
            os.lseek(fd, 0, os.SEEK_SET)
            _copy_fd(bfd, fd)
            os.ftruncate(fd, size)
            os.fsync(fd)
        finally:
            os.close(bfd)
    except OSError:
        return False
    return True


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# ".<name>.<pid>.<8 random>.tmp" (a write) or ".bak" (the backup of an in-place write);
# ".<name>.<8 random>.tmp" is what versions without the pid left.
_TEMP_WITH_PID = re.compile(r"\.(?P<name>.+)\.(?P<pid>[0-9]{1,10})\.[a-z0-9_]{8}\.(?P<kind>tmp|bak)", re.S)


_TEMP_OLD = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp", re.S)


def _temp_stem(name: str) -> str:
    """The part of ``name`` a temp file carries (short enough for a 255-byte file name)."""
    stem = name
    while len(os.fsencode(stem)) > 200:
        stem = stem[:-1]
    return stem


def _temp_prefix(name: str) -> str:
    return f".{_temp_stem(name)}.{os.getpid()}."


def _pid_alive(pid: int) -> bool:
    """Whether process ``pid`` may still be writing (True when we cannot tell)."""
    if pid <= 0 or pid == os.getpid() or os.name == "nt":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True  # another user's process, or an impossible pid: leave its files alone
    try:  # a zombie has stopped writing for good
        with open(f"/proc/{pid}/stat", "rb") as fh:
            state = fh.read().rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in (b"Z", b"X")


def _same_content(first: str | os.PathLike[str], second: str | os.PathLike[str]) -> bool:
    try:
        if os.stat(first).st_size != os.stat(second).st_size:
            return False
        with open(first, "rb") as a, open(second, "rb") as b:
            while True:
                chunk = a.read(1 << 20)
                if chunk != b.read(1 << 20):
                    return False
                if not chunk:
                    return True
    except OSError:
        return False


def clean_stale_temp_files(
    folder: str | os.PathLike[str], name: str | None = None, *, now: float | None = None
) -> list[Path]:
    """Remove the temporary files interrupted saves left in ``folder``; return them.

    Only regular files named like ours are candidates (for the file ``name`` only,
    when given): ``.<name>.<pid>.<random>.tmp`` when process ``pid`` is gone (a live
    writer's file is never removed), and the older ``.<name>.<random>.tmp`` once it
    is ``STALE_TEMP_SECONDS`` old. The ``.bak`` copy an interrupted in-place save
    made is removed only when it holds the same bytes as ``name`` now: otherwise it
    may be the only intact copy, and it stays. Errors are ignored.
    """
    base = Path(folder)
    when = time.time() if now is None else now
    wanted = _temp_stem(name) if name is not None else None
    removed: list[Path] = []
    try:
        entries = list(os.scandir(base))
    except OSError:
        return removed
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith((".tmp", ".bak"))):
            continue
        new = _TEMP_WITH_PID.fullmatch(entry.name)
        if new is not None and wanted is not None and new["name"] != wanted:
            new = None
        old = None if new is not None else _TEMP_OLD.fullmatch(entry.name)
        if old is not None and wanted is not None and old["name"] != wanted:
            old = None
        if new is None and old is None:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode):
            continue
        if new is not None:
            if _pid_alive(int(new["pid"])):
                continue
            if new["kind"] == "bak" and not _same_content(entry.path, base / new["name"]):
                continue
        elif when - st.st_mtime < STALE_TEMP_SECONDS:
            continue
        try:
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(base / entry.name)
    return removed
