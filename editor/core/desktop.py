"""The application's identity on a Linux desktop, and putting it in place for one user.

``APP_ID`` (from ``editor.core.identity``) names the desktop file, the AppStream component and the icon. The files
themselves ship in ``editor/resources`` (``desktop/`` and ``icons/``); ``install``
copies them under the user's data folder (``$XDG_DATA_HOME``, usually
``~/.local/share``), where desktops look for them, and records what it wrote in a
manifest. ``uninstall`` removes exactly the files that manifest lists, and nothing
else.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from editor.core import resources
from editor.core.errors import PostError
from editor.core.fileio_write import atomic_write
from editor.core.identity import APP_ID, DIR_NAME

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
DEFAULT_EXEC = "post-editor"
MANIFEST = Path(DIR_NAME) / "installed-files.txt"  # relative to the data folder

_TOOL_TIMEOUT = 10.0  # seconds for each cache-refreshing tool
# Characters that make the Desktop Entry spec require an Exec argument to be quoted.
_EXEC_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")
_EXEC_ESCAPED_IN_QUOTES = set('"`$\\')
_MANIFEST_HEADER = (
    "# Files put in place by `post-editor install-desktop`, one path a line.\n"
    "# `post-editor install-desktop --uninstall` removes exactly these.\n"
)


class DesktopInstallError(PostError):
    """The desktop files could not be installed or removed."""


def default_data_home() -> Path:
    """``$XDG_DATA_HOME`` when it is set to an absolute path, else ``~/.local/share``."""
    xdg = os.environ.get("XDG_DATA_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg)
    return Path.home() / ".local" / "share"


def quote_exec_argument(argument: str) -> str:
    """``argument`` written as one argument of a desktop file's ``Exec`` key.

    Per the Desktop Entry spec: ``%`` is doubled (it starts field codes), an
    argument with a reserved character (a space, a quote, ``$``…) is put in double
    quotes with ``"``, `````, ``$`` and ``\\`` backslash-escaped inside, and then the
    string-value escape doubles every backslash.
    """
    if not argument:
        raise DesktopInstallError("The command that starts Post Editor is empty.")
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in argument):
        raise DesktopInstallError(f"The command that starts Post Editor contains a control character: {argument!r}.")
    text = argument.replace("%", "%%")
    if any(ch in _EXEC_RESERVED for ch in text):
        text = '"' + "".join("\\" + ch if ch in _EXEC_ESCAPED_IN_QUOTES else ch for ch in text) + '"'
    return text.replace("\\", "\\\\")


def desktop_entry(exec_command: str | None = None) -> str:
    """The shipped desktop file, with ``Exec`` starting ``exec_command`` (one program
    path or name, quoted as needed) instead of ``post-editor`` when it is given."""
    text = resources.read_text("desktop", f"{APP_ID}.desktop")
    if exec_command is None:
        return text
    program = quote_exec_argument(exec_command)
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("Exec="):
            ending = line[len(line.rstrip("\r\n")) :]
            lines[i] = f"Exec={program} %F{ending}"
    return "".join(lines)


def payload(exec_command: str | None = None) -> list[tuple[Path, bytes]]:
    """Every file ``install`` writes: its path relative to the data folder, and its bytes."""
    files: list[tuple[Path, bytes]] = [
        (Path("applications") / f"{APP_ID}.desktop", desktop_entry(exec_command).encode("utf-8")),
    ]
    for size in ICON_SIZES:
        folder = f"{size}x{size}"
        files.append(
            (
                Path("icons", "hicolor", folder, "apps", f"{APP_ID}.png"),
                resources.read_bytes("icons", "hicolor", folder, "apps", f"{APP_ID}.png"),
            )
        )
    files.append(
        (Path("icons", "hicolor", "scalable", "apps", f"{APP_ID}.svg"), resources.read_bytes("icons", f"{APP_ID}.svg"))
    )
    files.append(
        (Path("metainfo") / f"{APP_ID}.metainfo.xml", resources.read_bytes("desktop", f"{APP_ID}.metainfo.xml"))
    )
    return files


def install(data_home: Path, exec_command: str | None = None) -> list[Path]:
    """Put the desktop file, the icons and the metainfo under ``data_home``.

    ``exec_command`` is the program the menu entry starts (default ``post-editor``
    from the PATH). Every file is written atomically, missing folders are created,
    and the manifest lists exactly the files written (files an earlier install
    listed that this one no longer ships are removed). Then the desktop's caches
    are refreshed when the tools for that exist. Returns the files written, not
    counting the manifest. Installing again gives the same files.
    """
    data_home = Path(os.path.abspath(data_home))
    if "\n" in str(data_home) or "\r" in str(data_home):
        raise DesktopInstallError(f"Cannot install into a folder whose name has a line break: {str(data_home)!r}.")
    files = [(data_home / rel, data) for rel, data in payload(exec_command)]
    targets = [path for path, _ in files]
    previous = _read_manifest(data_home)
    stale = [path for path in previous if path not in targets]
    # Record everything this install may leave behind before writing any of it, so
    # that an install that fails half-way can still be undone by uninstall.
    _write_manifest(data_home, targets + stale)
    for path, data in files:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.is_symlink():  # replace a link with our file; never write through it
                path.unlink()
            atomic_write(path, data)
        except (OSError, PostError) as exc:
            raise DesktopInstallError(
                f"Could not install {path.relative_to(data_home)} into {data_home}: {_reason(exc)}"
            ) from exc
    for path in stale:
        _remove_file(path, data_home)
    _write_manifest(data_home, targets)
    _refresh_caches(data_home)
    return targets


def uninstall(data_home: Path) -> list[Path]:
    """Remove exactly the files the manifest under ``data_home`` lists, and the manifest.

    Folders left empty are removed too, up to (not including) ``data_home``; nothing
    else is touched, and a listed path outside ``data_home`` is ignored. Returns the
    files removed (not counting the manifest); an empty list when there was no
    manifest, that is, when nothing was installed there.
    """
    data_home = Path(os.path.abspath(data_home))
    manifest = data_home / MANIFEST
    if not manifest.is_file():
        return []
    listed = _read_manifest(data_home)
    removed: list[Path] = []
    for i, path in enumerate(listed):
        try:
            if _remove_file(path, data_home):
                removed.append(path)
        except DesktopInstallError:
            _write_manifest(data_home, listed[i:])  # what is still there stays recorded
            raise
    try:
        manifest.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise DesktopInstallError(f"Could not remove {manifest}: {_reason(exc)}") from exc
    _prune(manifest.parent, data_home)
    _refresh_caches(data_home)
    for path in removed:  # an icon cache the refresh dropped may have kept a folder
        _prune(path.parent, data_home)
    return removed


def _read_manifest(data_home: Path) -> list[Path]:
    """The paths the manifest lists that lie inside ``data_home`` (others are ignored)."""
    manifest = data_home / MANIFEST
    try:
        text = manifest.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise DesktopInstallError(f"Could not read the list of installed files {manifest}: {_reason(exc)}") from exc
    paths: list[Path] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        path = Path(line) if os.path.isabs(line) else data_home / line
        path = Path(os.path.normpath(path))
        if _inside(path, data_home) and path not in paths:
            paths.append(path)
    return paths


def _write_manifest(data_home: Path, paths: list[Path]) -> None:
    manifest = data_home / MANIFEST
    text = _MANIFEST_HEADER + "".join(f"{path}\n" for path in paths)
    try:
        manifest.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(manifest, text.encode("utf-8"))
    except (OSError, PostError) as exc:
        raise DesktopInstallError(f"Could not write the list of installed files {manifest}: {_reason(exc)}") from exc


def _remove_file(path: Path, data_home: Path) -> bool:
    """Remove one installed file (never a folder) and the folders it leaves empty.
    Returns whether there was a file to remove."""
    if not _inside(path, data_home) or (path.is_dir() and not path.is_symlink()):
        return False
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise DesktopInstallError(f"Could not remove {path}: {_reason(exc)}") from exc
    _prune(path.parent, data_home)
    return True


def _prune(folder: Path, data_home: Path) -> None:
    """Remove ``folder`` and its parents while they are empty, stopping at ``data_home``."""
    while folder != data_home and _inside(folder, data_home):
        if not folder.is_dir() or folder.is_symlink():
            if folder.exists() or folder.is_symlink():
                return  # a file or a link where a folder was: not ours to remove
            folder = folder.parent  # already gone: its parent may be empty now
            continue
        try:
            folder.rmdir()  # fails on a folder that is not empty
        except OSError:
            return
        folder = folder.parent


def _inside(path: Path, data_home: Path) -> bool:
    """Whether ``path`` is strictly below ``data_home`` (both absolute and normalised)."""
    return path != data_home and path.is_relative_to(data_home) and ".." not in path.parts


def _refresh_caches(data_home: Path) -> None:
    """Best effort: tell the desktop about the new or removed files. A missing tool,
    a failure or a timeout is ignored; the desktop picks the files up later anyway."""
    commands = [
        ("update-desktop-database", data_home / "applications"),
        ("gtk-update-icon-cache", data_home / "icons" / "hicolor"),
    ]
    for tool, folder in commands:
        program = shutil.which(tool)
        if program is None or not folder.is_dir():
            continue
        args = [program, str(folder)]
        if tool == "gtk-update-icon-cache":
            args = [program, "-f", "-t", "-q", str(folder)]
        try:
            subprocess.run(
                args,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=_TOOL_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            pass


def _reason(exc: BaseException) -> str:
    """The system's reason for a failure, as a sentence."""
    if not isinstance(exc, OSError) and isinstance(exc.__cause__, OSError):
        exc = exc.__cause__  # atomic_write's WriteError: say why, not "could not save"
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}."
    text = str(exc)
    return text if text.endswith(".") else f"{text}."
