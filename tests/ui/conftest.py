"""UI fixtures: one application for the session, a fresh window per test."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")

from editor.ui.app import create_app  # noqa: E402
from editor.ui.settings_store import SettingsStore  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample-site"


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Index caches go to a temporary folder, not the user's cache."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(autouse=True)
def private_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test has its own recovery journal folder."""
    monkeypatch.setenv("POST_EDITOR_STATE", str(tmp_path / "state"))


@pytest.fixture(scope="session")
def qapp(tmp_path_factory: pytest.TempPathFactory) -> Any:
    settings = SettingsStore.in_file(str(tmp_path_factory.mktemp("settings") / "session.ini"))
    return create_app(["post-editor-tests"], settings=settings)


@pytest.fixture
def settings(tmp_path: Path) -> SettingsStore:
    return SettingsStore.in_file(str(tmp_path / "settings.ini"))


@pytest.fixture
def make_window(qapp: Any, qtbot: Any, settings: SettingsStore) -> Iterator[Callable[..., Any]]:
    from editor.ui.main_window import MainWindow

    windows: list[MainWindow] = []

    def make(
        path: str | Path | None = None, store: SettingsStore | None = None, timeout: int = 15000, settle: bool = True
    ) -> MainWindow:
        # Not qtbot.addWidget: pytest-qt would close it before this fixture can
        # clear unsaved changes, and the unsaved-changes prompt would wait forever.
        window = MainWindow(settings=store or settings)
        window.show()
        windows.append(window)
        if path is not None:
            assert window.files.open_path(path)
        qtbot.waitUntil(window.preview.is_ready, timeout=timeout)
        if settle:  # the whole post previewed
            qtbot.waitUntil(window.preview.is_current, timeout=timeout)
        return window

    yield make
    for window in windows:
        for document in window.documents:  # nothing left to prompt about
            document.text_document.setModified(False)
            document._fields_dirty = False
            document.source_draft = None
        window.close()
        window.preview.teardown()


@pytest.fixture
def sample_site(tmp_path: Path) -> Path:
    """A writable copy of the bundled sample site."""
    import shutil

    target = tmp_path / "site"
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns("node_modules"))
    return target


def js(qtbot: Any, preview: Any, script: str, timeout: int = 10000) -> Any:
    """Run ``script`` in the preview's isolated world and return its result."""
    box: dict[str, Any] = {}
    preview.evaluate(script, lambda result: box.setdefault("r", result))
    qtbot.waitUntil(lambda: "r" in box, timeout=timeout)
    return box["r"]


def wait_preview(qtbot: Any, window: Any, timeout: int = 15000) -> None:
    """Wait until the preview shows the editor's current text."""
    qtbot.waitUntil(
        lambda: (
            not window.preview_driver.is_waiting()
            and window.preview.is_current()
            and window.preview._text == window.document.body_text()
        ),
        timeout=timeout,
    )


def type_text(qtbot: Any, widget: Any, text: str) -> None:
    """Type like a person: a key press per character (emoji included), Return for newlines."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        if ch == "\n":
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        elif ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def answer_box(button: Any, name: str | None = None, seen: list[str] | None = None) -> None:
    """Click ``button`` on the next message box (the one named ``name``, if given) when it
    opens; its text goes to ``seen``."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def look() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and (name is None or box.objectName() == name):
            if seen is not None:
                seen.append(box.text())
            box.button(button).click()
        else:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)


def answer_text(text: str) -> None:
    """Type ``text`` into the next input dialog when it opens, and accept it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QInputDialog):
            dialog.setTextValue(text)
            dialog.accept()
        else:
            QTimer.singleShot(20, fill)

    QTimer.singleShot(0, fill)
