"""Encoding detection, newline styles, binary refusal and atomic writes."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

import pytest

from editor.core import fileio, fileio_write
from editor.core.errors import NotTextError, WriteError

TEXT = "---\ntitle: Café — naïve\n---\nBody ✓\n"


@pytest.mark.parametrize(
    ("data", "encoding", "bom"),
    [
        (TEXT.encode("utf-8"), "utf-8", b""),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8", codecs.BOM_UTF8),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le", codecs.BOM_UTF16_LE),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be", codecs.BOM_UTF16_BE),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom"],
)
def test_unicode_encodings_round_trip(tmp_path: Path, data: bytes, encoding: str, bom: bytes) -> None:
    path = tmp_path / "post.md"
    path.write_bytes(data)
    tf = fileio.read_text(path)
    assert tf.text == TEXT
    assert tf.encoding == encoding
    assert tf.bom == bom
    assert tf.encode() == data


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_encodings_round_trip(tmp_path: Path, encoding: str) -> None:
    text = "---\ntitle: Les élèves à l'école, « déjà » prêts\n---\nUn été très chaud à Montréal.\n" * 3
    data = text.encode(encoding)
    path = tmp_path / "post.md"
    path.write_bytes(data)
    tf = fileio.read_text(path)
    assert tf.text == text
    assert tf.encode() == data


def test_cp1252_curly_quotes_are_read_as_such(tmp_path: Path) -> None:
    text = "It\u2019s \u201cquoted\u201d \u2014 and that\u2019s fine. " * 5
    path = tmp_path / "post.md"
    path.write_bytes(text.encode("cp1252"))
    assert fileio.read_text(path).text == text


@pytest.mark.parametrize(
    ("text", "newline", "mixed"),
    [
        ("a\nb\n", "\n", False),
        ("a\r\nb\r\n", "\r\n", False),
        ("a\r\nb\r\nc\n", "\r\n", True),
        ("no newline at all", "\n", False),
    ],
)
def test_newline_style(text: str, newline: str, mixed: bool) -> None:
    tf = fileio.decode_bytes(text.encode())
    assert (tf.newline, tf.mixed_newlines) == (newline, mixed)
    assert tf.encode() == text.encode()


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
        b"hello\x00world\x00" * 10,
        bytes(range(256)) * 4,
    ],
    ids=["png", "nul-bytes", "all-bytes"],
)
def test_binary_is_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "image.md"
    path.write_bytes(data)
    with pytest.raises(NotTextError, match="not a text file"):
        fileio.read_text(path)


def test_bad_utf16_is_refused_with_a_reason() -> None:
    with pytest.raises(NotTextError, match="UTF-16-LE"):
        fileio.decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8")  # lone surrogate


def test_unencodable_character_names_the_line() -> None:
    tf = fileio.decode_bytes("caf\xe9\n".encode("latin-1") * 4)
    with pytest.raises(WriteError, match="Line 2 .*Windows-1252"):
        tf.encode("ok\nsmile \U0001f600\n")


# --------------------------------------------------------------------- atomic_write


def test_atomic_write_creates_and_replaces(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    fileio_write.atomic_write(path, b"one")
    assert path.read_bytes() == b"one"
    fileio_write.atomic_write(path, b"two")
    assert path.read_bytes() == b"two"
    assert sorted(os.listdir(tmp_path)) == ["post.md"]


def test_atomic_write_keeps_permissions(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_bytes(b"old")
    path.chmod(0o640)
    fileio_write.atomic_write(path, b"new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_new_file_gets_umask_permissions_not_private_temp_ones(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        fileio_write.atomic_write(tmp_path / "new.md", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o644


def test_atomic_write_through_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_bytes(b"old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    fileio_write.atomic_write(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"


class Boom(OSError):
    pass


@pytest.mark.parametrize("stage", ["write", "fsync", "chmod", "replace"])
def test_failure_at_any_stage_keeps_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    path = tmp_path / "post.md"
    path.write_bytes(b"precious")

    def fail(*args: object, **kwargs: object) -> None:
        raise Boom(28, "No space left on device")

    if stage == "write":
        real_fdopen = os.fdopen

        class FailingFile:
            def __init__(self, fd: int, mode: str) -> None:
                self._fh = real_fdopen(fd, mode)

            def __enter__(self) -> FailingFile:
                return self

            def __exit__(self, *exc: object) -> None:
                self._fh.close()

            def write(self, data: bytes) -> int:
                self._fh.write(data[: len(data) // 2])
                raise Boom(28, "No space left on device")

        monkeypatch.setattr(fileio.os, "fdopen", FailingFile)
    else:
        monkeypatch.setattr(fileio.os, stage, fail)

    with pytest.raises(WriteError, match="No space left on device.*not changed"):
        fileio_write.atomic_write(path, b"replacement that never lands")
    monkeypatch.undo()
    assert path.read_bytes() == b"precious"
    assert os.listdir(tmp_path) == ["post.md"]


def test_write_into_missing_folder_raises_write_error(tmp_path: Path) -> None:
    with pytest.raises(WriteError):
        fileio_write.atomic_write(tmp_path / "nope" / "post.md", b"x")
