"""The recovery journal: unsaved work, written aside so a crash loses nothing.

Each open document with unsaved changes has one entry (a JSON file) in the
user's state folder. Entries are written a few seconds after typing stops and
removed when the document is saved or its changes are discarded; whatever is
left at the next start was interrupted, and is offered back.
"""

from __future__ import annotations

import difflib
import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from editor.core import fileio
from editor.core.errors import PostError


@dataclass(frozen=True)
class Entry:
    id: str
    path: str | None  # the file the work belongs to; None for an untitled post
    text: str  # the whole post as it would be saved
    saved_at: float

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
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder if folder is not None else default_folder()

    def _file(self, entry_id: str) -> Path:
        safe = "".join(c for c in entry_id if c.isalnum() or c in "-_")
        return self.folder / f"{safe}.json"

    def save(self, entry_id: str, path: Path | None, text: str) -> None:
        entry = Entry(entry_id, str(path) if path else None, text, time.time())
        self.folder.mkdir(parents=True, exist_ok=True)
        fileio.atomic_write(self._file(entry_id), json.dumps(asdict(entry), ensure_ascii=False).encode("utf-8"))

    def remove(self, entry_id: str) -> None:
        self._file(entry_id).unlink(missing_ok=True)

    def entries(self) -> list[Entry]:
        found = []
        for file in sorted(self.folder.glob("*.json")) if self.folder.is_dir() else []:
            try:
                data = json.loads(file.read_text(encoding="utf-8"))
                found.append(Entry(str(data["id"]), data.get("path"), str(data["text"]), float(data["saved_at"])))
            except (OSError, ValueError, KeyError, TypeError):
                continue  # a damaged entry is skipped, not fatal
        return found
