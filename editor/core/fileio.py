"""Reading files a person named, faithfully, and writing files without losing them.

``read_file_bytes`` is the one way to read the bytes of a file named by a user: it
opens regular files only (a named pipe never blocks, a device is never read, a
folder or socket is refused) and never reads more than a size limit.

``read_text`` remembers the encoding, byte-order mark and newline style so that
``TextFile.encode`` gives back the original bytes for an unchanged text.

Encoding detection, in order (the same bytes always give the same answer):

1. A byte-order mark decides (UTF-8, UTF-16, UTF-32).
2. Valid UTF-8 is UTF-8.
3. *Mostly UTF-8* is UTF-8 with its stray bytes kept: the bytes hold at least one
   valid multi-byte UTF-8 character, and the bytes that are not valid UTF-8 number
   at most ``STRAY_BYTES_FEW`` (4) or 1% of the non-ASCII bytes, whichever is more.
   Stray bytes are decoded with ``surrogateescape`` (as U+DC80..U+DCFF) and encoded
   back the same way, so they are written back byte for byte while new text is
   UTF-8; ``TextFile.stray_bytes`` counts them and ``TextFile.warnings`` says so.
   (A real Windows-1252 or Shift-JIS post has far more invalid bytes than valid
   UTF-8 sequences, which it only forms by accident.)
4. Otherwise the file is a legacy code page, guessed by ``charset_normalizer``;
   Windows-1252 wins among the Western code pages, and a file whose non-ASCII bytes
   all stand alone between ASCII bytes is never read as a multi-byte (CJK) code page.
   Only a decoding that encodes back to the same bytes is accepted.

``atomic_write`` never leaves a half-written file: the old file stays intact until
the new one is complete on disk, and the file keeps its permissions, owner, group
and extended attributes. A file with several hard links is rewritten in place
(with a backup copy to roll back from), since a rename would split the links.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from editor.core.errors import NotTextError, PostError, WriteError

MAX_READ_BYTES = 64 << 20  # the largest file read_file_bytes / read_text read by default
STRAY_BYTES_FEW = 4  # a mostly-UTF-8 file may have this many stray bytes...
STRAY_BYTES_PER = 100  # ...or one per this many non-ASCII bytes, whichever is more

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
_BINARY_CONTROL_BYTES = bytes(sorted(_BINARY_CONTROLS))


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

_ASCII = bytes(range(0x80))
_STRAY = re.compile("[\udc80-\udcff]")  # what surrogateescape makes of a byte that is not UTF-8
_MULTIBYTE = re.compile("[^\x00-\x7f\udc80-\udcff]")  # a correctly encoded non-ASCII character
_ADJACENT_HIGH = re.compile(rb"[\x80-\xff]{2}")


class NotRegularFileError(PostError):
    """The path is a folder, named pipe, device or socket: not a file to read."""


class FileTooLargeError(PostError):
    """The file is larger than the reader's limit; nothing was read past it."""

    def __init__(self, message: str, limit: int) -> None:
        super().__init__(message)
        self.limit = limit


@dataclass(frozen=True)
class TextFile:
    """Decoded text plus what is needed to write it back byte for byte."""

    text: str
    encoding: str = "utf-8"
    bom: bytes = b""
    newline: str = "\n"  # the dominant newline: "\n", "\r\n" or "\r"
    mixed_newlines: bool = False
    errors: str = "strict"  # "surrogateescape" when stray bytes are kept (see stray_bytes)
    stray_bytes: int = 0  # bytes that are not valid in ``encoding``, kept as U+DC80..U+DCFF in ``text``
    warnings: tuple[str, ...] = ()  # for the author, e.g. about stray bytes

    @property
    def encoding_label(self) -> str:
        """The encoding's everyday name, e.g. "Windows-1252" or "UTF-16 LE with BOM"."""
        name = _LABELS.get(self.encoding, self.encoding.upper())
        return f"{name} with BOM" if self.bom else name

    def encode(self, text: str | None = None) -> bytes:
        """Encode ``text`` (default: this file's text) the way the file was stored."""
        body = self.text if text is None else text
        try:
            return self.bom + body.encode(self.encoding, self.errors)
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
    bad = len(sample) - len(sample.translate(None, _BINARY_CONTROL_BYTES))
    return bad >= 4 and bad / len(sample) > 0.05


def decode_bytes(data: bytes, name: str = "This file") -> TextFile:
    """Decode ``data``, detecting BOM, encoding and newline style (see the module's notes).

    Raises ``NotTextError`` for binary data or bytes no encoding reads back exactly.
    """
    bom = b""
    encoding = ""
    for mark, enc in _BOMS:
        if data.startswith(mark):
            bom, encoding = mark, enc
            break
    payload = data[len(bom) :]
    errors = "strict"
    strays = 0
    if encoding:
        try:
            text = payload.decode(encoding)
        except UnicodeDecodeError as exc:
            kept = _utf8_with_strays(payload, need_multibyte=False) if encoding == "utf-8" else None
            if kept is None:
                raise NotTextError(
                    f"{name} starts with a {encoding.upper()} byte-order mark but is not valid "
                    f"{encoding.upper()} (byte {exc.start + len(bom)})."
                ) from exc
            text, strays, errors = kept[0], kept[1], "surrogateescape"
    else:
        if _looks_binary(payload):
            raise NotTextError(
                f"{name} is not a text file (it contains binary data). "
                "Post Editor opens Markdown and other text files only."
            )
        text, encoding, strays = _decode_unmarked(payload, name)
        if strays:
            errors = "surrogateescape"
    newline, mixed = detect_newline(text)
    warnings = (_stray_warning(name, text, strays),) if strays else ()
    return TextFile(
        text=text,
        encoding=encoding,
        bom=bom,
        newline=newline,
        mixed_newlines=mixed,
        errors=errors,
        stray_bytes=strays,
        warnings=warnings,
    )


def replace_stray_bytes(text: str, replacement: str = "\ufffd") -> str:
    """``text`` with each kept stray byte (U+DC80..U+DCFF, see ``TextFile.stray_bytes``)
    replaced by ``replacement``: for what must be valid Unicode (HTML, JSON, Qt,
    printing). Never use the result to write the file back: the stray bytes would be lost."""
    return text if text.isascii() else _STRAY.sub(replacement, text)


def _utf8_with_strays(payload: bytes, need_multibyte: bool) -> tuple[str, int] | None:
    """``payload`` as UTF-8 with its few invalid bytes escaped, or None when it is not mostly UTF-8."""
    text = payload.decode("utf-8", "surrogateescape")
    strays = sum(1 for _ in _STRAY.finditer(text))
    high = len(payload.translate(None, _ASCII))
    if strays > max(STRAY_BYTES_FEW, high // STRAY_BYTES_PER):
        return None
    if need_multibyte and _MULTIBYTE.search(text) is None:
        return None  # only stray bytes: a legacy code page reads them as letters
    if text.encode("utf-8", "surrogateescape") != payload:  # never expected; be sure anyway
        return None
    return text, strays


def _stray_warning(name: str, text: str, strays: int) -> str:
    first = _STRAY.search(text)
    line = text.count("\n", 0, first.start()) + 1 if first else 1
    some = "1 byte that is" if strays == 1 else f"{strays} bytes that are"
    them = "It is" if strays == 1 else "They are"
    return (
        f"{name} is UTF-8 except for {some} not valid UTF-8 (the first on line {line}). "
        f"{them} kept exactly as in the file; text you add is saved as UTF-8."
    )


def _decode_unmarked(payload: bytes, name: str) -> tuple[str, str, int]:
    try:
        return payload.decode("utf-8"), "utf-8", 0
    except UnicodeDecodeError:
        pass
    kept = _utf8_with_strays(payload, need_multibyte=True)
    if kept is not None:
        return kept[0], "utf-8", kept[1]
    candidates = [match.encoding for match in from_bytes(payload[:262144])]
    # Non-ASCII bytes that all stand alone are accented letters or punctuation of a
    # single-byte code page; a multi-byte (CJK) code page would pair each with the
    # ASCII byte after it ("It\x92s" is not a Chinese character).
    single = _ADJACENT_HIGH.search(payload) is None
    if not candidates or single or any(c in _WESTERN for c in candidates):
        # Single-byte Western text reads the same under several code pages; the
        # detector cannot tell them apart, and Windows-1252 is by far the most common.
        candidates.insert(0, "cp1252")
    candidates.append("latin-1")
    for enc in candidates:
        try:
            text = payload.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if single and len(text) != len(payload):
            continue  # a multi-byte reading of lone non-ASCII bytes
        if text.encode(enc) == payload:  # only accept an exact round trip
            return text, codecs.lookup(enc).name, 0
    raise NotTextError(f"{name} is in an encoding Post Editor cannot read back exactly.")


# ---------------------------------------------------------------------- reading


def describe_mode(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "something other than a file"


def _not_regular(shown: str, mode: int) -> NotRegularFileError:
    return NotRegularFileError(
        f"{shown} is {describe_mode(mode)}, not a regular file. Post Editor reads only regular files; "
        "name the post's file instead."
    )


def _size_text(size: int) -> str:
    if size >= 1 << 20 and size % (1 << 20) == 0:
        return f"{size >> 20} MiB"
    if size >= 1 << 10 and size % (1 << 10) == 0:
        return f"{size >> 10} KiB"
    return f"{size:,} bytes"


def _too_large(shown: str, limit: int, size: int | None) -> FileTooLargeError:
    how = f" ({_size_text(size)})" if size is not None else ""
    return FileTooLargeError(
        f"{shown} is too large to open{how}: the limit is {_size_text(limit)}. "
        "Split the post, or check that this is the file you meant.",
        limit,
    )


def read_file_bytes(path: str | os.PathLike[str], limit: int = MAX_READ_BYTES) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Opens with ``O_NONBLOCK`` and checks the open file itself, so a named pipe never
    blocks and a device is never read. Raises ``NotRegularFileError`` for a folder,
    named pipe, device or socket, ``FileTooLargeError`` for a file larger than
    ``limit`` (reading stops at ``limit + 1`` bytes even when the size on disk says
    less), and OSError for I/O errors (missing file, no permission).
    """
    shown = os.fspath(path)
    fd, st = _open_regular(path)
    try:
        if st.st_size > limit:
            raise _too_large(shown, limit, st.st_size)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(limit + 1 - total, max(st.st_size + 1 - total, 1 << 16), 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise _too_large(shown, limit, None)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_head(path: str | os.PathLike[str], count: int) -> bytes:
    """The first ``count`` bytes (or fewer) of the regular file ``path``; the rest is
    never read. Raises as ``read_file_bytes`` does, except for size."""
    fd, _st = _open_regular(path)
    try:
        return os.read(fd, count)
    finally:
        os.close(fd)


def _open_regular(path: str | os.PathLike[str]) -> tuple[int, os.stat_result]:
    """An open descriptor (blocking again) and the status of the regular file ``path``;
    ``NotRegularFileError`` for anything else, without blocking on a named pipe."""
    shown = os.fspath(path)
    flags = os.O_RDONLY
    for extra in ("O_NONBLOCK", "O_NOCTTY", "O_CLOEXEC", "O_BINARY"):
        flags |= getattr(os, extra, 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno in (errno.ENXIO, errno.EISDIR, errno.EOPNOTSUPP, errno.EACCES):
            try:
                st = os.stat(path)
            except OSError:
                raise exc from None
            if not stat.S_ISREG(st.st_mode):
                raise _not_regular(shown, st.st_mode) from exc
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _not_regular(shown, st.st_mode)
        if hasattr(os, "set_blocking"):
            with contextlib.suppress(OSError):
                os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd, st


def read_text(path: str | os.PathLike[str], limit: int = MAX_READ_BYTES) -> TextFile:
    """Read ``path`` as text (through ``read_file_bytes``).

    Raises ``NotTextError`` for binary files, ``NotRegularFileError`` and
    ``FileTooLargeError`` as ``read_file_bytes`` does, OSError for I/O.
    """
    data = read_file_bytes(path, limit)
    return decode_bytes(data, name=Path(path).name)


# ---------------------------------------------------------------------- writing


# ---------------------------------------------------------------------- temp files
