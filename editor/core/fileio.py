"""Reading text files faithfully and writing files atomically.

``read_text`` remembers the encoding, byte-order mark and newline style so that
``TextFile.encode`` gives back the original bytes for an unchanged text.
``atomic_write`` never leaves a half-written file: the old file stays intact
until the new one is complete on disk.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from editor.core.errors import NotTextError, WriteError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Control characters that do not appear in text files (everything below 0x20
# except tab, newline, vertical tab, form feed, carriage return and escape).
_BINARY_CONTROLS = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x1B)) | {0x1C, 0x1D, 0x1E, 0x1F, 0x7F}


_WESTERN = frozenset({"cp1252", "cp1250", "latin_1", "iso8859_15", "iso8859_2", "cp1257", "mac_roman", "cp850"})


_LABELS = {
    "utf-8": "UTF-8",
    "utf-16-le": "UTF-16 LE",
    "utf-16-be": "UTF-16 BE",
    "utf-32-le": "UTF-32 LE",
    "utf-32-be": "UTF-32 BE",
    "cp1252": "Windows-1252",
    "cp1250": "Windows-1250",
    "iso8859-1": "ISO-8859-1 (Latin-1)",
}


@dataclass(frozen=True)
class TextFile:
    """Decoded text plus what is needed to write it back byte for byte."""

    text: str
    encoding: str = "utf-8"
    bom: bytes = b""
    newline: str = "\n"  # the dominant newline: "\n", "\r\n" or "\r"
    mixed_newlines: bool = False

    @property
    def encoding_label(self) -> str:
        """The encoding's everyday name, e.g. "Windows-1252" or "UTF-16 LE with BOM"."""
        name = _LABELS.get(self.encoding, self.encoding.upper())
        return f"{name} with BOM" if self.bom else name

    def encode(self, text: str | None = None) -> bytes:
        """Encode ``text`` (default: this file's text) the way the file was stored."""
        body = self.text if text is None else text
        try:
            return self.bom + body.encode(self.encoding)
        except UnicodeEncodeError as exc:
            char = body[exc.start]
            line = body.count("\n", 0, exc.start) + 1
            raise WriteError(
                f"Line {line} has {char!r}, which the file's encoding ({self.encoding_label}) "
                "cannot store. Save a copy as UTF-8, or remove the character."
            ) from exc


def detect_newline(text: str) -> tuple[str, bool]:
    """Return the dominant newline of ``text`` and whether several kinds are mixed."""
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    counts = {"\n": lf, "\r\n": crlf, "\r": cr}
    present = [k for k, v in counts.items() if v]
    if not present:
        return "\n", False
    dominant = max(present, key=lambda k: (counts[k], k == "\n"))
    return dominant, len(present) > 1


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    bad = sum(1 for b in sample if b in _BINARY_CONTROLS)
    return bad >= 4 and bad / len(sample) > 0.05


def decode_bytes(data: bytes, name: str = "This file") -> TextFile:
    """Decode ``data``, detecting BOM, encoding and newline style.

    Raises ``NotTextError`` for binary data or bytes no encoding reads back exactly.
    """
    bom = b""
    encoding = ""
    for mark, enc in _BOMS:
        if data.startswith(mark):
            bom, encoding = mark, enc
            break
    payload = data[len(bom) :]
    if encoding:
        try:
            text = payload.decode(encoding)
        except UnicodeDecodeError as exc:
            raise NotTextError(
                f"{name} starts with a {encoding.upper()} byte-order mark but is not valid "
                f"{encoding.upper()} (byte {exc.start + len(bom)})."
            ) from exc
    else:
        if _looks_binary(payload):
            raise NotTextError(
                f"{name} is not a text file (it contains binary data). "
                "Post Editor opens Markdown and other text files only."
            )
        text, encoding = _decode_unmarked(payload, name)
    newline, mixed = detect_newline(text)
    return TextFile(text=text, encoding=encoding, bom=bom, newline=newline, mixed_newlines=mixed)


def _decode_unmarked(payload: bytes, name: str) -> tuple[str, str]:
    try:
        return payload.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = [match.encoding for match in from_bytes(payload[:262144])]
    if not candidates or any(c in _WESTERN for c in candidates):
        # Single-byte Western text reads the same under several code pages; the
        # detector cannot tell them apart, and Windows-1252 is by far the most common.
        candidates.insert(0, "cp1252")
    candidates.append("latin-1")
    for enc in candidates:
        try:
            text = payload.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if text.encode(enc) == payload:  # only accept an exact round trip
            return text, codecs.lookup(enc).name
    raise NotTextError(f"{name} is in an encoding Post Editor cannot read back exactly.")


def read_text(path: str | os.PathLike[str]) -> TextFile:
    """Read ``path`` as text. Raises ``NotTextError`` for binary files, OSError for I/O."""
    p = Path(path)
    data = p.read_bytes()
    return decode_bytes(data, name=p.name)


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see either the old or the new file.

    The bytes go to a temporary file in the same folder, are flushed and fsynced,
    then moved over the target with ``os.replace``. The target's permissions are
    kept, a symlink target is written through the link. On any failure the old
    file is untouched, no temporary file is left, and ``WriteError`` is raised.
    """
    target = Path(os.path.realpath(path))
    folder = target.parent
    try:
        mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = None
    tmp_name = ""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
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
    _fsync_folder(folder)


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
