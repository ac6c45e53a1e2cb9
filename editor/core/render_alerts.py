"""Callouts: GitHub's alerts (``> [!NOTE]``, ``[!TIP]``, ``[!IMPORTANT]``, ``[!WARNING]``,
``[!CAUTION]``), Obsidian's callouts (the same syntax, any type, an optional title,
``+``/``-`` for folding) and Docusaurus' admonitions (``:::tip Title`` or
``:::tip[Title]`` ... ``:::``, nested with longer fences) rendered as the boxes GitHub
draws: a ``div`` with the ``markdown-alert`` classes and a title paragraph, the content
below it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

_MARKER = re.compile(r"^\[!([A-Za-z][\w-]*)\]([+-]?)[ \t]*([^\n]*)(?:\n|$)")
TITLES = {"note": "Note", "tip": "Tip", "important": "Important", "warning": "Warning", "caution": "Caution"}
ALIASES = {"info": "note", "hint": "tip", "success": "tip", "danger": "caution", "error": "caution", "bug": "caution"}
_ADMONITION = re.compile(r"^ {0,3}(:{3,})[ \t]*([A-Za-z][\w-]*)(?:\[([^\]\n]*)\]|[ \t]+([^\n]*))?[ \t]*(?:\n|$)")


def callout_box(parent: ET.Element | None, kind: str, title: str) -> ET.Element:
    """The box of a callout of ``kind`` (an alias or a type of its own is styled as a note)."""
    kind = kind.lower()
    shown = ALIASES.get(kind, kind)
    attributes = {"class": f"markdown-alert markdown-alert-{shown if shown in TITLES else 'note'}"}
    box = ET.Element("div", attributes) if parent is None else ET.SubElement(parent, "div", attributes)
    if kind != shown or shown not in TITLES:
        box.set("data-callout", kind)
    heading = ET.SubElement(box, "p", {"class": "markdown-alert-title"})
    heading.text = title.strip() or TITLES.get(kind, kind.capitalize())  # "Danger" for :::danger
    return box


class AlertProcessor(Treeprocessor):  # type: ignore[misc]  # Markdown has no type hints
    def run(self, root: ET.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "blockquote":
                    alert = self._alert(child)
                    if alert is not None:
                        parent.remove(child)
                        parent.insert(index, alert)

    @staticmethod
    def _alert(quote: ET.Element) -> ET.Element | None:
        first = quote[0] if len(quote) else None
        if first is None or first.tag != "p" or not first.text:
            return None
        match = _MARKER.match(first.text)
        if match is None:
            return None
        box = callout_box(None, match.group(1), match.group(3))
        rest = first.text[match.end() :]
        if rest.strip() or len(first):
            first.text = rest
            box.append(first)
        for element in list(quote)[1:]:
            box.append(element)
        return box


class AdmonitionProcessor(BlockProcessor):  # type: ignore[misc]
    """``:::kind title`` to the ``:::`` line that closes it (as many colons or more)."""

    def test(self, parent: ET.Element, block: str) -> bool:
        return _ADMONITION.match(block) is not None

    def run(self, parent: ET.Element, blocks: list[str]) -> None:
        match = _ADMONITION.match(blocks[0])
        assert match is not None
        fence = match.group(1)
        text, blocks[0] = blocks[0][match.end() :], ""
        blocks.pop(0)
        inner: list[str] = []
        while True:
            lines = text.split("\n")
            end = next((i for i, line in enumerate(lines) if _closing(fence, line)), None)
            if end is not None:
                inner.append("\n".join(lines[:end]))
                rest = "\n".join(lines[end + 1 :])
                if rest.strip():
                    blocks.insert(0, rest)
                break
            inner.append(text)
            if not blocks:
                break  # never closed: the rest of the text is inside, as Docusaurus reads it
            text = blocks.pop(0)
        box = callout_box(parent, match.group(2), match.group(3) or match.group(4) or "")
        self.parser.parseChunk(box, "\n\n".join(inner))


def _closing(fence: str, line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith(fence) and not stripped.strip(":")


class AlertExtension(Extension):  # type: ignore[misc]
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API
        md.treeprocessors.register(AlertProcessor(md), "post_editor_alerts", 25)
        md.parser.blockprocessors.register(AdmonitionProcessor(md.parser), "post_editor_admonitions", 95)


def makeExtension(**kwargs: object) -> AlertExtension:  # noqa: N802 - Markdown's API
    return AlertExtension(**kwargs)
