"""Smoke test for the desktop bundle built by `make bundle` (packaging/post-editor.spec).

Runs the bundled program dist/post-editor/post-editor the way someone without
Python would: a clean environment (HOME and XDG_* in a temporary folder, no
PYTHONPATH, no virtualenv, cwd a temporary folder), on a copy of the sample site.
Where the checkout's own program (.venv/bin/post-editor) can produce the same
output, the two are compared byte for byte.

Prints one line per step, then a summary line; exits 1 on any failure.

    python packaging/bundle_check.py [--bundle dist/post-editor] [--tarball dist/post-editor-*.tar.gz]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "examples" / "sample-site"
WINDOW_SECONDS = 10
TIMEOUT = 120  # seconds for one headless command


class StepFailed(Exception):
    pass


class Checker:
    def __init__(self, bundle: Path, reference: Path, work: Path, tarball: Path | None = None) -> None:
        self.bundle = bundle.resolve()
        self.tarball = tarball.resolve() if tarball else None
        self.exe = self.bundle / "post-editor"
        self.reference = reference
        self.work = work
        self.passed = 0
        self.failed = 0
        home = work / "home"
        runtime = work / "runtime"
        for folder in (home, runtime):
            folder.mkdir(mode=0o700)
        # Only what a desktop session would have; nothing that points at the checkout.
        self.env = {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_STATE_HOME": str(home / ".local" / "state"),
            "XDG_RUNTIME_DIR": str(runtime),
            "TMPDIR": str(work),
            "LANG": "C.UTF-8",
            "QT_QPA_PLATFORM": "offscreen",
            "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox",  # CI runs as root
        }
        self.cwd = work / "cwd"
        self.cwd.mkdir()
        self.site = work / "site"
        shutil.copytree(SITE, self.site)

    # ------------------------------------------------------------ helpers
    def run(self, program: Path, *args: str | Path) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [str(program), *map(str, args)],
            env=self.env,
            cwd=self.cwd,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )

    def run_ok(self, program: Path, *args: str | Path) -> subprocess.CompletedProcess[bytes]:
        result = self.run(program, *args)
        if result.returncode != 0:
            who = "bundle" if program == self.exe else "checkout"
            command = " ".join(map(str, args))
            raise StepFailed(f"{who} `{command}` exited {result.returncode}: {_tail(result.stderr or result.stdout)}")
        return result

    def step(self, name: str, check: Callable[[], str]) -> None:
        started = time.monotonic()
        try:
            detail = check()
        except StepFailed as exc:
            self.failed += 1
            print(f"FAIL {name}: {exc}", flush=True)
        except Exception as exc:  # a bug in the check itself still counts as a failure
            self.failed += 1
            print(f"FAIL {name}: {type(exc).__name__}: {exc}", flush=True)
        else:
            self.passed += 1
            print(f"ok   {name}: {detail} ({time.monotonic() - started:.1f} s)", flush=True)

    def posts(self) -> list[Path]:
        posts = sorted((self.site / "src" / "content").rglob("*.md"))
        if not posts:
            raise StepFailed(f"no posts found in {self.site}")
        return posts

    # -------------------------------------------------------------- steps
    def check_bundle(self) -> str:
        if not os.access(self.exe, os.X_OK):
            raise StepFailed(f"{self.exe} is missing or not executable; run `make bundle`")
        resources = self.bundle / "_internal" / "editor" / "resources" / "preview"
        if not resources.is_dir():
            raise StepFailed(f"{resources} is not a folder")
        return f"{self.exe}"

    def check_libraries(self) -> str:
        # Every Qt/PySide library that a bundled library, plugin or program asks for is in the
        # bundle: a trim in post-editor.spec that went too far shows here, by name.
        internal = self.bundle / "_internal"
        present = {p.name for p in internal.rglob("*") if p.is_file() or p.is_symlink()}
        ours = ("libQt6", "libpyside6", "libshiboken6", "libicu")
        missing: dict[str, list[str]] = {}
        checked = 0
        for path in sorted((internal / "PySide6").rglob("*")):
            if path.is_symlink() or not path.is_file():
                continue
            needed = _elf_needed(path)
            if needed is None:
                continue
            checked += 1
            for name in needed:
                if name.startswith(ours) and name not in present:
                    missing.setdefault(name, []).append(path.relative_to(internal).as_posix())
        if missing:
            raise StepFailed("; ".join(f"{name} (needed by {', '.join(users[:3])})" for name, users in missing.items()))
        return f"{checked} ELF files, every Qt library they link against is bundled"

    def expected_version(self) -> str:
        version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
        return f"post-editor {version}"

    def check_version(self, program: Path | None = None) -> str:
        expected = self.expected_version()
        out = self.run_ok(program or self.exe, "--version").stdout.decode("utf-8", "replace").strip()
        if out != expected:
            raise StepFailed(f"printed {out!r}, expected {expected!r}")
        return out

    def check_list(self) -> str:
        out = self.run_ok(self.exe, "list", self.site).stdout
        text = out.decode("utf-8")
        missing = [p.name for p in self.posts() if p.relative_to(self.site).as_posix() not in text]
        if missing:
            raise StepFailed(f"posts not listed: {', '.join(missing)}")
        reference = self.run_ok(self.reference, "list", self.site).stdout
        if out != reference:
            raise StepFailed("output differs from the checkout's `post-editor list`")
        first = next((line for line in text.splitlines() if re.match(r"\d+ posts", line)), "?")
        return f"{first}, same as the checkout's"

    def check_render(self) -> str:
        for post in self.posts():
            out = self.run_ok(self.exe, "render", post).stdout
            reference = self.run_ok(self.reference, "render", post).stdout
            if out != reference:
                sizes = f"{len(out)} vs {len(reference)} bytes"
                raise StepFailed(f"{post.name}: HTML differs from the checkout's ({sizes})")
            if b"<p>" not in out:
                raise StepFailed(f"{post.name}: no HTML paragraph in the output")
        return f"{len(self.posts())} posts, HTML byte for byte equal to the checkout's"

    def check_spelling(self) -> str:
        post = self.work / "spelling" / "post.md"
        post.parent.mkdir(parents=True, exist_ok=True)
        post.write_text(
            "---\ntitle: Orthographe\nlang: fr\n---\nDéjà l'été. Bonjuor.\n\n```\nbonjuor = 1\n```\n", encoding="utf-8"
        )
        found = []
        for program in (self.exe, self.reference):
            out = subprocess.run([str(program), "check", "--spelling", str(post)], capture_output=True, timeout=120)
            found.append(out.stdout.decode("utf-8"))
        if "'Bonjuor'" not in found[0] or found[0].count("not in the dictionary") != 1:
            raise StepFailed(f"the French dictionary did not find the one planted word: {found[0][:300]!r}")
        if found[0] != found[1]:
            raise StepFailed("output differs from the checkout's `post-editor check --spelling`")
        return "one planted French misspelling found, none in code, same as the checkout's"

    def check_export_html(self) -> str:
        stylesheet = (ROOT / "editor" / "resources" / "preview" / "preview.css").read_text(encoding="utf-8")
        forced = []
        for post in self.posts():
            outputs = []
            for program, folder in ((self.exe, "export-bundle"), (self.reference, "export-checkout")):
                target = self.work / folder
                target.mkdir(exist_ok=True)
                result = self.run(program, "export", post, "--as", "html", "--to", target)
                if result.returncode == 1 and b"--force" in result.stderr:  # the checks refuse; export anyway
                    forced.append(post.name)
                    result = self.run(program, "export", post, "--as", "html", "--to", target, "--force")
                if result.returncode != 0:
                    raise StepFailed(f"{post.name}: export exited {result.returncode}: {_tail(result.stderr)}")
                written = Path(result.stdout.decode("utf-8").strip().splitlines()[-1])
                if not written.is_absolute():
                    written = self.cwd / written
                if written.parent != target or not written.is_file():
                    raise StepFailed(f"{post.name}: expected an HTML file in {target}, got {written}")
                outputs.append(written.read_bytes())
            html = outputs[0].decode("utf-8")
            if stylesheet.strip() not in html:
                raise StepFailed(f"{post.name}: the exported HTML lacks the preview stylesheet")
            if outputs[0] != outputs[1]:
                raise StepFailed(f"{post.name}: exported HTML differs from the checkout's")
        note = f" (--force for {', '.join(forced)})" if forced else ""
        return f"{len(self.posts())} posts, with the preview stylesheet, equal to the checkout's{note}"

    def check_export_pdf(self) -> str:
        # Qt WebEngine's printToPdf: proves Chromium's printing works without QtPdf in the bundle.
        post = self.posts()[0]
        target = self.work / "export-pdf"
        target.mkdir()
        result = self.run(self.exe, "export", post, "--as", "pdf", "--to", target)
        if result.returncode == 1 and b"--force" in result.stderr:
            result = self.run(self.exe, "export", post, "--as", "pdf", "--to", target, "--force")
        if result.returncode != 0:
            raise StepFailed(f"exited {result.returncode}: {_tail(result.stderr)}")
        pdfs = list(target.glob("*.pdf"))
        if len(pdfs) != 1 or not pdfs[0].read_bytes().startswith(b"%PDF-"):
            raise StepFailed(f"no PDF written in {target}")
        return f"{pdfs[0].name}, {pdfs[0].stat().st_size // 1024} KB"

    def check_cover(self) -> str:
        post, cover = self._post_with_png_cover()
        public = self.site / "public"
        source = public / cover.lstrip("/")
        self.run_ok(self.exe, "cover", post)
        webp = source.with_suffix(".webp")
        if not webp.is_file():
            raise StepFailed(f"{webp.relative_to(self.site)} was not written")
        head = webp.read_bytes()[:12]
        if head[:4] != b"RIFF" or head[8:12] != b"WEBP":
            raise StepFailed(f"{webp.name} is not a WebP file")
        new_ref = cover[: -len(".png")] + ".webp"
        if new_ref not in post.read_text(encoding="utf-8"):
            raise StepFailed(f"{post.name}: front matter does not reference {new_ref}")
        return f"{post.name}: {cover} -> {new_ref} ({webp.stat().st_size // 1024} KB)"

    def _post_with_png_cover(self) -> tuple[Path, str]:
        pattern = re.compile(r"^cover:\s*['\"]?([^'\"\s]+\.png)['\"]?\s*$", re.MULTILINE | re.IGNORECASE)
        for post in self.posts():
            front = post.read_text(encoding="utf-8").split("\n---", 1)[0]
            match = pattern.search(front)
            if match:
                return post, match.group(1)
        raise StepFailed("no sample post has a PNG cover")

    def check_publish(self) -> str:
        """``publish`` from the bundle commits and pushes a post, with the git program and with
        the pure-Python engine (no git on PATH)."""
        git = shutil.which("git")
        if git is None:
            return "skipped: git is not installed here to set up the repositories"
        done = []
        for engine in ("git", "dulwich"):
            remote, clone = self.work / f"remote-{engine}.git", self.work / f"clone-{engine}"
            commands = [
                ["init", "-q", "--bare", "-b", "main", str(remote)],
                ["clone", "-q", str(remote), str(clone)],
                ["-C", str(clone), "checkout", "-q", "-b", "main"],
                ["-C", str(clone), "config", "user.name", "Bundle Check"],
                ["-C", str(clone), "config", "user.email", "check@example.com"],
            ]
            for args in commands:
                subprocess.run([git, *args], check=True, capture_output=True, timeout=60)
            post = clone / "post.md"
            text = "---\ntitle: From the bundle\ndate: 2024-05-01\ndescription: A post.\n---\nText.\n"
            post.write_text(text, encoding="utf-8")
            env = dict(self.env, POST_EDITOR_GIT=engine)
            if engine == "dulwich":
                env["PATH"] = "/nonexistent"
            result = subprocess.run(
                [str(self.exe), "publish", str(post)], env=env, cwd=self.cwd, capture_output=True, timeout=TIMEOUT
            )
            if result.returncode != 0:
                raise StepFailed(f"{engine}: publish exited {result.returncode}: {_tail(result.stderr)}")
            out = subprocess.run([git, "-C", str(remote), "log", "-1", "--format=%s"], capture_output=True, text=True)
            if out.stdout.strip() != "Publish: From the bundle":
                raise StepFailed(f"{engine}: the remote's last commit is {out.stdout.strip()!r}")
            done.append(engine)
        return f"a post committed and pushed with {' and with '.join(done)}"

    def check_window(self) -> str:
        log = self.work / "window.log"
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [str(self.exe), str(self.site)],
                env=self.env,
                cwd=self.cwd,
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, to end every helper with it
            )
        try:
            helpers: dict[int, str] = {}
            deadline = time.monotonic() + WINDOW_SECONDS
            while time.monotonic() < deadline:
                if process.poll() is not None:
                    raise StepFailed(
                        f"the window exited after {WINDOW_SECONDS - (deadline - time.monotonic()):.1f} s "
                        f"with status {process.returncode}: {_tail(log.read_bytes())}"
                    )
                for pid in _descendants(process.pid):
                    exe = _exe_of(pid)
                    if exe and Path(exe).name == "QtWebEngineProcess":
                        helpers[pid] = exe
                time.sleep(0.25)
            if not helpers:
                raise StepFailed(f"no QtWebEngineProcess child appeared: {_tail(log.read_bytes())}")
            outside = sorted({exe for exe in helpers.values() if not _inside(Path(exe), self.bundle)})
            if outside:
                raise StepFailed(f"QtWebEngineProcess runs from outside the bundle: {', '.join(outside)}")
            output = log.read_bytes()
            if b"Traceback" in output:
                raise StepFailed(f"a Python traceback was printed: {_tail(output)}")
            one = Path(next(iter(helpers.values()))).relative_to(self.bundle)
            return f"up {WINDOW_SECONDS} s, {len(helpers)} QtWebEngineProcess children from {one}"
        finally:
            _end(process)

    def check_install(self) -> str:
        # The release tarball: one folder holding install.sh and the bundle; install.sh in a
        # clean home puts the program under XDG_DATA_HOME, links ~/.local/bin/post-editor,
        # and install-desktop writes the menu entry.
        assert self.tarball is not None
        unpacked = self.work / "unpacked"
        unpacked.mkdir()
        subprocess.run(["tar", "-xzf", str(self.tarball), "-C", str(unpacked)], check=True, timeout=600)
        tops = list(unpacked.iterdir())
        if len(tops) != 1 or not (tops[0] / "install.sh").is_file() or not (tops[0] / "post-editor").is_dir():
            raise StepFailed(f"expected one folder with install.sh and post-editor/, found {[t.name for t in tops]}")
        result = subprocess.run(
            ["sh", str(tops[0] / "install.sh")],
            env=self.env,
            cwd=self.cwd,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=600,
            check=False,
        )
        if result.returncode != 0:
            raise StepFailed(f"install.sh exited {result.returncode}: {_tail(result.stderr or result.stdout)}")
        home = Path(self.env["HOME"])
        data = Path(self.env["XDG_DATA_HOME"])
        app = data / "post-editor" / "app" / "post-editor"
        link = home / ".local" / "bin" / "post-editor"
        if not os.access(app, os.X_OK):
            raise StepFailed(f"{app} was not installed")
        if not link.is_symlink() or link.resolve() != app.resolve():
            raise StepFailed(f"{link} does not link to {app}")
        version = self.check_version(link)
        entries = list((data / "applications").glob("*.desktop"))
        if not entries:
            raise StepFailed(f"install-desktop wrote no .desktop file: {_tail(result.stdout + result.stderr)}")
        if "post-editor" not in entries[0].read_text(encoding="utf-8"):
            raise StepFailed(f"{entries[0].name} does not start post-editor")
        return f"{self.tarball.name}: {version} via ~/.local/bin/post-editor, menu entry {entries[0].name}"

    # ----------------------------------------------------------------- all
    def run_all(self) -> int:
        self.step("bundle", self.check_bundle)
        if self.failed:
            print(self.summary())
            return 1
        self.step("libraries", self.check_libraries)
        self.step("--version", self.check_version)
        self.step("list", self.check_list)
        self.step("render", self.check_render)
        self.step("check --spelling", self.check_spelling)
        self.step("export --as html", self.check_export_html)
        self.step("export --as pdf", self.check_export_pdf)
        self.step("cover", self.check_cover)
        self.step("publish", self.check_publish)
        self.step("window", self.check_window)
        if self.tarball is not None:
            self.step("install.sh", self.check_install)
        print(self.summary())
        return 1 if self.failed else 0

    def summary(self) -> str:
        # Worded apart from a test runner's closing line: the test count is pytest's, not this.
        steps = self.passed + self.failed
        if not self.failed:
            return f"Bundle check: all {steps} steps passed."
        return f"Bundle check: {self.failed} of {steps} steps FAILED."


def _tail(output: bytes, lines: int = 6) -> str:
    text = output.decode("utf-8", "replace").strip().splitlines()
    return " | ".join(text[-lines:]) or "(no output)"


def _elf_needed(path: Path) -> list[str] | None:
    """The DT_NEEDED entries of a little-endian ELF64 file; None when it is not one."""
    import struct

    with path.open("rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:  # ELF, 64-bit, little-endian
        return None
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    needed: list[str] = []
    for _name, kind, _flags, _addr, offset, size, link, _info, _align, _entsize in sections:
        if kind != 6:  # SHT_DYNAMIC
            continue
        strtab_offset = sections[link][4]
        for pos in range(offset, offset + size, 16):
            tag, value = struct.unpack_from("<qQ", data, pos)
            if tag == 0:  # DT_NULL
                break
            if tag == 1:  # DT_NEEDED
                end = data.index(b"\0", strtab_offset + value)
                needed.append(data[strtab_offset + value : end].decode())
    return needed


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])  # the name may contain spaces or parentheses
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def _descendants(pid: int) -> list[int]:
    tree = _children()
    found: list[int] = []
    pending = list(tree.get(pid, []))
    while pending:
        child = pending.pop()
        found.append(child)
        pending.extend(tree.get(child, []))
    return found


def _exe_of(pid: int) -> str | None:
    try:
        return os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return None


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _end(process: subprocess.Popen[bytes]) -> None:
    """Terminate the window (SIGTERM, then SIGKILL) and whatever is left of its process group."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    try:
        os.killpg(process.pid, signal.SIGKILL)  # orphaned helpers, if any
    except (ProcessLookupError, PermissionError):
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "post-editor", help="the built folder")
    parser.add_argument(
        "--reference",
        type=Path,
        default=ROOT / ".venv" / "bin" / "post-editor",
        help="the checkout's program, for comparisons",
    )
    parser.add_argument("--tarball", type=Path, help="also unpack this release tarball and run its install.sh")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print its path")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="post-editor-bundle-check-"))
    try:
        return Checker(args.bundle, args.reference.absolute(), work, args.tarball).run_all()
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
