"""The desktop identity: desktop file, AppStream metainfo, icons, and the per-user install."""

from __future__ import annotations

import configparser
import importlib
import importlib.metadata
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from editor.core import desktop
from editor.core.desktop import ICON_SIZES
from editor.core.errors import PostError
from editor.core.identity import APP_ID, DIR_NAME
from editor.core.resources import resource_path

ROOT = Path(__file__).resolve().parents[2]
DESKTOP_FILE = resource_path("desktop", f"{APP_ID}.desktop")
METAINFO = resource_path("desktop", f"{APP_ID}.metainfo.xml")
SVG = resource_path("icons", f"{APP_ID}.svg")
# Files the cache tools write beside ours; install may create them, uninstall leaves them.
TOOL_CACHES = {Path("applications/mimeinfo.cache"), Path("icons/hicolor/icon-theme.cache")}


def entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


def validate_desktop_file(path: Path) -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate is not installed (Debian package desktop-file-utils)")
    out = subprocess.run([tool, str(path)], capture_output=True, text=True, timeout=60)
    report = out.stdout + out.stderr
    assert out.returncode == 0, report
    # Hints are advice; errors and warnings are not allowed.
    assert "error:" not in report and "warning:" not in report, report


def files_under(folder: Path) -> set[Path]:
    return {p.relative_to(folder) for p in folder.rglob("*") if p.is_file() or p.is_symlink()}


# The shipped files


def test_desktop_file_validates() -> None:
    validate_desktop_file(DESKTOP_FILE)


def test_metainfo_validates() -> None:
    tool = shutil.which("appstreamcli")
    if tool is None:
        pytest.skip("appstreamcli is not installed (Debian package appstream)")
    out = subprocess.run([tool, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True, timeout=120)
    report = out.stdout + out.stderr
    assert out.returncode == 0, report
    # Errors (E:) and warnings (W:) fail; infos (I:) and pedantic notes (P:) may remain.
    assert not [line for line in report.splitlines() if line.startswith(("E:", "W:"))], report


def test_one_id_everywhere() -> None:
    assert DESKTOP_FILE.name == f"{APP_ID}.desktop"
    assert entry(DESKTOP_FILE)["Icon"] == APP_ID
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    launchable = root.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP_FILE.name


def test_desktop_file_starts_the_program_with_files() -> None:
    fields = entry(DESKTOP_FILE)
    assert fields["Type"] == "Application"
    assert fields["Name"] == "Post Editor"
    assert fields["Exec"] == "post-editor %F"
    assert fields["Terminal"] == "false"
    assert "text/markdown" in fields["MimeType"].split(";")
    scripts = {ep.name for ep in importlib.metadata.entry_points(group="console_scripts")}
    assert "post-editor" in scripts  # the name Exec runs is the one the package installs


def test_startup_wm_class_is_what_qt_sets() -> None:
    """Qt's xcb platform sets WM_CLASS from the application name (``DIR_NAME``, set by
    ``create_app``; tests/ui/test_identity.py checks that); docks that go by WM_CLASS
    show the window apart from its launcher unless StartupWMClass says the same."""
    assert entry(DESKTOP_FILE)["StartupWMClass"] == DIR_NAME


def test_metainfo_release_is_the_package_version() -> None:
    root = ET.parse(METAINFO).getroot()
    releases = root.findall("releases/release")
    assert releases, "the metainfo lists no release"
    assert releases[0].get("version") == importlib.metadata.version("post-editor")
    provides = root.find("provides")
    assert provides is not None
    assert provides.findtext("binary") == "post-editor"
    assert provides.findtext("mediatype") == "text/markdown"


@pytest.mark.parametrize("size", ICON_SIZES)
def test_icon_png_has_its_nominal_size(size: int) -> None:
    path = resource_path("icons", "hicolor", f"{size}x{size}", "apps", f"{APP_ID}.png")
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (size, size)
        assert image.mode == "RGBA"
        alpha = image.getchannel("A")
        assert alpha.getextrema() == (0, 255)  # transparent corners around an opaque tile
        centre = image.convert("RGB").getpixel((size // 2, size // 2))
        assert centre != (0, 0, 0)


def test_icon_svg_parses() -> None:
    root = ET.parse(SVG).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 512 512"
    assert root.find("{http://www.w3.org/2000/svg}rect") is not None
    assert "<text" not in SVG.read_text(encoding="utf-8")  # no text to render with a missing font


# Exec quoting


@pytest.mark.parametrize(
    ("program", "written"),
    [
        ("/usr/bin/post-editor", "/usr/bin/post-editor"),
        ("/home/ann/My Apps/post-editor", '"/home/ann/My Apps/post-editor"'),
        ('/opt/a"b/post-editor', '"/opt/a\\\\"b/post-editor"'),
        ("/opt/$HOME/pe", '"/opt/\\\\$HOME/pe"'),
        ("/opt/100%/pe", "/opt/100%%/pe"),
        ("/opt/back\\slash/pe", '"/opt/back\\\\\\\\slash/pe"'),
    ],
)
def test_exec_argument_is_quoted_per_the_spec(program: str, written: str) -> None:
    assert desktop.quote_exec_argument(program) == written


@pytest.mark.parametrize("program", ["", "/opt/pe\n", "/opt/\x00pe"])
def test_exec_argument_that_cannot_be_written_is_refused(program: str) -> None:
    with pytest.raises(PostError):
        desktop.quote_exec_argument(program)


# Installing and uninstalling


def expected_files() -> set[Path]:
    files = {Path("applications", f"{APP_ID}.desktop"), Path("metainfo", f"{APP_ID}.metainfo.xml")}
    files |= {Path("icons", "hicolor", f"{n}x{n}", "apps", f"{APP_ID}.png") for n in ICON_SIZES}
    files.add(Path("icons", "hicolor", "scalable", "apps", f"{APP_ID}.svg"))
    return files


def test_install_puts_every_file_in_place(tmp_path: Path) -> None:
    data_home = tmp_path / "share"  # does not exist yet: install creates it
    installed = desktop.install(data_home)
    assert {p.relative_to(data_home) for p in installed} == expected_files()
    for size in ICON_SIZES:
        rel = ("icons", "hicolor", f"{size}x{size}", "apps", f"{APP_ID}.png")
        assert data_home.joinpath(*rel).read_bytes() == resource_path(*rel).read_bytes()
    assert (data_home / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg").read_bytes() == SVG.read_bytes()
    assert (data_home / "metainfo" / f"{APP_ID}.metainfo.xml").read_bytes() == METAINFO.read_bytes()
    installed_entry = data_home / "applications" / f"{APP_ID}.desktop"
    assert installed_entry.read_bytes() == DESKTOP_FILE.read_bytes()
    manifest = (data_home / desktop.MANIFEST).read_text(encoding="utf-8")
    listed = [line for line in manifest.splitlines() if not line.startswith("#")]
    assert sorted(listed) == sorted(str(p) for p in installed)
    # Nothing but our files, the manifest and the caches the desktop's tools keep.
    assert files_under(data_home) - TOOL_CACHES == expected_files() | {desktop.MANIFEST}


@pytest.mark.parametrize("program", [None, "/opt/post-editor/bin/post-editor", "/home/ann/My Apps/post-editor"])
def test_installed_desktop_file_validates(tmp_path: Path, program: str | None) -> None:
    desktop.install(tmp_path, exec_command=program)
    validate_desktop_file(tmp_path / "applications" / f"{APP_ID}.desktop")


def test_install_with_a_command_rewrites_exec(tmp_path: Path) -> None:
    program = str(tmp_path / "My Apps" / "post-editor")
    desktop.install(tmp_path, exec_command=program)
    installed_entry = tmp_path / "applications" / f"{APP_ID}.desktop"
    assert entry(installed_entry)["Exec"] == f'"{program}" %F'
    text = installed_entry.read_text(encoding="utf-8")
    assert text.count("Exec=") == 1
    assert text.replace(f'Exec="{program}" %F', "Exec=post-editor %F") == DESKTOP_FILE.read_text(encoding="utf-8")


def test_second_install_is_idempotent(tmp_path: Path) -> None:
    first = desktop.install(tmp_path)
    before = {p: (tmp_path / p).read_bytes() for p in files_under(tmp_path) - TOOL_CACHES}
    second = desktop.install(tmp_path)
    after = {p: (tmp_path / p).read_bytes() for p in files_under(tmp_path) - TOOL_CACHES}
    assert second == first
    assert after == before  # same files, same bytes, same manifest, no temporary files left


def test_reinstall_removes_what_an_earlier_install_listed_and_no_longer_ships(tmp_path: Path) -> None:
    desktop.install(tmp_path)
    old_icon = tmp_path / "icons/hicolor/22x22/apps" / f"{APP_ID}.png"
    old_icon.parent.mkdir(parents=True)
    old_icon.write_bytes(b"an icon size an older version installed")
    manifest = tmp_path / desktop.MANIFEST
    manifest.write_text(manifest.read_text(encoding="utf-8") + f"{old_icon}\n", encoding="utf-8")
    desktop.install(tmp_path)
    assert not old_icon.exists() and not old_icon.parent.parent.exists()
    assert str(old_icon) not in manifest.read_text(encoding="utf-8")


def test_uninstall_removes_exactly_what_was_installed(tmp_path: Path) -> None:
    unrelated = tmp_path / "applications" / "someone-else.desktop"
    unrelated.parent.mkdir(parents=True)
    unrelated.write_text("[Desktop Entry]\nType=Application\nName=Else\nExec=else\n", encoding="utf-8")
    other_icon = tmp_path / "icons/hicolor/48x48/apps/else.png"
    other_icon.parent.mkdir(parents=True)
    other_icon.write_bytes(b"not ours")

    installed = desktop.install(tmp_path)
    removed = desktop.uninstall(tmp_path)

    assert sorted(removed) == sorted(installed)
    assert not any(p.exists() for p in installed)
    assert not (tmp_path / desktop.MANIFEST).exists()
    assert not (tmp_path / desktop.MANIFEST).parent.exists()  # the folder it left empty
    assert not (tmp_path / "metainfo").exists()
    assert unrelated.read_text(encoding="utf-8").startswith("[Desktop Entry]")
    assert other_icon.read_bytes() == b"not ours"
    assert files_under(tmp_path) - TOOL_CACHES == {
        Path("applications/someone-else.desktop"),
        Path("icons/hicolor/48x48/apps/else.png"),
    }


def test_uninstall_leaves_no_folder_it_emptied(tmp_path: Path) -> None:
    data_home = tmp_path / "share"
    desktop.install(data_home)
    desktop.uninstall(data_home)
    left = {p.relative_to(data_home) for p in data_home.rglob("*")}
    # At most the desktop database's own cache (shared with other programs) and its folder.
    assert left <= {Path("applications"), Path("applications/mimeinfo.cache")}, sorted(left)


def test_uninstall_ignores_listed_paths_outside_the_data_folder(tmp_path: Path) -> None:
    data_home = tmp_path / "share"
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me", encoding="utf-8")
    desktop.install(data_home)
    manifest = data_home / desktop.MANIFEST
    manifest.write_text(
        manifest.read_text(encoding="utf-8") + f"{outside}\n{data_home}/../precious.txt\n", encoding="utf-8"
    )
    removed = desktop.uninstall(data_home)
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert outside not in removed
    assert {p.relative_to(data_home) for p in removed} == expected_files()


def test_uninstall_without_a_manifest_does_nothing(tmp_path: Path) -> None:
    ours_by_hand = tmp_path / "applications" / f"{APP_ID}.desktop"
    ours_by_hand.parent.mkdir(parents=True)
    ours_by_hand.write_text("[Desktop Entry]\n", encoding="utf-8")
    assert desktop.uninstall(tmp_path) == []
    assert ours_by_hand.exists()  # not listed anywhere, so not ours to remove
    assert files_under(tmp_path) == {Path("applications", f"{APP_ID}.desktop")}


def test_install_failure_is_a_post_error_with_a_message(tmp_path: Path) -> None:
    blocker = tmp_path / "share"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    with pytest.raises(desktop.DesktopInstallError) as caught:
        desktop.install(blocker)
    assert isinstance(caught.value, PostError)
    assert str(blocker) in str(caught.value)


def test_default_data_home_honours_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert desktop.default_data_home() == tmp_path / "data"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")
    assert desktop.default_data_home() == tmp_path / "home" / ".local" / "share"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert desktop.default_data_home() == tmp_path / "home" / ".local" / "share"
