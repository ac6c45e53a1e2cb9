"""The recovery journal: unsaved work, written aside so a crash loses nothing.

Each open document with unsaved changes has one entry (a JSON file) in the
user's state folder. Entries are written a few seconds after typing stops and
removed when the document is saved or its changes are discarded; whatever is
left at the next start was interrupted, and is offered back.

Every entry names the process that wrote it (pid, the process's start time and
the host), because two editors may run at once: only the work of processes that
are gone is offered as crash recovery. A running editor's unsaved work is never
offered to another, nor discarded by it.
"""

from __future__ import annotations

import difflib
import json
import os
import socket
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from editor.core import fileio, fileio_write
from editor.core.errors import PostError


@dataclass(frozen=True)
class Owner:
    """The process an entry belongs to. ``started`` tells a live process from a later one
    that got the same pid (Linux: clock ticks since boot; None where it cannot be read)."""

    pid: int
    started: int | None
    host: str

    @classmethod
    def of(cls, pid: int) -> Owner:
        return cls(pid, process_start(pid), socket.gethostname())

    @classmethod
    def from_json(cls, raw: object) -> Owner | None:
        """The owner as ``asdict`` wrote it; None for an entry older than owners."""
        if not isinstance(raw, dict):
            return None
        started = raw.get("started")
        return cls(int(raw["pid"]), None if started is None else int(started), str(raw["host"]))

    def is_alive(self) -> bool:
        if self.host != socket.gethostname():
            return True  # another computer sharing this home: its editor may well be running
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass  # exists, under another user
        except OSError:
            return False
        return self.started is None or process_start(self.pid) == self.started


def process_start(pid: int) -> int | None:
    """When process ``pid`` started (field 22 of /proc/PID/stat), or None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        return int(stat.rsplit(")", 1)[1].split()[19])
    except (OSError, ValueError, IndexError):
        return None


@dataclass(frozen=True)
class Entry:
    id: str
    path: str | None  # the file the work belongs to; None for an untitled post
    text: str  # the whole post as it would be saved
    saved_at: float
    owner: Owner | None = None  # None: written before entries named their process (offered)

    def is_orphaned(self) -> bool:
        """Whether the editor that wrote this is gone, so the work is waiting to be recovered."""
        return self.owner is None or not self.owner.is_alive()

    def title(self) -> str:
        return Path(self.path).name if self.path else "Untitled post"

    def diff(self) -> str:
        """What the journaled text changes compared with the file on disk."""
        if not self.path:
            return self.text
        try:
            on_disk = fileio.read_text(self.path).text.replace("\r\n", "\n")
        except (OSError, PostError):
            on_disk = ""
        lines = difflib.unified_diff(
            on_disk.splitlines(True),
            self.text.replace("\r\n", "\n").splitlines(True),
            fromfile=f"{self.title()} (on disk)",
            tofile=f"{self.title()} (unsaved)",
            n=1,
        )
        return "".join(lines)


def default_folder() -> Path:
    from platformdirs import user_state_dir

    from editor.core.identity import DIR_NAME

    return Path(user_state_dir(DIR_NAME, appauthor=False)) / "recovery"


class Journal:
    def __init__(self, folder: Path | None = None, owner: Owner | None = None) -> None:
        self.folder = folder if folder is not None else default_folder()
        self.owner = owner or Owner.of(os.getpid())

    def _file(self, entry_id: str) -> Path:
        safe = "".join(c for c in entry_id if c.isalnum() or c in "-_")
        return self.folder / f"{safe}.json"

    def save(self, entry_id: str, path: Path | None, text: str) -> None:
        self._write(Entry(entry_id, str(path) if path else None, text, time.time(), self.owner))

    def _write(self, entry: Entry) -> None:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        # ASCII JSON: bytes kept from a mostly-UTF-8 file (lone surrogates) survive the round trip
        fileio_write.atomic_write(self._file(entry.id), json.dumps(asdict(entry)).encode("ascii"))

    def keep(self, path: Path | None, text: str) -> str:
        """Put ``text`` aside for the author to take back (changes they discarded): an entry
        no running editor owns, so recovery offers it. Returns its id."""
        entry_id = f"kept-{time.time_ns()}"
        self._write(Entry(entry_id, str(path) if path else None, text, time.time(), None))
        return entry_id

    def remove(self, entry_id: str) -> None:
        self._file(entry_id).unlink(missing_ok=True)

    def entries(self) -> list[Entry]:
        found = []
        for file in sorted(self.folder.glob("*.json")) if self.folder.is_dir() else []:
            try:
                data = json.loads(file.read_text(encoding="utf-8"))
                owner = Owner.from_json(data.get("owner"))
                entry = Entry(str(data["id"]), data.get("path"), str(data["text"]), float(data["saved_at"]), owner)
            except (OSError, ValueError, KeyError, TypeError):
                continue  # a damaged entry is skipped, not fatal
            found.append(entry)
        return found

    def orphaned(self) -> list[Entry]:
        """The entries of editors that are gone (crashed, killed): the work to offer back.
        This editor's own entries and those of other running editors are left out."""
        return [entry for entry in self.entries() if entry.is_orphaned()]
