"""Coloured notices (banners over the editor, the form's notice): one look for both."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QLabel

WARNING = "background: #fff4e5; color: #8a4b00;"
INFO = "background: #ddf4ff; color: #0a3069;"


def show_notice(label: QLabel, rich_text: str, colours: str = WARNING) -> None:
    """Show ``rich_text`` in ``label``; put plain text through ``escape`` first."""
    label.setText(rich_text)
    label.setStyleSheet(f"QLabel {{ {colours} padding: 8px; border-radius: 4px; }}")
    label.show()


def escape(text: str) -> str:
    return html.escape(text, quote=False)
