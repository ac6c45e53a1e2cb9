"""TOML front matter (``+++`` fences) through tomlkit, a style-preserving TOML document."""

from __future__ import annotations

import re
from typing import Any

import tomlkit
from tomlkit.exceptions import ParseError as TOMLParseError
from tomlkit.exceptions import TOMLKitError
from tomlkit.toml_document import TOMLDocument

from editor.core.errors import FrontMatterError
from editor.core.formats_base import FenceHandler, Metadata


class TOMLHandler(FenceHandler):
    name = "toml"
    START_DELIMITER = END_DELIMITER = "+++"
    FM_BOUNDARY = re.compile(r"^\+{3}[ \t]*\r?$", re.MULTILINE)
    OPEN = re.compile(r"\A\+\+\+[ \t]*(?:\r?\n|\r)")
    CLOSE = re.compile(r"^\+\+\+[ \t]*(?:\r?\n|\r|\Z)", re.MULTILINE)
    FIELD = re.compile(r"\s*(?:[\w-]+|\"[^\"\n]*\"|'[^'\n]*')(?:[ \t]*\.[ \t]*[\w-]+)*[ \t]*=")

    def load(self, fm: str) -> Any:
        try:
            return tomlkit.parse(fm)
        except TOMLParseError as exc:
            raise FrontMatterError(_toml_message(exc), exc.line, exc.col) from exc
        except TOMLKitError as exc:
            raise FrontMatterError(f"invalid TOML ({exc})") from exc

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:
        return tomlkit.dumps(metadata)

    def update(self, fm: str, metadata: Metadata, newline: str) -> str:
        original = self.load(fm)
        if isinstance(metadata, TOMLDocument):
            for key in metadata:
                if key in original and _plain(metadata[key]) != _plain(original[key]):
                    restyled = _toml_restyle(_plain(metadata[key]), original[key])
                    if restyled is not None:
                        metadata[key] = restyled
            text = metadata.as_string()
        else:
            doc = original
            for key in [k for k in doc if k not in metadata]:
                del doc[key]
            for key, value in metadata.items():
                if key not in doc:
                    doc[key] = value
                elif _plain(doc[key]) != _plain(value):
                    restyled = _toml_restyle(value, doc[key])
                    doc[key] = value if restyled is None else restyled
            text = doc.as_string()
        if text == fm:
            return fm
        return text if newline == "\n" else re.sub(r"(?<!\r)\n", newline, text)


def _plain(value: Any) -> Any:
    unwrap = getattr(value, "unwrap", None)
    return unwrap() if callable(unwrap) else value


def _toml_restyle(new: Any, old: Any) -> Any:
    """A literal ('...') string stays literal when its new value allows it; else None."""
    if isinstance(new, str) and isinstance(old, tomlkit.items.String):
        literal = old.type in (tomlkit.items.StringType.SLL, tomlkit.items.StringType.MLL)
        if literal and "'" not in new and "\n" not in new:
            return tomlkit.string(new, literal=True)
    return None


def _toml_message(exc: TOMLParseError) -> str:
    text = str(exc)
    return re.sub(r"\s+at line \d+ col \d+$", "", text)
