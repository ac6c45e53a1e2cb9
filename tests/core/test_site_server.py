"""The site's development server for the live Site tab: the generator's command on a free
loopback port with drafts and future posts, the post's URL from the permalink rules, and a
server that is gone when the editor's process is, even killed with SIGKILL."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from editor.core.site import Site
from editor.core.site_server import SiteServer, free_port, post_path, server_command

needs_hugo = pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed (Debian package hugo)")


def hugo_site(root: Path, config: str = "") -> Path:
    (root / "content/posts").mkdir(parents=True)
    (root / "layouts/_default").mkdir(parents=True)
    (root / "hugo.toml").write_text('title = "T"\n' + config, encoding="utf-8")
    layout = "<html><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n"
    (root / "layouts/_default/single.html").write_text(layout, encoding="utf-8")
    (root / "layouts/_default/list.html").write_text("<html><body>list</body></html>\n", encoding="utf-8")
    post = root / "content/posts/Hello-World.md"
    post.write_text("---\ntitle: Hello\ndraft: true\ndate: 2099-01-01\n---\nBody text.\n", encoding="utf-8")
    return post


def test_the_posts_url_follows_the_generators_rules(tmp_path: Path) -> None:
    post = hugo_site(tmp_path / "hugo")
    site = Site.detect(tmp_path / "hugo")
    assert post_path(site, post, {"title": "Hello"}) == "/posts/hello-world/"
    assert post_path(site, post, {"slug": "greeting"}) == "/posts/greeting/"
    assert post_path(site, post, {"url": "/special/place/"}) == "/special/place/"
    bundle = tmp_path / "hugo/content/posts/trip/index.md"
    bundle.parent.mkdir()
    bundle.write_text("---\ntitle: Trip\n---\n", encoding="utf-8")
    assert post_path(site, bundle, {}) == "/posts/trip/"
    (tmp_path / "hugo/hugo.toml").write_text('title = "T"\n[permalinks]\nposts = "/:year/:month/:slug/"\n')
    assert post_path(Site.detect(tmp_path / "hugo"), post, {"date": "2024-05-01", "slug": "s"}) == "/2024/05/s/"
    jekyll = tmp_path / "jekyll"
    (jekyll / "_posts").mkdir(parents=True)
    (jekyll / "_config.yml").write_text("title: J\n", encoding="utf-8")
    jpost = jekyll / "_posts/2024-05-01-Hello-There.md"
    jpost.write_text("---\ntitle: Hello There\n---\n", encoding="utf-8")
    assert post_path(Site.detect(jekyll), jpost, {}) == "/2024/05/01/hello-there.html"


@needs_hugo
def test_hugo_server_serves_the_draft_on_loopback_and_stops(tmp_path: Path) -> None:
    post = hugo_site(tmp_path / "site")
    site = Site.detect(tmp_path / "site")
    command = server_command(site, free_port())
    assert command is not None and command.base_url.startswith("http://127.0.0.1:")
    server = SiteServer(command, site.root)
    server.start()
    try:
        assert server.wait_ready(60), server.text()
        url = command.base_url.rstrip("/") + post_path(site, post, {})
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 - loopback
            page = answer.read().decode()
        assert "<h1>Hello</h1>" in page and "Body text." in page  # a draft, dated in the future
    finally:
        server.stop()
    assert not server.running and "Serving pages" in server.text()


CHILD = """
import sys, time
from pathlib import Path
from editor.core.site import Site
from editor.core.site_server import SiteServer, free_port, server_command
site = Site.detect(Path(sys.argv[1]))
server = SiteServer(server_command(site, free_port()), site.root)
server.start()
server.wait_ready(60)
print(server.process.pid, flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] if Path(f"/proc/{pid}").exists() else ""
    return state != "Z"


def gone(pid: int, within: float = 10.0) -> bool:
    """Whether process ``pid`` ends within ``within`` seconds."""
    deadline = time.monotonic() + within
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not _alive(pid)


@needs_hugo
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the server is tied to its parent on Linux")
def test_the_server_does_not_outlive_an_editor_killed_with_sigkill(tmp_path: Path) -> None:
    hugo_site(tmp_path / "site")
    editor = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path / "site")], stdout=subprocess.PIPE, text=True)
    assert editor.stdout is not None
    server_pid = int(editor.stdout.readline())
    assert _alive(server_pid)
    editor.send_signal(signal.SIGKILL)
    editor.wait(10)
    assert gone(server_pid)
