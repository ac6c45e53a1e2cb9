"""Files we must not trust: pipes and devices, metadata a save must keep, stray
bytes in UTF-8, and the temp files killed saves leave behind."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import editor
from editor.core import fileio, fileio_write
from editor.core.errors import NotTextError, PostError, WriteError
from editor.core.post import Post

ROOT = Path(editor.__file__).resolve().parents[1]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
needs_root = pytest.mark.skipif(not IS_ROOT, reason="only root can give a file to another user")
posix_only = pytest.mark.skipif(os.name != "posix", reason="named pipes, devices and pids are POSIX")


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail instead of hanging when the body blocks (the alarm interrupts a blocking open)."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still blocked after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_python(code: str, timeout: float = 60, **env: str) -> subprocess.CompletedProcess[str]:
    environ = dict(os.environ, PYTHONPATH=str(ROOT), **env)
    try:
        return subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"blocked for {timeout} s: {exc}")


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


# ============================================================ 19. only regular files, size-limited


@posix_only
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    with deadline(5), pytest.raises(fileio.NotRegularFileError, match=r"pipe\.md is a named pipe"):
        fileio.read_text(fifo)
    with deadline(5), pytest.raises(fileio.NotRegularFileError, match="named pipe"):
        Post.load(fifo)  # what check, render and cover call


@posix_only
@pytest.mark.parametrize("command", ["check", "render", "cover"])
def test_cli_commands_do_not_block_on_a_fifo(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    out = run_python(f"import sys; from editor.cli import main; sys.exit(main([{command!r}, {str(fifo)!r}]))")
    assert out.returncode in (1, 2), out
    assert "named pipe" in out.stdout + out.stderr


@posix_only
def test_every_reader_of_site_files_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    from editor.core.errors import PostError
    from editor.core.library import Library
    from editor.core.schema_base import read_schema_text
    from editor.core.site import Site, SiteConfig
    from editor.core.site_detect import _read_text

    site = tmp_path / "site"
    (site / "content/posts").mkdir(parents=True)
    (site / "content/posts/real.md").write_text("---\ntitle: Real\n---\n")
    os.mkfifo(site / "content/posts/pipe.md")
    os.mkfifo(site / ".post-editor.toml")
    os.mkfifo(site / "frontmatter.json")
    os.mkfifo(site / "hugo.toml")
    with deadline(5), pytest.raises(PostError, match="named pipe"):
        SiteConfig.load(site)
    with deadline(5), pytest.raises(PostError, match="named pipe"):
        read_schema_text(site / "frontmatter.json")
    with deadline(5):
        assert _read_text(site / "hugo.toml") == ""
    with deadline(5):
        assert fileio.read_head(site / "content/posts/real.md", 3) == b"---"
        with pytest.raises(fileio.NotRegularFileError):
            fileio.read_head(site / "content/posts/pipe.md", 3)
    (site / ".post-editor.toml").unlink()
    with deadline(10):
        library = Library(Site.detect(site), cache_dir=tmp_path / "cache")
        library.scan()
    assert [info.path for info in library.posts] == ["content/posts/real.md"]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_dev_zero_is_refused_not_read_until_memory_runs_out() -> None:
    # A separate process with 2 GiB of address space: the old reader ran out of memory.
    code = (
        "import resource; resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))\n"
        "from editor.core import fileio\n"
        "try:\n    fileio.read_text('/dev/zero')\n"
        "except fileio.NotRegularFileError as exc:\n    print('refused:', exc)\n"
    )
    out = run_python(code)
    assert out.returncode == 0 and "refused: /dev/zero is a character device" in out.stdout, out
    with pytest.raises(fileio.NotRegularFileError, match="character device"):
        Post.load("/dev/zero")


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(fileio.NotRegularFileError, match="is a folder"):
        fileio.read_file_bytes(tmp_path)


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets here")
def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.md"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        with pytest.raises(fileio.NotRegularFileError, match="is a socket"):
            fileio.read_text(path)


def test_missing_and_unreadable_files_still_raise_oserror(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        fileio.read_text(tmp_path / "nope.md")


def test_size_limit_names_the_file_and_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_bytes(b"x" * 10)
    assert fileio.read_file_bytes(path, limit=10) == b"x" * 10
    path.write_bytes(b"x" * 11)
    with pytest.raises(fileio.FileTooLargeError, match=r"post\.md is too large .*limit is 10 bytes") as info:
        fileio.read_file_bytes(path, limit=10)
    assert isinstance(info.value, PostError) and info.value.limit == 10


def test_default_limit_is_64_mib_for_read_text_and_post_load(tmp_path: Path) -> None:
    assert fileio.MAX_READ_BYTES == 64 << 20
    big = tmp_path / "huge.md"
    with open(big, "wb") as fh:  # sparse: costs no disk
        fh.truncate((64 << 20) + 1)
    with pytest.raises(fileio.FileTooLargeError, match=r"huge\.md .*limit is 64 MiB"):
        fileio.read_text(big)
    with pytest.raises(fileio.FileTooLargeError):
        Post.load(big)


@pytest.mark.skipif(not os.path.exists("/proc/self/maps"), reason="needs /proc (a regular file that says size 0)")
def test_reads_at_most_limit_plus_one_even_when_the_size_lies(monkeypatch: pytest.MonkeyPatch) -> None:
    assert os.stat("/proc/self/maps").st_size == 0  # regular, and its size says nothing
    got: list[int] = []
    real_read = os.read

    def counting_read(fd: int, n: int) -> bytes:
        chunk = real_read(fd, n)
        got.append(len(chunk))
        return chunk

    monkeypatch.setattr(fileio.os, "read", counting_read)
    with pytest.raises(fileio.FileTooLargeError):
        fileio.read_file_bytes("/proc/self/maps", limit=100)
    assert sum(got) == 101


# ============================================================ 22. a save keeps the file's metadata


def test_atomic_write_reports_what_it_did(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    result = fileio_write.atomic_write(path, b"new")
    assert result == fileio_write.WriteResult(path=path, in_place=False, warnings=())
    assert fileio_write.atomic_write(path, b"again").warnings == ()


@needs_root
def test_save_as_root_keeps_another_users_owner_and_group(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_bytes(b"old")
    os.chown(path, 12345, 23456)
    path.chmod(0o644)
    result = fileio_write.atomic_write(path, b"new")
    st = path.stat()
    assert (st.st_uid, st.st_gid) == (12345, 23456)
    assert stat.S_IMODE(st.st_mode) == 0o644
    assert path.read_bytes() == b"new" and result.warnings == ()


@needs_root
def test_set_group_id_bit_survives_the_chown(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_bytes(b"old")
    os.chown(path, 12345, 23456)
    path.chmod(0o2664)  # chown clears set-id bits: the mode must be set after it
    fileio_write.atomic_write(path, b"new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o2664


def _xattrs_or_skip(path: Path) -> None:
    if not hasattr(os, "setxattr"):
        pytest.skip("no extended attributes on this platform")
    try:
        os.setxattr(path, "user.origin", b"https://example.org/source")
    except OSError as exc:
        if exc.errno in (errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM):
            pytest.skip(f"the temp folder's file system has no user.* attributes ({exc.strerror})")
        raise


def test_save_keeps_extended_attributes(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_bytes(b"old")
    _xattrs_or_skip(path)
    os.setxattr(path, "user.xdg.tags", b"blog,draft")
    result = fileio_write.atomic_write(path, b"new")
    assert os.getxattr(path, "user.origin") == b"https://example.org/source"
    assert os.getxattr(path, "user.xdg.tags") == b"blog,draft"
    assert path.read_bytes() == b"new" and result.warnings == ()


def test_hard_links_stay_one_file(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    other = tmp_path / "linked.md"
    path.write_bytes(b"old content, longer than the new one")
    os.link(path, other)
    inode = path.stat().st_ino
    result = fileio_write.atomic_write(path, b"new")
    assert other.read_bytes() == b"new" == path.read_bytes()
    assert path.stat().st_ino == inode and path.stat().st_nlink == 2
    assert result.in_place
    assert any("2 hard links" in w and "in place" in w for w in result.warnings)
    assert sorted(os.listdir(tmp_path)) == ["linked.md", "post.md"]  # the backup copy is gone
    fileio_write.atomic_write(other, b"a longer text than before, through the other link")
    assert path.read_bytes() == b"a longer text than before, through the other link"


def test_post_save_keeps_hard_links(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_bytes(b"---\ntitle: Old\n---\nBody\n")
    os.link(path, tmp_path / "mirror.md")
    post = Post.load(path)
    post.metadata["title"] = "New"
    post.save()
    assert (tmp_path / "mirror.md").read_bytes() == b"---\ntitle: New\n---\nBody\n"


def _fail_once(monkeypatch: pytest.MonkeyPatch, name: str, when: Any) -> None:
    """Make ``os.<name>`` fail with ENOSPC on the first call for which ``when(args)`` holds."""
    real = getattr(os, name)
    state = {"failed": False}

    def fake(*args: Any) -> Any:
        if not state["failed"] and when(args):
            state["failed"] = True
            if name == "write":  # half of it lands first
                real(args[0], bytes(args[1])[: len(args[1]) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args)

    monkeypatch.setattr(fileio.os, name, fake)


NEW = b"the new text that never lands completely, longer than the old"


@pytest.mark.parametrize("stage", ["write", "ftruncate", "fsync"])
def test_failed_in_place_write_restores_the_old_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    path = tmp_path / "post.md"
    path.write_bytes(b"precious old content")
    os.link(path, tmp_path / "linked.md")
    fsyncs = {"n": 0}

    def second_fsync(args: Any) -> bool:  # the first fsync is the backup's
        fsyncs["n"] += 1
        return fsyncs["n"] == 2

    when = {
        "write": lambda args: bytes(args[1][:8]) == NEW[:8],
        "ftruncate": lambda args: True,
        "fsync": second_fsync,
    }[stage]
    _fail_once(monkeypatch, stage, when)
    with pytest.raises(WriteError, match="No space left on device.*not changed"):
        fileio_write.atomic_write(path, NEW)
    monkeypatch.undo()
    assert path.read_bytes() == b"precious old content" == (tmp_path / "linked.md").read_bytes()
    assert sorted(os.listdir(tmp_path)) == ["linked.md", "post.md"]


def test_when_even_the_restore_fails_the_backup_is_kept_and_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "post.md"
    path.write_bytes(b"precious old content")
    os.link(path, tmp_path / "linked.md")

    def broken(*args: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(fileio.os, "ftruncate", broken)
    with pytest.raises(WriteError, match="could not be put back") as info:
        fileio_write.atomic_write(path, NEW)
    monkeypatch.undo()
    backups = [p for p in tmp_path.iterdir() if p.name.endswith(".bak")]
    assert len(backups) == 1 and str(backups[0]) in str(info.value)
    assert backups[0].read_bytes() == b"precious old content"
    fileio_write.atomic_write(path, b"a later save")  # its clean-up keeps the only intact old copy
    assert backups[0].read_bytes() == b"precious old content"


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o044, 0o464, 0o000])
def test_read_only_files_are_refused_even_for_root(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "post.md"
    path.write_bytes(b"keep me")
    path.chmod(mode)
    assert fileio_write.is_read_only(path)
    with pytest.raises(fileio_write.ReadOnlyError, match=r"post\.md is read-only") as info:
        fileio_write.atomic_write(path, b"replaced")
    assert isinstance(info.value, WriteError)
    assert path.read_bytes() == b"keep me" if mode & 0o444 or IS_ROOT else True
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert os.listdir(tmp_path) == ["post.md"]


def test_force_writes_a_read_only_file_and_keeps_it_read_only(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_bytes(b"old")
    path.chmod(0o444)
    if not IS_ROOT and not os.access(tmp_path, os.W_OK):
        pytest.skip("the folder is not writable")
    fileio_write.atomic_write(path, b"new", force=True)
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


def test_post_save_refuses_a_read_only_file(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_bytes(b"---\ntitle: Old\n---\nBody\n")
    post = Post.load(path)
    path.chmod(0o444)
    post.metadata["title"] = "New"
    with pytest.raises(fileio_write.ReadOnlyError):
        post.save()
    assert path.read_bytes() == b"---\ntitle: Old\n---\nBody\n"


def test_writable_files_are_not_read_only(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_bytes(b"x")
    path.chmod(0o644)
    assert not fileio_write.is_read_only(path)
    assert not fileio_write.is_read_only(tmp_path / "missing.md")


@posix_only
def test_a_fifo_target_is_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    with deadline(5), pytest.raises(WriteError, match="named pipe"):
        fileio_write.atomic_write(fifo, b"data")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


# ============================================================ 23. stray bytes in UTF-8 files

UTF8_POST = "---\ntitle: Café\n---\nNaïve résumé — done.\n".encode()


@pytest.mark.parametrize("stray", [b"\x92", b"\xe9", b"\xa0", b"\x85", b"\xc3"])
def test_utf8_with_one_stray_byte_stays_utf8_and_round_trips(stray: bytes) -> None:
    data = UTF8_POST + b"It" + stray + b"s fine.\n"
    tf = fileio.decode_bytes(data, name="post.md")
    assert tf.encoding == "utf-8" and tf.errors == "surrogateescape"
    assert tf.text.startswith("---\ntitle: Café\n")
    assert tf.stray_bytes == 1
    assert tf.warnings and "post.md" in tf.warnings[0] and "1 byte" in tf.warnings[0] and "line 5" in tf.warnings[0]
    assert tf.encode() == data
    added = tf.text + "Déjà vu ✓ 😀\n"
    assert tf.encode(added) == data + "Déjà vu ✓ 😀\n".encode()  # new text is UTF-8


def test_post_with_a_stray_byte_saves_accents_as_utf8_and_stays_utf8(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    data = UTF8_POST + b"It\x92s fine.\n"
    path.write_bytes(data)
    post = Post.load(path)
    assert post.metadata["title"] == "Café" and post.encoding == "utf-8"
    assert post.to_bytes() == data
    post.content += "Über naïve — ✓\n"
    post.metadata["title"] = "Crème brûlée"
    post.save()
    written = path.read_bytes()
    assert written == data.replace(b"Caf\xc3\xa9", "Crème brûlée".encode()) + "Über naïve — ✓\n".encode()
    again = fileio.read_text(path)
    assert again.encoding == "utf-8" and again.stray_bytes == 1  # the edit did not flip it


def test_a_few_strays_in_a_long_post_are_kept() -> None:
    data = ("Déjà vu. " * 200).encode() + b"\x92" * 4 + ("Ünïcödé " * 100).encode() + b"\xe9" * 5
    tf = fileio.decode_bytes(data)
    assert (tf.encoding, tf.stray_bytes) == ("utf-8", 9)  # 9 <= 1% of ~1,400 non-ASCII bytes
    assert tf.encode() == data and "9 bytes" in tf.warnings[0]


def test_many_strays_are_not_mostly_utf8() -> None:
    data = "Café\n".encode() + b"\xe9t\xe9 \xe0 l'\xe9cole, tr\xe8s\n"  # 1 valid character, 5 strays
    tf = fileio.decode_bytes(data)
    assert tf.encoding == "cp1252" and tf.stray_bytes == 0 and tf.encode() == data


def test_utf8_bom_with_a_stray_byte_is_kept() -> None:
    data = b"\xef\xbb\xbf" + UTF8_POST + b"\x92\n"
    tf = fileio.decode_bytes(data)
    assert (tf.encoding, tf.bom, tf.stray_bytes) == ("utf-8", b"\xef\xbb\xbf", 1)
    assert tf.encode() == data


def test_valid_utf8_has_no_strays_or_warnings() -> None:
    tf = fileio.decode_bytes(UTF8_POST)
    assert (tf.errors, tf.stray_bytes, tf.warnings) == ("strict", 0, ())


CJK = ("cp932", "shift_jis", "shift_jis_2004", "shift_jisx0213", "euc_jp", "big5", "big5hkscs", "gb18030", "gbk")


@pytest.mark.parametrize(
    "data",
    [
        b"It\x92s plain ASCII plus one byte\n",
        b"caf\xe9 au lait, cr\xe8me br\xfbl\xe9e\n",
        UTF8_POST + b"x\x85y\n",
    ],
    ids=["ascii-one-byte", "isolated-latin", "utf8-nel"],
)
def test_mostly_ascii_or_utf8_never_reads_as_a_cjk_code_page(data: bytes) -> None:
    tf = fileio.decode_bytes(data)
    assert tf.encoding not in CJK and tf.encoding in ("utf-8", "cp1252")
    assert tf.encode() == data


def test_detection_is_the_same_in_every_process() -> None:
    samples = [UTF8_POST + b"It\x92s\n", b"It\x92s plain\n", "日本語の記事です。".encode("cp932") * 3]
    code = (
        "from editor.core import fileio\n"
        f"for s in {samples!r}:\n"
        "    tf = fileio.decode_bytes(s); print(tf.encoding, tf.stray_bytes, ascii(tf.text))\n"
    )
    outputs = set()
    for seed in ("0", "1", "42", "random"):
        out = run_python(code, PYTHONHASHSEED=seed)
        assert out.returncode == 0, out.stderr
        outputs.add(out.stdout)
    assert len(outputs) == 1
    assert outputs.pop().splitlines()[0].startswith("utf-8 1 ")


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("---\ntitle: 日本語の記事\n---\n本文です。今日は良い天気ですね。\n" * 3, "shift_jis"),
        ("---\ntitle: „Fuß“ und Straße\n---\nMädchen, Übung, schön, Größe. Fuß“ ok\n" * 3, "cp1252"),
        ("It\u2019s \u201cquoted\u201d \u2014 and that\u2019s fine. " * 5, "cp1252"),
    ],
    ids=["shift-jis", "german-cp1252-with-accidental-utf8", "cp1252-quotes"],
)
def test_genuinely_legacy_posts_are_detected_as_before(text: str, codec: str) -> None:
    data = text.encode(codec)
    tf = fileio.decode_bytes(data)
    assert tf.text == text and tf.encode() == data
    assert getattr(tf, "stray_bytes", 0) == 0  # (passes on the code before stray bytes, too)


def test_binary_is_still_refused() -> None:
    with pytest.raises(NotTextError, match="not a text file"):
        fileio.decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 4)


# ============================================================ 24. temp files of killed saves

KILLER = """
import os, signal, sys
from editor.core import fileio_write
real_fsync = os.fsync
def die(fd):
    real_fsync(fd)
    os.kill(os.getpid(), signal.SIGKILL)
os.fsync = die
fileio_write.atomic_write(sys.argv[1], b"half-saved")
"""


def _kill_a_save(path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", KILLER, str(path)], cwd=ROOT, env=env, timeout=60)
    assert out.returncode == -signal.SIGKILL


@posix_only
def test_temp_files_of_killed_saves_are_cleaned_at_the_next_save(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_bytes(b"old")
    for _ in range(5):
        _kill_a_save(path)
    leftovers = [n for n in os.listdir(tmp_path) if n != "post.md"]
    assert len(leftovers) == 5 and all(n.startswith(".post.md.") and n.endswith(".tmp") for n in leftovers)
    assert path.read_bytes() == b"old"  # a killed save never harms the file
    other = tmp_path / ".other.md.1.abcdefgh.tmp"  # another file's: not this save's business
    other.write_bytes(b"x")
    fileio_write.atomic_write(path, b"new")
    assert sorted(os.listdir(tmp_path)) == [other.name, "post.md"]
    assert path.read_bytes() == b"new"


@posix_only
def test_the_temp_name_carries_the_writer_pid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real_replace = os.replace

    def spy(src: str, dst: Any) -> None:
        seen.append(os.path.basename(src))
        real_replace(src, dst)

    monkeypatch.setattr(fileio.os, "replace", spy)
    fileio_write.atomic_write(tmp_path / "post.md", b"x")
    assert len(seen) == 1 and seen[0].startswith(f".post.md.{os.getpid()}.") and seen[0].endswith(".tmp")


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


@posix_only
def test_clean_stale_temp_files_removes_only_ours_and_never_a_live_writers(tmp_path: Path) -> None:
    gone = dead_pid()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (tmp_path / "post.md").write_bytes(b"post")
        names = {
            "dead": f".post.md.{gone}.abc_1234.tmp",
            "dead_other_file": f".notes.md.{gone}.zz9zz9zz.tmp",
            "old_style_old": ".post.md.k2j4h5g6.tmp",
            "ours_alive": f".post.md.{os.getpid()}.aaaaaaaa.tmp",
            "live_child": f".post.md.{live.pid}.bbbbbbbb.tmp",
            "old_style_fresh": ".post.md.q1w2e3r4.tmp",
            "old_but_live": f".post.md.{live.pid}.cccccccc.tmp",
            "not_ours_1": ".post.md.tmp",
            "not_ours_2": "post.md.abcdefgh.tmp",
            "not_ours_3": ".post.md.notes.tmp",
            "not_ours_4": f".post.md.{gone}.ABCDEFGH.tmp",
        }
        for name in names.values():
            (tmp_path / name).write_bytes(b"x")
        _age(tmp_path / names["old_style_old"], 3600)
        _age(tmp_path / names["old_but_live"], 3600)
        (tmp_path / f".linked.md.{gone}.abcdefgh.tmp").symlink_to(tmp_path / "post.md")
        (tmp_path / f".dir.md.{gone}.abcdefgh.tmp").mkdir()

        removed = fileio_write.clean_stale_temp_files(tmp_path)

        expected = {names["dead"], names["dead_other_file"], names["old_style_old"]}
        assert {p.name for p in removed} == expected
        assert all(p.parent == tmp_path for p in removed)
        left = set(os.listdir(tmp_path))
        assert left == ({"post.md", *names.values()} - expected) | {
            f".linked.md.{gone}.abcdefgh.tmp",
            f".dir.md.{gone}.abcdefgh.tmp",
        }
        assert (tmp_path / "post.md").read_bytes() == b"post"
    finally:
        live.kill()
        live.wait()


@posix_only
def test_clean_for_one_file_leaves_other_files_temps(tmp_path: Path) -> None:
    gone = dead_pid()
    mine = tmp_path / f".a.md.{gone}.abcdefgh.tmp"
    theirs = tmp_path / f".b.md.{gone}.abcdefgh.tmp"
    mine.write_bytes(b"x")
    theirs.write_bytes(b"x")
    assert fileio_write.clean_stale_temp_files(tmp_path, "a.md") == [mine]
    assert theirs.exists()


@posix_only
def test_backup_of_an_interrupted_in_place_save_is_kept_unless_it_is_redundant(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_bytes(b"half-written new conte")  # the in-place write was killed
    gone = dead_pid()
    backup = tmp_path / f".post.md.{gone}.abcdefgh.bak"
    backup.write_bytes(b"the intact old content")
    assert fileio_write.clean_stale_temp_files(tmp_path) == []
    assert backup.read_bytes() == b"the intact old content"
    path.write_bytes(b"the intact old content")  # killed before it wrote anything
    assert fileio_write.clean_stale_temp_files(tmp_path) == [backup]


def test_replace_stray_bytes_gives_text_every_consumer_can_encode() -> None:
    tf = fileio.decode_bytes(UTF8_POST + b"It\x92s\n")
    shown = fileio.replace_stray_bytes(tf.text)
    assert shown.endswith("It\ufffds\n") and shown.encode("utf-8")
    assert fileio.replace_stray_bytes(tf.text, "?").endswith("It?s\n")
    assert fileio.replace_stray_bytes("plain") == "plain"
