"""Nested maps and other values the form cannot show, edited as a YAML/TOML/JSON snippet."""

from __future__ import annotations

import io
import json
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSizePolicy, QVBoxLayout, QWidget

from editor.ui.fields import Field


class SnippetField(Field):
    """Nested maps and other values the form cannot show: edited as a snippet."""

    kind = "snippet"

    def __init__(self, key: str, value: Any, fmt: str, parent: QWidget | None = None) -> None:
        super().__init__(key, parent)
        self.fmt = fmt
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)
        self.edit.setObjectName("snippet")
        font = self.edit.font()
        font.setFamily("monospace")
        self.edit.setFont(font)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #d1242f;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.error)
        self._value = value
        self._loading = False
        self.set_value(value)
        self._timer = QTimer(self, singleShot=True, interval=400)
        self._timer.timeout.connect(self._parse)
        self.edit.textChanged.connect(lambda: None if self._loading else self._timer.start())
        self.setFocusProxy(self.edit)

    def _parse(self) -> None:
        try:
            value = parse_snippet(self.edit.toPlainText(), self.fmt)
        except ValueError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.error.hide()
        self._value = value
        self.edited.emit(value)

    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any) -> None:
        self._value = value
        text = dump_snippet(value, self.fmt)
        if text != self.edit.toPlainText():
            self._loading = True
            self.edit.setPlainText(text)
            self._loading = False
        lines = max(2, min(10, text.count("\n") + 1))
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * lines + 14)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)


def dump_snippet(value: Any, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(value, ensure_ascii=False, indent=2)
    if fmt == "toml":
        import tomlkit

        unwrapped = value.unwrap() if hasattr(value, "unwrap") else value
        return (
            json.dumps(unwrapped, ensure_ascii=False, default=str)
            if not isinstance(unwrapped, dict)
            else tomlkit.dumps(unwrapped).rstrip("\n")
        )
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.width = 1 << 30
    out = io.StringIO()
    y.dump(value, out)
    text = out.getvalue()
    return text[:-5] if text.endswith("\n...\n") else text.rstrip("\n")


def parse_snippet(text: str, fmt: str) -> Any:
    if fmt == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"Line {exc.lineno}: {exc.msg}") from exc
    if fmt == "toml":
        import tomlkit

        try:
            return tomlkit.parse(text)
        except Exception as exc:  # noqa: BLE001 - tomlkit raises several kinds
            raise ValueError(str(exc)) from exc
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="rt").load(text)
    except YAMLError as exc:
        raise ValueError(str(exc).splitlines()[0]) from exc
