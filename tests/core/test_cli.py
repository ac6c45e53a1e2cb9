"""The command line explains itself: --version, --help, and one clear line for a mistake."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from editor.cli import COMMANDS

ROOT = Path(__file__).resolve().parents[2]
POST = ROOT / "examples/sample-site/src/content/blog/choosing-a-good-slug.md"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "editor", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=60
    )


def test_version_comes_from_the_package_metadata() -> None:
    out = run("--version")
    assert out.returncode == 0
    assert out.stdout == f"post-editor {version('post-editor')}\n"


def test_help_lists_every_command_with_its_summary() -> None:
    out = run("--help")
    assert out.returncode == 0
    for name, (_, summary) in COMMANDS.items():
        assert any(line.split() and line.split()[0] == name and summary in line for line in out.stdout.splitlines()), (
            name
        )
    assert "--new-instance" in out.stdout
    assert "--version" in out.stdout


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_command_has_its_own_help(name: str) -> None:
    out = run(name, "--help")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"usage: post-editor {name}")
    assert COMMANDS[name][1] in out.stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["lsit"], "unknown command 'lsit'; did you mean 'list'?"),
        (["frobnicate"], "unknown command 'frobnicate'"),
        (["no-such-post.md"], "no such file or folder: no-such-post.md"),
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["check"], "the following arguments are required: paths"),
        (["cover", str(POST), "--quality", "0"], "--quality must be between 1 and 100"),
        (["export", str(POST), "--to", "out", "--as", "docx"], "invalid choice: 'docx'"),
        (["render", str(POST), "extra"], "unrecognized arguments: extra"),
    ],
)
def test_mistakes_get_one_clear_line_and_status_2(args: list[str], says: str, tmp_path: Path) -> None:
    out = run(*args, cwd=tmp_path)
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.splitlines()
    assert len(lines) == 1, out.stderr
    assert says in lines[0]
    assert lines[0].startswith("post-editor")


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    long_post = tmp_path / "long.md"
    long_post.write_text("---\ntitle: Long\n---\n" + "A paragraph of text to render.\n\n" * 20000, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    render = subprocess.Popen(
        [sys.executable, "-m", "editor", "render", str(long_post)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert render.stdout is not None and render.stderr is not None
    render.stdout.read(100)
    render.stdout.close()  # as `| head` does
    err = render.stderr.read().decode()
    assert render.wait(timeout=60) == 141
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_install_desktop_puts_the_menu_entry_in_place_and_takes_it_away(tmp_path: Path) -> None:
    data = Path(os.environ["XDG_DATA_HOME"])
    desktop_file = data / "applications" / "org.posteditor.PostEditor.desktop"
    out = run("install-desktop", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "applications menu" in out.stdout
    assert desktop_file.is_file()
    assert (data / "icons/hicolor/256x256/apps/org.posteditor.PostEditor.png").is_file()
    assert (data / "metainfo/org.posteditor.PostEditor.metainfo.xml").is_file()
    # started as `python -m editor`, the entry runs the post-editor on the PATH
    assert "Exec=post-editor %F\n" in desktop_file.read_text(encoding="utf-8")

    out = run("install-desktop", "--uninstall", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert not desktop_file.exists()
    assert not any(p.is_file() for p in data.rglob("*") if "PostEditor" in p.name)
    again = run("install-desktop", "--uninstall", cwd=tmp_path)
    assert again.returncode == 0 and "Nothing to remove" in again.stdout


def test_install_desktop_names_this_program_when_the_path_has_another(tmp_path: Path) -> None:
    launcher = tmp_path / "bin with space" / "post-editor"
    launcher.parent.mkdir()
    launcher.write_text(f"#!{sys.executable}\nfrom editor.cli import main\nraise SystemExit(main())\n")
    launcher.chmod(0o755)
    env = dict(os.environ, PATH="/usr/bin:/bin")  # no post-editor on the PATH
    out = subprocess.run([str(launcher), "install-desktop"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    entry = (Path(os.environ["XDG_DATA_HOME"]) / "applications/org.posteditor.PostEditor.desktop").read_text()
    assert f'Exec="{launcher}" %F\n' in entry
