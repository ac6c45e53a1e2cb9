"""The site's own development server, for the live Site tab: the generator's command with
drafts and future posts on, bound to a free loopback port; the post's URL from the
generator's permalink rules; and a process that never outlives the editor (Linux: it is
sent SIGTERM when the editor's process dies, however it dies; elsewhere it is stopped when
the site is closed or the window quits).

It runs the site's own code (its generator, its plugins), so the window starts it only
after the author allows it for that site.
"""

from __future__ import annotations

import collections
import ctypes
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from editor.core.site import Site

HOST = "127.0.0.1"
LOG_LINES = 2000


@dataclass(frozen=True)
class ServerCommand:
    generator: str
    argv: list[str]
    port: int

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}/"


def free_port() -> int:
    """A TCP port nothing listens on now, on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def server_command(site: Site, port: int) -> ServerCommand | None:
    """The development server of ``site``'s generator, when it is installed; None otherwise."""
    base = f"http://{HOST}:{port}/"
    if site.generator == "hugo" and shutil.which("hugo"):
        argv = ["hugo", "server", "-D", "-F", "--bind", HOST, "--port", str(port), "--baseURL", base]
        return ServerCommand("hugo", argv + ["--appendPort=false", "--disableLiveReload", "--disableFastRender"], port)
    if site.generator == "jekyll" and shutil.which("jekyll"):
        argv = ["jekyll", "serve", "--drafts", "--future", "--host", HOST, "--port", str(port)]
        return ServerCommand("jekyll", argv, port)
    if site.generator == "zola" and shutil.which("zola"):
        return ServerCommand("zola", ["zola", "serve", "--drafts", "--interface", HOST, "--port", str(port)], port)
    if site.generator == "astro" and shutil.which("npx"):
        argv = ["npx", "--no-install", "astro", "dev", "--host", HOST, "--port", str(port)]
        return ServerCommand("astro", argv, port)
    # Eleventy's server takes no address to listen on (it listens on every interface): not offered.
    return None


def generator_program(site: Site) -> str | None:
    """The program the site's generator needs, to say what is missing."""
    return {"hugo": "hugo", "jekyll": "jekyll", "zola": "zola", "astro": "npx"}.get(site.generator)


# --------------------------------------------------------------------------- the post's URL

_TOKEN = re.compile(r":(\w+)")


def urlize(text: str) -> str:
    """A title or name as the generators put it in a URL: lower case, words joined by ``-``."""
    text = re.sub(r"[^\w\s-]", "", text.lower(), flags=re.UNICODE)
    return re.sub(r"[\s_]+", "-", text).strip("-")


def post_path(site: Site, post: Path, metadata: dict[str, Any]) -> str:
    """The path the site serves ``post`` at (``/posts/hello/``), from the generator's rules:
    the post's ``url`` or ``permalink``, else the site's permalink pattern, else the default."""
    for key in ("url", "permalink"):
        given = metadata.get(key)
        if isinstance(given, str) and given.strip():
            return "/" + given.strip().strip("/") + ("/" if not given.endswith((".html", ".htm")) else "")
    root = _content_root(site, post)
    relative = PurePosixPath(post.resolve().relative_to(root).as_posix()) if root else PurePosixPath(post.name)
    bundle = relative.stem in ("index", "_index")
    name = relative.parent.name if bundle else relative.stem
    section = relative.parts[0] if len(relative.parts) > 1 else ""
    if site.generator == "jekyll":
        name = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", name)
    slug = str(metadata.get("slug") or "") or (urlize(name) if site.generator != "hugo" else name)
    pattern = _permalink(site, section)
    when = _date(metadata.get("date"), relative.stem)
    if pattern:
        values = {
            "year": f"{when.year:04}" if when else "",
            "month": f"{when.month:02}" if when else "",
            "day": f"{when.day:02}" if when else "",
            "slug": slug,
            "title": urlize(str(metadata.get("title") or name)),
            "filename": name,
            "section": section,
            "contentbasename": name,
        }
        path = _TOKEN.sub(lambda m: values.get(m[1], m[0]), pattern)
        return "/" + path.strip("/") + ("/" if pattern.endswith("/") else "")
    parent = relative.parent.parent if bundle else relative.parent
    parts = [*parent.parts, slug] if parent.parts else [slug]
    if site.generator == "jekyll" and when:
        parts = [f"{when.year:04}", f"{when.month:02}", f"{when.day:02}", slug]
        return "/" + "/".join(parts) + ".html"
    path = "/" + "/".join(p for p in parts if p) + "/"
    return path.lower() if site.generator == "hugo" else path


def _content_root(site: Site, post: Path) -> Path | None:
    real = post.resolve()
    for folder in (Path(f).resolve() for f in site.content_folders):
        if folder in real.parents:
            # Hugo's sections start under content/: a content folder deeper than that keeps its name
            content = site.root.resolve() / "content"
            return content if site.generator == "hugo" and content in real.parents else folder
    content = site.root.resolve() / "content"
    return content if content in real.parents else None


def _permalink(site: Site, section: str) -> str | None:
    """The site's permalink pattern for ``section`` (Hugo's ``[permalinks]``, Jekyll's ``permalink``)."""
    for name in ("hugo.toml", "config.toml", "_config.yml", "hugo.yaml", "config.yaml"):
        try:
            text = (site.root / name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if name.endswith(".toml"):
            table = re.search(r"^\[permalinks\]\s*$(.*?)(?=^\[|\Z)", text, re.MULTILINE | re.DOTALL)
            found = re.findall(r"""^\s*["']?([\w-]+)["']?\s*=\s*["']([^"']+)["']""", table[1], re.M) if table else []
            rules: dict[str, str] = {str(key): str(value) for key, value in found}
            if section in rules or "page" in rules:
                return rules.get(section) or rules["page"]
        else:
            match = re.search(r"""^permalink:\s*["']?([^\s"']+)""", text, re.MULTILINE)
            if match and match[1].startswith("/"):
                return match[1]
    return None


def _date(value: Any, stem: str) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "") or stem
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return None


# --------------------------------------------------------------------------- the process


_LIBC: list[Any] = []  # loaded before forking: the child may not load libraries (other threads held locks)


def _tied_to(parent: int) -> Callable[[], None]:
    """What the server's process runs before exec: its own process group, and (Linux)
    SIGTERM when the editor's process dies, even before this ran."""

    def tie() -> None:  # pragma: no cover - runs in the child, before exec
        os.setsid()
        if _LIBC:
            _LIBC[0].prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
            if os.getppid() != parent:  # the editor died before the tie was made
                os._exit(1)

    return tie


class SiteServer:
    """One development server: started, its output kept (the last lines), stopped with the
    whole process group it started."""

    def __init__(self, command: ServerCommand, root: Path, on_line: Callable[[str], None] | None = None) -> None:
        self.command, self.root = command, root
        self.log: collections.deque[str] = collections.deque(maxlen=LOG_LINES)
        self.lines = 0  # how many lines it has printed in all (the log keeps the last ones)
        self._on_line = on_line
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the server. Call from a thread that lives as long as the editor (the GUI
        thread): on Linux the server is tied to the thread that started it."""
        env = dict(os.environ, HUGO_ENVIRONMENT="development")
        if sys.platform.startswith("linux") and not _LIBC:
            _LIBC.append(ctypes.CDLL(None, use_errno=True))
        self.process = subprocess.Popen(
            self.command.argv,
            cwd=self.root,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=env,
            preexec_fn=_tied_to(os.getpid()) if os.name == "posix" else None,  # noqa: PLW1509 - setsid, prctl
        )
        threading.Thread(target=self._read, name="site-server-log", daemon=True).start()

    def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for raw in self.process.stdout:
            line = raw.decode("utf-8", errors="replace").rstrip()
            self.log.append(line)
            self.lines += 1
            if self._on_line is not None:
                self._on_line(line)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def wait_ready(self, timeout: float = 60.0) -> bool:
        """Wait until the server answers on its port (True), or exits or takes too long (False)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.running:
                return False
            try:
                with urllib.request.urlopen(self.command.base_url, timeout=2):  # noqa: S310 - our loopback URL
                    return True
            except urllib.error.HTTPError:
                return True  # it answers (a 404 at / is still a server)
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        return False

    def text(self) -> str:
        return "\n".join(self.log)

    def stop(self, grace: float = 5.0) -> None:
        """Stop the server and everything it started (its process group)."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        for sig, fallback in ((signal.SIGTERM, process.terminate), (signal.SIGKILL, process.kill)):
            try:
                os.killpg(process.pid, sig)
            except (ProcessLookupError, PermissionError, AttributeError):
                fallback()
            try:
                process.wait(grace)
                return
            except subprocess.TimeoutExpired:
                continue  # SIGKILL next; after it, a process stuck in the kernel: nothing more to do
