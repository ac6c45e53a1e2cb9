"""Command line entry point: the window by default, headless subcommands for scripts."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="post-editor",
        description="Edit Markdown blog posts with a live preview and a front-matter form.",
    )
    parser.add_argument("path", nargs="?", help="a post to open, or a site folder")
    return parser


def build_window(argv: list[str]) -> MainWindow:
    """Create the application (if needed) and return the shown main window.

    Does not enter the event loop, so tests and scripts can drive the window.
    """
    from editor.ui.app import create_app
    from editor.ui.main_window import MainWindow

    args = _parser().parse_args(argv)
    app = create_app()
    window = MainWindow(settings=app.settings_store)
    if args.path:
        window.open_path(args.path)
    window.show()
    return window


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    window = build_window(args)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert app is not None
    code = app.exec()
    del window
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())
